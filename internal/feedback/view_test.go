package feedback_test

import (
	"context"
	"errors"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/cchc-vn/cchc/internal/account"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/db/dbtest"
	"github.com/cchc-vn/cchc/internal/feedback"
	"github.com/cchc-vn/cchc/internal/filestore"
	"github.com/cchc-vn/cchc/internal/seed"
	"github.com/cchc-vn/cchc/internal/ward"
)

// TestViewsShowOnlyWhatIsPublished is the privacy projection behind the
// portal's answers and Open311: anyone sees published answers and nothing
// of the resident; a partner app sees in addition the items it filed.
func TestViewsShowOnlyWhatIsPublished(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		seed.Load(ctx, d)
		w, _ := ward.ByCode(ctx, d, "27427")
		unit := func(code string) *ward.Unit { u, _ := ward.UnitByCode(ctx, d, w.ID, code); return u }
		official := func(name, code string) feedback.Official {
			u, err := account.Create(ctx, d, w.ID, account.NewUser{Username: name, FullName: name, Role: account.RoleUnitOfficer, UnitID: unit(code).ID, Password: "mat-khau-du-dai"})
			if err != nil {
				t.Fatal(err)
			}
			return feedback.Official{User: u}
		}
		office, police := official("vanphong", "vp-hdnd-ubnd"), official("congan", "cong-an")
		desk, _ := feedback.LoadDesk(ctx, d, w.ID)
		files, _ := filestore.NewLocal(t.TempDir())
		app := func(name string) *feedback.App {
			key, err := feedback.NewAPIKey(ctx, d, w.ID, name)
			if err != nil {
				t.Fatal(err)
			}
			a, err := feedback.CheckAPIKey(ctx, d, w.ID, key)
			if err != nil || a.Name != name {
				t.Fatalf("key of %s: %+v %v", name, a, err)
			}
			return a
		}
		appX, appY := app("Ứng dụng X"), app("Ứng dụng Y")
		now := at("2026-03-02 09:00")
		var secrets []string // what no one but the ward and the filer may read
		file := func(title string, by *feedback.App) *feedback.Item {
			in := feedback.Input{Category: "dich_vu", Title: title, Description: "Lời của người dân về " + title, KhuPhoID: unit("kp-03").ID,
				Name: "Người dân " + title, Phone: "0901234567", Email: "dan@example.vn", Address: "12 đường số 3", Consent: true}
			it, err := feedback.Submit(ctx, d, files, desk, feedback.Submission{Input: in, Channel: feedback.ChannelPortal, App: by}, now)
			if err != nil {
				t.Fatal(err)
			}
			secrets = append(secrets, it.Code, in.Description, in.Name, in.Phone, in.Email, in.Address, "Khu phố 3")
			return it
		}
		answer := func(it *feedback.Item, publish bool) {
			if _, err := feedback.Classify(ctx, d, desk, office, it.ID, feedback.Decision{Action: "assign", UnitID: police.UnitID}, now); err != nil {
				t.Fatal(err)
			}
			if _, err := feedback.Answer(ctx, d, police, it.ID, "Trả lời cho "+it.Title, false, now); err != nil {
				t.Fatal(err)
			}
			if publish { // publishing is the one-stop desk's decision
				if _, err := feedback.Answer(ctx, d, office, it.ID, "Trả lời cho "+it.Title, true, now); err != nil {
					t.Fatal(err)
				}
			}
		}
		published, private, rejected := file("Công khai", nil), file("Không công khai", nil), file("Bị từ chối", nil)
		answer(published, true)
		answer(private, false)
		if _, err := feedback.Classify(ctx, d, desk, office, rejected.ID, feedback.Decision{Action: "reject", Reason: "Nội dung riêng của người dân"}, now); err != nil {
			t.Fatal(err)
		}
		filedX, filedXPublished := file("Qua ứng dụng X", appX), file("Qua ứng dụng X, đã công khai", appX)
		answer(filedXPublished, true)

		ids := func(a *feedback.App) []int64 {
			vs, err := feedback.Views(ctx, d, w.ID, a, feedback.ViewFilter{Limit: 100})
			if err != nil {
				t.Fatal(err)
			}
			var out []int64
			for _, v := range vs {
				out = append(out, v.ID)
				if v.Own != (a == appX && (v.ID == filedX.ID || v.ID == filedXPublished.ID)) {
					t.Errorf("item %d shown as own=%v to %+v", v.ID, v.Own, a)
				}
				if !v.Own {
					for _, s := range append(secrets, "Không tiếp nhận") {
						if leak := stringFields(v); strings.Contains(leak, s) {
							t.Errorf("item %d shows %q to %+v", v.ID, s, a)
						}
					}
				}
			}
			sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
			return out
		}
		if got, want := ids(nil), []int64{published.ID, filedXPublished.ID}; !reflect.DeepEqual(got, want) {
			t.Errorf("anyone sees %v, want the published %v", got, want)
		}
		if got, want := ids(appY), []int64{published.ID, filedXPublished.ID}; !reflect.DeepEqual(got, want) {
			t.Errorf("another app sees %v, want %v", got, want)
		}
		if got, want := ids(appX), []int64{published.ID, filedX.ID, filedXPublished.ID}; !reflect.DeepEqual(got, want) {
			t.Errorf("the filing app sees %v, want %v", got, want)
		}
		v, err := feedback.ViewOf(ctx, d, w.ID, appX, filedX.ID)
		if err != nil || v.Code != filedX.Code || v.KhuPho != "Khu phố 3" || v.Due == "" || v.Note != feedback.StatusName(feedback.Received) {
			t.Errorf("the filer's view %+v %v", v, err)
		}
		if v, _ := feedback.ViewOf(ctx, d, w.ID, nil, published.ID); v.Note != "Trả lời cho Công khai" || v.Title != "Công khai" || v.Unit == "" {
			t.Errorf("a published answer %+v", v)
		}
		for _, c := range []struct {
			app *feedback.App
			id  int64
		}{{nil, private.ID}, {nil, rejected.ID}, {nil, filedX.ID}, {appY, filedX.ID}, {appX, private.ID}} {
			if _, err := feedback.ViewOf(ctx, d, w.ID, c.app, c.id); !errors.Is(err, db.ErrNotFound) {
				t.Errorf("item %d shown to %+v: %v", c.id, c.app, err)
			}
		}
		if _, err := feedback.Filed(ctx, d, w.ID, appY, filedX.Code); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("another app looked a tracking code up: %v", err)
		}
		if v, err := feedback.Filed(ctx, d, w.ID, appX, filedX.Code); err != nil || v.ID != filedX.ID {
			t.Errorf("the filer's code: %+v %v", v, err)
		}
	})
}

// stringFields joins every string field of v.
func stringFields(v feedback.View) string {
	var b strings.Builder
	rv := reflect.ValueOf(v)
	for i := 0; i < rv.NumField(); i++ {
		if f := rv.Field(i); f.Kind() == reflect.String {
			b.WriteString(f.String() + "\n")
		}
	}
	return b.String()
}
