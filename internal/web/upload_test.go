package web

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/sync/semaphore"

	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/db/dbtest"
	"github.com/cchc-vn/cchc/internal/feedback"
)

// streamedForm is a multipart form as a browser sends it, fields in the
// page's order and the file last, its size bytes made as they are read
// (a test of a 120 MB limit need not hold 120 MB).
func streamedForm(fields [][2]string, fileField string, size int64) (io.Reader, int64, string) {
	var head, tail bytes.Buffer
	mw := multipart.NewWriter(&head)
	for _, kv := range fields {
		mw.WriteField(kv[0], kv[1])
	}
	mw.CreateFormFile(fileField, "tep-lon.jpg")
	tail.WriteString("\r\n--" + mw.Boundary() + "--\r\n")
	n := int64(head.Len()) + size + int64(tail.Len())
	return io.MultiReader(&head, io.LimitReader(zeros{}, size), &tail), n, mw.FormDataContentType()
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) { clear(p); return len(p), nil }

// feedbackBody is the public form with a photo of size bytes.
func feedbackBody(csrf string, size int64) (io.Reader, int64, string) {
	return streamedForm([][2]string{{"csrf", csrf}, {"category", "dich_vu"}, {"title", "Đèn đường hỏng ở hẻm 12"},
		{"description", "Đèn đường trước nhà số 12 hỏng đã hai tuần."}, {"name", "Trần Thị Hoa"}, {"phone", "0903123456"}, {"consent", "1"}}, "photos", size)
}

// TestBigOrSlowUploadKeepsTheForm: a photo too large, or a body still
// arriving at the read timeout, gets the real reason (413, 408) and the
// form back as typed; nothing is stored. Before, both got 403 "Phiên làm
// việc đã hết hạn" and an empty form.
func TestBigOrSlowUploadKeepsTheForm(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		count := func() int {
			items, err := feedback.List(ctx, d, feedback.Official{User: e.users["lanhdao"]}, feedback.Filter{Limit: 1000}, time.Now())
			if err != nil {
				t.Fatal(err)
			}
			return len(items)
		}
		before := count()
		kept := func(what, page string) {
			t.Helper()
			for _, typed := range []string{"Đèn đường hỏng ở hẻm 12", "Đèn đường trước nhà số 12 hỏng đã hai tuần.", "Trần Thị Hoa", "0903123456"} {
				if !strings.Contains(page, typed) {
					t.Errorf("%s: the form lost %q", what, typed)
				}
			}
		}

		// A 38 MB photo on the public form.
		c := e.anon()
		b, n, ct := feedbackBody(c.csrf, 38<<20)
		req, _ := http.NewRequest("POST", e.ts.URL+"/phan-anh", b)
		req.ContentLength = n
		req.Header.Set("Content-Type", ct)
		resp := c.do(req)
		page := body(t, resp)
		if resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(page, "Nội dung gửi lên quá lớn: mỗi lần gửi tối đa 36 MB") {
			t.Errorf("a 38 MB photo: %d", resp.StatusCode)
		}
		kept("a 38 MB photo", page)

		// A body still arriving when the server's read timeout ends.
		slow := httptest.NewUnstartedServer(e.s.Handler())
		slow.Config.ReadTimeout = time.Second
		slow.Start()
		defer slow.Close()
		b, n, ct = feedbackBody(c.csrf, 4<<20)
		conn, err := net.Dial("tcp", slow.Listener.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		fmt.Fprintf(conn, "POST /phan-anh HTTP/1.1\r\nHost: %s\r\nContent-Type: %s\r\nContent-Length: %d\r\nCookie: %s=%s\r\n\r\n",
			slow.Listener.Addr(), ct, n, csrfCookie, c.csrf)
		io.CopyN(conn, b, n-3<<20) // the fields and a first megabyte of the photo, then nothing
		resp, err = http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusRequestTimeout || !strings.Contains(string(raw), "Kết nối gửi tệp quá chậm") {
			t.Errorf("a stalled upload: %d", resp.StatusCode)
		}
		kept("a stalled upload", string(raw))

		// An official's form with evidence too large keeps its fields too.
		kp := e.as("kp01")
		b, n, ct = streamedForm([][2]string{{"csrf", kp.csrf}, {"description", "Họp tổ dân phố số 4, phổ biến dịch vụ công trực tuyến"}}, "files", 122<<20)
		req, _ = http.NewRequest("POST", e.ts.URL+"/quan-ly/hoat-dong", b)
		req.ContentLength = n
		req.Header.Set("Content-Type", ct)
		resp = kp.do(req)
		if page := body(t, resp); resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(page, "Họp tổ dân phố số 4") {
			t.Errorf("evidence too large: %d", resp.StatusCode)
		}

		// A form without files, too large, is refused whole with the reason.
		resp = c.post("/dang-nhap", url.Values{"username": {strings.Repeat("a", 2<<20)}, "password": {"x"}})
		if page := body(t, resp); resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(page, "quá lớn") {
			t.Errorf("a 2 MB login form: %d", resp.StatusCode)
		}
		if n := count(); n != before {
			t.Errorf("%d items stored from cut bodies", n-before)
		}
	})
}

// TestUploadsShareABudget: bodies with files are held in memory, so they
// share one budget; a body that cannot have its share in time is asked to
// send again (503 with the reason), and the next one, once the budget is
// free, goes through. Before, any number of 36 MB bodies were held at once.
func TestUploadsShareABudget(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		const budget = 3 << 20
		e.s.uploads, e.s.uploadWait = semaphore.NewWeighted(budget), 200*time.Millisecond
		c := e.anon()

		// A resident's 2 MB photo still arriving holds its share...
		b, n, ct := feedbackBody(c.csrf, 2<<20)
		pr, pw := io.Pipe()
		req, _ := http.NewRequest("POST", e.ts.URL+"/phan-anh", pr)
		req.ContentLength, req.Header = n, http.Header{"Content-Type": {ct}}
		done := make(chan *http.Response)
		go func() {
			resp, err := e.ts.Client().Do(req)
			if err != nil {
				t.Error(err)
			}
			done <- resp
		}()
		io.CopyN(pw, b, 64<<10)
		for i := 0; e.s.uploads.TryAcquire(budget); i++ {
			e.s.uploads.Release(budget)
			if i == 500 {
				t.Fatal("the first upload never took its share")
			}
			time.Sleep(10 * time.Millisecond)
		}

		// ...so a second one of 2 MB waits, then is asked to send again.
		b2, n2, ct2 := feedbackBody(c.csrf, 2<<20)
		req2, _ := http.NewRequest("POST", e.ts.URL+"/phan-anh", b2)
		req2.ContentLength = n2
		req2.Header.Set("Content-Type", ct2)
		resp := c.do(req2)
		if page := body(t, resp); resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" || !strings.Contains(page, "Hệ thống đang nhận nhiều tệp cùng lúc") {
			t.Errorf("a second upload over the budget: %d", resp.StatusCode)
		}

		// Once the first is done, the budget is whole again.
		io.Copy(pw, b)
		pw.Close()
		if first := <-done; first != nil {
			first.Body.Close()
		}
		if !e.s.uploads.TryAcquire(budget) {
			t.Fatal("the first upload kept its share")
		}
		e.s.uploads.Release(budget)
		b3, n3, ct3 := feedbackBody(c.csrf, 2<<20)
		req3, _ := http.NewRequest("POST", e.ts.URL+"/phan-anh", b3)
		req3.ContentLength = n3
		req3.Header.Set("Content-Type", ct3)
		if resp := c.do(req3); resp.StatusCode == http.StatusServiceUnavailable {
			t.Errorf("an upload within a free budget: %d", resp.StatusCode)
		} else {
			resp.Body.Close()
		}
	})
}
