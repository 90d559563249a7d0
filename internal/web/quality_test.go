package web

import (
	"context"
	"encoding/json"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/db/dbtest"
	"github.com/cchc-vn/cchc/internal/news"
)

// The page checkers are npm packages installed in tools/a11y (npm ci
// --prefix tools/a11y); CI installs them, a developer may.
const toolsDir = "../../tools/a11y/node_modules"

// qualityEnv is a portal with one of each kind of content, and the pages to check.
func qualityEnv(t *testing.T) (*env, []string) {
	e := newEnv(t, dbtest.Open(t, db.SQLite))
	editor, leader := e.as("bientap"), e.as("lanhdao")
	cols, _ := news.Columns(context.Background(), e.d, e.ward.ID)
	resp := editor.postForm("/quan-ly/bai-viet", map[string]string{"column_id": itoa64(cols[0].ID), "title": "Phường đẩy mạnh dịch vụ công trực tuyến",
		"summary": "Tóm tắt bài.", "body": "Đoạn **một**.\n\n- ý thứ nhất\n- ý thứ hai\n\n[Cổng dịch vụ công](https://dichvucong.gov.vn)"}, "", "", nil)
	loc := resp.Header.Get("Location")
	resp.Body.Close()
	editor.post(loc+"/gui-duyet", nil).Body.Close()
	leader.post(loc+"/duyet", url.Values{"decision": {"approve"}}).Body.Close()
	e.as("kp01").post("/quan-ly/guong-dien-hinh", url.Values{"kind": {"tap_the"}, "name": {"Chi hội Phụ nữ khu phố 3"}, "achievement": {"Hướng dẫn 200 hộ cài ứng dụng."}}).Body.Close()
	pages := []string{"/", "/thu-tuc", "/thu-tuc?q=khai+sinh", "/thu-tuc/1.001193", "/thu-tuc/1.001193/ban-in", "/linh-vuc/ho-tich", "/tin-tuc",
		"/chuyen-muc/" + cols[0].Slug, "/bai-viet/phuong-day-manh-dich-vu-cong-truc-tuyen", "/guong-dien-hinh", "/phan-anh", "/phan-anh/tra-cuu",
		"/phan-anh/cong-khai", "/phan-anh/thong-ke", "/danh-gia-dich-vu?quay=1", "/dang-nhap", "/ke-hoach/" + itoa64(e.plan.ID), "/thu-tuc/moi-cap-nhat", "/lich-hop"}
	return e, pages
}

// TestPagesPassNuChecker runs the W3C Nu HTML checker (vnu-jar) on every
// public page type and fails on any error it reports.
func TestPagesPassNuChecker(t *testing.T) {
	jar := filepath.Join(toolsDir, "vnu-jar/build/dist/vnu.jar")
	java, err := exec.LookPath("java")
	if _, serr := os.Stat(jar); serr != nil || err != nil {
		dbtest.Skip(t, "the Nu HTML checker needs Java and vnu-jar: npm ci --prefix tools/a11y")
	}
	e, pages := qualityEnv(t)
	dir := t.TempDir()
	var files []string
	names := map[string]string{}
	for i, p := range pages {
		f := filepath.Join(dir, "page"+itoa64(int64(i))+".html")
		os.WriteFile(f, []byte(body(t, e.anon().get(p))), 0o644)
		files = append(files, f)
		names["file:"+f] = p
	}
	// Official pages too: the workspace is part of the product.
	for _, p := range []string{"/quan-ly", "/quan-ly/tong-quan", "/quan-ly/bao-cao-don-vi", "/quan-ly/hoat-dong/moi", "/quan-ly/phan-anh", "/quan-ly/bao-cao",
		"/quan-ly/hop", "/quan-ly/hop/moi", "/quan-ly/to-chuc", "/quan-ly/chua-gui", "/quan-ly/phan-anh/moi"} {
		f := filepath.Join(dir, "official"+strings.ReplaceAll(p, "/", "-")+".html")
		os.WriteFile(f, []byte(body(t, e.as("vhxh").get(p))), 0o644)
		files = append(files, f)
		names["file:"+f] = p
	}
	out, _ := exec.Command(java, append([]string{"-jar", jar, "--errors-only", "--format", "json"}, files...)...).CombinedOutput()
	var res struct {
		Messages []struct {
			Type, URL, Message string
			LastLine           int
		}
	}
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatalf("vnu output: %v\n%s", err, out)
	}
	for _, m := range res.Messages {
		if m.Type == "error" {
			t.Errorf("%s line %d: %s", names[m.URL], m.LastLine, m.Message)
		}
	}
	t.Logf("Nu HTML checker: %d pages, %d errors", len(files), len(res.Messages))
}

// TestPagesPassAxe runs axe-core in headless Chromium on every public page
// type and fails on serious or critical violations.
func TestPagesPassAxe(t *testing.T) {
	src, err := os.ReadFile(filepath.Join(toolsDir, "axe-core/axe.min.js"))
	if err != nil {
		dbtest.Skip(t, "axe-core is not installed: npm ci --prefix tools/a11y")
	}
	open := browser(t)
	e, pages := qualityEnv(t)
	ctx, cancel := open()
	defer cancel()
	strip := regexp.MustCompile(`\s+`)
	check := func(p string) {
		if err := chromedp.Do(ctx, chromedp.Navigate(e.ts.URL+p), chromedp.WaitReady(chromedp.CSS(`main`))); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		// Evaluated through DevTools, the script is not subject to the page's CSP.
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[any](string(src)+";0")); err != nil {
			t.Fatalf("inject axe: %v", err)
		}
		res, err := chromedp.Run(ctx, chromedp.Evaluate[string](`axe.run(document, {resultTypes: ['violations']}).then(r => JSON.stringify(r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => v.id + ': ' + v.help + ' — ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))))`, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatalf("axe on %s: %v", p, err)
		}
		var vs []string
		json.Unmarshal([]byte(res), &vs)
		for _, v := range vs {
			t.Errorf("%s: %s", p, strip.ReplaceAllString(v, " "))
		}
	}
	for _, p := range pages {
		check(p)
	}
	// The workspace, signed in as the lead unit: dashboards, forms, the report.
	if err := chromedp.Do(ctx, login(e.ts.URL, "vhxh")); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"/quan-ly", "/quan-ly/tong-quan", "/quan-ly/bao-cao-don-vi", "/quan-ly/hoat-dong", "/quan-ly/hoat-dong/moi",
		"/quan-ly/hoat-dong/do-phu?thang=2025-09", "/quan-ly/phan-anh", "/quan-ly/bao-cao", "/quan-ly/thong-bao", "/quan-ly/guong-dien-hinh",
		"/quan-ly/hop", "/quan-ly/hop/moi", "/quan-ly/to-chuc", "/quan-ly/chua-gui", "/quan-ly/phan-anh/moi"} {
		check(p)
	}
}
