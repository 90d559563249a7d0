package activity_test

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"testing"
	"time"

	"github.com/cchc-vn/cchc/internal/account"
	"github.com/cchc-vn/cchc/internal/activity"
	"github.com/cchc-vn/cchc/internal/audit"
	"github.com/cchc-vn/cchc/internal/check"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/db/dbtest"
	"github.com/cchc-vn/cchc/internal/filestore"
	"github.com/cchc-vn/cchc/internal/media"
	"github.com/cchc-vn/cchc/internal/plan"
	"github.com/cchc-vn/cchc/internal/seed"
	"github.com/cchc-vn/cchc/internal/vn"
	"github.com/cchc-vn/cchc/internal/ward"
)

// photoWithGPS returns a JPEG of w×h pixels carrying an EXIF block with a GPS tag.
func photoWithGPS(w, h int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), 120, 255})
		}
	}
	var j bytes.Buffer
	jpeg.Encode(&j, img, nil)
	b := j.Bytes()
	// An APP1 "Exif" segment right after SOI, holding a GPS marker string.
	payload := append([]byte("Exif\x00\x00"), []byte("MM\x00\x2aGPSLatitude 10.7326N GPSLongitude 106.6306E")...)
	seg := []byte{0xFF, 0xE1, byte((len(payload) + 2) >> 8), byte(len(payload) + 2)}
	seg = append(seg, payload...)
	return append(append([]byte{0xFF, 0xD8}, seg...), b[2:]...)
}

func TestPrepareEvidence(t *testing.T) {
	src := photoWithGPS(3200, 1800)
	if !bytes.Contains(src, []byte("GPSLatitude")) {
		t.Fatal("test photo lacks its GPS block")
	}
	up, problem := media.Prepare(src)
	out, ct, ext := up.Data, up.ContentType, up.Ext
	if problem != "" || ct != "image/jpeg" || ext != "jpg" {
		t.Fatalf("photo refused: %q", problem)
	}
	if bytes.Contains(out, []byte("Exif")) || bytes.Contains(out, []byte("GPS")) {
		t.Error("location metadata kept")
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(out))
	if err != nil || cfg.Width != 1600 || cfg.Height != 900 {
		t.Errorf("resized to %dx%d (%v), want 1600x900", cfg.Width, cfg.Height, err)
	}
	for name, data := range map[string][]byte{
		"html named .jpg": []byte("<html><script>alert(1)</script>"),
		"empty":           nil,
		"truncated jpeg":  src[:200],
	} {
		if _, problem := media.Prepare(data); problem == "" {
			t.Errorf("%s accepted", name)
		}
	}
	if up, problem := media.Prepare([]byte("%PDF-1.4\nstartxref\n0\n%%EOF")); problem != "" || up.ContentType != "application/pdf" {
		t.Errorf("PDF refused: %q", problem)
	}
}

func TestRecordActivity(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		seed.Load(ctx, d)
		w, _ := ward.ByCode(ctx, d, "27427")
		p, _ := plan.Current(ctx, d, w.ID)
		kp1, _ := ward.UnitByCode(ctx, d, w.ID, "kp-01")
		kp2, _ := ward.UnitByCode(ctx, d, w.ID, "kp-02")
		head, _ := account.Create(ctx, d, w.ID, account.NewUser{Username: "kp01", FullName: "Trưởng KP1", Role: account.RoleKhuPhoHead, UnitID: kp1.ID, Password: "mat-khau-du-dai"})
		files, _ := filestore.NewLocal(t.TempDir())
		now := time.Date(2025, 12, 15, 9, 0, 0, 0, vn.Zone)
		record := func(in activity.Input) (*activity.Activity, error) {
			return activity.Record(ctx, d, files, head, audit.Actor{WardID: w.ID, UserID: head.ID, Username: head.Username}, in, now)
		}
		good := activity.Input{UnitID: kp1.ID, HeldOn: "12/08/2025", ChannelCode: "hoi-nghi", Themes: []string{"2", "3"}, PlaceUnitID: kp1.ID,
			Quantity: "1", QuantityUnit: "buổi", People: "65", Cost: "500.000", Description: "Họp khu phố tháng 8, phổ biến nộp hồ sơ trực tuyến.",
			TaskID: p.Sections[7].Tasks[0].ID, Files: [][]byte{photoWithGPS(800, 600)}}

		other := good
		other.UnitID, other.PlaceUnitID = kp2.ID, kp2.ID
		if _, err := record(other); !errors.Is(err, activity.ErrForbidden) {
			t.Errorf("khu phố head recorded for another khu phố: %v", err)
		}
		bad := good
		bad.HeldOn, bad.ChannelCode, bad.Themes, bad.Quantity, bad.Link = "20/12/2025", "xyz", nil, "0", "javascript:alert(1)"
		bad.Files = [][]byte{[]byte("not a photo")}
		_, err := record(bad)
		var ce check.Errors
		if !errors.As(err, &ce) {
			t.Fatalf("bad input: %v", err)
		}
		for _, f := range []string{"held_on", "channel", "themes", "quantity", "link", "files"} {
			if ce[f] == "" {
				t.Errorf("no message for %s: %v", f, ce)
			}
		}
		if as, _ := activity.List(ctx, d, w.ID, activity.Filter{}); len(as) != 0 {
			t.Fatal("refused input was written")
		}
		a, err := record(good)
		if err != nil {
			t.Fatal(err)
		}
		got, err := activity.Get(ctx, d, w.ID, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.People != 65 || got.Cost != 500000 || got.ChannelName != "Hội nghị, họp dân, họp khu phố" || len(got.Themes) != 2 || got.PlaceName != "Khu phố 1" || len(got.Evidence) != 1 {
			t.Errorf("stored = %+v", got)
		}
		rc, info, err := files.Get(ctx, got.Evidence[0].Key)
		if err != nil {
			t.Fatal(err)
		}
		stored, _ := io.ReadAll(rc)
		rc.Close()
		if info.ContentType != "image/jpeg" || bytes.Contains(stored, []byte("GPS")) {
			t.Error("stored evidence keeps its location")
		}
		as, _ := activity.List(ctx, d, w.ID, activity.Filter{Month: "2025-08", UnitID: kp1.ID})
		if len(as) != 1 {
			t.Errorf("list by month and unit: %d", len(as))
		}
		if as, _ := activity.List(ctx, d, w.ID, activity.Filter{Month: "2025-09"}); len(as) != 0 {
			t.Errorf("September lists August's activity")
		}
	})
}

// FuzzPrepareEvidence: arbitrary bytes are refused or yield a clean JPEG or PDF.
func FuzzPrepareEvidence(f *testing.F) {
	f.Add(photoWithGPS(40, 30))
	f.Add([]byte("%PDF-1.4"))
	f.Add([]byte{0xFF, 0xD8, 0xFF})
	f.Fuzz(func(t *testing.T, data []byte) {
		up, problem := media.Prepare(data)
		if problem == "" && up.ContentType == "image/jpeg" && bytes.Contains(up.Data, []byte("Exif")) {
			t.Fatal("metadata survived")
		}
	})
}

// A unit of quantity left empty on the form is the one the ward's records
// on that channel use most; "lần" before there is any.
func TestEmptyUnitIsTheChannelsUsualOne(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		seed.Load(ctx, d)
		w, _ := ward.ByCode(ctx, d, "27427")
		kp1, _ := ward.UnitByCode(ctx, d, w.ID, "kp-01")
		head, _ := account.Create(ctx, d, w.ID, account.NewUser{Username: "kp01", FullName: "Trưởng KP1", Role: account.RoleKhuPhoHead, UnitID: kp1.ID, Password: "mat-khau-du-dai"})
		files, _ := filestore.NewLocal(t.TempDir())
		now := time.Date(2025, 12, 15, 9, 0, 0, 0, vn.Zone)
		record := func(channel, unit string) string {
			a, err := activity.Record(ctx, d, files, head, audit.Actor{WardID: w.ID, UserID: head.ID, Username: head.Username},
				activity.Input{UnitID: kp1.ID, HeldOn: "12/08/2025", ChannelCode: channel, Themes: []string{"2"}, PlaceUnitID: kp1.ID,
					Quantity: "1", QuantityUnit: unit}, now)
			if err != nil {
				t.Fatal(err)
			}
			return a.QuantityUnit
		}
		if u := record("loa", " "); u != "lần" {
			t.Errorf("first loudspeaker record without a unit: %q", u)
		}
		record("loa", "lượt phát loa")
		record("loa", "lượt phát loa")
		record("hoi-nghi", "buổi")
		if u := record("loa", ""); u != "lượt phát loa" {
			t.Errorf("loudspeaker without a unit: %q", u)
		}
		if u := record("hoi-nghi", ""); u != "buổi" {
			t.Errorf("meeting without a unit: %q", u)
		}
	})
}
