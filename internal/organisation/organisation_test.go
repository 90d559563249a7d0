package organisation_test

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cchc-vn/cchc/internal/account"
	"github.com/cchc-vn/cchc/internal/activity"
	"github.com/cchc-vn/cchc/internal/audit"
	"github.com/cchc-vn/cchc/internal/check"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/db/dbtest"
	"github.com/cchc-vn/cchc/internal/notice"
	"github.com/cchc-vn/cchc/internal/organisation"
	"github.com/cchc-vn/cchc/internal/plan"
	"github.com/cchc-vn/cchc/internal/remind"
	"github.com/cchc-vn/cchc/internal/seed"
	"github.com/cchc-vn/cchc/internal/vn"
	"github.com/cchc-vn/cchc/internal/ward"
)

type fixture struct {
	ctx                 context.Context
	d                   *db.DB
	w                   *ward.Ward
	p                   *plan.Plan
	units               map[string]*ward.Unit
	lead, women, office *account.User
	front, leader       *account.User
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
	f := &fixture{ctx: ctx, d: d, w: w, p: p, units: map[string]*ward.Unit{}}
	us, _ := ward.Units(ctx, d, w.ID)
	for _, u := range us {
		f.units[u.Code] = u
	}
	user := func(name string, role account.Role, unit string) *account.User {
		var id int64
		if unit != "" {
			id = f.units[unit].ID
		}
		u, err := account.Create(ctx, d, w.ID, account.NewUser{Username: name, FullName: name, Role: role, UnitID: id, Password: "mat-khau-dai-du-12"})
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	f.lead = user("vhxh", account.RoleLeadOfficer, "vh-xh")
	f.women = user("phunu", account.RoleUnitOfficer, "hoi-phu-nu")
	f.office = user("vanphong", account.RoleUnitOfficer, "vp-hdnd-ubnd")
	f.front = user("mttq", account.RoleSupervisor, "")
	f.leader = user("lanhdao", account.RoleLeader, "")
	return f
}

func (f *fixture) actor(u *account.User) audit.Actor {
	return audit.Actor{WardID: f.w.ID, UserID: u.ID, Username: u.Username}
}

// TestRequestedNotAssigned: Plan 88 requests of the Front, its
// organisations and the khu phố (đề nghị) and assigns the offices (giao);
// the lead unit's reminder to a requested unit is an invitation, worded
// so, not counted among formal reminders; to an assigned one a reminder.
func TestRequestedNotAssigned(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		for code, want := range map[string]bool{"ubmttq": true, "hoi-phu-nu": true, "kp-01": true, "truong-hoc": true, "vh-xh": false, "vp-hdnd-ubnd": false, "cong-an": false} {
			if got := f.p.Requested(f.units[code].ID); got != want {
				t.Errorf("%s requested = %v", code, got)
			}
		}
		if tasks := organisation.Requested(f.p, f.units["hoi-phu-nu"].ID); len(tasks) == 0 {
			t.Fatal("no task requested of the Women's Union")
		}
		if _, err := remind.Send(f.ctx, d, f.lead, f.actor(f.lead), f.p, f.units["hoi-phu-nu"].ID, "", "Kính mời Hội cập nhật kết quả."); err != nil {
			t.Fatal(err)
		}
		if _, err := remind.Send(f.ctx, d, f.lead, f.actor(f.lead), f.p, f.units["vp-hdnd-ubnd"].ID, "", "Đề nghị khẩn trương hoàn thành."); err != nil {
			t.Fatal(err)
		}
		rs, _ := remind.List(f.ctx, d, f.p.ID, 10)
		kinds := map[int64]string{}
		for _, r := range rs {
			kinds[r.UnitID] = r.Kind
		}
		if kinds[f.units["hoi-phu-nu"].ID] != remind.KindInvitation || kinds[f.units["vp-hdnd-ubnd"].ID] != remind.KindReminder {
			t.Fatalf("kinds: %v", kinds)
		}
		ns, _ := notice.List(f.ctx, d, f.women.ID, 5)
		if len(ns) != 1 || ns[0].Subject != "Mời cập nhật kết quả thực hiện "+f.p.Number {
			t.Fatalf("the Women's Union's notice: %+v", ns)
		}
		today := time.Now().In(vn.Zone).Format(time.DateOnly)
		if n, _ := remind.Count(f.ctx, d, f.p.ID, today, today); n != 1 {
			t.Fatalf("%d formal reminders counted, want 1 (the invitation is not one)", n)
		}
		// The July report missing in August: the Union is invited to send it,
		// the office told it is late.
		if _, err := remind.Run(f.ctx, d, time.Date(2025, 8, 10, 9, 0, 0, 0, vn.Zone)); err != nil {
			t.Fatal(err)
		}
		subjects := func(u *account.User) string {
			ns, _ := notice.List(f.ctx, d, u.ID, 20)
			var all []string
			for _, n := range ns {
				all = append(all, n.Subject)
			}
			return strings.Join(all, " | ")
		}
		if w, o := subjects(f.women), subjects(f.office); !strings.Contains(w, "Mời gửi báo cáo Tháng 7/2025") || strings.Contains(w, "Quá hạn") ||
			!strings.Contains(o, "Quá hạn báo cáo Tháng 7/2025") {
			t.Fatalf("late report notices: the Union %q, the office %q", w, o)
		}
	})
}

// TestCoverage: members reached over members by organisation and khu
// phố, against a hand count: the Women's Union has 80 members in Khu phố
// 1 and 40 in Khu phố 2; two mobilising sessions reach 30 and 20 in Khu
// phố 1 (50/80 = 62 %), one reaches 50 in Khu phố 2 (capped at 100 %); a
// session on another channel and one elsewhere do not count; Khu phố 2
// then reads as covered, Khu phố 1 before it.
func TestCoverage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		kp1, kp2, women := f.units["kp-01"], f.units["kp-02"], f.units["hoi-phu-nu"]
		if err := organisation.SetMembers(f.ctx, d, f.office, f.actor(f.office), women.ID, map[int64]string{kp1.ID: "80"}, time.Now()); !errors.Is(err, organisation.ErrForbidden) {
			t.Fatalf("another unit's officer set the members: %v", err)
		}
		err := organisation.SetMembers(f.ctx, d, f.women, f.actor(f.women), women.ID, map[int64]string{kp1.ID: "80", kp2.ID: "bốn mươi"}, time.Now())
		var ce check.Errors
		if !errors.As(err, &ce) || ce["members_"+strconv.FormatInt(kp2.ID, 10)] == "" {
			t.Fatalf("a number in words: %v", err)
		}
		if m, _ := organisation.Members(f.ctx, d, f.w.ID); len(m) != 0 {
			t.Fatal("a refused form wrote members")
		}
		if err := organisation.SetMembers(f.ctx, d, f.women, f.actor(f.women), women.ID, map[int64]string{kp1.ID: "80", kp2.ID: "40"}, time.Now()); err != nil {
			t.Fatal(err)
		}
		day, _ := vn.ParseISODate(f.p.PeriodStart)
		held := vn.Date(day.AddDate(0, 0, 20))
		task := organisation.Requested(f.p, women.ID)[0]
		for _, a := range []struct {
			channel string
			place   int64
			people  string
		}{{"doan-the", kp1.ID, "30"}, {"doan-the", kp1.ID, "20"}, {"doan-the", kp2.ID, "50"}, {"hoi-nghi", kp1.ID, "100"}, {"doan-the", 0, "70"}} {
			in := activity.Input{UnitID: women.ID, TaskID: task.ID, HeldOn: held, ChannelCode: a.channel, Themes: []string{"2"}, PlaceUnitID: a.place,
				Quantity: "1", QuantityUnit: "buổi", People: a.people, Description: "Sinh hoạt chi hội, vận động hội viên nộp hồ sơ trực tuyến"}
			if a.place == 0 {
				in.PlaceName = "Trụ sở Hội"
			}
			if _, err := activity.Record(f.ctx, d, nil, f.women, f.actor(f.women), in, time.Now()); err != nil {
				t.Fatalf("the Women's Union records its mobilising against a requested task: %v", err)
			}
		}
		cv, err := organisation.CoverageOf(f.ctx, d, f.w.ID, activity.Range{From: f.p.PeriodStart, To: f.p.PeriodEnd})
		if err != nil {
			t.Fatal(err)
		}
		col := -1
		for i, o := range cv.Organisations {
			if o.ID == women.ID {
				col = i
			}
		}
		cells := map[int64]organisation.Cell{}
		order := map[int64]int{}
		for i, r := range cv.Rows {
			cells[r.KhuPho.ID] = r.Cells[col]
			order[r.KhuPho.ID] = i
		}
		if c := cells[kp1.ID]; c.Members != 80 || c.Reached != 50 || c.Percent() != 62 {
			t.Errorf("Khu phố 1: %+v %d %%", c, c.Percent())
		}
		if c := cells[kp2.ID]; c.Members != 40 || c.Reached != 50 || c.Percent() != 100 {
			t.Errorf("Khu phố 2: %+v %d %%", c, c.Percent())
		}
		if c := cells[f.units["kp-03"].ID]; c.Members != 0 || c.Percent() != -1 {
			t.Errorf("Khu phố 3 has no members recorded: %+v", c)
		}
		if tot := cv.Totals[col]; tot.Members != 120 || tot.Reached != 100 {
			t.Errorf("the Women's Union in all: %+v", tot)
		}
		if order[kp1.ID] > order[kp2.ID] || order[kp2.ID] > order[f.units["kp-03"].ID] {
			t.Errorf("order: kp1 %d, kp2 %d, kp3 %d", order[kp1.ID], order[kp2.ID], order[f.units["kp-03"].ID])
		}
	})
}

// TestSupervision: the Front notes what it found on a task of the plan;
// no one else may; the leader answers once.
func TestSupervision(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		task := f.p.Sections[0].Tasks[0]
		if _, err := organisation.Supervise(f.ctx, d, f.lead, f.actor(f.lead), f.p, task.ID, "Tốt", "", time.Now()); !errors.Is(err, organisation.ErrForbidden) {
			t.Fatalf("the lead unit supervised itself: %v", err)
		}
		if _, err := organisation.Supervise(f.ctx, d, f.front, f.actor(f.front), f.p, 999999, "Tốt", "", time.Now()); err == nil {
			t.Fatal("a task of no plan was accepted")
		}
		id, err := organisation.Supervise(f.ctx, d, f.front, f.actor(f.front), f.p, task.ID, "Khu phố 3 chưa họp dân quý này.", "Đề nghị tổ chức trong tháng.", time.Now())
		if err != nil {
			t.Fatal(err)
		}
		if err := organisation.Answer(f.ctx, d, f.lead, f.actor(f.lead), id, "Đã giao", time.Now()); !errors.Is(err, organisation.ErrForbidden) {
			t.Fatalf("the lead unit answered: %v", err)
		}
		if err := organisation.Answer(f.ctx, d, f.leader, f.actor(f.leader), id, "Giao Khu phố 3 họp dân trước ngày 15.", time.Now()); err != nil {
			t.Fatal(err)
		}
		if err := organisation.Answer(f.ctx, d, f.leader, f.actor(f.leader), id, "Lần hai", time.Now()); err == nil {
			t.Fatal("answered twice")
		}
		ss, err := organisation.Supervisions(f.ctx, d, f.p)
		if err != nil || len(ss) != 1 || ss[0].Task != task.Body || ss[0].Answer != "Giao Khu phố 3 họp dân trước ngày 15." || ss[0].AnsweredBy != "lanhdao" {
			t.Fatalf("supervisions: %+v %v", ss, err)
		}
	})
}
