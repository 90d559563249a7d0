package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/cchc-vn/cchc/internal/account"
	"github.com/cchc-vn/cchc/internal/contest"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/demo"
	"github.com/cchc-vn/cchc/internal/filestore"
	"github.com/cchc-vn/cchc/internal/news"
	"github.com/cchc-vn/cchc/internal/notice"
	"github.com/cchc-vn/cchc/internal/plan"
	"github.com/cchc-vn/cchc/internal/seed"
	"github.com/cchc-vn/cchc/internal/ward"
)

// env is a running server on a fresh database with Phú Định and the demo accounts.
type env struct {
	t     testing.TB
	d     *db.DB
	s     *Server
	ts    *httptest.Server
	ward  *ward.Ward
	plan  *plan.Plan
	users map[string]*account.User // by username
	texts *textRecorder            // the phones' inboxes: codes the server sent

	filesDir string // the local file store's directory
}

var quietLog = slog.New(slog.NewTextHandler(logOut(), nil))

func newEnv(t testing.TB, d *db.DB) *env { t.Helper(); return newEnvOf(t, d, demo.Light) }

// newEnvOf is newEnv with the demonstration data of size.
func newEnvOf(t testing.TB, d *db.DB, size demo.Size) *env {
	t.Helper()
	ctx := context.Background()
	if _, err := seed.Load(ctx, d); err != nil {
		t.Fatal(err)
	}
	filesDir := t.TempDir()
	files, _ := filestore.NewLocal(filesDir)
	if _, err := demo.Load(ctx, d, files, "27427", size); err != nil {
		t.Fatal(err)
	}
	w, _ := ward.ByCode(ctx, d, "27427")
	if err := news.EnsureColumns(ctx, d, w.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := account.Create(ctx, d, w.ID, account.NewUser{Username: "admin", FullName: "Quản trị", Role: account.RoleAdmin, Password: "admin-password-1"}); err != nil {
		t.Fatal(err)
	}
	p, err := plan.Current(ctx, d, w.ID)
	if err != nil {
		t.Fatal(err)
	}
	texts := &textRecorder{}
	s, err := New(Config{DB: d, Files: files, Log: quietLog, DefaultWard: "27427", Texter: texts})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	e := &env{t: t, d: d, s: s, ts: ts, ward: w, plan: p, filesDir: filesDir, users: map[string]*account.User{}, texts: texts}
	us, _ := account.List(ctx, d, w.ID)
	for _, u := range us {
		e.users[u.Username] = u
	}
	return e
}

// client is a browser-like client: cookies, no automatic redirects.
type client struct {
	e    *env
	hc   *http.Client
	csrf string
	from string // the address a trusted proxy reports (X-Forwarded-For), when the server trusts one
}

func (e *env) anon() *client {
	jar, _ := cookiejar.New(nil)
	c := &client{e: e, hc: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	// A first visit gives the CSRF cookie, as it would in a browser.
	resp := c.get("/dang-nhap")
	resp.Body.Close()
	u, _ := url.Parse(e.ts.URL)
	for _, ck := range jar.Cookies(u) {
		if ck.Name == csrfCookie {
			c.csrf = ck.Value
		}
	}
	if c.csrf == "" {
		e.t.Fatal("no CSRF cookie on first visit")
	}
	return c
}

// textRecorder is a local fake of the text provider: it keeps what was sent.
type textRecorder struct {
	mu   sync.Mutex
	sent []notice.Text
}

func (r *textRecorder) SendText(ctx context.Context, t notice.Text) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.sent = append(r.sent, t)
	return nil
}

// code is the last one-time code sent to phone.
func (r *textRecorder) code(phone string) string {
	r.mu.Lock()
	defer r.mu.Unlock()
	for i := len(r.sent) - 1; i >= 0; i-- {
		if r.sent[i].Phone == phone {
			return r.sent[i].Params["otp"]
		}
	}
	return ""
}

// taker is the demo's contest taker who has not yet taken the open round:
// a public client whose phone is verified through the pages, as anyone's is.
const taker = "thisinh"

// as returns a client signed in as username, with a session made directly
// (argon2 on every test login would only slow the suite; login has its own
// tests); "thisinh" is the demonstration's contest taker.
func (e *env) as(username string) *client {
	c := e.anon()
	if username == "" {
		return c
	}
	if username == taker {
		ctx := context.Background()
		cs, err := contest.Public(ctx, e.d, e.ward.ID)
		if err != nil || len(cs) == 0 {
			e.t.Fatalf("no demo contest: %v", err)
		}
		slug := "/cuoc-thi/" + cs[0].Slug
		resp := c.post(slug+"/vao-thi", url.Values{"phone": {demo.DemoTakerPhone}})
		resp.Body.Close()
		loc := resp.Header.Get("Location")
		if !strings.HasPrefix(loc, slug+"/xac-minh?ma=") {
			e.t.Fatalf("signing the demo taker in: %d %s", resp.StatusCode, loc)
		}
		resp = c.post(slug+"/xac-minh", url.Values{"ma": {strings.TrimPrefix(loc, slug+"/xac-minh?ma=")}, "code": {e.texts.code(demo.DemoTakerPhone)}})
		resp.Body.Close()
		if resp.Header.Get("Location") != slug+"/cua-toi" {
			e.t.Fatalf("verifying the demo taker: %d %s", resp.StatusCode, resp.Header.Get("Location"))
		}
		return c
	}
	u := e.users[username]
	if u == nil {
		e.t.Fatalf("no user %s", username)
	}
	token, err := account.NewSession(context.Background(), e.d, u.ID, "127.0.0.1", "test")
	if err != nil {
		e.t.Fatal(err)
	}
	base, _ := url.Parse(e.ts.URL)
	c.hc.Jar.SetCookies(base, []*http.Cookie{{Name: sessionCookie, Value: token, Path: "/"}})
	c.csrf = sessionCSRF(token) // an official's forms carry the token of their session
	return c
}

func (c *client) do(req *http.Request) *http.Response {
	if c.from != "" {
		req.Header.Set("X-Forwarded-For", c.from)
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		c.e.t.Fatal(err)
	}
	return resp
}

func (c *client) get(path string) *http.Response {
	req, _ := http.NewRequest("GET", c.e.ts.URL+path, nil)
	return c.do(req)
}

// post sends a form with the client's CSRF token, as the site's forms do.
func (c *client) post(path string, form url.Values) *http.Response {
	if form == nil {
		form = url.Values{}
	}
	if _, ok := form["csrf"]; !ok {
		form.Set("csrf", c.token())
	}
	req, _ := http.NewRequest("POST", c.e.ts.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.do(req)
}

// token is the form token a page would carry now (it changes at login): the
// session's for an official, the cookie's for the public.
func (c *client) token() string {
	u, _ := url.Parse(c.e.ts.URL)
	var session, cookie string
	for _, ck := range c.hc.Jar.Cookies(u) {
		switch ck.Name {
		case csrfCookie:
			cookie = ck.Value
		case sessionCookie:
			session = ck.Value
		}
	}
	c.csrf = cookie
	if session != "" {
		c.csrf = sessionCSRF(session)
	}
	return c.csrf
}

func body(t *testing.T, resp *http.Response) string {
	t.Helper()
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return string(b)
}

// assignmentOf returns the id of unit's assignment in section and task (1-based) of the plan.
func (e *env) assignmentOf(section, task int, unitName string) int64 {
	for _, a := range e.plan.Sections[section-1].Tasks[task-1].Assignments {
		if a.UnitName == unitName {
			return a.ID
		}
	}
	e.t.Fatalf("no assignment of %s in %d.%d", unitName, section, task)
	return 0
}

// Every template must be rendered by some test: an unrendered page is untested.
var rendered sync.Map

func TestMain(m *testing.M) {
	renderHook = func(name string) { rendered.Store(name, true) }
	code := m.Run()
	if code == 0 && !testing.Short() && os.Getenv("CCHC_SKIP_TEMPLATE_CHECK") == "" && flagRunUnset() {
		t, _ := parseTemplates()
		for name := range t.pages {
			if _, ok := rendered.Load(name); !ok {
				os.Stderr.WriteString("template " + name + ".html was never rendered by a test\n")
				code = 1
			}
		}
	}
	os.Exit(code)
}

func flagRunUnset() bool {
	for _, a := range os.Args {
		if strings.HasPrefix(a, "-test.run") {
			return false
		}
	}
	return true
}

// logOut sends server logs to stderr when CCHC_TEST_LOG is set.
func logOut() io.Writer {
	if os.Getenv("CCHC_TEST_LOG") != "" {
		return os.Stderr
	}
	return io.Discard
}
