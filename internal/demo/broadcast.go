package demo

import (
	"context"
	_ "embed"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/cchc-vn/cchc/internal/account"
	"github.com/cchc-vn/cchc/internal/audit"
	"github.com/cchc-vn/cchc/internal/broadcast"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/filestore"
	"github.com/cchc-vn/cchc/internal/plan"
	"github.com/cchc-vn/cchc/internal/speech"
	"github.com/cchc-vn/cchc/internal/vn"
	"github.com/cchc-vn/cchc/internal/ward"
)

// recording stands in for speech when espeak-ng is not installed: a short
// bulletin read by espeak-ng, bundled (11 kHz mono WAV).
//
//go:embed bulletin.wav
var recording []byte

// demoBulletins are the approved bulletins, with the days (from today)
// they play and the khu phố ("" for all).
var demoBulletins = []struct {
	title, body, priority, khuPho, theme string
	from, to                             int
}{
	{"Bà con nộp hồ sơ trực tuyến, không phải đến phường",
		"Kính thưa bà con. Từ ngày 01/07/2025, bà con có thể nộp hồ sơ khai sinh, đăng ký thường trú và chứng thực trên Cổng DVC quốc gia " +
			"hoặc ứng dụng VNeID. Lệ phí chứng thực bản sao là 2.000 đồng một trang. Khi cần hỗ trợ, bà con gọi 028 3850 1234 hoặc đến bộ phận một cửa của UBND phường.",
		broadcast.Normal, "", "2", -30, 7},
	{"Lịch tiếp công dân của lãnh đạo phường",
		"Kính thưa bà con. Chủ tịch UBND phường tiếp công dân vào sáng thứ năm hằng tuần, từ 7h30 đến 11h00, tại trụ sở phường. " +
			"Bà con có kiến nghị về TTHC xin mang theo CCCD và giấy tờ liên quan.", broadcast.Priority, "1-30", "1", -3, 10},
	{"Thông báo khẩn: tạm ngưng cấp nước để sửa đường ống",
		"Thông báo khẩn. Công ty cấp nước tạm ngưng cấp nước từ 22h00 đến 5h00 sáng mai để sửa đường ống. Đề nghị bà con trữ nước. " +
			"Mọi thông tin xin gọi 028 3850 1234.", broadcast.Emergency, "5-8", "3", -1, 0},
}

// broadcastDemo writes the bulletins of the plan in force with their
// audio, a draft and one waiting for the lead unit, and a month of plays
// in the khu phố (Khu phố 1, the visitor's, is left to try).
func broadcastDemo(ctx context.Context, tx *db.Tx, files filestore.Store, w *ward.Ward, users map[string]*account.User, now time.Time) error {
	if files == nil {
		return nil
	}
	p, err := plan.Current(ctx, tx, w.ID)
	if err != nil {
		return err
	}
	themes := map[string]string{}
	for _, t := range p.Themes {
		themes[t.Code] = t.Title
	}
	actor := func(u *account.User) audit.Actor {
		return audit.Actor{WardID: w.ID, UserID: u.ID, Username: u.Username, IP: "demo"}
	}
	writer, lead, leader := users["vanphong"], users["vhxh"], users["lanhdao"]
	var engine speech.Engine = speech.Espeak{}
	if !(speech.Espeak{}).Available() {
		engine = nil
	}
	today := now.In(vn.Zone)
	day := func(n int) string { return today.AddDate(0, 0, n).Format("02/01/2006") }
	audio := func(b *broadcast.Bulletin, at time.Time) error {
		if engine != nil {
			_, err := broadcast.Speak(ctx, tx, files, engine, writer, actor(writer), b.ID, 1, at)
			return err
		}
		return broadcast.SetAudio(ctx, tx, files, writer, actor(writer), b.ID, recording, broadcast.SourceRecording, at)
	}
	write := func(title, body, priority, khuPho, theme string, from, to int) (*broadcast.Bulletin, time.Time, error) {
		at := today.AddDate(0, 0, min(from, 0)-2)
		in := broadcast.Input{Title: title, Body: body, Themes: []string{theme}, Priority: priority, AllKhuPho: khuPho == "", KhuPho: khuPho,
			StartsOn: day(from), EndsOn: day(to), Repeats: 1}
		b, _, err := broadcast.Save(ctx, tx, writer, actor(writer), 0, in, themes, at)
		if err != nil {
			return nil, at, fmt.Errorf("demo bulletin %q: %w", title, err)
		}
		return b, at, audio(b, at.Add(10*time.Minute))
	}
	for _, x := range demoBulletins {
		b, at, err := write(x.title, x.body, x.priority, x.khuPho, x.theme, x.from, x.to)
		if err != nil {
			return err
		}
		if err := broadcast.Submit(ctx, tx, writer, actor(writer), b.ID, at.Add(20*time.Minute)); err != nil {
			return err
		}
		if x.priority != broadcast.Emergency {
			if err := broadcast.Check(ctx, tx, lead, actor(lead), b.ID, true, "", at.Add(2*time.Hour)); err != nil {
				return err
			}
		}
		if err := broadcast.Approve(ctx, tx, leader, actor(leader), b.ID, true, "", at.Add(3*time.Hour)); err != nil {
			return err
		}
	}
	if _, _, err := write("Mời bà con góp ý về giờ làm việc của bộ phận một cửa", "Kính thưa bà con. Phường lấy ý kiến về giờ làm việc thứ bảy của bộ phận một cửa.",
		broadcast.Normal, "", "4", 1, 14); err != nil {
		return err
	}
	waiting, at, err := write("Hướng dẫn cài đặt và kích hoạt VNeID mức 2", "Kính thưa bà con. Công an phường hỗ trợ kích hoạt tài khoản định danh điện tử mức 2 vào các ngày cuối tuần.",
		broadcast.Normal, "", "2", 2, 20)
	if err != nil {
		return err
	}
	if err := broadcast.Submit(ctx, tx, writer, actor(writer), waiting.ID, at.Add(time.Hour)); err != nil {
		return err
	}
	return demoPlays(ctx, tx, w, today)
}

// demoPlays confirms most of the month's slots in the khu phố, as their
// heads would, leaving some missed (and Khu phố 1 to the visitor).
func demoPlays(ctx context.Context, tx *db.Tx, w *ward.Ward, today time.Time) error {
	units, err := ward.Units(ctx, tx, w.ID)
	if err != nil {
		return err
	}
	r := rand.New(rand.NewPCG(14, 88))
	box := audit.Actor{WardID: w.ID, IP: "demo"}
	for n := -30; n <= 0; n++ {
		d := today.AddDate(0, 0, n)
		iso := d.Format(time.DateOnly)
		for _, u := range units {
			if u.Kind != ward.KindKhuPho || broadcast.KhuPhoNumber(u) == 1 {
				continue
			}
			pl, err := broadcast.PlaylistFor(ctx, tx, w.ID, u.ID, iso)
			if err != nil {
				return err
			}
			for _, s := range pl.Slots {
				at, _ := time.ParseInLocation("2006-01-02 15:04", iso+" "+s.Time, vn.Zone)
				at = at.Add(15 * time.Minute)
				if at.After(today) || r.IntN(100) < 12 {
					continue // not yet, or missed
				}
				for _, it := range s.Items {
					if _, err := broadcast.Confirm(ctx, tx, box, w.ID, broadcast.Play{Unit: u.ID, Bulletin: it.Bulletin.ID, Day: iso, Slot: s.Time, Source: "box"}, at); err != nil {
						return err
					}
				}
			}
		}
	}
	return nil
}
