package survey_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/cchc-vn/cchc/internal/account"
	"github.com/cchc-vn/cchc/internal/audit"
	"github.com/cchc-vn/cchc/internal/check"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/db/dbtest"
	"github.com/cchc-vn/cchc/internal/plan"
	"github.com/cchc-vn/cchc/internal/seed"
	"github.com/cchc-vn/cchc/internal/survey"
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

type fixture struct {
	d        *db.DB
	ctx      context.Context
	ward     *ward.Ward
	themes   map[string]string
	kp1, kp2 *ward.Unit
	lead, kp *account.User
	s        *survey.Survey
}

func newFixture(t *testing.T, d *db.DB) *fixture {
	ctx := context.Background()
	if _, err := seed.Load(ctx, d); err != nil {
		t.Fatal(err)
	}
	w, _ := ward.ByCode(ctx, d, "27427")
	p, _ := plan.Current(ctx, d, w.ID)
	f := &fixture{d: d, ctx: ctx, ward: w, themes: map[string]string{}}
	for _, th := range p.Themes {
		f.themes[th.Code] = th.Title
	}
	units, _ := ward.Units(ctx, d, w.ID)
	var lead int64
	for _, u := range units {
		switch {
		case u.Name == "Khu phố 1":
			f.kp1 = u
		case u.Name == "Khu phố 2":
			f.kp2 = u
		case u.Code == "vh-xh":
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
	f.lead, f.kp = mk("vhxh", account.RoleLeadOfficer, lead), mk("kp01", account.RoleKhuPhoHead, f.kp1.ID)
	s, err := survey.Create(ctx, d, f.lead, audit.Actor{WardID: w.ID, UserID: f.lead.ID}, f.input(), f.themes, at("2025-06-20 09:00"))
	if err != nil {
		t.Fatal(err)
	}
	if err := survey.SetStatus(ctx, d, f.lead, audit.Actor{WardID: w.ID, UserID: f.lead.ID}, s.ID, survey.Open, at("2025-06-25 09:00")); err != nil {
		t.Fatal(err)
	}
	f.s, _ = survey.Get(ctx, d, w.ID, s.ID)
	return f
}

func (f *fixture) input() survey.Input {
	return survey.Input{Title: "Khảo sát hiểu biết về cải cách hành chính", Intro: "Phiếu không ghi tên.",
		Waves: []survey.WaveInput{{OpensOn: "01/07/2025", ClosesOn: "15/07/2025"}, {OpensOn: "01/12/2025", ClosesOn: "15/12/2025"}},
		Questions: []survey.QuestionInput{
			{Kind: survey.YesNo, Body: "Anh/chị có biết có thể nộp hồ sơ trực tuyến không?", Measure: "biết nộp hồ sơ trực tuyến", Theme: "2"},
			{Kind: survey.Knowledge, Body: "Thủ tục đăng ký khai sinh có mất lệ phí không?", Options: "Có, 50.000 đồng\nKhông mất lệ phí\nKhông biết", Correct: 2},
			{Kind: survey.Scale, Body: "Anh/chị hài lòng thế nào với bộ phận một cửa?"},
		}}
}

// answer gives n answers in a wave, k of them favourable on every question.
func (f *fixture) answer(t *testing.T, day string, n, k int, kp int64, age string) {
	t.Helper()
	for i := range n {
		fav := i < k
		ans := map[int64]int{}
		for _, q := range f.s.Questions {
			switch q.Kind {
			case survey.YesNo:
				ans[q.ID] = map[bool]int{true: 0, false: 1}[fav] // Có, Không
			case survey.Knowledge:
				ans[q.ID] = map[bool]int{true: q.Correct, false: 2}[fav]
			case survey.Scale:
				ans[q.ID] = map[bool]int{true: 4, false: 1}[fav] // rất hài lòng, không hài lòng
			}
		}
		r := survey.Response{KhuPhoID: kp, AgeGroup: age, Sex: []string{"nam", "nu"}[i%2], Answers: ans, Device: fmt.Sprintf("may-%s-%d", day, i)}
		if _, err := survey.Answer(f.ctx, f.d, f.ward.ID, f.s.ID, nil, r, at(day+" 10:00")); err != nil {
			t.Fatal(err)
		}
	}
}

// Two waves of answers give each question's share with its Wilson
// interval and the change with Newcombe's, matching the hand calculation
// of stats_test.go (205/500 → 315/500: 41 % → 63 %, ±6 points).
func TestResultsOfTwoWaves(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		w2 := f.s.Waves[1]
		f.answer(t, "2025-07-03", 300, 105, f.kp1.ID, "duoi-30")
		f.answer(t, "2025-07-04", 200, 100, f.kp2.ID, "tu-60")
		f.answer(t, "2025-12-03", 300, 200, f.kp1.ID, "duoi-30")
		f.answer(t, "2025-12-04", 200, 115, f.kp2.ID, "tu-60")
		res, err := survey.Read(f.ctx, d, f.s)
		if err != nil {
			t.Fatal(err)
		}
		if res.Responses[0] != 500 || res.Responses[1] != 500 || res.Flagged[0] != 0 {
			t.Fatalf("responses %v flagged %v", res.Responses, res.Flagged)
		}
		for _, qr := range res.Questions {
			all := qr.All
			if all.Waves[0].K != 205 || all.Waves[0].N != 500 || all.Waves[1].K != 315 {
				t.Fatalf("%s: %+v", qr.Question.Body, all.Waves)
			}
			if math.Abs(all.Change.Lo-0.158624) > 1e-6 || math.Abs(all.Change.Hi-0.279008) > 1e-6 {
				t.Fatalf("%s: change %+v", qr.Question.Body, all.Change)
			}
			if len(qr.KhuPho) != 2 || qr.KhuPho[0].Name != "Khu phố 1" || qr.KhuPho[0].Waves[0].K != 105 || qr.KhuPho[1].Waves[1].K != 115 {
				t.Fatalf("by khu phố: %+v", qr.KhuPho)
			}
			if len(qr.Age) != 2 || qr.Age[0].Name != "Dưới 30 tuổi" || qr.Age[1].Waves[0].N != 200 || len(qr.Sex) != 2 || qr.Sex[0].Waves[0].N != 250 {
				t.Fatalf("by group: %+v %+v", qr.Age, qr.Sex)
			}
		}
		if got := res.Questions[0].Statement(); got != "Tỷ lệ người dân biết nộp hồ sơ trực tuyến tăng từ 41 % lên 63 % (±6 điểm)." {
			t.Fatalf("statement: %s", got)
		}
		if got := res.Questions[2].Statement(); got != "Tỷ lệ người dân hài lòng tăng từ 41 % lên 63 % (±6 điểm)." {
			t.Fatalf("statement of the scale: %s", got)
		}
		// Khu phố 1 has 300 answers of wave 2; ±10 points needs 97 each.
		qs, err := survey.Quotas(f.ctx, d, f.s, w2.ID, 0.10, map[int64]int{f.kp2.ID: 150})
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range qs {
			switch q.Unit.ID {
			case f.kp1.ID:
				if q.Have != 300 || q.Target != 97 || q.Need != 0 {
					t.Fatalf("Khu phố 1: %+v", q)
				}
			case f.kp2.ID:
				if q.Have != 200 || q.Target != 59 || q.Need != 0 {
					t.Fatalf("Khu phố 2 (150 households): %+v", q)
				}
			default:
				if q.Have != 0 || q.Need != 97 {
					t.Fatalf("%s: %+v", q.Unit.Name, q)
				}
			}
		}
		if qs[0].Need != 97 {
			t.Fatalf("the khu phố furthest from their target come first: %+v", qs[0])
		}
	})
}

// A repeat from one device is kept and flagged; an official enters paper
// answers in the wave they name; bad or partial answers write nothing;
// outside a wave the portal takes no answers.
func TestAnswerRules(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		full := map[int64]int{}
		for _, q := range f.s.Questions {
			full[q.ID] = 0
		}
		r := survey.Response{KhuPhoID: f.kp1.ID, AgeGroup: "30-44", Sex: "nu", Answers: full, Device: "abc"}
		first, err := survey.Answer(f.ctx, d, f.ward.ID, f.s.ID, nil, r, at("2025-07-02 08:00"))
		if err != nil || first.Flagged || first.Wave.Position != 1 {
			t.Fatalf("first: %+v %v", first, err)
		}
		again, err := survey.Answer(f.ctx, d, f.ward.ID, f.s.ID, nil, r, at("2025-07-02 08:05"))
		if err != nil || !again.Flagged {
			t.Fatalf("a repeat from one device: %+v %v", again, err)
		}
		var ce check.Errors
		if _, err := survey.Answer(f.ctx, d, f.ward.ID, f.s.ID, nil, r, at("2025-08-01 08:00")); !errors.As(err, &ce) || ce["form"] == "" {
			t.Fatalf("between waves: %v", err)
		}
		partial := map[int64]int{f.s.Questions[0].ID: 0}
		bad := []survey.Response{
			{AgeGroup: "30-44", Sex: "nu", Answers: partial},
			{AgeGroup: "tre-em", Sex: "nu", Answers: full},
			{AgeGroup: "30-44", Sex: "?", Answers: full},
			{KhuPhoID: 999999, AgeGroup: "30-44", Sex: "nu", Answers: full},
			{AgeGroup: "30-44", Sex: "nu", Answers: map[int64]int{f.s.Questions[0].ID: 0, f.s.Questions[1].ID: 7, f.s.Questions[2].ID: 0}},
		}
		for i, b := range bad {
			if _, err := survey.Answer(f.ctx, d, f.ward.ID, f.s.ID, nil, b, at("2025-07-02 09:00")); !errors.As(err, &ce) {
				t.Fatalf("bad answer %d accepted: %v", i, err)
			}
		}
		paper := survey.Response{AgeGroup: "tu-60", Sex: "nam", Answers: full, WaveID: f.s.Waves[1].ID, Device: "ignored"}
		got, err := survey.Answer(f.ctx, d, f.ward.ID, f.s.ID, f.kp, paper, at("2025-07-02 09:00"))
		if err != nil || got.Wave.Position != 2 || got.Flagged {
			t.Fatalf("paper: %+v %v", got, err)
		}
		var n, answers int
		d.QueryRow(f.ctx, `select count(*) from survey_responses`).Scan(&n)
		d.QueryRow(f.ctx, `select count(*) from survey_answers`).Scan(&answers)
		if n != 3 || answers != 9 {
			t.Fatalf("%d responses, %d answers: refused answers were written", n, answers)
		}
		if err := survey.SetStatus(f.ctx, d, f.kp, audit.Actor{}, f.s.ID, survey.Closed, at("2025-12-20 09:00")); !errors.Is(err, survey.ErrForbidden) {
			t.Fatalf("a khu phố head closed the survey: %v", err)
		}
	})
}

func TestCreateRefusesBadSurveys(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		cases := []struct {
			name, field string
			change      func(*survey.Input)
		}{
			{"no title", "title", func(in *survey.Input) { in.Title = "" }},
			{"three waves", "waves", func(in *survey.Input) { in.Waves = append(in.Waves, in.Waves[0]) }},
			{"a wave that ends first", "wave1", func(in *survey.Input) { in.Waves[0].ClosesOn = "30/06/2025" }},
			{"overlapping waves", "wave2", func(in *survey.Input) { in.Waves[1].OpensOn = "10/07/2025" }},
			{"no question", "questions", func(in *survey.Input) { in.Questions = nil }},
			{"an empty question", "q1", func(in *survey.Input) { in.Questions[0].Body = " " }},
			{"one option", "q2", func(in *survey.Input) { in.Questions[1].Options = "Có" }},
			{"no correct option", "q2", func(in *survey.Input) { in.Questions[1].Correct = 4 }},
			{"unknown kind", "q3", func(in *survey.Input) { in.Questions[2].Kind = "tu-luan" }},
		}
		for _, c := range cases {
			in := f.input()
			c.change(&in)
			_, err := survey.Create(f.ctx, d, f.lead, audit.Actor{}, in, f.themes, at("2025-06-20 09:00"))
			var ce check.Errors
			if !errors.As(err, &ce) || ce[c.field] == "" {
				t.Errorf("%s: want a message on %s, got %v", c.name, c.field, err)
			}
		}
		var n int
		d.QueryRow(f.ctx, `select count(*) from surveys`).Scan(&n)
		if n != 1 {
			t.Fatalf("%d surveys: a refused one was written", n)
		}
	})
}
