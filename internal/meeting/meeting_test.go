package meeting_test

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-ical"

	"github.com/cchc-vn/cchc/internal/account"
	"github.com/cchc-vn/cchc/internal/activity"
	"github.com/cchc-vn/cchc/internal/audit"
	"github.com/cchc-vn/cchc/internal/check"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/db/dbtest"
	"github.com/cchc-vn/cchc/internal/docx/docxtest"
	"github.com/cchc-vn/cchc/internal/feedback"
	"github.com/cchc-vn/cchc/internal/filestore"
	"github.com/cchc-vn/cchc/internal/meeting"
	"github.com/cchc-vn/cchc/internal/plan"
	"github.com/cchc-vn/cchc/internal/seed"
	"github.com/cchc-vn/cchc/internal/vn"
	"github.com/cchc-vn/cchc/internal/ward"
)

func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, vn.Zone)
	if err != nil {
		panic(err)
	}
	return t
}

type fixture struct {
	t                     *testing.T
	d                     *db.DB
	ctx                   context.Context
	ward                  *ward.Ward
	plan                  *plan.Plan
	units                 []*ward.Unit
	themes                map[string]string
	kp1, kp2, office      *ward.Unit
	files                 *filestore.Local
	desk                  *feedback.Desk
	lead, officer, kp, mt *account.User
	other                 *account.User // the head of another khu phố
}

func newFixture(t *testing.T, d *db.DB) *fixture {
	ctx := context.Background()
	if _, err := seed.Load(ctx, d); err != nil {
		t.Fatal(err)
	}
	w, _ := ward.ByCode(ctx, d, "27427")
	p, err := plan.Current(ctx, d, w.ID)
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filestore.NewLocal(t.TempDir())
	f := &fixture{t: t, d: d, ctx: ctx, ward: w, plan: p, themes: map[string]string{}, files: files}
	for _, th := range p.Themes {
		f.themes[th.Code] = th.Title
	}
	f.units, _ = ward.Units(ctx, d, w.ID)
	var lead, front int64
	for _, u := range f.units {
		switch {
		case u.Name == "Khu phố 1":
			f.kp1 = u
		case u.Name == "Khu phố 2":
			f.kp2 = u
		case u.Code == "vh-xh":
			lead = u.ID
		case u.Code == "ubmttq":
			front = u.ID
		case u.Kind == ward.KindOffice:
			f.office = u
		}
	}
	mk := func(name string, role account.Role, unit int64) *account.User {
		u, err := account.Create(ctx, d, w.ID, account.NewUser{Username: name, FullName: name, Role: role, UnitID: unit, Password: "mat-khau-du-dai"})
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	f.lead = mk("vhxh", account.RoleLeadOfficer, lead)
	f.officer = mk("vanphong", account.RoleUnitOfficer, f.office.ID)
	f.kp = mk("kp01", account.RoleKhuPhoHead, f.kp1.ID)
	f.other = mk("kp02", account.RoleKhuPhoHead, f.kp2.ID)
	f.mt = mk("mttq", account.RoleSupervisor, front)
	if f.desk, err = feedback.LoadDesk(ctx, d, w.ID); err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *fixture) actor(u *account.User) audit.Actor {
	return audit.Actor{WardID: f.ward.ID, UserID: u.ID, Username: u.Username}
}

// input is a residents' meeting in Khu phố 1 on the evening of 10/10/2025.
func (f *fixture) input() meeting.Input {
	return meeting.Input{Kind: "hop-dan", Title: "Họp dân quý IV năm 2025", OrganiserID: f.kp1.ID, KhuPhoID: f.kp1.ID,
		Venue: "Nhà văn hóa khu phố 1", Date: "10/10/2025", Starts: "19:30", Ends: "21h", Invited: "Đại diện các hộ gia đình", Expected: "60", Public: true,
		Agenda: []meeting.Item{{Body: "Hướng dẫn nộp hồ sơ trực tuyến trên Cổng dịch vụ công quốc gia", Themes: []string{"2"}, ProcedureCode: "1.001612"},
			{Body: "Giới thiệu ứng dụng VNeID", Themes: []string{"3", "2"}}, {}}}
}

func (f *fixture) minutes(people string) meeting.Minutes {
	return meeting.Minutes{Present: map[string]string{"nguoi-dan": people, "can-bo": "3"}, Number: "05/BB-KP1", Chair: "Nguyễn Văn An – Trưởng khu phố",
		Secretary: "Trần Thị Bình", Participants: "Đại diện Ủy ban nhân dân phường, Ban điều hành khu phố và người dân",
		Content:    "Cán bộ Trung tâm Phục vụ hành chính công hướng dẫn từng bước nộp hồ sơ trực tuyến.\nNgười dân thực hành trên điện thoại.",
		Conclusion: "Các hộ gia đình tìm hiểu và sử dụng dịch vụ công trực tuyến.", Cost: "500.000"}
}

// meetings reads the plan's channel of meetings for October 2025.
func (f *fixture) meetings() activity.Figure {
	st, err := activity.Summarise(f.ctx, f.d, f.plan, f.units, activity.MonthRange("2025-10", "2025-10"))
	if err != nil {
		f.t.Fatal(err)
	}
	for _, c := range st.ByChannel {
		if c.Key == "hoi-nghi" {
			return c
		}
	}
	f.t.Fatal("no channel of meetings in the plan")
	return activity.Figure{}
}

func (f *fixture) count(table string) int {
	var n int
	if err := f.d.QueryRow(f.ctx, `select count(*) from `+table).Scan(&n); err != nil {
		f.t.Fatal(err)
	}
	return n
}

func photo(t *testing.T) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 64, 48))
	for x := range 64 {
		img.Set(x, x%48, color.RGBA{30, 30, 200, 255})
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func opinion(title, text string) feedback.Input {
	return feedback.Input{Category: "thu_tuc", Title: title, Description: text, Name: "Lê Văn Cường", Phone: "0903123456", Consent: true}
}

// A khu phố head schedules a residents' meeting, records two residents'
// opinions (which become feedback items) and the attendance, and closes
// it: it counts once on the plan's channel of meetings, with the
// attendance as people reached, the agenda's themes and the khu phố as
// place; closing it again corrects that activity in place.
func TestMeetingClosesOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		before := at("2025-10-08 09:00")
		m, err := meeting.Save(f.ctx, d, f.kp, f.actor(f.kp), 0, f.input(), f.themes, before)
		if err != nil {
			t.Fatal(err)
		}
		if m.Status != meeting.Scheduled || len(m.Agenda) != 2 || strings.Join(m.Themes(), ",") != "2,3" || m.Expected != 60 ||
			m.When() != "19:30–21:00 ngày 10/10/2025" || m.Place() != "Nhà văn hóa khu phố 1, Khu phố 1" {
			t.Fatalf("scheduled: %+v", m)
		}
		cal, err := meeting.List(f.ctx, d, f.ward.ID, meeting.Filter{From: "2025-10-01", To: "2025-10-31", Unit: f.kp1.ID})
		if err != nil || len(cal) != 1 || cal[0].ID != m.ID {
			t.Fatalf("khu phố 1's calendar: %v %v", cal, err)
		}
		if cal, _ := meeting.List(f.ctx, d, f.ward.ID, meeting.Filter{Unit: f.kp2.ID}); len(cal) != 0 {
			t.Fatalf("khu phố 2's calendar shows khu phố 1's meeting")
		}
		var ce check.Errors
		if _, err := meeting.Close(f.ctx, d, f.files, f.kp, f.actor(f.kp), m.ID, f.minutes("40"), before); !errors.As(err, &ce) || ce["attendance"] == "" {
			t.Fatalf("closed before it began: %v", err)
		}
		if _, err := meeting.Opinion(f.ctx, d, f.files, f.desk, f.kp, m.ID, opinion("Hỏi", "Hỏi trước giờ họp"), nil, before); !errors.As(err, &ce) {
			t.Fatalf("an opinion before it began: %v", err)
		}
		during := at("2025-10-10 20:15")
		for _, o := range [][2]string{{"Đề nghị hướng dẫn cấp lại căn cước", "Người cao tuổi khó tự thao tác trên điện thoại, đề nghị có người hướng dẫn tại khu phố."},
			{"Thời gian chờ tại bộ phận một cửa", "Buổi sáng thứ Hai phải chờ lâu, đề nghị bố trí thêm quầy."}} {
			it, err := meeting.Opinion(f.ctx, d, f.files, f.desk, f.kp, m.ID, opinion(o[0], o[1]), [][]byte{photo(t)}, during)
			if err != nil {
				t.Fatal(err)
			}
			if it.MeetingID != m.ID || it.Channel != feedback.ChannelOfficer || it.RecordedBy != f.kp.ID || it.KhuPhoID != f.kp1.ID || it.Status != feedback.Received {
				t.Fatalf("opinion as feedback: %+v", it)
			}
		}
		if ops, err := feedback.OfMeeting(f.ctx, d, f.ward.ID, m.ID); err != nil || len(ops) != 2 {
			t.Fatalf("the meeting's opinions: %d %v", len(ops), err)
		}
		if _, err := meeting.Close(f.ctx, d, f.files, f.other, f.actor(f.other), m.ID, f.minutes("40"), during); !errors.Is(err, meeting.ErrForbidden) {
			t.Fatalf("another khu phố's head closed it: %v", err)
		}
		after := at("2025-10-10 21:30")
		in := f.minutes("40")
		in.Photos = [][]byte{photo(t)}
		in.Sheet = [][]byte{photo(t)}
		closed, err := meeting.Close(f.ctx, d, f.files, f.kp, f.actor(f.kp), m.ID, in, after)
		if err != nil {
			t.Fatal(err)
		}
		if closed.Status != meeting.Closed || closed.Attendance != 43 || closed.Present["nguoi-dan"] != 40 || closed.ActivityID == 0 ||
			len(closed.Photos) != 2 || !closed.Photos[1].Sheet || closed.Photos[0].Sheet || closed.Cost != 500_000 {
			t.Fatalf("closed: %+v", closed)
		}
		a, err := activity.Get(f.ctx, d, f.ward.ID, closed.ActivityID)
		if err != nil {
			t.Fatal(err)
		}
		if a.ChannelCode != "hoi-nghi" || a.People != 43 || a.PlaceUnitID != f.kp1.ID || a.UnitID != f.kp1.ID || a.HeldOn != "2025-10-10" ||
			strings.Join(a.Themes, ",") != "2,3" || a.Cost != 500_000 || a.Quantity != 1 {
			t.Fatalf("activity: %+v", a)
		}
		if got := f.meetings(); got.Activities != 1 || got.People != 43 {
			t.Fatalf("channel of meetings: %+v", got)
		}
		// Corrected: the same activity, the new attendance.
		again, err := meeting.Close(f.ctx, d, f.files, f.kp, f.actor(f.kp), m.ID, f.minutes("50"), after.Add(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if again.ActivityID != closed.ActivityID || again.Attendance != 53 || len(again.Photos) != 2 || !again.ClosedAt.Equal(closed.ClosedAt) {
			t.Fatalf("corrected: %+v", again)
		}
		if got := f.meetings(); got.Activities != 1 || got.People != 53 {
			t.Fatalf("channel of meetings after the correction: %+v", got)
		}
		// A corrected agenda corrects the themes counted.
		sched := f.input()
		sched.Agenda = sched.Agenda[:1]
		if _, err := meeting.Save(f.ctx, d, f.kp, f.actor(f.kp), m.ID, sched, f.themes, after); err != nil {
			t.Fatal(err)
		}
		if a, _ := activity.Get(f.ctx, d, f.ward.ID, closed.ActivityID); strings.Join(a.Themes, ",") != "2" || a.People != 53 {
			t.Fatalf("activity after the agenda's correction: %+v", a)
		}
		if err := meeting.Cancel(f.ctx, d, f.kp, f.actor(f.kp), m.ID, "Trời mưa", after); !errors.As(err, &ce) {
			t.Fatalf("a held meeting cancelled: %v", err)
		}
		// The Front comments on the minutes; a unit's officer may not.
		if err := meeting.AddComment(f.ctx, d, f.officer, f.actor(f.officer), m.ID, "Đề nghị ghi rõ thời hạn trả lời ý kiến.", after); !errors.Is(err, meeting.ErrForbidden) {
			t.Fatalf("an officer commented: %v", err)
		}
		if err := meeting.AddComment(f.ctx, d, f.mt, f.actor(f.mt), m.ID, "Đề nghị ghi rõ thời hạn trả lời ý kiến.", after); err != nil {
			t.Fatal(err)
		}
		got, _ := meeting.Get(f.ctx, d, f.ward.ID, m.ID)
		if len(got.Comments) != 1 || got.Comments[0].Author != "mttq" {
			t.Fatalf("comments: %+v", got.Comments)
		}
	})
}

// Bad input gets a message on its field and nothing is written.
func TestSaveRefusesBadInput(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		now := at("2025-10-08 09:00")
		cases := []struct {
			name, field string
			change      func(*meeting.Input)
		}{
			{"unknown kind", "kind", func(in *meeting.Input) { in.Kind = "tiec" }},
			{"no title", "title", func(in *meeting.Input) { in.Title = " " }},
			{"no place", "venue", func(in *meeting.Input) { in.Venue, in.KhuPhoID = "", 0 }},
			{"a unit for a khu phố", "khu_pho_id", func(in *meeting.Input) { in.KhuPhoID = f.office.ID }},
			{"a date in words", "date", func(in *meeting.Input) { in.Date = "mười tháng mười" }},
			{"a start hour of 25", "starts", func(in *meeting.Input) { in.Starts = "25:00" }},
			{"ends before it starts", "ends", func(in *meeting.Input) { in.Ends = "18:00" }},
			{"expected in words", "expected", func(in *meeting.Input) { in.Expected = "nhiều" }},
			{"no agenda", "agenda_1", func(in *meeting.Input) { in.Agenda = nil }},
			{"an agenda without the plan's themes", "agenda_1", func(in *meeting.Input) {
				in.Agenda = []meeting.Item{{Body: "Văn nghệ", Themes: []string{"99"}}}
			}},
			{"a theme without words", "agenda_2", func(in *meeting.Input) { in.Agenda[1].Body = "" }},
		}
		for _, c := range cases {
			in := f.input()
			c.change(&in)
			var ce check.Errors
			if _, err := meeting.Save(f.ctx, d, f.kp, f.actor(f.kp), 0, in, f.themes, now); !errors.As(err, &ce) || ce[c.field] == "" {
				t.Errorf("%s: want a message on %s, got %v", c.name, c.field, err)
			}
		}
		in := f.input()
		in.OrganiserID, in.KhuPhoID = f.office.ID, f.kp2.ID
		var ce check.Errors
		if _, err := meeting.Save(f.ctx, d, f.kp, f.actor(f.kp), 0, in, f.themes, now); !errors.As(err, &ce) || ce["organiser_id"] == "" {
			t.Errorf("a khu phố head scheduled another unit's meeting elsewhere: %v", err)
		}
		if n := f.count("meetings") + f.count("meeting_agenda"); n != 0 {
			t.Fatalf("refused input left %d rows", n)
		}
		m, err := meeting.Save(f.ctx, d, f.kp, f.actor(f.kp), 0, f.input(), f.themes, now)
		if err != nil {
			t.Fatal(err)
		}
		bad := f.minutes("bốn mươi")
		bad.Chair = ""
		if _, err := meeting.Close(f.ctx, d, f.files, f.kp, f.actor(f.kp), m.ID, bad, at("2025-10-11 08:00")); !errors.As(err, &ce) || ce["present_nguoi-dan"] == "" || ce["chair"] == "" {
			t.Fatalf("bad minutes: %v", err)
		}
		bad = f.minutes("40")
		bad.Photos = [][]byte{[]byte("<html>không phải ảnh</html>")}
		if _, err := meeting.Close(f.ctx, d, f.files, f.kp, f.actor(f.kp), m.ID, bad, at("2025-10-11 08:00")); !errors.As(err, &ce) || ce["photos"] == "" {
			t.Fatalf("a page as a photo: %v", err)
		}
		got, _ := meeting.Get(f.ctx, d, f.ward.ID, m.ID)
		if got.Status != meeting.Scheduled || f.count("meeting_attendance")+f.count("meeting_photos")+f.count("activities") != 0 {
			t.Fatalf("refused minutes left something: %+v", got)
		}
		if err := meeting.Cancel(f.ctx, d, f.kp, f.actor(f.kp), m.ID, "", now); !errors.As(err, &ce) || ce["cancel_reason"] == "" {
			t.Fatalf("cancelled without a reason: %v", err)
		}
		if err := meeting.Cancel(f.ctx, d, f.kp, f.actor(f.kp), m.ID, "Trùng lịch tiêm chủng", now); err != nil {
			t.Fatal(err)
		}
		if _, err := meeting.Close(f.ctx, d, f.files, f.kp, f.actor(f.kp), m.ID, f.minutes("40"), at("2025-10-11 08:00")); !errors.As(err, &ce) {
			t.Fatalf("a cancelled meeting closed: %v", err)
		}
	})
}

// The minutes open in LibreOffice in the layout of a biên bản: the
// national header under the ward, the time, place, chair and secretary,
// the opinions in residents' words (never their names), both signatures.
func TestMinutesOpenInLibreOffice(t *testing.T) {
	d := dbtest.Open(t, db.SQLite)
	f := newFixture(t, d)
	m, err := meeting.Save(f.ctx, d, f.kp, f.actor(f.kp), 0, f.input(), f.themes, at("2025-10-08 09:00"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := meeting.Opinion(f.ctx, d, f.files, f.desk, f.kp, m.ID, opinion("Thời gian chờ tại một cửa", "Đề nghị bố trí thêm quầy."), nil, at("2025-10-10 20:00")); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := meeting.WriteMinutes(f.ctx, d, &buf, f.kp, m.ID); !errors.Is(err, db.ErrNotFound) {
		t.Fatalf("minutes of a meeting not held: %v", err)
	}
	if _, err := meeting.Close(f.ctx, d, f.files, f.kp, f.actor(f.kp), m.ID, f.minutes("40"), at("2025-10-10 21:30")); err != nil {
		t.Fatal(err)
	}
	if err := meeting.WriteMinutes(f.ctx, d, &buf, f.kp, m.ID); err != nil {
		t.Fatal(err)
	}
	s, _ := docxtest.PDFText(t, "bien-ban", buf.Bytes())
	for _, want := range []string{"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "UBND PHƯỜNG PHÚ ĐỊNH", "KHU PHỐ 1",
		"Số: 05/BB-KP1", "Phú Định, ngày 10 tháng 10 năm 2025", "BIÊN BẢN", "Họp dân họp dân quý IV năm 2025",
		"Thời gian bắt đầu: 19 giờ 30 phút, ngày 10 tháng 10 năm 2025", "Địa điểm: Nhà văn hóa khu phố 1, Khu phố 1",
		"Tổng số người tham dự: 43 (người dân 40, cán bộ, công chức 3)", "Chủ trì: Nguyễn Văn An", "Thư ký (người ghi biên bản): Trần Thị Bình",
		"1. Hướng dẫn nộp hồ sơ trực tuyến", "Đề nghị bố trí thêm quầy.", "Kết luận của chủ trì", "kết thúc vào 21 giờ 00 phút", "THƯ KÝ", "CHỦ TRÌ"} {
		if !strings.Contains(strings.Join(strings.Fields(s), " "), want) {
			t.Errorf("the PDF lacks %q", want)
		}
	}
	if strings.Contains(s, "Lê Văn Cường") || strings.Contains(s, "0903123456") {
		t.Error("the minutes name the resident")
	}
}

// The feed is valid iCalendar: it parses back with its events, times,
// Vietnamese text and a cancelled meeting marked so; lines end in CRLF and
// are folded at 75 octets.
func TestICSRoundTrip(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		now := at("2025-10-08 09:00")
		a, err := meeting.Save(f.ctx, d, f.kp, f.actor(f.kp), 0, f.input(), f.themes, now)
		if err != nil {
			t.Fatal(err)
		}
		in := f.input()
		in.Title, in.Date = "Đối thoại về thủ tục đất đai; hộ kinh doanh, và \"một cửa\"", "12/10/2025"
		b, err := meeting.Save(f.ctx, d, f.kp, f.actor(f.kp), 0, in, f.themes, now)
		if err != nil {
			t.Fatal(err)
		}
		if err := meeting.Cancel(f.ctx, d, f.kp, f.actor(f.kp), b.ID, "Trùng lịch", now); err != nil {
			t.Fatal(err)
		}
		ms, _ := meeting.List(f.ctx, d, f.ward.ID, meeting.Filter{Unit: f.kp1.ID})
		var buf bytes.Buffer
		if err := meeting.WriteICS(&buf, meeting.Feed{Name: "Lịch họp – Khu phố 1", Host: "phudinh.example", Origin: "https://phudinh.example",
			Link: func(m *meeting.Meeting) string { return "/lich-hop#h" }}, ms, now); err != nil {
			t.Fatal(err)
		}
		raw := buf.String()
		for i, line := range strings.Split(strings.TrimSuffix(raw, "\r\n"), "\r\n") {
			if len(line) > 75 || strings.Contains(line, "\n") {
				t.Fatalf("line %d is %d octets or has a bare LF: %q", i+1, len(line), line)
			}
		}
		cal, err := ical.NewDecoder(strings.NewReader(raw)).Decode()
		if err != nil {
			t.Fatal(err)
		}
		if name, _ := cal.Props.Text("X-WR-CALNAME"); name != "Lịch họp – Khu phố 1" {
			t.Errorf("calendar name %q", name)
		}
		evs := cal.Events()
		if len(evs) != 2 {
			t.Fatalf("%d events", len(evs))
		}
		for i, m := range []*meeting.Meeting{a, b} {
			ev := evs[i]
			uid, _ := ev.Props.Text(ical.PropUID)
			start, err := ev.DateTimeStart(vn.Zone)
			end, _ := ev.DateTimeEnd(vn.Zone)
			summary, _ := ev.Props.Text(ical.PropSummary)
			status, _ := ev.Props.Text(ical.PropStatus)
			if err != nil || !start.Equal(m.StartsAt) || !end.Equal(m.EndsAt) || !strings.HasPrefix(uid, "hop-") || summary != meeting.KindName(m.Kind)+": "+m.Title {
				t.Errorf("event %d: uid %q start %v end %v summary %q (%v)", i, uid, start, end, summary, err)
			}
			want := "CONFIRMED"
			if i == 1 {
				want = "CANCELLED"
			}
			if status != want {
				t.Errorf("event %d status %q, want %q", i, status, want)
			}
		}
		desc, _ := evs[0].Props.Text(ical.PropDescription)
		if !strings.Contains(desc, "1. Hướng dẫn nộp hồ sơ trực tuyến") || !strings.Contains(desc, "\n2. Giới thiệu ứng dụng VNeID") {
			t.Errorf("description %q", desc)
		}
	})
}

// A unit's calendar address is stable until replaced; the old one stops.
func TestFeedToken(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		t1, err := meeting.FeedToken(f.ctx, d, f.ward.ID, f.kp1.ID)
		if err != nil || len(t1) < 30 {
			t.Fatalf("token %q %v", t1, err)
		}
		if again, _ := meeting.FeedToken(f.ctx, d, f.ward.ID, f.kp1.ID); again != t1 {
			t.Fatalf("a second call changed the address")
		}
		if u, err := meeting.FeedUnit(f.ctx, d, f.ward.ID, t1); err != nil || u != f.kp1.ID {
			t.Fatalf("feed unit %d %v", u, err)
		}
		t2, err := meeting.NewFeedToken(f.ctx, d, f.ward.ID, f.kp1.ID)
		if err != nil || t2 == t1 {
			t.Fatalf("new token %q %v", t2, err)
		}
		if _, err := meeting.FeedUnit(f.ctx, d, f.ward.ID, t1); !errors.Is(err, db.ErrNotFound) {
			t.Fatalf("the old address still works: %v", err)
		}
	})
}
