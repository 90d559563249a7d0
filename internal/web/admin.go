package web

import (
	"errors"
	"strconv"

	"github.com/cchc-vn/cchc/internal/account"
	"github.com/cchc-vn/cchc/internal/audit"
	"github.com/cchc-vn/cchc/internal/check"
	"github.com/cchc-vn/cchc/internal/ward"
)

type usersData struct {
	Users []*account.User
	Units []*ward.Unit
}

func (s *Server) usersData(c *request) (*usersData, error) {
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

func (s *Server) users(c *request) error {
	d, err := s.usersData(c)
	if err != nil {
		return err
	}
	return c.render("users", "Tài khoản", d)
}

func (s *Server) userCreate(c *request) error {
	u, err := account.Add(c.r.Context(), s.DB, c.actor(), newUserInput(c))
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

func (s *Server) loadUser(c *request) (*account.User, error) {
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

func (s *Server) userData(c *request, u *account.User) (userData, error) {
	about, err := audit.List(c.r.Context(), s.DB, c.ward.ID, audit.Filter{Entity: "user", EntityID: u.ID, Limit: 20})
	if err != nil {
		return userData{}, err
	}
	by, err := audit.List(c.r.Context(), s.DB, c.ward.ID, audit.Filter{Username: u.Username, Limit: 20})
	return userData{U: u, About: about, Entries: by}, err
}

func (s *Server) user(c *request) error {
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

func (s *Server) userResetPassword(c *request) error {
	u, err := s.loadUser(c)
	if err != nil {
		return err
	}
	err = account.ResetPassword(c.r.Context(), s.DB, c.actor(), u.ID, c.r.PostFormValue("password"))
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

func (s *Server) userDisable(c *request) error {
	u, err := s.loadUser(c)
	if err != nil {
		return err
	}
	if err := account.Disable(c.r.Context(), s.DB, c.actor(), u.ID, c.r.PostFormValue("disabled") == "1"); err != nil {
		return err
	}
	return c.redirect("/quan-ly/tai-khoan/"+strconv.FormatInt(u.ID, 10), "Đã cập nhật trạng thái tài khoản.")
}

type auditData struct {
	Entries []*audit.Entry
	Next    int64
	Entity  string
}

func (s *Server) auditLog(c *request) error {
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
