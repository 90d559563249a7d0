package web

import (
	"context"
	"encoding/json"
	"image/png"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/cchc-vn/cchc/internal/account"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/db/dbtest"
)

// TestInstallableWorkspace: the manifest names the ward and starts in the
// workspace, its icons are PNGs of the sizes it says; the service worker
// is served from the root, never cached stale, with its version and the
// hashed assets filled in; only officials' pages link the manifest.
func TestInstallableWorkspace(t *testing.T) {
	e := newEnv(t, dbtest.Open(t, db.SQLite))
	r := e.anon().get("/manifest.webmanifest")
	var m struct {
		Name, Scope, Display, Lang string
		ShortName                  string `json:"short_name"`
		StartURL                   string `json:"start_url"`
		Icons                      []struct{ Src, Sizes, Type, Purpose string }
	}
	b, _ := io.ReadAll(r.Body)
	r.Body.Close()
	json.Unmarshal(b, &m)
	if r.Header.Get("Content-Type") != "application/manifest+json; charset=utf-8" || m.Name != "CCHC Phường Phú Định" || m.ShortName != "CCHC" ||
		m.StartURL != "/quan-ly" || m.Scope != "/" || m.Display != "standalone" || m.Lang != "vi" || len(m.Icons) != 3 {
		t.Fatalf("manifest %s: %s", r.Header.Get("Content-Type"), b)
	}
	for _, ic := range m.Icons {
		r := e.anon().get(ic.Src)
		img, err := png.Decode(r.Body)
		r.Body.Close()
		if err != nil || r.Header.Get("Content-Type") != "image/png" {
			t.Fatalf("icon %s: %v %s", ic.Src, err, r.Header.Get("Content-Type"))
		}
		if got := itoa64(int64(img.Bounds().Dx())) + "x" + itoa64(int64(img.Bounds().Dy())); got != ic.Sizes {
			t.Errorf("icon %s says %s, is %v", ic.Src, ic.Sizes, img.Bounds())
		}
	}
	r = e.anon().get("/sw.js")
	sw := body(t, r)
	if r.Header.Get("Cache-Control") != "no-cache" || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/javascript") ||
		strings.Contains(sw, "__") || !regexp.MustCompile(`VERSION = '[0-9a-f]{12}'`).MatchString(sw) || !strings.Contains(sw, assetURL("outbox.js")) {
		t.Errorf("service worker: %s %s", r.Header.Get("Cache-Control"), sw[:200])
	}
	for _, u := range regexp.MustCompile(`/static/[\w.-]+`).FindAllString(sw, -1) {
		if r := e.anon().get(u); r.StatusCode != http.StatusOK {
			t.Errorf("the worker keeps %s, which answers %d", u, r.StatusCode)
		}
	}
	if strings.Contains(body(t, e.anon().get("/")), `rel="manifest"`) {
		t.Error("a public page links the workspace's manifest")
	}
	page := body(t, e.as("kp01").get("/quan-ly"))
	if !strings.Contains(page, `<link rel="manifest" href="/manifest.webmanifest">`) || !strings.Contains(page, `/quan-ly/hoat-dong/moi`) {
		t.Error("the workspace does not link its manifest or name its offline pages")
	}
	off := regexp.MustCompile(`<meta name="offline-pages" content="([^"]*)">`).FindStringSubmatch(body(t, e.as("bientap").get("/quan-ly")))
	if off == nil || strings.Contains(off[1], "/quan-ly/hoat-dong/moi") || !strings.Contains(off[1], "/quan-ly/chua-gui") {
		t.Errorf("an editor's offline pages: %v", off)
	}
}

// TestLighthousePWA runs Lighthouse's PWA category (installability and the
// rest: splash screen, themed address bar, maskable icon, viewport) on the
// workspace, signed in as a khu phố head, and fails on any audit short of
// full marks.
func TestLighthousePWA(t *testing.T) {
	lh := filepath.Join(toolsDir, ".bin/lighthouse")
	chrome, err := exec.LookPath("chromium")
	if _, serr := os.Stat(lh); serr != nil || err != nil {
		dbtest.Skip(t, "Lighthouse needs Node, Chromium and tools/a11y: npm ci --prefix tools/a11y")
	}
	e := newEnv(t, dbtest.Open(t, db.SQLite))
	token, err := account.NewSession(context.Background(), e.d, e.users["kp01"].ID, "127.0.0.1", "lighthouse")
	if err != nil {
		t.Fatal(err)
	}
	headers, _ := json.Marshal(map[string]string{"Cookie": sessionCookie + "=" + token})
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, lh, e.ts.URL+"/quan-ly", "--only-categories=pwa", "--output=json", "--output-path=stdout", "--quiet",
		"--form-factor=mobile", "--chrome-path="+chrome, "--chrome-flags=--headless=new --no-sandbox --disable-gpu", "--extra-headers="+string(headers))
	cmd.Env = append(os.Environ(), "HOME="+t.TempDir())
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("lighthouse: %v\n%s", err, out)
	}
	var r struct {
		Categories map[string]struct {
			Score     *float64
			AuditRefs []struct{ ID string }
		}
		Audits map[string]struct {
			Score            *float64
			ScoreDisplayMode string
			Title            string
			Explanation      string
		}
	}
	if err := json.Unmarshal(out, &r); err != nil {
		t.Fatalf("lighthouse report: %v", err)
	}
	pwa, ok := r.Categories["pwa"]
	if !ok || len(pwa.AuditRefs) == 0 {
		t.Fatal("no PWA category in the report")
	}
	checked := 0
	for _, ref := range pwa.AuditRefs {
		a := r.Audits[ref.ID]
		if a.ScoreDisplayMode == "manual" || a.ScoreDisplayMode == "notApplicable" {
			continue
		}
		checked++
		if a.Score == nil || *a.Score < 1 {
			t.Errorf("Lighthouse %s (%s): %v %s", ref.ID, a.Title, a.Score, a.Explanation)
		}
	}
	if _, ok := r.Audits["installable-manifest"]; !ok {
		t.Error("the report has no installability audit")
	}
	t.Logf("Lighthouse PWA: %d automatic audits, category score %v", checked, *pwa.Score)
}
