package feedback

import (
	"context"
	"strconv"
	"time"

	"github.com/cchc-vn/cchc/internal/account"
	"github.com/cchc-vn/cchc/internal/audit"
	"github.com/cchc-vn/cchc/internal/check"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/notice"
	"github.com/cchc-vn/cchc/internal/vn"
)

// Supervision is a recommendation of the Front on one item or on a pattern,
// which the leader must answer.
type Supervision struct {
	ID         int64
	FeedbackID int64
	Code       string // of the item, if any
	Body       string
	By         string
	At         time.Time
	Answer     string
	AnsweredBy string
	AnsweredAt time.Time
}

// Supervise files a recommendation and tells the leaders.
func Supervise(ctx context.Context, conn db.Conn, o Official, feedbackID int64, body string, now time.Time) (int64, error) {
	return db.Run(ctx, conn, func(tx *db.Tx) (int64, error) { return supervise(ctx, tx, o, feedbackID, body, now) })
}

func supervise(ctx context.Context, tx *db.Tx, o Official, feedbackID int64, body string, now time.Time) (int64, error) {
	if !o.Is(account.RoleSupervisor, account.RoleAdmin) {
		return 0, ErrForbidden
	}
	body = vn.Clean(body)
	e := check.Errors{}
	e.Text("body", body, true, 3000, "Nội dung kiến nghị giám sát")
	var it *Item
	if feedbackID != 0 {
		var err error
		if it, err = o.load(ctx, tx, feedbackID); err != nil {
			return 0, err
		}
	}
	if err := e.Err(); err != nil {
		return 0, err
	}
	var id int64
	if err := tx.QueryRow(ctx, `insert into supervisions (ward_id, feedback_id, body, created_by, created_at) values (?, ?, ?, ?, ?) returning id`,
		o.WardID, nullID(feedbackID), body, o.ID, db.FormatTime(now)).Scan(&id); err != nil {
		return 0, err
	}
	subject := "Kiến nghị giám sát của Mặt trận về phản ánh của người dân"
	if it != nil {
		subject = "Kiến nghị giám sát về phản ánh " + it.Code
		if err := event(ctx, tx, it.ID, o.User, "supervision", it.Status, it.Status, body, now); err != nil {
			return 0, err
		}
	}
	leaders, err := account.RoleMembers(ctx, tx, o.WardID, account.RoleLeader)
	if err != nil {
		return 0, err
	}
	if _, err := notice.Add(ctx, tx, o.WardID, leaders, notice.New{Kind: "supervision", Subject: subject, Body: body, Link: "/quan-ly/giam-sat"}); err != nil {
		return 0, err
	}
	return id, audit.Record(ctx, tx, o.actor(), "supervision.create", "supervision", id, subject, nil, map[string]any{"feedback_id": feedbackID, "body": body})
}

// AnswerSupervision records the leader's answer; the Front is told.
func AnswerSupervision(ctx context.Context, conn db.Conn, o Official, id int64, answer string, now time.Time) error {
	return conn.InTx(ctx, func(tx *db.Tx) error { return answerSupervision(ctx, tx, o, id, answer, now) })
}

func answerSupervision(ctx context.Context, tx *db.Tx, o Official, id int64, answer string, now time.Time) error {
	if !o.Is(account.RoleLeader, account.RoleAdmin) {
		return ErrForbidden
	}
	answer = vn.Clean(answer)
	e := check.Errors{}
	e.Text("answer", answer, true, 3000, "Nội dung trả lời")
	if err := e.Err(); err != nil {
		return err
	}
	var author int64
	var old string
	if err := tx.QueryRow(ctx, `select coalesce(created_by, 0), answer from supervisions where ward_id = ? and id = ?`, o.WardID, id).Scan(&author, &old); err != nil {
		return db.ErrNotFound
	}
	if _, err := tx.Exec(ctx, `update supervisions set answer = ?, answered_by = ?, answered_at = ? where id = ?`, answer, o.ID, db.FormatTime(now), id); err != nil {
		return err
	}
	if author != 0 {
		if _, err := notice.Add(ctx, tx, o.WardID, []int64{author}, notice.New{Kind: "supervision", Subject: "Lãnh đạo đã trả lời kiến nghị giám sát",
			Body: answer, Link: "/quan-ly/giam-sat", Dedupe: "supervision-answer:" + strconv.FormatInt(id, 10) + ":" + db.FormatTime(now)}); err != nil {
			return err
		}
	}
	return audit.Record(ctx, tx, o.actor(), "supervision.answer", "supervision", id, "Trả lời kiến nghị giám sát", map[string]any{"answer": old}, map[string]any{"answer": answer})
}

// Supervisions lists the ward's recommendations, unanswered first.
func Supervisions(ctx context.Context, q db.Querier, wardID int64) ([]*Supervision, error) {
	rows, err := q.Query(ctx, `select s.id, coalesce(s.feedback_id, 0), coalesce(f.code, ''), s.body, coalesce(u.full_name, ''), s.created_at, s.answer,
		coalesce(a.full_name, ''), s.answered_at from supervisions s left join feedback f on f.id = s.feedback_id
		left join users u on u.id = s.created_by left join users a on a.id = s.answered_by
		where s.ward_id = ? order by case when s.answer = '' then 0 else 1 end, s.created_at desc`, wardID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Supervision
	for rows.Next() {
		var s Supervision
		var at, answered string
		if err := rows.Scan(&s.ID, &s.FeedbackID, &s.Code, &s.Body, &s.By, &at, &s.Answer, &s.AnsweredBy, &answered); err != nil {
			return nil, err
		}
		s.At = db.ParseTime(at)
		if answered != "" {
			s.AnsweredAt = db.ParseTime(answered)
		}
		out = append(out, &s)
	}
	return out, rows.Err()
}
