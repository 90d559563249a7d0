// Package notice keeps officials' in-app notices and mails them: a notice is
// written in the same transaction as the change it reports, and a
// background loop delivers pending e-mails through the configured Mailer.
package notice

import (
	"context"
	"strings"
	"time"

	"github.com/cchc-vn/cchc/internal/account"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/vn"
)

// Kinds of notice.
const (
	KindTaskDue         = "task_due"
	KindReportDue       = "report_due"
	KindReminder        = "reminder" // a formal đôn đốc from the lead unit
	KindReportSubmitted = "report_submitted"
	KindReportReviewed  = "report_reviewed"
	KindLoginFailures   = "login_failures" // repeated wrong passwords for the reader's account
	KindPosterDue       = "poster_due"     // a banner or panel of the reader's unit is due to come down
)

// Notice is one message to one official.
type Notice struct {
	ID        int64
	Kind      string
	Subject   string
	Body      string
	Link      string
	CreatedAt time.Time
	Read      bool
}

// ReminderTemplate is the Zalo ZNS template of a reminder to an official:
// subject and link.
const ReminderTemplate = "reminder"

// textKinds are the notices that also go to the phone of an official who
// asked for reminders there: what is due or late, not every event.
var textKinds = map[string]bool{KindTaskDue: true, KindReportDue: true, KindReminder: true, KindPosterDue: true}

// New is a notice to write for some users. Dedupe, when set, makes the
// notice once-only per user: automatic reminders run every few minutes.
type New struct {
	Kind, Subject, Body, Link, Dedupe string
}

// Add writes n for each user (skipping those who already have its dedupe
// key) and queues an e-mail for those with an address. It returns how many
// were written.
func Add(ctx context.Context, q db.Querier, wardID int64, users []int64, n New) (int, error) {
	written := 0
	now0 := time.Now()
	now := db.FormatTime(now0)
	contacts, err := account.Contacts(ctx, q, users)
	if err != nil {
		return 0, err
	}
	for _, id := range users {
		key := n.Dedupe
		if key == "" {
			key = "once:" + now + ":" + n.Kind + ":" + n.Subject
		}
		email := contacts[id].Email
		state := ""
		if strings.Contains(email, "@") {
			state = MailPending
		}
		res, err := q.Exec(ctx, `insert into notices (ward_id, user_id, kind, subject, body, link, dedupe_key, created_at, email_to, email_state)
			values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (user_id, dedupe_key) do nothing`,
			wardID, id, n.Kind, n.Subject, n.Body, n.Link, key, now, email, state)
		if err != nil {
			return written, err
		}
		if k, _ := res.RowsAffected(); k > 0 {
			written++
			if phone := contacts[id].Phone; phone != "" && textKinds[n.Kind] {
				if _, err := QueueText(ctx, q, wardID, PurposeNotice, Text{Phone: phone, Template: ReminderTemplate, Link: n.Link,
					Params: map[string]string{"subject": n.Subject}, Body: vn.Plain(vn.Excerpt(n.Subject, 120)) + "."}, now0); err != nil {
					return written, err
				}
			}
		}
	}
	return written, nil
}

// List returns a user's latest notices, unread first.
func List(ctx context.Context, q db.Querier, userID int64, limit int) ([]*Notice, error) {
	rows, err := q.Query(ctx, `select id, kind, subject, body, link, created_at, read_at from notices where user_id = ?
		order by case when read_at = '' then 0 else 1 end, created_at desc, id desc limit ?`, userID, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Notice
	for rows.Next() {
		var n Notice
		var created, read string
		if err := rows.Scan(&n.ID, &n.Kind, &n.Subject, &n.Body, &n.Link, &created, &read); err != nil {
			return nil, err
		}
		n.CreatedAt, n.Read = db.ParseTime(created), read != ""
		out = append(out, &n)
	}
	return out, rows.Err()
}

// Unread counts a user's unread notices.
func Unread(ctx context.Context, q db.Querier, userID int64) (int, error) {
	var n int
	err := q.QueryRow(ctx, `select count(*) from notices where user_id = ? and read_at = ''`, userID).Scan(&n)
	return n, err
}

// Settle marks every notice of the ward read and leaves none to mail or
// text: for records loaded in bulk (the demonstration's half-year), which
// tell no one.
func Settle(ctx context.Context, q db.Querier, wardID int64) error {
	if _, err := q.Exec(ctx, `update notices set read_at = created_at, email_state = '' where ward_id = ?`, wardID); err != nil {
		return err
	}
	for _, stmt := range []string{`update text_outbox set state = ? where ward_id = ? and state = ?`, `update mail_outbox set state = ? where ward_id = ? and state = ?`} {
		if _, err := q.Exec(ctx, stmt, Cancelled, wardID, TextPending); err != nil {
			return err
		}
	}
	return nil
}

// MarkRead marks a user's notices read: one, or all when id is 0.
func MarkRead(ctx context.Context, q db.Querier, userID, id int64) error {
	if id == 0 {
		_, err := q.Exec(ctx, `update notices set read_at = ? where user_id = ? and read_at = ''`, db.Now(), userID)
		return err
	}
	_, err := q.Exec(ctx, `update notices set read_at = ? where user_id = ? and id = ? and read_at = ''`, db.Now(), userID, id)
	return err
}
