package demo

import (
	"context"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/cchc-vn/cchc/internal/account"
	"github.com/cchc-vn/cchc/internal/audit"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/organisation"
	"github.com/cchc-vn/cchc/internal/plan"
	"github.com/cchc-vn/cchc/internal/ward"
)

// organisationDemo gives each organisation its members in every khu phố
// (the denominators of their coverage), and the Front two notes on the
// plan, one answered by the leader.
func organisationDemo(ctx context.Context, tx *db.Tx, w *ward.Ward, users map[string]*account.User, now time.Time) error {
	units, err := ward.Units(ctx, tx, w.ID)
	if err != nil {
		return err
	}
	lead := users["vhxh"]
	act := audit.Actor{WardID: w.ID, UserID: lead.ID, Username: lead.Username, IP: "demo"}
	r := rand.New(rand.NewPCG(27427, 15))
	size := map[string][2]int{"ubmttq": {60, 160}, "hoi-phu-nu": {40, 120}, "doan-thanh-nien": {15, 60}, "hoi-ccb": {8, 30}}
	for _, o := range organisation.Of(units) {
		b, ok := size[o.Code]
		if !ok {
			b = [2]int{10, 50}
		}
		typed := map[int64]string{}
		for _, kp := range units {
			if kp.Kind == ward.KindKhuPho {
				typed[kp.ID] = strconv.Itoa(b[0] + r.IntN(b[1]-b[0]+1))
			}
		}
		if err := organisation.SetMembers(ctx, tx, lead, act, o.ID, typed, now); err != nil {
			return err
		}
	}
	p, err := plan.Current(ctx, tx, w.ID)
	if err != nil {
		return err
	}
	front, leader := users["mttq"], users["lanhdao"]
	id, err := organisation.Supervise(ctx, tx, front, audit.Actor{WardID: w.ID, UserID: front.ID, Username: front.Username, IP: "demo"}, p, 0,
		"Qua giám sát tại 6 khu phố: việc tuyên truyền qua loa và họp dân đều đặn; người cao tuổi còn khó khăn khi nộp hồ sơ trực tuyến, nhiều khu phố chưa có người hướng dẫn tại nhà.",
		"Đề nghị phân công đoàn viên thanh niên hỗ trợ người cao tuổi tại các khu phố chưa có tổ hỗ trợ.", now.AddDate(0, 0, -10))
	if err != nil {
		return err
	}
	if err := organisation.Answer(ctx, tx, leader, audit.Actor{WardID: w.ID, UserID: leader.ID, Username: leader.Username, IP: "demo"}, id,
		"Tiếp thu; giao Phòng Văn hóa – Xã hội phối hợp Đoàn Thanh niên lập tổ hỗ trợ tại 10 khu phố trong tháng tới.", now.AddDate(0, 0, -7)); err != nil {
		return err
	}
	_, err = organisation.Supervise(ctx, tx, front, audit.Actor{WardID: w.ID, UserID: front.ID, Username: front.Username, IP: "demo"}, p, 0,
		"Một số khu phố chưa gửi báo cáo định kỳ đúng hạn; số liệu người được tuyên truyền ở vài khu phố cao bất thường.", "", now.AddDate(0, 0, -2))
	return err
}
