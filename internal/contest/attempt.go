package contest

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/cchc-vn/cchc/internal/check"
	"github.com/cchc-vn/cchc/internal/db"
)

// Grace is how long after the deadline an answer sent before it is still
// taken: the time a phone's request may spend on the way.
const Grace = 5 * time.Second

// Layouts of an attempt: one question per screen, or all on one page.
const (
	LayoutOne = "one"
	LayoutAll = "all"
)

// Item is one question of a paper: the revision asked and the order its
// options are shown in (Order[k] is the option shown k-th).
type Item struct {
	Rev   int64 `json:"r"`
	Order []int `json:"o"`
}

// Attempt is one taker's paper in a round, timed by the server.
type Attempt struct {
	ID          int64
	RoundID     int64
	TakerID     int64
	Number      int
	Paper       []Item
	StartedAt   time.Time
	Deadline    time.Time
	SubmittedAt time.Time
	Open        bool
	Correct     int
	Duration    time.Duration
	Prediction  *int64
	Layout      string
	Answers     map[int]int // position → choice (bits of the options as shown)
}

// Remaining is the time left at now, never negative.
func (a *Attempt) Remaining(now time.Time) time.Duration {
	if !a.Open || !now.Before(a.Deadline) {
		return 0
	}
	return a.Deadline.Sub(now)
}

// Answered is how many questions have a choice.
func (a *Attempt) Answered() int {
	n := 0
	for _, c := range a.Answers {
		if c != 0 {
			n++
		}
	}
	return n
}

// Start opens an attempt of a taker in an approved, open round, or returns
// the taker's attempt already open in it (a reload, another device). A
// person has one attempt open at a time, and no more than the round allows.
func Start(ctx context.Context, conn db.Conn, r *Round, t *Taker, device, layout string, now time.Time) (int64, error) {
	if layout != LayoutAll {
		layout = LayoutOne
	}
	pool, err := roundPool(ctx, conn, r.ID) // outside the transaction: from the process's cache
	if err != nil {
		return 0, err
	}
	return db.Run(ctx, conn, func(tx *db.Tx) (int64, error) {
		if r.Status != RoundApproved || r.Phase(now) != PhaseOpen {
			return 0, check.Errors{"round": "Vòng thi không mở vào lúc này."}
		}
		if t.Excluded {
			return 0, check.Errors{"round": "Ban Tổ chức đã không công nhận đăng ký dự thi này. Vui lòng liên hệ Ban Tổ chức."}
		}
		if err := closeExpired(ctx, tx, `a.taker_id = ?`, []any{t.ID}, now); err != nil {
			return 0, err
		}
		var id, round int64
		err := tx.QueryRow(ctx, `select id, round_id from contest_attempts where taker_id = ? and open = 1`, t.ID).Scan(&id, &round)
		switch {
		case err == nil && round == r.ID:
			return id, nil
		case err == nil:
			return 0, check.Errors{"round": "Bạn đang làm bài ở một vòng thi khác. Vui lòng nộp bài đó trước."}
		case !errors.Is(err, sql.ErrNoRows):
			return 0, err
		}
		var done int
		if err := tx.QueryRow(ctx, `select count(*) from contest_attempts where taker_id = ? and round_id = ?`, t.ID, r.ID).Scan(&done); err != nil {
			return 0, err
		}
		if done >= r.Attempts {
			return 0, check.Errors{"round": fmt.Sprintf("Bạn đã dự thi đủ %d lượt của vòng này.", r.Attempts)}
		}
		paper, err := draw(r, pool)
		if err != nil {
			return 0, err
		}
		b, _ := json.Marshal(paper)
		deadline := now.Add(time.Duration(r.TimeLimit) * time.Minute)
		if deadline.After(r.ClosesAt) {
			deadline = r.ClosesAt
		}
		err = tx.QueryRow(ctx, `insert into contest_attempts (round_id, taker_id, number, paper, started_at, deadline_at, device, layout, size)
			values (?, ?, ?, ?, ?, ?, ?, ?, ?) returning id`, r.ID, t.ID, done+1, string(b), db.FormatTime(now), db.FormatTime(deadline), device, layout,
			len(paper)).Scan(&id)
		if db.IsUniqueViolation(err) {
			return 0, check.Errors{"round": "Bài thi của bạn vừa được mở ở một thiết bị khác. Vui lòng tải lại trang."}
		}
		return id, err
	})
}

// cacheKey names a row of one database: a process may hold several (the
// tests do), and ids are only unique within one.
type cacheKey struct {
	db *db.DB
	id int64
}

// cached is the key of a read through d, or false for a transaction (whose
// rows are not committed yet).
func cached(q db.Querier, id int64) (cacheKey, bool) {
	d, ok := q.(*db.DB)
	return cacheKey{d, id}, ok
}

// frozen is a round's pool, read once per process and database: it never
// changes once the round is approved.
var frozen sync.Map // cacheKey of the round → []*Revision

func roundPool(ctx context.Context, q db.Querier, roundID int64) ([]*Revision, error) {
	key, cache := cached(q, roundID)
	if v, ok := frozen.Load(key); ok && cache {
		return v.([]*Revision), nil
	}
	rows, err := q.Query(ctx, `select revision_id from contest_round_questions where round_id = ? order by revision_id`, roundID)
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
	revs, err := Revisions(ctx, q, ids)
	if err != nil {
		return nil, err
	}
	out := make([]*Revision, 0, len(ids))
	for _, id := range ids {
		out = append(out, revs[id])
	}
	if len(out) > 0 && cache {
		frozen.Store(key, out)
	}
	return out, nil
}

// draw deals a paper: each stratum's count from its part of the frozen pool,
// in random order, each question's options shuffled.
func draw(r *Round, pool []*Revision) ([]Item, error) {
	taken := map[int64]bool{}
	var paper []Item
	for _, s := range r.Draw {
		var cands []*Revision
		for _, rev := range pool {
			if !taken[rev.RevisionID] && (s.Theme == "" || rev.Theme == s.Theme) && (s.Difficulty == 0 || rev.Difficulty == s.Difficulty) {
				cands = append(cands, rev)
			}
		}
		if len(cands) < s.Count {
			return nil, fmt.Errorf("round %d: stratum %+v has %d questions", r.ID, s, len(cands))
		}
		rand.Shuffle(len(cands), func(i, j int) { cands[i], cands[j] = cands[j], cands[i] })
		for _, rev := range cands[:s.Count] {
			taken[rev.RevisionID] = true
			paper = append(paper, Item{Rev: rev.RevisionID, Order: rand.Perm(len(rev.Options))})
		}
	}
	rand.Shuffle(len(paper), func(i, j int) { paper[i], paper[j] = paper[j], paper[i] })
	return paper, nil
}

// revisionCache keeps revisions read by id: a revision is never changed.
var revisionCache sync.Map // cacheKey → *Revision

// Revisions returns revisions by id, from the process's cache when it has them.
func Revisions(ctx context.Context, q db.Querier, ids []int64) (map[int64]*Revision, error) {
	out := make(map[int64]*Revision, len(ids))
	var missing []int64
	for _, id := range ids {
		key, cache := cached(q, id)
		if v, ok := revisionCache.Load(key); ok && cache {
			out[id] = v.(*Revision)
		} else {
			missing = append(missing, id)
		}
	}
	if len(missing) == 0 {
		return out, nil
	}
	got, err := revisions(ctx, q, missing)
	if err != nil {
		return nil, err
	}
	for id, r := range got {
		if key, cache := cached(q, id); cache {
			revisionCache.Store(key, r)
		}
		out[id] = r
	}
	return out, nil
}

// PaperRevisions returns the revisions an attempt's paper asks, by id.
func PaperRevisions(ctx context.Context, q db.Querier, a *Attempt) (map[int64]*Revision, error) {
	ids := make([]int64, len(a.Paper))
	for i, it := range a.Paper {
		ids[i] = it.Rev
	}
	return Revisions(ctx, q, ids)
}

const attemptCols = `a.id, a.round_id, a.taker_id, a.number, a.paper, a.started_at, a.deadline_at, a.submitted_at, a.open, a.correct, a.duration_ms,
	a.prediction, a.layout`

func scanAttempt(row interface{ Scan(...any) error }) (*Attempt, error) {
	var a Attempt
	var paper, started, deadline, submitted string
	var open int
	var ms int64
	var pred sql.NullInt64
	err := row.Scan(&a.ID, &a.RoundID, &a.TakerID, &a.Number, &paper, &started, &deadline, &submitted, &open, &a.Correct, &ms, &pred, &a.Layout)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, db.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	json.Unmarshal([]byte(paper), &a.Paper)
	a.StartedAt, a.Deadline = db.ParseTime(started), db.ParseTime(deadline)
	if submitted != "" {
		a.SubmittedAt = db.ParseTime(submitted)
	}
	a.Open, a.Duration = open != 0, time.Duration(ms)*time.Millisecond
	if pred.Valid {
		a.Prediction = &pred.Int64
	}
	return &a, nil
}

// AttemptOf returns a taker's attempt with its answers, closing it first
// when its time has run out (the automatic submission).
func AttemptOf(ctx context.Context, conn db.Conn, takerID, id int64, now time.Time) (*Attempt, error) {
	a, err := scanAttempt(conn.QueryRow(ctx, `select `+attemptCols+` from contest_attempts a where a.taker_id = ? and a.id = ?`, takerID, id))
	if err != nil {
		return nil, err
	}
	if a.Open && !now.Before(a.Deadline.Add(Grace)) {
		if err := conn.InTx(ctx, func(tx *db.Tx) error { return closeExpired(ctx, tx, `a.id = ?`, []any{a.ID}, now) }); err != nil {
			return nil, err
		}
		return AttemptOf(ctx, conn, takerID, id, now)
	}
	a.Answers, err = answers(ctx, conn, a.ID)
	return a, err
}

// AttemptsOf is a taker's attempts in a round, the latest first.
func AttemptsOf(ctx context.Context, q db.Querier, takerID, roundID int64) ([]*Attempt, error) {
	rows, err := q.Query(ctx, `select `+attemptCols+` from contest_attempts a where a.taker_id = ? and a.round_id = ? order by a.number desc`, takerID, roundID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Attempt
	for rows.Next() {
		a, err := scanAttempt(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

func answers(ctx context.Context, q db.Querier, attemptID int64) (map[int]int, error) {
	rows, err := q.Query(ctx, `select position, choice from contest_answers where attempt_id = ?`, attemptID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int]int{}
	for rows.Next() {
		var p, c int
		if err := rows.Scan(&p, &c); err != nil {
			return nil, err
		}
		out[p] = c
	}
	return out, rows.Err()
}

// ErrClosed is returned when an answer or a submission comes after the
// attempt ended; as check.Errors it is the message for the taker.
var ErrClosed error = closedError{}

type closedError struct{}

func (closedError) Error() string { return "the attempt is closed" }

func (closedError) As(target any) bool {
	if p, ok := target.(*check.Errors); ok {
		*p = check.Errors{"answer": "Bài thi đã kết thúc (đã nộp hoặc hết giờ); câu trả lời này không được ghi nhận."}
		return true
	}
	return false
}

// Answer saves one choice (bits of the options as shown; 0 clears it) of an
// open attempt of the taker, in one statement: the attempt's state and
// clock are checked by the write itself, so nothing is saved after the
// deadline whatever the client says.
func Answer(ctx context.Context, q db.Querier, takerID, attemptID int64, position, choice int, now time.Time) error {
	if position < 0 || position >= MaxQuestions || choice < 0 || choice >= 1<<MaxOptions {
		return check.Errors{"answer": "Câu trả lời không hợp lệ."}
	}
	res, err := q.Exec(ctx, `insert into contest_answers (attempt_id, position, choice, saved_at)
		select ?, ?, ?, ? where exists (select 1 from contest_attempts where id = ? and taker_id = ? and open = 1 and deadline_at > ? and size > ?)
		on conflict (attempt_id, position) do update set choice = excluded.choice, saved_at = excluded.saved_at`,
		attemptID, position, choice, db.FormatTime(now), attemptID, takerID, db.FormatTime(now.Add(-Grace)), position)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrClosed
	}
	return nil
}

// MaxQuestions bounds a paper (RoundInput.validate).
const MaxQuestions = 100

// AnswerAs is Answer for whoever holds the phone's session: one statement
// that checks the paper is of a taker on that phone, open and in time,
// which is all a taker's save needs (the hot path of a round).
func AnswerAs(ctx context.Context, q db.Querier, contestID int64, phone string, attemptID int64, position, choice int, now time.Time) error {
	if position < 0 || position >= MaxQuestions || choice < 0 || choice >= 1<<MaxOptions {
		return check.Errors{"answer": "Câu trả lời không hợp lệ."}
	}
	res, err := q.Exec(ctx, `insert into contest_answers (attempt_id, position, choice, saved_at)
		select ?, ?, ?, ? where exists (select 1 from contest_attempts a join contest_takers t on t.id = a.taker_id
			where a.id = ? and t.contest_id = ? and t.phone = ? and a.open = 1 and a.deadline_at > ? and a.size > ?)
		on conflict (attempt_id, position) do update set choice = excluded.choice, saved_at = excluded.saved_at`,
		attemptID, position, choice, db.FormatTime(now), attemptID, contestID, phone, db.FormatTime(now.Add(-Grace)), position)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrClosed
	}
	return nil
}

// Submit ends an open attempt of the taker and scores it; a prediction is
// kept when the round asks one.
func Submit(ctx context.Context, conn db.Conn, takerID, attemptID int64, prediction *int64, now time.Time) error {
	return conn.InTx(ctx, func(tx *db.Tx) error {
		a, err := scanAttempt(tx.QueryRow(ctx, `select `+attemptCols+` from contest_attempts a where a.taker_id = ? and a.id = ?`, takerID, attemptID))
		if err != nil {
			return err
		}
		if !a.Open {
			return ErrClosed
		}
		if prediction != nil && (*prediction < 0 || *prediction > 100_000_000) {
			return check.Errors{"prediction": "Số dự đoán phải là số nguyên từ 0."}
		}
		at := now
		if at.After(a.Deadline) {
			if !now.Before(a.Deadline.Add(Grace)) {
				prediction = nil // too late to say anything new
			}
			at = a.Deadline
		}
		return finish(ctx, tx, a, at, prediction)
	})
}

// finish scores an attempt and closes it at a time.
func finish(ctx context.Context, tx *db.Tx, a *Attempt, at time.Time, prediction *int64) error {
	ans, err := answers(ctx, tx, a.ID)
	if err != nil {
		return err
	}
	revs, err := PaperRevisions(ctx, tx, a)
	if err != nil {
		return err
	}
	correct := 0
	for i, it := range a.Paper {
		if Correct(revs[it.Rev], it.Order, ans[i]) {
			correct++
		}
	}
	var pred any
	if prediction != nil {
		pred = *prediction
	} else if a.Prediction != nil {
		pred = *a.Prediction
	}
	_, err = tx.Exec(ctx, `update contest_attempts set open = 0, submitted_at = ?, correct = ?, duration_ms = ?, prediction = ? where id = ? and open = 1`,
		db.FormatTime(at), correct, at.Sub(a.StartedAt).Milliseconds(), pred, a.ID)
	return err
}

// Correct is whether a choice (bits of the options as shown in order) is
// exactly the revision's correct options.
func Correct(r *Revision, order []int, choice int) bool {
	if r == nil || choice == 0 {
		return false
	}
	original := 0
	for k, o := range order {
		if choice&(1<<k) != 0 {
			original |= 1 << o
		}
	}
	return original == r.Correct
}

// closeExpired finishes the open attempts (matching where) whose time ran out.
func closeExpired(ctx context.Context, tx *db.Tx, where string, args []any, now time.Time) error {
	rows, err := tx.Query(ctx, `select `+attemptCols+` from contest_attempts a where a.open = 1 and a.deadline_at <= ? and `+where,
		append([]any{db.FormatTime(now.Add(-Grace))}, args...)...)
	if err != nil {
		return err
	}
	var due []*Attempt
	for rows.Next() {
		a, err := scanAttempt(rows)
		if err != nil {
			rows.Close()
			return err
		}
		due = append(due, a)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, a := range due {
		if err := finish(ctx, tx, a, a.Deadline, nil); err != nil {
			return err
		}
	}
	return nil
}

// CloseExpired submits every attempt whose time has run out, as the taker
// would have at the deadline: the background job that makes an abandoned
// paper count. It returns how many it closed.
func CloseExpired(ctx context.Context, d *db.DB, now time.Time) (int, error) {
	var n int
	if err := d.QueryRow(ctx, `select count(*) from contest_attempts where open = 1 and deadline_at <= ?`, db.FormatTime(now.Add(-Grace))).Scan(&n); err != nil || n == 0 {
		return 0, err
	}
	return n, d.InTx(ctx, func(tx *db.Tx) error { return closeExpired(ctx, tx, `1 = 1`, nil, now) })
}
