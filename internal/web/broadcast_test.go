package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/cchc-vn/cchc/internal/account"
	"github.com/cchc-vn/cchc/internal/audit"
	"github.com/cchc-vn/cchc/internal/broadcast"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/db/dbtest"
	"github.com/cchc-vn/cchc/internal/news"
	"github.com/cchc-vn/cchc/internal/speech"
)

var bulletinLink = regexp.MustCompile(`/quan-ly/phat-thanh/(\d+)`)

// TestBulletinJourney: the office's officer writes a bulletin from a
// published article, has it read aloud, sends it; the lead unit passes it,
// the leader approves; Khu phố 1's box finds it in its playlist, its head
// presses "Đã phát", and the coverage grid shows the loudspeaker for Khu
// phố 1; residents hear it on the portal, in the feed and the API.
func TestBulletinJourney(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		if !(speech.Espeak{}).Available() {
			dbtest.Skip(t, "espeak-ng is not installed (apt-get install espeak-ng)")
		}
		editor, leader := e.users["bientap"], e.users["lanhdao"]
		cols, _ := news.Columns(ctx, d, e.ward.ID)
		a, err := news.Save(ctx, d, e.s.Files, editor, audit.Actor{WardID: e.ward.ID, UserID: editor.ID}, 0, news.Input{ColumnID: cols[0].ID,
			Title: "Nộp hồ sơ khai sinh trực tuyến", Body: "Từ ngày **01/10/2025**, UBND phường nhận hồ sơ trên [Cổng DVC](https://dichvucong.gov.vn). Lệ phí 0 đồng.",
			ThemeCodes: "2"}, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		news.Submit(ctx, d, editor, audit.Actor{WardID: e.ward.ID, UserID: editor.ID}, a.ID, time.Now())
		if _, err := news.Review(ctx, d, leader, audit.Actor{WardID: e.ward.ID, UserID: leader.ID}, a.ID, true, "", "", time.Now()); err != nil {
			t.Fatal(err)
		}
		office := e.as("vanphong")
		form := body(t, office.get("/quan-ly/phat-thanh/moi?bai="+itoa64(a.ID)))
		if !strings.Contains(form, "Ủy ban nhân dân phường nhận hồ sơ trên Cổng dịch vụ công") || strings.Contains(form, "dichvucong.gov.vn") {
			t.Fatal("the form does not hold the article adapted for listening")
		}
		resp := office.post("/quan-ly/phat-thanh", url.Values{"article": {itoa64(a.ID)}, "title": {a.Title},
			"body": {"Từ ngày mùng một tháng mười, Ủy ban nhân dân phường nhận hồ sơ khai sinh trên Cổng dịch vụ công."}, "themes": {"2"},
			"priority": {"thuong"}, "target": {"list"}, "khu_pho": {"1-3"}, "starts_on": {"06/10/2025"}, "ends_on": {"12/10/2025"}, "repeats": {"1"}})
		m := bulletinLink.FindStringSubmatch(resp.Header.Get("Location"))
		if resp.StatusCode != http.StatusSeeOther || m == nil {
			t.Fatalf("save: %d %s", resp.StatusCode, refusal(body(t, resp)))
		}
		id := m[1]
		page := "/quan-ly/phat-thanh/" + id
		// Bad audio is refused with its reason, and nothing is kept.
		bad := body(t, office.postFile(page+"/am-thanh", "audio", "ban-tin.mp3", []byte("<html>không phải âm thanh</html>")))
		if !strings.Contains(bad, "Chỉ nhận tệp âm thanh") {
			t.Errorf("bad audio: %s", refusal(bad))
		}
		if resp := office.post(page+"/doc-may", url.Values{"speed": {"1"}}); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("speak: %d %s", resp.StatusCode, refusal(body(t, resp)))
		}
		audio := office.get(page + "/am-thanh")
		wav := readAll(t, audio)
		if audio.Header.Get("Content-Type") != "audio/wav" || len(wav) < 40000 {
			t.Fatalf("audio %s of %d bytes", audio.Header.Get("Content-Type"), len(wav))
		}
		if resp := e.anon().get("/phat-thanh/" + id + "/am-thanh"); resp.StatusCode != http.StatusNotFound {
			t.Errorf("the public hears a draft: %d", resp.StatusCode)
		}
		for _, step := range []struct {
			who, path string
			form      url.Values
		}{
			{"vanphong", page + "/gui", nil},
			{"vhxh", page + "/tham-dinh", url.Values{"decision": {"pass"}}},
			{"lanhdao", page + "/phe-duyet", url.Values{"decision": {"approve"}}},
		} {
			if resp := e.as(step.who).post(step.path, step.form); resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("%s %s: %d %s", step.who, step.path, resp.StatusCode, refusal(body(t, resp)))
			}
		}
		// Khu phố 1's box: a token, the day's playlist as JSON and M3U.
		kp := e.as("kp01")
		tokenPage := body(t, kp.post("/quan-ly/phat-thanh/ma-loa", nil))
		tm := regexp.MustCompile(`/loa/([0-9a-f]{32})/danh-sach\.json`).FindStringSubmatch(tokenPage)
		if tm == nil {
			t.Fatal("no box address shown")
		}
		token := tm[1]
		var pl boxPlaylist
		if err := json.Unmarshal(readAll(t, e.anon().get("/loa/"+token+"/danh-sach.json?ngay=2025-10-06")), &pl); err != nil {
			t.Fatal(err)
		}
		if pl.KhuPho != "Khu phố 1" || len(pl.Slots) != 2 || len(pl.Slots[0].Items) != 1 || itoa64(pl.Slots[0].Items[0].Bulletin) != id {
			t.Fatalf("playlist %+v", pl)
		}
		m3u := body(t, e.anon().get("/loa/"+token+"/danh-sach.m3u?ngay=2025-10-06"))
		if !strings.HasPrefix(m3u, "#EXTM3U") || strings.Count(m3u, "/phat-thanh/"+id+"/am-thanh") != 2 {
			t.Errorf("m3u: %s", m3u)
		}
		for _, p := range []string{"/loa/" + strings.Repeat("0", 32) + "/danh-sach.json", "/loa/x/danh-sach.m3u"} {
			resp := e.anon().get(p)
			if b := body(t, resp); resp.StatusCode != http.StatusNotFound || !strings.Contains(b, "Mã loa không đúng") {
				t.Errorf("%s: %d %s", p, resp.StatusCode, b)
			}
		}
		// The head presses "Đã phát" for the morning; the box reports the evening.
		day := body(t, kp.get("/quan-ly/phat-thanh/hom-nay?ngay=06/10/2025"))
		if !strings.Contains(day, a.Title) || !strings.Contains(day, "Đã phát</button>") {
			t.Fatal("the head's page lacks the bulletin or its button")
		}
		if resp := kp.post("/quan-ly/phat-thanh/da-phat", url.Values{"kp": {itoa64(e.users["kp01"].UnitID)}, "bulletin": {id}, "slot": {"06:00"},
			"ngay": {"06/10/2025"}}); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("confirm: %d %s", resp.StatusCode, refusal(body(t, resp)))
		}
		boxResp := e.anon().post("/loa/"+token+"/da-phat", url.Values{"bulletin_id": {id}, "slot": {"17:00"}, "day": {"2025-10-06"}})
		if b := body(t, boxResp); boxResp.StatusCode != http.StatusOK || !strings.Contains(b, `"new":true`) {
			t.Errorf("box confirm: %d %s", boxResp.StatusCode, b)
		}
		if resp := e.anon().post("/loa/"+token+"/da-phat", url.Values{"bulletin_id": {"999999"}}); resp.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("a bulletin not in the playlist: %d", resp.StatusCode)
		}
		grid := body(t, e.as("vhxh").get("/quan-ly/hoat-dong/do-phu?thang=2025-10"))
		i := strings.Index(grid, `<th scope="row">Khu phố 1</th>`)
		if i < 0 || strings.Contains(grid[i-30:i], "silent") {
			t.Fatal("Khu phố 1 is still silent on the coverage grid")
		}
		// Khu phố 2 and 3 never confirmed: their slots are missed.
		if !strings.Contains(grid, "buổi phát loa bị lỡ") {
			t.Error("the grid does not show the missed slots")
		}
		// Residents: the page (when it is the week), the feed, the API.
		rss := body(t, e.anon().get("/phat-thanh/rss.xml"))
		if !strings.Contains(rss, `<enclosure url="`) || !strings.Contains(rss, a.Title) {
			t.Errorf("rss: %s", rss)
		}
		if resp := e.anon().get("/phat-thanh/" + id + "/am-thanh"); resp.StatusCode != http.StatusOK {
			t.Errorf("public audio: %d", resp.StatusCode)
		}
		pub := body(t, e.anon().get("/phat-thanh"))
		if !strings.Contains(pub, `rel="alternate" type="application/rss+xml"`) {
			t.Error("the page does not link its feed")
		}
		var api struct {
			Items []apiBulletin `json:"items"`
		}
		json.Unmarshal(readAll(t, e.anon().get("/api/v1/bulletins")), &api)
		if len(api.Items) != 0 { // the bulletin played in October 2025, not this week
			t.Errorf("api lists %d bulletins of another week", len(api.Items))
		}
	})
}

// TestBrowserRecordsAndPlaysABulletin: on a phone, the office's officer
// records a bulletin (a fake microphone), sees the level move, listens to
// the take and saves it; the head of Khu phố 1 plays the day's approved
// bulletin and presses "Đã phát".
func TestBrowserRecordsAndPlaysABulletin(t *testing.T) {
	open := browser(t, chromedp.Flag("use-fake-device-for-media-stream", true), chromedp.Flag("use-fake-ui-for-media-stream", true),
		chromedp.Flag("autoplay-policy", "no-user-gesture-required"))
	d := dbtest.Open(t, db.SQLite)
	e := newEnv(t, d)
	ctx := context.Background()
	office, lead, leader := e.users["vanphong"], e.users["vhxh"], e.users["lanhdao"]
	act := func(u *account.User) audit.Actor { return audit.Actor{WardID: e.ward.ID, UserID: u.ID} }
	themes := map[string]string{}
	for _, th := range e.plan.Themes {
		themes[th.Code] = th.Title
	}
	in := broadcast.Input{Title: "Lịch tiếp công dân tháng mười", Body: "Kính thưa bà con, lãnh đạo phường tiếp công dân sáng thứ năm.", Themes: []string{"1"},
		Priority: broadcast.Normal, AllKhuPho: true, StartsOn: "06/10/2025", EndsOn: "12/10/2025", Repeats: 1}
	draft, _, err := broadcast.Save(ctx, d, office, act(office), 0, in, themes, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	in.Title = "Nộp hồ sơ trực tuyến"
	played, _, _ := broadcast.Save(ctx, d, office, act(office), 0, in, themes, time.Now())
	if err := broadcast.SetAudio(ctx, d, e.s.Files, office, act(office), played.ID, testWAV(3), broadcast.SourceUpload, time.Now()); err != nil {
		t.Fatal(err)
	}
	broadcast.Submit(ctx, d, office, act(office), played.ID, time.Now())
	broadcast.Check(ctx, d, lead, act(lead), played.ID, true, "", time.Now())
	if err := broadcast.Approve(ctx, d, leader, act(leader), played.ID, true, "", time.Now()); err != nil {
		t.Fatal(err)
	}

	bctx, cancel := open()
	defer cancel()
	err = chromedp.Do(bctx, chromedp.EmulateViewport(390, 844), login(e.ts.URL, "vanphong"),
		chromedp.Navigate(e.ts.URL+"/quan-ly/phat-thanh/"+itoa64(draft.ID)),
		chromedp.WaitVisible(chromedp.CSS(`[data-record]`)),
		chromedp.Click(chromedp.CSS(`[data-record]`)),
		chromedp.Sleep(2500*time.Millisecond))
	if err != nil {
		t.Fatalf("record: %v", err)
	}
	level, err := chromedp.Run(bctx, chromedp.Evaluate[float64](`document.querySelector('[data-level]').value`))
	if err != nil || level <= 0 {
		t.Errorf("the level meter did not move: %v, %v", level, err)
	}
	err = chromedp.Do(bctx, chromedp.Click(chromedp.CSS(`[data-stop]`)), chromedp.WaitVisible(chromedp.CSS(`[data-take]`)),
		chromedp.Poll[chromedp.Void](`document.querySelector('[data-preview]').readyState >= 1`))
	if err != nil {
		t.Fatalf("stop: %v", err)
	}
	length, _ := chromedp.Run(bctx, chromedp.Evaluate[float64](`document.querySelector('[data-preview]').duration`))
	if length < 1.5 {
		t.Errorf("the take lasts %.1f s", length)
	}
	err = chromedp.Do(bctx, chromedp.Evaluate[chromedp.Void](`document.querySelector('[data-preview]').play()`),
		chromedp.Poll[chromedp.Void](`document.querySelector('[data-preview]').currentTime > 0.2`),
		chromedp.Click(chromedp.CSS(`[data-save]`)),
		chromedp.WaitVisible(chromedp.Search(`//p[contains(., "Ghi âm trên trình duyệt")]`)))
	if err != nil {
		t.Fatalf("listen and save: %v (%s)", err, text(t, bctx, "[data-status]"))
	}
	b, _ := broadcast.Get(ctx, d, e.ward.ID, draft.ID)
	if b.AudioSource != broadcast.SourceRecording || b.AudioType != "audio/wav" || b.AudioMS < 1500 {
		t.Errorf("stored %s %s of %d ms", b.AudioSource, b.AudioType, b.AudioMS)
	}

	hctx, cancel2 := open()
	defer cancel2()
	err = chromedp.Do(hctx, chromedp.EmulateViewport(390, 844), login(e.ts.URL, "kp01"),
		chromedp.Navigate(e.ts.URL+"/quan-ly/phat-thanh/hom-nay?ngay=06/10/2025"),
		chromedp.WaitVisible(chromedp.CSS(`audio[data-bulletin]`)),
		chromedp.Evaluate[chromedp.Void](`document.querySelector('audio[data-bulletin]').play()`),
		chromedp.Poll[chromedp.Void](`document.querySelector('audio[data-bulletin]').currentTime > 0.2`),
		chromedp.Click(chromedp.Search(`//button[normalize-space()="Đã phát"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.flash`)))
	if err != nil {
		t.Fatalf("play and confirm: %v", err)
	}
	if f := text(t, hctx, ".flash"); !strings.Contains(f, "Đã ghi nhận lượt phát") {
		t.Errorf("flash %q", f)
	}
	pl, _ := broadcast.PlaylistFor(ctx, d, e.ward.ID, e.users["kp01"].UnitID, "2025-10-06")
	if pl.Slots[0].Items[0].PlayedAt.IsZero() {
		t.Error("the morning play was not recorded")
	}
}
