package web

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/db/dbtest"
	"github.com/cchc-vn/cchc/internal/demo"
	"github.com/cchc-vn/cchc/internal/feedback"
)

// firstScreen measures a page on a phone: how far down the given element
// starts and ends, and how much wider than the screen the page is.
func firstScreen(sel string) string {
	return `(() => { const el = document.querySelector(` + "`" + sel + "`" + `);
  const r = el ? el.getBoundingClientRect() : {top: -1, bottom: -1};
  return [r.top + scrollY, r.bottom + scrollY, document.documentElement.scrollWidth - innerWidth]; })()`
}

// TestBrowserKhuPhoHeadRecordsInAMinute follows a khu phố head on a phone
// (390 × 844) from the workspace home to a saved activity, counting taps,
// screens and seconds: the four actions fit the first screen, the menu
// folds behind one button, the form's first field starts within 200 px and
// nothing scrolls sideways.
func TestBrowserKhuPhoHeadRecordsInAMinute(t *testing.T) {
	open := browser(t)
	e := newEnv(t, dbtest.Open(t, db.SQLite))
	ctx, cancel := open()
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844), login(e.ts.URL, "kp01")); err != nil {
		t.Fatal(err)
	}
	measure := func(what, sel string) []float64 {
		m, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](firstScreen(sel)))
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if m[0] < 0 {
			t.Fatalf("%s: %s not found", what, sel)
		}
		if m[2] > 0 {
			t.Errorf("%s: the page is %.0f px wider than the phone", what, m[2])
		}
		return m
	}
	start := time.Now()
	taps, screens := 0, 1
	var formTop float64
	if m := measure("home", ".actions-grid"); m[1] > 844 {
		t.Errorf("the four actions end at %.0f px, below the first screen", m[1])
	}
	home, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('.actions-grid a')].map(a => a.innerText.split('\n')[0])`))
	if err != nil || strings.Join(home, "|") != "Ghi nhận hoạt động|Ghi ý kiến người dân|Nhiệm vụ của tôi|Báo cáo định kỳ" {
		t.Errorf("first-screen actions = %q (%v)", home, err)
	}
	// The menu is folded; one tap opens it.
	visible := func(sel string) bool {
		v, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { const el = document.querySelector('`+sel+`'); return !!el && el.offsetParent !== null; })()`))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	if visible(`nav#menu a[href="/quan-ly/hoat-dong"]`) || !visible(`.menu-toggle`) {
		t.Error("the menu is not folded on a phone")
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`.menu-toggle`))); err != nil {
		t.Fatal(err)
	}
	if !visible(`nav#menu a[href="/quan-ly/hoat-dong"]`) {
		t.Error("the menu button does not open the menu")
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`.menu-toggle`))); err != nil {
		t.Fatal(err)
	}
	// Record: one tap to the form, the default day kept, a channel, a theme, the people, save.
	steps := []struct {
		what   string
		action chromedp.Action[chromedp.Void]
	}{
		{"open the form", chromedp.Click(chromedp.CSS(`.actions-grid a[href="/quan-ly/hoat-dong/moi"]`))},
		{"", chromedp.WaitVisible(chromedp.CSS(`#held_on`))},
		{"choose the channel", chromedp.Click(chromedp.CSS(`input[name=channel][value=loa]`))},
		{"choose a theme", chromedp.Click(chromedp.CSS(`input[name=themes][value="2"]`))},
		{"type the people", chromedp.SendKeys(chromedp.CSS(`#people`), "120")},
		{"save", chromedp.Click(chromedp.Search(`//button[normalize-space()="Lưu hoạt động"]`))},
		{"", chromedp.WaitVisible(chromedp.CSS(`.flash`))},
	}
	for i, s := range steps {
		if err := chromedp.Do(ctx, s.action); err != nil {
			t.Fatalf("%s: %v", s.what, err)
		}
		if s.what != "" {
			taps++
		}
		if i == 1 {
			screens++
			formTop = measure("form", "form.form > label, form.form > fieldset")[0]
			if formTop > 200 {
				t.Errorf("the form's first field starts at %.0f px", formTop)
			}
		}
	}
	screens++
	elapsed := time.Since(start)
	saved, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('main').innerText`))
	if err != nil {
		t.Fatal(err)
	}
	title := e.plan.ThemeTitles([]string{"2"})[0]
	if !strings.Contains(saved, "Loa di động khu phố, ngày 31/12/2025") || !strings.Contains(saved, title) || !strings.Contains(saved, "120") || !strings.Contains(saved, "1 lượt phát loa") {
		t.Errorf("the saved activity reads:\n%s", saved)
	}
	measure("saved", "main h1")
	t.Logf("a khu phố head records an activity in %d taps (one keyboard entry), %d screens, %.1f s in the browser; the form's first field at %.0f px", taps, screens, elapsed.Seconds(), formTop)
}

// TestBrowserArticleEditorNeedsNoMarkdown: the body has formatting buttons,
// and "Lưu bài" and "Lưu trữ bài này" are far apart, not neighbours.
func TestBrowserArticleEditorNeedsNoMarkdown(t *testing.T) {
	open := browser(t)
	e := newEnvOf(t, dbtest.Open(t, db.SQLite), demo.Full)
	var id int64
	if err := e.d.QueryRow(t.Context(), `select min(id) from articles where ward_id = ? and status <> 'archived'`, e.ward.ID).Scan(&id); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := open()
	defer cancel()
	err := chromedp.Do(ctx, login(e.ts.URL, "bientap"),
		chromedp.Navigate(e.ts.URL+"/quan-ly/bai-viet/"+itoa64(id)), chromedp.WaitVisible(chromedp.CSS(`.editor-tools`)),
		chromedp.SetValue(chromedp.CSS(`#body`), "Người dân nộp hồ sơ trực tuyến."),
		chromedp.Evaluate[chromedp.Void](`document.querySelector('#body').setSelectionRange(10, 16)`),
		chromedp.Click(chromedp.Search(`//div[@class="editor-tools"]/button[normalize-space()="Đậm"]`)))
	if err != nil {
		t.Fatal(err)
	}
	v, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('#body').value`))
	if err != nil || v != "Người dân **nộp hồ** sơ trực tuyến." {
		t.Errorf("after 'Đậm': %q (%v)", v, err)
	}
	gap, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`(() => {
	  const find = t => [...document.querySelectorAll('button')].find(b => b.textContent.trim() === t);
	  const save = find('Lưu bài'), archive = find('Lưu trữ bài này');
	  return archive.getBoundingClientRect().top - save.getBoundingClientRect().bottom; })()`))
	if err != nil || gap < 150 {
		t.Errorf("'Lưu trữ bài này' is %.0f px below 'Lưu bài' (%v)", gap, err)
	}
}

// TestBrowserFeedbackIsQuestionPages follows a resident on a phone through
// the feedback form: one question per page, each checked before the next
// in the server's words with an error summary, the answers shown to check
// with a way back to each, then the tracking code.
func TestBrowserFeedbackIsQuestionPages(t *testing.T) {
	open := browser(t)
	e := newEnv(t, dbtest.Open(t, db.SQLite))
	ctx, cancel := open()
	defer cancel()
	visible := func(sel string) bool { return visibleIn(t, ctx, sel) }
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844), chromedp.Navigate(e.ts.URL+"/phan-anh"), chromedp.WaitVisible(chromedp.CSS(`input[name=category]`))); err != nil {
		t.Fatal(err)
	}
	if visible(`#title`) || visible(`#name`) || !visible(`[data-step-progress]`) {
		t.Fatal("the form does not open on its first question alone")
	}
	m, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](firstScreen(`[data-step]:not([hidden]) button[data-next]`)))
	if err != nil || m[1] > 844 || m[2] > 0 {
		t.Errorf("the first page's button ends at %.0f px, the page is %.0f px too wide (%v)", m[1], m[2], err)
	}
	taps := 0
	next := func(what string) {
		t.Helper()
		taps++
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`[data-step]:not([hidden]) button[data-next]`))); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	next("go on without an answer")
	msg := text(t, ctx, `[data-step]:not([hidden]) .error-summary`)
	if want := feedback.RequiredMessages()["category"]; !strings.Contains(msg, want) || !visible(`input[name=category]`) || strings.Count(text(t, ctx, `[data-step]:not([hidden])`), want) != 2 {
		t.Fatalf("no summary and message %q: %q", want, msg)
	}
	taps++
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`input[name=category][value=thu_tuc]`))); err != nil {
		t.Fatal(err)
	}
	next("page 1")
	if !visible(`#title`) || visible(`input[name=category]`) || !strings.Contains(text(t, ctx, `[data-step-progress]`), "Bước 2 trên 4") {
		t.Fatal("page 2 does not follow")
	}
	next("page 2 empty")
	if msg := text(t, ctx, `[data-step]:not([hidden]) .error-summary`); !strings.Contains(msg, feedback.RequiredMessages()["title"]) || !strings.Contains(msg, feedback.RequiredMessages()["description"]) {
		t.Errorf("page 2's summary: %q", msg)
	}
	taps += 2
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS(`#title`), "Vỉa hè bị lấn chiếm"), chromedp.SendKeys(chromedp.CSS(`#description`), "Quán nước lấn hết vỉa hè đường Phú Định.")); err != nil {
		t.Fatal(err)
	}
	next("page 2")
	if visible(`[data-step]:not([hidden]) .error-summary`) {
		t.Error("page 3 opens with the old errors")
	}
	taps += 3
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS(`#name`), "Nguyễn Văn An"), chromedp.SendKeys(chromedp.CSS(`#phone`), "0901234567"),
		chromedp.Click(chromedp.CSS(`input[name=consent]`))); err != nil {
		t.Fatal(err)
	}
	next("page 3")
	check := text(t, ctx, `[data-answers]`)
	for _, want := range []string{"Thủ tục hành chính", "Vỉa hè bị lấn chiếm", "Nguyễn Văn An", "0901234567", "Đồng ý"} {
		if !strings.Contains(check, want) {
			t.Errorf("the answers to check lack %q:\n%s", want, check)
		}
	}
	// "Sửa" goes back to the page of its answer, and Tiếp tục returns here.
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`[data-answers] button[aria-label="Sửa Tiêu đề"]`))); err != nil || !visible(`#title`) {
		t.Fatalf("Sửa does not open the title's page: %v", err)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`[data-step]:not([hidden]) button[data-next]`)), chromedp.Click(chromedp.CSS(`[data-step]:not([hidden]) button[data-next]`))); err != nil {
		t.Fatal(err)
	}
	taps++
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.Search(`//button[normalize-space()="Gửi phản ánh"]`)), chromedp.WaitVisible(chromedp.CSS(`.tracking-code`))); err != nil {
		t.Fatalf("send: %v", err)
	}
	if code := text(t, ctx, `.tracking-code`); !strings.HasPrefix(code, "PA-") {
		t.Errorf("tracking code %q", code)
	}
	t.Logf("a resident sends feedback on 4 question pages in %d taps and entries", taps)
}
