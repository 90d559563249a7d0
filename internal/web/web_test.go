package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/cchc-vn/cchc/internal/account"
	"github.com/cchc-vn/cchc/internal/audit"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/db/dbtest"
	"github.com/cchc-vn/cchc/internal/notice"
	"github.com/cchc-vn/cchc/internal/plan"
	"github.com/cchc-vn/cchc/internal/pow"
	"github.com/cchc-vn/cchc/internal/signin"
	"github.com/cchc-vn/cchc/internal/ward"
)

func TestSecurityHeadersAndNotFound(t *testing.T) {
	e := newEnv(t, dbtest.Open(t, db.SQLite))
	resp := e.anon().get("/khong-co-trang-nay")
	b := body(t, resp)
	if resp.StatusCode != http.StatusNotFound || !strings.Contains(b, "Không tìm thấy trang") || !strings.Contains(b, `lang="vi"`) {
		t.Errorf("404 page: %d %q", resp.StatusCode, b[:min(200, len(b))])
	}
	csp := resp.Header.Get("Content-Security-Policy")
	for _, want := range []string{"default-src 'self'", "script-src 'self'", "frame-ancestors 'none'", "object-src 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP %q lacks %q", csp, want)
		}
	}
	if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
		t.Errorf("CSP allows inline code: %q", csp)
	}
	for h, want := range map[string]string{"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY", "Referrer-Policy": "strict-origin-when-cross-origin"} {
		if got := resp.Header.Get(h); got != want {
			t.Errorf("%s = %q, want %q", h, got, want)
		}
	}
	// No page carries inline script or style, which the CSP would block.
	for _, path := range []string{"/", "/ke-hoach/" + strconv.FormatInt(e.plan.ID, 10), "/dang-nhap"} {
		b := body(t, e.anon().get(path))
		if strings.Contains(b, "<script>") || strings.Contains(b, " style=") || strings.Contains(b, "<style") || strings.Contains(b, " onclick=") {
			t.Errorf("%s has inline script or style", path)
		}
		// Links to other sites are fine; loading anything from one is not.
		for _, m := range regexp.MustCompile(`<(?:script|img|link|iframe|source|video)\b[^>]*\b(?:src|href|srcset)="(https?://[^"/]+)`).FindAllStringSubmatch(b, -1) {
			if m[1] != e.ts.URL {
				t.Errorf("%s loads from another site: %s", path, m[0])
			}
		}
	}
	// Static assets are cached for a year under hashed names.
	resp = e.anon().get(assetURL("app.css"))
	body(t, resp)
	if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Cache-Control"), "immutable") || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/css") {
		t.Errorf("asset: %d %q %q", resp.StatusCode, resp.Header.Get("Cache-Control"), resp.Header.Get("Content-Type"))
	}
}

func TestCSRF(t *testing.T) {
	e := newEnv(t, dbtest.Open(t, db.SQLite))
	c := e.as("vhxh")
	a := strconv.FormatInt(e.assignmentOf(8, 2, "Khu phố 1"), 10) // demo leaves Khu phố 1 untouched
	form := func(token string) url.Values { return url.Values{"csrf": {token}, "status": {plan.Done}} }
	for name, resp := range map[string]*http.Response{
		"no token":    c.post("/quan-ly/phan-cong/"+a+"/trang-thai", form("")),
		"wrong token": c.post("/quan-ly/phan-cong/"+a+"/trang-thai", form(strings.Repeat("x", 43))),
	} {
		b := body(t, resp)
		if resp.StatusCode != http.StatusForbidden || !strings.Contains(b, "Phiên làm việc đã hết hạn") {
			t.Errorf("%s: %d", name, resp.StatusCode)
		}
	}
	// A request a browser marks as coming from another site is refused even with the token.
	req, _ := http.NewRequest("POST", e.ts.URL+"/quan-ly/phan-cong/"+a+"/trang-thai", strings.NewReader(form(c.csrf).Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	resp := c.do(req)
	body(t, resp)
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site POST: %d", resp.StatusCode)
	}
	got, _, _, _ := plan.AssignmentByID(context.Background(), e.d, e.ward.ID, e.assignmentOf(8, 2, "Khu phố 1"))
	if got.Status == plan.Done {
		t.Error("a refused request changed the status")
	}
	// The cookie's token, which a sibling host could have planted, is worth
	// nothing once an official is signed in: the token comes from the session.
	base, _ := url.Parse(e.ts.URL)
	var cookieToken string
	for _, ck := range c.hc.Jar.Cookies(base) {
		if ck.Name == csrfCookie {
			cookieToken = ck.Value
		}
	}
	if cookieToken == "" || cookieToken == c.csrf {
		t.Fatalf("cookie token %q, session token %q", cookieToken, c.csrf)
	}
	if resp := c.post("/quan-ly/phan-cong/"+a+"/trang-thai", form(cookieToken)); resp.StatusCode != http.StatusForbidden {
		t.Errorf("an official's POST with the cookie's token: %d", resp.StatusCode)
	}
	if page := body(t, c.get("/quan-ly/phan-cong/"+a)); !strings.Contains(page, `name="csrf" value="`+c.csrf+`"`) {
		t.Error("the official's forms do not carry the session's token")
	}
	resp = c.post("/quan-ly/phan-cong/"+a+"/trang-thai", form(c.csrf))
	body(t, resp)
	if resp.StatusCode != http.StatusSeeOther {
		t.Errorf("valid POST: %d", resp.StatusCode)
	}
}

// After login the browser goes back where it was, on this site only: a
// tab, a line break or a backslash would let it leave (browsers read
// "/\t/evil.example" and "/\\evil.example" as //evil.example).
func TestLoginRedirectStaysOnSite(t *testing.T) {
	for _, c := range []struct{ next, want string }{
		{"/quan-ly/tong-quan?tu=07/2025", "/quan-ly/tong-quan?tu=07/2025"},
		{"/thu-tuc/1.001193#ho-so", "/thu-tuc/1.001193#ho-so"},
		{"/\t/evil.example", "/quan-ly"},
		{"/\n/evil.example", "/quan-ly"},
		{"/\r\n/evil.example", "/quan-ly"},
		{"//evil.example", "/quan-ly"},
		{"/\\evil.example", "/quan-ly"},
		{"/ /evil.example", "/quan-ly"},
		{"https://evil.example/", "/quan-ly"},
		{"javascript:alert(1)", "/quan-ly"},
		{"evil.example", "/quan-ly"},
		{"/\u0085/evil.example", "/quan-ly"},
		{"", "/quan-ly"},
	} {
		if got := safeNext(c.next); got != c.want {
			t.Errorf("safeNext(%q) = %q, want %q", c.next, got, c.want)
		}
	}
	e := newEnv(t, dbtest.Open(t, db.SQLite))
	resp := e.anon().post("/dang-nhap", url.Values{"username": {"admin"}, "password": {"admin-password-1"}, "next": {"/\t/evil.example"}})
	body(t, resp)
	if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || loc != "/quan-ly" {
		t.Errorf("login with a next that leaves the site: %d → %q", resp.StatusCode, loc)
	}
}

func TestLoginLockoutAndSharedSessions(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		c := e.anon()
		resp := c.post("/dang-nhap", url.Values{"username": {"kp01"}, "password": {"sai-mat-khau"}})
		if b := body(t, resp); resp.StatusCode != http.StatusUnauthorized || !strings.Contains(b, "Tên đăng nhập hoặc mật khẩu không đúng") {
			t.Fatalf("wrong password: %d", resp.StatusCode)
		}
		resp = c.post("/dang-nhap", url.Values{"username": {"kp01"}, "password": {"demo-cchc-2025"}, "next": {"//evil.example/"}})
		body(t, resp)
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/quan-ly" {
			t.Fatalf("login: %d → %q (an off-site next must fall back to /quan-ly)", resp.StatusCode, resp.Header.Get("Location"))
		}
		var session *http.Cookie
		for _, ck := range resp.Cookies() {
			if ck.Name == sessionCookie {
				session = ck
			}
		}
		if session == nil || !session.HttpOnly || session.SameSite != http.SameSiteLaxMode {
			t.Fatalf("session cookie = %+v", session)
		}
		// The session lives in the database: a second process serving the
		// same database knows it.
		other, err := New(Config{DB: d, Log: quietLog, DefaultWard: "27427"})
		if err != nil {
			t.Fatal(err)
		}
		ts2 := httptest.NewServer(other.Handler())
		defer ts2.Close()
		req, _ := http.NewRequest("GET", ts2.URL+"/quan-ly", nil)
		req.AddCookie(session)
		resp2, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		if b := body(t, resp2); resp2.StatusCode != 200 || !strings.Contains(b, "Võ Văn Bình") {
			t.Errorf("second process: %d", resp2.StatusCode)
		}
		// Logging out ends the session everywhere.
		body(t, c.post("/dang-xuat", nil))
		resp2, _ = http.DefaultTransport.RoundTrip(req)
		body(t, resp2)
		if resp2.StatusCode != http.StatusSeeOther {
			t.Errorf("after logout the second process still accepts the session: %d", resp2.StatusCode)
		}

		// A stranger failing for an account does not lock its owner out.
		e.s.TLSProxy = true // addresses come from X-Forwarded-For
		stranger := e.anon()
		stranger.from = "198.51.100.9"
		for i := 0; i < 8; i++ {
			body(t, stranger.post("/dang-nhap", url.Values{"username": {"kp02"}, "password": {"sai"}}))
		}
		owner := e.anon()
		owner.from = "203.0.113.5"
		resp = owner.post("/dang-nhap", url.Values{"username": {"kp02"}, "password": {"demo-cchc-2025"}})
		if body(t, resp); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("the owner, after a stranger's 8 failures: %d", resp.StatusCode)
		}
		var hash string
		d.QueryRow(context.Background(), `select password_hash from users where username = 'kp02'`).Scan(&hash)
		if !strings.HasPrefix(hash, "$argon2id$") {
			t.Errorf("password stored as %q", hash[:min(12, len(hash))])
		}
	})
}

func TestLoginAfterFailuresAsksTheBrowserForProof(t *testing.T) {
	e := newEnv(t, dbtest.Open(t, db.SQLite))
	e.s.TLSProxy = true
	e.s.signin.MinBits, e.s.signin.MaxBits = 6, 8
	c := e.anon()
	c.from = "198.51.100.9"
	var b string
	var resp *http.Response
	for i := 0; i < signin.PairFree; i++ {
		resp = c.post("/dang-nhap", url.Values{"username": {"kp02"}, "password": {"sai"}})
		b = body(t, resp)
	}
	// The third failure's form carries a challenge for the browser to solve.
	m := regexp.MustCompile(`data-pow="(\d+)".*name="challenge" value="([^"]+)"`).FindStringSubmatch(strings.ReplaceAll(b, "\n", " "))
	if resp.StatusCode != http.StatusUnauthorized || m == nil || m[1] != "6" || !strings.Contains(b, "Tên đăng nhập hoặc mật khẩu không đúng.") {
		t.Fatalf("third failure: %d, proof %v", resp.StatusCode, m)
	}
	// Sent without the proof (no JavaScript), the right password is not checked.
	resp = c.post("/dang-nhap", url.Values{"username": {"kp02"}, "password": {"demo-cchc-2025"}})
	if b := body(t, resp); resp.StatusCode != http.StatusTooManyRequests || !strings.Contains(b, "trình duyệt cần tự xác minh") || !strings.Contains(b, `name="challenge"`) {
		t.Fatalf("without proof: %d", resp.StatusCode)
	}
	resp = c.post("/dang-nhap", url.Values{"username": {"kp02"}, "password": {"demo-cchc-2025"}, "challenge": {m[2]}, "nonce": {pow.Solve(m[2])}})
	if body(t, resp); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("with proof: %d", resp.StatusCode)
	}
	// A username that does not exist gets the same page as one that does.
	page := func(from, username string) (int, string) {
		c := e.anon()
		c.from = from
		resp := c.post("/dang-nhap", url.Values{"username": {username}, "password": {"sai"}})
		b := body(t, resp)
		b = regexp.MustCompile(`value="[^"]*"`).ReplaceAllString(strings.ReplaceAll(b, username, "USER"), `value=""`)
		return resp.StatusCode, b
	}
	ks, kb := page("192.0.2.1", "kp03")
	us, ub := page("192.0.2.2", "khong-co-ai")
	if ks != us || kb != ub {
		t.Errorf("known %d and unknown %d usernames answer differently", ks, us)
	}
	// The owner of kp02 was not told: three failures are not many.
	ns, _ := notice.List(context.Background(), e.d, e.users["kp02"].ID, 10)
	for _, n := range ns {
		if n.Kind == notice.KindLoginFailures {
			t.Error("the owner was warned after three failures")
		}
	}
}

func TestStatusUpdateFlowAndValidation(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		kp := e.as("kp01")
		own := e.assignmentOf(8, 1, "Khu phố 1")
		path := "/quan-ly/phan-cong/" + strconv.FormatInt(own, 10)

		// Bad input comes back with a field message in Vietnamese and nothing saved.
		resp := kp.post(path+"/trang-thai", url.Values{"status": {"xong"}, "note": {strings.Repeat("a", 2001)}})
		b := body(t, resp)
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(b, "Vui lòng chọn trạng thái.") || !strings.Contains(b, "Ghi chú quá dài (tối đa 2.000 ký tự).") {
			t.Fatalf("invalid update: %d", resp.StatusCode)
		}
		a, _, _, _ := plan.AssignmentByID(context.Background(), d, e.ward.ID, own)
		if a.Status != plan.NotStarted {
			t.Fatalf("invalid update was saved: %s", a.Status)
		}

		resp = kp.post(path+"/trang-thai", url.Values{"status": {plan.InProgress}, "note": {"Đã phổ biến tại buổi họp khu phố <b>tháng 8</b>"}})
		body(t, resp)
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("update: %d", resp.StatusCode)
		}
		b = body(t, kp.get(path))
		if !strings.Contains(b, "Đã cập nhật tiến độ.") || !strings.Contains(b, "&lt;b&gt;tháng 8&lt;/b&gt;") {
			t.Error("assignment page lacks the flash message or shows markup unescaped")
		}
		// The leader sees it in the progress view, with who updated it.
		b = body(t, e.as("lanhdao").get("/quan-ly/ke-hoach/"+strconv.FormatInt(e.plan.ID, 10)+"/tien-do?don-vi="+strconv.FormatInt(e.users["kp01"].UnitID, 10)))
		if !strings.Contains(b, "Võ Văn Bình") || !strings.Contains(b, "Đã phổ biến tại buổi họp khu phố") {
			t.Error("leader's progress view does not show the update")
		}
		// A khu phố head sees only the own khu phố, whatever the filter says.
		b = body(t, kp.get("/quan-ly/ke-hoach/"+strconv.FormatInt(e.plan.ID, 10)+"/tien-do?don-vi="+strconv.FormatInt(e.users["kp02"].UnitID, 10)))
		if strings.Contains(b, "Khu phố 2") || !strings.Contains(b, "Khu phố 1") {
			t.Error("khu phố head's progress view shows another khu phố")
		}
		// The supervisor comments; the comment is in the history and the audit log.
		body(t, e.as("mttq").post(path+"/y-kien", url.Values{"body": {"Đề nghị bổ sung số hộ dân tham dự."}}))
		if b := body(t, kp.get(path)); !strings.Contains(b, "Đề nghị bổ sung số hộ dân tham dự.") {
			t.Error("comment not shown")
		}
		entries, _ := audit.List(context.Background(), d, e.ward.ID, audit.Filter{Entity: "task_assignment", EntityID: own})
		if len(entries) != 2 || entries[0].Username != "mttq" || entries[1].Username != "kp01" {
			t.Errorf("audit entries = %d", len(entries))
		}
		if b := body(t, e.as("mttq").get("/quan-ly/nhat-ky")); !strings.Contains(b, "Ý kiến về nhiệm vụ của Khu phố 1") {
			t.Error("audit page does not list the comment")
		}
	})
}

func TestCopyPlanThroughForms(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		c := e.as("vhxh")
		id := strconv.FormatInt(e.plan.ID, 10)
		b := body(t, c.get("/quan-ly/ke-hoach/"+id+"/sao-chep"))
		if !strings.Contains(b, `value="01/01/2026"`) || !strings.Contains(b, "6 tháng đầu năm 2026") {
			t.Fatal("copy form does not suggest the next half-year")
		}
		form := url.Values{"number": {""}, "issued_on": {"05/01/2026"}, "title": {"Tuyên truyền CCHC 6 tháng đầu năm 2026"},
			"period_label": {"6 tháng đầu năm 2026"}, "period_start": {"01/01/2026"}, "period_end": {"30/06/2026"}}
		resp := c.post("/quan-ly/ke-hoach/"+id+"/sao-chep", form)
		if b := body(t, resp); resp.StatusCode != 422 || !strings.Contains(b, "Vui lòng nhập số kế hoạch.") || !strings.Contains(b, `value="05/01/2026"`) {
			t.Fatalf("copy without a number: %d", resp.StatusCode)
		}
		form.Set("number", "05/KH-UBND")
		resp = c.post("/quan-ly/ke-hoach/"+id+"/sao-chep", form)
		body(t, resp)
		loc := resp.Header.Get("Location")
		if resp.StatusCode != http.StatusSeeOther || loc == "/quan-ly/ke-hoach/"+id {
			t.Fatalf("copy: %d → %s", resp.StatusCode, loc)
		}
		b = body(t, c.get(loc))
		if !strings.Contains(b, "Số: 05/KH-UBND") || !strings.Contains(b, "Dự thảo") || !strings.Contains(b, "Thêm nhiệm vụ vào mục 8") {
			t.Error("the copy is not shown as an editable draft")
		}
		newID := strings.TrimPrefix(loc, "/quan-ly/ke-hoach/")
		// Drafts are not public.
		if resp := e.anon().get("/ke-hoach/" + newID); resp.StatusCode != 404 {
			t.Errorf("public draft: %d", resp.StatusCode)
		}
		// Edit the header with a bad date, then properly.
		resp = c.post("/quan-ly/ke-hoach/"+newID+"/sua", url.Values{"number": {"05/KH-UBND"}, "issued_on": {"31/02/2026"}, "title": {"x"},
			"period_label": {"6 tháng đầu năm 2026"}, "period_start": {"01/01/2026"}, "period_end": {"30/06/2026"}})
		if b := body(t, resp); resp.StatusCode != 422 || !strings.Contains(b, `<a href="#issued_on">Ngày ban hành không hợp lệ: nhập theo dạng dd/mm/yyyy`) ||
			strings.Count(b, "Ngày ban hành không hợp lệ") != 2 {
			t.Errorf("bad date: %d, want it in the error summary, linked to its field, and beside the field", resp.StatusCode)
		}
		b = body(t, c.get("/quan-ly/ke-hoach/"+newID+"/sua"))
		if !strings.Contains(b, "Bùi Trung Trực") || !strings.Contains(b, `value="month" checked`) {
			t.Error("edit form not prefilled")
		}
		form = url.Values{"number": {"05/KH-UBND"}, "issued_on": {"05/01/2026"}, "title": {"Tuyên truyền CCHC 6 tháng đầu năm 2026"},
			"period_label": {"6 tháng đầu năm 2026"}, "period_start": {"01/01/2026"}, "period_end": {"30/06/2026"}, "report_cycle": {"weekly"}, "report_due_days": {"90"}}
		if b := body(t, c.post("/quan-ly/ke-hoach/"+newID+"/sua", form)); !strings.Contains(b, "hằng tháng hoặc hằng quý") || !strings.Contains(b, "từ 0 đến 60") {
			t.Error("bad report cycle accepted")
		}
		form.Set("report_cycle", "quarter")
		form.Set("report_due_days", "10")
		if resp := c.post("/quan-ly/ke-hoach/"+newID+"/sua", form); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("edit: %d", resp.StatusCode)
		}
		copyID, _ := strconv.ParseInt(newID, 10, 64)
		p, _ := plan.Header(context.Background(), d, e.ward.ID, copyID)
		if ps := plan.Periods(p); p.ReportCycle != plan.CycleQuarter || len(ps) != 2 || ps[0].DueOn != "2026-04-10" {
			t.Errorf("quarterly reports: %s %+v", p.ReportCycle, ps)
		}
		// Activate the draft; it becomes public.
		body(t, c.post("/quan-ly/ke-hoach/"+newID+"/trang-thai", url.Values{"status": {"active"}}))
		if resp := e.anon().get("/ke-hoach/" + newID); resp.StatusCode != 200 {
			t.Errorf("activated plan not public: %d", resp.StatusCode)
		}
	})
}

func TestTaskEditing(t *testing.T) {
	e := newEnv(t, dbtest.Open(t, db.SQLite))
	c := e.as("vhxh")
	task := strconv.FormatInt(e.plan.Sections[2].Tasks[0].ID, 10)
	b := body(t, c.get("/quan-ly/nhiem-vu/"+task+"/sua"))
	if !strings.Contains(b, "Tham mưu Ủy ban nhân dân phường cân đối") {
		t.Fatal("task form not prefilled")
	}
	resp := c.post("/quan-ly/nhiem-vu/"+task+"/sua", url.Values{"body": {""}, "recurrence": {"once"}, "due_on": {""}})
	if b := body(t, resp); resp.StatusCode != 422 || !strings.Contains(b, "Vui lòng nhập nội dung nhiệm vụ.") {
		t.Errorf("empty task: %d", resp.StatusCode)
	}
	resp = c.post("/quan-ly/nhiem-vu/"+task+"/sua", url.Values{"body": {"Tham mưu bố trí kinh phí năm 2026."}, "recurrence": {"once"}, "due_on": {"30/11/2025"}})
	body(t, resp)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit task: %d", resp.StatusCode)
	}
	p, _ := plan.Get(context.Background(), e.d, e.ward.ID, e.plan.ID)
	if tk := p.Sections[2].Tasks[0]; tk.Body != "Tham mưu bố trí kinh phí năm 2026." || tk.DueOn != "2025-11-30" {
		t.Errorf("task = %q due %q", tk.Body, tk.DueOn)
	}
	// Adding to an active plan is refused with a message.
	resp = c.post("/quan-ly/ke-hoach/"+strconv.FormatInt(e.plan.ID, 10)+"/muc/"+strconv.FormatInt(e.plan.Sections[0].ID, 10)+"/nhiem-vu",
		url.Values{"body": {"x"}, "recurrence": {"once"}})
	if b := body(t, resp); resp.StatusCode != 422 || !strings.Contains(b, "Chỉ thêm nhiệm vụ khi kế hoạch còn là dự thảo.") {
		t.Errorf("adding to the active plan: %d", resp.StatusCode)
	}
}

func TestAccountsAdministration(t *testing.T) {
	e := newEnv(t, dbtest.Open(t, db.SQLite))
	c := e.as("admin")
	resp := c.post("/quan-ly/tai-khoan", url.Values{"username": {"Kp 5"}, "full_name": {""}, "role": {"khu_pho_head"}, "password": {"ngan"}})
	b := body(t, resp)
	for _, msg := range []string{"Tên đăng nhập gồm 3–40 ký tự", "Vui lòng nhập họ và tên", "Vai trò này cần chọn đơn vị.", "Mật khẩu phải có ít nhất 10 ký tự."} {
		if !strings.Contains(b, msg) {
			t.Errorf("missing message %q", msg)
		}
	}
	if resp.StatusCode != 422 {
		t.Errorf("status %d", resp.StatusCode)
	}
	unit := strconv.FormatInt(e.users["kp01"].UnitID, 10)
	resp = c.post("/quan-ly/tai-khoan", url.Values{"username": {"kp01"}, "full_name": {"Trùng tên"}, "role": {"khu_pho_head"}, "unit_id": {unit}, "password": {"mat-khau-dai-du"}})
	if b := body(t, resp); !strings.Contains(b, "Tên đăng nhập đã được dùng.") {
		t.Error("duplicate username accepted")
	}
	resp = c.post("/quan-ly/tai-khoan", url.Values{"username": {"kp01b"}, "full_name": {"Phó khu phố"}, "role": {"khu_pho_head"}, "unit_id": {unit}, "password": {"mat-khau-dai-du"}})
	body(t, resp)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d", resp.StatusCode)
	}
	user := resp.Header.Get("Location")
	if b := body(t, c.get(user)); !strings.Contains(b, "Phó khu phố") || !strings.Contains(b, "Tạo tài khoản kp01b") {
		t.Error("user page lacks the account or its audit entry")
	}
	// Disabling ends the account's sessions.
	kp := e.as("kp01")
	kpID := strconv.FormatInt(e.users["kp01"].ID, 10)
	body(t, c.post("/quan-ly/tai-khoan/"+kpID+"/khoa", url.Values{"disabled": {"1"}}))
	if resp := kp.get("/quan-ly"); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("disabled account still signed in: %d", resp.StatusCode)
	}
	if b := body(t, c.post("/quan-ly/tai-khoan/"+kpID+"/mat-khau", url.Values{"password": {"ngan"}})); !strings.Contains(b, "Mật khẩu phải có ít nhất 10 ký tự.") {
		t.Error("weak reset password accepted")
	}
	body(t, c.post("/quan-ly/tai-khoan/"+kpID+"/mat-khau", url.Values{"password": {"mat-khau-moi-123"}}))
	body(t, c.post("/quan-ly/tai-khoan/"+kpID+"/khoa", url.Values{"disabled": {"0"}}))
	if _, err := account.Authenticate(context.Background(), e.d, e.ward.ID, "kp01", "mat-khau-moi-123"); err != nil {
		t.Errorf("login with the reset password: %v", err)
	}
}

func TestChangeOwnPassword(t *testing.T) {
	e := newEnv(t, dbtest.Open(t, db.SQLite))
	c := e.as("vanphong")
	b := body(t, c.get("/quan-ly/mat-khau"))
	if !strings.Contains(b, "Mật khẩu hiện tại") {
		t.Fatal("no form")
	}
	resp := c.post("/quan-ly/mat-khau", url.Values{"current": {"sai"}, "password": {"mat-khau-moi-456"}, "confirm": {"khac"}})
	if b := body(t, resp); !strings.Contains(b, "Mật khẩu hiện tại không đúng.") || !strings.Contains(b, "Mật khẩu nhập lại không khớp.") {
		t.Error("wrong current password or confirmation accepted")
	}
	resp = c.post("/quan-ly/mat-khau", url.Values{"current": {"demo-cchc-2025"}, "password": {"mat-khau-moi-456"}, "confirm": {"mat-khau-moi-456"}})
	body(t, resp)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("change: %d", resp.StatusCode)
	}
	if _, err := account.Authenticate(context.Background(), e.d, e.ward.ID, "vanphong", "mat-khau-moi-456"); err != nil {
		t.Error(err)
	}
}

func TestPagesRender(t *testing.T) {
	e := newEnv(t, dbtest.Open(t, db.SQLite))
	id := strconv.FormatInt(e.plan.ID, 10)
	checks := []struct{ user, path, want string }{
		{"", "/", "Kế hoạch số 88/KH-UBND"},
		{"", "/ke-hoach/" + id, "Đề nghị Trưởng 59 Khu phố"},
		{"", "/dang-nhap", "Đăng nhập dành cho cán bộ"},
		{"lanhdao", "/quan-ly", "Toàn bộ phân công"},
		{"lanhdao", "/quan-ly", "Đơn vị còn việc chưa xong"},
		{"", "/", "Ủy ban nhân dân phường Phú Định"},
		{"kp01", "/quan-ly", "Nhiệm vụ của đơn vị bạn"},
		{"bientap", "/quan-ly/don-vi", "Khu phố 59"},
		{"bientap", "/quan-ly/ke-hoach", "88/KH-UBND"},
		{"mttq", "/quan-ly/ke-hoach/" + id, "Bùi Trung Trực"},
		{"admin", "/quan-ly/tai-khoan", "Tạo tài khoản"},
	}
	for _, c := range checks {
		resp := e.as(c.user).get(c.path)
		b := body(t, resp)
		if resp.StatusCode != 200 || !strings.Contains(b, c.want) {
			t.Errorf("%s as %q: %d, want %q", c.path, c.user, resp.StatusCode, c.want)
		}
	}
}

func TestAPI(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		c := e.anon()
		var list struct {
			Ward  string `json:"ward"`
			Items []struct {
				ID     int64  `json:"id"`
				Number string `json:"number"`
				URL    string `json:"url"`
			} `json:"items"`
		}
		resp := c.get("/api/v1/plans")
		if err := json.Unmarshal([]byte(body(t, resp)), &list); err != nil || resp.Header.Get("Content-Type") != "application/json; charset=utf-8" {
			t.Fatalf("plans: %v %q", err, resp.Header.Get("Content-Type"))
		}
		if list.Ward != "27427" || len(list.Items) != 1 || list.Items[0].Number != "88/KH-UBND" {
			t.Fatalf("plans = %+v", list)
		}
		var p plan.Plan
		if err := json.Unmarshal([]byte(body(t, c.get(list.Items[0].URL))), &p); err != nil {
			t.Fatal(err)
		}
		if len(p.Themes) != 5 || len(p.Channels) != 6 || len(p.Sections) != 8 || len(p.Sections[7].Tasks[0].Assignments) != 59 {
			t.Errorf("plan: %d themes, %d channels, %d sections", len(p.Themes), len(p.Channels), len(p.Sections))
		}
		for _, s := range p.Sections {
			for _, tk := range s.Tasks {
				for _, a := range tk.Assignments {
					if a.StatusNote != "" || a.StatusUpdatedBy != "" {
						t.Fatal("API exposes internal notes or officials' names")
					}
				}
			}
		}
		resp = c.get("/api/v1/plans/999999")
		if b := body(t, resp); resp.StatusCode != 404 || !strings.Contains(b, `"not_found"`) {
			t.Errorf("missing plan: %d %s", resp.StatusCode, b)
		}
		var units struct {
			Items []map[string]any `json:"items"`
		}
		json.Unmarshal([]byte(body(t, c.get("/api/v1/units"))), &units)
		if len(units.Items) != 71 {
			t.Errorf("units = %d, want 12 units and 59 khu phố", len(units.Items))
		}
	})
}

// The OpenAPI document must be valid JSON and describe every API route.
func TestOpenAPIDescribesEveryRoute(t *testing.T) {
	var doc struct {
		OpenAPI string                    `json:"openapi"`
		Paths   map[string]map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(openapiDoc, &doc); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Errorf("openapi = %q", doc.OpenAPI)
	}
	s, _ := New(Config{Log: quietLog})
	n := 0
	for _, rt := range s.Routes() {
		if !strings.HasPrefix(rt.Pattern, "/api/v1/") || rt.Pattern == "/api/v1/openapi.json" {
			continue
		}
		n++
		if _, ok := doc.Paths[rt.Pattern][strings.ToLower(rt.Method)]; !ok {
			t.Errorf("%s %s is not in openapi.json", rt.Method, rt.Pattern)
		}
	}
	if n != len(doc.Paths) {
		t.Errorf("openapi.json has %d paths, the server %d API routes", len(doc.Paths), n)
	}
}

func TestReadyzFollowsTheDatabase(t *testing.T) {
	d := dbtest.Open(t, db.SQLite)
	e := newEnv(t, d)
	if resp := e.anon().get("/readyz"); resp.StatusCode != 200 {
		t.Fatalf("readyz: %d", resp.StatusCode)
	}
	d.Close()
	resp, err := http.Get(e.ts.URL + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("readyz with the database closed: %d", resp.StatusCode)
	}
	if resp, _ := http.Get(e.ts.URL + "/healthz"); resp.StatusCode != 200 {
		t.Errorf("healthz: %d", resp.StatusCode)
	}
}

func TestWardsAreSeparated(t *testing.T) {
	d := dbtest.Open(t, db.SQLite)
	e := newEnv(t, d)
	ctx := context.Background()
	// A second ward served on its own host, with its own admin.
	var wid int64
	if err := d.QueryRow(ctx, `insert into wards (code, name, full_name, province_code, province_name, host, created_at)
		values ('26743', 'Bến Thành', 'Phường Bến Thành', '79', 'Thành phố Hồ Chí Minh', 'benthanh.test', ?) returning id`, db.Now()).Scan(&wid); err != nil {
		t.Fatal(err)
	}
	other, err := account.Create(ctx, d, wid, account.NewUser{Username: "admin", FullName: "Quản trị Bến Thành", Role: account.RoleAdmin, Password: "admin-password-2"})
	if err != nil {
		t.Fatal(err)
	}
	token, _ := account.NewSession(ctx, d, other.ID, "", "")
	get := func(host, path string, withSession bool) (int, string) {
		req, _ := http.NewRequest("GET", e.ts.URL+path, nil)
		req.Host = host
		if withSession {
			req.AddCookie(&http.Cookie{Name: sessionCookie, Value: token})
		}
		resp, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		return resp.StatusCode, body(t, resp)
	}
	if code, b := get("benthanh.test", "/", false); code != 200 || !strings.Contains(b, "Phường Bến Thành") || strings.Contains(b, "88/KH-UBND") {
		t.Errorf("Bến Thành home: %d", code)
	}
	// Phú Định's plan does not exist on Bến Thành's host.
	if code, _ := get("benthanh.test", "/ke-hoach/"+strconv.FormatInt(e.plan.ID, 10), false); code != 404 {
		t.Errorf("another ward's plan: %d", code)
	}
	if code, b := get("benthanh.test", "/api/v1/units", false); code != 200 || strings.Contains(b, "Khu phố") {
		t.Errorf("another ward's units leak: %d", code)
	}
	// Bến Thành's admin session means nothing on Phú Định's host.
	if code, _ := get("127.0.0.1", "/quan-ly/tai-khoan", true); code != http.StatusSeeOther {
		t.Errorf("session of another ward accepted: %d", code)
	}
	if code, _ := get("benthanh.test", "/quan-ly/tai-khoan", true); code != 200 {
		t.Errorf("own ward's session refused: %d", code)
	}
}

func TestUnitsAdministration(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		c := e.as("admin")
		resp := c.post("/quan-ly/don-vi", url.Values{"code": {"Khu Phố 60"}, "name": {""}, "kind": {"xa"}})
		b := body(t, resp)
		if resp.StatusCode != 422 || !strings.Contains(b, "Mã đơn vị gồm chữ thường") || !strings.Contains(b, "Vui lòng nhập tên đơn vị.") || !strings.Contains(b, "Vui lòng chọn loại đơn vị.") {
			t.Fatalf("invalid unit: %d", resp.StatusCode)
		}
		resp = c.post("/quan-ly/don-vi", url.Values{"code": {"kp-01"}, "name": {"Trùng mã"}, "kind": {"khu_pho"}})
		if b := body(t, resp); !strings.Contains(b, "Mã đơn vị đã được dùng trong phường.") {
			t.Error("duplicate code accepted")
		}
		resp = c.post("/quan-ly/don-vi", url.Values{"code": {"kp-60"}, "name": {"Khu phố 60"}, "kind": {"khu_pho"}, "head_title": {"Trưởng khu phố"}})
		body(t, resp)
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("create unit: %d", resp.StatusCode)
		}
		units, _ := ward.Units(context.Background(), d, e.ward.ID)
		last := units[len(units)-1]
		if last.Name != "Khu phố 60" || last.ShortName != "Khu phố 60" || last.Position != 72 {
			t.Errorf("new unit = %+v", last)
		}
		path := "/quan-ly/don-vi/" + strconv.FormatInt(last.ID, 10)
		if b := body(t, c.get(path)); !strings.Contains(b, `value="kp-60"`) {
			t.Error("edit form not prefilled")
		}
		body(t, c.post(path, url.Values{"code": {"kp-60"}, "name": {"Khu phố 60 (mới)"}, "kind": {"khu_pho"}, "streets": {"  đường Phú Định,\n hẻm 12 Phú Định "}}))
		u, _ := ward.UnitByID(context.Background(), d, e.ward.ID, last.ID)
		if u.Name != "Khu phố 60 (mới)" || u.Streets != "đường Phú Định, hẻm 12 Phú Định" {
			t.Errorf("unit not renamed or its streets not kept: %q, %q", u.Name, u.Streets)
		}
		// A resident names the place by its street.
		if b := body(t, e.anon().get("/phan-anh")); !strings.Contains(b, ">Khu phố 60 (mới) – đường Phú Định, hẻm 12 Phú Định</option>") || !strings.Contains(b, ">Khu phố 3</option>") {
			t.Error("the feedback form does not name the khu phố with its streets")
		}
		if b := body(t, c.get("/quan-ly/nhat-ky")); !strings.Contains(b, "Thêm đơn vị Khu phố 60") || !strings.Contains(b, "Sửa đơn vị Khu phố 60 (mới)") || !strings.Contains(b, "Các tuyến đường, hẻm") {
			t.Error("unit changes not in the audit log")
		}
	})
}

// TestWardContact: the administrator sets the ward's address, phone and
// hours; bad values are refused with nothing saved; the cached public
// pages (home, a procedure and its print view) show the new details at once.
func TestWardContact(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		pub := e.anon()
		if b := body(t, pub.get("/thu-tuc/1.001193")); strings.Contains(b, "Số 1 đường Phú Định") {
			t.Fatal("address shown before it is set")
		}
		c := e.as("admin")
		if b := body(t, c.get("/quan-ly/phuong")); !strings.Contains(b, "Thứ Hai – Thứ Sáu") {
			t.Error("the form does not show the current hours")
		}
		resp := c.post("/quan-ly/phuong", url.Values{"address": {"Số 1 đường Phú Định"}, "phone": {"12ab"}, "email": {"ubnd@"}, "office_hours": {"Sáng thứ Hai"}})
		b := body(t, resp)
		if resp.StatusCode != 422 || !strings.Contains(b, "Số điện thoại gồm 8 đến 15 chữ số") || !strings.Contains(b, "Địa chỉ thư điện tử chưa đúng") {
			t.Fatalf("bad contact: %d", resp.StatusCode)
		}
		if w, _ := ward.ByID(context.Background(), d, e.ward.ID); w.Address != "" || !strings.HasPrefix(w.OfficeHours, "Thứ Hai") {
			t.Fatalf("a refused form was saved: %+v", w)
		}
		resp = c.post("/quan-ly/phuong", url.Values{"address": {"Số 1 đường Phú Định"}, "phone": {"028 3850 1234"}, "email": {"ubnd.phudinh@tphcm.gov.vn"}, "office_hours": {"Thứ Hai – Thứ Sáu: 7 giờ 30 – 17 giờ 00"}})
		body(t, resp)
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("save contact: %d", resp.StatusCode)
		}
		for _, path := range []string{"/", "/thu-tuc/1.001193", "/thu-tuc/1.001193/ban-in"} {
			b := body(t, pub.get(path))
			for _, want := range []string{"Số 1 đường Phú Định", "028 3850 1234", "7 giờ 30 – 17 giờ 00"} {
				if path == "/" && !strings.Contains(b, `href="tel:02838501234"`) {
					t.Error("the home page does not let a phone call the ward")
				}
				if !strings.Contains(b, want) {
					t.Errorf("%s lacks %q after the change", path, want)
				}
			}
		}
		if b := body(t, c.get("/quan-ly/nhat-ky")); !strings.Contains(b, "Sửa thông tin liên hệ của Phường Phú Định") {
			t.Error("the change is not in the audit log")
		}
	})
}
