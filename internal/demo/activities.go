package demo

import (
	"context"
	"errors"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/cchc-vn/cchc/internal/account"
	"github.com/cchc-vn/cchc/internal/activity"
	"github.com/cchc-vn/cchc/internal/audit"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/notice"
	"github.com/cchc-vn/cchc/internal/plan"
	"github.com/cchc-vn/cchc/internal/unitreport"
	"github.com/cchc-vn/cchc/internal/vn"
	"github.com/cchc-vn/cchc/internal/ward"
)

// What each kind of activity looks like: channel, themes, quantity unit and
// a few descriptions written the way officials write them.
type kind struct {
	channel  string
	themes   [][]string
	qtyUnit  string
	qty      [2]int // min, max
	people   [2]int
	cost     [2]int // in thousands of đồng
	descs    []string
	place    string // named place when not in a khu phố
	inKhuPho bool   // held in a khu phố (counts for coverage)
}

var (
	meetingKind = kind{channel: "hoi-nghi", themes: [][]string{{"2", "3"}, {"3"}, {"2", "5"}, {"1", "2"}}, qtyUnit: "buổi", qty: [2]int{1, 1}, people: [2]int{35, 130}, cost: [2]int{0, 300},
		descs: []string{"Lồng ghép nội dung CCHC trong buổi họp khu phố định kỳ.", "Hướng dẫn người dân nộp hồ sơ, thanh toán phí trực tuyến tại buổi họp dân.",
			"Phổ biến việc tra cứu thủ tục hành chính bằng mã QR tại buổi họp tổ dân phố.", "Họp khu phố, lấy ý kiến người dân về chất lượng giải quyết thủ tục hành chính."}, inKhuPho: true}
	loudspeaker = kind{channel: "loa", themes: [][]string{{"3"}, {"2"}, {"2", "3"}}, qtyUnit: "lượt phát loa", qty: [2]int{3, 8}, people: [2]int{0, 400},
		descs: []string{"Phát loa di động về dịch vụ công trực tuyến toàn trình.", "Phát loa hướng dẫn đăng ký, kích hoạt tài khoản định danh điện tử VNeID.",
			"Phát loa thông tin thủ tục cấp giấy khai sinh, đăng ký thường trú trực tuyến."}, inKhuPho: true}
	banner = kind{channel: "truc-quan", themes: [][]string{{"1"}, {"1", "3"}}, qtyUnit: "băng-rôn, khẩu hiệu", qty: [2]int{1, 3}, people: [2]int{0, 0}, cost: [2]int{150, 600},
		descs: []string{"Treo băng-rôn tuyên truyền cải cách hành chính tại khu phố.", "Dán áp phích hướng dẫn dịch vụ công trực tuyến tại nhà sinh hoạt cộng đồng."}, inKhuPho: true}
	association = kind{channel: "doan-the", themes: [][]string{{"5", "3"}, {"3"}}, qtyUnit: "buổi", qty: [2]int{1, 1}, people: [2]int{15, 60},
		descs: []string{"Sinh hoạt chi hội, vận động hội viên sử dụng dịch vụ công trực tuyến.", "Chi đoàn hỗ trợ người cao tuổi cài đặt ứng dụng Công dân số."}, inKhuPho: true}
	portalPost = kind{channel: "cong-ttdt-mxh", themes: [][]string{{"2"}, {"3"}, {"1", "2"}, {"4"}}, qtyUnit: "tin, bài", qty: [2]int{1, 3}, people: [2]int{300, 3500},
		descs: []string{"Đăng tin hướng dẫn thủ tục hành chính trên Cổng thông tin điện tử phường.", "Chia sẻ bài viết về dịch vụ công trực tuyến trên Zalo OA và Fanpage của phường.",
			"Đăng video clip hướng dẫn nộp hồ sơ trực tuyến trên Fanpage phường."}, place: "Cổng thông tin điện tử và Zalo OA phường"}
	counter = kind{channel: "hoi-nghi", themes: [][]string{{"2", "3"}, {"3"}}, qtyUnit: "buổi", qty: [2]int{1, 1}, people: [2]int{20, 70},
		descs: []string{"Hướng dẫn trực tiếp người dân nộp hồ sơ trực tuyến tại quầy.", "Tổ hỗ trợ dịch vụ công trực tuyến hướng dẫn người dân tại Trung tâm."}, place: "Trung tâm Phục vụ hành chính công phường"}
	police = kind{channel: "hoi-nghi", themes: [][]string{{"3"}, {"3", "4"}, {"2"}}, qtyUnit: "buổi", qty: [2]int{1, 1}, people: [2]int{30, 150},
		descs: []string{"Tổ định danh điện tử lưu động hỗ trợ người cao tuổi kích hoạt VNeID tại nhà.", "Lồng ghép hướng dẫn đăng ký cư trú trực tuyến trong buổi họp dân.",
			"Tuyên truyền thủ tục cư trú trên Cổng dịch vụ công quốc gia."}, inKhuPho: true}
	praise = kind{channel: "thi-dua", themes: [][]string{{"1", "4"}, {"4"}}, qtyUnit: "cuộc thi", qty: [2]int{1, 1}, people: [2]int{400, 1200}, cost: [2]int{3000, 8000},
		descs: []string{"Tổ chức cuộc thi trực tuyến tìm hiểu về cải cách hành chính; khen thưởng tập thể, cá nhân có cách làm hay.",
			"Biểu dương mô hình “Zalo khu phố” giải đáp thủ tục hành chính cho người dân."}, place: "Hội trường Ủy ban nhân dân phường"}
	school = kind{channel: "doan-the", themes: [][]string{{"3"}, {"5"}}, qtyUnit: "buổi", qty: [2]int{1, 1}, people: [2]int{40, 300},
		descs: []string{"Lồng ghép nội dung CCHC trong buổi họp phụ huynh học sinh.", "Tuyên truyền cho cán bộ, viên chức về dịch vụ công trực tuyến."}, place: "Trường học, trạm y tế trên địa bàn"}
)

// unitPlan says how often a unit does each kind of activity per month.
type unitPlan struct {
	code  string
	kinds []kind
	per   []float64 // expected activities per month, per kind
}

var unitPlans = []unitPlan{
	{"vp-hdnd-ubnd", []kind{portalPost}, []float64{20}},
	{"vh-xh", []kind{portalPost, loudspeaker, praise}, []float64{4, 3, 0.35}},
	{"tt-pvhcc", []kind{counter, banner}, []float64{8, 0.5}},
	{"cong-an", []kind{police}, []float64{10}},
	{"ubmttq", []kind{association, meetingKind}, []float64{3, 1}},
	{"hoi-phu-nu", []kind{association}, []float64{4}},
	{"doan-thanh-nien", []kind{association, portalPost}, []float64{4, 2}},
	{"hoi-ccb", []kind{association}, []float64{2}},
	{"truong-hoc", []kind{school}, []float64{2}},
	{"tram-y-te", []kind{school}, []float64{1}},
}

// draw returns how many of something happen in a month with this mean.
func draw(r *rand.Rand, mean float64) int {
	n := int(mean)
	if r.Float64() < mean-float64(n) {
		n++
	}
	if n > 1 && r.IntN(4) == 0 { // busier and quieter months
		n += r.IntN(3) - 1
	}
	return n
}

func between(r *rand.Rand, b [2]int) int {
	if b[1] <= b[0] {
		return b[0]
	}
	return b[0] + r.IntN(b[1]-b[0]+1)
}

// activities records what units and khu phố did over the current plan's
// period, without evidence files; khu phố 1 and 2 are left for visitors.
func activities(ctx context.Context, tx *db.Tx, w *ward.Ward, lead *account.User, size Size) error {
	p, err := plan.Get(ctx, tx, w.ID, mustCurrent(ctx, tx, w.ID))
	if errors.Is(err, db.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	end, _ := time.ParseInLocation(time.DateOnly, p.PeriodEnd, vn.Zone)
	r := rand.New(rand.NewPCG(88, 27427)) // fixed seed: the same demo every time
	units, err := record(ctx, tx, w, lead, p, size, r, end, end.AddDate(0, 0, 10))
	if err != nil {
		return err
	}
	if size == Full {
		if err := reports(ctx, tx, w, lead, p, units, r, end.AddDate(0, 0, 10)); err != nil {
			return err
		}
		// The lead unit has read the submissions of the past half-year.
		return notice.Settle(ctx, tx, w.ID)
	}
	return nil
}

// record loads a plan's activities from its first month to until (a day
// within it), as recorded by now, and its budgets; it returns the units.
func record(ctx context.Context, tx *db.Tx, w *ward.Ward, lead *account.User, p *plan.Plan, size Size, r *rand.Rand, until, now time.Time) ([]*ward.Unit, error) {
	units, err := ward.Units(ctx, tx, w.ID)
	if err != nil {
		return nil, err
	}
	byCode := map[string]*ward.Unit{}
	var khuPho []*ward.Unit
	for _, u := range units {
		byCode[u.Code] = u
		if u.Kind == ward.KindKhuPho && u.Code != "kp-01" && u.Code != "kp-02" {
			khuPho = append(khuPho, u)
		}
	}
	scale := 1.0
	if size == Light {
		scale, khuPho = 0.1, khuPho[:12]
	}
	last := until.Format(time.DateOnly)
	var inputs []activity.Input
	add := func(u *ward.Unit, k kind, month time.Time, place *ward.Unit) {
		days := month.AddDate(0, 1, -1).Day()
		day := month.AddDate(0, 0, r.IntN(days))
		if day.Format(time.DateOnly) > last {
			return // not yet happened
		}
		in := activity.Input{UnitID: u.ID, HeldOn: day.Format("02/01/2006"), ChannelCode: k.channel,
			Themes: k.themes[r.IntN(len(k.themes))], Quantity: strconv.Itoa(between(r, k.qty)), QuantityUnit: k.qtyUnit,
			People: strconv.Itoa(between(r, k.people)), Cost: strconv.Itoa(between(r, k.cost) * 1000), Description: k.descs[r.IntN(len(k.descs))]}
		if k.channel == "cong-ttdt-mxh" {
			in.Link = "https://phudinh.example/tin-tuc/" + strconv.Itoa(1000+len(inputs))
		}
		switch {
		case place != nil:
			in.PlaceUnitID = place.ID
		case k.inKhuPho:
			in.PlaceUnitID = khuPho[r.IntN(len(khuPho))].ID
		default:
			in.PlaceName = k.place
		}
		inputs = append(inputs, in)
	}
	start, _ := time.Parse(time.DateOnly, p.PeriodStart[:7]+"-01")
	for m := start; m.Format(time.DateOnly) <= last; m = m.AddDate(0, 1, 0) {
		// A few khu phố fall silent some months: the coverage grid shows them.
		silent := map[int]bool{}
		for i := 0; i < 2+int(m.Month())%4; i++ {
			silent[r.IntN(len(khuPho))] = true
		}
		for i, kp := range khuPho {
			if silent[i] {
				continue
			}
			for _, x := range []struct {
				k    kind
				mean float64
			}{{meetingKind, 1.2}, {loudspeaker, 5.5}, {banner, 0.3}, {association, 0.8}} {
				for n := draw(r, x.mean); n > 0; n-- {
					add(kp, x.k, m, kp)
				}
			}
		}
		for _, up := range unitPlans {
			u := byCode[up.code]
			if u == nil {
				continue
			}
			for i, k := range up.kinds {
				for n := draw(r, up.per[i]*scale); n > 0; n-- {
					add(u, k, m, nil)
				}
			}
		}
	}
	if err := activity.LoadBulk(ctx, tx, lead, p, inputs, now); err != nil {
		return nil, err
	}
	return units, budgets(ctx, tx, w, lead, p, byCode)
}

func mustCurrent(ctx context.Context, q db.Querier, wardID int64) int64 {
	p, err := plan.Current(ctx, q, wardID)
	if err != nil {
		return 0
	}
	return p.ID
}

// budgets plans funds for the departments that spend on the plan.
func budgets(ctx context.Context, tx *db.Tx, w *ward.Ward, lead *account.User, p *plan.Plan, byCode map[string]*ward.Unit) error {
	names, values := map[int64]string{}, map[int64]string{}
	for code, amount := range map[string]string{"vh-xh": "25.000.000", "vp-hdnd-ubnd": "8.000.000", "tt-pvhcc": "6.000.000", "cong-an": "4.000.000",
		"ubmttq": "5.000.000", "doan-thanh-nien": "3.000.000", "hoi-phu-nu": "2.000.000"} {
		if u := byCode[code]; u != nil {
			names[u.ID], values[u.ID] = u.Name, amount
		}
	}
	return plan.SetBudgets(ctx, tx, lead, audit.Actor{WardID: w.ID, UserID: lead.ID, Username: lead.Username, IP: "demo"}, p, names, values)
}

// reports has most units report each period due by now, some late, a few
// returned, and leaves gaps, as the lead unit would find them.
func reports(ctx context.Context, tx *db.Tx, w *ward.Ward, lead *account.User, p *plan.Plan, units []*ward.Unit, r *rand.Rand, now time.Time) error {
	actor := audit.Actor{WardID: w.ID, UserID: lead.ID, Username: lead.Username, IP: "demo"}
	owed := map[int64]bool{}
	for _, id := range plan.ReportingUnits(p) {
		owed[id] = true
	}
	var periods []plan.Period
	for _, per := range plan.Periods(p) {
		if per.DueOn <= now.Format(time.DateOnly) {
			periods = append(periods, per)
		}
	}
	for _, u := range units {
		if !owed[u.ID] || u.Code == "kp-01" || u.Code == "kp-02" || u.Code == "vp-hdnd-ubnd" {
			continue // left for the demonstration accounts to submit
		}
		for i, per := range periods {
			x := r.IntN(100)
			last := i == len(periods)-1
			if x < 8 || last && x < 55 {
				continue // not reported
			}
			due, _ := time.ParseInLocation(time.DateOnly, per.DueOn, vn.Zone)
			at := due.AddDate(0, 0, -r.IntN(5)).Add(9 * time.Hour)
			if x < 28 {
				at = due.AddDate(0, 0, 1+r.IntN(9)).Add(9 * time.Hour) // late
			}
			if at.After(now) {
				continue // would be late, and is not in yet
			}
			text := "Đơn vị đã triển khai các nội dung tuyên truyền theo kế hoạch; " + notes[r.IntN(len(notes))]
			rep, err := unitreport.Submit(ctx, tx, lead, actor, p, u.ID, per.Code, text, at)
			if err != nil {
				return err
			}
			if last && x < 75 || at.Add(48*time.Hour).After(now) {
				continue // waiting for review
			}
			accept := x%9 != 0
			comment := ""
			if !accept {
				comment = "Đề nghị bổ sung số lượt người được tuyên truyền."
			}
			if _, err := unitreport.Review(ctx, tx, lead, actor, p, rep.ID, accept, comment, at.Add(48*time.Hour)); err != nil {
				return err
			}
		}
	}
	return nil
}
