package poster_test

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"strings"
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
	"github.com/cchc-vn/cchc/internal/poster"
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
	t                 *testing.T
	d                 *db.DB
	ctx               context.Context
	ward              *ward.Ward
	plan              *plan.Plan
	units             []*ward.Unit
	themes            map[string]string
	kp1, kp2, office  *ward.Unit
	files             *filestore.Local
	dir               string
	lead, officer, kp *account.User
	other             *account.User // an officer of another unit
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
	dir := t.TempDir()
	files, _ := filestore.NewLocal(dir)
	f := &fixture{t: t, d: d, ctx: ctx, ward: w, plan: p, themes: map[string]string{}, files: files, dir: dir}
	for _, th := range p.Themes {
		f.themes[th.Code] = th.Title
	}
	f.units, _ = ward.Units(ctx, d, w.ID)
	var lead, other int64
	for _, u := range f.units {
		switch {
		case u.Name == "Khu phố 1":
			f.kp1 = u
		case u.Name == "Khu phố 2":
			f.kp2 = u
		case u.Code == "vh-xh":
			lead = u.ID
		case u.Kind == ward.KindOffice:
			f.office = u
		case u.Kind != ward.KindKhuPho && other == 0:
			other = u.ID
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
	f.other = mk("khac", account.RoleUnitOfficer, other)
	return f
}

func (f *fixture) actor(u *account.User) audit.Actor {
	return audit.Actor{WardID: f.ward.ID, UserID: u.ID, Username: u.Username}
}

func (f *fixture) input() poster.Input {
	return poster.Input{Kind: "bang-ron", Message: "Nộp hồ sơ trực tuyến – nhanh chóng, tiết kiệm, minh bạch", Themes: []string{"2"},
		Size: "0,8 × 6 m", Address: "Trước chợ Phú Định", KhuPhoID: f.kp1.ID, PlaceKind: "cho", Quantity: "2", Cost: "1.500.000",
		PutUpOn: "06/10/2025", TakeDownOn: "31/12/2025", UnitID: f.kp1.ID, Target: poster.TargetFeedback}
}

func (f *fixture) count(table string) int {
	var n int
	if err := f.d.QueryRow(f.ctx, `select count(*) from `+table).Scan(&n); err != nil {
		f.t.Fatal(err)
	}
	return n
}

func (f *fixture) stored() int {
	n := 0
	filepath.Walk(f.dir, func(path string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() && !strings.HasSuffix(path, ".type") {
			n++
		}
		return nil
	})
	return n
}

// visual reads the plan's visual channel figures for October 2025.
func (f *fixture) visual() activity.Figure {
	st, err := activity.Summarise(f.ctx, f.d, f.plan, f.units, activity.MonthRange("2025-10", "2025-10"))
	if err != nil {
		f.t.Fatal(err)
	}
	for _, c := range st.ByChannel {
		if c.Key == "truc-quan" {
			return c
		}
	}
	f.t.Fatal("no visual channel in the plan")
	return activity.Figure{}
}

func photo(t *testing.T) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 64, 48))
	for x := range 64 {
		img.Set(x, x%48, color.RGBA{200, 30, 30, 255})
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// An item put up counts once on the plan's visual channel, in its khu phố
// and with its themes, quantity and cost; correcting it corrects that
// activity; it cannot go up twice.
func TestPutUpCountsOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		now := at("2025-10-08 09:00")
		in := f.input()
		in.Photos = [][]byte{photo(t)}
		it, err := poster.Save(f.ctx, d, f.files, f.kp, f.actor(f.kp), 0, in, f.themes, now)
		if err != nil {
			t.Fatal(err)
		}
		if it.Status != poster.Planned || len(it.Code) != 6 || len(it.Photos) != 1 || it.Photos[0].ContentType != "image/jpeg" || it.Cost != 1_500_000 {
			t.Fatalf("saved: %+v", it)
		}
		if got := f.visual(); got.Activities != 0 {
			t.Fatalf("a planned item counted: %+v", got)
		}
		if _, err := poster.PutUp(f.ctx, d, f.other, f.actor(f.other), it.ID, "07/10/2025", now); !errors.Is(err, poster.ErrForbidden) {
			t.Fatalf("another unit's officer put it up: %v", err)
		}
		up, err := poster.PutUp(f.ctx, d, f.kp, f.actor(f.kp), it.ID, "07/10/2025", now)
		if err != nil {
			t.Fatal(err)
		}
		if up.Status != poster.Up || up.PutUpOn != "2025-10-07" || up.ActivityID == 0 {
			t.Fatalf("put up: %+v", up)
		}
		a, err := activity.Get(f.ctx, d, f.ward.ID, up.ActivityID)
		if err != nil {
			t.Fatal(err)
		}
		if a.ChannelCode != "truc-quan" || a.PlaceUnitID != f.kp1.ID || a.UnitID != f.kp1.ID || a.Quantity != 2 || a.Cost != 1_500_000 ||
			a.QuantityUnit != "băng rôn" || a.HeldOn != "2025-10-07" || strings.Join(a.Themes, ",") != "2" {
			t.Fatalf("activity: %+v", a)
		}
		if got := f.visual(); got.Activities != 1 || got.Quantity != 2 || got.Cost != 1_500_000 {
			t.Fatalf("visual channel after put up: %+v", got)
		}
		var ce check.Errors
		if _, err := poster.PutUp(f.ctx, d, f.kp, f.actor(f.kp), it.ID, "08/10/2025", now); !errors.As(err, &ce) || ce["put_up_on"] == "" {
			t.Fatalf("put up twice: %v", err)
		}
		in = f.input()
		in.Quantity, in.Cost, in.Themes = "3", "2.000.000", []string{"2", "1"}
		if _, err := poster.Save(f.ctx, d, f.files, f.kp, f.actor(f.kp), it.ID, in, f.themes, now); err != nil {
			t.Fatal(err)
		}
		if got := f.visual(); got.Activities != 1 || got.Quantity != 3 || got.Cost != 2_000_000 {
			t.Fatalf("visual channel after the correction: %+v", got)
		}
		if a, _ = activity.Get(f.ctx, d, f.ward.ID, up.ActivityID); a.Quantity != 3 || len(a.Themes) != 2 {
			t.Fatalf("activity after the correction: %+v", a)
		}
		if _, err := poster.TakeDown(f.ctx, d, f.kp, f.actor(f.kp), it.ID, "05/10/2025", now); !errors.As(err, &ce) || ce["taken_down_on"] == "" {
			t.Fatalf("taken down before it went up: %v", err)
		}
		down, err := poster.TakeDown(f.ctx, d, f.kp, f.actor(f.kp), it.ID, "08/10/2025", now)
		if err != nil || down.Status != poster.Down || down.TakenDownOn != "2025-10-08" {
			t.Fatalf("take down: %+v %v", down, err)
		}
		if got := f.visual(); got.Activities != 1 {
			t.Fatalf("taking down changed what was done: %+v", got)
		}
		// Once the lead unit accepts Khu phố 1's October, a correction and a
		// new item leave its figures as they were.
		if err := d.InTx(f.ctx, func(tx *db.Tx) error { return activity.Lock(f.ctx, tx, f.plan.ID, f.kp1.ID, "2025-10", now) }); err != nil {
			t.Fatal(err)
		}
		late, err := poster.Save(f.ctx, d, f.files, f.kp, f.actor(f.kp), 0, f.input(), f.themes, now)
		if err != nil {
			t.Fatal(err)
		}
		if late, err = poster.PutUp(f.ctx, d, f.kp, f.actor(f.kp), late.ID, "07/10/2025", now); err != nil || late.Status != poster.Up || late.ActivityID != 0 {
			t.Fatalf("put up in a locked month: %+v %v", late, err)
		}
		in.Quantity = "9"
		if _, err := poster.Save(f.ctx, d, f.files, f.kp, f.actor(f.kp), it.ID, in, f.themes, now); err != nil {
			t.Fatal(err)
		}
		if got := f.visual(); got.Activities != 1 || got.Quantity != 3 {
			t.Fatalf("a locked month changed: %+v", got)
		}
		pub, err := poster.Public(f.ctx, d, f.ward.ID)
		if err != nil || len(pub) != 2 {
			t.Fatalf("public: %v %v", pub, err)
		}
	})
}

// Bad input gets a message on its field and nothing is written: no row,
// no photo in the store.
func TestSaveRefusesBadInput(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		now := at("2025-10-08 09:00")
		cases := []struct {
			name, field string
			change      func(*poster.Input)
		}{
			{"unknown kind", "kind", func(in *poster.Input) { in.Kind = "to-truyen" }},
			{"no message", "message", func(in *poster.Input) { in.Message = "  " }},
			{"no theme", "themes", func(in *poster.Input) { in.Themes = []string{"99"} }},
			{"no place", "address", func(in *poster.Input) { in.Address, in.KhuPhoID = "", 0 }},
			{"a unit as khu phố", "khu_pho_id", func(in *poster.Input) { in.KhuPhoID = f.office.ID }},
			{"unknown place kind", "place_kind", func(in *poster.Input) { in.PlaceKind = "san-bay" }},
			{"no quantity", "quantity", func(in *poster.Input) { in.Quantity = "0" }},
			{"cost in words", "cost", func(in *poster.Input) { in.Cost = "một triệu" }},
			{"date typed the American way", "put_up_on", func(in *poster.Input) { in.PutUpOn = "10/31/2025" }},
			{"down before up", "take_down_on", func(in *poster.Input) { in.TakeDownOn = "01/10/2025" }},
			{"unknown procedure", "target_ref", func(in *poster.Input) { in.Target, in.TargetRef = poster.TargetProcedure, "9.999999" }},
			{"unknown article", "target_ref", func(in *poster.Input) {
				in.Target, in.TargetRef = poster.TargetArticle, "https://phudinh.example/bai-viet/khong-co"
			}},
			{"unknown contest", "target_ref", func(in *poster.Input) { in.Target, in.TargetRef = poster.TargetContest, "" }},
			{"no target", "target", func(in *poster.Input) { in.Target = "" }},
			{"a photo that is not one", "photos", func(in *poster.Input) { in.Photos = append(in.Photos, []byte("%PDF-1.4 not a photo")) }},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				in := f.input()
				in.Photos = [][]byte{photo(t)}
				c.change(&in)
				_, err := poster.Save(f.ctx, d, f.files, f.kp, f.actor(f.kp), 0, in, f.themes, now)
				var ce check.Errors
				if !errors.As(err, &ce) || ce[c.field] == "" {
					t.Fatalf("want a message on %s, got %v", c.field, err)
				}
				if f.count("posters") != 0 || f.count("poster_photos") != 0 || f.stored() != 0 {
					t.Fatal("something was written")
				}
			})
		}
		in := f.input()
		in.UnitID = f.office.ID
		if _, err := poster.Save(f.ctx, d, f.files, f.kp, f.actor(f.kp), 0, in, f.themes, now); err == nil {
			t.Fatal("a khu phố head recorded another unit's item")
		}
	})
}

func TestReader(t *testing.T) {
	const android = "Mozilla/5.0 (Linux; Android 14; SM-A155F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36"
	const zalo = "Mozilla/5.0 (Linux; Android 13; V2207) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/120.0 Mobile Safari/537.36 Zalo android/12100703 ZaloTheme/light ZaloLanguage/vn"
	const iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
	cases := []struct {
		method, ua, purpose string
		want                bool
	}{
		{"GET", android, "", true},
		{"GET", zalo, "", true},
		{"GET", iphone, "", true},
		{"HEAD", iphone, "", false},
		{"GET", iphone, "prefetch", false},
		{"GET", android, "prefetch;prerender", false},
		{"GET", "", "", false},
		{"GET", "curl/8.5.0", "", false},
		{"GET", "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", "", false},
		{"GET", "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)", "", false},
		{"GET", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0 Safari/537.36", "", false},
		{"GET", "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)", "", false},
		{"GET", "Go-http-client/1.1", "", false},
	}
	for _, c := range cases {
		if got := poster.Reader(c.method, c.ua, c.purpose); got != c.want {
			t.Errorf("Reader(%s, %q, %q) = %v, want %v", c.method, c.ua, c.purpose, got, c.want)
		}
	}
}

// Scans are counted by item, place and day over a range.
func TestReadership(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		now := at("2025-10-08 09:00")
		a, err := poster.Save(f.ctx, d, f.files, f.kp, f.actor(f.kp), 0, f.input(), f.themes, now)
		if err != nil {
			t.Fatal(err)
		}
		in := f.input()
		in.Kind, in.KhuPhoID, in.PlaceKind, in.Address, in.UnitID = "pano", 0, "tru-so", "Trụ sở UBND phường", f.office.ID
		b, err := poster.Save(f.ctx, d, f.files, f.lead, f.actor(f.lead), 0, in, f.themes, now)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range []struct {
			it  *poster.Item
			day string
		}{{a, "2025-10-08 07:00"}, {a, "2025-10-08 19:00"}, {a, "2025-10-09 08:00"}, {b, "2025-10-09 10:00"}, {a, "2025-11-02 08:00"}} {
			if err := poster.CountScan(f.ctx, d, s.it, at(s.day)); err != nil {
				t.Fatal(err)
			}
		}
		r, err := poster.Readership(f.ctx, d, f.ward.ID, "2025-10-01", "2025-10-31")
		if err != nil {
			t.Fatal(err)
		}
		if r.Total != 4 || len(r.Items) != 2 || r.Items[0].Item.ID != a.ID || r.Items[0].Scans != 3 || r.Days["2025-10-09"] != 2 {
			t.Fatalf("readership: %+v", r)
		}
		if len(r.Places) != 2 || r.Places[0].Name() != "Chợ, trung tâm thương mại – Khu phố 1" || r.Places[1].Name() != "Trụ sở UBND phường" {
			t.Fatalf("places: %+v", r.Places)
		}
		got, _ := poster.Get(f.ctx, d, f.ward.ID, a.ID)
		if got.Scans != 4 {
			t.Fatalf("all-time scans of a: %d", got.Scans)
		}
		byCode, err := poster.ByCode(f.ctx, d, f.ward.ID, strings.ToUpper(a.Code))
		if err != nil || byCode.ID != a.ID || byCode.Path() != "/phan-anh" {
			t.Fatalf("by code: %+v %v", byCode, err)
		}
	})
}

// An item standing near its take-down day is reminded to its unit once,
// and again once when it is late.
func TestRemind(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		now := at("2025-10-08 09:00")
		in := f.input()
		in.TakeDownOn = "10/10/2025"
		it, err := poster.Save(f.ctx, d, f.files, f.kp, f.actor(f.kp), 0, in, f.themes, now)
		if err != nil {
			t.Fatal(err)
		}
		if n, err := poster.Remind(f.ctx, d, now); err != nil || n != 0 {
			t.Fatalf("a planned item reminded: %d %v", n, err)
		}
		if _, err := poster.PutUp(f.ctx, d, f.kp, f.actor(f.kp), it.ID, "07/10/2025", now); err != nil {
			t.Fatal(err)
		}
		for i, c := range []struct {
			when string
			want int
		}{{"2025-10-05 09:00", 0}, {"2025-10-08 09:00", 1}, {"2025-10-09 09:00", 0}, {"2025-10-11 09:00", 1}, {"2025-10-12 09:00", 0}} {
			if n, err := poster.Remind(f.ctx, d, at(c.when)); err != nil || n != c.want {
				t.Fatalf("run %d at %s: %d notices, want %d (%v)", i, c.when, n, c.want, err)
			}
		}
		ns, _ := notice.List(f.ctx, d, f.kp.ID, 10)
		if len(ns) != 2 || ns[0].Kind != notice.KindPosterDue || !strings.Contains(ns[0].Subject+ns[1].Subject, "Quá hạn tháo") {
			t.Fatalf("notices: %+v", ns)
		}
	})
}

func TestQRImages(t *testing.T) {
	link := "https://phudinh.example.vn/p/k7m2qx"
	svg, err := poster.QRSVG(link)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(svg, []byte("<svg")) || !bytes.Contains(svg, []byte(">phudinh.example.vn/p/k7m2qx</text>")) {
		t.Fatalf("svg: %.300s", svg)
	}
	for _, cm := range []int{3, 20} {
		data, err := poster.QRPNG(link, cm)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		want := cm * poster.DPI * 100 / 254
		if w := img.Bounds().Dx(); w != want {
			t.Fatalf("%d cm: %d px wide, want %d", cm, w, want)
		}
		// The band under the code holds the address: dark pixels there.
		dark := 0
		for y := want; y < img.Bounds().Dy(); y++ {
			for x := range want {
				if r, _, _, _ := img.At(x, y).RGBA(); r < 0x4000 {
					dark++
				}
			}
		}
		if dark == 0 {
			t.Fatalf("%d cm: no address written under the code", cm)
		}
	}
	its := make([]*poster.Item, 11)
	for i := range its {
		its[i] = &poster.Item{Code: "abc23" + string(rune('a'+i)), Kind: "ap-phich", Message: "Cài đặt VNeID mức 2 để làm thủ tục trực tuyến", PutUpOn: "2025-10-01", TakeDownOn: "2025-12-31", PlaceKind: "cho"}
	}
	var b bytes.Buffer
	if err := poster.Labels(&b, its, "https://phudinh.example.vn", "Phường Phú Định", at("2025-10-08 09:00")); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b.Bytes(), []byte("%PDF-")) || bytes.Count(b.Bytes(), []byte("/Type /Page\n")) != 2 {
		t.Fatalf("11 labels should make 2 A4 pages: %d", bytes.Count(b.Bytes(), []byte("/Type /Page\n")))
	}
}
