// Package report builds the ward's official report on the CCHC
// communication plan ("Báo cáo kết quả công tác tuyên truyền cải cách hành
// chính") for any period, from the activity records: a DOCX in the layout of
// Decree 30/2020/NĐ-CP, and an XLSX annex listing every activity.
package report

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/cchc-vn/cchc/internal/activity"
	"github.com/cchc-vn/cchc/internal/check"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/exemplar"
	"github.com/cchc-vn/cchc/internal/figures"
	"github.com/cchc-vn/cchc/internal/plan"
	"github.com/cchc-vn/cchc/internal/remind"
	"github.com/cchc-vn/cchc/internal/survey"
	"github.com/cchc-vn/cchc/internal/vn"
	"github.com/cchc-vn/cchc/internal/ward"
)

// Row is one line of a results table.
type Row struct {
	Label      string
	Activities int64
	Quantity   int64
	People     int64
	Cost       int64
	Reports    string // units only: "5/6" reported on time
	KhuPho     bool   // a khu phố: its line is in the annex, the document sums them
}

// Item is one activity, for the annex and the exemplary models.
type Item struct {
	HeldOn      string
	Unit        string
	Channel     string
	Themes      string
	Place       string
	Quantity    int64
	QtyUnit     string
	People      int64
	Cost        int64
	Description string
	Link        string
	Evidence    int
	themes      []string
}

// Narrative is the editable text of the report, prefilled from the records.
type Narrative struct {
	Number       string // "   /BC-UBND": the number is given when the report is registered
	RecipientTo  string // Kính gửi
	Direction    string // I.1 công tác chỉ đạo, triển khai
	Models       string // I.5 gương điển hình, cách làm hay
	Shortcomings string // II
	NextSteps    string // III
	Proposals    string // IV
	SignerTitle  string
	SignerName   string
	Recipients   string // one per line
}

// Validate cleans nothing (the caller cleans) and checks the lengths: the
// number and the signer are required.
func (n Narrative) Validate() error {
	e := check.Errors{}
	for _, x := range []struct{ k, v, label string }{{"number", n.Number, "Số, ký hiệu"}, {"signer_title", n.SignerTitle, "Chức vụ người ký"}, {"signer_name", n.SignerName, "Họ tên người ký"}} {
		e.Text(x.k, x.v, true, 100, x.label)
	}
	for _, x := range []struct{ k, v string }{{"direction", n.Direction}, {"models", n.Models}, {"shortcomings", n.Shortcomings}, {"next_steps", n.NextSteps}, {"proposals", n.Proposals}, {"recipients", n.Recipients}, {"recipient_to", n.RecipientTo}} {
		e.Text(x.k, x.v, false, 10000, "Nội dung")
	}
	return e.Err()
}

// Report is everything the document says.
type Report struct {
	Ward        *ward.Ward
	Plan        *plan.Plan
	From, To    string // YYYY-MM-DD
	PeriodLabel string // "6 tháng cuối năm 2025", "tháng 7 năm 2025" …
	Date        time.Time
	Figures     *figures.Set // as of Date
	Total       Row
	ByTheme     []Row
	ByChannel   []Row
	ByUnit      []Row
	KhuPho      int
	Reached     int
	Silent      []string // khu phố with no activity in the period
	Reminders   int
	Exemplars   []*exemplar.Exemplar // approved for the honour roll in the period
	Surveys     []*survey.Results    // awareness surveys with a wave in the period, as of Date
	Items       []Item
	Narrative   Narrative
}

// Build gathers the report of a ward for from..to (YYYY-MM-DD), dated date:
// the figures of the range as of that day. The plan is the one in force or
// closed whose period meets the range.
func Build(ctx context.Context, q db.Querier, w *ward.Ward, from, to string, date time.Time) (*Report, error) {
	rg, err := activity.ParseRange(from, to)
	if err != nil {
		return nil, err
	}
	p, err := plan.ForRange(ctx, q, w.ID, from, to)
	if errors.Is(err, db.ErrNotFound) {
		return nil, check.Errors{"from": "Không có kế hoạch nào đã ban hành trong kỳ này."}
	}
	if err != nil {
		return nil, err
	}
	units, err := ward.Units(ctx, q, w.ID)
	if err != nil {
		return nil, err
	}
	set, err := figures.For(ctx, q, p, units, rg, date)
	if err != nil {
		return nil, err
	}
	r := &Report{Ward: w, Plan: p, From: from, To: to, Date: date, Figures: set, PeriodLabel: periodLabel(p, from, to)}
	r.tables(units)
	if r.Reminders, err = remind.Count(ctx, q, p.ID, from, to); err != nil {
		return nil, err
	}
	acts, err := activity.InRange(ctx, q, w.ID, rg)
	if err != nil {
		return nil, err
	}
	for _, a := range acts {
		r.Items = append(r.Items, Item{HeldOn: a.HeldOn, Unit: a.UnitName, Channel: a.ChannelName, Themes: strings.Join(a.Themes, ", "), Place: a.PlaceName,
			Quantity: int64(a.Quantity), QtyUnit: a.QuantityUnit, People: int64(a.People), Cost: a.Cost, Description: a.Description, Link: a.Link,
			Evidence: a.EvidenceCount, themes: a.Themes})
	}
	exs, err := exemplar.List(ctx, q, w.ID, exemplar.Approved)
	if err != nil {
		return nil, err
	}
	for _, ex := range exs {
		if d := ex.DecidedAt.In(vn.Zone).Format(time.DateOnly); d >= from && !ex.DecidedAt.After(date) {
			r.Exemplars = append(r.Exemplars, ex)
		}
	}
	if r.Surveys, err = survey.InRange(ctx, q, w.ID, from, to, date); err != nil {
		return nil, err
	}
	r.Narrative = r.defaults()
	return r, nil
}

func row(f activity.Figure) Row {
	return Row{Label: f.Label, Activities: f.Activities, Quantity: f.Quantity, People: f.People, Cost: f.Cost}
}

// tables lays the figures out as the document's tables: themes and
// channels in the plan's order; units in the ward's order, every one, a
// khu phố that did nothing with its zeros (so that a gap shows).
func (r *Report) tables(units []*ward.Unit) {
	st := r.Figures.Activities
	r.Total, r.KhuPho, r.Reached = row(st.Total), st.KhuPho, st.Reached
	for _, f := range st.ByTheme {
		r.ByTheme = append(r.ByTheme, row(f))
	}
	for _, f := range st.ByChannel {
		r.ByChannel = append(r.ByChannel, row(f))
	}
	for _, u := range units {
		f := st.Unit(u.ID)
		x := row(f)
		x.Label, x.KhuPho = u.Name, u.Kind == ward.KindKhuPho
		x.Reports = r.Figures.ByUnit[u.ID].String()
		r.ByUnit = append(r.ByUnit, x)
	}
	for _, f := range st.Silent() {
		r.Silent = append(r.Silent, f.Label)
	}
}

// periodLabel names the period the way reports do.
func periodLabel(p *plan.Plan, from, to string) string {
	if from == p.PeriodStart && to == p.PeriodEnd && p.PeriodLabel != "" {
		return p.PeriodLabel
	}
	f, _ := time.Parse(time.DateOnly, from)
	t, _ := time.Parse(time.DateOnly, to)
	wholeMonths := f.Day() == 1 && t.AddDate(0, 0, 1).Day() == 1
	months := (t.Year()-f.Year())*12 + int(t.Month()-f.Month()) + 1
	year := strconv.Itoa(f.Year())
	switch {
	case wholeMonths && months == 1:
		return "tháng " + strconv.Itoa(int(f.Month())) + " năm " + year
	case wholeMonths && months == 3 && (f.Month()-1)%3 == 0:
		return "quý " + [...]string{"I", "II", "III", "IV"}[(f.Month()-1)/3] + " năm " + year
	case wholeMonths && months == 6 && f.Month() == 1:
		return "6 tháng đầu năm " + year
	case wholeMonths && months == 6 && f.Month() == 7:
		return "6 tháng cuối năm " + year
	case wholeMonths && months == 12 && f.Month() == 1:
		return "năm " + year
	}
	return "từ ngày " + vn.ISODate(from) + " đến ngày " + vn.ISODate(to)
}

// defaults prefills the narrative from the records; officials edit it.
func (r *Report) defaults() Narrative {
	p := r.Plan
	n := Narrative{Number: "      /BC-UBND", RecipientTo: "Ủy ban nhân dân Thành phố Hồ Chí Minh", SignerTitle: p.SignerTitle, SignerName: p.SignerName}
	lead := "các đơn vị"
	units := map[string]bool{}
	for _, s := range p.Sections {
		for _, t := range s.Tasks {
			for _, a := range t.Assignments {
				units[a.UnitName] = true
				if a.UnitID == p.LeadUnitID && p.LeadUnitID != 0 {
					lead = a.UnitName
				}
			}
		}
	}
	n.Direction = "Ủy ban nhân dân phường ban hành Kế hoạch số " + p.Number + " ngày " + vn.ISODate(p.IssuedOn) + " về " + vn.LowerFirst(p.Title) +
		", phân công nhiệm vụ cụ thể cho " + strconv.Itoa(len(units)) + " đơn vị và khu phố; giao " + lead + " chủ trì, hướng dẫn, kiểm tra, đôn đốc việc thực hiện."
	if r.Reminders > 0 {
		n.Direction += " Trong kỳ, đã gửi " + strconv.Itoa(r.Reminders) + " văn bản đôn đốc các đơn vị thực hiện và báo cáo."
	}
	// Exemplary models: those the ward approved for its honour roll.
	var lines []string
	for _, ex := range r.Exemplars {
		l := "- " + ex.Name
		if ex.UnitName != "" {
			l += " (" + ex.UnitName + ")"
		}
		l += ": " + strings.TrimSuffix(ex.Achievement, ".") + "."
		if ex.Results != "" {
			l += " " + strings.TrimSuffix(ex.Results, ".") + "."
		}
		lines = append(lines, l)
	}
	if len(lines) == 0 {
		lines = append(lines, "Trong kỳ chưa có gương điển hình, cách làm hay được Ủy ban nhân dân phường công nhận.")
	}
	n.Models = strings.Join(lines, "\n")
	var short []string
	if len(r.Silent) > 0 {
		short = append(short, "- "+strconv.Itoa(len(r.Silent))+"/"+strconv.Itoa(r.KhuPho)+" khu phố chưa ghi nhận hoạt động tuyên truyền trong kỳ: "+listNames(r.Silent)+".")
	}
	var idle []string
	for _, c := range r.ByChannel {
		if c.Activities == 0 {
			idle = append(idle, vn.LowerFirst(c.Label))
		}
	}
	if len(idle) > 0 {
		short = append(short, "- Chưa triển khai hình thức: "+strings.Join(idle, "; ")+".")
	}
	var late []string
	for _, u := range r.ByUnit {
		if a, b, ok := strings.Cut(u.Reports, "/"); ok && a != b {
			late = append(late, u.Label)
		}
	}
	if len(late) > 0 {
		short = append(short, "- Đơn vị, khu phố chưa báo cáo định kỳ đúng hạn: "+listNames(late)+".")
	}
	if k := r.Figures.Tasks.Of(plan.Overdue); k > 0 {
		short = append(short, "- Tính đến ngày "+r.Figures.AsOfLabel()+", còn "+strconv.Itoa(k)+" lượt nhiệm vụ quá hạn chưa hoàn thành.")
	}
	if len(short) == 0 {
		short = append(short, "Không có tồn tại, hạn chế đáng kể.")
	}
	n.Shortcomings = strings.Join(short, "\n")
	n.NextSteps = "- Tiếp tục triển khai các nội dung của Kế hoạch số " + p.Number + "; tập trung tuyên truyền tại các khu phố chưa có hoạt động.\n" +
		"- Đẩy mạnh hướng dẫn người dân sử dụng dịch vụ công trực tuyến, thanh toán trực tuyến.\n" +
		"- Các đơn vị, khu phố ghi nhận hoạt động và gửi báo cáo định kỳ đúng hạn."
	n.Proposals = "Đề nghị cấp trên tiếp tục cung cấp tài liệu, pa-nô, áp phích tuyên truyền cải cách hành chính và hỗ trợ kinh phí cho công tác tuyên truyền tại khu phố."
	n.Recipients = strings.Join([]string{"Như trên;", "Sở Nội vụ Thành phố;", "TT. HĐND - UBND Phường;", "UBMTTQVN và các đoàn thể Phường;", "Các phòng, ban, đơn vị phường;", "Lưu: VT, VHXH."}, "\n")
	return n
}

// listNames names every one, never "và 51 nơi khác": a run of khu phố is
// written once with their numbers ("Khu phố 3, 7, 12"), as wards write it.
func listNames(names []string) string {
	const kp = "Khu phố "
	var out, nums []string
	flush := func() {
		if len(nums) > 0 {
			out = append(out, kp+strings.Join(nums, ", "))
			nums = nil
		}
	}
	for _, n := range names {
		if rest, ok := strings.CutPrefix(n, kp); ok {
			nums = append(nums, rest)
			continue
		}
		flush()
		out = append(out, n)
	}
	flush()
	return strings.Join(out, "; ")
}
