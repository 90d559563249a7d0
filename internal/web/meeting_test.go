package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/emersion/go-ical"

	"github.com/cchc-vn/cchc/internal/activity"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/db/dbtest"
	"github.com/cchc-vn/cchc/internal/docx/docxtest"
	"github.com/cchc-vn/cchc/internal/feedback"
	"github.com/cchc-vn/cchc/internal/vn"
)

var meetingLink = regexp.MustCompile(`^/quan-ly/hop/(\d+)$`)

// overviewFigure reads a figure of the lead unit's overview for a month.
func overviewFigure(t *testing.T, e *env, month, id string) string {
	t.Helper()
	page := body(t, e.as("vhxh").get("/quan-ly/tong-quan?tu="+month+"&den="+month))
	m := regexp.MustCompile(`id="` + id + `">([^<]+)<`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no figure %s on the overview", id)
	}
	return m[1]
}

// TestMeetingJourney: Khu phố 1's head schedules a residents' meeting from
// the phone (a wrong date and no agenda are refused with nothing written),
// records two residents' opinions (feedback items linked to the meeting),
// closes it with the attendance and the sign-in sheet: the overview counts
// one more activity with the attendance as people reached, and still one
// when the attendance is corrected. The biên bản opens in LibreOffice with
// the residents' words and not their names; the Front comments on it; the
// khu phố's calendar feed and the public one parse back, a replaced
// address stops, a cancelled meeting stays as CANCELLED; the open data
// names no one; Khu phố 2's head may not touch it.
func TestMeetingJourney(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		kp := e.as("kp01")
		kp1 := itoa64(e.users["kp01"].UnitID)
		form := body(t, kp.get("/quan-ly/hop/moi"))
		if !strings.Contains(form, `name="agenda_1_themes"`) || strings.Contains(form, `type="date"`) || !strings.Contains(form, `value="`+kp1+`" selected`) {
			t.Fatal("the schedule form lacks the agenda's themes, uses the browser's date field or does not preselect the khu phố")
		}
		// A day of the plan's period, which has passed: the meeting counts on it.
		yesterday, err := vn.ParseISODate(e.plan.PeriodStart)
		if err != nil {
			t.Fatal(err)
		}
		if yesterday = yesterday.AddDate(0, 0, 40); yesterday.After(time.Now()) {
			t.Fatalf("the plan's period %s has not begun long enough", e.plan.PeriodStart)
		}
		fields := url.Values{"kind": {"hop-dan"}, "title": {"Họp dân khu phố 1 về dịch vụ công trực tuyến"}, "khu_pho_id": {kp1},
			"venue": {"Nhà văn hóa khu phố 1"}, "date": {vn.Date(yesterday)}, "starts": {"19h30"}, "ends": {"21:00"}, "expected": {"60"}, "public": {"1"},
			"agenda_1": {"Hướng dẫn nộp hồ sơ khai sinh trực tuyến"}, "agenda_1_themes": {"2", "3"}, "agenda_1_procedure": {"1.001193"},
			"agenda_2": {"Lắng nghe ý kiến của bà con"}, "agenda_2_themes": {"3"}}
		bad := url.Values{}
		for k, v := range fields {
			bad[k] = v
		}
		bad["date"], bad["agenda_1"], bad["agenda_2"] = []string{"32/13/2025"}, []string{""}, []string{""}
		bad["agenda_1_themes"], bad["agenda_2_themes"], bad["agenda_1_procedure"] = nil, nil, nil
		resp := kp.post("/quan-ly/hop", bad)
		page := body(t, resp)
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(page, "Ngày họp phải có dạng ngày/tháng/năm") ||
			!strings.Contains(page, "ít nhất một nội dung") || !strings.Contains(page, `class="error-summary"`) || !strings.Contains(page, "Nhà văn hóa khu phố 1") {
			t.Fatalf("bad input: %d %s", resp.StatusCode, refusal(page))
		}
		var n int
		d.QueryRow(ctx, `select count(*) from meetings`).Scan(&n)
		if n != 0 {
			t.Fatal("a refused form wrote a meeting")
		}
		resp = kp.post("/quan-ly/hop", fields)
		m := meetingLink.FindStringSubmatch(resp.Header.Get("Location"))
		if resp.StatusCode != http.StatusSeeOther || m == nil {
			t.Fatalf("schedule: %d %s", resp.StatusCode, refusal(body(t, resp)))
		}
		resp.Body.Close()
		item := "/quan-ly/hop/" + m[1]
		page = body(t, kp.get(item))
		if !strings.Contains(page, "đã họp, chưa ghi kết quả") || !strings.Contains(page, item+"/ket-qua") || !strings.Contains(page, "19:30–21:00") {
			t.Fatalf("the meeting's page does not say its minutes are late: %s", refusal(page))
		}
		if list := body(t, kp.get("/quan-ly/hop")); !strings.Contains(list, "Đã họp, chưa ghi kết quả (1)") {
			t.Fatal("the calendar does not lead with the meeting whose minutes are late")
		}
		if pub := body(t, e.anon().get("/lich-hop")); !strings.Contains(pub, "Họp dân khu phố 1 về dịch vụ công trực tuyến") {
			t.Fatal("the public calendar does not show the public meeting")
		}

		// Two residents' opinions, one with a photo.
		body(t, kp.get(item+"/y-kien"))
		for i, o := range []map[string]string{
			{"category": "dich_vu", "title": "Cần người hướng dẫn tại nhà", "description": "Tôi lớn tuổi, đề nghị khu phố cử người hướng dẫn nộp hồ sơ tại nhà.", "name": "Nguyễn Văn Tư", "phone": "0903111222", "consent": "1"},
			{"category": "thu_tuc", "title": "Lệ phí trực tuyến", "description": "Nộp hồ sơ trực tuyến có được giảm lệ phí không?", "name": "Trần Thị Bảy", "phone": "0918222333", "consent": "1"},
		} {
			var photo []byte
			if i == 0 {
				photo = plainJPEG()
			}
			resp = kp.postForm(item+"/y-kien", o, "photos", "anh.jpg", photo)
			if resp.StatusCode != http.StatusSeeOther || !strings.Contains(resp.Header.Get("Location"), item) {
				t.Fatalf("opinion %d: %d %s", i, resp.StatusCode, refusal(body(t, resp)))
			}
			resp.Body.Close()
		}
		id, _ := strconv.ParseInt(m[1], 10, 64)
		var ops []*feedback.Item
		ops, err = feedback.OfMeeting(ctx, d, e.ward.ID, id)
		if err != nil || len(ops) != 2 || ops[0].Channel != feedback.ChannelOfficer || ops[0].KhuPhoID != e.users["kp01"].UnitID || ops[1].MeetingID != id {
			t.Fatalf("the opinions as feedback: %+v %v", ops, err)
		}
		if first, err := feedback.Get(ctx, d, e.ward.ID, ops[0].ID); err != nil || len(first.Photos) != 1 {
			t.Fatalf("the opinion's photo: %v", err)
		}
		if queue := body(t, e.as("vanphong").get("/quan-ly/phan-anh")); !strings.Contains(queue, "Cần người hướng dẫn tại nhà") {
			t.Fatal("an opinion is not in the feedback workflow")
		}

		// Close it: the overview counts it once.
		month := vn.Date(yesterday)[3:]
		acts0, people0 := overviewFigure(t, e, month, "so-hoat-dong"), overviewFigure(t, e, month, "so-luot-nguoi")
		body(t, kp.get(item+"/ket-qua"))
		minutes := map[string]string{"present_nguoi-dan": "52", "present_can-bo": "5", "present_dang-vien": "", "chair": "Ông Võ Văn Bình, Trưởng khu phố 1",
			"secretary": "Bà Lê Thị Thu", "participants": "Đại diện các hộ gia đình", "content": "1. Hướng dẫn nộp hồ sơ khai sinh trực tuyến.\n2. Bà con nêu ý kiến.",
			"conclusion": "Tổ dân phố hỗ trợ người cao tuổi tại nhà.", "cost": "300.000"}
		badMinutes := map[string]string{"present_nguoi-dan": "năm mươi", "chair": "", "secretary": "Bà Lê Thị Thu", "content": "Nội dung"}
		resp = kp.postForm(item+"/ket-qua", badMinutes, "sheet", "ds.jpg", plainJPEG())
		if page := body(t, resp); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(page, "phải là số từ 0 đến 100.000") || !strings.Contains(page, "Chủ trì") {
			t.Fatalf("bad minutes: %d %s", resp.StatusCode, refusal(page))
		}
		if got := overviewFigure(t, e, month, "so-hoat-dong"); got != acts0 {
			t.Fatal("refused minutes recorded an activity")
		}
		resp = kp.postForm(item+"/ket-qua", minutes, "sheet", "ds.jpg", plainJPEG())
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("close: %d %s", resp.StatusCode, refusal(body(t, resp)))
		}
		resp.Body.Close()
		plus := func(a string, n int64) string {
			v, err := strconv.ParseInt(strings.ReplaceAll(a, ".", ""), 10, 64)
			if err != nil {
				t.Fatalf("figure %q", a)
			}
			return vn.Number(v + n)
		}
		if got := overviewFigure(t, e, month, "so-hoat-dong"); got != plus(acts0, 1) {
			t.Fatalf("activities on the overview: %s, want %s", got, plus(acts0, 1))
		}
		if got := overviewFigure(t, e, month, "so-luot-nguoi"); got != plus(people0, 57) {
			t.Fatalf("people reached on the overview: %s, want %s", got, plus(people0, 57))
		}
		minutes["present_nguoi-dan"] = "62"
		resp = kp.postForm(item+"/ket-qua", minutes, "", "", nil)
		resp.Body.Close()
		if got := overviewFigure(t, e, month, "so-hoat-dong"); got != plus(acts0, 1) {
			t.Fatalf("a corrected meeting counted twice: %s", got)
		}
		if got := overviewFigure(t, e, month, "so-luot-nguoi"); got != plus(people0, 67) {
			t.Fatalf("the correction did not reach the overview: %s", got)
		}
		acts, _ := activity.List(ctx, d, e.ward.ID, activity.Filter{UnitID: e.users["kp01"].UnitID, Month: yesterday.Format("2006-01")})
		found := 0
		for _, a := range acts {
			if strings.Contains(a.Description, "Họp dân khu phố 1 về dịch vụ công trực tuyến") {
				found++
				if a.People != 67 || a.PlaceUnitID != e.users["kp01"].UnitID || a.Cost != 300_000 {
					t.Fatalf("the meeting's activity: %+v", a)
				}
			}
		}
		if found != 1 {
			t.Fatalf("%d activities for the meeting", found)
		}
		page = body(t, kp.get(item))
		if got := regexp.MustCompile(`id="so-nguoi">(\d+)<`).FindStringSubmatch(page); got == nil || got[1] != "67" || !strings.Contains(page, item+"/anh/") {
			t.Fatalf("the closed meeting's page: %v", got)
		}

		// The biên bản, as LibreOffice shows it.
		resp = kp.get(item + "/bien-ban.docx")
		doc := body(t, resp)
		if resp.Header.Get("Content-Type") != docxType {
			t.Fatalf("minutes: %s", resp.Header.Get("Content-Type"))
		}
		text, _ := docxtest.PDFText(t, "bien-ban", []byte(doc))
		flat := strings.Join(strings.Fields(text), " ")
		for _, want := range []string{"BIÊN BẢN", "Ông Võ Văn Bình", "Bà Lê Thị Thu", "62", "cử người hướng dẫn nộp hồ sơ tại nhà"} {
			if !strings.Contains(flat, want) {
				t.Errorf("the biên bản lacks %q:\n%s", want, text)
			}
		}
		if strings.Contains(flat, "Nguyễn Văn Tư") || strings.Contains(flat, "0903111222") {
			t.Error("the biên bản names a resident")
		}

		// The Front comments; a khu phố head may not.
		if resp := kp.post(item+"/gop-y", url.Values{"comment": {"Tự góp ý"}}); resp.StatusCode != http.StatusForbidden {
			t.Fatalf("a khu phố head commented: %d", resp.StatusCode)
		}
		mt := e.as("mttq")
		body(t, mt.get(item))
		if resp := mt.post(item+"/gop-y", url.Values{"comment": {"Đề nghị ghi rõ thời hạn trả lời ý kiến của bà con."}}); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("the Front's comment: %d %s", resp.StatusCode, refusal(body(t, resp)))
		}
		if !strings.Contains(body(t, kp.get(item)), "Đề nghị ghi rõ thời hạn trả lời") {
			t.Fatal("the comment is not on the page")
		}

		// Khu phố 2's head may read it, not change it.
		other := e.as("kp02")
		body(t, other.get(item))
		if resp := other.postForm(item+"/ket-qua", minutes, "", "", nil); resp.StatusCode != http.StatusForbidden {
			t.Fatalf("another khu phố's head closed it: %d", resp.StatusCode)
		}

		// A meeting called off.
		next := url.Values{}
		for k, v := range fields {
			next[k] = v
		}
		next["title"], next["date"] = []string{"Họp dân khu phố 1 tháng sau"}, []string{vn.Date(time.Now().AddDate(0, 0, 20))}
		resp = kp.post("/quan-ly/hop", next)
		cm := meetingLink.FindStringSubmatch(resp.Header.Get("Location"))
		resp.Body.Close()
		if cm == nil {
			t.Fatal("second meeting not scheduled")
		}
		if resp := kp.post("/quan-ly/hop/"+cm[1]+"/ket-qua", nil); resp.StatusCode == http.StatusSeeOther {
			t.Fatal("a meeting not yet begun was closed")
		}
		if resp := kp.post("/quan-ly/hop/"+cm[1]+"/huy", url.Values{"cancel_reason": {"Trùng lịch tiêm chủng"}}); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("cancel: %d %s", resp.StatusCode, refusal(body(t, resp)))
		}

		// The khu phố's calendar on a phone.
		list := body(t, kp.get("/quan-ly/hop"))
		feed := regexp.MustCompile(`id="dia-chi-lich">([^<]+)<`).FindStringSubmatch(list)
		if feed == nil {
			t.Fatal("no calendar address for the khu phố")
		}
		events := func(c *client, path string) map[string]string {
			t.Helper()
			resp := c.get(path)
			raw := body(t, resp)
			if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/calendar") {
				t.Fatalf("%s: %d %s", path, resp.StatusCode, resp.Header.Get("Content-Type"))
			}
			for _, line := range strings.Split(raw, "\r\n") {
				if len(line) > 75 {
					t.Fatalf("a line longer than 75 octets: %q", line)
				}
			}
			cal, err := ical.NewDecoder(strings.NewReader(raw)).Decode()
			if err != nil {
				t.Fatalf("%s does not parse: %v", path, err)
			}
			out := map[string]string{}
			for _, ev := range cal.Events() {
				summary, _ := ev.Props.Text(ical.PropSummary)
				status, _ := ev.Props.Text(ical.PropStatus)
				out[summary] = status
			}
			return out
		}
		path := strings.TrimPrefix(feed[1], e.ts.URL)
		got := events(e.anon(), path)
		if got["Họp dân: Họp dân khu phố 1 về dịch vụ công trực tuyến"] != "CONFIRMED" || got["Họp dân: Họp dân khu phố 1 tháng sau"] != "CANCELLED" {
			t.Fatalf("the khu phố's feed: %v", got)
		}
		if pub := events(e.anon(), "/lich-hop.ics"); len(pub) != 2 {
			t.Fatalf("the public feed: %v", pub)
		}
		body(t, kp.get("/quan-ly/hop"))
		if resp := kp.post("/quan-ly/hop/lich-moi", url.Values{"unit_id": {kp1}}); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("renew: %d", resp.StatusCode)
		}
		if resp := e.anon().get(path); resp.StatusCode != http.StatusNotFound {
			t.Fatalf("the replaced address still answers: %d", resp.StatusCode)
		}

		// The open data: counts, never names.
		resp = e.anon().get("/api/v1/meetings")
		raw := body(t, resp)
		var out struct {
			Items []struct {
				Title      string `json:"title"`
				Status     string `json:"status"`
				Attendance *int   `json:"attendance"`
			} `json:"items"`
		}
		if err := json.Unmarshal([]byte(raw), &out); err != nil || len(out.Items) != 2 || out.Items[0].Attendance == nil || *out.Items[0].Attendance != 67 ||
			out.Items[1].Status != "cancelled" || out.Items[1].Attendance != nil {
			t.Fatalf("open data: %v %s", err, raw)
		}
		for _, name := range []string{"Võ Văn Bình", "Lê Thị Thu", "Nguyễn Văn Tư", "0903111222", "Trần Thị Bảy"} {
			if strings.Contains(raw, name) || strings.Contains(body(t, e.anon().get("/lich-hop")), name) {
				t.Errorf("the public sees %q", name)
			}
		}
	})
}

// TestBrowserKhuPhoHeadHoldsAMeeting: on a phone's screen, Khu phố 1's
// head schedules a residents' meeting, records two residents' opinions and
// the attendance, and the plan counts the meeting once.
func TestBrowserKhuPhoHeadHoldsAMeeting(t *testing.T) {
	open := browser(t)
	d := dbtest.Open(t, db.SQLite)
	e := newEnv(t, d)
	ctx, cancel := open()
	defer cancel()
	title := "Họp dân khu phố 1: nộp hồ sơ trực tuyến"
	err := chromedp.Do(ctx,
		chromedp.EmulateViewport(390, 844),
		login(e.ts.URL, "kp01"),
		chromedp.Navigate(e.ts.URL+"/quan-ly/hop/moi"),
		chromedp.WaitVisible(chromedp.CSS(`#title`)),
		chromedp.SendKeys(chromedp.CSS(`#title`), title),
		chromedp.SetValue(chromedp.CSS(`#date`), "10/08/2025"),
		chromedp.SetValue(chromedp.CSS(`#starts`), "19h30"),
		chromedp.SetValue(chromedp.CSS(`#ends`), "21:00"),
		chromedp.SendKeys(chromedp.CSS(`#agenda_1`), "Hướng dẫn nộp hồ sơ khai sinh trực tuyến"),
		chromedp.Click(chromedp.CSS(`input[name=agenda_1_themes][value="2"]`)),
		chromedp.Click(chromedp.Search(`//button[normalize-space()="Lên lịch"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.flash`)),
	)
	if err != nil {
		t.Fatalf("schedule: %v", err)
	}
	for i, name := range []string{"Nguyễn Văn Tư", "Trần Thị Bảy"} {
		err = chromedp.Do(ctx,
			chromedp.Click(chromedp.Search(`//a[normalize-space()="Ghi ý kiến người dân"]`)),
			chromedp.WaitVisible(chromedp.CSS(`#description`)),
			chromedp.SendKeys(chromedp.CSS(`#title`), "Ý kiến "+strconv.Itoa(i+1)),
			chromedp.SendKeys(chromedp.CSS(`#description`), "Đề nghị hướng dẫn người cao tuổi tại nhà."),
			chromedp.SendKeys(chromedp.CSS(`#name`), name),
			chromedp.SendKeys(chromedp.CSS(`#phone`), "090311122"+strconv.Itoa(i)),
			chromedp.Click(chromedp.Search(`//button[normalize-space()="Ghi ý kiến"]`)),
			chromedp.WaitVisible(chromedp.CSS(`.flash`)),
		)
		if err != nil {
			t.Fatalf("opinion %d: %v", i, err)
		}
		if f := text(t, ctx, ".flash"); !strings.Contains(f, "Đã ghi ý kiến thành phản ánh, mã PA-") {
			t.Fatalf("opinion %d: %q", i, f)
		}
	}
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.Search(`//a[normalize-space()="Ghi kết quả, biên bản"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#chair`)),
		chromedp.SendKeys(chromedp.CSS(`#present_nguoi-dan`), "46"),
		chromedp.SendKeys(chromedp.CSS(`#present_can-bo`), "4"),
		chromedp.SendKeys(chromedp.CSS(`#chair`), "Ông Võ Văn Bình, Trưởng khu phố"),
		chromedp.SendKeys(chromedp.CSS(`#secretary`), "Bà Lê Thị Thu"),
		chromedp.Click(chromedp.Search(`//button[normalize-space()="Lưu kết quả"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#so-nguoi`)),
	)
	if err != nil {
		t.Fatalf("close: %v", err)
	}
	if n := text(t, ctx, "#so-nguoi"); n != "50" {
		t.Errorf("attendance shown: %q", n)
	}
	if ops := text(t, ctx, "#y-kien"); !strings.Contains(ops, "(2)") {
		t.Errorf("opinions: %q", ops)
	}
	acts, _ := activity.List(context.Background(), d, e.ward.ID, activity.Filter{UnitID: e.users["kp01"].UnitID, Month: "2025-08"})
	n := 0
	for _, a := range acts {
		if strings.Contains(a.Description, title) {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("%d activities for the meeting", n)
	}
}
