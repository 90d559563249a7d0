package feedback

import (
	"context"
	"time"

	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/notice"
	"github.com/cchc-vn/cchc/internal/vn"
)

// TextTemplate is the name of the Zalo ZNS template of a feedback step: its
// parameters are code (the tracking code), status (the step, in
// Vietnamese), date (dd/mm/yyyy) and link (the tracking page).
const TextTemplate = "feedback"

// tell queues the resident's message about a step of it, by the way they
// chose, in the caller's transaction: an e-mail with subject and body, or a
// text of the step's name (the same as a ZNS template's parameters and as
// an SMS without diacritics, which every phone shows).
func tell(ctx context.Context, tx *db.Tx, it *Item, status, subject, body string, now time.Time) error {
	switch it.Notify {
	case NotifyEmail:
		return notice.QueueMail(ctx, tx, it.WardID, it.Email, subject, body, trackLink(it))
	case NotifyZalo, NotifySMS:
		if !vn.Mobile(it.Phone) {
			return nil
		}
		step := StatusName(status)
		t := notice.Text{Phone: it.Phone, Template: TextTemplate, Link: trackLink(it),
			Params: map[string]string{"code": it.Code, "status": step, "date": vn.Date(now)},
			Body:   "Phan anh " + it.Code + ": " + vn.Plain(step) + " ngay " + vn.Date(now) + ". Tra cuu:"}
		if it.Notify == NotifySMS {
			t.Via = notice.ViaSMS
		}
		_, err := notice.QueueText(ctx, tx, it.WardID, notice.PurposeNotice, t, now)
		return err
	}
	return nil
}

// NotifyName says in Vietnamese how a resident hears of their feedback.
func NotifyName(code string) string {
	switch code {
	case NotifyZalo:
		return "Zalo (hoặc tin nhắn SMS)"
	case NotifySMS:
		return "Tin nhắn SMS"
	case NotifyEmail:
		return "Thư điện tử"
	}
	return "Không nhận thông báo"
}

// StopMessages ends the messages about an item, at the resident's word:
// they prove it is theirs as for tracking. Messages still waiting are dropped.
func StopMessages(ctx context.Context, conn db.Conn, wardID int64, code, proof string, now time.Time) (*Item, error) {
	return db.Run(ctx, conn, func(tx *db.Tx) (*Item, error) {
		it, err := Track(ctx, tx, wardID, code, proof)
		if err != nil || it.Notify == NotifyNone {
			return it, err
		}
		if _, err := tx.Exec(ctx, `update feedback set notify = ? where id = ?`, NotifyNone, it.ID); err != nil {
			return nil, err
		}
		if _, err := notice.Cancel(ctx, tx, wardID, trackLink(it)); err != nil {
			return nil, err
		}
		if err := event(ctx, tx, it.ID, nil, "notify_stopped", "", "", "Người gửi ngừng nhận thông báo qua "+NotifyName(it.Notify), now); err != nil {
			return nil, err
		}
		return Get(ctx, tx, wardID, it.ID)
	})
}
