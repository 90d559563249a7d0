package web

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/jpeg"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/db/dbtest"
)

func gpsPhoto() []byte {
	img := image.NewRGBA(image.Rect(0, 0, 200, 150))
	for i := range img.Pix {
		img.Pix[i] = uint8(i)
	}
	img.Set(1, 1, color.Black)
	var j bytes.Buffer
	jpeg.Encode(&j, img, nil)
	b := j.Bytes()
	payload := append([]byte("Exif\x00\x00"), []byte("MM\x00\x2aGPSLatitude 10.73N")...)
	seg := append([]byte{0xFF, 0xE1, 0, byte(len(payload) + 2)}, payload...)
	return append(append([]byte{0xFF, 0xD8}, seg...), b[2:]...)
}

func (c *client) postMultipart(path string, fields map[string][]string, files map[string][]byte) *http.Response {
	var mb bytes.Buffer
	mw := multipart.NewWriter(&mb)
	mw.WriteField("csrf", c.csrf)
	for k, vs := range fields {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	for name, data := range files {
		fw, _ := mw.CreateFormFile("files", name)
		fw.Write(data)
	}
	mw.Close()
	req, _ := http.NewRequest("POST", c.e.ts.URL+path, &mb)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req)
}

func TestKhuPhoHeadRecordsAMeetingWithAPhoto(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		kp := e.as("kp01")
		b := body(t, kp.get("/quan-ly/hoat-dong/moi"))
		unit := itoa64(e.users["kp01"].UnitID)
		if !strings.Contains(b, `value="`+unit+`" selected`) || !strings.Contains(b, "Hội nghị, họp dân, họp khu phố") {
			t.Fatal("form does not preselect the own khu phố or lacks the plan's channels")
		}
		// Plan 88 ended on 31/12/2025: the form offers its last day and says why;
		// the photo input lets people pick from the gallery (no forced camera).
		if !strings.Contains(b, `value="31/12/2025"`) || !strings.Contains(b, "đã kết thúc ngày 31/12/2025, nên ngày điền sẵn là ngày cuối của kế hoạch") {
			t.Error("the form does not default to the plan's last day with its reason")
		}
		if strings.Contains(b, "capture=") {
			t.Error("the photo input forces the camera")
		}
		fields := map[string][]string{"unit_id": {unit}, "held_on": {"15/09/2025"}, "channel": {"hoi-nghi"}, "themes": {"2", "3"},
			"place_unit_id": {unit}, "quantity": {"1"}, "quantity_unit": {"buổi"}, "people": {"70"}, "cost": {"0"},
			"description": {"Họp khu phố, hướng dẫn nộp hồ sơ trực tuyến"}}
		// Another khu phố's unit is refused.
		other := map[string][]string{}
		for k, v := range fields {
			other[k] = v
		}
		other["unit_id"] = []string{itoa64(e.users["kp02"].UnitID)}
		if resp := kp.postMultipart("/quan-ly/hoat-dong", other, nil); resp.StatusCode != 403 {
			t.Errorf("record for another khu phố: %d", resp.StatusCode)
		}
		bad := map[string][]string{}
		for k, v := range fields {
			bad[k] = v
		}
		bad["themes"] = nil
		resp := kp.postMultipart("/quan-ly/hoat-dong", bad, map[string][]byte{"anh.jpg": []byte("<script>")})
		if b := body(t, resp); resp.StatusCode != 422 || !strings.Contains(b, "Vui lòng chọn ít nhất một nội dung tuyên truyền.") || !strings.Contains(b, "Tệp thứ 1: Chỉ nhận ảnh (JPEG, PNG) hoặc tệp PDF.") {
			t.Fatalf("invalid activity: %d", resp.StatusCode)
		}
		resp = kp.postMultipart("/quan-ly/hoat-dong", fields, map[string][]byte{"hop-kp.jpg": gpsPhoto()})
		body(t, resp)
		loc := resp.Header.Get("Location")
		if resp.StatusCode != 303 || !strings.HasPrefix(loc, "/quan-ly/hoat-dong/") {
			t.Fatalf("record: %d %s", resp.StatusCode, loc)
		}
		b = body(t, kp.get(loc))
		i := strings.Index(b, `src="/quan-ly/minh-chung/`)
		if i < 0 || !strings.Contains(b, "70") {
			t.Fatal("activity page lacks the photo or the people count")
		}
		if !strings.Contains(b, "<dt>Nội dung</dt><dd>"+e.plan.ThemeTitles([]string{"2"})[0]+"; ") || strings.Contains(b, "<dd>2, 3</dd>") {
			t.Error("the activity page names the themes by their codes")
		}
		photo := b[i+5 : i+5+strings.Index(b[i+5:], `"`)]
		resp = kp.get(photo)
		img := body(t, resp)
		if resp.Header.Get("Content-Type") != "image/jpeg" || strings.Contains(img, "GPS") || strings.Contains(img, "Exif") {
			t.Error("evidence served with its location metadata")
		}
		// The leader sees it in the list; another khu phố head does not see it.
		if b := body(t, e.as("lanhdao").get("/quan-ly/hoat-dong?thang=2025-09&don-vi="+unit)); !strings.Contains(b, "Khu phố 1") || !strings.Contains(b, "1 hoạt động") {
			t.Error("leader's list lacks the activity")
		}
		if resp := e.as("kp02").get(loc); resp.StatusCode != 403 {
			t.Errorf("another khu phố head opened the activity: %d", resp.StatusCode)
		}
		if resp := e.as("kp02").get(photo); resp.StatusCode != 403 {
			t.Errorf("another khu phố head opened the photo: %d", resp.StatusCode)
		}
		if resp := e.anon().get(photo); resp.StatusCode != 303 {
			t.Errorf("the public opened the photo: %d", resp.StatusCode)
		}
	})
}

func TestCoverageGrid(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		// The demo leaves Khu phố 1 without activities, so it starts out silent.
		b := body(t, e.as("vhxh").get("/quan-ly/hoat-dong/do-phu?thang=2025-10"))
		if !strings.Contains(b, "Khu phố 59") || !strings.Contains(b, `<tr class="silent"><th scope="row">Khu phố 1</th>`) {
			t.Fatal("grid lacks the khu phố or does not flag Khu phố 1 as silent")
		}
		kp := e.as("kp01")
		unit := itoa64(e.users["kp01"].UnitID)
		fields := map[string][]string{"unit_id": {unit}, "held_on": {"05/10/2025"}, "channel": {"loa"}, "themes": {"3"},
			"place_unit_id": {unit}, "quantity": {"3"}, "quantity_unit": {"lượt phát loa"}, "people": {"120"}}
		body(t, kp.postMultipart("/quan-ly/hoat-dong", fields, nil))
		body(t, kp.postMultipart("/quan-ly/hoat-dong", fields, nil))
		// The police hold a meeting in Khu phố 1 too: it counts for the neighbourhood.
		police := e.as("congan")
		body(t, police.postMultipart("/quan-ly/hoat-dong", map[string][]string{"unit_id": {itoa64(e.users["congan"].UnitID)}, "held_on": {"06/10/2025"},
			"channel": {"hoi-nghi"}, "themes": {"2"}, "place_unit_id": {unit}, "quantity": {"1"}, "quantity_unit": {"buổi"}, "people": {"40"}}, nil))
		b = body(t, e.as("mttq").get("/quan-ly/hoat-dong/do-phu?thang=2025-10"))
		i := strings.Index(b, `<th scope="row">Khu phố 1</th>`)
		if i < 0 {
			t.Fatal("no Khu phố 1 row")
		}
		row := b[i : i+strings.Index(b[i:], "</tr>")]
		if strings.Contains(b[i-30:i], "silent") || !strings.Contains(row, `<td class="has">2</td>`) || !strings.Contains(row, `<td class="has">1</td>`) ||
			!strings.Contains(row, "<td>3</td>") || !strings.Contains(row, "<td>280</td>") {
			t.Errorf("Khu phố 1 row: %s", row)
		}
		// The aggregates agree with the raw records, demo activities included.
		var raw, agg, rawPeople, aggPeople int
		d.QueryRow(context.Background(), `select count(*), coalesce(sum(people), 0) from activities`).Scan(&raw, &rawPeople)
		d.QueryRow(context.Background(), `select coalesce(sum(activities), 0), coalesce(sum(people), 0) from activity_monthly`).Scan(&agg, &aggPeople)
		if raw != agg || rawPeople != aggPeople || raw < 120 {
			t.Errorf("aggregates %d activities / %d people, records %d / %d", agg, aggPeople, raw, rawPeople)
		}
		if resp := kp.get("/quan-ly/hoat-dong/do-phu"); resp.StatusCode != 403 {
			t.Errorf("khu phố head sees all neighbourhoods: %d", resp.StatusCode)
		}
	})
}

// TestEndedPlanSaysSo: Plan 88 ended on 31/12/2025; in December 2026 the
// portal no longer calls it "đang thực hiện" and the coverage grid opens on
// its last month, not on a month it has no records for.
func TestEndedPlanSaysSo(t *testing.T) {
	e := newEnv(t, dbtest.Open(t, db.SQLite))
	if !e.plan.Ended(time.Now()) {
		t.Fatal("Plan 88 (2025) should have ended by now")
	}
	home := body(t, e.anon().get("/"))
	if strings.Contains(home, "Kế hoạch tuyên truyền đang thực hiện") || !strings.Contains(home, "Kế hoạch tuyên truyền gần nhất") || !strings.Contains(home, "(đã kết thúc)") {
		t.Error("the home page calls an ended plan 'đang thực hiện'")
	}
	if b := body(t, e.as("admin").get("/quan-ly/ke-hoach")); strings.Contains(b, "<td>Đang thực hiện</td>") {
		t.Error("the plans list calls an ended plan 'đang thực hiện'")
	}
	if b := body(t, e.as("vhxh").get("/quan-ly/hoat-dong/do-phu")); !strings.Contains(b, `value="12/2025"`) {
		t.Error("the coverage grid does not open on the plan's last month")
	}
}
