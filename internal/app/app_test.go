package app

import (
	"bufio"
	"bytes"
	"io"
	"net/http"
	"os"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/db/dbtest"
)

// syncBuffer is a bytes.Buffer safe to read while the server writes to it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

func TestVersionAndHelp(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := Main([]string{"version"}, &out, &errOut); code != 0 || !strings.HasPrefix(out.String(), "cchc ") {
		t.Errorf("version: %d %q", code, out.String())
	}
	out.Reset()
	if code := Main([]string{"help"}, &out, &errOut); code != 0 || !strings.Contains(out.String(), "cchc serve") {
		t.Errorf("help: %d", code)
	}
	if code := Main([]string{"nonsense"}, &out, &errOut); code != 2 {
		t.Errorf("unknown command: exit %d, want 2", code)
	}
}

func TestUnreachableDatabaseExitsWithOperatorMessage(t *testing.T) {
	var out, errOut bytes.Buffer
	code := Main([]string{"serve", "--database", "postgres://nobody@127.0.0.1:1/none?sslmode=disable&connect_timeout=2", "--data", t.TempDir()}, &out, &errOut)
	if code == 0 || !strings.Contains(errOut.String(), "cannot reach the postgres database") {
		t.Errorf("exit %d, stderr %q", code, errOut.String())
	}
}

func TestMigrateAndWardAdd(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("CCHC_ADMIN_PASSWORD", "")
	var out, errOut bytes.Buffer
	if code := Main([]string{"migrate", "--data", dir}, &out, &errOut); code != 0 {
		t.Fatalf("migrate: %d %s", code, errOut.String())
	}
	if !strings.Contains(out.String(), "Loaded reference data for ward 27427") || !regexp.MustCompile(`Initial password \(shown once\): \S{16}`).MatchString(out.String()) {
		t.Errorf("first migrate output: %q", out.String())
	}
	out.Reset()
	if code := Main([]string{"migrate", "--data", dir}, &out, &errOut); code != 0 || strings.Contains(out.String(), "password") {
		t.Errorf("second migrate printed a password again or failed: %q", out.String())
	}
	out.Reset()
	if code := Main([]string{"ward", "add", "26743", "--khu-pho", "12", "--host", "benthanh.example", "--data", dir}, &out, &errOut); code != 0 {
		t.Fatalf("ward add: %d %s", code, errOut.String())
	}
	if !strings.Contains(out.String(), "Added ward 26743 (Phường Bến Thành, Thành phố Hồ Chí Minh)") {
		t.Errorf("ward add output: %q", out.String())
	}
	out.Reset()
	if code := Main([]string{"procedures", "export", "--ward", "26743", "--data", dir}, &out, &errOut); code != 0 || !strings.Contains(out.String(), `"code": "1.001193"`) {
		t.Errorf("new ward has no catalogue: exit %d", code)
	}
	errOut.Reset()
	if code := Main([]string{"ward", "add", "99999", "--data", dir}, &out, &errOut); code == 0 || !strings.Contains(errOut.String(), "not in the national list") {
		t.Errorf("unknown code: %d %q", code, errOut.String())
	}
	out.Reset()
	Main([]string{"ward", "list", "--data", dir}, &out, &errOut)
	if !strings.Contains(out.String(), "26743\tPhường Bến Thành") || !strings.Contains(out.String(), "27427\tPhường Phú Định") {
		t.Errorf("ward list: %q", out.String())
	}
}

// serveAndStop starts "cchc serve", waits for it to answer, sends SIGTERM
// and checks it drains and exits cleanly.
func serveAndStop(t *testing.T, args ...string) string {
	t.Helper()
	out, errOut := &syncBuffer{}, &syncBuffer{}
	pr, pw := io.Pipe()
	done := make(chan int, 1)
	go func() {
		code := Main(append([]string{"serve", "--addr", "127.0.0.1:0"}, args...), io.MultiWriter(out, pw), errOut)
		pw.Close()
		done <- code
	}()
	url := ""
	sc := bufio.NewScanner(pr)
	re := regexp.MustCompile(`serving ward \d+ on (http://\S+)`)
	for sc.Scan() {
		if m := re.FindStringSubmatch(sc.Text()); m != nil {
			url = m[1]
			break
		}
	}
	go io.Copy(io.Discard, pr)
	if url == "" {
		t.Fatalf("server did not start: %s\n%s", out.String(), errOut.String())
	}
	for _, p := range []string{"/healthz", "/readyz", "/"} {
		resp, err := http.Get(url + p)
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("GET %s: %v %v", p, err, resp)
		}
		resp.Body.Close()
	}
	syscall.Kill(os.Getpid(), syscall.SIGTERM)
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("exit %d after SIGTERM: %s", code, errOut.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatal("server did not stop after SIGTERM")
	}
	logs := errOut.String()
	if !strings.Contains(logs, `"msg":"stopped cleanly"`) || !strings.Contains(logs, `"msg":"request","method":"GET","path":"/readyz","status":200`) {
		t.Errorf("logs lack the request line or the clean stop:\n%s", logs)
	}
	return out.String()
}

func TestServeDemoOnSQLite(t *testing.T) {
	out := serveAndStop(t, "--demo", "--data", t.TempDir())
	for _, want := range []string{"Demonstration accounts of ward 27427", "kp01", "Giám sát (Mặt trận Tổ quốc)", "(sqlite database)"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestServeOnPostgres(t *testing.T) {
	out := serveAndStop(t, "--database", dbtest.URL(t, db.Postgres), "--data", t.TempDir())
	if !strings.Contains(out, "(postgres database)") {
		t.Errorf("output: %s", out)
	}
}

// Several servers started at once on an empty database: every one comes up,
// and the ward gets one admin, whose password is printed by one process.
func TestConcurrentFirstStart(t *testing.T) {
	for _, e := range dbtest.Engines() {
		t.Run(string(e), func(t *testing.T) {
			url := dbtest.URL(t, e)
			t.Setenv("CCHC_ADMIN_PASSWORD", "")
			const n = 4
			outs := make([]*syncBuffer, n)
			errs := make([]*syncBuffer, n)
			codes := make([]int, n)
			var wg sync.WaitGroup
			for i := range n {
				outs[i], errs[i] = &syncBuffer{}, &syncBuffer{}
				wg.Add(1)
				go func() {
					defer wg.Done()
					codes[i] = Main([]string{"migrate", "--database", url, "--data", t.TempDir()}, outs[i], errs[i])
				}()
			}
			wg.Wait()
			printed := 0
			for i := range n {
				if codes[i] != 0 {
					t.Errorf("process %d: exit %d: %s", i, codes[i], errs[i].String())
				}
				printed += strings.Count(outs[i].String(), "Initial password (shown once)")
			}
			if printed != 1 {
				t.Errorf("the admin's password was printed %d times, want once", printed)
			}
			d, err := db.Open(t.Context(), url, t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			defer d.Close()
			var admins int
			if err := d.QueryRow(t.Context(), `select count(*) from users where username = 'admin'`).Scan(&admins); err != nil || admins != 1 {
				t.Errorf("%d admin accounts (%v), want 1", admins, err)
			}
		})
	}
}
