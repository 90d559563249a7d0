package activity_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/cchc-vn/cchc/internal/account"
	"github.com/cchc-vn/cchc/internal/activity"
	"github.com/cchc-vn/cchc/internal/audit"
	"github.com/cchc-vn/cchc/internal/check"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/db/dbtest"
	"github.com/cchc-vn/cchc/internal/filestore"
	"github.com/cchc-vn/cchc/internal/plan"
	"github.com/cchc-vn/cchc/internal/seed"
	"github.com/cchc-vn/cchc/internal/ward"
)

type fixture struct {
	d     *db.DB
	w     *ward.Ward
	p     *plan.Plan
	units []*ward.Unit
	files filestore.Store
	now   time.Time
}

func newFixture(t *testing.T, d *db.DB) *fixture {
	ctx := context.Background()
	if _, err := seed.Load(ctx, d); err != nil {
		t.Fatal(err)
	}
	f := &fixture{d: d, now: time.Date(2025, 12, 15, 9, 0, 0, 0, time.UTC)}
	f.w, _ = ward.ByCode(ctx, d, "27427")
	f.p, _ = plan.Current(ctx, d, f.w.ID)
	f.units, _ = ward.Units(ctx, d, f.w.ID)
	f.files, _ = filestore.NewLocal(t.TempDir())
	return f
}

func (f *fixture) unit(code string) *ward.Unit {
	for _, u := range f.units {
		if u.Code == code {
			return u
		}
	}
	panic("no unit " + code)
}

func (f *fixture) user(t *testing.T, name string, role account.Role, unit string) (*account.User, audit.Actor) {
	var id int64
	if unit != "" {
		id = f.unit(unit).ID
	}
	u, err := account.Create(context.Background(), f.d, f.w.ID, account.NewUser{Username: name, FullName: name, Role: role, UnitID: id, Password: "mat-khau-du-dai"})
	if err != nil {
		t.Fatal(err)
	}
	return u, audit.Actor{WardID: f.w.ID, UserID: u.ID, Username: u.Username}
}

// aggregates reads both aggregate tables, to compare running totals with a rebuild.
func aggregates(t *testing.T, d *db.DB, wardID int64) []string {
	var out []string
	for _, q := range []string{
		`select month || '|' || unit_id || '|' || place_unit_id || '|' || channel_code || '|' || activities || '|' || quantity || '|' || people || '|' || cost from activity_monthly where ward_id = ? order by 1`,
		`select month || '|' || unit_id || '|' || theme_code || '|' || activities || '|' || people from activity_theme_monthly where ward_id = ? order by 1`,
		`select 'w' || month || '|' || activities || '|' || quantity || '|' || people || '|' || cost from activity_ward_monthly where ward_id = ? order by 1`,
		`select 'p' || month || '|' || place_unit_id || '|' || activities from activity_place_monthly where ward_id = ? order by 1`,
	} {
		rows, err := d.Query(context.Background(), q, wardID)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var s string
			rows.Scan(&s)
			out = append(out, s)
		}
		rows.Close()
	}
	return out
}

func TestUpdateDeleteKeepAggregates(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		head, actor := f.user(t, "kp01", account.RoleKhuPhoHead, "kp-01")
		other, otherActor := f.user(t, "kp02", account.RoleKhuPhoHead, "kp-02")
		kp1 := f.unit("kp-01").ID
		in := activity.Input{UnitID: kp1, HeldOn: "12/08/2025", ChannelCode: "hoi-nghi", Themes: []string{"2", "3"}, PlaceUnitID: kp1,
			Quantity: "1", QuantityUnit: "buổi", People: "65", Cost: "500.000", Files: [][]byte{photoWithGPS(64, 48)}}
		var ids []int64
		for i := 0; i < 3; i++ {
			a, err := activity.Record(ctx, d, f.files, head, actor, in, f.now)
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, a.ID)
		}
		a0, _ := activity.Get(ctx, d, f.w.ID, ids[0])
		moved := in
		moved.HeldOn, moved.ChannelCode, moved.Themes, moved.People, moved.Files = "03/09/2025", "loa", []string{"1"}, "200", [][]byte{photoWithGPS(32, 32)}
		if err := activity.Update(ctx, d, f.files, head, actor, ids[0], moved, []int64{a0.Evidence[0].ID}, f.now); err != nil {
			t.Fatal(err)
		}
		if _, _, err := f.files.Get(ctx, a0.Evidence[0].Key); !errors.Is(err, filestore.ErrNotFound) {
			t.Errorf("removed evidence is still stored: %v", err)
		}
		got, _ := activity.Get(ctx, d, f.w.ID, ids[0])
		if got.HeldOn != "2025-09-03" || got.ChannelCode != "loa" || got.People != 200 || !reflect.DeepEqual(got.Themes, []string{"1"}) || len(got.Evidence) != 1 || got.Evidence[0].ID == a0.Evidence[0].ID {
			t.Errorf("after update: %+v", got)
		}
		if err := activity.Delete(ctx, d, f.files, other, otherActor, ids[1]); !errors.Is(err, activity.ErrForbidden) {
			t.Errorf("another khu phố deleted: %v", err)
		}
		a1, _ := activity.Get(ctx, d, f.w.ID, ids[1])
		if err := activity.Delete(ctx, d, f.files, head, actor, ids[1]); err != nil {
			t.Fatal(err)
		}
		if _, _, err := f.files.Get(ctx, a1.Evidence[0].Key); !errors.Is(err, filestore.ErrNotFound) {
			t.Errorf("deleted activity's evidence is still stored: %v", err)
		}
		running := aggregates(t, d, f.w.ID)
		if len(running) < 6 {
			t.Fatalf("aggregates missing: %v", running)
		}
		d.InTx(ctx, func(tx *db.Tx) error { return activity.Reaggregate(ctx, tx, f.w.ID) })
		if rebuilt := aggregates(t, d, f.w.ID); !reflect.DeepEqual(running, rebuilt) {
			t.Errorf("running aggregates\n%v\ndiffer from rebuilt\n%v", running, rebuilt)
		}
		st, err := activity.Summarise(ctx, d, f.p, f.units, activity.MonthRange("2025-07", "2025-12"))
		if err != nil {
			t.Fatal(err)
		}
		if st.Total.Activities != 2 || st.Total.People != 265 || st.Reached != 1 || st.KhuPho != 59 {
			t.Errorf("totals %+v reached %d of %d", st.Total, st.Reached, st.KhuPho)
		}
		if st.ByMonth[1].Activities != 1 || st.ByMonth[2].Activities != 1 || st.ByTheme[0].Activities != 1 || st.ByTheme[1].Activities != 1 || st.ByTheme[2].Activities != 1 {
			t.Errorf("by month %+v, by theme %+v", st.ByMonth, st.ByTheme)
		}
		// Any other range is counted from the records, in the same shape: the
		// two ways agree over the same days, and a day less leaves one out.
		raw, err := activity.Summarise(ctx, d, f.p, f.units, activity.Range{From: "2025-07-01", To: "2025-12-30"})
		if err != nil {
			t.Fatal(err)
		}
		raw.Range = st.Range
		if !reflect.DeepEqual(raw, st) {
			t.Errorf("counted from the records\n%+v\ndiffers from the aggregates\n%+v", raw, st)
		}
		if part, _ := activity.Summarise(ctx, d, f.p, f.units, activity.Range{From: "2025-08-13", To: "2025-12-31"}); part.Total.Activities != 1 || part.Unit(kp1).Activities != 1 {
			t.Errorf("from 13/08: %+v", part.Total)
		}

		// Once the lead unit accepts the khu phố's report for September, its activities there are locked.
		if err := d.InTx(ctx, func(tx *db.Tx) error { return activity.Lock(ctx, tx, f.p.ID, kp1, "2025-09", f.now) }); err != nil {
			t.Fatal(err)
		}
		err = activity.Delete(ctx, d, f.files, head, actor, ids[0])
		var ce check.Errors
		if !errors.As(err, &ce) || !strings.Contains(ce["held_on"], "Tháng 9/2025") {
			t.Errorf("deleting inside an accepted report: %v", err)
		}
		back := in // moving an August activity into the accepted September is refused too
		back.HeldOn, back.Files = "20/09/2025", nil
		if err := activity.Update(ctx, d, f.files, head, actor, ids[2], back, nil, f.now); !errors.As(err, &ce) {
			t.Errorf("moving into an accepted report: %v", err)
		}
		late := in // and so is recording a new one there
		late.HeldOn = "21/09/2025"
		if _, err := activity.Record(ctx, d, f.files, head, actor, late, f.now); !errors.As(err, &ce) || ce["held_on"] == "" {
			t.Errorf("recording into an accepted report: %v", err)
		}
	})
}

func TestImportTemplate(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		officer, actor := f.user(t, "vhxh", account.RoleLeadOfficer, "vh-xh")
		var kps []*ward.Unit
		for _, u := range f.units {
			if u.Kind == ward.KindKhuPho {
				kps = append(kps, u)
			}
		}
		var tpl bytes.Buffer
		if err := activity.WriteTemplate(&tpl, f.p, f.units, kps); err != nil {
			t.Fatal(err)
		}
		fill := func(rows [][]any) []byte {
			x, err := excelize.OpenReader(bytes.NewReader(tpl.Bytes()))
			if err != nil {
				t.Fatal(err)
			}
			for i, r := range rows {
				cell, _ := excelize.CoordinatesToCellName(1, i+2)
				x.SetSheetRow("Hoạt động", cell, &r)
			}
			var out bytes.Buffer
			x.Write(&out)
			return out.Bytes()
		}
		load := func(data []byte) (int, error) { return activity.ImportFile(ctx, d, officer, actor, data, f.now) }
		good := [][]any{
			{"05/08/2025", "Khu phố 3", "Hội nghị, họp dân, họp khu phố", "2, 3", "3", "", 1, "buổi", 70, "300.000", "Họp khu phố", ""},
			{"06/08/2025", "Công an phường", "loa", "3", "", "Trụ sở Công an phường", 4, "lượt phát loa", 0, 0, "", ""},
		}
		badRows := append(append([][]any{}, good...),
			[]any{"31/02/2025", "Phòng Không Tồn Tại", "Hình thức lạ", "9", "", "", 0, "buổi", "", "", "", "ftp://x"},
			[]any{},
			[]any{"07/08/2025", "Khu phố 4", "Loa di động khu phố", "1", "Khu phố 99", "", 2, "lượt phát loa", 10, 0, "", ""},
		)
		_, err := load(fill(badRows))
		var ie activity.ImportErrors
		if !errors.As(err, &ie) || len(ie) != 2 || ie[0].Row != 4 || ie[1].Row != 6 {
			t.Fatalf("errors = %+v (%v)", ie, err)
		}
		joined := strings.Join(ie[0].Messages, " | ")
		for _, want := range []string{"Phòng Không Tồn Tại", "Hình thức lạ", "Ngày", "Nội dung", "Số lượng", "Đường dẫn"} {
			if !strings.Contains(joined, want) {
				t.Errorf("row 4 messages lack %q: %s", want, joined)
			}
		}
		if as, _ := activity.List(ctx, d, f.w.ID, activity.Filter{}); len(as) != 0 {
			t.Fatalf("a file with errors wrote %d rows", len(as))
		}
		n, err := load(fill(good))
		if err != nil || n != 2 {
			t.Fatalf("good file: %d, %v", n, err)
		}
		as, _ := activity.List(ctx, d, f.w.ID, activity.Filter{})
		if len(as) != 2 || as[1].PlaceName != "Khu phố 3" || as[1].Cost != 300000 || as[0].PlaceName != "Trụ sở Công an phường" {
			t.Errorf("imported: %+v %+v", as[0], as[1])
		}
		if _, _, _, err := activity.ParseImport([]byte("not a spreadsheet"), f.p, f.units); err == nil {
			t.Error("garbage parsed")
		}
		// A khu phố head may import only the khu phố's own rows.
		head, headActor := f.user(t, "kp03", account.RoleKhuPhoHead, "kp-03")
		_, err = activity.ImportFile(ctx, d, head, headActor, fill(good), f.now)
		if !errors.As(err, &ie) || len(ie) != 1 || ie[0].Row != 3 {
			t.Errorf("khu phố head importing for the police: %+v", err)
		}
	})
}

// FuzzParseImport: any bytes are refused cleanly or parsed without panic.
func FuzzParseImport(f *testing.F) {
	p := &plan.Plan{Channels: []*plan.Channel{{Code: "loa", Name: "Loa"}}}
	var tpl bytes.Buffer
	activity.WriteTemplate(&tpl, p, nil, nil)
	f.Add(tpl.Bytes())
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, data []byte) {
		activity.ParseImport(data, p, nil)
	})
}

func TestPublicationCountsAsActivity(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		actor := audit.Actor{WardID: f.w.ID, Username: "system"}
		var a *activity.Activity
		err := d.InTx(ctx, func(tx *db.Tx) error {
			var err error
			if a, err = activity.RecordPublication(ctx, tx, actor, f.w.ID, "2025-10-02", []string{"3", "9"}, "Hướng dẫn nộp hồ sơ", "https://phudinh.example/bai-viet/x"); err != nil {
				return err
			}
			none, err := activity.RecordPublication(ctx, tx, actor, f.w.ID, "2026-02-01", []string{"3"}, "Ngoài kỳ", "")
			if none != nil {
				t.Error("an article outside the plan's period was counted")
			}
			return err
		})
		if err != nil || a == nil {
			t.Fatalf("record: %v", err)
		}
		got, _ := activity.Get(ctx, d, f.w.ID, a.ID)
		if got.ChannelCode != "cong-ttdt-mxh" || got.UnitName != f.unit("vp-hdnd-ubnd").Name || len(got.Themes) != 1 || got.Link == "" {
			t.Errorf("recorded %+v", got)
		}
		st, _ := activity.Summarise(ctx, d, f.p, f.units, activity.MonthRange("2025-10", "2025-10"))
		if st.Total.Activities != 1 || st.ByTheme[2].Activities != 1 {
			t.Errorf("not in the figures: %+v", st.Total)
		}
	})
}

// blockingStore holds every Put until released, so a test can look at the
// database while an upload is in flight.
type blockingStore struct {
	filestore.Store
	started chan struct{}
	release chan struct{}
}

func (b *blockingStore) Put(ctx context.Context, key string, r io.Reader, size int64, ct string) error {
	b.started <- struct{}{}
	<-b.release
	return b.Store.Put(ctx, key, r, size, ct)
}

// Evidence goes to the file store before the transaction: on SQLite an
// upload inside it would hold the process's write lock, and every other
// writer would wait for the file store.
func TestEvidenceStoredOutsideTheTransaction(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		head, actor := f.user(t, "kp01", account.RoleKhuPhoHead, "kp-01")
		kp1 := f.unit("kp-01").ID
		store := &blockingStore{Store: f.files, started: make(chan struct{}), release: make(chan struct{})}
		in := activity.Input{UnitID: kp1, HeldOn: "12/08/2025", ChannelCode: "hoi-nghi", Themes: []string{"2"}, PlaceUnitID: kp1,
			Quantity: "1", QuantityUnit: "buổi", People: "30", Files: [][]byte{photoWithGPS(64, 48)}}
		done := make(chan error, 1)
		go func() {
			_, err := activity.Record(ctx, d, store, head, actor, in, f.now)
			done <- err
		}()
		<-store.started
		wrote := make(chan error, 1)
		go func() {
			wrote <- d.InTx(ctx, func(tx *db.Tx) error {
				_, err := tx.Exec(ctx, `update wards set phone = phone where id = ?`, f.w.ID)
				return err
			})
		}()
		select {
		case err := <-wrote:
			if err != nil {
				t.Error(err)
			}
		case <-time.After(5 * time.Second):
			t.Error("another writer waited for an upload: the file is stored inside the transaction")
		}
		close(store.release)
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	})
}
