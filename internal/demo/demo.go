// Package demo loads demonstration accounts (one per role) and sample
// progress on the ward's plan, so that a first look shows something real.
package demo

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"

	"github.com/cchc-vn/cchc/internal/account"
	"github.com/cchc-vn/cchc/internal/activity"
	"github.com/cchc-vn/cchc/internal/audit"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/plan"
	"github.com/cchc-vn/cchc/internal/vn"
	"github.com/cchc-vn/cchc/internal/ward"
)

// Password is shared by every demonstration account; it is printed at start
// and must never be used outside a demonstration.
const Password = "demo-cchc-2025"

// Account describes one demonstration account.
type Account struct {
	Username, FullName string
	Role               account.Role
	Unit               string // unit code
}

// Accounts are the demonstration accounts, one or more per role.
var Accounts = []Account{
	{"lanhdao", "Trần Minh Quang", account.RoleLeader, ""},
	{"vhxh", "Nguyễn Thị Thu Hà", account.RoleLeadOfficer, "vh-xh"},
	{"vanphong", "Lê Hoàng Nam", account.RoleUnitOfficer, "vp-hdnd-ubnd"},
	{"congan", "Phạm Đức Thắng", account.RoleUnitOfficer, "cong-an"},
	{"kp01", "Võ Văn Bình", account.RoleKhuPhoHead, "kp-01"},
	{"kp02", "Huỳnh Thị Lan", account.RoleKhuPhoHead, "kp-02"},
	{"mttq", "Đặng Thị Hồng", account.RoleSupervisor, ""},
	{"bientap", "Bùi Thanh Tâm", account.RoleEditor, ""},
}

// Load creates the demonstration accounts of the ward and sample progress,
// once: it does nothing when they exist. It returns whether it loaded.
func Load(ctx context.Context, d *db.DB, wardCode string) (bool, error) {
	w, err := ward.ByCode(ctx, d, wardCode)
	if err != nil {
		return false, err
	}
	var n int
	if err := d.QueryRow(ctx, `select count(*) from users where ward_id = ? and username = ?`, w.ID, Accounts[0].Username).Scan(&n); err != nil {
		return false, err
	}
	if n > 0 {
		return false, nil
	}
	err = d.InTx(ctx, func(tx *db.Tx) error {
		users := map[string]*account.User{}
		for _, a := range Accounts {
			var unitID int64
			if a.Unit != "" {
				u, err := ward.UnitByCode(ctx, tx, w.ID, a.Unit)
				if err != nil {
					return fmt.Errorf("demo account %s: unit %s: %w", a.Username, a.Unit, err)
				}
				unitID = u.ID
			}
			u, err := account.Create(ctx, tx, w.ID, account.NewUser{Username: a.Username, FullName: a.FullName,
				Role: a.Role, UnitID: unitID, Password: Password})
			if err != nil {
				return fmt.Errorf("demo account %s: %w", a.Username, err)
			}
			users[a.Username] = u
		}
		if err := progress(ctx, tx, w, users["vhxh"]); err != nil {
			return err
		}
		return activities(ctx, tx, w, users["vhxh"])
	})
	return err == nil, err
}

var notes = []string{
	"Đã lồng ghép nội dung CCHC trong buổi sinh hoạt định kỳ, khoảng 60 hộ dân tham dự.",
	"Phát loa di động 3 buổi/tuần về dịch vụ công trực tuyến.",
	"Treo 2 băng-rôn tại nhà sinh hoạt cộng đồng.",
	"Đăng 4 tin, bài trên Cổng thông tin điện tử và Zalo của phường.",
	"Đang chuẩn bị tài liệu hướng dẫn nộp hồ sơ trực tuyến.",
}

// progress gives the current plan's assignments a plausible spread of
// statuses, leaving the demonstration khu phố untouched so a visitor can try.
func progress(ctx context.Context, tx *db.Tx, w *ward.Ward, lead *account.User) error {
	p, err := plan.Current(ctx, tx, w.ID)
	if errors.Is(err, db.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	skip := map[string]bool{"Khu phố 1": true, "Khu phố 2": true}
	r := rand.New(rand.NewPCG(27427, 88)) // fixed seed: the same demo every time
	actor := audit.Actor{WardID: w.ID, UserID: lead.ID, Username: lead.Username, IP: "demo"}
	for _, s := range p.Sections {
		for _, t := range s.Tasks {
			for _, a := range t.Assignments {
				if skip[a.UnitName] {
					continue
				}
				status := plan.Done
				switch x := r.IntN(100); {
				case x < 12:
					continue // never reported: shows as overdue once the period has ended
				case x < 32:
					status = plan.InProgress
				}
				if _, err := plan.UpdateStatus(ctx, tx, lead, actor, a.ID, status, notes[r.IntN(len(notes))]); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// activities records a sample of what units and khu phố did over the
// plan's period, without evidence files, so lists and filters show something.
func activities(ctx context.Context, tx *db.Tx, w *ward.Ward, lead *account.User) error {
	p, err := plan.Current(ctx, tx, w.ID)
	if errors.Is(err, db.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	units, err := ward.Units(ctx, tx, w.ID)
	if err != nil {
		return err
	}
	start, _ := vn.ParseISODate(p.PeriodStart)
	end, _ := vn.ParseISODate(p.PeriodEnd)
	days := int(end.Sub(start).Hours()/24) + 1
	r := rand.New(rand.NewPCG(88, 27427))
	actor := audit.Actor{WardID: w.ID, UserID: lead.ID, Username: lead.Username, IP: "demo"}
	kinds := map[string][2]string{ // channel → quantity unit, description
		"loa":           {"lượt phát loa", "Phát loa về dịch vụ công trực tuyến và thanh toán trực tuyến."},
		"truc-quan":     {"băng-rôn, khẩu hiệu", "Treo băng-rôn tuyên truyền cải cách hành chính."},
		"cong-ttdt-mxh": {"tin, bài", "Đăng tin hướng dẫn tra cứu thủ tục hành chính trên Cổng thông tin và Zalo."},
		"hoi-nghi":      {"buổi", "Lồng ghép nội dung CCHC trong buổi họp khu phố."},
		"doan-the":      {"buổi", "Sinh hoạt chi hội, vận động hội viên dùng dịch vụ công trực tuyến."},
		"thi-dua":       {"cuộc thi", "Tổ chức tìm hiểu về cải cách hành chính."},
	}
	for i := 0; i < 120; i++ {
		u := units[r.IntN(len(units))]
		if u.Code == "kp-01" || u.Code == "kp-02" {
			continue // left for visitors to try
		}
		ch := p.Channels[r.IntN(len(p.Channels))]
		k := kinds[ch.Code]
		if k[0] == "" {
			k = [2]string{"buổi", "Hoạt động tuyên truyền cải cách hành chính."}
		}
		in := activity.Input{UnitID: u.ID, HeldOn: start.AddDate(0, 0, r.IntN(days)).Format(db.DateFormat), ChannelCode: ch.Code,
			Themes: []string{p.Themes[r.IntN(len(p.Themes))].Code}, Quantity: strconv.Itoa(1 + r.IntN(5)), QuantityUnit: k[0],
			People: strconv.Itoa(20 + r.IntN(200)), Cost: strconv.Itoa(r.IntN(5) * 100000), Description: k[1]}
		if u.Kind == ward.KindKhuPho {
			in.PlaceUnitID = u.ID
		} else {
			in.PlaceName = "Trụ sở Ủy ban nhân dân phường"
		}
		if _, err := activity.Record(ctx, tx, nil, lead, actor, p, in, end.AddDate(0, 0, 1)); err != nil {
			return fmt.Errorf("demo activity %d: %w", i, err)
		}
	}
	return nil
}
