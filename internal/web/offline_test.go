package web

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/jpeg"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/db/dbtest"
)

// cameraPhoto is a camera-sized JPEG (3000 × 2000), for the phone to shrink.
func cameraPhoto() []byte {
	img := image.NewRGBA(image.Rect(0, 0, 3000, 2000))
	for y := 0; y < 2000; y += 50 {
		for x := 0; x < 3000; x++ {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), 90, 255})
		}
	}
	var b bytes.Buffer
	jpeg.Encode(&b, img, &jpeg.Options{Quality: 80})
	return b.Bytes()
}

// offline cuts the phone off: Chromium emulates no network for the page
// and its service worker, and, so that nothing can slip through, the
// server drops any connection that still arrives (counted).
func offline(ctx context.Context, off bool) error {
	yes := off
	if _, err := chromedp.Call(ctx, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
		EmulateOfflineServiceWorker: &yes,
		MatchedNetworkConditions:    []*network.Conditions{{Offline: off, DownloadThroughput: -1, UploadThroughput: -1}},
	}); err != nil {
		return err
	}
	if _, err := chromedp.Call(ctx, network.OverrideNetworkState, network.OverrideNetworkStateParams{Offline: off, DownloadThroughput: -1, UploadThroughput: -1}); err != nil {
		return err
	}
	// The older command, still the one that reaches navigator.onLine and the page's own requests.
	_, err := chromedp.Call(ctx, emulateNetwork, emulateNetworkParams{Offline: off, DownloadThroughput: -1, UploadThroughput: -1})
	return err
}

type emulateNetworkParams struct {
	Offline            bool    `json:"offline"`
	Latency            float64 `json:"latency"`
	DownloadThroughput float64 `json:"downloadThroughput"`
	UploadThroughput   float64 `json:"uploadThroughput"`
}

var emulateNetwork = cdp.Command[emulateNetworkParams, cdp.Empty]{Method: "Network.emulateNetworkConditions"}

// TestBrowserFieldAppWorksOffline: kp01 opens the installable workspace on a
// phone, goes offline, records an activity with a photo (shrunk on the
// phone) and a resident's opinion, and one activity the server will refuse;
// the header counts three waiting. Back online, the outbox goes by itself:
// the two arrive exactly once (and still once when the same requests are
// sent again with their keys), the refused one stays with the server's
// message, to correct (then sent at once) or discard. An entry saved after
// the session ended is sent after the next login, without re-typing.
func TestBrowserFieldAppWorksOffline(t *testing.T) {
	open := browser(t)
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		var cut atomic.Bool
		var dropped atomic.Int64
		inner := e.ts.Config.Handler
		e.ts.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if cut.Load() {
				dropped.Add(1)
				if hj, ok := w.(http.Hijacker); ok {
					if conn, _, err := hj.Hijack(); err == nil {
						conn.(*net.TCPConn).SetLinger(0)
						conn.Close()
						return
					}
				}
				panic(http.ErrAbortHandler)
			}
			inner.ServeHTTP(w, r)
		})
		photo := filepath.Join(t.TempDir(), "hop-to-dan-pho.jpg")
		if err := os.WriteFile(photo, cameraPhoto(), 0o644); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := open()
		defer cancel()
		ctx, cancelLong := context.WithTimeout(ctx, 90*time.Second)
		defer cancelLong()
		eval := func(js string) string {
			t.Helper()
			v, err := chromedp.Run(ctx, chromedp.Evaluate[string](js, chromedp.EvalAwaitPromise))
			if err != nil {
				t.Fatalf("%s: %v", js, err)
			}
			return v
		}
		// until polls js (a promise of a boolean) for up to 15 s.
		until := func(what, js string) {
			t.Helper()
			for i := 0; i < 150; i++ {
				if eval(`Promise.resolve(`+js+`).then(String)`) == "true" {
					return
				}
				time.Sleep(100 * time.Millisecond)
			}
			t.Fatalf("waited for %s; online %s; outbox %s", what, eval(`String(navigator.onLine)`),
				eval(`cchcOutbox.list().then(a => JSON.stringify(a.map(e => [e.state, e.error, e.url])))`))
		}

		if err := chromedp.Do(ctx, login(e.ts.URL, "kp01")); err != nil {
			t.Fatal(err)
		}
		until("the service worker", `navigator.serviceWorker.controller !== null || navigator.serviceWorker.ready.then(() => false)`)
		// The worker took the page only from the next load on; this one warms the field pages.
		if err := chromedp.Do(ctx, chromedp.Navigate(e.ts.URL+"/quan-ly"), chromedp.WaitVisible(chromedp.CSS(`.who`))); err != nil {
			t.Fatal(err)
		}
		until("the field pages kept", `caches.open('cchc-pages').then(c => Promise.all(['/quan-ly/hoat-dong/moi', '/quan-ly/phan-anh/moi', '/quan-ly/chua-gui', '/thu-tuc'].map(p => c.match(p)))).then(a => a.every(Boolean))`)
		errs, err := chromedp.Call(ctx, cdppage.GetInstallabilityErrors, struct{}{})
		if err != nil {
			t.Fatal(err)
		}
		for _, ie := range errs.InstallabilityErrors {
			t.Errorf("not installable: %s %v", ie.ErrorID, ie.ErrorArguments)
		}
		manifest := eval(`fetch('/manifest.webmanifest').then(r => r.json()).then(m => m.name + '|' + m.start_url + '|' + m.display + '|' + m.icons.map(i => i.sizes).join(','))`)
		if manifest != "CCHC Phường Phú Định|/quan-ly|standalone|192x192,512x512,512x512" {
			t.Errorf("manifest: %s", manifest)
		}

		// Offline: the forms open from the phone, with the age of the copy, and keep what is written.
		cut.Store(true)
		if err := offline(ctx, true); err != nil {
			t.Fatal(err)
		}
		kp := itoa64(e.users["kp01"].UnitID)
		err = chromedp.Do(ctx,
			chromedp.Navigate(e.ts.URL+"/quan-ly/hoat-dong/moi"),
			chromedp.WaitVisible(chromedp.CSS(`#held_on`)),
		)
		if err != nil {
			t.Fatal(err)
		}
		if n := text(t, ctx, "[data-offline-note]"); !strings.Contains(n, "Dữ liệu lúc") || !strings.Contains(n, "hôm nay") {
			t.Errorf("offline note: %q", n)
		}
		record := func(held, people, description string, withPhoto bool) {
			t.Helper()
			steps := []chromedp.Action[chromedp.Void]{
				chromedp.Navigate(e.ts.URL + "/quan-ly/hoat-dong/moi"),
				chromedp.WaitVisible(chromedp.CSS(`#held_on`)),
				chromedp.SetValue(chromedp.CSS(`#held_on`), held),
				chromedp.Click(chromedp.CSS(`input[name=channel][value=hoi-nghi]`)),
				chromedp.Click(chromedp.CSS(`input[name=themes][value="3"]`)),
				chromedp.SendKeys(chromedp.CSS(`#people`), people),
				chromedp.SendKeys(chromedp.CSS(`#description`), description),
			}
			if withPhoto {
				steps = append(steps, chromedp.SetUploadFiles(chromedp.CSS(`#files`), []string{photo}))
			}
			steps = append(steps, chromedp.Click(chromedp.Search(`//button[normalize-space()="Lưu hoạt động"]`)), chromedp.WaitVisible(chromedp.CSS(`[data-outbox-said]`)))
			if err := chromedp.Do(ctx, steps...); err != nil {
				t.Fatalf("record %q offline: %v", description, err)
			}
			if s := text(t, ctx, "[data-outbox-said]"); !strings.Contains(s, "Chưa gửi — sẽ tự gửi khi có mạng") {
				t.Errorf("after saving offline: %q", s)
			}
		}
		record("22/09/2025", "38", "Họp tổ dân phố 3 trong hẻm 12, hướng dẫn dịch vụ công trực tuyến", true)
		err = chromedp.Do(ctx,
			chromedp.Navigate(e.ts.URL+"/quan-ly/phan-anh/moi"),
			chromedp.WaitVisible(chromedp.CSS(`#title`)),
			chromedp.Click(chromedp.CSS(`input[name=category][value=thu_tuc]`)),
			chromedp.SetValue(chromedp.CSS(`#khu_pho_id`), kp),
			chromedp.SendKeys(chromedp.CSS(`#title`), "Xin hướng dẫn cấp đổi căn cước"),
			chromedp.SendKeys(chromedp.CSS(`#description`), "Bà Sáu hỏi tại buổi họp: người già không đi lại được thì làm căn cước thế nào?"),
			chromedp.SendKeys(chromedp.CSS(`#name`), "Nguyễn Thị Sáu"),
			chromedp.SendKeys(chromedp.CSS(`#phone`), "0912 000 666"),
		)
		if err != nil {
			t.Fatalf("opinion offline: %v", err)
		}
		if c := eval(`String(document.querySelector('input[name=consent]').checked && !navigator.onLine)`); c != "true" {
			t.Fatal("the consent is not ticked (an official records what the resident agreed to), or the page thinks it is online")
		}
		err = chromedp.Do(ctx,
			chromedp.Click(chromedp.Search(`//button[normalize-space()="Ghi nhận"]`)),
			chromedp.WaitVisible(chromedp.CSS(`[data-outbox-said]`)),
		)
		if err != nil {
			t.Fatalf("opinion offline: %v", err)
		}
		record("31/02/2025", "12", "Ngày không có thật, máy chủ sẽ từ chối", false)
		if c := text(t, ctx, "[data-outbox-count] .count"); c != "3" {
			t.Errorf("header count %q, want 3", c)
		}
		// The photo waits shrunk to 1600 px; the entries keep their keys for the replay below.
		if size := eval(`cchcOutbox.list().then(all => createImageBitmap(all[0].fields.find(f => f[1] && f[1].blob)[1].blob)).then(b => b.width + 'x' + b.height)`); size != "1600x1067" {
			t.Errorf("photo queued at %s, want 1600x1067", size)
		}
		eval(`cchcOutbox.list().then(all => { window.kept = all; return String(all.length); })`)
		// The page's own requests are emulated offline; the service worker's
		// (navigations it forwards, Background Sync) meet the cut server.
		t.Logf("%d requests from the service worker met the cut server", dropped.Load())

		// Online again: the outbox goes by itself.
		cut.Store(false)
		if err := offline(ctx, false); err != nil {
			t.Fatal(err)
		}
		until("the outbox sent", `cchcOutbox.list().then(all => all.length === 1 && all[0].state === 'refused')`)
		ctx0 := context.Background()
		count := func(q string, args ...any) int {
			var n int
			if err := d.QueryRow(ctx0, q, args...).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		check := func(when string) {
			t.Helper()
			if n := count(`select count(*) from activities where description like 'Họp tổ dân phố 3%'`); n != 1 {
				t.Errorf("%s: %d activities, want 1", when, n)
			}
			if n := count(`select count(*) from activity_evidence f join activities a on a.id = f.activity_id where a.description like 'Họp tổ dân phố 3%'`); n != 1 {
				t.Errorf("%s: %d photos, want 1", when, n)
			}
			if n := count(`select count(*) from feedback where title = 'Xin hướng dẫn cấp đổi căn cước' and channel = 'officer'`); n != 1 {
				t.Errorf("%s: %d opinions, want 1", when, n)
			}
			if n := count(`select count(*) from activities where description like 'Ngày không có thật%'`); n != 0 {
				t.Errorf("%s: the refused activity was recorded", when)
			}
		}
		check("after the outbox")
		replayed := eval(`Promise.all(window.kept.slice(0, 2).map(e => {
			const fd = new FormData();
			e.fields.forEach(f => f[1] && f[1].blob ? fd.append(f[0], f[1].blob, f[1].name) : fd.append(f[0], f[1]));
			return fetch(e.url, {method: 'POST', body: fd, headers: {'Idempotency-Key': e.key}, redirect: 'manual'}).then(r => r.type);
		})).then(a => a.join(','))`)
		if replayed != "opaqueredirect,opaqueredirect" {
			t.Errorf("replay answered %s", replayed)
		}
		check("after the same requests again")

		// The refused entry keeps the server's words, on the outbox page.
		if err := chromedp.Do(ctx, chromedp.Navigate(e.ts.URL+"/quan-ly/chua-gui"), chromedp.WaitVisible(chromedp.CSS(`[data-outbox-entry]`))); err != nil {
			t.Fatal(err)
		}
		entry := text(t, ctx, "[data-outbox-entry=refused]")
		if !strings.Contains(entry, "Hoạt động tuyên truyền") || !strings.Contains(entry, "Sửa") || !strings.Contains(entry, "Bỏ nội dung này") {
			t.Errorf("refused entry: %q", entry)
		}
		msg := text(t, ctx, "[data-outbox-entry=refused] .field-error")
		if !strings.Contains(msg, "Ngày") {
			t.Errorf("the server's message was not kept: %q", msg)
		}

		// Corrected from the outbox: the form comes back as written, with the message; sent online at once.
		err = chromedp.Do(ctx,
			chromedp.Click(chromedp.Search(`//a[normalize-space()="Sửa"]`)),
			chromedp.WaitVisible(chromedp.CSS(`[data-outbox-said]`)),
		)
		if err != nil {
			t.Fatal(err)
		}
		if v := eval(`document.querySelector('#held_on').value + '|' + document.querySelector('#description').value + '|' + document.querySelector('[data-outbox-said]').textContent`); !strings.HasPrefix(v, "31/02/2025|Ngày không có thật, máy chủ sẽ từ chối|Ngày") {
			t.Errorf("the form to correct: %q", v)
		}
		err = chromedp.Do(ctx,
			chromedp.SetValue(chromedp.CSS(`#held_on`), "23/09/2025"),
			chromedp.Click(chromedp.Search(`//button[normalize-space()="Lưu hoạt động"]`)),
			chromedp.WaitVisible(chromedp.CSS(`.flash`)),
		)
		if err != nil {
			t.Fatalf("corrected: %v", err)
		}
		if f := text(t, ctx, ".flash"); !strings.Contains(f, "Đã ghi nhận hoạt động") {
			t.Errorf("after the correction the page says %q", f)
		}
		if n := count(`select count(*) from activities where description like 'Ngày không có thật%' and held_on = '2025-09-23'`); n != 1 || eval(`cchcOutbox.list().then(a => String(a.length))`) != "0" {
			t.Errorf("after the correction: %d recorded, outbox %s", n, eval(`cchcOutbox.list().then(a => String(a.length))`))
		}

		// The session ends while the phone is offline: the entry waits for the next login, not re-typed.
		if _, err := d.Exec(ctx0, `delete from sessions where user_id = ?`, e.users["kp01"].ID); err != nil {
			t.Fatal(err)
		}
		cut.Store(true)
		if err := offline(ctx, true); err != nil {
			t.Fatal(err)
		}
		record("24/09/2025", "20", "Phát tờ rơi tại chợ Phú Định khi phiên đã hết hạn", false)
		cut.Store(false)
		if err := offline(ctx, false); err != nil {
			t.Fatal(err)
		}
		until("the entry held for a login", `cchcOutbox.list().then(a => a.length === 1 && a[0].state === 'signin')`)
		if err := chromedp.Do(ctx, login(e.ts.URL, "kp01")); err != nil {
			t.Fatal(err)
		}
		until("the entry sent after the login", `cchcOutbox.list().then(a => a.length === 0)`)
		if n := count(`select count(*) from activities where description like 'Phát tờ rơi tại chợ Phú Định%'`); n != 1 {
			t.Errorf("after the new login: %d recorded, want 1", n)
		}
	})
}
