package demo

import (
	"context"
	"math/rand/v2"
	"time"

	"github.com/cchc-vn/cchc/internal/account"
	"github.com/cchc-vn/cchc/internal/audit"
	"github.com/cchc-vn/cchc/internal/broadcast"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/filestore"
	"github.com/cchc-vn/cchc/internal/news"
	"github.com/cchc-vn/cchc/internal/plan"
	"github.com/cchc-vn/cchc/internal/poster"
	"github.com/cchc-vn/cchc/internal/vn"
	"github.com/cchc-vn/cchc/internal/ward"
)

// demoPosters are the ward's banners and panels: the khu phố (0: the ward
// office), the days from today they went up (or will) and come down, and
// whether they came down already.
var demoPosters = []struct {
	kind, message, size, address, place, target, theme string
	khuPho, up, down                                   int
	status                                             string
}{
	{"bang-ron", "Nộp hồ sơ trực tuyến – nhanh chóng, tiết kiệm, minh bạch", "0,8 × 6 m", "Cổng chợ Phú Định", "cho", poster.TargetFeedback, "2", 3, -40, 2, poster.Up},
	{"pano", "Cài đặt, kích hoạt tài khoản định danh điện tử VNeID mức 2 để làm thủ tục trực tuyến", "2 × 4 m", "Trước trụ sở UBND phường", "tru-so", poster.TargetProcedure, "2", 0, -60, 120, poster.Up},
	{"ap-phich", "Có ý kiến về thủ tục hành chính? Quét mã để gửi phản ánh, kiến nghị", "A2", "Nhà văn hóa khu phố", "nha-van-hoa", poster.TargetFeedback, "3", 5, -20, 40, poster.Up},
	{"khau-hieu", "Cải cách hành chính vì nhân dân phục vụ", "0,8 × 5 m", "Cổng trường THCS Phú Định", "truong-hoc", poster.TargetFeedback, "1", 8, -90, -10, poster.Down},
	{"bang-ron", "Đăng ký khai sinh trực tuyến ngay tại nhà", "0,8 × 6 m", "Ngã tư đường số 3", "duong-pho", poster.TargetProcedure, "2", 12, -45, -5, poster.Up},
	{"to-roi", "Hướng dẫn nộp hồ sơ khai sinh trên Cổng dịch vụ công quốc gia", "A5", "Phát tại buổi họp dân", "nha-van-hoa", poster.TargetProcedure, "2", 1, 3, 30, poster.Planned},
	{"led", "Tin mới về cải cách hành chính của phường", "", "Nơi tiếp nhận hồ sơ", "mot-cua", poster.TargetArticle, "1", 0, -30, 60, poster.Up},
	{"pano", "Thanh toán lệ phí trực tuyến – không cần tiền mặt", "1,2 × 2,4 m", "Khu chợ đêm", "cho", poster.TargetFeedback, "2", 20, -2, 60, poster.Planned},
	{"ap-phich", "Hỏi đáp thủ tục hành chính: quét mã để tra cứu", "A3", "Bảng tin khu phố", "khu-dan-cu", poster.TargetProcedure, "2", 1, -15, 45, poster.Up},
}

// posterDemo writes the ward's posters and banners, puts up those standing
// (which records them on the plan), and a month of readers' scans.
func posterDemo(ctx context.Context, tx *db.Tx, files filestore.Store, w *ward.Ward, users map[string]*account.User, now time.Time) error {
	p, err := plan.Current(ctx, tx, w.ID)
	if err != nil {
		return err
	}
	themes := map[string]string{}
	for _, t := range p.Themes {
		themes[t.Code] = t.Title
	}
	units, err := ward.Units(ctx, tx, w.ID)
	if err != nil {
		return err
	}
	byNumber := map[int]*ward.Unit{}
	var office *ward.Unit
	for _, u := range units {
		if u.Kind == ward.KindKhuPho {
			byNumber[broadcast.KhuPhoNumber(u)] = u
		} else if u.Kind == ward.KindOffice && office == nil {
			office = u
		}
	}
	article := ""
	if as, err := news.Latest(ctx, tx, w.ID, 0, 1, now); err != nil {
		return err
	} else if len(as) > 0 {
		article = as[0].Slug
	}
	lead := users["vhxh"]
	act := audit.Actor{WardID: w.ID, UserID: lead.ID, Username: lead.Username, IP: "demo"}
	today := now.In(vn.Zone)
	day := func(n int) string { return today.AddDate(0, 0, n).Format("02/01/2006") }
	r := rand.New(rand.NewPCG(14, 2))
	for _, d := range demoPosters {
		in := poster.Input{Kind: d.kind, Message: d.message, Themes: []string{d.theme}, Size: d.size, Address: d.address, PlaceKind: d.place,
			Quantity: "1", Cost: "0", PutUpOn: day(d.up), TakeDownOn: day(d.down), Target: d.target}
		if d.kind == "bang-ron" || d.kind == "pano" {
			in.Cost = "1.800.000"
		}
		if d.kind == "to-roi" {
			in.Quantity, in.Cost = "500", "750.000"
		}
		if d.khuPho != 0 {
			in.KhuPhoID, in.UnitID = byNumber[d.khuPho].ID, byNumber[d.khuPho].ID
		} else {
			in.UnitID = office.ID
		}
		switch d.target {
		case poster.TargetProcedure:
			in.TargetRef = "1.001193"
		case poster.TargetArticle:
			if in.TargetRef = article; article == "" {
				in.Target = poster.TargetFeedback
			}
		}
		it, err := poster.Save(ctx, tx, files, lead, act, 0, in, themes, now)
		if err != nil {
			return err
		}
		if d.status == poster.Planned {
			continue
		}
		if it, err = poster.PutUp(ctx, tx, lead, act, it.ID, day(d.up), now); err != nil {
			return err
		}
		last := 0
		if d.status == poster.Down {
			if _, err = poster.TakeDown(ctx, tx, lead, act, it.ID, day(d.down), now); err != nil {
				return err
			}
			last = d.down
		}
		busy := map[string]int{"cho": 6, "mot-cua": 5, "tru-so": 4}[d.place] + 2
		for n := max(d.up, -30); n <= last; n++ {
			for range r.IntN(busy) {
				on := today.AddDate(0, 0, n)
				at := time.Date(on.Year(), on.Month(), on.Day(), 6+r.IntN(14), r.IntN(60), 0, 0, vn.Zone)
				if err := poster.CountScan(ctx, tx, it, at); err != nil {
					return err
				}
			}
		}
	}
	return nil
}
