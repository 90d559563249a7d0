package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/cchc-vn/cchc/internal/account"
	"github.com/cchc-vn/cchc/internal/audit"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/survey"
	"github.com/cchc-vn/cchc/internal/vn"
	"github.com/cchc-vn/cchc/internal/ward"
)

// surveyDemo writes two awareness surveys from the template: Plan 88's
// half-year, closed, with a baseline in July 2025 and a follow-up in
// December; and the current half-year's, whose follow-up is taking answers
// today. Residents know more after the campaign, the young more than the
// old, and some khu phố more than others.
func surveyDemo(ctx context.Context, tx *db.Tx, w *ward.Ward, users map[string]*account.User, now time.Time) error {
	lead := users["vhxh"]
	act := audit.Actor{WardID: w.ID, UserID: lead.ID, Username: lead.Username, IP: "demo"}
	units, err := ward.Units(ctx, tx, w.ID)
	if err != nil {
		return err
	}
	var khuPho []*ward.Unit
	for _, u := range units {
		if u.Kind == ward.KindKhuPho {
			khuPho = append(khuPho, u)
		}
	}
	r := rand.New(rand.NewPCG(15, 27427))
	today := now.In(vn.Zone)
	type wave struct {
		opens, closes time.Time
		answers       int
		rate          float64 // the share who know, before age and khu phố
	}
	mk := func(title string, waves []wave, closed bool) error {
		in := survey.Input{Title: title, Intro: "Phiếu không ghi tên. Xin anh/chị dành hai phút trả lời.", Questions: survey.Template}
		for _, wv := range waves {
			in.Waves = append(in.Waves, survey.WaveInput{OpensOn: vn.Date(wv.opens), ClosesOn: vn.Date(wv.closes)})
		}
		s, err := survey.Create(ctx, tx, lead, act, in, map[string]string{}, waves[0].opens.AddDate(0, 0, -10))
		if err != nil {
			return err
		}
		if err := survey.SetStatus(ctx, tx, lead, act, s.ID, survey.Open, waves[0].opens.AddDate(0, 0, -1)); err != nil {
			return err
		}
		if s, err = survey.Get(ctx, tx, w.ID, s.ID); err != nil {
			return err
		}
		for wi, wv := range waves {
			last := wv.closes
			if today.Before(last) {
				last = today
			}
			days := int(last.Sub(wv.opens).Hours()/24) + 1
			for i := range wv.answers {
				age := survey.AgeGroups[r.IntN(len(survey.AgeGroups))]
				kp := khuPho[r.IntN(len(khuPho))]
				rate := wv.rate + map[string]float64{"duoi-30": 0.12, "30-44": 0.05, "45-59": -0.04, "tu-60": -0.12}[age.Code] + float64(kp.ID%5-2)*0.03
				ans := map[int64]int{}
				for _, q := range s.Questions {
					know := r.Float64() < rate
					switch q.Kind {
					case survey.YesNo:
						ans[q.ID] = map[bool]int{true: 0, false: 1}[know]
					case survey.Knowledge:
						ans[q.ID] = map[bool]int{true: q.Correct, false: (q.Correct + 1 + r.IntN(len(q.Options)-1)) % len(q.Options)}[know]
					case survey.Scale:
						ans[q.ID] = map[bool]int{true: 3 + r.IntN(2), false: r.IntN(3)}[know]
					}
				}
				resp := survey.Response{KhuPhoID: kp.ID, AgeGroup: age.Code, Sex: survey.Sexes[r.IntN(2)].Code, Answers: ans,
					Device: fmt.Sprintf("demo-%d-%d-%d", s.ID, wi, i)}
				at := wv.opens.AddDate(0, 0, r.IntN(days)).Add(time.Duration(8+r.IntN(10)) * time.Hour)
				if i%4 == 0 { // a quarter on paper, entered by the khu phố's officials
					resp.WaveID, resp.Device = s.Waves[wi].ID, ""
					_, err = survey.Answer(ctx, tx, w.ID, s.ID, lead, resp, at)
				} else {
					_, err = survey.Answer(ctx, tx, w.ID, s.ID, nil, resp, at)
				}
				if err != nil {
					return err
				}
			}
		}
		if closed {
			return survey.SetStatus(ctx, tx, lead, act, s.ID, survey.Closed, waves[len(waves)-1].closes.AddDate(0, 0, 1))
		}
		return nil
	}
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, vn.Zone) }
	if err := mk("Khảo sát hiểu biết về cải cách hành chính, 6 tháng cuối năm 2025",
		[]wave{{day(2025, 7, 1), day(2025, 7, 15), 400, 0.38}, {day(2025, 12, 1), day(2025, 12, 15), 400, 0.58}}, true); err != nil {
		return err
	}
	// The current half-year's: its baseline a fortnight from the half-year's
	// start, its follow-up open from a fortnight ago to a fortnight ahead.
	start := day(today.Year(), time.January, 1)
	if today.Month() > time.June {
		start = day(today.Year(), time.July, 1)
	}
	if today.Before(start.AddDate(0, 2, 0)) {
		return nil // too early in the half-year for a follow-up
	}
	return mk("Khảo sát hiểu biết về cải cách hành chính, "+map[bool]string{true: "6 tháng đầu", false: "6 tháng cuối"}[start.Month() == time.January]+" năm "+fmt.Sprint(start.Year()),
		[]wave{{start, start.AddDate(0, 0, 14), 400, 0.45}, {today.AddDate(0, 0, -14), today.AddDate(0, 0, 14), 150, 0.6}}, false)
}
