package web

import (
	"bytes"
	"context"
	"encoding/json"
	"image/png"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/cchc-vn/cchc/internal/activity"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/db/dbtest"
	"github.com/cchc-vn/cchc/internal/vn"
)

var posterLink = regexp.MustCompile(`^/quan-ly/pano/(\d+)$`)

// TestPosterJourney: Khu phố 1's head records a banner with a photo, puts
// it up (the plan counts it once on the visual channel, in Khu phố 1);
// three phones scan its QR code, a robot, a link preview and a second scan
// from the same phone do not count; the dashboard, the item's page, the
// list and the open data show three scans, and no cost is public.
func TestPosterJourney(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		kp := e.as("kp01")
		body(t, kp.get("/quan-ly/pano/moi")) // the form sets the session's token
		fields := map[string]string{"kind": "bang-ron", "message": "Nộp hồ sơ trực tuyến – nhanh chóng, tiết kiệm", "themes": "2", "size": "0,8 × 6 m",
			"khu_pho_id": itoa64(e.users["kp01"].UnitID), "address": "Nhà văn hóa khu phố 1", "place_kind": "nha-van-hoa", "quantity": "2",
			"cost": "1.500.000", "put_up_on": "07/10/2025", "take_down_on": "31/12/2025", "target": "phan-anh", "unit_id": itoa64(e.users["kp01"].UnitID)}
		bad := map[string]string{}
		for k, v := range fields {
			bad[k] = v
		}
		bad["take_down_on"], bad["cost"] = "01/10/2025", "mười nghìn"
		resp := kp.postForm("/quan-ly/pano", bad, "photos", "anh.jpg", plainJPEG())
		page := body(t, resp)
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(page, "Ngày tháo phải từ ngày treo trở đi.") ||
			!strings.Contains(page, "Kinh phí phải là số đồng") || !strings.Contains(page, `class="error-summary"`) || !strings.Contains(page, "Nhà văn hóa khu phố 1") {
			t.Fatalf("bad input: %d %s", resp.StatusCode, refusal(page))
		}
		var n int
		d.QueryRow(ctx, `select count(*) from posters`).Scan(&n)
		if n != 0 {
			t.Fatal("a refused form wrote a poster")
		}
		resp = kp.postForm("/quan-ly/pano", fields, "photos", "anh.jpg", plainJPEG())
		m := posterLink.FindStringSubmatch(resp.Header.Get("Location"))
		if resp.StatusCode != http.StatusSeeOther || m == nil {
			t.Fatalf("save: %d %s", resp.StatusCode, refusal(body(t, resp)))
		}
		resp.Body.Close()
		item := "/quan-ly/pano/" + m[1]
		page = body(t, kp.get(item))
		short := regexp.MustCompile(`Địa chỉ in dưới mã: <strong>([^<]+)</strong>`).FindStringSubmatch(page)
		if short == nil || !strings.Contains(page, "Chưa treo") || !strings.Contains(page, item+"/anh/") {
			t.Fatalf("item page: %.2000s", page)
		}
		code := short[1][strings.LastIndex(short[1], "/")+1:]
		resp = kp.get(item + "/qr.svg")
		if svg := body(t, resp); resp.Header.Get("Content-Type") != "image/svg+xml" || !strings.Contains(svg, "/p/"+code+"</text>") {
			t.Fatalf("svg: %s %.200s", resp.Header.Get("Content-Type"), svg)
		}
		resp = kp.get(item + "/qr.png?cm=8")
		img, err := png.Decode(strings.NewReader(body(t, resp)))
		if err != nil || img.Bounds().Dx() != 8*300*100/254 {
			t.Fatalf("png: %v", err)
		}
		resp = kp.get("/quan-ly/pano/nhan-qr.pdf")
		if pdf := body(t, resp); !strings.HasPrefix(pdf, "%PDF-") || resp.Header.Get("Content-Type") != "application/pdf" {
			t.Fatal("the label sheet is not a PDF")
		}

		resp = kp.post(item+"/treo", url.Values{"put_up_day": {"07/10/2025"}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("put up: %d %s", resp.StatusCode, refusal(body(t, resp)))
		}
		resp.Body.Close()
		acts, err := activity.List(ctx, d, e.ward.ID, activity.Filter{Channel: "truc-quan", Month: "2025-10", UnitID: e.users["kp01"].UnitID})
		if err != nil || len(acts) != 1 || acts[0].PlaceUnitID != e.users["kp01"].UnitID || acts[0].Quantity != 2 || acts[0].Cost != 1_500_000 {
			t.Fatalf("the activity on the visual channel: %+v %v", acts, err)
		}
		if resp := kp.post(item+"/treo", url.Values{"put_up_day": {"08/10/2025"}}); resp.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("put up twice: %d", resp.StatusCode)
		}
		grid := body(t, e.as("vhxh").get("/quan-ly/hoat-dong/do-phu?thang=10/2025"))
		if !strings.Contains(grid, "Khu phố 1") {
			t.Fatal("no coverage grid")
		}

		scan := func(method, ua, purpose, from string) *http.Response {
			req, _ := http.NewRequest(method, e.ts.URL+"/p/"+strings.ToUpper(code), nil)
			req.Header.Set("User-Agent", ua)
			req.Header.Set("X-Forwarded-For", from)
			if purpose != "" {
				req.Header.Set("Sec-Purpose", purpose)
			}
			resp, err := e.anon().hc.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusFound || resp.Header.Get("Location") != "/phan-anh" {
				t.Fatalf("scan: %d %s", resp.StatusCode, resp.Header.Get("Location"))
			}
			return resp
		}
		phones := []string{
			"Mozilla/5.0 (Linux; Android 14; SM-A155F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36",
			"Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
			"Mozilla/5.0 (Linux; Android 13; V2207) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36 Zalo android/12100703",
		}
		for i, ua := range phones {
			scan("GET", ua, "", "113.161.0."+itoa64(int64(i+1)))
		}
		scan("GET", phones[0], "", "113.161.0.1") // the same phone again
		scan("GET", "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", "", "66.249.66.1")
		scan("GET", "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)", "", "31.13.0.1")
		scan("GET", phones[1], "prefetch", "113.161.0.9")

		if got := regexp.MustCompile(`id="luot-quet">(\d+)<`).FindStringSubmatch(body(t, kp.get(item))); got == nil || got[1] != "3" {
			t.Fatalf("scans on the item's page: %v", got)
		}
		month := vn.Date(time.Now())[3:]
		dash := body(t, e.as("vhxh").get("/quan-ly/tong-quan?tu="+month+"&den="+month))
		if got := regexp.MustCompile(`id="luot-quet-qr">(\d+)<`).FindStringSubmatch(dash); got == nil || got[1] != "3" ||
			!strings.Contains(dash, "Nhà văn hóa, sinh hoạt cộng đồng – Khu phố 1: 3 lượt") {
			t.Fatalf("scans on the dashboard: %v", got)
		}
		if list := body(t, kp.get("/quan-ly/pano")); !strings.Contains(list, "<strong>3</strong> lượt quét mã QR") {
			t.Fatal("the list does not show the month's scans")
		}
		resp = e.anon().get("/api/v1/posters")
		raw := body(t, resp)
		var out struct {
			Items []map[string]any `json:"items"`
		}
		if err := json.NewDecoder(bytes.NewReader([]byte(raw))).Decode(&out); err != nil || len(out.Items) != 1 {
			t.Fatalf("api: %v %s", err, raw)
		}
		it := out.Items[0]
		if it["scans"] != float64(3) || it["khu_pho"] != "Khu phố 1" || it["place_kind"] != "nha-van-hoa" || it["put_up_on"] != "2025-10-07" ||
			!strings.HasSuffix(it["link"].(string), "/p/"+code) || strings.Contains(raw, "cost") || strings.Contains(raw, "1500000") {
			t.Fatalf("api item: %s", raw)
		}
		resp = kp.post(item+"/thao", url.Values{"taken_down_on": {"01/12/2025"}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("take down: %d %s", resp.StatusCode, refusal(body(t, resp)))
		}
		resp.Body.Close()
		if other := e.as("vanphong").post(item+"/thao", url.Values{"taken_down_on": {"02/12/2025"}}); other.StatusCode != http.StatusForbidden {
			t.Fatalf("another unit's officer changed Khu phố 1's banner: %d", other.StatusCode)
		}
	})
}
