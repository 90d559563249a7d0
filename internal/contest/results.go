package contest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/cchc-vn/cchc/internal/account"
	"github.com/cchc-vn/cchc/internal/activity"
	"github.com/cchc-vn/cchc/internal/audit"
	"github.com/cchc-vn/cchc/internal/check"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/notice"
	"github.com/cchc-vn/cchc/internal/vn"
)

// entries reads a round's submitted attempts of takers not excluded.
func entries(ctx context.Context, q db.Querier, roundID int64) ([]*Entry, error) {
	rows, err := q.Query(ctx, `select a.id, a.taker_id, t.full_name, coalesce(t.unit_id, 0), coalesce(un.name, ''), t.workplace, t.address,
		a.correct, a.size, a.duration_ms, a.prediction, a.submitted_at
		from contest_attempts a join contest_takers t on t.id = a.taker_id left join units un on un.id = t.unit_id
		where a.round_id = ? and a.open = 0 and t.excluded = 0 order by a.id`, roundID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Entry
	for rows.Next() {
		var e Entry
		var unitName, workplace, address, submitted string
		var ms int64
		var pred sql.NullInt64
		if err := rows.Scan(&e.AttemptID, &e.TakerID, &e.Name, &e.UnitID, &unitName, &workplace, &address, &e.Correct, &e.Size, &ms, &pred, &submitted); err != nil {
			return nil, err
		}
		e.Place = (&Taker{UnitName: unitName, Workplace: workplace, Address: address}).Place()
		e.Duration = time.Duration(ms) * time.Millisecond
		e.SubmittedAt = db.ParseTime(submitted)
		if pred.Valid {
			e.Prediction = &pred.Int64
		}
		out = append(out, &e)
	}
	return out, rows.Err()
}

// Standing is a round's ranking as of now, before or after approval.
type Standing struct {
	Ranked    []*Entry
	Truth     int // takers with every answer right
	ByTakers  []Group
	ByAverage []Group
	Open      int // attempts still open
	Approved  bool
}

// Standings ranks a round: the stored list once results are proposed or
// approved, else the live ranking of the submitted attempts.
func Standings(ctx context.Context, q db.Querier, r *Round) (*Standing, error) {
	var s Standing
	if err := q.QueryRow(ctx, `select count(*) from contest_attempts where round_id = ? and open = 1`, r.ID).Scan(&s.Open); err != nil {
		return nil, err
	}
	var err error
	if r.Results != "" {
		s.Ranked, err = Results(ctx, q, r.ID)
		s.Truth, s.Approved = r.AllCorrect, r.Results == ResultsApproved
	} else {
		var all []*Entry
		if all, err = entries(ctx, q, r.ID); err == nil {
			s.Ranked, s.Truth = Rank(all, r.Prizes)
		}
	}
	if err != nil {
		return nil, err
	}
	s.ByTakers, s.ByAverage = Groups(s.Ranked)
	return &s, nil
}

func certificateCode() string {
	const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	b := make([]byte, 10)
	rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}

// ProposeResults closes what is left open of a round that has ended, ranks
// it and stores the list with its prizes for the leader to approve.
func ProposeResults(ctx context.Context, conn db.Conn, u *account.User, actor audit.Actor, roundID int64, now time.Time) error {
	return conn.InTx(ctx, func(tx *db.Tx) error {
		if !CanManage(u) {
			return ErrForbidden
		}
		c, r, err := GetRound(ctx, tx, u.WardID, roundID)
		if err != nil {
			return err
		}
		switch {
		case r.Status != RoundApproved:
			return check.Errors{"results": "Vòng thi chưa được duyệt."}
		case r.Phase(now) != PhaseClosed:
			return check.Errors{"results": "Vòng thi chưa kết thúc (đóng lúc " + FormatTime(r.ClosesAt) + ")."}
		case r.Results != "":
			return check.Errors{"results": "Kết quả đã được trình duyệt."}
		}
		if err := closeExpired(ctx, tx, `a.round_id = ?`, []any{r.ID}, now.Add(Grace)); err != nil {
			return err
		}
		all, err := entries(ctx, tx, r.ID)
		if err != nil {
			return err
		}
		ranked, truth := Rank(all, r.Prizes)
		for _, e := range ranked {
			var pred any
			if e.Prediction != nil {
				pred = *e.Prediction
			}
			if _, err := tx.Exec(ctx, `insert into contest_results (round_id, rank, prediction, submitted_at, taker_id, attempt_id, prize, correct, duration_ms, certificate)
				values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, r.ID, e.Rank, pred, db.FormatTime(e.SubmittedAt), e.TakerID, e.AttemptID, e.Prize, e.Correct,
				e.Duration.Milliseconds(), certificateCode()); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(ctx, `update contest_rounds set results_status = ?, results_by = ?, results_at = ?, all_correct = ? where id = ?`,
			ResultsProposed, u.ID, db.FormatTime(now), truth, r.ID); err != nil {
			return err
		}
		winners := 0
		for _, e := range ranked {
			if e.Prize != "" {
				winners++
			}
		}
		return audit.Record(ctx, tx, actor, "contest.results", "contest_round", r.ID, fmt.Sprintf("Trình kết quả vòng %d (%s): %d người dự thi, %d giải",
			r.Number, c.Title, len(ranked), winners), nil, map[string]any{"results": ResultsProposed, "takers": len(ranked), "all_correct": truth})
	})
}

// DecideResults approves the proposed list (it is published, certificates
// are issued and the round counts as activities of the plan) or sends it
// back (the list is dropped, to be proposed again). Nobody approves a list
// they proposed.
func DecideResults(ctx context.Context, conn db.Conn, u *account.User, actor audit.Actor, roundID int64, approve bool, note, link string, now time.Time) error {
	return conn.InTx(ctx, func(tx *db.Tx) error {
		if !CanApprove(u) {
			return ErrForbidden
		}
		c, r, err := GetRound(ctx, tx, u.WardID, roundID)
		if err != nil {
			return err
		}
		note = vn.Clean(note)
		switch {
		case r.Results != ResultsProposed:
			return check.Errors{"decision": "Không có kết quả chờ duyệt."}
		case r.ResultsBy == u.ID:
			return check.Errors{"decision": "Người trình kết quả không tự duyệt kết quả của mình."}
		case !approve && note == "":
			return check.Errors{"note": "Vui lòng ghi lý do trả lại."}
		case len([]rune(note)) > 1000:
			return check.Errors{"note": "Ý kiến quá dài (tối đa 1.000 ký tự)."}
		}
		if !approve {
			if _, err := tx.Exec(ctx, `delete from contest_results where round_id = ?`, r.ID); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `update contest_rounds set results_status = '', results_by = null, all_correct = 0 where id = ?`, r.ID); err != nil {
				return err
			}
			return audit.Record(ctx, tx, actor, "contest.results", "contest_round", r.ID, fmt.Sprintf("Trả lại kết quả vòng %d (%s)", r.Number, c.Title),
				map[string]any{"results": ResultsProposed}, map[string]any{"results": "", "note": note})
		}
		ranked, err := Results(ctx, tx, r.ID)
		if err != nil {
			return err
		}
		byUnit := map[int64]int{}
		elsewhere := 0
		for _, e := range ranked {
			if e.UnitID != 0 {
				byUnit[e.UnitID]++
			} else {
				elsewhere++
			}
		}
		themes, err := roundThemes(ctx, tx, r.ID)
		if err != nil {
			return err
		}
		ids, err := activity.RecordContestRound(ctx, tx, actor, u.WardID, activity.ContestRound{UnitID: c.UnitID, ChannelCode: c.ChannelCode,
			HeldOn: r.ClosesAt.Add(-time.Second).In(vn.Zone).Format(db.DateFormat), Themes: themes,
			Title: fmt.Sprintf("%s – %s: %d người dự thi", c.Title, r.Title, len(ranked)), Link: link, KhuPho: byUnit, Elsewhere: elsewhere})
		if err != nil {
			return err
		}
		var act any
		if len(ids) > 0 {
			act = ids[0]
		}
		if _, err := tx.Exec(ctx, `update contest_rounds set results_status = ?, results_decided_by = ?, results_at = ?, activity_id = ? where id = ?`,
			ResultsApproved, u.ID, db.FormatTime(now), act, r.ID); err != nil {
			return err
		}
		if err := tellResults(ctx, tx, u.WardID, c, r, ranked, link, now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, actor, "contest.results", "contest_round", r.ID, fmt.Sprintf("Duyệt kết quả vòng %d (%s)", r.Number, c.Title),
			map[string]any{"results": ResultsProposed}, map[string]any{"results": ResultsApproved, "note": note})
	})
}

// ResultTemplate is the Zalo ZNS template of a taker's result: contest,
// round, correct ("18/20"), rank, prize (or "") and link.
const ResultTemplate = "contest_result"

// tellResults queues each ranked taker's own result to their phone, with
// the published list's address, in the approval's transaction. A phone
// shared by a family gets one text per taker; a phone already erased
// (retention) gets none.
func tellResults(ctx context.Context, tx *db.Tx, wardID int64, c *Contest, r *Round, ranked []*Entry, link string, now time.Time) error {
	rows, err := tx.Query(ctx, `select t.id, t.phone from contest_takers t join contest_results x on x.taker_id = t.id where x.round_id = ?`, r.ID)
	if err != nil {
		return err
	}
	phones := map[int64]string{}
	for rows.Next() {
		var id int64
		var phone string
		if err := rows.Scan(&id, &phone); err != nil {
			rows.Close()
			return err
		}
		phones[id] = phone
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	title := vn.Excerpt(c.Title, 60)
	for _, e := range ranked {
		phone := phones[e.TakerID]
		if !vn.Mobile(phone) {
			continue
		}
		correct := fmt.Sprintf("%d/%d", e.Correct, e.Size)
		body := fmt.Sprintf("%s - %s: %s tra loi dung %s cau, xep hang %d", vn.Plain(title), vn.Plain(r.Title), vn.Plain(vn.Excerpt(e.Name, 40)), correct, e.Rank)
		prize := PrizeName(e.Prize)
		if prize != "" {
			body += ", " + vn.Plain(prize)
		}
		body += ". Ket qua: " + link
		t := notice.Text{Phone: phone, Template: ResultTemplate, Body: body, Params: map[string]string{
			"contest": title, "round": r.Title, "name": e.Name, "correct": correct, "rank": fmt.Sprint(e.Rank), "prize": prize, "link": link}}
		if _, err := notice.QueueText(ctx, tx, wardID, notice.PurposeNotice, t, now); err != nil {
			return err
		}
	}
	return nil
}

// roundThemes is the themes of the questions a round drew from.
func roundThemes(ctx context.Context, q db.Querier, roundID int64) ([]string, error) {
	pool, err := roundPool(ctx, q, roundID)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, r := range pool {
		if r.Theme != "" && !contains(out, r.Theme) {
			out = append(out, r.Theme)
		}
	}
	sort.Strings(out)
	return out, nil
}

const resultCols = `x.rank, x.taker_id, x.attempt_id, t.full_name, coalesce(t.unit_id, 0), coalesce(un.name, ''), t.workplace, t.address, x.correct,
	a.size, x.duration_ms, x.prediction, x.submitted_at, x.prize, x.certificate
	from contest_results x join contest_takers t on t.id = x.taker_id join contest_attempts a on a.id = x.attempt_id left join units un on un.id = t.unit_id`

func scanResults(rows *sql.Rows) ([]*Entry, error) {
	defer rows.Close()
	var out []*Entry
	for rows.Next() {
		var e Entry
		var unitName, workplace, address, submitted string
		var ms int64
		var pred sql.NullInt64
		if err := rows.Scan(&e.Rank, &e.TakerID, &e.AttemptID, &e.Name, &e.UnitID, &unitName, &workplace, &address, &e.Correct, &e.Size, &ms, &pred,
			&submitted, &e.Prize, &e.Certificate); err != nil {
			return nil, err
		}
		e.Place = (&Taker{UnitName: unitName, Workplace: workplace, Address: address}).Place()
		e.Duration = time.Duration(ms) * time.Millisecond
		e.SubmittedAt = db.ParseTime(submitted)
		if pred.Valid {
			e.Prediction = &pred.Int64
		}
		out = append(out, &e)
	}
	return out, rows.Err()
}

// Results is a round's stored list, in rank order.
func Results(ctx context.Context, q db.Querier, roundID int64) ([]*Entry, error) {
	rows, err := q.Query(ctx, `select `+resultCols+` where x.round_id = ? order by x.rank, x.taker_id`, roundID)
	if err != nil {
		return nil, err
	}
	return scanResults(rows)
}

// Winners is what the portal publishes of an approved round: the prize
// winners by name and place, nothing else about them.
func Winners(ctx context.Context, q db.Querier, r *Round) ([]*Entry, error) {
	if r.Results != ResultsApproved {
		return nil, nil
	}
	rows, err := q.Query(ctx, `select `+resultCols+` where x.round_id = ? and x.prize <> '' order by x.rank, x.taker_id`, r.ID)
	if err != nil {
		return nil, err
	}
	return scanResults(rows)
}

// TakerResult is a taker's line in an approved round, or ErrNotFound.
func TakerResult(ctx context.Context, q db.Querier, roundID, takerID int64) (*Entry, error) {
	rows, err := q.Query(ctx, `select `+resultCols+` join contest_rounds r on r.id = x.round_id
		where x.round_id = ? and x.taker_id = ? and r.results_status = ?`, roundID, takerID, ResultsApproved)
	if err != nil {
		return nil, err
	}
	out, err := scanResults(rows)
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, db.ErrNotFound
	}
	return out[0], nil
}

// Certificate is what a certificate's code proves.
type Certificate struct {
	Entry
	ContestID    int64
	ContestTitle string
	ContestSlug  string
	RoundNumber  int
	RoundTitle   string
	ClosesAt     time.Time
	ApprovedAt   time.Time // when the leader approved the results: the certificate's date
	Takers       int
}

// CertificateByCode finds an approved certificate of the ward.
func CertificateByCode(ctx context.Context, q db.Querier, wardID int64, code string) (*Certificate, error) {
	code = strings.ToUpper(strings.TrimSpace(code))
	var roundID, takerID int64
	err := q.QueryRow(ctx, `select x.round_id, x.taker_id from contest_results x join contest_rounds r on r.id = x.round_id join contests c on c.id = r.contest_id
		where c.ward_id = ? and x.certificate = ? and r.results_status = ?`, wardID, code, ResultsApproved).Scan(&roundID, &takerID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, db.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	c, r, err := GetRound(ctx, q, wardID, roundID)
	if err != nil {
		return nil, err
	}
	e, err := TakerResult(ctx, q, roundID, takerID)
	if err != nil {
		return nil, err
	}
	n := 0
	if err := q.QueryRow(ctx, `select count(*) from contest_results where round_id = ?`, roundID).Scan(&n); err != nil {
		return nil, err
	}
	return &Certificate{Entry: *e, ContestID: c.ID, ContestTitle: c.Title, ContestSlug: c.Slug, RoundNumber: r.Number, RoundTitle: r.Title,
		ClosesAt: r.ClosesAt, ApprovedAt: r.ResultsAt, Takers: n}, nil
}

// Flag is a set of takers that look like one person: the same citizen ID,
// one phone for several people, or one device in a round.
type Flag struct {
	Reason string
	Takers []*Taker
}

// Duplicates lists a contest's flagged takers, for an official to decide.
func Duplicates(ctx context.Context, q db.Querier, wardID, contestID int64) ([]Flag, error) {
	if _, err := Get(ctx, q, wardID, contestID); err != nil {
		return nil, err
	}
	groups := []struct{ reason, query string }{
		{"Cùng số định danh cá nhân", `select t.citizen_id from contest_takers t where t.contest_id = ? and t.citizen_id <> '' group by t.citizen_id having count(*) > 1`},
		{"Nhiều người cùng một số điện thoại", `select t.phone from contest_takers t where t.contest_id = ? group by t.phone having count(*) > 1`},
		{"Cùng một thiết bị trong một vòng thi", `select a.device from contest_attempts a join contest_rounds r on r.id = a.round_id
			where r.contest_id = ? and a.device <> '' group by a.round_id, a.device having count(distinct a.taker_id) > 1`},
	}
	var out []Flag
	for i, g := range groups {
		rows, err := q.Query(ctx, g.query, contestID)
		if err != nil {
			return nil, err
		}
		var keys []string
		for rows.Next() {
			var k string
			if err := rows.Scan(&k); err != nil {
				rows.Close()
				return nil, err
			}
			if !contains(keys, k) {
				keys = append(keys, k)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		for _, k := range keys {
			where := []string{`t.citizen_id = ?`, `t.phone = ?`, `t.id in (select a.taker_id from contest_attempts a where a.device = ?)`}[i]
			rows, err := q.Query(ctx, `select `+takerCols+` where t.contest_id = ? and `+where+` order by t.id`, contestID, k)
			if err != nil {
				return nil, err
			}
			f := Flag{Reason: g.reason}
			for rows.Next() {
				t, err := scanTaker(rows)
				if err != nil {
					rows.Close()
					return nil, err
				}
				f.Takers = append(f.Takers, t)
			}
			rows.Close()
			out = append(out, f)
		}
	}
	return out, nil
}

// Exclude decides on a flagged taker: excluded from the ranking (with the
// reason), or kept. A list already proposed is dropped, to be proposed again.
func Exclude(ctx context.Context, conn db.Conn, u *account.User, actor audit.Actor, takerID int64, exclude bool, note string, now time.Time) error {
	return conn.InTx(ctx, func(tx *db.Tx) error {
		if !CanManage(u) {
			return ErrForbidden
		}
		t, err := GetTaker(ctx, tx, u.WardID, takerID)
		if err != nil {
			return err
		}
		note = vn.Clean(note)
		if exclude && note == "" {
			return check.Errors{"note": "Vui lòng ghi lý do không công nhận."}
		}
		if len([]rune(note)) > 500 {
			return check.Errors{"note": "Lý do quá dài (tối đa 500 ký tự)."}
		}
		var approved int
		if err := tx.QueryRow(ctx, `select count(*) from contest_results x join contest_rounds r on r.id = x.round_id
			where x.taker_id = ? and r.results_status = ?`, t.ID, ResultsApproved).Scan(&approved); err != nil {
			return err
		}
		if approved > 0 {
			return check.Errors{"note": "Kết quả có người này đã được duyệt và công bố."}
		}
		if _, err := tx.Exec(ctx, `update contest_takers set excluded = ?, review_note = ?, reviewed_by = ? where id = ?`, boolInt(exclude), note, u.ID, t.ID); err != nil {
			return err
		}
		// Proposed lists that count this taker are proposed again.
		if _, err := tx.Exec(ctx, `update contest_rounds set results_status = '', results_by = null, all_correct = 0
			where results_status = ? and id in (select round_id from contest_attempts where taker_id = ?)`, ResultsProposed, t.ID); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `delete from contest_results where round_id in (select id from contest_rounds where contest_id = ? and results_status = '')`,
			t.ContestID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, actor, "contest.taker", "contest_taker", t.ID, "Xét người dự thi "+t.FullName,
			map[string]any{"excluded": t.Excluded}, map[string]any{"excluded": exclude, "note": note})
	})
}
