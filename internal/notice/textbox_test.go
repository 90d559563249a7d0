package notice

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/db/dbtest"
	"github.com/cchc-vn/cchc/internal/notice/noticetest"
	"github.com/cchc-vn/cchc/internal/seed"
	"github.com/cchc-vn/cchc/internal/vn"
	"github.com/cchc-vn/cchc/internal/ward"
)

func TestQuiet(t *testing.T) {
	for hhmm, want := range map[string]bool{"06:59": true, "07:00": false, "12:00": false, "20:59": false, "21:00": true, "23:30": true, "00:10": true} {
		at, _ := time.ParseInLocation("2006-01-02 15:04", "2026-12-04 "+hhmm, vn.Zone)
		if Quiet(at) != want {
			t.Errorf("Quiet(%s) = %v", hhmm, !want)
		}
	}
	for in, want := range map[string]string{"2026-12-04 22:30": "2026-12-05 07:00", "2026-12-05 06:10": "2026-12-05 07:00"} {
		at, _ := time.ParseInLocation("2006-01-02 15:04", in, vn.Zone)
		if got := morning(at).Format("2006-01-02 15:04"); got != want {
			t.Errorf("morning(%s) = %s, want %s", in, got, want)
		}
	}
}

// TestTextOutbox: a notice queued at 22:30 waits for 07:00, a one-time code
// goes at once; a number without Zalo goes by SMS, counted at the SMS
// price for its ward; a quota used up is retried later and given up after
// the last wait; a template refused is given up at once, with Zalo's words.
func TestTextOutbox(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if _, err := seed.Load(ctx, d); err != nil {
			t.Fatal(err)
		}
		w, _ := ward.ByCode(ctx, d, "27427")
		zalo := &noticetest.Zalo{Refresh: "r0", Access: "fixed", Answer: map[string]string{
			"84987000111": `{"error": -118, "message": "Zalo account not existed"}`,
			"84987000222": `{"error": -115, "message": "Out of quota"}`,
			"84987000333": `{"error": -109, "message": "Template ID invalid"}`,
		}}
		zs := httptest.NewServer(zalo)
		defer zs.Close()
		sms := &noticetest.ESMS{}
		ss := httptest.NewServer(sms)
		defer ss.Close()
		tx, err := ParseTexter("zns://?access_token=fixed&otp=7895417&endpoint="+zs.URL+" | esms://?api_key=k&secret_key=s&brandname=UBNDPHUDINH&endpoint="+ss.URL, nil)
		if err != nil {
			t.Fatal(err)
		}
		tx.(Chain)[0].(*ZNS).Templates["phan-anh"] = "8012345"
		prices := Prices{"zns": 300, "esms": 750}
		origin := func(int64) string { return "https://phudinh.example" }
		at := func(s string) time.Time {
			v, _ := time.ParseInLocation("2006-01-02 15:04", s, vn.Zone)
			return v
		}
		answer := Text{Template: "phan-anh", Body: "Phản ánh PA-7KQ4-M2XT đã có trả lời.", Params: map[string]string{"code": "PA-7KQ4-M2XT"}}
		queue := func(phone, purpose string, when time.Time) {
			t := answer
			t.Phone = phone
			if _, err := QueueText(ctx, d, w.ID, purpose, t, when); err != nil {
				panic(err)
			}
		}
		queue("0912345678", PurposeNotice, at("2026-12-04 22:30"))
		queue("0912000111", PurposeCode, at("2026-12-04 22:30"))
		queue("0987000111", PurposeNotice, at("2026-12-04 22:31"))
		queue("0987000222", PurposeNotice, at("2026-12-04 22:32"))
		queue("0987000333", PurposeNotice, at("2026-12-04 22:33"))
		if n, err := DeliverTexts(ctx, d, tx, prices, origin, at("2026-12-04 23:00"), 50); err != nil || n != 1 || len(zalo.Sent) != 1 || zalo.Sent[0]["phone"] != "84912000111" {
			t.Fatalf("at 23:00: %d sent, %v, %v", n, err, zalo.Sent)
		}
		if n, err := DeliverTexts(ctx, d, tx, prices, origin, at("2026-12-05 07:00"), 50); err != nil || n != 2 || len(sms.Sent) != 1 || sms.Sent[0]["Phone"] != "0987000111" {
			t.Fatalf("at 07:00: %d sent, %v, sms %v", n, err, sms.Sent)
		}
		state := func(phone string) (s string, tries int, next time.Time, msg string) {
			d.QueryRow(ctx, `select state, tries, next_at, error from text_outbox where phone = ?`, phone).Scan(&s, &tries, db.Time(&next), &msg)
			return
		}
		if s, _, _, msg := state("0987000333"); s != TextFailed || msg != "zns: -109 Template ID invalid" {
			t.Errorf("a template refused: %s %q", s, msg)
		}
		s, tries, next, _ := state("0987000222")
		if s != TextPending || tries != 1 || !next.Equal(at("2026-12-05 07:01")) {
			t.Errorf("out of quota: %s, %d tries, next %v", s, tries, next)
		}
		clock := at("2026-12-05 07:01")
		for range 10 {
			DeliverTexts(ctx, d, tx, prices, origin, clock, 50)
			_, _, clock, _ = state("0987000222")
			clock = clock.Add(time.Second)
		}
		if s, tries, _, _ := state("0987000222"); s != TextFailed || tries != len(textBackoff)+1 {
			t.Errorf("out of quota in the end: %s after %d tries", s, tries)
		}
		costs, err := TextCosts(ctx, d, at("2026-12-04 00:00"), at("2026-12-06 00:00"))
		want := map[string]TextCost{"zns": {WardID: w.ID, Provider: "zns", Messages: 2, Cost: 600}, "esms": {WardID: w.ID, Provider: "esms", Messages: 1, Cost: 750}}
		if err != nil || len(costs) != 2 || costs[0] != want[costs[0].Provider] || costs[1] != want[costs[1].Provider] {
			t.Fatalf("costs: %+v %v", costs, err)
		}
	})
}

// TestTextViaAndLink: a text held to SMS skips Zalo though the number has
// it; a text Zalo has no template for goes by SMS; a link is sent as a full
// address, in the SMS body and as a ZNS parameter; a cancelled text is not
// sent at all.
func TestTextViaAndLink(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if _, err := seed.Load(ctx, d); err != nil {
			t.Fatal(err)
		}
		w, _ := ward.ByCode(ctx, d, "27427")
		zalo := &noticetest.Zalo{Access: "fixed"}
		zs := httptest.NewServer(zalo)
		defer zs.Close()
		sms := &noticetest.ESMS{}
		ss := httptest.NewServer(sms)
		defer ss.Close()
		tx, err := ParseTexter("zns://?access_token=fixed&otp=1&feedback=8012345&endpoint="+zs.URL+" | esms://?api_key=k&secret_key=s&brandname=UBNDPHUDINH&endpoint="+ss.URL, nil)
		if err != nil {
			t.Fatal(err)
		}
		noon, _ := time.ParseInLocation("2006-01-02 15:04", "2026-12-04 12:00", vn.Zone)
		queue := func(t Text) {
			if _, err := QueueText(ctx, d, w.ID, PurposeNotice, t, noon); err != nil {
				panic(err)
			}
		}
		link := "/phan-anh/tra-cuu?ma=PA-7KQ4-M2XT"
		queue(Text{Phone: "0912000001", Template: "feedback", Body: "Phan anh PA-7KQ4-M2XT: da tra loi. Tra cuu:", Params: map[string]string{"code": "PA-7KQ4-M2XT"}, Link: link})
		queue(Text{Phone: "0912000002", Template: "feedback", Body: "Phan anh PA-7KQ4-M2XT: da tra loi. Tra cuu:", Via: ViaSMS, Link: link})
		queue(Text{Phone: "0912000003", Template: "unknown", Body: "Thong bao."})
		queue(Text{Phone: "0912000004", Template: "feedback", Body: "Khong gui.", Link: "/phan-anh/tra-cuu?ma=PA-2222-3333"})
		if n, err := Cancel(ctx, d, w.ID, "/phan-anh/tra-cuu?ma=PA-2222-3333"); err != nil || n != 1 {
			t.Fatalf("cancel: %d, %v", n, err)
		}
		origin := func(int64) string { return "https://phudinh.example" }
		if n, err := DeliverTexts(ctx, d, tx, Prices{}, origin, noon, 50); err != nil || n != 3 {
			t.Fatalf("%d sent, %v", n, err)
		}
		full := "https://phudinh.example" + link
		if len(zalo.Sent) != 1 || zalo.Sent[0]["phone"] != "84912000001" || zalo.Sent[0]["template_id"] != "8012345" {
			t.Fatalf("zalo got %v", zalo.Sent)
		}
		if p := zalo.Sent[0]["template_data"].(map[string]any); p["code"] != "PA-7KQ4-M2XT" || p["link"] != full {
			t.Errorf("template data %v", p)
		}
		got := map[string]string{}
		for _, m := range sms.Sent {
			got[m["Phone"]] = m["Content"]
		}
		if len(got) != 2 || got["0912000002"] != "Phan anh PA-7KQ4-M2XT: da tra loi. Tra cuu: "+full || got["0912000003"] != "Thong bao." {
			t.Errorf("sms got %v", got)
		}
	})
}
