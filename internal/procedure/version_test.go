package procedure_test

import (
	"context"
	"errors"
	"testing"

	"github.com/cchc-vn/cchc/internal/account"
	"github.com/cchc-vn/cchc/internal/audit"
	"github.com/cchc-vn/cchc/internal/check"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/db/dbtest"
	"github.com/cchc-vn/cchc/internal/procedure"
	"github.com/cchc-vn/cchc/internal/seed"
	"github.com/cchc-vn/cchc/internal/ward"
)

func TestDraftReviewPublish(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		seed.Load(ctx, d)
		w, _ := ward.ByCode(ctx, d, "27427")
		mk := func(name string, role account.Role, unit string) *account.User {
			var unitID int64
			if unit != "" {
				u, _ := ward.UnitByCode(ctx, d, w.ID, unit)
				unitID = u.ID
			}
			u, err := account.Create(ctx, d, w.ID, account.NewUser{Username: name, FullName: name, Role: role, UnitID: unitID, Password: "mat-khau-du-dai"})
			if err != nil {
				t.Fatal(err)
			}
			return u
		}
		vp := mk("vanphong", account.RoleUnitOfficer, "vp-hdnd-ubnd")
		ca := mk("congan", account.RoleUnitOfficer, "cong-an")
		leader := mk("chutich", account.RoleLeader, "")
		act := func(u *account.User) audit.Actor {
			return audit.Actor{WardID: w.ID, UserID: u.ID, Username: u.Username}
		}

		cur, _, _ := procedure.Get(ctx, d, w.ID, "1.001193")
		edit := func(u *account.User, e procedure.Edit) (*procedure.Version, error) {
			return procedure.SaveDraft(ctx, d, u, act(u), e)
		}
		changed := *cur
		changed.Channels = append([]procedure.Channel(nil), cur.Channels...)
		changed.Channels[0].Time = "1 ngày làm việc"
		changed.Channels[0].TimeUnknown = false

		// Police officers do not edit the catalogue; the office does.
		if _, err := edit(ca, procedure.Edit{P: &changed, EffectiveOn: "01/12/2026", Decision: "12/QĐ-UBND", ChangeSummary: "x"}); !errors.Is(err, procedure.ErrForbidden) {
			t.Errorf("police officer edited: %v", err)
		}
		// No change, no decision: refused with messages.
		same := *cur
		_, err := edit(vp, procedure.Edit{P: &same, EffectiveOn: "31/02/2026"})
		var ce check.Errors
		if !errors.As(err, &ce) || ce["effective_on"] == "" || ce["decision"] == "" {
			t.Fatalf("invalid draft: %v", err)
		}
		v, err := edit(vp, procedure.Edit{P: &changed, EffectiveOn: "01/12/2026", Decision: "12/QĐ-UBND", ChangeSummary: "Ghi rõ thời hạn 1 ngày làm việc."})
		if err != nil {
			t.Fatal(err)
		}
		if len(v.ChangedFields) != 1 || v.ChangedFields[0] != "Cách thức, thời hạn, phí" || v.Status != procedure.Draft {
			t.Errorf("draft = %+v", v)
		}
		// The public still sees the published version.
		if p, _, _ := procedure.Get(ctx, d, w.ID, "1.001193"); p.Channels[0].Time == "1 ngày làm việc" {
			t.Fatal("a draft reached the public")
		}
		publish := func(u *account.User) error {
			_, err := procedure.Publish(ctx, d, u, act(u), v.ID)
			return err
		}
		if err := publish(vp); !errors.Is(err, procedure.ErrForbidden) {
			t.Errorf("editor published: %v", err)
		}
		if err := publish(leader); err != nil {
			t.Fatal(err)
		}
		if p, _, _ := procedure.Get(ctx, d, w.ID, "1.001193"); p.Channels[0].Time != "1 ngày làm việc" {
			t.Error("published change not public")
		}
		hist, _ := procedure.History(ctx, d, w.ID, "1.001193")
		if len(hist) != 2 || hist[0].Status != procedure.Published || hist[1].Status != procedure.Superseded || hist[0].Decision != "12/QĐ-UBND" || hist[0].EffectiveOn != "2026-12-01" {
			t.Errorf("history = %d versions", len(hist))
		}
		recent, _ := procedure.RecentlyAmended(ctx, d, w.ID, 10)
		if len(recent) != 1 || recent[0].Code != "1.001193" || recent[0].PublishedBy != "chutich" {
			t.Errorf("recently amended = %+v", recent)
		}
		if err := publish(leader); !errors.As(err, &ce) {
			t.Errorf("published twice: %v", err)
		}
	})
}
