package notice_test

import (
	"context"
	"mime"
	"strings"
	"testing"

	"github.com/cchc-vn/cchc/internal/account"
	"github.com/cchc-vn/cchc/internal/audit"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/db/dbtest"
	"github.com/cchc-vn/cchc/internal/notice"
	"github.com/cchc-vn/cchc/internal/notice/noticetest"
	"github.com/cchc-vn/cchc/internal/seed"
	"github.com/cchc-vn/cchc/internal/ward"
)

func TestNoticesAndMail(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		seed.Load(ctx, d)
		w, _ := ward.ByCode(ctx, d, "27427")
		ca, _ := ward.UnitByCode(ctx, d, w.ID, "cong-an")
		a, _ := account.Create(ctx, d, w.ID, account.NewUser{Username: "congan", FullName: "Phạm Đức Thắng", Email: "congan@phudinh.example", Role: account.RoleUnitOfficer, UnitID: ca.ID, Password: "mat-khau-du-dai"})
		b, _ := account.Create(ctx, d, w.ID, account.NewUser{Username: "congan2", FullName: "Không có thư", Role: account.RoleUnitOfficer, UnitID: ca.ID, Password: "mat-khau-du-dai"})
		users, err := account.UnitMembers(ctx, d, w.ID, ca.ID)
		if err != nil || len(users) != 2 {
			t.Fatalf("unit users %v %v", users, err)
		}
		n := notice.New{Kind: notice.KindReportDue, Subject: "Báo cáo tháng 11/2025 sắp đến hạn", Body: "Hạn nộp: 05/12/2025.", Link: "/quan-ly/bao-cao-don-vi", Dedupe: "report:1:2025-11:soon"}
		for i := 0; i < 2; i++ { // the second run finds the dedupe key and writes nothing
			k, err := notice.Add(ctx, d, w.ID, users, n)
			if err != nil || k != 2-2*i {
				t.Fatalf("run %d wrote %d (%v)", i, k, err)
			}
		}
		if c, _ := notice.Unread(ctx, d, a.ID); c != 1 {
			t.Errorf("unread = %d", c)
		}
		sink := noticetest.Start(t)
		m, err := notice.ParseSMTP(sink.URL())
		if err != nil {
			t.Fatal(err)
		}
		base := func(int64) string { return "https://phudinh.example" }
		sent, err := notice.Deliver(ctx, d, m, base, 10)
		if err != nil || sent != 1 {
			t.Fatalf("sent %d, %v", sent, err)
		}
		msgs := sink.Messages()
		if len(msgs) != 1 || msgs[0].To[0] != "congan@phudinh.example" || msgs[0].From != "vhxh@phudinh.example" {
			t.Fatalf("received %+v", msgs)
		}
		var subject string
		for _, line := range strings.Split(msgs[0].Data, "\r\n") {
			if s, ok := strings.CutPrefix(line, "Subject: "); ok {
				subject, _ = new(mime.WordDecoder).DecodeHeader(s)
			}
		}
		if subject != n.Subject || !strings.Contains(msgs[0].Data, "https://phudinh.example/quan-ly/bao-cao-don-vi") || !strings.Contains(msgs[0].Data, "Hạn nộp: 05/12/2025.") {
			t.Errorf("mail: subject %q\n%s", subject, msgs[0].Data)
		}
		if sent, _ := notice.Deliver(ctx, d, m, base, 10); sent != 0 {
			t.Error("a sent mail was sent again")
		}

		// A resident's mail goes through the same delivery.
		if err := notice.QueueMail(ctx, d, w.ID, "dan@example.vn", "Phản ánh PA-7KQ4-M2XT đã được trả lời", "Nội dung trả lời.", "/phan-anh/tra-cuu?ma=PA-7KQ4-M2XT"); err != nil {
			t.Fatal(err)
		}
		if sent, err := notice.Deliver(ctx, d, m, base, 10); err != nil || sent != 1 {
			t.Fatalf("resident mail: %d %v", sent, err)
		}
		if msgs := sink.Messages(); len(msgs) != 2 || msgs[1].To[0] != "dan@example.vn" || !strings.Contains(msgs[1].Data, "https://phudinh.example/phan-anh/tra-cuu?ma=PA-7KQ4-M2XT") {
			t.Errorf("resident mail received: %+v", msgs)
		}

		// A refusing server: retried, then given up after five tries.
		sink.SetReject(true)
		notice.Add(ctx, d, w.ID, []int64{a.ID}, notice.New{Kind: notice.KindReminder, Subject: "Đôn đốc"})
		for i := 0; i < 6; i++ {
			notice.Deliver(ctx, d, m, base, 10)
		}
		var state string
		var tries int
		d.QueryRow(ctx, `select email_state, email_tries from notices where user_id = ? and kind = ?`, a.ID, notice.KindReminder).Scan(&state, &tries)
		if state != notice.MailFailed || tries != 5 {
			t.Errorf("refused mail: state %s after %d tries", state, tries)
		}
		notice.MarkRead(ctx, d, a.ID, 0)
		if c, _ := notice.Unread(ctx, d, a.ID); c != 0 {
			t.Errorf("unread after marking all: %d", c)
		}
		if c, _ := notice.Unread(ctx, d, b.ID); c != 1 {
			t.Errorf("marking one user's notices touched another's: %d", c)
		}
	})
}

func TestParseSMTP(t *testing.T) {
	for _, tc := range []struct {
		in   string
		ok   bool
		port int
	}{
		{"smtp://u:p@mail.example:2525?from=a@b.example", true, 2525},
		{"smtps://mail.example?from=a@b.example", true, 465},
		{"smtp://mail.example?from=a@b.example", true, 587},
		{"smtp://mail.example", false, 0},
		{"http://mail.example?from=a@b", false, 0},
	} {
		m, err := notice.ParseSMTP(tc.in)
		if (err == nil) != tc.ok || (tc.ok && m.Port != tc.port) {
			t.Errorf("%s: %+v %v", tc.in, m, err)
		}
	}
}

func TestPlainServerRefusedUnlessInsecure(t *testing.T) {
	sink := noticetest.Start(t)
	m, _ := notice.ParseSMTP(strings.Replace(sink.URL(), "&insecure=1", "", 1))
	if err := m.Send(context.Background(), notice.Mail{To: "x@y.example", Subject: "s", Body: "b"}); err == nil || !strings.Contains(err.Error(), "STARTTLS") {
		t.Errorf("sent in plain text without insecure=1: %v", err)
	}
}

// TestRemindersByText: an official who asked for reminders on the phone
// gets what is due there too (once, with the page's path), not every event;
// one who did not, or whose phone is a landline, gets none.
func TestRemindersByText(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		seed.Load(ctx, d)
		w, _ := ward.ByCode(ctx, d, "27427")
		var kp *ward.Unit
		units, _ := ward.Units(ctx, d, w.ID)
		for _, u := range units {
			if kp == nil && u.Kind == ward.KindKhuPho {
				kp = u
			}
		}
		a, _ := account.Create(ctx, d, w.ID, account.NewUser{Username: "kp01", FullName: "Trưởng khu phố", Role: account.RoleKhuPhoHead, UnitID: kp.ID, Password: "mat-khau-du-dai"})
		b, _ := account.Create(ctx, d, w.ID, account.NewUser{Username: "kp01b", FullName: "Phó khu phố", Role: account.RoleKhuPhoHead, UnitID: kp.ID, Password: "mat-khau-du-dai"})
		actor := func(u *account.User) audit.Actor {
			return audit.Actor{WardID: w.ID, UserID: u.ID, Username: u.Username}
		}
		if err := account.SetReminders(ctx, d, b, actor(b), "028 3850 1234", true); err == nil {
			t.Fatal("a landline was taken for texts")
		}
		if err := account.SetReminders(ctx, d, a, actor(a), "", true); err == nil {
			t.Fatal("texts asked for without a phone")
		}
		if err := account.SetReminders(ctx, d, a, actor(a), "0912 111 222", true); err != nil {
			t.Fatal(err)
		}
		if err := account.SetReminders(ctx, d, b, actor(b), "0912 333 444", false); err != nil {
			t.Fatal(err)
		}
		if u, _ := account.ByID(ctx, d, w.ID, a.ID); u.Phone != "0912111222" || !u.ByText {
			t.Fatalf("stored %+v", u)
		}
		due := notice.New{Kind: notice.KindReminder, Subject: "Đôn đốc báo cáo tháng 11/2025", Link: "/quan-ly/bao-cao-don-vi", Dedupe: "remind:1"}
		for range 2 {
			notice.Add(ctx, d, w.ID, []int64{a.ID, b.ID}, due)
		}
		notice.Add(ctx, d, w.ID, []int64{a.ID, b.ID}, notice.New{Kind: notice.KindReportReviewed, Subject: "Báo cáo đã được chấp nhận"})
		rows, _ := d.Query(ctx, `select phone, template, body, link from text_outbox`)
		var got []string
		for rows.Next() {
			var phone, tmpl, body, link string
			rows.Scan(&phone, &tmpl, &body, &link)
			got = append(got, phone+"|"+tmpl+"|"+body+"|"+link)
		}
		rows.Close()
		if len(got) != 1 || got[0] != "0912111222|reminder|Don doc bao cao thang 11/2025.|/quan-ly/bao-cao-don-vi" {
			t.Errorf("texts: %q", got)
		}
	})
}
