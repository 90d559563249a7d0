package survey

import (
	"context"
	"time"

	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/vn"
)

// List reads a ward's surveys, newest first, without their questions.
func List(ctx context.Context, q db.Querier, wardID int64) ([]*Survey, error) {
	return list(ctx, q, wardID, ``)
}

// Public reads the surveys residents see: those no longer drafts.
func Public(ctx context.Context, q db.Querier, wardID int64) ([]*Survey, error) {
	return list(ctx, q, wardID, `and status <> 'draft'`)
}

func list(ctx context.Context, q db.Querier, wardID int64, cond string) ([]*Survey, error) {
	rows, err := q.Query(ctx, `select id from surveys where ward_id = ? `+cond+` order by created_at desc, id desc`, wardID)
	if err != nil {
		return nil, err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]*Survey, 0, len(ids))
	for _, id := range ids {
		s, err := Get(ctx, q, wardID, id)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// Withhold empties the waves not yet ended (ended[i] false), for the
// public: a share shown while answers are still coming in would steer them.
func (r *Results) Withhold(ended []bool) {
	for i := range r.Responses {
		if i < len(ended) && ended[i] {
			continue
		}
		r.Responses[i], r.Flagged[i] = 0, 0
		for qi := range r.Questions {
			qr := &r.Questions[qi]
			withhold(&qr.All, i)
			for _, gs := range [][]Group{qr.KhuPho, qr.Age, qr.Sex} {
				for gi := range gs {
					withhold(&gs[gi], i)
				}
			}
		}
	}
}

func withhold(g *Group, wave int) {
	g.Waves[wave] = Wilson(0, 0)
	clear(g.Choices[wave])
	if len(g.Waves) == 2 {
		g.Change = Difference(g.Waves[0], g.Waves[1])
	}
}

// Template is a ready questionnaire on the plan's purpose, for a ward to
// adapt: what residents know of online services, VNeID and fees, and how
// satisfied they are.
var Template = []QuestionInput{
	{Kind: YesNo, Body: "Anh/chị có biết có thể nộp hồ sơ thủ tục hành chính trực tuyến, không phải đến phường không?", Measure: "biết nộp hồ sơ trực tuyến"},
	{Kind: YesNo, Body: "Anh/chị đã từng dùng tài khoản VNeID để làm thủ tục hành chính chưa?", Measure: "đã dùng VNeID làm thủ tục"},
	{Kind: Knowledge, Body: "Đăng ký khai sinh đúng hạn có phải nộp lệ phí không?", Options: "Có, 50.000 đồng\nKhông phải nộp lệ phí\nKhông biết", Correct: 2, Measure: "biết đăng ký khai sinh đúng hạn không mất lệ phí"},
	{Kind: Knowledge, Body: "Khi cán bộ giải quyết hồ sơ trễ hẹn, anh/chị có thể làm gì?", Options: "Không làm được gì\nGửi phản ánh, kiến nghị đến UBND phường\nPhải nộp lại hồ sơ", Correct: 2, Measure: "biết gửi phản ánh khi hồ sơ trễ hẹn"},
	{Kind: Scale, Body: "Anh/chị hài lòng thế nào với việc giải quyết thủ tục hành chính tại phường?", Measure: "hài lòng với việc giải quyết thủ tục"},
}

// StatusName is the Vietnamese name of a survey's status.
func StatusName(s string) string {
	return map[string]string{Draft: "Đang soạn", Open: "Đang nhận câu trả lời", Closed: "Đã kết thúc"}[s]
}

// Ended says, for each wave, whether it has ended on day (YYYY-MM-DD): its
// last day is past or the survey is closed. Only ended waves' figures are
// shown outside the lead unit.
func (s *Survey) Ended(day string) []bool {
	out := make([]bool, len(s.Waves))
	for i, w := range s.Waves {
		out[i] = w.ClosesOn < day || s.Status == Closed
	}
	return out
}

// InRange reads the results of the surveys with a wave in from–to
// (YYYY-MM-DD), as they stood on asOf: waves not ended by then, or opened
// after the period, withheld.
// It is what the official report shows of measured change.
func InRange(ctx context.Context, q db.Querier, wardID int64, from, to string, asOf time.Time) ([]*Results, error) {
	all, err := Public(ctx, q, wardID)
	if err != nil {
		return nil, err
	}
	day := asOf.In(vn.Zone).Format(time.DateOnly)
	var out []*Results
	for i := len(all) - 1; i >= 0; i-- { // oldest first
		s := all[i]
		meets := false
		for _, w := range s.Waves {
			meets = meets || w.OpensOn <= to && w.ClosesOn >= from && w.OpensOn <= day
		}
		if !meets {
			continue
		}
		r, err := Read(ctx, q, s)
		if err != nil {
			return nil, err
		}
		ended := s.Ended(day)
		for wi, w := range s.Waves {
			ended[wi] = ended[wi] && w.OpensOn <= to // a wave after the period is not the period's
		}
		r.Withhold(ended)
		out = append(out, r)
	}
	return out, nil
}
