// Package contest is the contest channel of the plan (hội thi, cuộc thi
// trực tuyến tìm hiểu về cải cách hành chính): a bank of multiple-choice
// questions with their revisions; contests with their rules and rounds, each
// drawing its papers from a stratified pool frozen when the leader approves
// it; takers who verify a phone with a one-time code; attempts timed and
// scored by the server only; the ranking with the usual tie-breaks, prizes
// approved by the leader, published winners and certificates; and the round
// counted as an activity of the organising unit.
package contest

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/cchc-vn/cchc/internal/account"
	"github.com/cchc-vn/cchc/internal/audit"
	"github.com/cchc-vn/cchc/internal/check"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/vn"
)

// ErrForbidden is returned when an official may not do what they asked.
var ErrForbidden = check.ErrForbidden

// Who may take part.
const (
	ScopeWard = "phuong"    // residents of the ward's khu phố, or people working in the ward
	ScopeCity = "thanh_pho" // residents of the city, or people working in it
)

// ScopeName is the Vietnamese label of a scope.
func ScopeName(s string) string {
	if s == ScopeCity {
		return "Người dân sinh sống, làm việc, học tập trên địa bàn thành phố"
	}
	return "Người dân sinh sống, làm việc, học tập trên địa bàn phường"
}

// Contest is a contest with its rounds.
type Contest struct {
	ID               int64
	WardID           int64
	Slug             string
	Title            string
	Summary          string
	Rules            string // Markdown
	MinAge           int
	Scope            string
	ExcludeOfficials bool
	RetentionDays    int
	UnitID           int64 // the organising unit
	UnitName         string
	ChannelCode      string // the plan's channel its rounds count on
	CreatedAt        time.Time
	UpdatedAt        time.Time
	PurgedAt         time.Time
	Rounds           []*Round
}

// ContestInput is a contest as an official writes it.
type ContestInput struct {
	Title, Summary, Rules, Scope string
	MinAge, RetentionDays        int
	ExcludeOfficials             *bool // nil: not answered
	UnitID                       int64
	ChannelCode                  string
}

// validate cleans the input; units and channels are the ward's and the plan's.
func (in *ContestInput) validate(units map[int64]string, channels map[string]string) check.Errors {
	for _, s := range []*string{&in.Title, &in.Summary, &in.Rules} {
		*s = vn.Clean(*s)
	}
	e := check.Errors{}
	e.Text("title", in.Title, true, 200, "Tên cuộc thi")
	e.Text("summary", in.Summary, false, 500, "Giới thiệu ngắn")
	e.Text("rules", in.Rules, true, 20000, "Thể lệ")
	if in.Scope != ScopeWard && in.Scope != ScopeCity {
		e["scope"] = "Vui lòng chọn đối tượng dự thi."
	}
	if in.ExcludeOfficials == nil {
		e["exclude_officials"] = "Vui lòng chọn cán bộ, công chức của cơ quan tổ chức có được dự thi không."
	}
	if in.MinAge < 6 || in.MinAge > 100 {
		e["min_age"] = "Tuổi tối thiểu phải từ 6 đến 100."
	}
	if in.RetentionDays < 30 || in.RetentionDays > 1825 {
		e["retention_days"] = "Thời gian lưu dữ liệu cá nhân phải từ 30 đến 1.825 ngày."
	}
	if _, ok := units[in.UnitID]; !ok {
		e["unit_id"] = "Vui lòng chọn đơn vị tổ chức."
	}
	if _, ok := channels[in.ChannelCode]; !ok && len(channels) > 0 {
		e["channel"] = "Vui lòng chọn hình thức tuyên truyền của kế hoạch."
	}
	return e
}

var slugClean = regexp.MustCompile(`[^a-z0-9]+`)

func slugOf(title string) string {
	s := strings.Trim(slugClean.ReplaceAllString(vn.Fold(title), "-"), "-")
	if r := []rune(s); len(r) > 60 {
		s = strings.TrimRight(string(r[:60]), "-")
	}
	if s == "" {
		s = "cuoc-thi"
	}
	return s
}

// SaveContest creates (id 0) or updates a contest.
func SaveContest(ctx context.Context, conn db.Conn, u *account.User, actor audit.Actor, id int64, in ContestInput, units map[int64]string,
	channels map[string]string, now time.Time) (int64, error) {
	return db.Run(ctx, conn, func(tx *db.Tx) (int64, error) {
		if !CanManage(u) {
			return 0, ErrForbidden
		}
		if err := in.validate(units, channels).Err(); err != nil {
			return 0, err
		}
		exclude := *in.ExcludeOfficials
		after := map[string]any{"title": in.Title, "summary": in.Summary, "scope": in.Scope, "min_age": in.MinAge, "exclude_officials": exclude,
			"retention_days": in.RetentionDays, "unit": units[in.UnitID], "channel": channels[in.ChannelCode]}
		if id == 0 {
			slug := slugOf(in.Title)
			for n := 2; ; n++ {
				if _, err := BySlug(ctx, tx, u.WardID, slug); errors.Is(err, db.ErrNotFound) {
					break
				} else if err != nil {
					return 0, err
				}
				slug = slugOf(in.Title) + "-" + strconv.Itoa(n)
			}
			if err := tx.QueryRow(ctx, `insert into contests (ward_id, slug, title, summary, rules, min_age, scope, exclude_officials, retention_days, unit_id,
				channel_code, created_by, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id`,
				u.WardID, slug, in.Title, in.Summary, in.Rules, in.MinAge, in.Scope, boolInt(exclude), in.RetentionDays, in.UnitID, in.ChannelCode,
				u.ID, db.FormatTime(now), db.FormatTime(now)).Scan(&id); err != nil {
				return 0, err
			}
			return id, audit.Record(ctx, tx, actor, "contest.save", "contest", id, "Tạo cuộc thi "+in.Title, nil, after)
		}
		c, err := Get(ctx, tx, u.WardID, id)
		if err != nil {
			return 0, err
		}
		if _, err := tx.Exec(ctx, `update contests set title = ?, summary = ?, rules = ?, min_age = ?, scope = ?, exclude_officials = ?, retention_days = ?,
			unit_id = ?, channel_code = ?, updated_at = ? where id = ?`, in.Title, in.Summary, in.Rules, in.MinAge, in.Scope, boolInt(exclude),
			in.RetentionDays, in.UnitID, in.ChannelCode, db.FormatTime(now), id); err != nil {
			return 0, err
		}
		return id, audit.Record(ctx, tx, actor, "contest.save", "contest", id, "Sửa cuộc thi "+in.Title,
			map[string]any{"title": c.Title, "summary": c.Summary, "scope": c.Scope, "min_age": c.MinAge, "exclude_officials": c.ExcludeOfficials,
				"retention_days": c.RetentionDays, "unit": c.UnitName, "channel": channels[c.ChannelCode]}, after)
	})
}

const contestCols = `c.id, c.ward_id, c.slug, c.title, c.summary, c.rules, c.min_age, c.scope, c.exclude_officials, c.retention_days,
	coalesce(c.unit_id, 0), coalesce(un.name, ''), c.channel_code, c.created_at, c.updated_at, c.purged_at
	from contests c left join units un on un.id = c.unit_id`

func scanContest(row interface{ Scan(...any) error }) (*Contest, error) {
	var c Contest
	var excl int
	var created, updated, purged string
	err := row.Scan(&c.ID, &c.WardID, &c.Slug, &c.Title, &c.Summary, &c.Rules, &c.MinAge, &c.Scope, &excl, &c.RetentionDays, &c.UnitID, &c.UnitName,
		&c.ChannelCode, &created, &updated, &purged)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, db.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	c.ExcludeOfficials = excl != 0
	c.CreatedAt, c.UpdatedAt = db.ParseTime(created), db.ParseTime(updated)
	if purged != "" {
		c.PurgedAt = db.ParseTime(purged)
	}
	return &c, nil
}

// Get returns a contest of the ward with its rounds.
func Get(ctx context.Context, q db.Querier, wardID, id int64) (*Contest, error) {
	c, err := scanContest(q.QueryRow(ctx, `select `+contestCols+` where c.ward_id = ? and c.id = ?`, wardID, id))
	if err != nil {
		return nil, err
	}
	if c.Rounds, err = roundsOf(ctx, q, c.ID); err != nil {
		return nil, err
	}
	return c, WithCounts(ctx, q, c)
}

// BySlug returns a contest of the ward by its address, with its rounds
// but not their counts (WithCounts): it is read on every taker's request.
func BySlug(ctx context.Context, q db.Querier, wardID int64, slug string) (*Contest, error) {
	c, err := scanContest(q.QueryRow(ctx, `select `+contestCols+` where c.ward_id = ? and c.slug = ?`, wardID, slug))
	if err != nil {
		return nil, err
	}
	c.Rounds, err = roundsOf(ctx, q, c.ID)
	return c, err
}

// List returns the ward's contests with their rounds, the newest first.
func List(ctx context.Context, q db.Querier, wardID int64) ([]*Contest, error) {
	rows, err := q.Query(ctx, `select `+contestCols+` where c.ward_id = ? order by c.created_at desc, c.id desc`, wardID)
	if err != nil {
		return nil, err
	}
	var out []*Contest
	for rows.Next() {
		c, err := scanContest(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, c := range out {
		if c.Rounds, err = roundsOf(ctx, q, c.ID); err != nil {
			return nil, err
		}
		if err := WithCounts(ctx, q, c); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Public returns the contests the portal shows: those with a round approved.
func Public(ctx context.Context, q db.Querier, wardID int64) ([]*Contest, error) {
	all, err := List(ctx, q, wardID)
	if err != nil {
		return nil, err
	}
	var out []*Contest
	for _, c := range all {
		if len(c.Published()) > 0 {
			out = append(out, c)
		}
	}
	return out, nil
}

// Published is the contest's approved rounds, which the public sees.
func (c *Contest) Published() []*Round {
	var out []*Round
	for _, r := range c.Rounds {
		if r.Status == RoundApproved {
			out = append(out, r)
		}
	}
	return out
}

// Round returns the contest's round of a number.
func (c *Contest) Round(number int) *Round {
	for _, r := range c.Rounds {
		if r.Number == number {
			return r
		}
	}
	return nil
}

// Round statuses: a round is written, sent to the leader, approved (then
// published) or sent back.
const (
	RoundDraft    = "draft"
	RoundPending  = "pending"
	RoundApproved = "approved"
	RoundReturned = "returned"
)

// Results statuses.
const (
	ResultsProposed = "proposed"
	ResultsApproved = "approved"
)

// RoundStatusName is the Vietnamese label of a round's status.
func RoundStatusName(s string) string {
	switch s {
	case RoundDraft:
		return "Đang soạn"
	case RoundPending:
		return "Chờ lãnh đạo duyệt"
	case RoundApproved:
		return "Đã duyệt"
	case RoundReturned:
		return "Lãnh đạo trả lại"
	}
	return s
}

// Stratum is one part of the draw: so many questions of a theme and a
// difficulty (an empty theme or a zero difficulty takes any).
type Stratum struct {
	Theme      string `json:"theme"`
	Difficulty int    `json:"difficulty"`
	Count      int    `json:"count"`
}

// Prizes is how many individual prizes a round gives.
type Prizes struct {
	First       int `json:"first"`
	Second      int `json:"second"`
	Third       int `json:"third"`
	Consolation int `json:"consolation"`
}

// Total is the number of individual prizes.
func (p Prizes) Total() int { return p.First + p.Second + p.Third + p.Consolation }

// Prize codes and names.
const (
	PrizeFirst       = "nhat"
	PrizeSecond      = "nhi"
	PrizeThird       = "ba"
	PrizeConsolation = "khuyen_khich"
)

// PrizeName is the Vietnamese name of a prize.
func PrizeName(p string) string {
	switch p {
	case PrizeFirst:
		return "Giải Nhất"
	case PrizeSecond:
		return "Giải Nhì"
	case PrizeThird:
		return "Giải Ba"
	case PrizeConsolation:
		return "Giải Khuyến khích"
	}
	return ""
}

// Round is one round of a contest.
type Round struct {
	ID           int64
	ContestID    int64
	Number       int
	Title        string
	OpensAt      time.Time
	ClosesAt     time.Time
	TimeLimit    int // minutes
	Attempts     int // allowed per taker; the best counts
	Draw         []Stratum
	Prediction   string // the prediction question, empty for none
	Prizes       Prizes
	Status       string
	SubmittedBy  int64
	DecidedBy    string
	DecidedAt    time.Time
	Note         string
	Results      string // "", proposed, approved
	ResultsBy    int64
	ResultsAt    time.Time
	AllCorrect   int // takers with every answer right, once the results are approved
	ActivityID   int64
	Takers       int // takers with a submitted attempt (filled by Get, GetRound, List, Public and WithCounts)
	PoolSize     int // questions frozen for the draw (the same)
	SubmittedByN string
}

// Questions is how many questions a paper has.
func (r *Round) Questions() int {
	n := 0
	for _, s := range r.Draw {
		n += s.Count
	}
	return n
}

// Phase of an approved round at a time: before, open, closed.
const (
	PhaseSoon   = "soon"
	PhaseOpen   = "open"
	PhaseClosed = "closed"
)

// Phase is where an approved round stands at now.
func (r *Round) Phase(now time.Time) string {
	switch {
	case now.Before(r.OpensAt):
		return PhaseSoon
	case now.Before(r.ClosesAt):
		return PhaseOpen
	}
	return PhaseClosed
}

// PhaseName is the Vietnamese label of a round's phase at now.
func (r *Round) PhaseName(now time.Time) string {
	if r.Status != RoundApproved {
		return RoundStatusName(r.Status)
	}
	switch r.Phase(now) {
	case PhaseSoon:
		return "Sắp mở"
	case PhaseOpen:
		return "Đang diễn ra"
	}
	if r.Results == ResultsApproved {
		return "Đã có kết quả"
	}
	return "Đã kết thúc, đang chấm"
}

// Editable is whether the round may still be changed: not sent, or sent back.
func (r *Round) Editable() bool { return r.Status == RoundDraft || r.Status == RoundReturned }

const roundCols = `r.id, r.contest_id, r.number, r.title, r.opens_at, r.closes_at, r.time_limit, r.attempts, r.draw, r.prediction, r.prizes, r.status,
	coalesce(r.submitted_by, 0), coalesce(sb.full_name, ''), coalesce(d.full_name, ''), r.decided_at, r.decision_note, r.results_status, coalesce(r.results_by, 0), r.results_at,
	r.all_correct, coalesce(r.activity_id, 0)
	from contest_rounds r left join users sb on sb.id = r.submitted_by left join users d on d.id = r.decided_by`

func scanRound(row interface{ Scan(...any) error }) (*Round, error) {
	var r Round
	var opens, closes, draw, prizes, decided, resultsAt string
	err := row.Scan(&r.ID, &r.ContestID, &r.Number, &r.Title, &opens, &closes, &r.TimeLimit, &r.Attempts, &draw, &r.Prediction, &prizes, &r.Status,
		&r.SubmittedBy, &r.SubmittedByN, &r.DecidedBy, &decided, &r.Note, &r.Results, &r.ResultsBy, &resultsAt, &r.AllCorrect, &r.ActivityID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, db.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	r.OpensAt, r.ClosesAt = db.ParseTime(opens), db.ParseTime(closes)
	json.Unmarshal([]byte(draw), &r.Draw)
	json.Unmarshal([]byte(prizes), &r.Prizes)
	if decided != "" {
		r.DecidedAt = db.ParseTime(decided)
	}
	if resultsAt != "" {
		r.ResultsAt = db.ParseTime(resultsAt)
	}
	return &r, nil
}

func roundsOf(ctx context.Context, q db.Querier, contestID int64) ([]*Round, error) {
	rows, err := q.Query(ctx, `select `+roundCols+` where r.contest_id = ? order by r.number`, contestID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Round
	for rows.Next() {
		r, err := scanRound(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// WithCounts fills each round's takers and frozen pool: what the pages that
// show them need, and what a taker's every answer does not.
func WithCounts(ctx context.Context, q db.Querier, c *Contest) error {
	byID := map[int64]*Round{}
	for _, r := range c.Rounds {
		byID[r.ID] = r
	}
	for _, x := range []struct {
		query string
		set   func(*Round, int)
	}{
		{`select a.round_id, count(distinct a.taker_id) from contest_attempts a join contest_rounds r on r.id = a.round_id
			where r.contest_id = ? and a.open = 0 group by a.round_id`, func(r *Round, n int) { r.Takers = n }},
		{`select rq.round_id, count(*) from contest_round_questions rq join contest_rounds r on r.id = rq.round_id
			where r.contest_id = ? group by rq.round_id`, func(r *Round, n int) { r.PoolSize = n }},
	} {
		rows, err := q.Query(ctx, x.query, c.ID)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id int64
			var n int
			if err := rows.Scan(&id, &n); err != nil {
				rows.Close()
				return err
			}
			if r := byID[id]; r != nil {
				x.set(r, n)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

// GetRound returns a round of the ward's contests with its contest.
func GetRound(ctx context.Context, q db.Querier, wardID, id int64) (*Contest, *Round, error) {
	var contestID int64
	err := q.QueryRow(ctx, `select r.contest_id from contest_rounds r join contests c on c.id = r.contest_id where c.ward_id = ? and r.id = ?`,
		wardID, id).Scan(&contestID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, db.ErrNotFound
	}
	if err != nil {
		return nil, nil, err
	}
	c, err := Get(ctx, q, wardID, contestID)
	if err != nil {
		return nil, nil, err
	}
	for _, r := range c.Rounds {
		if r.ID == id {
			return c, r, nil
		}
	}
	return nil, nil, db.ErrNotFound
}

// RoundInput is a round as an official writes it: times as dd/mm/yyyy hh:mm.
type RoundInput struct {
	Title      string
	Opens      string
	Closes     string
	TimeLimit  int
	Attempts   int
	Draw       []Stratum
	Prediction string
	Prizes     Prizes
}

// ParseTime reads "dd/mm/yyyy hh:mm" (or a bare date, meaning its start) in
// Vietnam's time zone.
func ParseTime(s string) (time.Time, error) {
	s = strings.Join(strings.Fields(s), " ")
	for _, layout := range []string{"2/1/2006 15:04", "2/1/2006 15h04", "2/1/2006"} {
		if t, err := time.ParseInLocation(layout, s, vn.Zone); err == nil {
			return t, nil
		}
	}
	return time.Time{}, errors.New("not a time")
}

// FormatTime is the form's way of writing a time: "dd/mm/yyyy hh:mm".
func FormatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(vn.Zone).Format("02/01/2006 15:04")
}

func (in *RoundInput) validate(themes map[string]string) (check.Errors, time.Time, time.Time) {
	in.Title = vn.Clean(in.Title)
	in.Prediction = vn.Clean(in.Prediction)
	e := check.Errors{}
	e.Text("title", in.Title, true, 200, "Tên vòng thi")
	e.Text("prediction", in.Prediction, false, 300, "Câu hỏi dự đoán")
	opens, err := ParseTime(in.Opens)
	if err != nil {
		e["opens"] = "Thời gian mở phải có dạng ngày/tháng/năm giờ:phút, ví dụ 01/12/2026 08:00."
	}
	closes, err := ParseTime(in.Closes)
	if err != nil {
		e["closes"] = "Thời gian đóng phải có dạng ngày/tháng/năm giờ:phút, ví dụ 07/12/2026 20:00."
	} else if e["opens"] == "" && !closes.After(opens) {
		e["closes"] = "Thời gian đóng phải sau thời gian mở."
	} else if e["opens"] == "" && closes.Sub(opens) > 366*24*time.Hour {
		e["closes"] = "Một vòng thi kéo dài tối đa một năm."
	}
	if in.TimeLimit < 1 || in.TimeLimit > 180 {
		e["time_limit"] = "Thời gian làm bài phải từ 1 đến 180 phút."
	}
	if in.Attempts < 1 || in.Attempts > 10 {
		e["attempts"] = "Số lượt dự thi phải từ 1 đến 10."
	}
	var draw []Stratum
	total := 0
	for _, s := range in.Draw {
		if s.Count == 0 {
			continue
		}
		if s.Count < 0 || s.Count > 100 {
			e["draw"] = "Số câu hỏi của mỗi nhóm phải từ 0 đến 100."
			continue
		}
		if _, ok := themes[s.Theme]; s.Theme != "" && !ok {
			e["draw"] = "Nội dung " + s.Theme + " không có trong kế hoạch."
			continue
		}
		if s.Difficulty < 0 || s.Difficulty > Hard {
			e["draw"] = "Mức độ không hợp lệ."
			continue
		}
		total += s.Count
		draw = append(draw, s)
	}
	in.Draw = draw
	if e["draw"] == "" && (total < 1 || total > 100) {
		e["draw"] = "Mỗi bài thi có từ 1 đến 100 câu hỏi."
	}
	p := in.Prizes
	if p.First < 0 || p.Second < 0 || p.Third < 0 || p.Consolation < 0 || p.Total() > 500 {
		e["prizes"] = "Số giải phải từ 0 và tổng cộng không quá 500."
	}
	return e, opens, closes
}

// SaveRound creates (id 0, in contestID) or updates a round that is still editable.
func SaveRound(ctx context.Context, conn db.Conn, u *account.User, actor audit.Actor, contestID, id int64, in RoundInput, themes map[string]string, now time.Time) (int64, error) {
	return db.Run(ctx, conn, func(tx *db.Tx) (int64, error) {
		if !CanManage(u) {
			return 0, ErrForbidden
		}
		c, err := Get(ctx, tx, u.WardID, contestID)
		if err != nil {
			return 0, err
		}
		e, opens, closes := in.validate(themes)
		if err := e.Err(); err != nil {
			return 0, err
		}
		draw, _ := json.Marshal(in.Draw)
		prizes, _ := json.Marshal(in.Prizes)
		after := map[string]any{"title": in.Title, "opens": FormatTime(opens), "closes": FormatTime(closes), "time_limit": in.TimeLimit,
			"attempts": in.Attempts, "questions": total(in.Draw), "prediction": in.Prediction, "prizes": prizeText(in.Prizes)}
		if id == 0 {
			number := len(c.Rounds) + 1
			if err := tx.QueryRow(ctx, `insert into contest_rounds (contest_id, number, title, opens_at, closes_at, time_limit, attempts, draw, prediction, prizes, status)
				values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id`, c.ID, number, in.Title, db.FormatTime(opens), db.FormatTime(closes), in.TimeLimit,
				in.Attempts, string(draw), in.Prediction, string(prizes), RoundDraft).Scan(&id); err != nil {
				return 0, err
			}
			return id, audit.Record(ctx, tx, actor, "contest.round", "contest_round", id, fmt.Sprintf("Thêm vòng %d: %s (%s)", number, in.Title, c.Title), nil, after)
		}
		var r *Round
		for _, x := range c.Rounds {
			if x.ID == id {
				r = x
			}
		}
		if r == nil {
			return 0, db.ErrNotFound
		}
		if !r.Editable() {
			return 0, check.Errors{"round": "Vòng thi đã gửi duyệt hoặc đã duyệt, không sửa được."}
		}
		if _, err := tx.Exec(ctx, `update contest_rounds set title = ?, opens_at = ?, closes_at = ?, time_limit = ?, attempts = ?, draw = ?, prediction = ?, prizes = ?
			where id = ?`, in.Title, db.FormatTime(opens), db.FormatTime(closes), in.TimeLimit, in.Attempts, string(draw), in.Prediction, string(prizes), id); err != nil {
			return 0, err
		}
		return id, audit.Record(ctx, tx, actor, "contest.round", "contest_round", id, fmt.Sprintf("Sửa vòng %d: %s", r.Number, in.Title),
			map[string]any{"title": r.Title, "opens": FormatTime(r.OpensAt), "closes": FormatTime(r.ClosesAt), "time_limit": r.TimeLimit,
				"attempts": r.Attempts, "questions": r.Questions(), "prediction": r.Prediction, "prizes": prizeText(r.Prizes)}, after)
	})
}

func total(d []Stratum) int {
	n := 0
	for _, s := range d {
		n += s.Count
	}
	return n
}

func prizeText(p Prizes) string {
	return fmt.Sprintf("%d nhất, %d nhì, %d ba, %d khuyến khích", p.First, p.Second, p.Third, p.Consolation)
}

// pool is the current revisions a stratum draws from.
func pool(ctx context.Context, q db.Querier, wardID int64, s Stratum) ([]int64, error) {
	where, args := ` where q.ward_id = ? and q.retired = 0`, []any{wardID}
	if s.Theme != "" {
		where += ` and r.theme_code = ?`
		args = append(args, s.Theme)
	}
	if s.Difficulty != 0 {
		where += ` and r.difficulty = ?`
		args = append(args, s.Difficulty)
	}
	rows, err := q.Query(ctx, `select r.id from contest_questions q join contest_question_revisions r on r.question_id = q.id and r.revision = q.revision`+where+
		` order by r.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// checkPool says, per stratum, whether the bank holds enough questions: the
// strata are drawn in turn and a question one stratum took is not drawn again.
func checkPool(ctx context.Context, q db.Querier, wardID int64, draw []Stratum, themes map[string]string) (map[int]int, check.Errors, error) {
	taken := map[int64]bool{}
	avail := map[int]int{}
	e := check.Errors{}
	for i, s := range draw {
		ids, err := pool(ctx, q, wardID, s)
		if err != nil {
			return nil, nil, err
		}
		n := 0
		for _, id := range ids {
			if !taken[id] {
				n++
			}
		}
		avail[i] = n
		if n < s.Count {
			name := "mọi nội dung"
			if s.Theme != "" {
				name = "nội dung " + s.Theme + " – " + themes[s.Theme]
			}
			level := "mọi mức độ"
			if s.Difficulty != 0 {
				level = "mức " + vn.LowerFirst(DifficultyName(s.Difficulty))
			}
			e["draw"] = fmt.Sprintf("Ngân hàng chỉ có %d câu hỏi %s, %s cho nhóm cần %d câu.", n, name, level, s.Count)
		}
		for _, id := range ids {
			taken[id] = true
		}
	}
	return avail, e, nil
}

// PoolSizes is how many questions the bank holds for each stratum of a draw.
func PoolSizes(ctx context.Context, q db.Querier, wardID int64, draw []Stratum) (map[int]int, error) {
	avail, _, err := checkPool(ctx, q, wardID, draw, nil)
	return avail, err
}

// SubmitRound sends a round to the leader.
func SubmitRound(ctx context.Context, conn db.Conn, u *account.User, actor audit.Actor, id int64, themes map[string]string, now time.Time) error {
	return conn.InTx(ctx, func(tx *db.Tx) error {
		if !CanManage(u) {
			return ErrForbidden
		}
		c, r, err := GetRound(ctx, tx, u.WardID, id)
		if err != nil {
			return err
		}
		if !r.Editable() {
			return check.Errors{"round": "Vòng thi đã được gửi duyệt."}
		}
		if !r.ClosesAt.After(now) {
			return check.Errors{"closes": "Thời gian đóng của vòng thi đã qua."}
		}
		if _, e, err := checkPool(ctx, tx, u.WardID, r.Draw, themes); err != nil {
			return err
		} else if err := e.Err(); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `update contest_rounds set status = ?, submitted_by = ? where id = ?`, RoundPending, u.ID, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, actor, "contest.round", "contest_round", id, fmt.Sprintf("Gửi duyệt vòng %d (%s)", r.Number, c.Title),
			map[string]any{"status": r.Status}, map[string]any{"status": RoundPending})
	})
}

// DecideRound approves or returns a round sent for approval. Nobody approves
// a round they sent. Approving freezes the pool: the current revisions of the
// questions each stratum may draw, so later edits apply to later rounds.
func DecideRound(ctx context.Context, conn db.Conn, u *account.User, actor audit.Actor, id int64, approve bool, note string, themes map[string]string, now time.Time) error {
	return conn.InTx(ctx, func(tx *db.Tx) error {
		if !CanApprove(u) {
			return ErrForbidden
		}
		c, r, err := GetRound(ctx, tx, u.WardID, id)
		if err != nil {
			return err
		}
		note = vn.Clean(note)
		switch {
		case r.Status != RoundPending:
			return check.Errors{"decision": "Vòng thi không ở trạng thái chờ duyệt."}
		case r.SubmittedBy == u.ID:
			return check.Errors{"decision": "Người gửi duyệt không tự duyệt vòng thi của mình."}
		case !approve && note == "":
			return check.Errors{"note": "Vui lòng ghi lý do trả lại."}
		case len([]rune(note)) > 1000:
			return check.Errors{"note": "Ý kiến quá dài (tối đa 1.000 ký tự)."}
		}
		status := RoundReturned
		if approve {
			status = RoundApproved
			if !r.ClosesAt.After(now) {
				return check.Errors{"decision": "Thời gian đóng của vòng thi đã qua, đề nghị trả lại để sửa."}
			}
			if _, e, err := checkPool(ctx, tx, u.WardID, r.Draw, themes); err != nil {
				return err
			} else if err := e.Err(); err != nil {
				return err
			}
			seen := map[int64]bool{}
			for _, s := range r.Draw {
				ids, err := pool(ctx, tx, u.WardID, s)
				if err != nil {
					return err
				}
				for _, rev := range ids {
					if seen[rev] {
						continue
					}
					seen[rev] = true
					if _, err := tx.Exec(ctx, `insert into contest_round_questions (round_id, revision_id) values (?, ?)`, id, rev); err != nil {
						return err
					}
				}
			}
		}
		if _, err := tx.Exec(ctx, `update contest_rounds set status = ?, decided_by = ?, decided_at = ?, decision_note = ? where id = ?`,
			status, u.ID, db.FormatTime(now), note, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, actor, "contest.round", "contest_round", id, fmt.Sprintf("%s vòng %d (%s)", RoundStatusName(status), r.Number, c.Title),
			map[string]any{"status": r.Status}, map[string]any{"status": status, "note": note})
	})
}
