package plan_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/cchc-vn/cchc/internal/account"
	"github.com/cchc-vn/cchc/internal/audit"
	"github.com/cchc-vn/cchc/internal/check"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/db/dbtest"
	"github.com/cchc-vn/cchc/internal/plan"
	"github.com/cchc-vn/cchc/internal/seed"
	"github.com/cchc-vn/cchc/internal/vn"
	"github.com/cchc-vn/cchc/internal/ward"
)

type fixture struct {
	d    *db.DB
	w    *ward.Ward
	p    *plan.Plan
	unit map[string]*ward.Unit
}

func setup(t *testing.T, d *db.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	if _, err := seed.Load(ctx, d); err != nil {
		t.Fatal(err)
	}
	w, _ := ward.ByCode(ctx, d, "27427")
	p, err := plan.Current(ctx, d, w.ID)
	if err != nil {
		t.Fatal(err)
	}
	units, _ := ward.Units(ctx, d, w.ID)
	f := &fixture{d: d, w: w, p: p, unit: map[string]*ward.Unit{}}
	for _, u := range units {
		f.unit[u.Code] = u
	}
	return f
}

func (f *fixture) user(t *testing.T, name string, role account.Role, unit string) *account.User {
	t.Helper()
	var unitID int64
	if unit != "" {
		unitID = f.unit[unit].ID
	}
	u, err := account.Create(context.Background(), f.d, f.w.ID, account.NewUser{
		Username: name, FullName: "Cán bộ " + name, Role: role, UnitID: unitID, Password: "mat-khau-du-dai"})
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// assignment finds the assignment of unit in the plan's section (1-based) and task (1-based).
func (f *fixture) assignment(section, task int, unit string) *plan.Assignment {
	for _, a := range f.p.Sections[section-1].Tasks[task-1].Assignments {
		if a.UnitID == f.unit[unit].ID {
			return a
		}
	}
	return nil
}

func actor(u *account.User) audit.Actor {
	return audit.Actor{WardID: u.WardID, UserID: u.ID, Username: u.Username, IP: "127.0.0.1"}
}

func TestUpdateStatusRules(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		kp3 := f.user(t, "kp3", account.RoleKhuPhoHead, "kp-03")
		officer := f.user(t, "vanphong", account.RoleUnitOfficer, "vp-hdnd-ubnd")
		lead := f.user(t, "vhxh", account.RoleLeadOfficer, "vh-xh")
		front := f.user(t, "mttq", account.RoleSupervisor, "")
		leader := f.user(t, "chutich", account.RoleLeader, "")

		own := f.assignment(8, 1, "kp-03")
		other := f.assignment(8, 1, "kp-04")
		vp := f.assignment(1, 2, "vp-hdnd-ubnd")
		tests := []struct {
			name string
			u    *account.User
			a    *plan.Assignment
			ok   bool
		}{
			{"khu phố head, own khu phố", kp3, own, true},
			{"khu phố head, another khu phố", kp3, other, false},
			{"khu phố head, a unit's task", kp3, vp, false},
			{"unit officer, own unit", officer, vp, true},
			{"unit officer, a khu phố", officer, own, false},
			{"lead unit officer, any unit", lead, other, true},
			{"supervisor reads only", front, own, false},
			{"leader reads only", leader, vp, false},
		}
		for _, tt := range tests {
			err := d.InTx(ctx, func(tx *db.Tx) error {
				_, err := plan.UpdateStatus(ctx, tx, tt.u, actor(tt.u), tt.a.ID, plan.InProgress, "Đã họp khu phố ngày 12/8")
				return err
			})
			if tt.ok && err != nil {
				t.Errorf("%s: %v", tt.name, err)
			}
			if !tt.ok && !errors.Is(err, plan.ErrForbidden) {
				t.Errorf("%s: err = %v, want ErrForbidden", tt.name, err)
			}
		}

		// Bad input is refused with field messages, and nothing is written.
		err := d.InTx(ctx, func(tx *db.Tx) error {
			_, err := plan.UpdateStatus(ctx, tx, lead, actor(lead), vp.ID, "finished", "")
			return err
		})
		var ce check.Errors
		if !errors.As(err, &ce) || ce["status"] == "" {
			t.Fatalf("bad status: err = %v", err)
		}
		a, _, _, _ := plan.AssignmentByID(ctx, d, f.w.ID, vp.ID)
		if a.Status != plan.InProgress || a.StatusUpdatedBy != officer.FullName {
			t.Errorf("status = %s by %q, want in_progress by the unit officer", a.Status, a.StatusUpdatedBy)
		}

		// The change is in the history and the audit log.
		evs, _ := plan.Events(ctx, d, own.ID)
		if len(evs) != 1 || evs[0].ToStatus != plan.InProgress || evs[0].Body != "Đã họp khu phố ngày 12/8" {
			t.Errorf("events = %+v", evs)
		}
		entries, _ := audit.List(ctx, d, f.w.ID, audit.Filter{Entity: "task_assignment", EntityID: own.ID})
		if len(entries) != 1 || entries[0].Username != "kp3" || entries[0].Before != `{"note":"","status":"not_started"}` {
			t.Errorf("audit = %+v", entries)
		}

		// The supervisor may comment, the khu phố head not on another khu phố.
		if err := d.InTx(ctx, func(tx *db.Tx) error {
			return plan.Comment(ctx, tx, front, actor(front), own.ID, "Đề nghị gửi kèm biên bản họp.")
		}); err != nil {
			t.Errorf("supervisor comment: %v", err)
		}
		if err := d.InTx(ctx, func(tx *db.Tx) error {
			return plan.Comment(ctx, tx, kp3, actor(kp3), other.ID, "x")
		}); !errors.Is(err, plan.ErrForbidden) {
			t.Errorf("khu phố head commenting on another: %v", err)
		}
	})
}

func TestEffectiveStatus(t *testing.T) {
	at := func(s string) time.Time { tt, _ := vn.ParseISODate(s); return tt.Add(12 * time.Hour) }
	tests := []struct {
		status, due, now, want string
	}{
		{plan.NotStarted, "2025-12-31", "2025-12-31", plan.NotStarted},
		{plan.NotStarted, "2025-12-31", "2026-01-01", plan.Overdue},
		{plan.InProgress, "2025-12-31", "2026-01-01", plan.Overdue},
		{plan.Done, "2025-12-31", "2026-03-01", plan.Done},
	}
	for _, tt := range tests {
		if got := plan.EffectiveStatus(&plan.Assignment{Status: tt.status}, tt.due, at(tt.now)); got != tt.want {
			t.Errorf("%s due %s on %s = %s, want %s", tt.status, tt.due, tt.now, got, tt.want)
		}
	}
}

func TestCopyForNextHalfYear(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		lead := f.user(t, "vhxh", account.RoleLeadOfficer, "vh-xh")
		kp := f.user(t, "kp1", account.RoleKhuPhoHead, "kp-01")
		a := f.assignment(2, 1, "vh-xh")
		d.InTx(ctx, func(tx *db.Tx) error {
			_, err := plan.UpdateStatus(ctx, tx, lead, actor(lead), a.ID, plan.Done, "")
			return err
		})

		in := plan.SuggestCopy(f.p)
		if in.PeriodStart != "2026-01-01" || in.PeriodEnd != "2026-06-30" || in.PeriodLabel != "6 tháng đầu năm 2026" {
			t.Fatalf("suggestion = %+v", in)
		}
		if in.Title != "Tuyên truyền cải cách hành chính 6 tháng đầu năm 2026 trên địa bàn phường Phú Định" {
			t.Errorf("suggested title = %q", in.Title)
		}
		// Without a number the copy is refused and nothing is created.
		err := d.InTx(ctx, func(tx *db.Tx) error { _, err := plan.Copy(ctx, tx, lead, actor(lead), f.p.ID, in); return err })
		var ce check.Errors
		if !errors.As(err, &ce) || ce["number"] == "" {
			t.Fatalf("copy without number: %v", err)
		}
		if err := d.InTx(ctx, func(tx *db.Tx) error { _, err := plan.Copy(ctx, tx, kp, actor(kp), f.p.ID, in); return err }); !errors.Is(err, plan.ErrForbidden) {
			t.Errorf("khu phố head copied a plan: %v", err)
		}
		in.Number = "88/KH-UBND"
		err = d.InTx(ctx, func(tx *db.Tx) error { _, err := plan.Copy(ctx, tx, lead, actor(lead), f.p.ID, in); return err })
		if !errors.As(err, &ce) || ce["number"] == "" {
			t.Fatalf("copy with a taken number: %v", err)
		}
		plans, _ := plan.List(ctx, d, f.w.ID)
		if len(plans) != 1 {
			t.Fatalf("refused copies left %d plans", len(plans))
		}

		in.Number = "12/KH-UBND"
		var cp *plan.Plan
		if err := d.InTx(ctx, func(tx *db.Tx) error {
			var err error
			cp, err = plan.Copy(ctx, tx, lead, actor(lead), f.p.ID, in)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		got, err := plan.Get(ctx, d, f.w.ID, cp.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != plan.StatusDraft || got.CopiedFromID != f.p.ID || len(got.Sections) != 8 || len(got.Themes) != 5 || len(got.Channels) != 6 {
			t.Errorf("copy = %s from %d, %d sections", got.Status, got.CopiedFromID, len(got.Sections))
		}
		if got.Closing == f.p.Closing {
			t.Error("closing paragraph still names the old period")
		}
		for _, s := range got.Sections {
			for _, tk := range s.Tasks {
				for _, a := range tk.Assignments {
					if a.Status != plan.NotStarted {
						t.Fatalf("copied assignment has status %s", a.Status)
					}
				}
			}
		}

		// A draft can be edited: a task is added to the khu phố section and
		// goes to all 59; another is removed.
		sec := got.Sections[7]
		var added *plan.Task
		if err := d.InTx(ctx, func(tx *db.Tx) error {
			var err error
			added, err = plan.AddTask(ctx, tx, lead, actor(lead), got.ID, sec.ID, plan.TaskInput{Body: "Phát loa về dịch vụ công trực tuyến mỗi tuần.", Recurrence: plan.RecurMonthly, DueOn: "30/06/2026"})
			return err
		}); err != nil {
			t.Fatal(err)
		}
		if len(added.Assignments) != 59 || added.DueOn != "2026-06-30" {
			t.Errorf("added task has %d assignments, due %q", len(added.Assignments), added.DueOn)
		}
		err = d.InTx(ctx, func(tx *db.Tx) error {
			return plan.UpdateTask(ctx, tx, lead, actor(lead), added.ID, plan.TaskInput{Body: "x", Recurrence: plan.RecurOnce, DueOn: "01/01/2030"})
		})
		if !errors.As(err, &ce) || ce["due_on"] == "" {
			t.Errorf("due date outside the period accepted: %v", err)
		}
		if err := d.InTx(ctx, func(tx *db.Tx) error { return plan.DeleteTask(ctx, tx, lead, actor(lead), sec.Tasks[0].ID) }); err != nil {
			t.Fatal(err)
		}
		// The active plan cannot lose tasks.
		if err := d.InTx(ctx, func(tx *db.Tx) error {
			return plan.DeleteTask(ctx, tx, lead, actor(lead), f.p.Sections[0].Tasks[0].ID)
		}); !errors.As(err, &ce) {
			t.Errorf("deleting a task of the active plan: %v", err)
		}
		got, _ = plan.Get(ctx, d, f.w.ID, cp.ID)
		if n := len(got.Sections[7].Tasks); n != 2 {
			t.Errorf("khu phố section has %d tasks, want 2", n)
		}
	})
}

func TestPeriods(t *testing.T) {
	p := &plan.Plan{PeriodStart: "2025-07-01", PeriodEnd: "2025-12-31", ReportCycle: plan.CycleMonth, ReportDueDays: 5}
	ps := plan.Periods(p)
	if len(ps) != 6 || ps[0].Code != "2025-07" || ps[0].Label != "Tháng 7/2025" || ps[0].End != "2025-07-31" || ps[0].DueOn != "2025-08-05" {
		t.Fatalf("monthly periods: %+v", ps)
	}
	if ps[5].DueOn != "2026-01-05" {
		t.Errorf("December due %s", ps[5].DueOn)
	}
	p.ReportCycle, p.PeriodStart, p.PeriodEnd = plan.CycleQuarter, "2025-08-15", "2026-01-31"
	ps = plan.Periods(p)
	want := []plan.Period{
		{Code: "2025-Q3", Label: "Quý III/2025", Start: "2025-08-15", End: "2025-09-30", DueOn: "2025-10-05"},
		{Code: "2025-Q4", Label: "Quý IV/2025", Start: "2025-10-01", End: "2025-12-31", DueOn: "2026-01-05"},
		{Code: "2026-Q1", Label: "Quý I/2026", Start: "2026-01-01", End: "2026-01-31", DueOn: "2026-02-05"},
	}
	if len(ps) != len(want) {
		t.Fatalf("quarters: %+v", ps)
	}
	for i := range want {
		if ps[i] != want[i] {
			t.Errorf("quarter %d = %+v, want %+v", i, ps[i], want[i])
		}
	}
	if m := ps[1].Months(); len(m) != 3 || m[0] != "2025-10" || m[2] != "2025-12" {
		t.Errorf("months of Q4: %v", m)
	}
	if per, ok := plan.PeriodOf(p, "2025-11-20"); !ok || per.Code != "2025-Q4" {
		t.Errorf("PeriodOf = %v %v", per, ok)
	}
}

func TestRecordingDay(t *testing.T) {
	p := &plan.Plan{PeriodStart: "2025-07-01", PeriodEnd: "2025-12-31"}
	for _, tc := range []struct {
		now, day string
		when     int
	}{
		{"2025-09-15T10:00:00+07:00", "2025-09-15", plan.InPlan},
		{"2025-12-31T23:30:00+07:00", "2025-12-31", plan.InPlan},
		{"2025-12-31T17:30:00Z", "2025-12-31", plan.AfterPlan}, // already 1 January in Hồ Chí Minh City
		{"2026-12-02T09:00:00+07:00", "2025-12-31", plan.AfterPlan},
		{"2025-06-30T09:00:00+07:00", "2025-07-01", plan.BeforePlan},
	} {
		now, _ := time.Parse(time.RFC3339, tc.now)
		if day, when := p.RecordingDay(now); day != tc.day || when != tc.when {
			t.Errorf("RecordingDay(%s) = %s, %d; want %s, %d", tc.now, day, when, tc.day, tc.when)
		}
	}
}

func TestPlanStateIsHonest(t *testing.T) {
	at := func(s string) time.Time { tt, _ := time.Parse(time.RFC3339, s); return tt }
	p := &plan.Plan{Status: plan.StatusActive, PeriodStart: "2025-07-01", PeriodEnd: "2025-12-31"}
	for _, tc := range []struct {
		status, now, state, month string
		ended                     bool
	}{
		{plan.StatusActive, "2025-09-15T10:00:00+07:00", "Đang thực hiện", "2025-09", false},
		{plan.StatusActive, "2026-12-02T10:00:00+07:00", "Đã kết thúc", "2025-12", true},
		{plan.StatusActive, "2025-12-31T17:30:00Z", "Đã kết thúc", "2025-12", true}, // 1 January in Vietnam
		{plan.StatusActive, "2025-06-20T10:00:00+07:00", "Sắp thực hiện", "2025-07", false},
		{plan.StatusClosed, "2025-12-01T10:00:00+07:00", "Đã kết thúc", "2025-12", true},
		{plan.StatusDraft, "2025-09-15T10:00:00+07:00", "Dự thảo", "2025-09", false},
	} {
		p.Status = tc.status
		now := at(tc.now)
		if got := p.StateName(now); got != tc.state {
			t.Errorf("%s on %s: %q, want %q", tc.status, tc.now, got, tc.state)
		}
		if got := p.Ended(now); got != tc.ended {
			t.Errorf("%s on %s: ended %v", tc.status, tc.now, got)
		}
		if got := p.OpeningMonth(now); got != tc.month {
			t.Errorf("%s on %s: opens on %s, want %s", tc.status, tc.now, got, tc.month)
		}
	}
}
