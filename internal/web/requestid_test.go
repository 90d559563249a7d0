package web

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/db/dbtest"
)

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}
func (l *lockedBuffer) String() string { l.mu.Lock(); defer l.mu.Unlock(); return l.b.String() }

// TestRequestIDs: every answer names its request; the request line and a
// failure's line in the log carry the same ID; a proxy's ID is kept, a
// malformed one replaced.
func TestRequestIDs(t *testing.T) {
	e := newEnv(t, dbtest.Open(t, db.SQLite))
	var logs lockedBuffer
	s, err := New(Config{DB: e.d, Files: e.s.Files, Log: slog.New(slog.NewTextHandler(&logs, nil)), DefaultWard: "27427"})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s.Handler())
	defer ts.Close()
	get := func(path, id string) *http.Response {
		req, _ := http.NewRequest("GET", ts.URL+path, nil)
		if id != "" {
			req.Header.Set("X-Request-Id", id)
		}
		r, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		r.Body.Close()
		return r
	}
	a, b := get("/", ""), get("/", "")
	ida, idb := a.Header.Get("X-Request-Id"), b.Header.Get("X-Request-Id")
	if !regexp.MustCompile(`^[0-9a-f]{10}-[0-9a-z]+$`).MatchString(ida) || ida == idb {
		t.Errorf("IDs %q and %q", ida, idb)
	}
	if r := get("/", "nginx-4f1c2a9e77d0"); r.Header.Get("X-Request-Id") != "nginx-4f1c2a9e77d0" {
		t.Errorf("a proxy's ID became %q", r.Header.Get("X-Request-Id"))
	}
	if r := get("/", "bad id!"); r.Header.Get("X-Request-Id") == "bad id!" || r.Header.Get("X-Request-Id") == "" {
		t.Errorf("a malformed ID was kept: %q", r.Header.Get("X-Request-Id"))
	}
	// A failure: the database gone under a page that needs it.
	s.DB.Close()
	if r := get("/phan-anh/cong-khai", "fail-request-0001"); r.StatusCode != http.StatusInternalServerError {
		t.Errorf("status after the database closed: %d", r.StatusCode)
	}
	out := logs.String()
	if !regexp.MustCompile(`level=ERROR.*request_id=fail-request-0001`).MatchString(out) {
		t.Errorf("the failure's line lacks its request's ID:\n%s", out)
	}
	if !strings.Contains(out, "request_id="+ida) || !strings.Contains(out, "request_id=nginx-4f1c2a9e77d0") {
		t.Errorf("request lines lack their IDs:\n%s", out)
	}
	for _, line := range strings.Split(out, "\n") {
		if strings.Contains(line, "level=ERROR") && !strings.Contains(line, "request_id=") {
			t.Errorf("an error line without its request: %s", line)
		}
	}
}
