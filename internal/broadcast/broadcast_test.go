package broadcast_test

import (
	"context"
	"encoding/binary"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cchc-vn/cchc/internal/account"
	"github.com/cchc-vn/cchc/internal/activity"
	"github.com/cchc-vn/cchc/internal/audit"
	"github.com/cchc-vn/cchc/internal/broadcast"
	"github.com/cchc-vn/cchc/internal/check"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/db/dbtest"
	"github.com/cchc-vn/cchc/internal/filestore"
	"github.com/cchc-vn/cchc/internal/media"
	"github.com/cchc-vn/cchc/internal/plan"
	"github.com/cchc-vn/cchc/internal/seed"
	"github.com/cchc-vn/cchc/internal/speech"
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
	t                          *testing.T
	d                          *db.DB
	ctx                        context.Context
	ward                       *ward.Ward
	themes                     map[string]string
	kp1, kp2                   *ward.Unit
	files                      *filestore.Local
	dir                        string
	writer, lead, leader, head *account.User
}

func (f *fixture) actor(u *account.User) audit.Actor {
	return audit.Actor{WardID: f.ward.ID, UserID: u.ID, Username: u.Username}
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
	f := &fixture{t: t, d: d, ctx: ctx, ward: w, themes: map[string]string{}, files: files, dir: dir}
	for _, th := range p.Themes {
		f.themes[th.Code] = th.Title
	}
	units, _ := ward.Units(ctx, d, w.ID)
	var lead, office int64
	for _, u := range units {
		switch {
		case u.Kind == ward.KindKhuPho && broadcast.KhuPhoNumber(u) == 1:
			f.kp1 = u
		case u.Kind == ward.KindKhuPho && broadcast.KhuPhoNumber(u) == 2:
			f.kp2 = u
		case u.Code == "vh-xh":
			lead = u.ID
		case u.Kind == ward.KindOffice:
			office = u.ID
		}
	}
	mk := func(name string, role account.Role, unit int64) *account.User {
		u, err := account.Create(ctx, d, w.ID, account.NewUser{Username: name, FullName: name, Role: role, UnitID: unit, Password: "mat-khau-du-dai"})
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	f.writer = mk("vanphong", account.RoleUnitOfficer, office)
	f.lead = mk("vhxh", account.RoleLeadOfficer, lead)
	f.leader = mk("lanhdao", account.RoleLeader, 0)
	f.head = mk("kp01", account.RoleKhuPhoHead, f.kp1.ID)
	return f
}

func (f *fixture) input(title string) broadcast.Input {
	return broadcast.Input{Title: title, Body: "Từ ngày 01/10/2025, bà con nộp hồ sơ trực tuyến trên Cổng dịch vụ công. Liên hệ 0283 850 1234.",
		Themes: []string{"2"}, Priority: broadcast.Normal, AllKhuPho: true, StartsOn: "06/10/2025", EndsOn: "12/10/2025", Repeats: 2}
}

// files counts the files kept in the store.
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

// wav is a tone of seconds, as a phone's recording would be.
func wav(seconds float64) []byte {
	w := &media.WAV{Rate: 16000, Channels: 1, Samples: make([]int16, int(16000*seconds))}
	for i := range w.Samples {
		w.Samples[i] = int16(8000 * math.Sin(float64(i)/8))
	}
	return w.Encode()
}

// countingEngine makes a short tone and counts its calls.
type countingEngine struct{ calls atomic.Int32 }

func (c *countingEngine) Name() string { return "tone" }
func (c *countingEngine) Synthesize(ctx context.Context, text string, speed float64) ([]byte, error) {
	c.calls.Add(1)
	return wav(1.5), nil
}

// TestBulletinFromArticleToPlay is the bulletin's life: written from an
// article by a unit's officer, read by espeak-ng, checked by the lead
// unit, approved by the leader, in Khu phố 1's playlist for its days, and
// a confirmed play counted as the khu phố's loudspeaker activity.
func TestBulletinFromArticleToPlay(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		article := "## Nộp hồ sơ trực tuyến\n\nTừ ngày 01/10/2025, **UBND phường** nhận hồ sơ trên [Cổng DVC](https://dichvucong.gov.vn).\n\n" +
			"| Thủ tục | Phí |\n|---|---|\n| Khai sinh | 0 |\n\n![ảnh](/anh/1.jpg)\n\nLệ phí 50.000 đồng, liên hệ 0283 850 1234."
		in := f.input("Nộp hồ sơ trực tuyến")
		in.Body = broadcast.Listenable(article, nil)
		for _, gone := range []string{"http", "|", "**", "##", "ảnh", "50.000", "UBND", "01/10"} {
			if strings.Contains(in.Body, gone) {
				t.Errorf("the adapted text still has %q: %s", gone, in.Body)
			}
		}
		for _, said := range []string{"Ủy ban nhân dân phường", "Cổng dịch vụ công", "năm mươi nghìn đồng", "ngày mùng một tháng mười"} {
			if !strings.Contains(in.Body, said) {
				t.Errorf("the adapted text lacks %q: %s", said, in.Body)
			}
		}
		in.ArticleID = 7
		b, _, err := broadcast.Save(f.ctx, d, f.writer, f.actor(f.writer), 0, in, f.themes, at("2025-10-03 09:00"))
		if err != nil {
			t.Fatal(err)
		}
		// No audio yet: it cannot be sent.
		var e check.Errors
		if err := broadcast.Submit(f.ctx, d, f.writer, f.actor(f.writer), b.ID, at("2025-10-03 09:05")); !errors.As(err, &e) || e["audio"] == "" {
			t.Fatalf("sent without audio: %v", err)
		}
		var engine speech.Engine = speech.Espeak{}
		if !(speech.Espeak{}).Available() {
			if os.Getenv("CCHC_TEST_STRICT") != "" {
				t.Fatal("espeak-ng is not installed")
			}
			t.Log("espeak-ng is not installed: a tone stands in for it")
			engine = &countingEngine{}
		}
		if _, err := broadcast.Speak(f.ctx, d, f.files, engine, f.writer, f.actor(f.writer), b.ID, 1, at("2025-10-03 09:10")); err != nil {
			t.Fatal(err)
		}
		b, _ = broadcast.Get(f.ctx, d, f.ward.ID, b.ID)
		if b.AudioSource != broadcast.SourceSpeech || b.AudioType != "audio/wav" || b.AudioMS < 3000 {
			t.Fatalf("audio %s %s %d ms", b.AudioSource, b.AudioType, b.AudioMS)
		}
		// The head of a khu phố and another unit's officer may not approve.
		if err := broadcast.Approve(f.ctx, d, f.head, f.actor(f.head), b.ID, true, "", at("2025-10-03 10:00")); !errors.Is(err, broadcast.ErrForbidden) {
			t.Errorf("a khu phố head approved: %v", err)
		}
		if err := broadcast.Submit(f.ctx, d, f.writer, f.actor(f.writer), b.ID, at("2025-10-03 09:15")); err != nil {
			t.Fatal(err)
		}
		// A normal bulletin cannot skip the lead unit's check.
		if err := broadcast.Approve(f.ctx, d, f.leader, f.actor(f.leader), b.ID, true, "", at("2025-10-03 10:00")); !errors.As(err, &e) || e["decision"] == "" {
			t.Fatalf("approved before the check: %v", err)
		}
		if err := broadcast.Check(f.ctx, d, f.lead, f.actor(f.lead), b.ID, false, "", at("2025-10-03 10:30")); !errors.As(err, &e) || e["note"] == "" {
			t.Fatalf("given back without a reason: %v", err)
		}
		if err := broadcast.Check(f.ctx, d, f.lead, f.actor(f.lead), b.ID, true, "", at("2025-10-03 10:30")); err != nil {
			t.Fatal(err)
		}
		if err := broadcast.Approve(f.ctx, d, f.leader, f.actor(f.leader), b.ID, true, "", at("2025-10-03 11:00")); err != nil {
			t.Fatal(err)
		}
		// Khu phố 1's playlist of 06/10 has it in each of its two slots; 13/10 does not.
		pl, err := broadcast.PlaylistFor(f.ctx, d, f.ward.ID, f.kp1.ID, "2025-10-06")
		if err != nil {
			t.Fatal(err)
		}
		if len(pl.Slots) != 2 || pl.Slots[0].Time != "06:00" || len(pl.Slots[0].Items) != 1 || pl.Slots[0].Items[0].Bulletin.ID != b.ID {
			t.Fatalf("playlist %+v", pl.Slots)
		}
		if later, _ := broadcast.PlaylistFor(f.ctx, d, f.ward.ID, f.kp1.ID, "2025-10-13"); !later.Empty() {
			t.Error("the bulletin plays after its last day")
		}
		// The morning slot is played and confirmed: one activity on the loudspeaker channel in Khu phố 1.
		now := at("2025-10-06 06:20")
		created, err := broadcast.Confirm(f.ctx, d, f.actor(f.head), f.ward.ID, broadcast.Play{Unit: f.kp1.ID, Bulletin: b.ID, UserID: f.head.ID}, now)
		if err != nil || !created {
			t.Fatalf("confirm: %v, %v", created, err)
		}
		if again, err := broadcast.Confirm(f.ctx, d, f.actor(f.head), f.ward.ID, broadcast.Play{Unit: f.kp1.ID, Bulletin: b.ID, Slot: "6:00"}, now); err != nil || again {
			t.Errorf("a second confirmation of the slot: %v, %v", again, err)
		}
		acts, _ := activity.List(f.ctx, d, f.ward.ID, activity.Filter{})
		var loa []*activity.Activity
		for _, a := range acts {
			if a.ChannelCode == "loa" {
				loa = append(loa, a)
			}
		}
		if len(loa) == 1 {
			loa[0], _ = activity.Get(f.ctx, d, f.ward.ID, loa[0].ID) // with its themes
		}
		if len(loa) != 1 || loa[0].PlaceUnitID != f.kp1.ID || loa[0].HeldOn != "2025-10-06" || loa[0].Quantity != 1 || strings.Join(loa[0].Themes, ",") != "2" {
			for _, a := range loa {
				t.Logf("%+v", *a)
			}
			t.Fatalf("%d loudspeaker activities", len(loa))
		}
		// The evening slot adds a play to the same activity.
		if _, err := broadcast.Confirm(f.ctx, d, f.actor(f.head), f.ward.ID, broadcast.Play{Unit: f.kp1.ID, Bulletin: b.ID, Slot: "17:00", Source: "box"}, at("2025-10-06 17:10")); err != nil {
			t.Fatal(err)
		}
		a, _ := activity.Get(f.ctx, d, f.ward.ID, loa[0].ID)
		if a.Quantity != 2 {
			t.Errorf("the day's activity has %d plays, want 2", a.Quantity)
		}
		rows, _ := activity.Coverage(f.ctx, d, f.ward.ID, "2025-10")
		for _, r := range rows {
			if r.Unit.ID == f.kp1.ID && r.ByChannel["loa"] != 1 {
				t.Errorf("coverage of Khu phố 1 on the loudspeaker: %d", r.ByChannel["loa"])
			}
		}
		// On 07/10 at 20:00, Khu phố 1 has missed 07/10's two slots; Khu phố 2 all four.
		missed, err := broadcast.Missed(f.ctx, d, f.ward.ID, "2025-10", at("2025-10-07 20:00"))
		if err != nil {
			t.Fatal(err)
		}
		if missed[f.kp1.ID] != 2 || missed[f.kp2.ID] != 4 {
			t.Errorf("missed: Khu phố 1 %d, Khu phố 2 %d", missed[f.kp1.ID], missed[f.kp2.ID])
		}
		// Plays that cannot be: a future day, a slot the khu phố does not have, a bulletin not for that day.
		for _, p := range []broadcast.Play{
			{Unit: f.kp1.ID, Bulletin: b.ID, Day: "2025-10-09"},
			{Unit: f.kp1.ID, Bulletin: b.ID, Day: "2025-10-06", Slot: "09:00"},
			{Unit: f.kp1.ID, Bulletin: b.ID, Day: "2025-10-05"},
			{Unit: f.lead.UnitID, Bulletin: b.ID, Day: "2025-10-06"},
		} {
			if _, err := broadcast.Confirm(f.ctx, d, f.actor(f.head), f.ward.ID, p, at("2025-10-08 08:00")); !errors.As(err, &e) {
				t.Errorf("play %+v: %v", p, err)
			}
		}
	})
}

// TestEmergencySkipsReview: the leader may approve an emergency bulletin
// before the lead unit's check, and the audit log says so.
func TestEmergencySkipsReview(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		in := f.input("Thông báo khẩn: cắt nước")
		in.Priority, in.AllKhuPho, in.KhuPho = broadcast.Emergency, false, "1-3, 5"
		b, _, err := broadcast.Save(f.ctx, d, f.lead, f.actor(f.lead), 0, in, f.themes, at("2025-10-03 09:00"))
		if err != nil {
			t.Fatal(err)
		}
		if len(b.KhuPho) != 4 || !b.For(f.kp2.ID) {
			t.Fatalf("khu phố %v", b.KhuPho)
		}
		if err := broadcast.SetAudio(f.ctx, d, f.files, f.lead, f.actor(f.lead), b.ID, wav(4), broadcast.SourceRecording, at("2025-10-03 09:05")); err != nil {
			t.Fatal(err)
		}
		if err := broadcast.Submit(f.ctx, d, f.lead, f.actor(f.lead), b.ID, at("2025-10-03 09:06")); err != nil {
			t.Fatal(err)
		}
		if err := broadcast.Approve(f.ctx, d, f.leader, f.actor(f.leader), b.ID, true, "", at("2025-10-03 09:10")); err != nil {
			t.Fatal(err)
		}
		b, _ = broadcast.Get(f.ctx, d, f.ward.ID, b.ID)
		if b.Status != broadcast.Approved || !b.SkippedReview {
			t.Fatalf("status %s, skipped %v", b.Status, b.SkippedReview)
		}
		entries, _ := audit.List(f.ctx, d, f.ward.ID, audit.Filter{})
		found := false
		for _, e := range entries {
			found = found || strings.Contains(e.Summary, "bỏ qua bước thẩm định")
		}
		if !found {
			t.Error("the audit log does not say the review was skipped")
		}
		// Emergency first in the playlist.
		normal, _, _ := broadcast.Save(f.ctx, d, f.lead, f.actor(f.lead), 0, f.input("Bản tin thường"), f.themes, at("2025-10-03 09:00"))
		broadcast.SetAudio(f.ctx, d, f.files, f.lead, f.actor(f.lead), normal.ID, wav(3), broadcast.SourceUpload, at("2025-10-03 09:05"))
		broadcast.Submit(f.ctx, d, f.lead, f.actor(f.lead), normal.ID, at("2025-10-03 09:06"))
		broadcast.Check(f.ctx, d, f.lead, f.actor(f.lead), normal.ID, true, "", at("2025-10-03 09:07"))
		if err := broadcast.Approve(f.ctx, d, f.leader, f.actor(f.leader), normal.ID, true, "", at("2025-10-03 09:08")); err != nil {
			t.Fatal(err)
		}
		pl, _ := broadcast.PlaylistFor(f.ctx, d, f.ward.ID, f.kp1.ID, "2025-10-07")
		if items := pl.Slots[0].Items; len(items) != 2 || items[0].Bulletin.ID != b.ID {
			t.Errorf("the emergency bulletin does not come first")
		}
		if pl, _ := broadcast.PlaylistFor(f.ctx, d, f.ward.ID, f.kp1.ID+100000, "2025-10-07"); pl != nil {
			t.Error("a playlist for a unit that is not a khu phố")
		}
	})
}

// TestAudioRefusedLeavesNothing: bad, silent and oversized files are
// refused with a message and leave no file and no change.
func TestAudioRefusedLeavesNothing(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		b, _, err := broadcast.Save(f.ctx, d, f.writer, f.actor(f.writer), 0, f.input("Bản tin"), f.themes, at("2025-10-03 09:00"))
		if err != nil {
			t.Fatal(err)
		}
		silent := wav(3)
		for i := 44; i < len(silent); i++ {
			silent[i] = 0
		}
		huge := append(wav(2), make([]byte, media.MaxAudioSize)...)
		binary.LittleEndian.PutUint32(huge[40:], uint32(len(huge)-44))
		for name, data := range map[string][]byte{"text": []byte("<html>không phải âm thanh</html>"), "silent": silent, "huge": huge, "cut": wav(3)[:30]} {
			err := broadcast.SetAudio(f.ctx, d, f.files, f.writer, f.actor(f.writer), b.ID, data, broadcast.SourceUpload, at("2025-10-03 09:05"))
			var e check.Errors
			if !errors.As(err, &e) || e["audio"] == "" {
				t.Errorf("%s: %v", name, err)
			}
		}
		b, _ = broadcast.Get(f.ctx, d, f.ward.ID, b.ID)
		if b.AudioKey != "" || f.stored() != 0 {
			t.Errorf("a refused file left audio %q and %d stored files", b.AudioKey, f.stored())
		}
		// Input that cannot be: no themes, bad dates, unknown khu phố.
		in := f.input("")
		in.Themes, in.StartsOn, in.EndsOn, in.AllKhuPho, in.KhuPho, in.Repeats = nil, "31/02/2025", "01/10/2025", false, "1, 99", 9
		_, _, err = broadcast.Save(f.ctx, d, f.writer, f.actor(f.writer), 0, in, f.themes, at("2025-10-03 09:00"))
		var e check.Errors
		if !errors.As(err, &e) {
			t.Fatal(err)
		}
		for _, field := range []string{"title", "themes", "starts_on", "khu_pho", "repeats"} {
			if e[field] == "" {
				t.Errorf("no message for %s: %v", field, e)
			}
		}
		if !strings.Contains(e["khu_pho"], "khu phố 99") {
			t.Errorf("khu phố message %q", e["khu_pho"])
		}
	})
}

// TestSpeechCache: repeated bulletins are synthesised once per text, voice
// and speed; the test prints the hit rate.
func TestSpeechCache(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		engine := &countingEngine{}
		texts := []string{"Lịch tiếp công dân tháng mười.", "Nộp hồ sơ trực tuyến.", "Lịch tiếp công dân tháng mười."}
		requests, hits := 0, 0
		for week := range 4 {
			for i, text := range texts {
				in := f.input("Bản tin tuần")
				in.Body = text
				b, _, err := broadcast.Save(f.ctx, d, f.writer, f.actor(f.writer), 0, in, f.themes, at("2025-10-03 09:00"))
				if err != nil {
					t.Fatal(err)
				}
				speed := 1.0
				if week == 3 && i == 0 {
					speed = 1.2 // another speed is another reading
				}
				hit, err := broadcast.Speak(f.ctx, d, f.files, engine, f.writer, f.actor(f.writer), b.ID, speed, at("2025-10-03 09:10"))
				if err != nil {
					t.Fatal(err)
				}
				requests++
				if hit {
					hits++
				}
			}
		}
		if got := int(engine.calls.Load()); got != 3 || requests-hits != 3 {
			t.Errorf("%d syntheses and %d misses for %d requests, want 3", got, requests-hits, requests)
		}
		t.Logf("speech cache: %d requests, %d hits (%.0f%%), %d syntheses", requests, hits, 100*float64(hits)/float64(requests), engine.calls.Load())
		if f.stored() != 3 {
			t.Errorf("%d audio files stored, want 3", f.stored())
		}
	})
}

// TestTokensAndSlots: each khu phố's box has its own token; a new one
// replaces the old; slots are read in the forms people write them.
func TestTokensAndSlots(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		if _, err := broadcast.NewToken(f.ctx, d, f.head, f.actor(f.head), f.kp2.ID); !errors.Is(err, broadcast.ErrForbidden) {
			t.Errorf("a head made a token for another khu phố: %v", err)
		}
		old, err := broadcast.NewToken(f.ctx, d, f.head, f.actor(f.head), f.kp1.ID)
		if err != nil {
			t.Fatal(err)
		}
		token, _ := broadcast.NewToken(f.ctx, d, f.head, f.actor(f.head), f.kp1.ID)
		if unit, err := broadcast.UnitByToken(f.ctx, d, f.ward.ID, token); err != nil || unit != f.kp1.ID {
			t.Errorf("token names %d, %v", unit, err)
		}
		for _, bad := range []string{old, "", "x", strings.Repeat("0", 32), token + "0"} {
			if _, err := broadcast.UnitByToken(f.ctx, d, f.ward.ID, bad); !errors.Is(err, broadcast.ErrUnknownToken) {
				t.Errorf("token %q: %v", bad, err)
			}
		}
		if err := broadcast.SaveSlots(f.ctx, d, f.head, f.actor(f.head), f.kp1.ID, "17h30, 6:00 ; 6"); err != nil {
			t.Fatal(err)
		}
		if slots, _ := broadcast.SlotsFor(f.ctx, d, f.ward.ID, f.kp1.ID); strings.Join(slots, ",") != "06:00,17:30" {
			t.Errorf("slots %v", slots)
		}
		if slots, _ := broadcast.SlotsFor(f.ctx, d, f.ward.ID, f.kp2.ID); strings.Join(slots, ",") != "06:00,17:00" {
			t.Errorf("Khu phố 2 slots %v", slots)
		}
		for _, bad := range []string{"25:00", "sáng sớm", ""} {
			var e check.Errors
			if err := broadcast.SaveSlots(f.ctx, d, f.lead, f.actor(f.lead), 0, bad); !errors.As(err, &e) {
				t.Errorf("slots %q: %v", bad, err)
			}
		}
		if err := broadcast.SaveWords(f.ctx, d, f.lead, f.actor(f.lead), "KP = khu phố\nBQL = ban quản lý"); err != nil {
			t.Fatal(err)
		}
		words, _ := broadcast.Words(f.ctx, d, f.ward.ID)
		b := &broadcast.Bulletin{WardID: f.ward.ID, Title: "Họp BQL KP 5", Body: "Lúc 19h."}
		if r, _ := broadcast.Reading(f.ctx, d, b); !strings.Contains(r, "ban quản lý khu phố năm") || len(words) != 2 {
			t.Errorf("reading %q", r)
		}
	})
}
