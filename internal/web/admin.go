package web

import (
	"errors"
	"strconv"

	"github.com/cchc-vn/cchc/internal/account"
	"github.com/cchc-vn/cchc/internal/audit"
	"github.com/cchc-vn/cchc/internal/check"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/ward"
)

type usersData struct {
	Users []*account.User
	Units []*ward.Unit
}

func (s *Server) usersData(c *ctx) (*usersData, error) {
	us, err := account.List(c.r.Context(), s.DB, c.ward.ID)
	if err != nil {
		return nil, err
	}
	units, err := ward.Units(c.r.Context(), s.DB, c.ward.ID)
	if err != nil {
		return nil, err
	}
	return &usersData{Users: us, Units: units}, nil
}

func (s *Server) users(c *ctx) error {
	d, err := s.usersData(c)
	if err != nil {
		return err
	}
	return c.render("users", "Tài khoản", d)
}

func (s *Server) userCreate(c *ctx) error {
	f := c.r.PostFormValue
	unitID, _ := strconv.ParseInt(f("unit_id"), 10, 64)
	n := account.NewUser{Username: f("username"), FullName: f("full_name"), Email: f("email"), Password: f("password"),
		Role: account.Role(f("role")), UnitID: unitID}
	ctx := c.r.Context()
	var u *account.User
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		var err error
		if u, err = account.Create(ctx, tx, c.ward.ID, n); err != nil {
			return err
		}
		return audit.Record(ctx, tx, c.actor(), "user.create", "user", u.ID, "Tạo tài khoản "+u.Username+" ("+account.RoleName(u.Role)+")",
			nil, map[string]any{"username": u.Username, "full_name": u.FullName, "role": u.Role, "unit_id": u.UnitID})
	})
	var ce check.Errors
	if errors.As(err, &ce) {
		d, derr := s.usersData(c)
		if derr != nil {
			return derr
		}
		c.r.PostForm.Del("password")
		return c.renderForm("users", "Tài khoản", d, ce)
	}
	if err != nil {
		return err
	}
	return c.redirect("/quan-ly/tai-khoan/"+strconv.FormatInt(u.ID, 10), "Đã tạo tài khoản "+u.Username+".")
}

func (s *Server) loadUser(c *ctx) (*account.User, error) {
	id, err := c.id("id")
	if err != nil {
		return nil, err
	}
	return account.ByID(c.r.Context(), s.DB, c.ward.ID, id)
}

type userData struct {
	U       *account.User
	About   []*audit.Entry // changes to the account
	Entries []*audit.Entry // what the account did
}

func (s *Server) userData(c *ctx, u *account.User) (userData, error) {
	about, err := audit.List(c.r.Context(), s.DB, c.ward.ID, audit.Filter{Entity: "user", EntityID: u.ID, Limit: 20})
	if err != nil {
		return userData{}, err
	}
	by, err := audit.List(c.r.Context(), s.DB, c.ward.ID, audit.Filter{Username: u.Username, Limit: 20})
	return userData{U: u, About: about, Entries: by}, err
}

func (s *Server) user(c *ctx) error {
	u, err := s.loadUser(c)
	if err != nil {
		return err
	}
	d, err := s.userData(c, u)
	if err != nil {
		return err
	}
	return c.render("user", "Tài khoản "+u.Username, d)
}

func (s *Server) userResetPassword(c *ctx) error {
	u, err := s.loadUser(c)
	if err != nil {
		return err
	}
	ctx := c.r.Context()
	err = s.DB.InTx(ctx, func(tx *db.Tx) error {
		if err := account.SetPassword(ctx, tx, c.ward.ID, u.ID, c.r.PostFormValue("password")); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `delete from sessions where user_id = ?`, u.ID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, c.actor(), "user.reset_password", "user", u.ID, "Đặt lại mật khẩu cho "+u.Username, nil, nil)
	})
	var ce check.Errors
	if errors.As(err, &ce) {
		d, derr := s.userData(c, u)
		if derr != nil {
			return derr
		}
		c.r.PostForm.Del("password")
		return c.renderForm("user", "Tài khoản "+u.Username, d, ce)
	}
	if err != nil {
		return err
	}
	return c.redirect("/quan-ly/tai-khoan/"+strconv.FormatInt(u.ID, 10), "Đã đặt lại mật khẩu; các phiên đăng nhập của tài khoản đã được đóng.")
}

func (s *Server) userDisable(c *ctx) error {
	u, err := s.loadUser(c)
	if err != nil {
		return err
	}
	disable := c.r.PostFormValue("disabled") == "1"
	if u.ID == c.user.ID && disable {
		return check.Errors{"disabled": "Không thể tự khóa tài khoản của chính mình."}
	}
	ctx := c.r.Context()
	err = s.DB.InTx(ctx, func(tx *db.Tx) error {
		if err := account.SetDisabled(ctx, tx, c.ward.ID, u.ID, disable); err != nil {
			return err
		}
		summary := "Mở khóa tài khoản " + u.Username
		if disable {
			summary = "Khóa tài khoản " + u.Username
		}
		return audit.Record(ctx, tx, c.actor(), "user.disable", "user", u.ID, summary,
			map[string]bool{"disabled": u.Disabled}, map[string]bool{"disabled": disable})
	})
	if err != nil {
		return err
	}
	return c.redirect("/quan-ly/tai-khoan/"+strconv.FormatInt(u.ID, 10), "Đã cập nhật trạng thái tài khoản.")
}

type auditData struct {
	Entries []*audit.Entry
	Next    int64
	Entity  string
}

func (s *Server) auditLog(c *ctx) error {
	q := c.r.URL.Query()
	before, _ := strconv.ParseInt(q.Get("truoc"), 10, 64)
	entityID, _ := strconv.ParseInt(q.Get("id"), 10, 64)
	f := audit.Filter{Entity: q.Get("doi-tuong"), EntityID: entityID, Username: q.Get("nguoi-dung"), BeforeID: before, Limit: 50}
	entries, err := audit.List(c.r.Context(), s.DB, c.ward.ID, f)
	if err != nil {
		return err
	}
	d := auditData{Entries: entries, Entity: f.Entity}
	if len(entries) == f.Limit {
		d.Next = entries[len(entries)-1].ID
	}
	return c.render("audit", "Nhật ký thay đổi", d)
}
