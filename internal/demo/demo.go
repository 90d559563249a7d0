// Package demo loads demonstration accounts (one per role) and sample
// progress on the ward's plan, so that a first look shows something real.
package demo

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/cchc-vn/cchc/internal/account"
	"github.com/cchc-vn/cchc/internal/audit"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/filestore"
	"github.com/cchc-vn/cchc/internal/notice"
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
	{"phunu", "Phan Thị Ngọc", account.RoleUnitOfficer, "hoi-phu-nu"},
	{"bientap", "Bùi Thanh Tâm", account.RoleEditor, ""},
}

// Size is how much demonstration activity to load.
type Size int

const (
	// Light loads a few hundred activities and no periodic reports: enough
	// for pages to show something, quick enough for every test.
	Light Size = iota
	// Full loads a realistic half-year: several thousand activities over
	// units, khu phố, channels and months with a few gaps, periodic reports
	// (some late, some missing, some returned) and budgets.
	Full
)

// Load creates the demonstration accounts of the ward and sample progress,
// once: it does nothing when they exist. It returns whether it loaded.
// Pictures go to files; with none, records have no pictures.
func Load(ctx context.Context, d *db.DB, files filestore.Store, wardCode string, size Size) (bool, error) {
	w, err := ward.ByCode(ctx, d, wardCode)
	if err != nil {
		return false, err
	}
	if loaded, err := account.Exists(ctx, d, w.ID, Accounts[0].Username); err != nil || loaded {
		return false, err
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
		if err := activities(ctx, tx, w, users["vhxh"], size); err != nil {
			return err
		}
		if size == Full {
			if err := followOn(ctx, tx, w, users["vhxh"], time.Now()); err != nil {
				return err
			}
			if err := newsDemo(ctx, tx, files, w, users); err != nil {
				return err
			}
			if err := feedbackDemo(ctx, tx, w, users); err != nil {
				return err
			}
			if err := broadcastDemo(ctx, tx, files, w, users, time.Now()); err != nil {
				return err
			}
			if err := posterDemo(ctx, tx, files, w, users, time.Now()); err != nil {
				return err
			}
			if err := surveyDemo(ctx, tx, w, users, time.Now()); err != nil {
				return err
			}
			if err := meetingDemo(ctx, tx, files, w, users, time.Now()); err != nil {
				return err
			}
			if err := organisationDemo(ctx, tx, w, users, time.Now()); err != nil {
				return err
			}
		}
		if err := contestDemo(ctx, tx, w, users, size, time.Now()); err != nil {
			return err
		}
		return notice.Settle(ctx, tx, w.ID) // invented people are texted and mailed nothing
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
	r := rand.New(rand.NewPCG(27427, 88)) // fixed seed: the same demo every time
	return progressOf(ctx, tx, w, lead, p, r, time.Time{})
}

// progressOf sets p's assignments as their units reported them by now (the
// zero time: all of them); tasks not yet due are mostly still in progress.
func progressOf(ctx context.Context, tx *db.Tx, w *ward.Ward, lead *account.User, p *plan.Plan, r *rand.Rand, now time.Time) error {
	skip := map[string]bool{"Khu phố 1": true, "Khu phố 2": true}
	actor := audit.Actor{WardID: w.ID, UserID: lead.ID, Username: lead.Username, IP: "demo"}
	for _, s := range p.Sections {
		for _, t := range s.Tasks {
			ahead := !now.IsZero() && plan.DueDate(t, p) > now.In(vn.Zone).Format(time.DateOnly)
			for _, a := range t.Assignments {
				if skip[a.UnitName] {
					continue
				}
				status := plan.Done
				switch x := r.IntN(100); {
				case x < 12:
					continue // never reported: shows as overdue once the period has ended
				case x < 32 || ahead && x < 80:
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
