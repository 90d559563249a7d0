package web

import (
	"context"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/db/dbtest"
	"github.com/cchc-vn/cchc/internal/feedback"
)

// browser returns a function that opens a new, cookie-less headless Chromium
// tab. Chromium is found as CCHC_CHROMIUM or on the PATH.
func browser(t *testing.T, extra ...chromedp.ExecAllocatorOption) func() (context.Context, context.CancelFunc) {
	t.Helper()
	path := os.Getenv("CCHC_CHROMIUM")
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if path != "" {
			break
		}
		path, _ = exec.LookPath(name)
	}
	if path == "" {
		dbtest.Skip(t, "browser tests skipped: no Chromium found (apt-get install chromium, or set CCHC_CHROMIUM)")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true), // CI runs as root
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.WindowSize(412, 915), // a common phone
	)
	opts = append(opts, extra...)
	return func() (context.Context, context.CancelFunc) {
		// Each call gets its own browser profile: no cookies are shared.
		actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), append(opts, chromedp.UserDataDir(t.TempDir()))...)
		ctx, cancelCtx := chromedp.NewContext(actx)
		ctx, cancelTimeout := context.WithTimeout(ctx, 60*time.Second)
		return ctx, func() { cancelTimeout(); cancelCtx(); cancelAlloc() }
	}
}

// In chromedp v0.20+ an action returns a value: Do runs steps, Run reads one value.
func login(base, user string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.Navigate(base+"/dang-nhap"),
		chromedp.WaitVisible(chromedp.CSS(`#username`)),
		chromedp.SendKeys(chromedp.CSS(`#username`), user),
		chromedp.SendKeys(chromedp.CSS(`#password`), "demo-cchc-2025"),
		chromedp.Click(chromedp.CSS(`form.form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`.who`)),
	)
}

func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("text of %s: %v", sel, err)
	}
	return v
}

func TestBrowserJourney(t *testing.T) {
	open := browser(t)
	e := newEnv(t, dbtest.Open(t, db.SQLite))
	base := e.ts.URL

	// A unit officer signs in on a phone, opens the own unit's first task and marks it done.
	ctx, cancel := open()
	defer cancel()
	err := chromedp.Do(ctx,
		login(base, "vanphong"),
		chromedp.Click(chromedp.CSS(`a[href^="/quan-ly/phan-cong/"]`)),
		chromedp.WaitVisible(chromedp.CSS(`input[name=status][value=done]`)),
		chromedp.Click(chromedp.CSS(`input[name=status][value=done]`)),
		chromedp.SendKeys(chromedp.CSS(`#note`), "Đã đăng 3 tin trên Cổng thông tin điện tử phường"),
		chromedp.Click(chromedp.Search(`//button[normalize-space()="Lưu tiến độ"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.flash`)),
	)
	if err != nil {
		t.Fatalf("unit officer: %v", err)
	}
	if flash, status := text(t, ctx, ".flash"), text(t, ctx, "#trang-thai-hien-tai"); !strings.Contains(flash, "Đã cập nhật tiến độ") || !strings.Contains(status, "Đã hoàn thành") {
		t.Fatalf("after saving: flash %q, status %q", flash, status)
	}

	// The leader, in another browser, sees it in the progress view.
	ctx2, cancel2 := open()
	defer cancel2()
	vp := strconv.FormatInt(e.users["vanphong"].UnitID, 10)
	err = chromedp.Do(ctx2,
		login(base, "lanhdao"),
		chromedp.Navigate(base+"/quan-ly/ke-hoach/"+strconv.FormatInt(e.plan.ID, 10)+"/tien-do?don-vi="+vp),
		chromedp.WaitVisible(chromedp.CSS(`.unit-progress`)),
	)
	if err != nil {
		t.Fatalf("leader: %v", err)
	}
	if table := text(t, ctx2, ".unit-progress"); !strings.Contains(table, "Đã đăng 3 tin trên Cổng thông tin điện tử phường") || !strings.Contains(table, "Lê Hoàng Nam") {
		t.Errorf("leader's view lacks the update:\n%s", table)
	}

	// A khu phố head is refused another khu phố's task.
	ctx3, cancel3 := open()
	defer cancel3()
	other := strconv.FormatInt(e.assignmentOf(8, 1, "Khu phố 2"), 10)
	err = chromedp.Do(ctx3,
		login(base, "kp01"),
		chromedp.Navigate(base+"/quan-ly/phan-cong/"+other),
		chromedp.WaitVisible(chromedp.CSS(`h1`)),
	)
	if err != nil {
		t.Fatalf("khu phố head: %v", err)
	}
	if heading := text(t, ctx3, "h1"); heading != "Không có quyền truy cập" {
		t.Errorf("khu phố head on another khu phố sees %q", heading)
	}
}

// A resident on a phone types the way people speak, picks a suggestion,
// reads what to bring, and opens the print view.
func TestBrowserResidentFindsAProcedure(t *testing.T) {
	open := browser(t)
	e := newEnv(t, dbtest.Open(t, db.SQLite))
	ctx, cancel := open()
	defer cancel()
	err := chromedp.Do(ctx,
		chromedp.Navigate(e.ts.URL+"/"),
		chromedp.WaitVisible(chromedp.CSS(`#q`)),
		chromedp.SendKeys(chromedp.CSS(`#q`), "nhap ho khau cho con"),
		chromedp.WaitVisible(chromedp.CSS(`#goi-y a`)),
	)
	if err != nil {
		t.Fatalf("suggestions: %v", err)
	}
	first := text(t, ctx, "#goi-y li:first-child a")
	if !strings.Contains(first, "Đăng ký thường trú") {
		t.Errorf("first suggestion = %q", first)
	}
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`#goi-y li:first-child a`)),
		chromedp.WaitVisible(chromedp.CSS(`.checklist`)),
	)
	if err != nil {
		t.Fatalf("open procedure: %v", err)
	}
	if h := text(t, ctx, "h1"); h != "Đăng ký thường trú" {
		t.Errorf("procedure page h1 = %q", h)
	}
	// Without JavaScript the search form still works: submitting shows results.
	err = chromedp.Do(ctx,
		chromedp.Navigate(e.ts.URL+"/thu-tuc?q="+url.QueryEscape("làm giấy khai sinh cho con")),
		chromedp.WaitVisible(chromedp.CSS(`.results`)),
	)
	if err != nil {
		t.Fatalf("search page: %v", err)
	}
	if r := text(t, ctx, ".results li:first-child"); !strings.Contains(r, "khai sinh") {
		t.Errorf("first result = %q", r)
	}
	// The print view prints on A4.
	if err := chromedp.Do(ctx, chromedp.Navigate(e.ts.URL+"/thu-tuc/1.001193/ban-in"), chromedp.WaitVisible(chromedp.CSS(`.checklist`))); err != nil {
		t.Fatal(err)
	}
	pdf, err := chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4)))
	if err != nil {
		t.Fatalf("print: %v", err)
	}
	if !strings.HasPrefix(string(pdf), "%PDF") || !strings.Contains(string(pdf), "/MediaBox [0 0 595") {
		t.Errorf("print view did not produce an A4 PDF")
	}
}

// The whole journey: a khu phố head records a meeting from a phone
// with a photo; the lead unit sees it in the list and the coverage grid
// change, sends a reminder to a unit that has not reported, accepts a
// report, and downloads the half-year report.
func TestBrowserKhuPhoHeadRecordsAMeeting(t *testing.T) {
	open := browser(t)
	e := newEnv(t, dbtest.Open(t, db.SQLite))
	photo := filepath.Join(t.TempDir(), "hop-khu-pho.jpg")
	if err := os.WriteFile(photo, gpsPhoto(), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := open()
	defer cancel()
	err := chromedp.Do(ctx,
		login(e.ts.URL, "kp01"),
		chromedp.Click(chromedp.CSS(`a[href="/quan-ly/hoat-dong/moi"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#held_on`)),
		chromedp.SetValue(chromedp.CSS(`#held_on`), "20/09/2025"),
		chromedp.Click(chromedp.CSS(`input[name=channel][value=hoi-nghi]`)),
		chromedp.Click(chromedp.CSS(`input[name=themes][value="3"]`)),
		chromedp.SetValue(chromedp.CSS(`#quantity_unit`), "buổi"),
		chromedp.SendKeys(chromedp.CSS(`#people`), "45"),
		chromedp.SendKeys(chromedp.CSS(`#description`), "Họp khu phố, hướng dẫn cài ứng dụng VNeID"),
		chromedp.SetUploadFiles(chromedp.CSS(`#files`), []string{photo}),
		chromedp.Click(chromedp.Search(`//button[normalize-space()="Lưu hoạt động"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.evidence img`)),
	)
	if err != nil {
		t.Fatalf("record: %v", err)
	}
	if f := text(t, ctx, ".flash"); !strings.Contains(f, "Đã ghi nhận hoạt động") {
		t.Errorf("flash = %q", f)
	}
	ctx2, cancel2 := open()
	defer cancel2()
	err = chromedp.Do(ctx2,
		login(e.ts.URL, "vhxh"),
		chromedp.Navigate(e.ts.URL+"/quan-ly/hoat-dong?thang=2025-09&don-vi="+itoa64(e.users["kp01"].UnitID)),
		chromedp.WaitVisible(chromedp.CSS(`.table`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	if tb := text(t, ctx2, ".table"); !strings.Contains(tb, "20/09/2025") || !strings.Contains(tb, "Khu phố 1") || !strings.Contains(tb, "45") {
		t.Errorf("lead unit's list:\n%s", tb)
	}

	// The coverage grid of September: Khu phố 1 (left empty by the demo) now heard a meeting.
	if err := chromedp.Do(ctx2, chromedp.Navigate(e.ts.URL+"/quan-ly/hoat-dong/do-phu?thang=2025-09"), chromedp.WaitVisible(chromedp.CSS(`.grid`))); err != nil {
		t.Fatal(err)
	}
	row, err := chromedp.Run(ctx2, chromedp.Evaluate[string](`[...document.querySelectorAll('.grid tbody tr')].find(r => r.querySelector('th').textContent.trim() === 'Khu phố 1').className`))
	if err != nil || row == "silent" {
		t.Errorf("Khu phố 1 still silent in the grid (%q, %v)", row, err)
	}

	// The office has not reported December: the lead unit sends a formal reminder from the dashboard.
	err = chromedp.Do(ctx2,
		chromedp.Navigate(e.ts.URL+"/quan-ly/tong-quan"),
		chromedp.WaitVisible(chromedp.CSS(`svg.chart`)),
		chromedp.Click(chromedp.Search(`//summary[normalize-space()="Gửi văn bản đôn đốc"]`)),
		chromedp.SetValue(chromedp.CSS(`#unit_id`), itoa64(e.users["vanphong"].UnitID)),
		chromedp.Click(chromedp.Search(`//button[normalize-space()="Gửi đôn đốc"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.flash`)),
	)
	if err != nil {
		t.Fatalf("reminder: %v", err)
	}
	if f := text(t, ctx2, ".flash"); !strings.Contains(f, "Đã gửi văn bản đôn đốc tới 1 cán bộ") {
		t.Errorf("reminder flash = %q", f)
	}

	// The office reports (through its own session), the lead unit accepts in the browser.
	office := e.as("vanphong")
	resp := office.post("/quan-ly/bao-cao-don-vi", url.Values{"period": {"2025-12"}, "narrative": {"Đăng 12 tin, 3 video trên Cổng thông tin."}})
	loc := resp.Header.Get("Location")
	resp.Body.Close()
	err = chromedp.Do(ctx2,
		chromedp.Navigate(e.ts.URL+loc),
		chromedp.Click(chromedp.Search(`//button[normalize-space()="Chấp nhận"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.flash`)),
	)
	if err != nil {
		t.Fatalf("accept: %v", err)
	}
	if st := text(t, ctx2, ".facts .badge"); st != "Đã chấp nhận" {
		t.Errorf("report status after accepting: %q", st)
	}

	// The half-year report downloads as a Word document from the prefilled form.
	if err := chromedp.Do(ctx2, chromedp.Navigate(e.ts.URL+"/quan-ly/bao-cao"), chromedp.WaitVisible(chromedp.CSS(`#shortcomings`))); err != nil {
		t.Fatal(err)
	}
	got, err := chromedp.Run(ctx2, chromedp.Evaluate[string](`(async () => {
		const f = document.querySelector('form[action="/quan-ly/bao-cao"]');
		const r = await fetch(f.action, {method: 'POST', body: new FormData(f)});
		const b = new Uint8Array(await r.arrayBuffer());
		return r.status + '|' + r.headers.get('content-type') + '|' + String.fromCharCode(b[0], b[1]) + '|' + b.length;
	})()`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(got, "|")
	if len(parts) != 4 || parts[0] != "200" || parts[1] != docxType || parts[2] != "PK" {
		t.Errorf("report download: %s", got)
	}
}

// A resident files feedback from a phone (the page solves its proof of
// work), follows it by code, reads the answer and rates it; the public
// figures move.
func TestBrowserResidentFeedback(t *testing.T) {
	open := browser(t)
	e := newEnv(t, dbtest.Open(t, db.SQLite))
	ctx, cancel := open()
	defer cancel()
	err := chromedp.Do(ctx,
		chromedp.Navigate(e.ts.URL+"/"),
		chromedp.Click(chromedp.Search(`//a[normalize-space()="Gửi phản ánh"]`)),
		chromedp.WaitVisible(chromedp.CSS(`input[name=category]`)),
		chromedp.Click(chromedp.CSS(`input[name=category][value=dich_vu]`)),
		chromedp.Click(chromedp.CSS(`[data-step]:not([hidden]) button[data-next]`)),
		// The procedure picker: a few words, then a choice from the list.
		chromedp.WaitVisible(chromedp.CSS(`#procedure`)),
		chromedp.SendKeys(chromedp.CSS(`#procedure`), "chứng thực bản sao"),
		chromedp.WaitVisible(chromedp.CSS(`#goi-y-thu-tuc button`)),
		chromedp.Click(chromedp.CSS(`#goi-y-thu-tuc li:first-child button`)),
		chromedp.SendKeys(chromedp.CSS(`#title`), "Quầy một cửa đông người"),
		chromedp.SendKeys(chromedp.CSS(`#description`), "Sáng thứ Hai phải chờ hơn một giờ để chứng thực bản sao."),
		chromedp.Click(chromedp.CSS(`[data-step]:not([hidden]) button[data-next]`)),
		chromedp.SendKeys(chromedp.CSS(`#name`), "Lê Thị Hoa"),
		chromedp.SendKeys(chromedp.CSS(`#phone`), "0987654321"),
		chromedp.Click(chromedp.CSS(`input[name=consent]`)),
		chromedp.Click(chromedp.CSS(`[data-step]:not([hidden]) button[data-next]`)),
		chromedp.Click(chromedp.Search(`//button[normalize-space()="Gửi phản ánh"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.tracking-code`)),
	)
	if err != nil {
		t.Fatalf("file feedback: %v", err)
	}
	code := text(t, ctx, ".tracking-code")
	if lines, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`(() => { const el = document.querySelector('.tracking-code'); return el.getBoundingClientRect().height / parseFloat(getComputedStyle(el).lineHeight || 40); })()`)); err != nil || lines > 1.5 {
		t.Errorf("the tracking code breaks across %.1f lines (%v)", lines, err)
	}
	if !visibleIn(t, ctx, `[data-copy]`) {
		t.Error("no 'Sao chép' button beside the code")
	}
	it, err := feedback.ByCode(context.Background(), e.d, e.ward.ID, code)
	if err != nil {
		t.Fatalf("code %q not stored: %v", code, err)
	}
	if it.ProcedureCode != "2.000815" {
		t.Errorf("the chosen procedure was stored as %q", it.ProcedureCode)
	}
	var challenge string
	e.d.QueryRow(context.Background(), `select coalesce(challenge, '') from feedback where id = ?`, it.ID).Scan(&challenge)
	if challenge == "" {
		t.Error("the browser did not solve the proof of work (submitted through the no-JavaScript path)")
	}
	// The office assigns it to the centre and answers, publishing the answer.
	office := e.as("vanphong")
	var centre int64
	e.d.QueryRow(context.Background(), `select id from units where ward_id = ? and code = 'tt-pvhcc'`, e.ward.ID).Scan(&centre)
	item := "/quan-ly/phan-anh/" + itoa64(it.ID)
	office.post(item+"/phan-loai", url.Values{"action": {"assign"}, "unit_id": {itoa64(centre)}}).Body.Close()
	office.post(item+"/tra-loi", url.Values{"answer": {"Trung tâm bố trí thêm một quầy chứng thực vào sáng thứ Hai."}, "publish": {"1"}}).Body.Close()

	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.Search(`//a[normalize-space()="Tra cứu phản ánh"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#so`)),
		chromedp.SendKeys(chromedp.CSS(`#so`), "4321"),
		chromedp.Click(chromedp.Search(`//button[normalize-space()="Tra cứu"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.facts`)),
	)
	if err != nil {
		t.Fatalf("track: %v", err)
	}
	if f := text(t, ctx, ".facts"); !strings.Contains(f, "Đã trả lời") || !strings.Contains(f, "thêm một quầy") {
		t.Errorf("tracking shows:\n%s", f)
	}
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`input[name=rating][value="4"]`)),
		chromedp.Click(chromedp.Search(`//button[normalize-space()="Gửi đánh giá"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.flash`)),
	)
	if err != nil {
		t.Fatalf("rate: %v", err)
	}
	if f := text(t, ctx, ".facts"); !strings.Contains(f, "Hài lòng") || !strings.Contains(f, "Đã kết thúc") {
		t.Errorf("after rating:\n%s", f)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(e.ts.URL+"/phan-anh/thong-ke"), chromedp.WaitVisible(chromedp.CSS(`.stats`))); err != nil {
		t.Fatal(err)
	}
	if s := text(t, ctx, ".stats"); !strings.Contains(s, "100%") {
		t.Errorf("statistics: %s", s)
	}
}

// TestBrowserNamesAFileTooLargeBeforeSending: the page checks sizes before
// the upload starts; nothing is sent.
func TestBrowserNamesAFileTooLargeBeforeSending(t *testing.T) {
	open := browser(t)
	e := newEnv(t, dbtest.Open(t, db.SQLite))
	photo := filepath.Join(t.TempDir(), "anh-qua-lon.jpg")
	if err := os.WriteFile(photo, make([]byte, 13<<20), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := open()
	defer cancel()
	err := chromedp.Do(ctx,
		chromedp.Navigate(e.ts.URL+"/phan-anh"),
		chromedp.WaitVisible(chromedp.CSS(`input[name=category]`)),
		chromedp.Click(chromedp.CSS(`input[name=category][value=thu_tuc]`)),
		chromedp.Click(chromedp.CSS(`[data-step]:not([hidden]) button[data-next]`)),
		chromedp.WaitVisible(chromedp.CSS(`#title`)),
		chromedp.SendKeys(chromedp.CSS(`#title`), "Vỉa hè bị lấn chiếm"),
		chromedp.SendKeys(chromedp.CSS(`#description`), "Quán nước lấn vỉa hè."),
		chromedp.Click(chromedp.CSS(`[data-step]:not([hidden]) button[data-next]`)),
		chromedp.SendKeys(chromedp.CSS(`#name`), "Nguyễn Văn An"),
		chromedp.SendKeys(chromedp.CSS(`#phone`), "0901234567"),
		chromedp.Click(chromedp.CSS(`input[name=consent]`)),
		chromedp.Click(chromedp.CSS(`[data-step]:not([hidden]) button[data-next]`)),
		chromedp.WaitVisible(chromedp.CSS(`#photos`)),
		chromedp.SetUploadFiles(chromedp.CSS(`#photos`), []string{photo}),
		chromedp.Click(chromedp.Search(`//button[normalize-space()="Gửi phản ánh"]`)),
		chromedp.WaitVisible(chromedp.CSS(`p.field-error[role=alert]`)),
	)
	if err != nil {
		t.Fatalf("submit with a 13 MB photo: %v", err)
	}
	if msg := text(t, ctx, `p.field-error[role=alert]`); !strings.Contains(msg, "anh-qua-lon.jpg") || !strings.Contains(msg, "quá giới hạn 12 MB mỗi tệp") {
		t.Errorf("message: %q", msg)
	}
	if title, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS(`#title`))); err != nil || title != "Vỉa hè bị lấn chiếm" {
		t.Errorf("the page was left or the title lost: %q %v", title, err)
	}
}

// TestBrowserLogsInAfterFailures: after three wrong passwords the login
// form asks for a proof of work, which the page solves before sending.
func TestBrowserLogsInAfterFailures(t *testing.T) {
	open := browser(t)
	e := newEnv(t, dbtest.Open(t, db.SQLite))
	ctx, cancel := open()
	defer cancel()
	for i := 0; i < 3; i++ {
		err := chromedp.Do(ctx,
			chromedp.Navigate(e.ts.URL+"/dang-nhap"),
			chromedp.WaitVisible(chromedp.CSS(`#username`)),
			chromedp.SendKeys(chromedp.CSS(`#username`), "kp01"),
			chromedp.SendKeys(chromedp.CSS(`#password`), "sai-mat-khau"),
			chromedp.Click(chromedp.CSS(`form.form button[type=submit]`)),
			chromedp.WaitVisible(chromedp.CSS(`.error-summary`)),
		)
		if err != nil {
			t.Fatalf("failure %d: %v", i+1, err)
		}
	}
	if bits, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS(`form.form`), "data-pow")); err != nil || bits.Value != "16" {
		t.Fatalf("after three failures the form asks for %q bits (%v)", bits.Value, err)
	}
	err := chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS(`#password`), "demo-cchc-2025"),
		chromedp.Click(chromedp.CSS(`form.form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`.who`)),
	)
	if err != nil {
		t.Fatalf("login with the proof of work: %v", err)
	}
}

// visibleIn reports whether the element is shown.
func visibleIn(t *testing.T, ctx context.Context, sel string) bool {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { const el = document.querySelector('`+sel+`'); return !!el && el.offsetParent !== null; })()`))
	if err != nil {
		t.Fatal(err)
	}
	return v
}
