package web

import (
	"encoding/json"
	"image/png"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

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
