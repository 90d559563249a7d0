// Package remind tells officials what falls due: automatic notices for
// tasks and periodic reports due soon or overdue, and the lead unit's formal
// reminder (đôn đốc) to a unit.
package remind

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/cchc-vn/cchc/internal/account"
	"github.com/cchc-vn/cchc/internal/audit"
	"github.com/cchc-vn/cchc/internal/check"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/notice"
	"github.com/cchc-vn/cchc/internal/plan"
	"github.com/cchc-vn/cchc/internal/unitreport"
	"github.com/cchc-vn/cchc/internal/vn"
	"github.com/cchc-vn/cchc/internal/ward"
)

// How early automatic reminders come.
const (
	reportLead = 3 // days before a report's due date
	taskLead   = 7 // days before a task's due date
)

// Run writes the automatic notices due now for every ward's plan in force
// (tasks and periodic reports due soon or overdue); the dedupe keys make it
// safe to run as often as wanted. It returns how many notices it wrote.
func Run(ctx context.Context, d *db.DB, now time.Time) (int, error) {
	wards, err := ward.List(ctx, d)
	if err != nil {
		return 0, err
	}
	total := 0
	for _, w := range wards {
		var n int
		p, err := plan.Current(ctx, d, w.ID)
		if errors.Is(err, db.ErrNotFound) {
			continue
		}
		if err != nil {
			return total, err
		}
		err = d.InTx(ctx, func(tx *db.Tx) error {
			var err error
			n, err = forPlan(ctx, tx, p, now)
			return err
		})
		if err != nil {
			return total, err
		}
		total += n
	}
	return total, nil
}

func forPlan(ctx context.Context, tx *db.Tx, p *plan.Plan, now time.Time) (int, error) {
	today := now.In(vn.Zone).Format(time.DateOnly)
	soon := func(due string, lead int) bool {
		d, err := time.Parse(time.DateOnly, due)
		return err == nil && today <= due && today >= d.AddDate(0, 0, -lead).Format(time.DateOnly)
	}
	units, err := ward.Units(ctx, tx, p.WardID)
	if err != nil {
		return 0, err
	}
	written := 0
	add := func(unitID int64, n notice.New) error {
		users, err := account.UnitMembers(ctx, tx, p.WardID, unitID)
		if err != nil {
			return err
		}
		k, err := notice.Add(ctx, tx, p.WardID, users, n)
		written += k
		return err
	}
	board, err := unitreport.Build(ctx, tx, p, units, now)
	if err != nil {
		return 0, err
	}
	for _, row := range board.Rows {
		for _, c := range row.Cells {
			key := "report:" + strconv.FormatInt(p.ID, 10) + ":" + c.Period.Code
			switch {
			case c.Status == unitreport.Missing && p.Requested(row.Unit.ID): // it reports of its own accord: invited
				err = add(row.Unit.ID, notice.New{Kind: notice.KindReportDue, Subject: "Mời gửi báo cáo " + c.Period.Label,
					Body: "Kính mời " + row.Unit.Name + " gửi báo cáo " + c.Period.Label + " về kết quả tuyên truyền CCHC theo Kế hoạch " + p.Number + " (hạn " + vn.ISODate(c.Period.DueOn) + ").",
					Link: "/quan-ly/bao-cao-don-vi", Dedupe: key + ":late"})
			case c.Status == unitreport.Missing:
				err = add(row.Unit.ID, notice.New{Kind: notice.KindReportDue, Subject: "Quá hạn báo cáo " + c.Period.Label,
					Body: row.Unit.Name + " chưa gửi báo cáo " + c.Period.Label + " về kết quả tuyên truyền CCHC (hạn " + vn.ISODate(c.Period.DueOn) + ").",
					Link: "/quan-ly/bao-cao-don-vi", Dedupe: key + ":late"})
			case c.Status == unitreport.Pending && soon(c.Period.DueOn, reportLead):
				err = add(row.Unit.ID, notice.New{Kind: notice.KindReportDue, Subject: "Sắp đến hạn báo cáo " + c.Period.Label,
					Body: "Hạn gửi báo cáo " + c.Period.Label + " là ngày " + vn.ISODate(c.Period.DueOn) + ".",
					Link: "/quan-ly/bao-cao-don-vi", Dedupe: key + ":soon"})
			}
			if err != nil {
				return written, err
			}
		}
	}
	for _, s := range p.Sections {
		for _, t := range s.Tasks {
			due := plan.DueDate(t, p)
			for _, a := range t.Assignments {
				if a.Status == plan.Done {
					continue
				}
				key := "task:" + strconv.FormatInt(a.ID, 10)
				link := "/quan-ly/phan-cong/" + strconv.FormatInt(a.ID, 10)
				task := vn.Excerpt(t.Body, 120)
				switch {
				case today > due && s.Mode == plan.ModeRequest:
					err = add(a.UnitID, notice.New{Kind: notice.KindTaskDue, Subject: "Mời cập nhật kết quả: " + vn.Excerpt(t.Body, 60),
						Body: "Kế hoạch " + p.Number + " đề nghị \"" + task + "\" đến ngày " + vn.ISODate(due) + ". Kính mời cập nhật kết quả đã thực hiện.", Link: link, Dedupe: key + ":late"})
				case today > due:
					err = add(a.UnitID, notice.New{Kind: notice.KindTaskDue, Subject: "Nhiệm vụ quá hạn: " + vn.Excerpt(t.Body, 60),
						Body: "Nhiệm vụ \"" + task + "\" đến hạn ngày " + vn.ISODate(due) + " nhưng chưa hoàn thành.", Link: link, Dedupe: key + ":late"})
				case soon(due, taskLead):
					err = add(a.UnitID, notice.New{Kind: notice.KindTaskDue, Subject: "Nhiệm vụ sắp đến hạn: " + vn.Excerpt(t.Body, 60),
						Body: "Nhiệm vụ \"" + task + "\" đến hạn ngày " + vn.ISODate(due) + ".", Link: link, Dedupe: key + ":soon"})
				}
				if err != nil {
					return written, err
				}
			}
		}
	}
	return written, nil
}

// Reminder is a formal reminder sent by the lead unit.
type Reminder struct {
	ID       int64
	Kind     string // KindReminder or KindInvitation
	UnitID   int64
	UnitName string
	Period   string
	Body     string
	SentBy   string
	SentAt   time.Time
}

// CanSend reports whether u may send formal reminders.
func CanSend(u *account.User) bool {
	return u.Is(account.RoleAdmin, account.RoleLeader, account.RoleLeadOfficer)
}

// ErrForbidden is returned to officials who may not send reminders.
var ErrForbidden = check.ErrForbidden

// Kinds of what the lead unit sends: a formal reminder (đôn đốc) to a unit
// the plan assigns tasks to, an invitation to one it only requests of.
const (
	KindReminder   = "reminder"
	KindInvitation = "invitation"
)

// Send records a formal reminder to a unit and notifies its officials (in
// the app and by e-mail); to a unit the plan only requests of (đề nghị) it
// is an invitation, worded so, never a formal reminder. It returns how
// many officials it reached.
func Send(ctx context.Context, conn db.Conn, u *account.User, actor audit.Actor, p *plan.Plan, unitID int64, period, body string) (int, error) {
	return db.Run(ctx, conn, func(tx *db.Tx) (int, error) { return send(ctx, tx, u, actor, p, unitID, period, body) })
}

func send(ctx context.Context, tx *db.Tx, u *account.User, actor audit.Actor, p *plan.Plan, unitID int64, period, body string) (int, error) {
	if !CanSend(u) {
		return 0, ErrForbidden
	}
	unit, err := ward.UnitByID(ctx, tx, u.WardID, unitID)
	e := check.Errors{}
	if errors.Is(err, db.ErrNotFound) {
		e["unit_id"] = "Vui lòng chọn đơn vị."
	} else if err != nil {
		return 0, err
	}
	label := ""
	if period != "" {
		per, ok := plan.PeriodByCode(p, period)
		if !ok {
			e["period"] = "Kỳ báo cáo không thuộc kế hoạch."
		}
		label = per.Label
	}
	body = vn.Clean(body)
	invite := p.Requested(unitID)
	e.Text("body", body, true, 2000, map[bool]string{false: "Nội dung đôn đốc", true: "Nội dung lời mời"}[invite])
	if err := e.Err(); err != nil {
		return 0, err
	}
	var id int64
	kind := KindReminder
	if invite {
		kind = KindInvitation
	}
	if err := tx.QueryRow(ctx, `insert into reminders (ward_id, plan_id, unit_id, kind, period, body, sent_by, sent_at) values (?, ?, ?, ?, ?, ?, ?, ?) returning id`,
		u.WardID, p.ID, unitID, kind, period, body, u.ID, db.Now()).Scan(&id); err != nil {
		return 0, err
	}
	users, err := account.UnitMembers(ctx, tx, u.WardID, unitID)
	if err != nil {
		return 0, err
	}
	subject := "Đôn đốc thực hiện " + p.Number
	if label != "" {
		subject = "Đôn đốc báo cáo " + label + " – " + p.Number
	}
	action := "reminder.send"
	if invite {
		subject, action = "Mời cập nhật kết quả thực hiện "+p.Number, "reminder.invite"
		if label != "" {
			subject = "Mời gửi báo cáo " + label + " – " + p.Number
		}
	}
	n, err := notice.Add(ctx, tx, u.WardID, users, notice.New{Kind: notice.KindReminder, Subject: subject,
		Body: body + "\n\n" + u.FullName + (" – " + u.UnitName), Link: "/quan-ly/bao-cao-don-vi", Dedupe: "reminder:" + strconv.FormatInt(id, 10)})
	if err != nil {
		return 0, err
	}
	return n, audit.Record(ctx, tx, actor, action, "unit", unitID, map[bool]string{false: "Đôn đốc ", true: "Mời "}[invite]+unit.Name+": "+vn.Excerpt(body, 80), nil,
		map[string]any{"period": period, "body": body, "recipients": n})
}

// List returns the plan's formal reminders, newest first.
func List(ctx context.Context, q db.Querier, planID int64, limit int) ([]*Reminder, error) {
	rows, err := q.Query(ctx, `select r.id, r.kind, r.unit_id, n.name, r.period, r.body, coalesce(u.full_name, ''), r.sent_at from reminders r
		join units n on n.id = r.unit_id left join users u on u.id = r.sent_by where r.plan_id = ? order by r.sent_at desc, r.id desc limit ?`, planID, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Reminder
	for rows.Next() {
		var r Reminder
		var at string
		if err := rows.Scan(&r.ID, &r.Kind, &r.UnitID, &r.UnitName, &r.Period, &r.Body, &r.SentBy, &at); err != nil {
			return nil, err
		}
		r.SentAt = db.ParseTime(at)
		out = append(out, &r)
	}
	return out, rows.Err()
}

// Count returns how many formal reminders (not invitations) the plan's lead unit sent in the
// range of days from..to (YYYY-MM-DD, in Vietnam).
func Count(ctx context.Context, q db.Querier, planID int64, from, to string) (int, error) {
	start, err1 := vn.ParseISODate(from)
	end, err2 := vn.ParseISODate(to)
	if err1 != nil || err2 != nil {
		return 0, errors.New("remind.Count: bad range " + from + ".." + to)
	}
	var n int
	err := q.QueryRow(ctx, `select count(*) from reminders where plan_id = ? and kind = ? and sent_at >= ? and sent_at < ?`,
		planID, KindReminder, db.FormatTime(start), db.FormatTime(end.AddDate(0, 0, 1))).Scan(&n)
	return n, err
}
