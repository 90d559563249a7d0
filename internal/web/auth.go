package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/cchc-vn/cchc/internal/account"
	"github.com/cchc-vn/cchc/internal/check"
	"github.com/cchc-vn/cchc/internal/signin"
)

func (s *Server) healthz(c *request) error {
	c.w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, err := c.w.Write([]byte("ok\n"))
	return err
}

func (s *Server) readyz(c *request) error {
	ctx, cancel := context.WithTimeout(c.r.Context(), 2*time.Second)
	defer cancel()
	c.w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if err := s.DB.Ping(ctx); err != nil {
		s.Log.WarnContext(ctx, "not ready", "err", err)
		c.w.WriteHeader(http.StatusServiceUnavailable)
		c.w.Write([]byte("database unreachable\n"))
		return nil
	}
	_, err := c.w.Write([]byte("ready\n"))
	return err
}

// loginData is the login form: where to go after it and, after repeated
// failures, the proof of work the browser solves before sending it.
type loginData struct {
	Next      string
	Challenge string
	Bits      int
}

// safeNext keeps redirects after login on this site.
func safeNext(next string) string {
	if p, ok := localPath(next); ok {
		return p
	}
	return "/quan-ly"
}

// localPath accepts a path of this site to send a browser to: one that
// parses as a URL without scheme or host, begins with a single slash, and
// holds no backslash and no control character. Browsers drop tabs and line
// breaks and read "\\" as "/", so "/\t/evil.example" or "/\\evil.example"
// would take the visitor to another site.
func localPath(s string) (string, bool) {
	if !strings.HasPrefix(s, "/") || strings.HasPrefix(s, "//") || strings.ContainsRune(s, '\\') {
		return "", false
	}
	for _, r := range s {
		if unicode.IsControl(r) || unicode.IsSpace(r) {
			return "", false
		}
	}
	u, err := url.Parse(s)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
		return "", false
	}
	return s, true
}

func (s *Server) loginForm(c *request) error {
	if c.user != nil {
		return c.redirect("/quan-ly", "")
	}
	data := loginData{Next: safeNext(c.r.URL.Query().Get("tiep"))}
	var err error
	if data.Challenge, data.Bits, err = s.signin.Form(c.r.Context(), s.clientIP(c.r)); err != nil {
		return err
	}
	return c.render("login", "Đăng nhập", data)
}

func (s *Server) login(c *request) error {
	username := strings.ToLower(strings.TrimSpace(c.r.PostFormValue("username")))
	password := c.r.PostFormValue("password")
	data := loginData{Next: safeNext(c.r.PostFormValue("next"))}
	fail := func(status int, msg string) error {
		c.r.PostForm.Del("password")
		return c.renderPage(status, "login", &page{Title: "Đăng nhập", Data: data, Errors: check.Errors{"form": msg}, Form: c.r.PostForm})
	}
	if username == "" || password == "" {
		return fail(http.StatusUnprocessableEntity, "Vui lòng nhập tên đăng nhập và mật khẩu.")
	}
	var previous string
	if old, err := c.r.Cookie(sessionCookie); err == nil {
		previous = old.Value
	}
	u, token, err := s.signin.Login(c.r.Context(), signin.Attempt{WardID: c.ward.ID, WardCode: c.ward.Code,
		Username: username, Password: password, Challenge: c.r.PostFormValue("challenge"), Nonce: c.r.PostFormValue("nonce"),
		Previous: previous, Address: s.clientIP(c.r), UserAgent: c.r.UserAgent()})
	var refused *signin.Refusal
	if errors.As(err, &refused) {
		data.Challenge, data.Bits = refused.Challenge, refused.Bits
		switch refused.Kind {
		case signin.Wait:
			c.w.Header().Set("Retry-After", strconv.Itoa(int(refused.Retry.Seconds())+1))
			return fail(http.StatusTooManyRequests, "Địa chỉ mạng này đã đăng nhập sai quá nhiều lần. Vui lòng thử lại sau "+strconv.Itoa(int(refused.Retry.Minutes())+1)+" phút.")
		case signin.NeedProof:
			return fail(http.StatusTooManyRequests, "Đã có nhiều lần đăng nhập sai. Để bảo vệ tài khoản, trình duyệt cần tự xác minh trong giây lát trước khi gửi: vui lòng nhập lại mật khẩu rồi bấm Đăng nhập (trình duyệt cần bật JavaScript).")
		default:
			return fail(http.StatusUnauthorized, "Tên đăng nhập hoặc mật khẩu không đúng.")
		}
	}
	if err != nil {
		return err
	}
	// A new session and a new CSRF token at login: nothing set before it survives.
	http.SetCookie(c.w, s.cookie(c.r, sessionCookie, token, int(account.SessionMax.Seconds())))
	http.SetCookie(c.w, s.cookie(c.r, csrfCookie, randomToken(), 0))
	c.user = u
	return c.redirect(data.Next, "")
}

func (s *Server) logout(c *request) error {
	if ck, err := c.r.Cookie(sessionCookie); err == nil {
		if err := account.EndSession(c.r.Context(), s.DB, ck.Value); err != nil {
			return err
		}
	}
	http.SetCookie(c.w, s.cookie(c.r, sessionCookie, "", -1))
	return c.redirect("/", "Bạn đã đăng xuất.")
}

func (s *Server) passwordForm(c *request) error {
	return c.render("password", "Đổi mật khẩu", nil)
}

func (s *Server) changePassword(c *request) error {
	f := c.r.PostFormValue
	ck, err := c.r.Cookie(sessionCookie)
	if err != nil {
		return err
	}
	err = account.ChangePassword(c.r.Context(), s.DB, c.user, c.actor(), f("current"), f("password"), f("confirm"), ck.Value)
	var ce check.Errors
	if errors.As(err, &ce) {
		c.r.PostForm = nil
		return c.renderPage(http.StatusUnprocessableEntity, "password", &page{Title: "Đổi mật khẩu", Errors: ce})
	}
	if err != nil {
		return err
	}
	return c.redirect("/quan-ly", "Đã đổi mật khẩu. Các phiên đăng nhập khác đã được đóng.")
}

// remindersForm lets an official have reminders also sent to their phone.
func (s *Server) remindersForm(c *request) error {
	form := url.Values{"phone": {c.user.Phone}}
	if c.user.ByText {
		form.Set("by_text", "1")
	}
	return c.renderPage(http.StatusOK, "reminders", &page{Title: "Nhận nhắc việc qua Zalo", Form: form})
}

func (s *Server) saveReminders(c *request) error {
	f := c.r.PostFormValue
	err := account.SetReminders(c.r.Context(), s.DB, c.user, c.actor(), f("phone"), f("by_text") == "1")
	var ce check.Errors
	if errors.As(err, &ce) {
		return c.renderForm("reminders", "Nhận nhắc việc qua Zalo", nil, ce)
	} else if err != nil {
		return err
	}
	msg := "Đã lưu. Nhắc việc chỉ gửi trong ứng dụng và thư điện tử."
	if f("by_text") == "1" {
		msg = "Đã lưu. Nhắc việc sẽ gửi cả qua Zalo (hoặc tin nhắn SMS) đến số di động của anh/chị, từ 7 giờ đến 21 giờ."
	}
	return c.redirect("/quan-ly/nhac-viec", msg)
}
