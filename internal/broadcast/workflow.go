package broadcast

import (
	"context"
	"strconv"
	"time"

	"github.com/cchc-vn/cchc/internal/account"
	"github.com/cchc-vn/cchc/internal/audit"
	"github.com/cchc-vn/cchc/internal/check"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/filestore"
	"github.com/cchc-vn/cchc/internal/notice"
	"github.com/cchc-vn/cchc/internal/vn"
)

func link(id int64) string { return "/quan-ly/phat-thanh/" + strconv.FormatInt(id, 10) }

// move changes a bulletin's status with its audit entry and tells those
// who act next.
func move(ctx context.Context, tx *db.Tx, actor audit.Actor, b *Bulletin, status, note, summary string, tell []account.Role, now time.Time) error {
	before := auditFields(b)
	b.Status, b.Note, b.UpdatedAt = status, note, now
	if err := update(ctx, tx, b); err != nil {
		return err
	}
	if err := audit.Record(ctx, tx, actor, "bulletin."+status, "bulletin", b.ID, summary+": "+b.Title, before, auditFields(b)); err != nil {
		return err
	}
	var users []int64
	if tell != nil {
		ids, err := account.RoleMembers(ctx, tx, b.WardID, tell...)
		if err != nil {
			return err
		}
		users = ids
	} else if b.CreatedBy != 0 {
		users = []int64{b.CreatedBy}
	}
	_, err := notice.Add(ctx, tx, b.WardID, users, notice.New{Kind: "bulletin", Subject: summary + ": " + b.Title, Body: note, Link: link(b.ID)})
	return err
}

// Submit sends a draft with its audio to the lead unit.
func Submit(ctx context.Context, conn db.Conn, u *account.User, actor audit.Actor, id int64, now time.Time) error {
	return conn.InTx(ctx, func(tx *db.Tx) error {
		b, err := Get(ctx, tx, u.WardID, id)
		if err != nil {
			return err
		}
		if !CanEdit(u, b) {
			return ErrForbidden
		}
		if b.AudioKey == "" {
			return check.Errors{"audio": "Bản tin chưa có âm thanh. Vui lòng ghi âm, tải tệp lên hoặc đọc tự động từ văn bản trước khi gửi."}
		}
		tell := []account.Role{account.RoleLeadOfficer}
		if b.Priority == Emergency {
			tell = append(tell, account.RoleLeader) // the leader may approve it at once
		}
		return move(ctx, tx, actor, b, Review, "", "Bản tin phát thanh chờ thẩm định", tell, now)
	})
}

// Check is the lead unit's check: the bulletin goes on to the leader, or
// back to its writer with the reason.
func Check(ctx context.Context, conn db.Conn, u *account.User, actor audit.Actor, id int64, pass bool, note string, now time.Time) error {
	if !CanReview(u) {
		return ErrForbidden
	}
	note = vn.Clean(note)
	return conn.InTx(ctx, func(tx *db.Tx) error {
		b, err := Get(ctx, tx, u.WardID, id)
		if err != nil {
			return err
		}
		if b.Status != Review {
			return check.Errors{"decision": "Bản tin không ở bước thẩm định (" + StatusName(b.Status) + ")."}
		}
		if !pass {
			return giveBack(ctx, tx, actor, b, note, now)
		}
		return move(ctx, tx, actor, b, Approval, note, "Bản tin phát thanh chờ phê duyệt", []account.Role{account.RoleLeader}, now)
	})
}

func giveBack(ctx context.Context, tx *db.Tx, actor audit.Actor, b *Bulletin, note string, now time.Time) error {
	if note == "" {
		return check.Errors{"note": "Vui lòng ghi lý do trả lại để người soạn biết cần sửa gì."}
	}
	return move(ctx, tx, actor, b, Draft, note, "Bản tin phát thanh bị trả lại", nil, now)
}

// Approve is the leader's decision. A bulletin the lead unit has checked
// is approved or given back; an emergency bulletin may be approved before
// the check, and the audit says that the review was skipped.
func Approve(ctx context.Context, conn db.Conn, u *account.User, actor audit.Actor, id int64, approve bool, note string, now time.Time) error {
	if !CanApprove(u) {
		return ErrForbidden
	}
	note = vn.Clean(note)
	return conn.InTx(ctx, func(tx *db.Tx) error {
		b, err := Get(ctx, tx, u.WardID, id)
		if err != nil {
			return err
		}
		switch {
		case b.Status == Approval:
		case b.Status == Review && b.Priority == Emergency:
			b.SkippedReview = true
		case b.Status == Review:
			return check.Errors{"decision": "Bản tin chưa được bộ phận chủ trì thẩm định. Chỉ bản tin khẩn cấp mới được phê duyệt ngay."}
		default:
			return check.Errors{"decision": "Bản tin không ở bước phê duyệt (" + StatusName(b.Status) + ")."}
		}
		if !approve {
			b.SkippedReview = false
			return giveBack(ctx, tx, actor, b, note, now)
		}
		b.ApprovedBy, b.ApprovedAt = u.ID, now
		summary := "Bản tin phát thanh đã được phê duyệt"
		if b.SkippedReview {
			summary = "Bản tin khẩn cấp được phê duyệt, bỏ qua bước thẩm định của bộ phận chủ trì"
		}
		return move(ctx, tx, actor, b, Approved, note, summary, nil, now)
	})
}

// Stop withdraws an approved bulletin from the playlists.
func Stop(ctx context.Context, conn db.Conn, u *account.User, actor audit.Actor, id int64, now time.Time) error {
	if !CanReview(u) && !CanApprove(u) {
		return ErrForbidden
	}
	return conn.InTx(ctx, func(tx *db.Tx) error {
		b, err := Get(ctx, tx, u.WardID, id)
		if err != nil {
			return err
		}
		if b.Status != Approved {
			return check.Errors{"decision": "Chỉ ngừng phát được bản tin đã phê duyệt."}
		}
		return move(ctx, tx, actor, b, Stopped, "", "Bản tin phát thanh ngừng phát", nil, now)
	})
}

// Delete removes a draft that was never sent, with its audio file.
func Delete(ctx context.Context, conn db.Conn, files filestore.Store, u *account.User, actor audit.Actor, id int64) error {
	var key string
	err := conn.InTx(ctx, func(tx *db.Tx) error {
		b, err := Get(ctx, tx, u.WardID, id)
		if err != nil {
			return err
		}
		if !CanEdit(u, b) {
			return ErrForbidden
		}
		if b.AudioSource != SourceSpeech {
			key = b.AudioKey // synthesised audio stays in the cache
		}
		if _, err := tx.Exec(ctx, `delete from bulletins where id = ?`, b.ID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, actor, "bulletin.delete", "bulletin", b.ID, b.Title, auditFields(b), nil)
	})
	if err == nil && key != "" {
		filestore.Remove(ctx, files, key)
	}
	return err
}
