package account

import (
	"context"
	"errors"

	"github.com/cchc-vn/cchc/internal/audit"
	"github.com/cchc-vn/cchc/internal/check"
	"github.com/cchc-vn/cchc/internal/db"
)

// The administrator's and the official's changes to accounts, each audited
// in the transaction that makes it.

// Add creates an official's account from the administrator's form.
func Add(ctx context.Context, conn db.Conn, actor audit.Actor, n NewUser) (u *User, err error) {
	err = conn.InTx(ctx, func(tx *db.Tx) error {
		if u, err = Create(ctx, tx, actor.WardID, n); err != nil {
			return err
		}
		return audit.Record(ctx, tx, actor, "user.create", "user", u.ID, "Tạo tài khoản "+u.Username+" ("+RoleName(u.Role)+")",
			nil, map[string]any{"username": u.Username, "full_name": u.FullName, "role": u.Role, "unit_id": u.UnitID})
	})
	return u, err
}

// ResetPassword gives an account a new password and ends its sessions.
func ResetPassword(ctx context.Context, conn db.Conn, actor audit.Actor, userID int64, password string) error {
	return conn.InTx(ctx, func(tx *db.Tx) error {
		u, err := ByID(ctx, tx, actor.WardID, userID)
		if err != nil {
			return err
		}
		if err := SetPassword(ctx, tx, actor.WardID, u.ID, password); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `delete from sessions where user_id = ?`, u.ID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, actor, "user.reset_password", "user", u.ID, "Đặt lại mật khẩu cho "+u.Username, nil, nil)
	})
}

// Disable locks (or unlocks) an account; locking ends its sessions. Nobody
// locks their own account.
func Disable(ctx context.Context, conn db.Conn, actor audit.Actor, userID int64, disable bool) error {
	if disable && userID == actor.UserID {
		return check.Errors{"disabled": "Không thể tự khóa tài khoản của chính mình."}
	}
	return conn.InTx(ctx, func(tx *db.Tx) error {
		u, err := ByID(ctx, tx, actor.WardID, userID)
		if err != nil {
			return err
		}
		if err := SetDisabled(ctx, tx, actor.WardID, u.ID, disable); err != nil {
			return err
		}
		summary := "Mở khóa tài khoản " + u.Username
		if disable {
			summary = "Khóa tài khoản " + u.Username
		}
		return audit.Record(ctx, tx, actor, "user.disable", "user", u.ID, summary, map[string]bool{"disabled": u.Disabled}, map[string]bool{"disabled": disable})
	})
}

// ChangePassword is an official changing their own password: the current
// one must be right and the new one typed twice; their other sessions end.
func ChangePassword(ctx context.Context, d *db.DB, u *User, actor audit.Actor, current, next, confirm, keepToken string) error {
	errs := check.Errors{}
	if _, err := Authenticate(ctx, d, u.WardID, u.Username, current); errors.Is(err, ErrBadCredentials) {
		errs["current"] = "Mật khẩu hiện tại không đúng."
	} else if err != nil {
		return err
	}
	if msg := ValidatePassword(next); msg != "" {
		errs["password"] = msg
	} else if next != confirm {
		errs["confirm"] = "Mật khẩu nhập lại không khớp."
	}
	if err := errs.Err(); err != nil {
		return err
	}
	return d.InTx(ctx, func(tx *db.Tx) error {
		if err := SetPassword(ctx, tx, u.WardID, u.ID, next); err != nil {
			return err
		}
		if err := EndOtherSessions(ctx, tx, u.ID, keepToken); err != nil {
			return err
		}
		return audit.Record(ctx, tx, actor, "user.password", "user", u.ID, "Đổi mật khẩu", nil, nil)
	})
}

// StartSession opens a session for an authenticated official, ending the
// one the browser had (previous), and records the login. It returns the new
// session's token.
func StartSession(ctx context.Context, d *db.DB, u *User, previous, ip, userAgent string) (string, error) {
	var token string
	err := d.InTx(ctx, func(tx *db.Tx) (err error) {
		if previous != "" {
			if err := EndSession(ctx, tx, previous); err != nil {
				return err
			}
		}
		if token, err = NewSession(ctx, tx, u.ID, ip, userAgent); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Actor{WardID: u.WardID, UserID: u.ID, Username: u.Username, IP: ip}, "user.login", "user", u.ID, "Đăng nhập", nil, nil)
	})
	return token, err
}
