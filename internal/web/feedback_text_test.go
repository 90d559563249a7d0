package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/db/dbtest"
	"github.com/cchc-vn/cchc/internal/feedback"
	"github.com/cchc-vn/cchc/internal/jobs"
	"github.com/cchc-vn/cchc/internal/notice"
	"github.com/cchc-vn/cchc/internal/notice/noticetest"
	"github.com/cchc-vn/cchc/internal/vn"
)

// TestFeedbackByZaloAndSMS: residents choose how they hear of their
// feedback. Each step (received, assigned, answered) reaches the local Zalo
// ZNS with the approved template's parameters; a number without Zalo gets
// the same by SMS; a resident who chose SMS never goes through Zalo; one
// who stops the messages gets none of those still waiting. A landline
// cannot take texts, and the form says so.
func TestFeedbackByZaloAndSMS(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		zalo := &noticetest.Zalo{Access: "fixed", Answer: map[string]string{"84987000111": `{"error": -118, "message": "Zalo account not existed"}`}}
		zs := httptest.NewServer(zalo)
		defer zs.Close()
		sms := &noticetest.ESMS{}
		ss := httptest.NewServer(sms)
		defer ss.Close()
		texter, err := notice.ParseTexter("zns://?access_token=fixed&otp=1&feedback=8012345&endpoint="+zs.URL+
			" | esms://?api_key=k&secret_key=s&brandname=UBNDPHUDINH&endpoint="+ss.URL, quietLog)
		if err != nil {
			t.Fatal(err)
		}
		send := func(phone, notify string) (string, *http.Response, string) {
			resp := submitFeedback(t, e.anon(), map[string]string{"category": "khac", "title": "Đèn đường hẻm 12 không sáng",
				"description": "Đèn đường hẻm 12 tắt từ một tuần nay.", "name": "Lê Văn Tư", "phone": phone, "notify": notify, "consent": "1"}, nil)
			b := body(t, resp)
			return regexp.MustCompile(`PA-[0-9A-Z]{4}-[0-9A-Z]{4}`).FindString(b), resp, b
		}
		if _, resp, b := send("028 3850 1234", "zalo"); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(b, "Tin nhắn chỉ gửi được đến số di động") {
			t.Fatalf("a landline for Zalo: %d", resp.StatusCode)
		}
		onZalo, resp, b := send("0912 345 678", "zalo")
		if resp.StatusCode != http.StatusCreated || !strings.Contains(b, "Phường sẽ báo anh/chị qua Zalo") {
			t.Fatalf("submit: %d", resp.StatusCode)
		}
		noZalo, _, _ := send("0987000111", "zalo")
		bySMS, _, _ := send("0903 000 222", "sms")
		stops, _, _ := send("0903 000 333", "sms")
		it, err := feedback.ByCode(ctx, d, e.ward.ID, onZalo)
		if err != nil || it.Phone != "0912345678" || it.PhoneGiven != "0912 345 678" || it.Notify != feedback.NotifyZalo {
			t.Fatalf("stored: %+v, %v", it, err)
		}

		// The resident of the last one stops the messages before any is sent.
		track := "/phan-anh/tra-cuu?ma=" + stops + "&so=0333"
		if b := body(t, e.anon().get(track)); !strings.Contains(b, "Ngừng nhận thông báo") {
			t.Fatal("the tracking page offers no way to stop the messages")
		}
		if r := e.anon().post("/phan-anh/ngung-nhan", url.Values{"ma": {stops}, "so": {"0000"}}); r.StatusCode != http.StatusNotFound {
			t.Errorf("stopped without the right digits: %d", r.StatusCode)
		}
		if r := e.anon().post("/phan-anh/ngung-nhan", url.Values{"ma": {stops}, "so": {"0333"}}); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("stop: %d", r.StatusCode)
		}
		if b := body(t, e.anon().get(track)); !strings.Contains(b, "Không nhận thông báo") || strings.Contains(b, ">Ngừng nhận thông báo<") {
			t.Error("the tracking page does not show the messages stopped")
		}

		var police int64
		d.QueryRow(ctx, `select id from units where ward_id = ? and code = 'cong-an'`, e.ward.ID).Scan(&police)
		office := e.as("vanphong")
		for _, code := range []string{onZalo, noZalo, bySMS, stops} {
			x, _ := feedback.ByCode(ctx, d, e.ward.ID, code)
			item := "/quan-ly/phan-anh/" + itoa64(x.ID)
			office.post(item+"/phan-loai", url.Values{"action": {"assign"}, "unit_id": {itoa64(police)}}).Body.Close()
			if r := office.post(item+"/tra-loi", url.Values{"answer": {"Đèn đã được thay ngày hôm qua."}}); r.StatusCode != http.StatusSeeOther {
				t.Fatalf("answer %s: %d", code, r.StatusCode)
			}
		}

		// A day later (past any quiet hours) the outbox goes out.
		job := jobs.Config{DB: d, Texter: texter, Prices: notice.Prices{"zns": 300, "esms": 750}, BaseURL: "https://phudinh.example", Log: quietLog}
		if n, err := job.Run(ctx, "texts", time.Now().Add(24*time.Hour)); err != nil || n != 9 {
			t.Fatalf("texts job: %d sent, %v; want 3 steps × 3 residents", n, err)
		}
		today := vn.Date(time.Now())
		steps := []string{"Đã tiếp nhận", "Đang xử lý", "Đã trả lời"}
		if len(zalo.Sent) != 3 {
			t.Fatalf("Zalo got %d messages, want the 3 steps of one resident", len(zalo.Sent))
		}
		for i, m := range zalo.Sent {
			p := m["template_data"].(map[string]any)
			if m["phone"] != "84912345678" || m["template_id"] != "8012345" || p["code"] != onZalo || p["status"] != steps[i] || p["date"] != today ||
				p["link"] != "https://phudinh.example/phan-anh/tra-cuu?ma="+onZalo {
				t.Errorf("Zalo message %d: %v", i, m)
			}
		}
		got := map[string][]string{}
		for _, m := range sms.Sent {
			got[m["Phone"]] = append(got[m["Phone"]], m["Content"])
		}
		if len(got) != 2 || len(got["0987000111"]) != 3 || len(got["0903000222"]) != 3 {
			t.Fatalf("SMS got %v; want the steps of the resident without Zalo and of the one who chose SMS", got)
		}
		if want := "Phan anh " + noZalo + ": Da tra loi ngay " + today + ". Tra cuu: https://phudinh.example/phan-anh/tra-cuu?ma=" + noZalo; got["0987000111"][2] != want {
			t.Errorf("SMS answer %q, want %q", got["0987000111"][2], want)
		}
		costs, err := notice.TextCosts(ctx, d, time.Now().Add(-time.Hour), time.Now().Add(48*time.Hour))
		if err != nil || len(costs) != 2 || costs[0].Cost+costs[1].Cost != 3*300+6*750 {
			t.Errorf("costs %+v %v", costs, err)
		}
	})
}

// TestRemindersToThePhone: an official asks for reminders by Zalo on their
// own page; a landline is refused with the reason, a mobile is kept.
func TestRemindersToThePhone(t *testing.T) {
	e := newEnv(t, dbtest.Open(t, db.SQLite))
	kp := e.as("kp01")
	if b := body(t, kp.get("/quan-ly/nhac-viec")); !strings.Contains(b, "Số điện thoại di động (không bắt buộc)") {
		t.Fatal("no reminders form")
	}
	r := kp.post("/quan-ly/nhac-viec", url.Values{"phone": {"028 3850 1234"}, "by_text": {"1"}})
	if b := body(t, r); r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(b, "Số di động chưa đúng") || !strings.Contains(b, `value="028 3850 1234"`) {
		t.Fatalf("a landline: %d", r.StatusCode)
	}
	r = kp.post("/quan-ly/nhac-viec", url.Values{"phone": {"0912 111 222"}, "by_text": {"1"}})
	r.Body.Close()
	if r.StatusCode != http.StatusSeeOther || !strings.Contains(flashOf(r), "qua Zalo") {
		t.Fatalf("save: %d %q", r.StatusCode, flashOf(r))
	}
	var phone string
	var by int
	e.d.QueryRow(context.Background(), `select phone, remind_by_text from users where id = ?`, e.users["kp01"].ID).Scan(&phone, &by)
	if phone != "0912111222" || by != 1 {
		t.Errorf("stored %q %d", phone, by)
	}
}

// TestTextsPage: the ward's texts page leads with what failed (the
// provider's words, the number masked), then what waits and the month's cost.
func TestTextsPage(t *testing.T) {
	e := newEnv(t, dbtest.Open(t, db.SQLite))
	ctx := context.Background()
	now := time.Now()
	for _, row := range []struct{ phone, state, provider, err string }{
		{"0912345678", notice.TextSent, "esms", ""}, {"0912345679", notice.TextSent, "esms", ""}, {"0987000333", notice.TextFailed, "", "zns: -109 Template ID invalid"},
		{"0987000444", notice.TextPending, "", ""},
	} {
		id, err := notice.QueueText(ctx, e.d, e.ward.ID, notice.PurposeNotice, notice.Text{Phone: row.phone, Template: "feedback", Body: "x"}, now)
		if err != nil {
			t.Fatal(err)
		}
		e.d.Exec(ctx, `update text_outbox set state = ?, provider = ?, cost = 750, error = ?, sent_at = ? where id = ?`, row.state, row.provider, row.err, db.FormatTime(now), id)
	}
	b := body(t, e.as("lanhdao").get("/quan-ly/tin-nhan"))
	failed, cost := strings.Index(b, "Template ID invalid"), strings.Index(b, "1.500 đ")
	if failed < 0 || cost < 0 || failed > cost || !strings.Contains(b, "0987 *** 333") || strings.Contains(b, "0987000333") ||
		!strings.Contains(b, "Đang chờ gửi: <strong>1</strong>") {
		t.Errorf("texts page:\n%s", b)
	}
}
