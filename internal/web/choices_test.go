package web

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/db/dbtest"
	"github.com/cchc-vn/cchc/internal/demo"
)

// choiceProblems measures, in the page, every visible radio and checkbox:
// its box left of its label's first line, the row at least 44 px high (the
// whole label is the target), and alone on its row.
const choiceProblems = `(() => {
  const seen = [];
  const problems = [];
  for (const i of document.querySelectorAll('input[type=radio], input[type=checkbox]')) {
    if (i.offsetParent === null) continue;
    const name = i.name + '=' + i.value;
    const label = i.closest('label') || (i.id && document.querySelector('label[for="' + i.id + '"]'));
    const b = i.getBoundingClientRect();
    if (!label) { problems.push(name + ': no label'); continue; }
    const l = label.getBoundingClientRect();
    const range = document.createRange();
    range.selectNodeContents(label);
    const text = [...range.getClientRects()].filter(r => r.width > 1 &&
      !(r.left >= b.left - 1 && r.right <= b.right + 1 && r.top >= b.top - 1 && r.bottom <= b.bottom + 1));
    if (!text.length) { problems.push(name + ': a label without text'); continue; }
    const first = text[0];
    if (b.right > first.left + 1) problems.push(name + ': the box is not left of its label (' + Math.round(b.left) + ' → ' + Math.round(first.left) + ')');
    else if (b.top >= first.bottom || b.bottom <= first.top) problems.push(name + ': the box is not on the first line of its label');
    if (l.height < 43.5) problems.push(name + ': its row is ' + Math.round(l.height) + ' px high');
    for (const o of seen) {
      if (b.top < o.b.bottom - 1 && o.b.top < b.bottom - 1) problems.push(name + ': shares its row with ' + o.name);
    }
    seen.push({name, b});
  }
  return [String(seen.length), ...problems];
})()`

// TestBrowserChoicesSitLeftOfTheirLabels: on a phone (390 × 844), every
// choice of every form that has them is a row: its box on the left of the
// first line of its label, one option per row, a target of at least 44 px.
func TestBrowserChoicesSitLeftOfTheirLabels(t *testing.T) {
	open := browser(t)
	e := newEnvOf(t, dbtest.Open(t, db.SQLite), demo.Full)
	ctx := context.Background()
	one := func(q string, args ...any) string {
		var v int64
		if err := e.d.QueryRow(ctx, q, args...).Scan(&v); err != nil {
			t.Fatal(err)
		}
		return strconv.FormatInt(v, 10)
	}
	var code, phone string
	if err := e.d.QueryRow(ctx, `select code, phone from feedback where ward_id = ? and status = 'answered' and coalesce(rating, 0) = 0 and phone <> '' order by id limit 1`, e.ward.ID).Scan(&code, &phone); err != nil {
		t.Fatal(err)
	}
	received := one(`select min(id) from feedback where ward_id = ? and status = 'received'`, e.ward.ID)
	assigned := one(`select min(id) from feedback where ward_id = ? and status = 'assigned'`, e.ward.ID)
	plan := strconv.FormatInt(e.plan.ID, 10)
	pages := map[string][]string{
		"":        {"/phan-anh", "/danh-gia-dich-vu", "/phan-anh/tra-cuu?ma=" + code + "&so=" + phone[len(phone)-4:]},
		"kp01":    {"/quan-ly/hoat-dong/moi", "/quan-ly/phan-cong/" + strconv.FormatInt(e.assignmentOf(8, 1, "Khu phố 1"), 10), "/quan-ly/guong-dien-hinh"},
		"bientap": {"/quan-ly/bai-viet/moi", "/quan-ly/chuyen-muc"},
		"admin":   {"/quan-ly/phan-anh/" + received, "/quan-ly/phan-anh/" + assigned, "/quan-ly/phan-anh", "/quan-ly/ke-hoach/" + plan + "/sua", "/quan-ly/mang-xa-hoi"},
	}
	total, bad := 0, 0
	for who, paths := range pages {
		bctx, cancel := open()
		steps := []chromedp.Action[chromedp.Void]{chromedp.EmulateViewport(390, 844)}
		if who != "" {
			password := "demo-cchc-2025"
			if who == "admin" {
				password = "admin-password-1"
			}
			steps = append(steps, chromedp.Navigate(e.ts.URL+"/dang-nhap"), chromedp.WaitVisible(chromedp.CSS(`#username`)),
				chromedp.SendKeys(chromedp.CSS(`#username`), who), chromedp.SendKeys(chromedp.CSS(`#password`), password),
				chromedp.Click(chromedp.CSS(`form.form button[type=submit]`)), chromedp.WaitVisible(chromedp.CSS(`.who`)))
		}
		if err := chromedp.Do(bctx, steps...); err != nil {
			cancel()
			t.Fatalf("%s: %v", who, err)
		}
		for _, p := range paths {
			if err := chromedp.Do(bctx, chromedp.Navigate(e.ts.URL+p), chromedp.WaitReady(chromedp.CSS(`main`))); err != nil {
				t.Fatalf("%s as %q: %v", p, who, err)
			}
			out, err := chromedp.Run(bctx, chromedp.Evaluate[[]string](choiceProblems))
			if err != nil {
				t.Fatalf("%s as %q: %v", p, who, err)
			}
			n, _ := strconv.Atoi(out[0])
			if n == 0 {
				t.Errorf("%s as %q: no choice to measure", p, who)
			}
			total += n
			bad += len(out) - 1
			if len(out) > 1 {
				t.Errorf("%s as %q, %d choices:\n  %s", p, who, n, strings.Join(out[1:], "\n  "))
			}
		}
		cancel()
	}
	t.Logf("%d choices measured on a phone, %d problems", total, bad)
}
