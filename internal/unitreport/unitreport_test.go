package unitreport_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/cchc-vn/cchc/internal/account"
	"github.com/cchc-vn/cchc/internal/activity"
	"github.com/cchc-vn/cchc/internal/audit"
	"github.com/cchc-vn/cchc/internal/check"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/db/dbtest"
	"github.com/cchc-vn/cchc/internal/filestore"
	"github.com/cchc-vn/cchc/internal/notice"
	"github.com/cchc-vn/cchc/internal/plan"
	"github.com/cchc-vn/cchc/internal/remind"
	"github.com/cchc-vn/cchc/internal/seed"
	"github.com/cchc-vn/cchc/internal/unitreport"
	"github.com/cchc-vn/cchc/internal/vn"
	"github.com/cchc-vn/cchc/internal/ward"
)

func day(s string) time.Time {
	t, _ := time.ParseInLocation(time.DateOnly, s, vn.Zone)
	return t.Add(9 * time.Hour)
}

func TestSubmitReviewAndReminders(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		seed.Load(ctx, d)
		w, _ := ward.ByCode(ctx, d, "27427")
		p, _ := plan.Current(ctx, d, w.ID)
		units, _ := ward.Units(ctx, d, w.ID)
		ca, _ := ward.UnitByCode(ctx, d, w.ID, "cong-an")
		vhxh, _ := ward.UnitByCode(ctx, d, w.ID, "vh-xh")
		mk := func(name string, role account.Role, unit int64) (*account.User, audit.Actor) {
			u, err := account.Create(ctx, d, w.ID, account.NewUser{Username: name, FullName: name, Email: name + "@phudinh.example", Role: role, UnitID: unit, Password: "mat-khau-du-dai"})
			if err != nil {
				t.Fatal(err)
			}
			return u, audit.Actor{WardID: w.ID, UserID: u.ID, Username: name}
		}
		officer, oa := mk("congan", account.RoleUnitOfficer, ca.ID)
		lead, la := mk("vhxh", account.RoleLeadOfficer, vhxh.ID)
		files, _ := filestore.NewLocal(t.TempDir())
		tx := func(f func(tx *db.Tx) error) error { return d.InTx(ctx, f) }
		july := activity.Input{UnitID: ca.ID, HeldOn: "20/07/2025", ChannelCode: "hoi-nghi",
			Themes: []string{"2"}, PlaceName: "Trụ sở Công an phường", Quantity: "1", QuantityUnit: "buổi", People: "40"}
		if _, err := activity.Record(ctx, d, files, officer, oa, july, day("2025-07-20")); err != nil {
			t.Fatal(err)
		}
		submit := func(u *account.User, a audit.Actor, unit int64, period, text string, now time.Time) (*unitreport.Report, error) {
			return unitreport.Submit(ctx, d, u, a, p, unit, period, text, now)
		}
		var ce check.Errors
		if _, err := submit(officer, oa, ca.ID, "2025-07", "Sớm quá", day("2025-07-10")); !errors.As(err, &ce) || ce["period"] == "" {
			t.Errorf("submitted before the period closes: %v", err)
		}
		if _, err := submit(officer, oa, vhxh.ID, "2025-07", "Không phải đơn vị mình", day("2025-08-01")); !errors.Is(err, unitreport.ErrForbidden) {
			t.Errorf("submitted for another unit: %v", err)
		}
		if _, err := submit(officer, oa, ca.ID, "2025-07", "  ", day("2025-08-01")); !errors.As(err, &ce) || ce["narrative"] == "" {
			t.Errorf("empty narrative: %v", err)
		}

		// Three days before the July due date, every reporting unit is told once.
		n, err := remind.Run(ctx, d, day("2025-08-02"))
		if err != nil || n != 2 { // the two accounts of this test; other units have none
			t.Fatalf("reminders written %d, %v", n, err)
		}
		if n, _ := remind.Run(ctx, d, day("2025-08-02")); n != 0 {
			t.Errorf("reminders repeated: %d", n)
		}

		r, err := submit(officer, oa, ca.ID, "2025-07", "Lồng ghép CCHC khi làm thủ tục cư trú.", day("2025-08-03"))
		if err != nil {
			t.Fatal(err)
		}
		if r.Activities != 1 || r.People != 40 || r.Status != unitreport.Submitted || !r.OnTime() || r.DueOn != "2025-08-05" {
			t.Errorf("report = %+v", r)
		}
		if c, _ := notice.Unread(ctx, d, lead.ID); c != 2 { // the "due soon" and the submission
			t.Errorf("lead officer's unread notices: %d", c)
		}
		review := func(u *account.User, a audit.Actor, accept bool, comment string) error {
			_, err := unitreport.Review(ctx, d, u, a, p, r.ID, accept, comment, day("2025-08-04"))
			return err
		}
		if err := review(officer, oa, true, ""); !errors.Is(err, unitreport.ErrForbidden) {
			t.Errorf("unit officer reviewed: %v", err)
		}
		if err := review(lead, la, false, ""); !errors.As(err, &ce) || ce["comment"] == "" {
			t.Errorf("returned without a reason: %v", err)
		}
		if err := review(lead, la, false, "Bổ sung số buổi phát loa."); err != nil {
			t.Fatal(err)
		}
		if ns, _ := notice.List(ctx, d, officer.ID, 10); len(ns) == 0 || ns[0].Kind != notice.KindReportReviewed {
			t.Errorf("officer not told of the return: %+v", ns)
		}
		// Resubmitted after the due date, the report still counts as on time: the first submission was.
		r, err = submit(officer, oa, ca.ID, "2025-07", "Đã bổ sung: 3 buổi phát loa.", day("2025-08-07"))
		if err != nil || !r.OnTime() {
			t.Fatalf("resubmit: %+v %v", r, err)
		}
		if _, err := activity.Record(ctx, d, files, officer, oa, july, day("2025-08-07")); err != nil {
			t.Fatalf("a returned report's period refused an activity: %v", err)
		}
		if err := review(lead, la, true, ""); err != nil {
			t.Fatal(err)
		}
		if _, err := activity.Record(ctx, d, files, officer, oa, july, day("2025-08-07")); !errors.As(err, &ce) || ce["held_on"] == "" {
			t.Errorf("the accepted July took another activity: %v", err)
		}
		if err := review(lead, la, true, ""); !errors.As(err, &ce) {
			t.Error("an accepted report was reviewed again")
		}
		if _, err := submit(officer, oa, ca.ID, "2025-07", "Sửa lại", day("2025-08-08")); !errors.As(err, &ce) {
			t.Error("an accepted report was resubmitted")
		}
		if _, err := submit(officer, oa, ca.ID, "2025-08", "Tháng 8, gửi muộn.", day("2025-09-10")); err != nil {
			t.Fatal(err)
		}

		board, err := unitreport.Build(ctx, d, p, units, day("2025-09-10"))
		if err != nil {
			t.Fatal(err)
		}
		if len(board.Periods) != 6 || len(board.Rows) != len(plan.ReportingUnits(p)) {
			t.Fatalf("board %d periods, %d rows", len(board.Periods), len(board.Rows))
		}
		for _, row := range board.Rows {
			switch row.Unit.ID {
			case ca.ID:
				if row.Due != 2 || row.OnTime != 1 || row.Late != 1 || row.Missing != 0 || row.Cells[0].Status != unitreport.Accepted || row.Cells[2].Status != unitreport.Pending {
					t.Errorf("police row: due %d on time %d late %d absent %d, %s", row.Due, row.OnTime, row.Late, row.Missing, row.Cells[0].Status)
				}
			case vhxh.ID:
				if row.Missing != 2 || row.Cells[0].Status != unitreport.Missing {
					t.Errorf("lead unit row: absent %d", row.Missing)
				}
			}
		}
		if len(board.Overdue("2025-07")) != len(board.Rows)-1 {
			t.Errorf("overdue for July: %d of %d", len(board.Overdue("2025-07")), len(board.Rows))
		}
		// After the due date, units without a July report are told it is late; the police are not.
		before, _ := notice.Unread(ctx, d, officer.ID)
		if n, err := remind.Run(ctx, d, day("2025-08-06")); err != nil || n != 1 {
			t.Errorf("late reminders: %d, %v", n, err)
		}
		if after, _ := notice.Unread(ctx, d, officer.ID); after != before {
			t.Error("a unit that reported was told it is late")
		}

		// A formal reminder (đôn đốc): the lead unit may send one, a unit officer may not.
		err = tx(func(tx *db.Tx) error {
			_, err := remind.Send(ctx, tx, officer, oa, p, vhxh.ID, "2025-07", "Đề nghị gửi báo cáo.")
			return err
		})
		if !errors.Is(err, remind.ErrForbidden) {
			t.Errorf("unit officer sent a reminder: %v", err)
		}
		err = tx(func(tx *db.Tx) error {
			n, err := remind.Send(ctx, tx, lead, la, p, ca.ID, "2025-09", "Đề nghị Công an phường gửi báo cáo tháng 9 đúng hạn.")
			if n != 1 {
				t.Errorf("reminder reached %d", n)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if rs, _ := remind.List(ctx, d, p.ID, 10); len(rs) != 1 || rs[0].UnitName != ca.Name || rs[0].SentBy != "vhxh" {
			t.Errorf("reminders %+v", rs)
		}
		var pending int
		d.QueryRow(ctx, `select count(*) from notices where email_state = 'pending' and email_to = 'congan@phudinh.example'`).Scan(&pending)
		if pending < 3 {
			t.Errorf("only %d e-mails queued for the officer", pending)
		}
	})
}
