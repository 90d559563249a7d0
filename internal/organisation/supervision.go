package organisation

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/cchc-vn/cchc/internal/account"
	"github.com/cchc-vn/cchc/internal/audit"
	"github.com/cchc-vn/cchc/internal/check"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/plan"
	"github.com/cchc-vn/cchc/internal/vn"
)

// Supervision is the Front's note on how the plan, or one of its tasks, is
// carried out (Plan 88 III.5: the Front supervises), and the leader's
// answer.
type Supervision struct {
	ID              int64
	PlanID          int64
	TaskID          int64 // 0: the plan as a whole
	Task            string
	Findings        string
	Recommendations string
	By              string
	At              time.Time
	Answer          string
	AnsweredBy      string
	AnsweredAt      time.Time
}

// CanSupervise reports whether u writes supervision notes: the Front.
func CanSupervise(u *account.User) bool { return u.Is(account.RoleSupervisor) }

// CanAnswer reports whether u answers them: the ward's leaders.
func CanAnswer(u *account.User) bool { return u.Is(account.RoleLeader) }

// Supervise records a supervision note on the plan or one of its tasks.
func Supervise(ctx context.Context, conn db.Conn, u *account.User, actor audit.Actor, p *plan.Plan, taskID int64, findings, recommendations string, now time.Time) (int64, error) {
	if !CanSupervise(u) {
		return 0, ErrForbidden
	}
	findings, recommendations = strings.TrimSpace(vn.Clean(findings)), strings.TrimSpace(vn.Clean(recommendations))
	e := check.Errors{}
	e.Text("findings", findings, true, 8000, "Kết quả giám sát")
	e.Text("recommendations", recommendations, false, 4000, "Kiến nghị")
	task := ""
	if taskID != 0 {
		for _, s := range p.Sections {
			for _, t := range s.Tasks {
				if t.ID == taskID {
					task = t.Body
				}
			}
		}
		if task == "" {
			e["task_id"] = "Nhiệm vụ không thuộc kế hoạch."
		}
	}
	if err := e.Err(); err != nil {
		return 0, err
	}
	return db.Run(ctx, conn, func(tx *db.Tx) (int64, error) {
		var id int64
		var tid any
		if taskID != 0 {
			tid = taskID
		}
		if err := tx.QueryRow(ctx, `insert into plan_supervisions (ward_id, plan_id, task_id, findings, recommendations, created_by, created_at) values (?, ?, ?, ?, ?, ?, ?) returning id`,
			u.WardID, p.ID, tid, findings, recommendations, u.ID, db.FormatTime(now)).Scan(&id); err != nil {
			return 0, err
		}
		subject := "Giám sát thực hiện " + p.Number
		if task != "" {
			subject += ": " + vn.Excerpt(task, 60)
		}
		return id, audit.Record(ctx, tx, actor, "plan.supervise", "plan", p.ID, subject, nil, map[string]any{"findings": findings, "recommendations": recommendations})
	})
}

// Answer records the leader's answer to a supervision note, once.
func Answer(ctx context.Context, conn db.Conn, u *account.User, actor audit.Actor, id int64, answer string, now time.Time) error {
	if !CanAnswer(u) {
		return ErrForbidden
	}
	answer = strings.TrimSpace(vn.Clean(answer))
	e := check.Errors{}
	e.Text("answer", answer, true, 8000, "Nội dung trả lời")
	if err := e.Err(); err != nil {
		return err
	}
	return conn.InTx(ctx, func(tx *db.Tx) error {
		var planID int64
		var old string
		err := tx.QueryRow(ctx, `select plan_id, answer from plan_supervisions where ward_id = ? and id = ?`, u.WardID, id).Scan(&planID, &old)
		if errors.Is(err, sql.ErrNoRows) {
			return db.ErrNotFound
		} else if err != nil {
			return err
		}
		if old != "" {
			return check.Errors{"answer": "Ý kiến giám sát này đã được trả lời."}
		}
		if _, err := tx.Exec(ctx, `update plan_supervisions set answer = ?, answered_by = ?, answered_at = ? where id = ?`, answer, u.ID, db.FormatTime(now), id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, actor, "plan.supervision_answer", "plan", planID, "Trả lời giám sát: "+vn.Excerpt(answer, 80), nil, map[string]any{"answer": answer})
	})
}

// Supervisions reads a plan's supervision notes, the unanswered first,
// then the newest.
func Supervisions(ctx context.Context, q db.Querier, p *plan.Plan) ([]*Supervision, error) {
	rows, err := q.Query(ctx, `select s.id, s.plan_id, coalesce(s.task_id, 0), s.findings, s.recommendations, coalesce(c.full_name, ''), s.created_at,
		s.answer, coalesce(a.full_name, ''), s.answered_at from plan_supervisions s left join users c on c.id = s.created_by left join users a on a.id = s.answered_by
		where s.plan_id = ? order by case when s.answer = '' then 0 else 1 end, s.created_at desc, s.id desc`, p.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	tasks := map[int64]string{}
	for _, s := range p.Sections {
		for _, t := range s.Tasks {
			tasks[t.ID] = t.Body
		}
	}
	var out []*Supervision
	for rows.Next() {
		var s Supervision
		if err := rows.Scan(&s.ID, &s.PlanID, &s.TaskID, &s.Findings, &s.Recommendations, &s.By, db.Time(&s.At), &s.Answer, &s.AnsweredBy, db.Time(&s.AnsweredAt)); err != nil {
			return nil, err
		}
		s.Task = tasks[s.TaskID]
		out = append(out, &s)
	}
	return out, rows.Err()
}
