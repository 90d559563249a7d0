package contest_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/unicode/norm"

	"github.com/cchc-vn/cchc/internal/account"
	"github.com/cchc-vn/cchc/internal/audit"
	"github.com/cchc-vn/cchc/internal/check"
	"github.com/cchc-vn/cchc/internal/contest"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/db/dbtest"
	"github.com/cchc-vn/cchc/internal/notice"
	"github.com/cchc-vn/cchc/internal/plan"
	"github.com/cchc-vn/cchc/internal/seed"
	"github.com/cchc-vn/cchc/internal/vn"
	"github.com/cchc-vn/cchc/internal/ward"
)

func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, vn.Zone)
	if err != nil {
		panic(err)
	}
	return t
}

// texts records the codes sent, as a provider's inbox would show them.
type texts struct {
	mu   sync.Mutex
	sent []notice.Text
}

func (x *texts) SendText(ctx context.Context, t notice.Text) error {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.sent = append(x.sent, t)
	return nil
}

func (x *texts) last(t testing.TB, phone string) string {
	x.mu.Lock()
	defer x.mu.Unlock()
	for i := len(x.sent) - 1; i >= 0; i-- {
		if x.sent[i].Phone == phone {
			return x.sent[i].Params["otp"]
		}
	}
	t.Fatalf("no code sent to %s", phone)
	return ""
}

type fixture struct {
	t        testing.TB
	d        *db.DB
	ctx      context.Context
	ward     *ward.Ward
	plan     *plan.Plan
	themes   map[string]string
	units    map[int64]string
	khuPho   []*ward.Unit
	organ    *account.User // the lead unit's officer, who organises
	leader   *account.User
	texts    *texts
	contest  *contest.Contest
	channels map[string]string
}

func (f *fixture) actor(u *account.User) audit.Actor {
	return audit.Actor{WardID: f.ward.ID, UserID: u.ID, Username: u.Username}
}

func newFixture(t testing.TB, d *db.DB) *fixture {
	ctx := context.Background()
	if _, err := seed.Load(ctx, d); err != nil {
		t.Fatal(err)
	}
	w, _ := ward.ByCode(ctx, d, "27427")
	p, err := plan.Current(ctx, d, w.ID)
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{t: t, d: d, ctx: ctx, ward: w, plan: p, themes: map[string]string{}, units: map[int64]string{}, channels: map[string]string{}, texts: &texts{}}
	for _, th := range p.Themes {
		f.themes[th.Code] = th.Title
	}
	for _, c := range p.Channels {
		f.channels[c.Code] = c.Name
	}
	units, _ := ward.Units(ctx, d, w.ID)
	var lead int64
	for _, u := range units {
		f.units[u.ID] = u.Name
		if u.Kind == ward.KindKhuPho {
			f.khuPho = append(f.khuPho, u)
		}
		if u.Code == "vh-xh" || (lead == 0 && u.Kind == ward.KindDepartment) {
			lead = u.ID
		}
	}
	mk := func(name string, role account.Role, unit int64) *account.User {
		u, err := account.Create(ctx, d, w.ID, account.NewUser{Username: name, FullName: name, Role: role, UnitID: unit, Password: "mat-khau-du-dai"})
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	f.organ = mk("vhxh", account.RoleLeadOfficer, lead)
	f.leader = mk("lanhdao", account.RoleLeader, 0)
	yes := true
	id, err := contest.SaveContest(ctx, d, f.organ, f.actor(f.organ), 0, contest.ContestInput{Title: "Cuộc thi trực tuyến tìm hiểu về cải cách hành chính năm 2025",
		Rules: "Mỗi người dự thi trả lời 5 câu hỏi.", Scope: contest.ScopeWard, MinAge: 15, RetentionDays: 180, UnitID: lead, ChannelCode: "thi-dua",
		ExcludeOfficials: &yes}, f.units, f.channels, at("2025-10-01 08:00"))
	if err != nil {
		t.Fatal(err)
	}
	f.contest, _ = contest.Get(ctx, d, w.ID, id)
	return f
}

// bank writes n questions of a theme and a difficulty; the first option is right.
func (f *fixture) bank(n int, theme string, level int) []int64 {
	var ids []int64
	for i := range n {
		id, err := contest.SaveQuestion(f.ctx, f.d, f.organ, f.actor(f.organ), 0, contest.QuestionInput{
			Body:    fmt.Sprintf("Câu hỏi %s-%d-%d về thủ tục hành chính?", theme, level, i),
			Options: []string{"Đúng " + theme, "Sai một", "Sai hai", "Sai ba"}, Correct: []int{0},
			Explanation: "Vì quy định như vậy.", Source: "Nghị định 118/2025/NĐ-CP", Theme: theme, Difficulty: level}, f.themes, at("2025-10-01 09:00"))
		if err != nil {
			f.t.Fatal(err)
		}
		ids = append(ids, id)
	}
	return ids
}

// round writes, sends and has the leader approve a round of 5 questions.
func (f *fixture) round(opens, closes string, limit, attempts int) *contest.Round {
	id, err := contest.SaveRound(f.ctx, f.d, f.organ, f.actor(f.organ), f.contest.ID, 0, contest.RoundInput{Title: "Tuần 1", Opens: opens, Closes: closes,
		TimeLimit: limit, Attempts: attempts, Draw: []contest.Stratum{{Theme: "2", Difficulty: contest.Easy, Count: 3}, {Theme: "3", Count: 2}},
		Prediction: "Dự đoán có bao nhiêu người trả lời đúng tất cả các câu hỏi?", Prizes: contest.Prizes{First: 1, Second: 1, Third: 1, Consolation: 2}},
		f.themes, at("2025-10-01 10:00"))
	if err != nil {
		f.t.Fatal(err)
	}
	if err := contest.SubmitRound(f.ctx, f.d, f.organ, f.actor(f.organ), id, f.themes, at("2025-10-01 10:05")); err != nil {
		f.t.Fatal(err)
	}
	if err := contest.DecideRound(f.ctx, f.d, f.leader, f.actor(f.leader), id, true, "", f.themes, at("2025-10-01 11:00")); err != nil {
		f.t.Fatal(err)
	}
	_, r, err := contest.GetRound(f.ctx, f.d, f.ward.ID, id)
	if err != nil {
		f.t.Fatal(err)
	}
	return r
}

// register signs a person up through the code sent to their phone.
func (f *fixture) register(name, phone string, kp int, now time.Time) (*contest.Taker, string) {
	in := contest.TakerInput{FullName: name, BirthYear: "1990", UnitID: f.khuPho[kp].ID, Phone: phone, Consent: true}
	codeID, err := contest.Register(f.ctx, f.d, f.texts, f.contest, in, f.units, now)
	if err != nil {
		f.t.Fatal(err)
	}
	token, takerID, err := contest.Verify(f.ctx, f.d, f.contest, codeID, f.texts.last(f.t, phone), "thiet-bi-"+phone, now)
	if err != nil {
		f.t.Fatal(err)
	}
	p, err := contest.SessionPhone(f.ctx, f.d, f.contest.ID, token, now)
	if err != nil || p != phone {
		f.t.Fatalf("session of %s: %q, %v", phone, p, err)
	}
	tk, err := contest.TakerOf(f.ctx, f.d, f.contest.ID, phone, takerID)
	if err != nil {
		f.t.Fatal(err)
	}
	return tk, token
}

// answerAll answers an attempt: right answers for the first right questions.
func (f *fixture) answerAll(tk *contest.Taker, attemptID int64, right int, now time.Time) {
	a, err := contest.AttemptOf(f.ctx, f.d, tk.ID, attemptID, now)
	if err != nil {
		f.t.Fatal(err)
	}
	for i, it := range a.Paper {
		// Option 0 is right; find where it is shown.
		shown := 0
		for k, o := range it.Order {
			if o == 0 {
				shown = k
			}
		}
		choice := 1 << shown
		if i >= right {
			choice = 1 << ((shown + 1) % len(it.Order))
		}
		if err := contest.Answer(f.ctx, f.d, tk.ID, attemptID, i, choice, now); err != nil {
			f.t.Fatal(err)
		}
	}
}

func TestQuestionRevisionsLeaveApprovedRoundsAlone(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := f.ctx
		_, err := contest.SaveQuestion(ctx, d, f.organ, f.actor(f.organ), 0, contest.QuestionInput{Body: "", Options: []string{"Một", "một"},
			Theme: "9", Difficulty: 4}, f.themes, at("2025-10-01 09:00"))
		var ce check.Errors
		if !errors.As(err, &ce) {
			t.Fatalf("an empty question: %v", err)
		}
		for field, want := range map[string]string{"body": "Vui lòng nhập nội dung câu hỏi.", "options": "Hai phương án trùng nhau: một.",
			"theme": "Vui lòng chọn nội dung tuyên truyền của câu hỏi.", "difficulty": "Vui lòng chọn mức độ: dễ, trung bình hoặc khó.",
			"source": "Vui lòng nhập căn cứ pháp lý."} {
			if ce[field] != want {
				t.Errorf("%s: %q, want %q", field, ce[field], want)
			}
		}
		var n int
		d.QueryRow(ctx, `select count(*) from contest_questions`).Scan(&n)
		if n != 0 {
			t.Fatalf("a refused question left %d rows", n)
		}
		easy := f.bank(3, "2", contest.Easy)
		f.bank(2, "3", contest.Medium)
		r := f.round("01/10/2025 12:00", "08/10/2025 20:00", 20, 2)
		if r.PoolSize != 5 {
			t.Fatalf("frozen pool: %d, want 5", r.PoolSize)
		}
		q, _ := contest.GetQuestion(ctx, d, f.ward.ID, easy[0])
		if used, _ := contest.InOpenRound(ctx, d, q.RevisionID, at("2025-10-02 08:00")); !used {
			t.Fatal("the question is in the open round")
		}
		// An edit is a new revision; the round keeps asking the first.
		in := contest.QuestionInput{Body: "Câu hỏi đã sửa?", Options: []string{"Sai", "Đúng"}, Correct: []int{1}, Explanation: "Đã sửa.",
			Source: "Nghị định 118/2025/NĐ-CP", Theme: "2", Difficulty: contest.Easy}
		if _, err := contest.SaveQuestion(ctx, d, f.organ, f.actor(f.organ), easy[0], in, f.themes, at("2025-10-02 09:00")); err != nil {
			t.Fatal(err)
		}
		q2, _ := contest.GetQuestion(ctx, d, f.ward.ID, easy[0])
		if q2.Number != 2 || q2.Body != "Câu hỏi đã sửa?" || q2.CorrectLetters() != "B" {
			t.Fatalf("after the edit: revision %d %q %s", q2.Number, q2.Body, q2.CorrectLetters())
		}
		hist, _ := contest.History(ctx, d, f.ward.ID, easy[0])
		if len(hist) != 2 || hist[1].Body != q.Body {
			t.Fatalf("history: %d revisions", len(hist))
		}
		tk, _ := f.register("Nguyễn Văn An", "0912345678", 0, at("2025-10-02 10:00"))
		id, err := contest.Start(ctx, d, r, tk, "", "", at("2025-10-02 10:01"))
		if err != nil {
			t.Fatal(err)
		}
		a, _ := contest.AttemptOf(ctx, d, tk.ID, id, at("2025-10-02 10:01"))
		for _, it := range a.Paper {
			if it.Rev == q2.RevisionID {
				t.Fatal("the approved round drew the new revision")
			}
		}
		// Saving the same words again writes nothing.
		if _, err := contest.SaveQuestion(ctx, d, f.organ, f.actor(f.organ), easy[0], in, f.themes, at("2025-10-02 09:30")); err != nil {
			t.Fatal(err)
		}
		if hist, _ := contest.History(ctx, d, f.ward.ID, easy[0]); len(hist) != 2 {
			t.Fatalf("an unchanged save made revision %d", len(hist))
		}
	})
}

func TestRoundApproval(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := f.ctx
		f.bank(2, "2", contest.Easy)
		in := contest.RoundInput{Title: "Tuần 1", Opens: "01/10/2025 08:00", Closes: "30/09/2025 08:00", TimeLimit: 0, Attempts: 1,
			Draw: []contest.Stratum{{Theme: "2", Difficulty: contest.Easy, Count: 3}}}
		_, err := contest.SaveRound(ctx, d, f.organ, f.actor(f.organ), f.contest.ID, 0, in, f.themes, at("2025-09-20 08:00"))
		var ce check.Errors
		if !errors.As(err, &ce) || ce["closes"] != "Thời gian đóng phải sau thời gian mở." || ce["time_limit"] == "" {
			t.Fatalf("bad times: %v", err)
		}
		in.Closes, in.TimeLimit = "08/10/2025 20:00", 30
		id, err := contest.SaveRound(ctx, d, f.organ, f.actor(f.organ), f.contest.ID, 0, in, f.themes, at("2025-09-20 08:00"))
		if err != nil {
			t.Fatal(err)
		}
		err = contest.SubmitRound(ctx, d, f.organ, f.actor(f.organ), id, f.themes, at("2025-09-20 09:00"))
		if !errors.As(err, &ce) || !strings.Contains(ce["draw"], "Ngân hàng chỉ có 2 câu hỏi nội dung 2") {
			t.Fatalf("a draw the bank cannot fill: %v", err)
		}
		f.bank(1, "2", contest.Easy)
		if err := contest.SubmitRound(ctx, d, f.organ, f.actor(f.organ), id, f.themes, at("2025-09-20 09:00")); err != nil {
			t.Fatal(err)
		}
		if _, err := contest.SaveRound(ctx, d, f.organ, f.actor(f.organ), f.contest.ID, id, in, f.themes, at("2025-09-20 09:10")); !errors.As(err, &ce) {
			t.Fatalf("a sent round was edited: %v", err)
		}
		// The organiser may not approve; a leader who sent it may not either.
		if err := contest.DecideRound(ctx, d, f.organ, f.actor(f.organ), id, true, "", f.themes, at("2025-09-20 10:00")); !errors.Is(err, check.ErrForbidden) {
			t.Fatalf("the organiser approved: %v", err)
		}
		if err := contest.DecideRound(ctx, d, f.leader, f.actor(f.leader), id, false, "", f.themes, at("2025-09-20 10:00")); !errors.As(err, &ce) || ce["note"] == "" {
			t.Fatalf("a return without a reason: %v", err)
		}
		if err := contest.DecideRound(ctx, d, f.leader, f.actor(f.leader), id, false, "Thêm câu hỏi khó", f.themes, at("2025-09-20 10:00")); err != nil {
			t.Fatal(err)
		}
		if err := contest.SubmitRound(ctx, d, f.leader, f.actor(f.leader), id, f.themes, at("2025-09-20 11:00")); err != nil {
			t.Fatal(err)
		}
		err = contest.DecideRound(ctx, d, f.leader, f.actor(f.leader), id, true, "", f.themes, at("2025-09-20 12:00"))
		if !errors.As(err, &ce) || ce["decision"] != "Người gửi duyệt không tự duyệt vòng thi của mình." {
			t.Fatalf("a leader approved their own round: %v", err)
		}
		admin, _ := account.Create(ctx, d, f.ward.ID, account.NewUser{Username: "quantri", FullName: "Quản trị", Role: account.RoleAdmin, Password: "mat-khau-du-dai"})
		if err := contest.DecideRound(ctx, d, admin, f.actor(admin), id, true, "", f.themes, at("2025-09-20 12:00")); err != nil {
			t.Fatal(err)
		}
		_, r, _ := contest.GetRound(ctx, d, f.ward.ID, id)
		if r.Status != contest.RoundApproved || r.PoolSize != 3 || r.PhaseName(at("2025-09-30 08:00")) != "Sắp mở" {
			t.Fatalf("approved round: %s, pool %d, %s", r.Status, r.PoolSize, r.PhaseName(at("2025-09-30 08:00")))
		}
	})
}

func TestRegistrationNeedsTheCode(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx, now := f.ctx, at("2025-10-02 10:00")
		var ce check.Errors
		_, err := contest.Register(ctx, d, f.texts, f.contest, contest.TakerInput{FullName: "An", BirthYear: "2015", Phone: "0212345678",
			CitizenID: "079090000001", Official: true}, f.units, now)
		if !errors.As(err, &ce) {
			t.Fatal(err)
		}
		for field, want := range map[string]string{
			"full_name":  "Vui lòng nhập đầy đủ họ và tên.",
			"birth_year": "Cuộc thi dành cho người từ 15 tuổi trở lên.",
			"unit_id":    "Vui lòng chọn khu phố nơi bạn sinh sống, hoặc ghi nơi làm việc, học tập trên địa bàn phường.",
			"phone":      "Số điện thoại di động gồm 10 chữ số của một nhà mạng (ví dụ 0912 345 678), để nhận mã xác minh.",
			"citizen_id": "Số định danh không khớp với năm sinh (chữ số thứ 4 đến thứ 6 cho biết năm sinh).",
			"official":   "Theo thể lệ, cán bộ, công chức của cơ quan tổ chức cuộc thi không tham gia dự thi.",
			"consent":    "Vui lòng đồng ý để Ban Tổ chức xử lý thông tin cá nhân cho cuộc thi (Nghị định 13/2023/NĐ-CP).",
		} {
			if ce[field] != want {
				t.Errorf("%s: %q, want %q", field, ce[field], want)
			}
		}
		if len(f.texts.sent) != 0 {
			t.Fatal("a refused registration sent a code")
		}
		in := contest.TakerInput{FullName: "Trần  Thị Mai", BirthYear: "1990", UnitID: f.khuPho[2].ID, Phone: "+84 912 345 678",
			CitizenID: "079190000123", Consent: true}
		codeID, err := contest.Register(ctx, d, f.texts, f.contest, in, f.units, now)
		if err != nil {
			t.Fatal(err)
		}
		code := f.texts.last(t, "0912345678")
		if masked, _ := contest.CodePhone(ctx, d, f.contest.ID, codeID); masked != "091****678" {
			t.Fatalf("masked phone %q", masked)
		}
		var n int
		if d.QueryRow(ctx, `select count(*) from contest_takers`).Scan(&n); n != 0 {
			t.Fatal("a taker was written before the code came back")
		}
		wrong := "000000"
		if code == wrong {
			wrong = "111111"
		}
		if _, _, err := contest.Verify(ctx, d, f.contest, codeID, wrong, "", now); !errors.As(err, &ce) || ce["code"] == "" {
			t.Fatalf("a wrong code: %v", err)
		}
		if _, _, err := contest.Verify(ctx, d, f.contest, codeID, code, "", now.Add(11*time.Minute)); !errors.As(err, &ce) ||
			ce["code"] != "Mã đã hết hạn (10 phút). Vui lòng yêu cầu mã mới." {
			t.Fatalf("an expired code: %v", err)
		}
		token, takerID, err := contest.Verify(ctx, d, f.contest, codeID, code, "", now.Add(time.Minute))
		if err != nil || takerID == 0 || token == "" {
			t.Fatalf("the right code: %v", err)
		}
		tk, _ := contest.TakerOf(ctx, d, f.contest.ID, "0912345678", takerID)
		if tk.FullName != "Trần Thị Mai" || tk.Place() != f.khuPho[2].Name || tk.CitizenID != "079190000123" {
			t.Fatalf("taker: %+v", tk)
		}
		if _, _, err := contest.Verify(ctx, d, f.contest, codeID, code, "", now.Add(time.Minute)); !errors.As(err, &ce) {
			t.Fatal("a code was used twice")
		}
		// Five wrong codes void one.
		codeID, _ = contest.SignIn(ctx, d, f.texts, f.contest, "0912345678", now.Add(2*time.Minute))
		code = f.texts.last(t, "0912345678")
		for range 5 {
			contest.Verify(ctx, d, f.contest, codeID, "99999"+code[5:], "", now.Add(3*time.Minute))
		}
		if _, _, err := contest.Verify(ctx, d, f.contest, codeID, code, "", now.Add(3*time.Minute)); !errors.As(err, &ce) ||
			ce["code"] != "Bạn đã nhập sai quá nhiều lần. Vui lòng yêu cầu mã mới." {
			t.Fatalf("after five wrong codes: %v", err)
		}
		if _, err := contest.SignIn(ctx, d, f.texts, f.contest, "0987654321", now); !errors.As(err, &ce) {
			t.Fatal("a phone never registered got a code")
		}
		// A sixth code in the hour is refused.
		for range 3 {
			contest.SignIn(ctx, d, f.texts, f.contest, "0912345678", now.Add(4*time.Minute))
		}
		if _, err := contest.SignIn(ctx, d, f.texts, f.contest, "0912345678", now.Add(5*time.Minute)); !errors.As(err, &ce) || !strings.Contains(ce["phone"], "nhiều mã") {
			t.Fatalf("the sixth code in an hour: %v", err)
		}
	})
}

func TestCitizenID(t *testing.T) {
	for _, c := range []struct {
		id   string
		year int
		want string
	}{
		{"079090000001", 1990, ""},
		{"001203012345", 2003, ""},
		{"096199000001", 1999, ""}, // female, 20th century
		{"096399000001", 2099, ""}, // female, 21st century
		{"079090000001", 2090, "Số định danh không khớp với năm sinh (chữ số thứ 4 đến thứ 6 cho biết năm sinh)."},
		{"079290000001", 1990, "Số định danh không khớp với năm sinh (chữ số thứ 4 đến thứ 6 cho biết năm sinh)."},
		{"003090000001", 1990, "Ba chữ số đầu của số định danh không phải mã tỉnh, thành phố nơi đăng ký khai sinh."},
		{"07909000000", 1990, "Số định danh cá nhân (căn cước) gồm 12 chữ số."},
		{"07909000000a", 1990, "Số định danh cá nhân (căn cước) gồm 12 chữ số."},
		{"079090000001", 0, ""},
	} {
		if got := contest.CheckCitizenID(c.id, c.year); got != c.want {
			t.Errorf("CheckCitizenID(%s, %d) = %q, want %q", c.id, c.year, got, c.want)
		}
	}
}

func TestAttemptIsTimedByTheServer(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := f.ctx
		f.bank(4, "2", contest.Easy)
		f.bank(3, "3", contest.Hard)
		r := f.round("01/10/2025 12:00", "08/10/2025 20:00", 20, 2)
		tk, _ := f.register("Lê Văn Bình", "0901234567", 1, at("2025-10-01 11:00"))
		var ce check.Errors
		if _, err := contest.Start(ctx, d, r, tk, "", "", at("2025-10-01 11:30")); !errors.As(err, &ce) {
			t.Fatalf("started before the round opened: %v", err)
		}
		start := at("2025-10-02 10:00")
		id, err := contest.Start(ctx, d, r, tk, "may-1", contest.LayoutAll, start)
		if err != nil {
			t.Fatal(err)
		}
		// A reload or another device resumes the same attempt.
		if again, err := contest.Start(ctx, d, r, tk, "may-2", "", start.Add(time.Minute)); err != nil || again != id {
			t.Fatalf("resume: %d, %v", again, err)
		}
		a, _ := contest.AttemptOf(ctx, d, tk.ID, id, start.Add(5*time.Minute))
		if len(a.Paper) != 5 || a.Remaining(start.Add(5*time.Minute)) != 15*time.Minute || a.Layout != contest.LayoutAll {
			t.Fatalf("paper of %d, %v left, layout %s", len(a.Paper), a.Remaining(start.Add(5*time.Minute)), a.Layout)
		}
		themes := map[string]int{}
		seen := map[int64]bool{}
		revs, _ := contest.Revisions(ctx, d, func() (ids []int64) {
			for _, it := range a.Paper {
				ids = append(ids, it.Rev)
			}
			return
		}())
		for _, it := range a.Paper {
			if seen[it.Rev] {
				t.Fatal("a question drawn twice")
			}
			seen[it.Rev] = true
			themes[revs[it.Rev].Theme]++
		}
		if themes["2"] != 3 || themes["3"] != 2 {
			t.Fatalf("strata: %v", themes)
		}
		f.answerAll(tk, id, 3, start.Add(6*time.Minute))
		// Changing an answer keeps one row.
		if err := contest.Answer(ctx, d, tk.ID, id, 4, 1, start.Add(7*time.Minute)); err != nil {
			t.Fatal(err)
		}
		if err := contest.Answer(ctx, d, tk.ID, id, 5, 1, start.Add(7*time.Minute)); !errors.As(err, &ce) {
			t.Fatal("an answer to a question the paper does not have")
		}
		other, _ := f.register("Phạm Thị Cúc", "0931234567", 1, at("2025-10-02 09:00"))
		if err := contest.Answer(ctx, d, other.ID, id, 0, 1, start.Add(7*time.Minute)); !errors.Is(err, contest.ErrClosed) {
			t.Fatalf("someone else answered the attempt: %v", err)
		}
		// The deadline is the server's: an answer after it (and its grace) is refused.
		if err := contest.Answer(ctx, d, tk.ID, id, 0, 2, start.Add(20*time.Minute+contest.Grace+time.Second)); !errors.Is(err, contest.ErrClosed) {
			t.Fatalf("an answer after the deadline: %v", err)
		}
		// Reading it after the deadline submits it, at the deadline.
		a, err = contest.AttemptOf(ctx, d, tk.ID, id, start.Add(30*time.Minute))
		if err != nil {
			t.Fatal(err)
		}
		want := 3
		if r2, _ := contest.Revisions(ctx, d, []int64{a.Paper[4].Rev}); contest.Correct(r2[a.Paper[4].Rev], a.Paper[4].Order, 1) {
			want = 4 // the answer changed at 7 minutes happened to be right
		}
		if a.Open || a.Correct != want || a.Duration != 20*time.Minute || !a.SubmittedAt.Equal(a.Deadline) {
			t.Fatalf("automatic submission: open %v, %d right (want %d), %v", a.Open, a.Correct, want, a.Duration)
		}
		// A second attempt, submitted early, is the best when better.
		id2, err := contest.Start(ctx, d, r, tk, "may-1", "", at("2025-10-03 10:00"))
		if err != nil || id2 == id {
			t.Fatalf("second attempt: %d, %v", id2, err)
		}
		f.answerAll(tk, id2, 5, at("2025-10-03 10:02"))
		pred := int64(7)
		if err := contest.Submit(ctx, d, tk.ID, id2, &pred, at("2025-10-03 10:04")); err != nil {
			t.Fatal(err)
		}
		if err := contest.Submit(ctx, d, tk.ID, id2, &pred, at("2025-10-03 10:05")); !errors.Is(err, contest.ErrClosed) {
			t.Fatalf("submitted twice: %v", err)
		}
		if _, err := contest.Start(ctx, d, r, tk, "", "", at("2025-10-03 11:00")); !errors.As(err, &ce) || !strings.Contains(ce["round"], "đủ 2 lượt") {
			t.Fatalf("a third attempt of two: %v", err)
		}
		b, _ := contest.AttemptOf(ctx, d, tk.ID, id2, at("2025-10-03 11:00"))
		if b.Correct != 5 || b.Duration != 4*time.Minute || b.Prediction == nil || *b.Prediction != 7 {
			t.Fatalf("early submission: %d right in %v", b.Correct, b.Duration)
		}
		// The job closes abandoned attempts.
		id3, _ := contest.Start(ctx, d, r, other, "", "", at("2025-10-04 10:00"))
		if n, err := contest.CloseExpired(ctx, d, at("2025-10-04 10:19")); err != nil || n != 0 {
			t.Fatalf("closed early: %d, %v", n, err)
		}
		if n, err := contest.CloseExpired(ctx, d, at("2025-10-04 10:21")); err != nil || n != 1 {
			t.Fatalf("closed %d, %v", n, err)
		}
		c, _ := contest.AttemptOf(ctx, d, other.ID, id3, at("2025-10-04 10:21"))
		if c.Open || c.Correct != 0 {
			t.Fatal("the abandoned attempt is still open")
		}
	})
}

// Ranking: most correct, then shortest time, then the prediction closest to
// the truth, then the earliest submission; a taker's best attempt counts.
func TestRankingTieBreaks(t *testing.T) {
	p := func(n int64) *int64 { return &n }
	base := at("2025-10-08 08:00")
	sub := func(min int) time.Time { return base.Add(time.Duration(min) * time.Minute) }
	e := func(taker, attempt int64, correct int, secs int, pred *int64, submitted time.Time) *contest.Entry {
		return &contest.Entry{TakerID: taker, AttemptID: attempt, Name: fmt.Sprint(taker), Correct: correct, Size: 5,
			Duration: time.Duration(secs) * time.Second, Prediction: pred, SubmittedAt: submitted}
	}
	for _, c := range []struct {
		name   string
		in     []*contest.Entry
		prizes contest.Prizes
		order  []int64  // takers in rank order
		ranks  []int    // their ranks
		prize  []string // their prizes
		truth  int
	}{
		{"more correct answers first", []*contest.Entry{e(1, 1, 3, 60, nil, sub(1)), e(2, 2, 5, 300, nil, sub(2)), e(3, 3, 4, 10, nil, sub(3))},
			contest.Prizes{First: 1, Second: 1, Third: 1}, []int64{2, 3, 1}, []int{1, 2, 3}, []string{"nhat", "nhi", "ba"}, 1},
		{"then the shorter time", []*contest.Entry{e(1, 1, 5, 200, nil, sub(1)), e(2, 2, 5, 100, nil, sub(2)), e(3, 3, 5, 150, nil, sub(3))},
			contest.Prizes{First: 1, Consolation: 2}, []int64{2, 3, 1}, []int{1, 2, 3}, []string{"nhat", "khuyen_khich", "khuyen_khich"}, 3},
		{"then the prediction closest to the truth", []*contest.Entry{e(1, 1, 5, 100, p(10), sub(1)), e(2, 2, 5, 100, p(1), sub(2)),
			e(3, 3, 5, 100, nil, sub(0)), e(4, 4, 4, 100, p(3), sub(0))},
			contest.Prizes{First: 1, Second: 1}, []int64{2, 1, 3, 4}, []int{1, 2, 3, 4}, []string{"nhat", "nhi", "", ""}, 3},
		{"a prediction above and one below, equally far: the earlier submission", []*contest.Entry{e(1, 1, 5, 100, p(4), sub(5)),
			e(2, 2, 5, 100, p(2), sub(4)), e(3, 3, 5, 100, p(3), sub(9))},
			contest.Prizes{First: 1, Second: 1, Third: 1}, []int64{3, 2, 1}, []int{1, 2, 3}, []string{"nhat", "nhi", "ba"}, 3},
		{"the best of a taker's attempts counts, once", []*contest.Entry{e(1, 1, 2, 50, nil, sub(1)), e(1, 2, 5, 400, nil, sub(30)),
			e(2, 3, 4, 100, nil, sub(2)), e(2, 4, 4, 90, nil, sub(40))},
			contest.Prizes{First: 1, Second: 1}, []int64{1, 2}, []int{1, 2}, []string{"nhat", "nhi"}, 1},
		{"entries nothing parts share a rank; prizes go in order", []*contest.Entry{e(1, 1, 4, 100, p(1), sub(1)), e(2, 2, 4, 100, p(1), sub(1)),
			e(3, 3, 3, 100, nil, sub(1))},
			contest.Prizes{First: 1, Second: 1, Third: 1}, []int64{1, 2, 3}, []int{1, 1, 3}, []string{"nhat", "nhi", "ba"}, 0},
		{"no prize without a right answer", []*contest.Entry{e(1, 1, 0, 10, nil, sub(1)), e(2, 2, 1, 100, nil, sub(2))},
			contest.Prizes{First: 1, Second: 1}, []int64{2, 1}, []int{1, 2}, []string{"nhat", ""}, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			ranked, truth := contest.Rank(c.in, c.prizes)
			if truth != c.truth {
				t.Errorf("truth %d, want %d", truth, c.truth)
			}
			if len(ranked) != len(c.order) {
				t.Fatalf("%d ranked, want %d", len(ranked), len(c.order))
			}
			for i, x := range ranked {
				if x.TakerID != c.order[i] || x.Rank != c.ranks[i] || x.Prize != c.prize[i] {
					t.Errorf("place %d: taker %d rank %d prize %q, want taker %d rank %d prize %q", i+1, x.TakerID, x.Rank, x.Prize, c.order[i], c.ranks[i], c.prize[i])
				}
			}
		})
	}
}

func TestGroups(t *testing.T) {
	var in []*contest.Entry
	add := func(unit int64, name string, corrects ...int) {
		for _, c := range corrects {
			in = append(in, &contest.Entry{UnitID: unit, Place: name, Correct: c})
		}
	}
	add(1, "Khu phố 1", 5, 5, 5, 5, 5)
	add(2, "Khu phố 2", 1, 2, 3, 4, 5, 1, 2)
	add(3, "Khu phố 3", 5, 5)
	add(0, "Quận 1", 5, 5, 5, 5, 5, 5, 5, 5)
	byTakers, byAverage := contest.Groups(in)
	if len(byTakers) != 3 || byTakers[0].Name != "Khu phố 2" || byTakers[0].Takers != 7 || byTakers[1].Name != "Khu phố 1" {
		t.Fatalf("by takers: %+v", byTakers)
	}
	if len(byAverage) != 2 || byAverage[0].Name != "Khu phố 1" || byAverage[0].Average != 5 {
		t.Fatalf("by average (groups of %d and more): %+v", contest.MinGroup, byAverage)
	}
}

func TestResultsApprovedFeedThePlan(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := f.ctx
		f.bank(3, "2", contest.Easy)
		f.bank(2, "3", contest.Medium)
		r := f.round("01/10/2025 12:00", "08/10/2025 20:00", 20, 1)
		people := []struct {
			name, phone string
			kp, right   int
			secs        int
		}{{"Nguyễn Văn An", "0911111111", 0, 5, 100}, {"Trần Thị Bích", "0922222222", 0, 5, 90}, {"Lê Văn Cường", "0933333333", 1, 4, 60},
			{"Phạm Thị Dung", "0944444444", 2, 2, 30}, {"Hoàng Văn Em", "0965555555", 2, 0, 20}}
		start := at("2025-10-03 08:00")
		for i, p := range people {
			tk, _ := f.register(p.name, p.phone, p.kp, start)
			id, err := contest.Start(ctx, d, r, tk, "", "", start.Add(time.Duration(i)*time.Minute))
			if err != nil {
				t.Fatal(err)
			}
			f.answerAll(tk, id, p.right, start.Add(time.Duration(i)*time.Minute))
			pred := int64(2)
			if err := contest.Submit(ctx, d, tk.ID, id, &pred, start.Add(time.Duration(i)*time.Minute+time.Duration(p.secs)*time.Second)); err != nil {
				t.Fatal(err)
			}
		}
		var ce check.Errors
		if err := contest.ProposeResults(ctx, d, f.organ, f.actor(f.organ), r.ID, at("2025-10-05 08:00")); !errors.As(err, &ce) {
			t.Fatalf("results proposed before the round closed: %v", err)
		}
		if err := contest.ProposeResults(ctx, d, f.organ, f.actor(f.organ), r.ID, at("2025-10-09 08:00")); err != nil {
			t.Fatal(err)
		}
		_, r, _ = contest.GetRound(ctx, d, f.ward.ID, r.ID)
		if w, _ := contest.Winners(ctx, d, r); len(w) != 0 {
			t.Fatal("winners published before the leader approved")
		}
		if err := contest.DecideResults(ctx, d, f.leader, f.actor(f.leader), r.ID, true, "", "https://phudinh.example/cuoc-thi", at("2025-10-09 09:00")); err != nil {
			t.Fatal(err)
		}
		_, r, _ = contest.GetRound(ctx, d, f.ward.ID, r.ID)
		w, _ := contest.Winners(ctx, d, r)
		var names []string
		for _, e := range w {
			names = append(names, fmt.Sprintf("%d %s %s %s", e.Rank, e.Name, e.Place, contest.PrizeName(e.Prize)))
		}
		want := []string{"1 Trần Thị Bích Khu phố 1 Giải Nhất", "2 Nguyễn Văn An Khu phố 1 Giải Nhì", "3 Lê Văn Cường Khu phố 2 Giải Ba",
			"4 Phạm Thị Dung Khu phố 3 Giải Khuyến khích"}
		if strings.Join(names, "; ") != strings.Join(want, "; ") {
			t.Fatalf("winners:\n%s\nwant\n%s", strings.Join(names, "\n"), strings.Join(want, "\n"))
		}
		// Each taker is texted their own result, with the published list's address.
		texts := map[string][2]string{}
		trows, _ := d.Query(ctx, `select phone, params, body from text_outbox where template = ?`, contest.ResultTemplate)
		for trows.Next() {
			var phone, params, body string
			trows.Scan(&phone, &params, &body)
			texts[phone] = [2]string{params, body}
		}
		trows.Close()
		if len(texts) != 5 || !strings.Contains(texts["0922222222"][0], `"rank":"1"`) || !strings.Contains(texts["0922222222"][0], `"prize":"Giải Nhất"`) ||
			texts["0965555555"][1] != "Cuoc thi truc tuyen tim hieu ve cai cach hanh chinh nam 2025 - Tuan 1: Hoang Van Em tra loi dung 0/5 cau, xep hang 5. Ket qua: https://phudinh.example/cuoc-thi" {
			t.Errorf("results texted: %v", texts)
		}
		if r.AllCorrect != 2 || r.Results != contest.ResultsApproved || r.ActivityID == 0 {
			t.Fatalf("round: %d all correct, results %q, activity %d", r.AllCorrect, r.Results, r.ActivityID)
		}
		// The round counts on the plan: the organiser's activities on the contest channel, by khu phố.
		rows, _ := d.Query(ctx, `select coalesce(place_unit_id, 0), people, quantity, channel_code, held_on from activities where unit_id = ? order by place_unit_id`, f.contest.UnitID)
		got := map[int64]int{}
		for rows.Next() {
			var place int64
			var n, q int
			var ch, held string
			rows.Scan(&place, &n, &q, &ch, &held)
			if ch != "thi-dua" || held != "2025-10-08" || q != n {
				t.Errorf("activity: channel %s, held %s, quantity %d for %d people", ch, held, q, n)
			}
			got[place] = n
		}
		rows.Close()
		if got[f.khuPho[0].ID] != 2 || got[f.khuPho[1].ID] != 1 || got[f.khuPho[2].ID] != 2 || len(got) != 3 {
			t.Fatalf("reach by khu phố: %v", got)
		}
		cert, err := contest.CertificateByCode(ctx, d, f.ward.ID, strings.ToLower(w[0].Certificate))
		if err != nil || cert.Name != "Trần Thị Bích" || cert.Prize != contest.PrizeFirst || cert.Takers != 5 {
			t.Fatalf("certificate: %+v, %v", cert, err)
		}
		if _, err := contest.CertificateByCode(ctx, d, f.ward.ID, "KHONGCOMA"); !errors.Is(err, db.ErrNotFound) {
			t.Fatalf("an unknown certificate: %v", err)
		}
	})
}

func TestDuplicatesAreFlaggedNotMerged(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx, now := f.ctx, at("2025-10-02 10:00")
		reg := func(name, phone, id string) int64 {
			codeID, err := contest.Register(ctx, d, f.texts, f.contest, contest.TakerInput{FullName: name, BirthYear: "1990", UnitID: f.khuPho[0].ID,
				Phone: phone, CitizenID: id, Consent: true}, f.units, now)
			if err != nil {
				t.Fatal(err)
			}
			_, tid, err := contest.Verify(ctx, d, f.contest, codeID, f.texts.last(t, phone), "", now)
			if err != nil {
				t.Fatal(err)
			}
			return tid
		}
		a := reg("Nguyễn Văn An", "0911111111", "079090000001")
		b := reg("Nguyễn Văn Ân", "0922222222", "079090000001")
		c := reg("Nguyễn Thị Cúc", "0911111111", "")
		if again := reg("nguyễn văn an", "0911111111", ""); again != a {
			t.Fatal("the same person registering again became another taker")
		}
		flags, err := contest.Duplicates(ctx, d, f.ward.ID, f.contest.ID)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string][]int64{}
		for _, fl := range flags {
			for _, tk := range fl.Takers {
				got[fl.Reason] = append(got[fl.Reason], tk.ID)
			}
		}
		if fmt.Sprint(got["Cùng số định danh cá nhân"]) != fmt.Sprint([]int64{a, b}) || fmt.Sprint(got["Nhiều người cùng một số điện thoại"]) != fmt.Sprint([]int64{a, c}) {
			t.Fatalf("flags: %v", got)
		}
		var ce check.Errors
		if err := contest.Exclude(ctx, d, f.organ, f.actor(f.organ), b, true, "", now); !errors.As(err, &ce) {
			t.Fatal("excluded without a reason")
		}
		if err := contest.Exclude(ctx, d, f.organ, f.actor(f.organ), b, true, "Đăng ký hai lần", now); err != nil {
			t.Fatal(err)
		}
		tb, _ := contest.GetTaker(ctx, d, f.ward.ID, b)
		if !tb.Excluded || tb.ReviewNote != "Đăng ký hai lần" {
			t.Fatalf("taker after the decision: %+v", tb)
		}
	})
}

func TestBankSpreadsheet(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx, now := f.ctx, at("2025-10-02 10:00")
		var names []contest.ThemeName
		for _, th := range f.plan.Themes {
			names = append(names, contest.ThemeName{Code: th.Code, Title: th.Title})
		}
		var tpl bytes.Buffer
		if err := contest.WriteBank(&tpl, nil, names); err != nil {
			t.Fatal(err)
		}
		fill := func(rows [][]any) []byte {
			x, err := excelize.OpenReader(bytes.NewReader(tpl.Bytes()))
			if err != nil {
				t.Fatal(err)
			}
			for i, r := range rows {
				x.SetSheetRow("Câu hỏi", fmt.Sprintf("A%d", i+2), &r)
			}
			var b bytes.Buffer
			x.Write(&b)
			return b.Bytes()
		}
		good := []any{"", "Cơ quan nào tiếp nhận hồ sơ thủ tục hành chính của người dân tại phường?", "Bộ phận Một cửa", "Công an phường", "Trạm y tế", "",
			"", "", "A", "Bộ phận Một cửa tiếp nhận và trả kết quả.", "Nghị định 118/2025/NĐ-CP", "2", "Dễ", "một cửa", ""}
		bad := []any{"", "Câu hỏi thiếu đáp án?", "Một", "Hai", "", "", "", "", "C", "", "", "9", "Rất khó"}
		_, err := contest.ImportBank(ctx, d, f.organ, f.actor(f.organ), fill([][]any{good, bad, good}), f.themes, now)
		var re check.RowErrors
		if !errors.As(err, &re) || len(re) != 2 {
			t.Fatalf("a file with two bad rows: %v", err)
		}
		if re[0].Row != 3 || !strings.Contains(strings.Join(re[0].Messages, " "), "Đáp án đúng C là phương án để trống.") ||
			!strings.Contains(strings.Join(re[0].Messages, " "), "Vui lòng nhập giải thích đáp án.") {
			t.Errorf("row 3: %v", re[0].Messages)
		}
		if re[1].Row != 4 || re[1].Messages[0] != "Câu hỏi trùng với dòng 2." {
			t.Errorf("row 4: %v", re[1].Messages)
		}
		if qs, _ := contest.Questions(ctx, d, f.ward.ID, contest.BankFilter{}); len(qs) != 0 {
			t.Fatalf("a refused file wrote %d questions", len(qs))
		}
		second := append([]any{}, good...)
		second[1], second[8], second[12] = "Những phương án nào là kênh nộp hồ sơ?", "A, B", "Trung bình"
		res, err := contest.ImportBank(ctx, d, f.organ, f.actor(f.organ), fill([][]any{good, second}), f.themes, now)
		if err != nil || res.Added != 2 {
			t.Fatalf("import: %+v, %v", res, err)
		}
		qs, _ := contest.Questions(ctx, d, f.ward.ID, contest.BankFilter{Query: "kenh nop"})
		if len(qs) != 1 || !qs[0].Multiple() || qs[0].Difficulty != contest.Medium || qs[0].Code != "CH-0002" {
			t.Fatalf("search of the bank: %+v", qs)
		}
		// Export, change one row, import: one revision, one unchanged.
		all, _ := contest.Questions(ctx, d, f.ward.ID, contest.BankFilter{})
		var out bytes.Buffer
		contest.WriteBank(&out, all, names)
		x, _ := excelize.OpenReader(&out)
		x.SetCellStr("Câu hỏi", "J3", "Giải thích mới.")
		var b bytes.Buffer
		x.Write(&b)
		res, err = contest.ImportBank(ctx, d, f.organ, f.actor(f.organ), b.Bytes(), f.themes, now)
		if err != nil || res.Added != 0 || res.Revised != 1 || res.Unchanged != 1 {
			t.Fatalf("re-import: %+v, %v", res, err)
		}
		if _, err := contest.ImportBank(ctx, d, f.organ, f.actor(f.organ), []byte("not a workbook"), f.themes, now); !errors.As(err, new(check.Errors)) {
			t.Fatalf("not a workbook: %v", err)
		}
	})
}

func TestPurgeKeepsOnlyWhatIsPublished(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := f.ctx
		f.bank(3, "2", contest.Easy)
		f.bank(2, "3", contest.Medium)
		r := f.round("01/10/2025 12:00", "08/10/2025 20:00", 20, 1)
		tk, _ := f.register("Nguyễn Văn An", "0911111111", 0, at("2025-10-03 08:00"))
		id, _ := contest.Start(ctx, d, r, tk, "may", "", at("2025-10-03 08:00"))
		f.answerAll(tk, id, 5, at("2025-10-03 08:01"))
		contest.Submit(ctx, d, tk.ID, id, nil, at("2025-10-03 08:02"))
		other, _ := f.register("Trần Văn Bảo", "0922222222", 0, at("2025-10-03 08:00"))
		id2, _ := contest.Start(ctx, d, r, other, "may2", "", at("2025-10-03 08:00"))
		contest.Submit(ctx, d, other.ID, id2, nil, at("2025-10-03 08:02"))
		contest.ProposeResults(ctx, d, f.organ, f.actor(f.organ), r.ID, at("2025-10-09 08:00"))
		contest.DecideResults(ctx, d, f.leader, f.actor(f.leader), r.ID, true, "", "", at("2025-10-09 09:00"))
		if n, err := contest.Purge(ctx, d, at("2026-03-01 08:00")); err != nil || n != 0 {
			t.Fatalf("purged within the retention period: %d, %v", n, err)
		}
		if n, err := contest.Purge(ctx, d, at("2026-04-10 08:00")); err != nil || n != 1 {
			t.Fatalf("purge: %d, %v", n, err)
		}
		var phones, codes, names int
		d.QueryRow(ctx, `select count(*) from contest_takers where phone like '09%' or citizen_id <> '' or birth_year <> 0`).Scan(&phones)
		d.QueryRow(ctx, `select count(*) from contest_codes`).Scan(&codes)
		d.QueryRow(ctx, `select count(*) from contest_takers where full_name <> ''`).Scan(&names)
		if phones != 0 || codes != 0 || names != 1 {
			t.Fatalf("after the purge: %d phones, %d codes, %d names (the winner's only)", phones, codes, names)
		}
		_, r, _ = contest.GetRound(ctx, d, f.ward.ID, r.ID)
		if w, _ := contest.Winners(ctx, d, r); len(w) != 1 || w[0].Name != "Nguyễn Văn An" {
			t.Fatal("the published winner is gone")
		}
	})
}

// A certificate opens in a PDF reader with its Vietnamese intact: the text
// poppler extracts from it is the certificate's, diacritics and all.
func TestCertificatePDFReadsInVietnamese(t *testing.T) {
	pdftotext, err := exec.LookPath("pdftotext")
	if err != nil {
		dbtest.Skip(t, "certificate text check skipped: no pdftotext (apt-get install poppler-utils)")
	}
	c := &contest.Certificate{Entry: contest.Entry{Name: "Trần Thị Bích Ngọc", Place: "Khu phố 12", Correct: 9, Size: 10, Rank: 1,
		Prize: contest.PrizeFirst, Certificate: "ABCD234567"}, ContestTitle: "Cuộc thi trực tuyến “Tìm hiểu về cải cách hành chính” năm 2026",
		RoundTitle: "Vòng 1", Takers: 1234, ApprovedAt: at("2026-11-20 09:00")}
	var b bytes.Buffer
	if err := c.WritePDF(&b, contest.Issuer{WardName: "Phường Phú Định", ProvinceName: "Thành phố Hồ Chí Minh", Place: "Phú Định"},
		"https://phudinh.example/chung-nhan/ABCD234567"); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b.Bytes(), []byte("%PDF-")) || !bytes.Contains(b.Bytes(), []byte("FontFile2")) {
		t.Fatal("not a PDF with its font embedded")
	}
	path := filepath.Join(t.TempDir(), "chung-nhan.pdf")
	os.WriteFile(path, b.Bytes(), 0o644)
	out, err := exec.Command(pdftotext, "-layout", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	text := strings.Join(strings.Fields(norm.NFC.String(string(out))), " ")
	for _, want := range []string{"ỦY BAN NHÂN DÂN", "PHƯỜNG PHÚ ĐỊNH", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
		"GIẤY CHỨNG NHẬN ĐẠT GIẢI", "Trần Thị Bích Ngọc", "Khu phố 12", "Đạt Giải Nhất", "9/10 câu trả lời đúng", "1.234 người dự thi",
		"Phú Định, ngày 20 tháng 11 năm 2026", "TM. ỦY BAN NHÂN DÂN", "ABCD234567", "vòng 1"} {
		if !strings.Contains(text, want) {
			t.Errorf("the certificate's text lacks %q:\n%s", want, text)
		}
	}
}
