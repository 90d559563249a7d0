package web

import (
	"context"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/db/dbtest"
	"github.com/cchc-vn/cchc/internal/procedure"
)

// procedureMeasure reads, in the page, how far down the time and the fee
// end (in CSS px from the top of the document), whether the page is wider
// than the screen, and what of the source's leftovers reach the reader.
const procedureMeasure = `(() => {
  const bottom = sel => { const el = document.querySelector(sel); return el ? el.getBoundingClientRect().bottom + window.scrollY : -1; };
  const text = document.body.innerText;
  return [bottom('[data-fact=time]'), bottom('[data-fact=fee]'),
    document.documentElement.scrollWidth - window.innerWidth,
    text.includes('nguồn không ghi đơn vị') ? 1 : 0, text.includes('\uFFFD') ? 1 : 0];
})()`

var pdfPageRe = regexp.MustCompile(`/Type\s*/Page[^s]`)

// TestBrowserProcedurePageAnswersFirst opens the ward's everyday procedures
// on a phone (390 × 844): the time and the fee end within the first 1,100
// px, nothing scrolls sideways, no bare "1 (nguồn không ghi đơn vị)" or
// broken character reaches the reader; the print view, with the ward's
// address and hours, fits on one or two A4 pages.
func TestBrowserProcedurePageAnswersFirst(t *testing.T) {
	open := browser(t)
	e := newEnv(t, dbtest.Open(t, db.SQLite))
	ctx := context.Background()
	if _, err := e.d.Exec(ctx, `update wards set address = ?, phone = ?, updated_at = ? where id = ?`,
		"Số 1 đường Phú Định, Phường Phú Định, Thành phố Hồ Chí Minh", "028 3850 1234", db.Now(), e.ward.ID); err != nil {
		t.Fatal(err)
	}
	var codes []string
	for code, pop := range procedure.Popular() {
		if pop >= 40 {
			codes = append(codes, code)
		}
	}
	sort.Strings(codes)
	codes = append(codes, "1.000005" /* customs: another agency */)
	bctx, cancel := open()
	defer cancel()
	if err := chromedp.Do(bctx, chromedp.EmulateViewport(390, 844)); err != nil {
		t.Fatal(err)
	}
	var worst float64
	pages := map[int]int{}
	for _, code := range codes {
		if err := chromedp.Do(bctx, chromedp.Navigate(e.ts.URL+"/thu-tuc/"+code), chromedp.WaitReady(chromedp.CSS(`main`))); err != nil {
			t.Fatalf("%s: %v", code, err)
		}
		m, err := chromedp.Run(bctx, chromedp.Evaluate[[]float64](procedureMeasure))
		if err != nil {
			t.Fatalf("%s: %v", code, err)
		}
		for i, what := range []string{"time", "fee"} {
			if m[i] < 0 || m[i] > 1100 {
				t.Errorf("%s: the %s ends at %.0f px", code, what, m[i])
			}
			worst = max(worst, m[i])
		}
		if m[2] > 0 {
			t.Errorf("%s: the page is %.0f px wider than the phone", code, m[2])
		}
		if m[3] > 0 || m[4] > 0 {
			t.Errorf("%s: a bare time without unit (%v) or U+FFFD (%v) reaches the reader", code, m[3] > 0, m[4] > 0)
		}
		if err := chromedp.Do(bctx, chromedp.Navigate(e.ts.URL+"/thu-tuc/"+code+"/ban-in"), chromedp.WaitReady(chromedp.CSS(`main`))); err != nil {
			t.Fatalf("%s print: %v", code, err)
		}
		head, err := chromedp.Run(bctx, chromedp.Evaluate[string](`document.querySelector('.print-head').innerText`))
		if err != nil {
			t.Fatalf("%s print: %v", code, err)
		}
		for _, want := range []string{"Phường Phú Định", "Số 1 đường Phú Định", "028 3850 1234", "Giờ tiếp nhận: Thứ Hai"} {
			if !strings.Contains(head, want) {
				t.Errorf("%s print head %q lacks %q", code, head, want)
			}
		}
		pdf, err := chromedp.Run(bctx, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4)))
		if err != nil {
			t.Fatalf("%s print: %v", code, err)
		}
		n := len(pdfPageRe.FindAll(pdf, -1))
		pages[n]++
		if n < 1 || n > 2 {
			t.Errorf("%s: the print view takes %d A4 pages", code, n)
		}
		if !strings.Contains(string(pdf), "/MediaBox [0 0 595") {
			t.Errorf("%s: the print view is not A4", code)
		}
	}
	t.Logf("%d procedures on a phone: time and fee end by %.0f px at the latest; A4 pages of the print view: %v", len(codes), worst, pages)
}
