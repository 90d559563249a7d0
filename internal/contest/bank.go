package contest

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math/bits"
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

// Difficulties of a question.
const (
	Easy   = 1
	Medium = 2
	Hard   = 3
)

// Difficulties in order with their Vietnamese names.
var Difficulties = []struct {
	Level int
	Name  string
}{{Easy, "Dễ"}, {Medium, "Trung bình"}, {Hard, "Khó"}}

// DifficultyName is the Vietnamese name of a level.
func DifficultyName(level int) string {
	for _, d := range Difficulties {
		if d.Level == level {
			return d.Name
		}
	}
	return strconv.Itoa(level)
}

// MaxOptions bounds a question's options (a choice is a bit mask of them).
const MaxOptions = 6

// Question is a question of the bank with its current revision.
type Question struct {
	ID       int64
	Code     string
	Retired  bool
	Revision // the current revision
}

// Revision is one wording of a question. Revisions are never changed: an
// edit writes a new one, and rounds keep the revisions they were approved with.
type Revision struct {
	RevisionID  int64
	Number      int
	Body        string
	Options     []string
	Correct     int // bit i set: option i is correct
	Explanation string
	Source      string // the legal source (căn cứ)
	Theme       string // a theme code of the plan
	Difficulty  int
	Tags        []string
	By          string
	At          time.Time
}

// Multiple is whether the question has several correct options.
func (r *Revision) Multiple() bool { return bits.OnesCount(uint(r.Correct)) > 1 }

// IsCorrect is whether option i (counted from 0) is correct.
func (r *Revision) IsCorrect(i int) bool { return r.Correct&(1<<i) != 0 }

// Letter is an option's letter: A, B, C…
func Letter(i int) string { return string(rune('A' + i)) }

// CorrectLetters is the correct options as letters, "A, C".
func (r *Revision) CorrectLetters() string {
	var out []string
	for i := range r.Options {
		if r.IsCorrect(i) {
			out = append(out, Letter(i))
		}
	}
	return strings.Join(out, ", ")
}

// QuestionInput is a question as an official writes it.
type QuestionInput struct {
	Code        string
	Body        string
	Options     []string
	Correct     []int // indexes of the correct options
	Explanation string
	Source      string
	Theme       string
	Difficulty  int
	Tags        string
	Retired     bool
}

var codePattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$`)

// validate cleans the input and checks it against the plan's theme codes.
func (in *QuestionInput) validate(themes map[string]string) (check.Errors, *Revision) {
	in.Code = strings.TrimSpace(vn.Clean(in.Code))
	for _, s := range []*string{&in.Body, &in.Explanation, &in.Source, &in.Theme, &in.Tags} {
		*s = vn.Clean(*s)
	}
	e := check.Errors{}
	if in.Code != "" && !codePattern.MatchString(in.Code) {
		e["code"] = "Mã câu hỏi chỉ gồm chữ không dấu, số, dấu chấm, gạch ngang (tối đa 32 ký tự)."
	}
	e.Text("body", in.Body, true, 1000, "Nội dung câu hỏi")
	var opts []string
	var correct int
	for i, o := range in.Options {
		o = vn.Clean(o)
		if o == "" {
			continue
		}
		if len(opts) == MaxOptions {
			e["options"] = fmt.Sprintf("Mỗi câu hỏi có tối đa %d phương án.", MaxOptions)
			break
		}
		if len([]rune(o)) > 300 {
			e["options"] = "Phương án " + Letter(len(opts)) + " quá dài (tối đa 300 ký tự)."
		}
		for _, p := range opts {
			if vn.Fold(p) == vn.Fold(o) {
				e["options"] = "Hai phương án trùng nhau: " + vn.Excerpt(o, 60) + "."
			}
		}
		for _, c := range in.Correct {
			if c == i {
				correct |= 1 << len(opts)
			}
		}
		opts = append(opts, o)
	}
	if len(opts) < 2 && e["options"] == "" {
		e["options"] = "Vui lòng nhập ít nhất hai phương án trả lời."
	}
	if correct == 0 && e["options"] == "" {
		e["correct"] = "Vui lòng chọn ít nhất một phương án đúng."
	}
	e.Text("explanation", in.Explanation, true, 2000, "Giải thích đáp án")
	e.Text("source", in.Source, true, 500, "Căn cứ pháp lý")
	if _, ok := themes[in.Theme]; !ok {
		e["theme"] = "Vui lòng chọn nội dung tuyên truyền của câu hỏi."
	}
	if in.Difficulty < Easy || in.Difficulty > Hard {
		e["difficulty"] = "Vui lòng chọn mức độ: dễ, trung bình hoặc khó."
	}
	var tags []string
	for _, t := range strings.FieldsFunc(in.Tags, func(r rune) bool { return r == ',' || r == ';' || r == '\n' }) {
		if t = strings.TrimSpace(t); t != "" && !contains(tags, t) {
			tags = append(tags, t)
		}
	}
	if len(tags) > 10 || len(in.Tags) > 300 {
		e["tags"] = "Tối đa 10 từ khóa, 300 ký tự."
	}
	return e, &Revision{Body: in.Body, Options: opts, Correct: correct, Explanation: in.Explanation, Source: in.Source,
		Theme: in.Theme, Difficulty: in.Difficulty, Tags: tags}
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// CanManage: those who organise contests (the leader, the lead unit, administrators).
func CanManage(u *account.User) bool {
	return u.Is(account.RoleAdmin, account.RoleLeader, account.RoleLeadOfficer)
}

// CanApprove: the leader and administrators approve rounds and prize lists.
func CanApprove(u *account.User) bool { return u.Is(account.RoleAdmin, account.RoleLeader) }

// SaveQuestion creates a question (id 0) or writes a new revision of one.
// The question's earlier revisions stay as they were, so a round already
// approved keeps asking what it was approved with.
func SaveQuestion(ctx context.Context, conn db.Conn, u *account.User, actor audit.Actor, id int64, in QuestionInput, themes map[string]string, now time.Time) (int64, error) {
	return db.Run(ctx, conn, func(tx *db.Tx) (int64, error) {
		if !CanManage(u) {
			return 0, check.ErrForbidden
		}
		e, rev := in.validate(themes)
		if err := e.Err(); err != nil {
			return 0, err
		}
		return saveQuestion(ctx, tx, u, actor, id, in, rev, now)
	})
}

func saveQuestion(ctx context.Context, tx *db.Tx, u *account.User, actor audit.Actor, id int64, in QuestionInput, rev *Revision, now time.Time) (int64, error) {
	var before *Question
	if id == 0 {
		code := in.Code
		if code == "" {
			var n int64
			if err := tx.QueryRow(ctx, `select count(*) from contest_questions where ward_id = ?`, u.WardID).Scan(&n); err != nil {
				return 0, err
			}
			for {
				n++
				code = fmt.Sprintf("CH-%04d", n)
				if _, err := QuestionByCode(ctx, tx, u.WardID, code); errors.Is(err, db.ErrNotFound) {
					break
				} else if err != nil {
					return 0, err
				}
			}
		} else if _, err := QuestionByCode(ctx, tx, u.WardID, code); err == nil {
			return 0, check.Errors{"code": "Mã câu hỏi " + code + " đã có trong ngân hàng."}
		} else if !errors.Is(err, db.ErrNotFound) {
			return 0, err
		}
		if err := tx.QueryRow(ctx, `insert into contest_questions (ward_id, code, revision, retired, created_at) values (?, ?, 1, ?, ?) returning id`,
			u.WardID, code, boolInt(in.Retired), db.FormatTime(now)).Scan(&id); err != nil {
			return 0, err
		}
		rev.Number = 1
	} else {
		q, err := GetQuestion(ctx, tx, u.WardID, id)
		if err != nil {
			return 0, err
		}
		before = q
		if same(&q.Revision, rev) {
			if q.Retired != in.Retired {
				if _, err := tx.Exec(ctx, `update contest_questions set retired = ? where id = ?`, boolInt(in.Retired), id); err != nil {
					return 0, err
				}
				return id, audit.Record(ctx, tx, actor, "contest.question", "contest_question", id, "Câu hỏi "+q.Code,
					map[string]any{"retired": q.Retired}, map[string]any{"retired": in.Retired})
			}
			return id, nil
		}
		rev.Number = q.Number + 1
		if _, err := tx.Exec(ctx, `update contest_questions set revision = ?, retired = ? where id = ?`, rev.Number, boolInt(in.Retired), id); err != nil {
			return 0, err
		}
	}
	opts, _ := json.Marshal(rev.Options)
	if _, err := tx.Exec(ctx, `insert into contest_question_revisions (question_id, revision, body, options, correct, explanation, source, theme_code, difficulty, tags, user_id, at)
		values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, id, rev.Number, rev.Body, string(opts), rev.Correct, rev.Explanation, rev.Source, rev.Theme, rev.Difficulty,
		strings.Join(rev.Tags, ", "), u.ID, db.FormatTime(now)); err != nil {
		return 0, err
	}
	after := map[string]any{"body": rev.Body, "options": strings.Join(rev.Options, " | "), "correct": rev.CorrectLetters(), "theme": rev.Theme,
		"difficulty": rev.Difficulty, "source": rev.Source, "retired": in.Retired}
	if before == nil {
		return id, audit.Record(ctx, tx, actor, "contest.question", "contest_question", id, "Thêm câu hỏi: "+vn.Excerpt(rev.Body, 80), nil, after)
	}
	return id, audit.Record(ctx, tx, actor, "contest.question", "contest_question", id, fmt.Sprintf("Câu hỏi %s, lần sửa %d", before.Code, rev.Number),
		map[string]any{"body": before.Body, "options": strings.Join(before.Options, " | "), "correct": before.CorrectLetters(), "theme": before.Theme,
			"difficulty": before.Difficulty, "source": before.Source, "retired": before.Retired}, after)
}

// same is whether two revisions ask the same thing the same way.
func same(a, b *Revision) bool {
	return a.Body == b.Body && strings.Join(a.Options, "\x00") == strings.Join(b.Options, "\x00") && a.Correct == b.Correct &&
		a.Explanation == b.Explanation && a.Source == b.Source && a.Theme == b.Theme && a.Difficulty == b.Difficulty &&
		strings.Join(a.Tags, ",") == strings.Join(b.Tags, ",")
}

const questionCols = `q.id, q.code, q.retired, r.id, r.revision, r.body, r.options, r.correct, r.explanation, r.source, r.theme_code, r.difficulty, r.tags,
	coalesce(u.full_name, ''), r.at`

const questionFrom = ` from contest_questions q join contest_question_revisions r on r.question_id = q.id and r.revision = q.revision
	left join users u on u.id = r.user_id`

func scanQuestion(row interface{ Scan(...any) error }) (*Question, error) {
	var q Question
	var opts, tags, at string
	var retired int
	err := row.Scan(&q.ID, &q.Code, &retired, &q.RevisionID, &q.Number, &q.Body, &opts, &q.Correct, &q.Explanation, &q.Source, &q.Theme,
		&q.Difficulty, &tags, &q.By, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, db.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	q.Retired = retired != 0
	json.Unmarshal([]byte(opts), &q.Options)
	q.Tags = splitTags(tags)
	q.At = db.ParseTime(at)
	return &q, nil
}

func splitTags(s string) []string {
	var out []string
	for _, t := range strings.Split(s, ",") {
		if t = strings.TrimSpace(t); t != "" {
			out = append(out, t)
		}
	}
	return out
}

// GetQuestion returns a question of the ward with its current revision.
func GetQuestion(ctx context.Context, q db.Querier, wardID, id int64) (*Question, error) {
	return scanQuestion(q.QueryRow(ctx, `select `+questionCols+questionFrom+` where q.ward_id = ? and q.id = ?`, wardID, id))
}

// QuestionByCode returns a question of the ward by its code.
func QuestionByCode(ctx context.Context, q db.Querier, wardID int64, code string) (*Question, error) {
	return scanQuestion(q.QueryRow(ctx, `select `+questionCols+questionFrom+` where q.ward_id = ? and q.code = ?`, wardID, code))
}

// BankFilter narrows the bank's list.
type BankFilter struct {
	Theme      string
	Difficulty int
	Query      string // words of the question, its code or its tags, without diacritics
	Retired    bool   // list retired questions too
}

// Questions lists the ward's questions, by code.
func Questions(ctx context.Context, q db.Querier, wardID int64, f BankFilter) ([]*Question, error) {
	where, args := ` where q.ward_id = ?`, []any{wardID}
	if f.Theme != "" {
		where += ` and r.theme_code = ?`
		args = append(args, f.Theme)
	}
	if f.Difficulty != 0 {
		where += ` and r.difficulty = ?`
		args = append(args, f.Difficulty)
	}
	if !f.Retired {
		where += ` and q.retired = 0`
	}
	rows, err := q.Query(ctx, `select `+questionCols+questionFrom+where+` order by q.code`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	words := strings.Fields(vn.Fold(f.Query))
	var out []*Question
	for rows.Next() {
		x, err := scanQuestion(rows)
		if err != nil {
			return nil, err
		}
		if len(words) > 0 {
			hay := vn.Fold(x.Code + " " + x.Body + " " + strings.Join(x.Tags, " ") + " " + x.Source)
			ok := true
			for _, w := range words {
				ok = ok && strings.Contains(hay, w)
			}
			if !ok {
				continue
			}
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

// History returns every revision of a question, the newest first.
func History(ctx context.Context, q db.Querier, wardID, id int64) ([]*Revision, error) {
	rows, err := q.Query(ctx, `select r.id, r.revision, r.body, r.options, r.correct, r.explanation, r.source, r.theme_code, r.difficulty, r.tags,
		coalesce(u.full_name, ''), r.at from contest_question_revisions r join contest_questions q on q.id = r.question_id
		left join users u on u.id = r.user_id where q.ward_id = ? and q.id = ? order by r.revision desc`, wardID, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Revision
	for rows.Next() {
		var r Revision
		var opts, tags, at string
		if err := rows.Scan(&r.RevisionID, &r.Number, &r.Body, &opts, &r.Correct, &r.Explanation, &r.Source, &r.Theme, &r.Difficulty, &tags, &r.By, &at); err != nil {
			return nil, err
		}
		json.Unmarshal([]byte(opts), &r.Options)
		r.Tags = splitTags(tags)
		r.At = db.ParseTime(at)
		out = append(out, &r)
	}
	return out, rows.Err()
}

// revisions reads revisions by id (a round's frozen pool, an attempt's paper).
func revisions(ctx context.Context, q db.Querier, ids []int64) (map[int64]*Revision, error) {
	out := map[int64]*Revision{}
	for len(ids) > 0 {
		n := min(len(ids), 500)
		args := make([]any, n)
		for i, id := range ids[:n] {
			args[i] = id
		}
		rows, err := q.Query(ctx, `select id, revision, body, options, correct, explanation, source, theme_code, difficulty, tags
			from contest_question_revisions where id in (`+db.Placeholders(n)+`)`, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var r Revision
			var opts, tags string
			if err := rows.Scan(&r.RevisionID, &r.Number, &r.Body, &opts, &r.Correct, &r.Explanation, &r.Source, &r.Theme, &r.Difficulty, &tags); err != nil {
				rows.Close()
				return nil, err
			}
			json.Unmarshal([]byte(opts), &r.Options)
			r.Tags = splitTags(tags)
			out[r.RevisionID] = &r
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		ids = ids[n:]
	}
	return out, nil
}

// InOpenRound is whether a question's current revision is asked by a round
// approved and not yet closed: its edit applies to later rounds only.
func InOpenRound(ctx context.Context, q db.Querier, revisionID int64, now time.Time) (bool, error) {
	var n int
	err := q.QueryRow(ctx, `select count(*) from contest_round_questions rq join contest_rounds r on r.id = rq.round_id
		where rq.revision_id = ? and r.status = ? and r.closes_at > ?`, revisionID, RoundApproved, db.FormatTime(now)).Scan(&n)
	return n > 0, err
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
