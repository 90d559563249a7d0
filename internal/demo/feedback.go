package demo

import (
	"context"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/cchc-vn/cchc/internal/account"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/feedback"
	"github.com/cchc-vn/cchc/internal/ward"
)

var feedbackSamples = []struct{ category, title, text string }{
	{"thu_tuc", "Hồ sơ khai sinh phải bổ sung nhiều lần", "Tôi nộp hồ sơ đăng ký khai sinh trực tuyến nhưng bị yêu cầu bổ sung hai lần, mỗi lần một giấy tờ khác nhau."},
	{"dich_vu", "Chờ lâu tại quầy chứng thực", "Sáng thứ Hai quầy chứng thực rất đông, tôi phải chờ hơn một giờ."},
	{"can_bo", "Cán bộ hướng dẫn tận tình", "Tôi muốn khen cán bộ tiếp nhận hồ sơ cư trú đã hướng dẫn rất tận tình cho người cao tuổi."},
	{"quy_dinh", "Đề nghị bỏ yêu cầu bản sao giấy tờ đã có trên VNeID", "Giấy tờ đã tích hợp trên VNeID nhưng vẫn phải nộp bản sao chứng thực."},
	{"dich_vu", "Cổng dịch vụ công khó đăng nhập", "Người lớn tuổi khó đăng nhập cổng dịch vụ công bằng tài khoản định danh."},
	{"thu_tuc", "Không rõ thời hạn giải quyết", "Trên phiếu hẹn không ghi rõ ngày trả kết quả đăng ký thường trú."},
	{"khac", "Loa phát thanh khu phố quá sớm", "Loa phát thanh khu phố phát lúc 5 giờ sáng, đề nghị lùi giờ."},
}

// feedbackDemo files a few dozen items over the last two months, handled
// to different stages, and some service questionnaires.
func feedbackDemo(ctx context.Context, tx *db.Tx, w *ward.Ward, users map[string]*account.User) error {
	desk, err := feedback.LoadDesk(ctx, tx, w.ID)
	if err != nil {
		return err
	}
	khuPho := desk.KhuPho()
	handlers := map[string]int64{}
	for _, u := range desk.Units {
		handlers[u.Code] = u.ID
	}
	office := feedback.Official{User: users["vanphong"]}
	r := rand.New(rand.NewPCG(27427, 20))
	now := time.Now()
	for i := 0; i < 36; i++ {
		s := feedbackSamples[i%len(feedbackSamples)]
		received := now.AddDate(0, 0, -60+i*5/3).Add(time.Duration(r.IntN(8)) * time.Hour)
		in := feedback.Input{Category: s.category, Title: s.title, Description: s.text, Name: "Người dân khu phố " + khuPho[i%len(khuPho)].ShortName,
			Phone: []string{"090", "091", "093", "094", "096", "097", "098", "038"}[r.IntN(8)] + pad8(r.IntN(100_000_000))[1:], KhuPhoID: khuPho[r.IntN(len(khuPho))].ID, Consent: true}
		it, err := feedback.Submit(ctx, tx, nil, desk, feedback.Submission{Input: in, Channel: feedback.ChannelPortal}, received)
		if err != nil {
			return err
		}
		stage := r.IntN(10)
		if now.Sub(received) < 72*time.Hour || stage == 0 {
			continue // waiting to be classified (some overdue)
		}
		dec := feedback.Decision{Action: "assign", UnitID: handlers[[]string{"tt-pvhcc", "cong-an", "vp-hdnd-ubnd"}[r.IntN(3)]]}
		if stage == 1 {
			dec = feedback.Decision{Action: "forward", Forward: "Sở Tư pháp Thành phố Hồ Chí Minh"}
		}
		if _, err := feedback.Classify(ctx, tx, desk, office, it.ID, dec, received.Add(30*time.Hour)); err != nil {
			return err
		}
		if dec.Action != "assign" || stage == 2 {
			continue
		}
		answered := received.Add(time.Duration(3+r.IntN(12)) * 24 * time.Hour)
		if answered.After(now) {
			continue
		}
		if _, err := feedback.Answer(ctx, tx, office, it.ID, "Phường đã tiếp thu và chỉ đạo đơn vị khắc phục; cảm ơn ý kiến của anh/chị.", stage%2 == 0, answered); err != nil {
			return err
		}
		if stage >= 6 {
			if _, err := feedback.Rate(ctx, tx, w.ID, it.Code, it.Phone[6:], 2+r.IntN(4), "", answered.Add(24*time.Hour)); err != nil {
				return err
			}
		}
	}
	for i := 0; i < 60; i++ {
		sc := map[string]int{}
		for _, el := range feedback.Elements {
			sc[el.Code] = 3 + r.IntN(3)
			if r.IntN(10) == 0 {
				sc[el.Code] = 1 + r.IntN(2)
			}
		}
		if err := feedback.SaveSurvey(ctx, tx, w.ID, feedback.Survey{Counter: []string{"1", "2", "3"}[i%3], Scores: sc}); err != nil {
			return err
		}
	}
	return nil
}

func pad8(n int) string {
	s := "00000000" + strconv.Itoa(n)
	return s[len(s)-8:]
}
