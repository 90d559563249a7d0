// Package organisation is the Fatherland Front and the socio-political
// organisations as the plan meets them (Plan 88 II.2.5, III.5): their
// members by khu phố, their coverage (members reached by their mobilising,
// over members), and the Front's supervision of the plan as a whole with
// the leader's answer. What the plan asks of them is a request (đề nghị),
// not an assignment: plan.Requested and remind.Send carry that rule.
package organisation

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/cchc-vn/cchc/internal/account"
	"github.com/cchc-vn/cchc/internal/activity"
	"github.com/cchc-vn/cchc/internal/audit"
	"github.com/cchc-vn/cchc/internal/check"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/plan"
	"github.com/cchc-vn/cchc/internal/ward"
)

// ErrForbidden is returned when an official may not do what they asked.
var ErrForbidden = check.ErrForbidden

// Channel is the plan's channel of the organisations' mobilising.
const Channel = "doan-the"

// MaxMembers bounds one organisation's members in one khu phố.
const MaxMembers = 100_000

// Of are the ward's organisations: the Front and the socio-political
// organisations, in the ward's order.
func Of(units []*ward.Unit) []*ward.Unit {
	var out []*ward.Unit
	for _, u := range units {
		if u.Kind == ward.KindFront {
			out = append(out, u)
		}
	}
	return out
}

// CanKeep reports whether u may record unit's members: its own officials,
// the lead unit and administrators.
func CanKeep(u *account.User, unitID int64) bool {
	return u.Is(account.RoleAdmin, account.RoleLeadOfficer) || u.UnitID != 0 && u.UnitID == unitID && u.Is(account.RoleUnitOfficer, account.RoleSupervisor)
}

// Members reads the ward's members by organisation, then khu phố.
func Members(ctx context.Context, q db.Querier, wardID int64) (map[int64]map[int64]int, error) {
	rows, err := q.Query(ctx, `select unit_id, khu_pho_id, members from organisation_members where ward_id = ?`, wardID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]map[int64]int{}
	for rows.Next() {
		var unit, kp int64
		var n int
		if err := rows.Scan(&unit, &kp, &n); err != nil {
			return nil, err
		}
		if out[unit] == nil {
			out[unit] = map[int64]int{}
		}
		out[unit][kp] = n
	}
	return out, rows.Err()
}

// SetMembers records an organisation's members in each khu phố, as typed
// ("1.250" or "1250"; empty for none), all or nothing.
func SetMembers(ctx context.Context, conn db.Conn, u *account.User, actor audit.Actor, unitID int64, typed map[int64]string, now time.Time) error {
	units, err := ward.Units(ctx, conn, u.WardID)
	if err != nil {
		return err
	}
	var org *ward.Unit
	for _, x := range Of(units) {
		if x.ID == unitID {
			org = x
		}
	}
	if org == nil {
		return db.ErrNotFound
	}
	if !CanKeep(u, unitID) {
		return ErrForbidden
	}
	e := check.Errors{}
	counts := map[int64]int{}
	total := 0
	for _, kp := range units {
		if kp.Kind != ward.KindKhuPho {
			continue
		}
		s := strings.NewReplacer(".", "", " ", "").Replace(strings.TrimSpace(typed[kp.ID]))
		if s == "" {
			continue
		}
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 || n > MaxMembers {
			e["members_"+strconv.FormatInt(kp.ID, 10)] = "Số hội viên ở " + kp.Name + " phải là số từ 0 đến 100.000."
			continue
		}
		counts[kp.ID] = n
		total += n
	}
	if err := e.Err(); err != nil {
		return err
	}
	before, err := Members(ctx, conn, u.WardID)
	if err != nil {
		return err
	}
	old := 0
	for _, n := range before[unitID] {
		old += n
	}
	return conn.InTx(ctx, func(tx *db.Tx) error {
		if _, err := tx.Exec(ctx, `delete from organisation_members where ward_id = ? and unit_id = ?`, u.WardID, unitID); err != nil {
			return err
		}
		for kp, n := range counts {
			if _, err := tx.Exec(ctx, `insert into organisation_members (ward_id, unit_id, khu_pho_id, members, updated_by, updated_at) values (?, ?, ?, ?, ?, ?)`,
				u.WardID, unitID, kp, n, u.ID, db.FormatTime(now)); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, actor, "organisation.members", "unit", unitID, "Số hội viên của "+org.Name,
			map[string]any{"members": old}, map[string]any{"members": total})
	})
}

// Cell is an organisation's coverage in one khu phố.
type Cell struct {
	Members int
	Reached int64 // members reached, in lượt
}

// Percent is members reached over members, at most 100 (a member reached
// twice is two lượt); -1 when the khu phố's members are not recorded.
func (c Cell) Percent() int {
	if c.Members == 0 {
		return -1
	}
	return int(min(100, c.Reached*100/int64(c.Members)))
}

// Row is one khu phố across the organisations.
type Row struct {
	KhuPho *ward.Unit
	Cells  []Cell // in the order of Coverage.Organisations
	Total  Cell
}

// Coverage is the organisations' reach by khu phố over a range, the khu
// phố least covered first.
type Coverage struct {
	Range         activity.Range
	Organisations []*ward.Unit
	Rows          []Row
	Totals        []Cell // by organisation
	Total         Cell
}

// CoverageOf counts, for each organisation and khu phố, the members its
// activities on the plan's channel of organisations reached and its
// members there: the one figure the dashboard and the organisations'
// page show.
func CoverageOf(ctx context.Context, q db.Querier, wardID int64, r activity.Range) (*Coverage, error) {
	units, err := ward.Units(ctx, q, wardID)
	if err != nil {
		return nil, err
	}
	members, err := Members(ctx, q, wardID)
	if err != nil {
		return nil, err
	}
	reach, err := activity.Reach(ctx, q, wardID, Channel, r)
	if err != nil {
		return nil, err
	}
	cv := &Coverage{Range: r, Organisations: Of(units)}
	cv.Totals = make([]Cell, len(cv.Organisations))
	for _, kp := range units {
		if kp.Kind != ward.KindKhuPho {
			continue
		}
		row := Row{KhuPho: kp}
		for i, o := range cv.Organisations {
			c := Cell{Members: members[o.ID][kp.ID], Reached: reach[o.ID][kp.ID]}
			row.Cells = append(row.Cells, c)
			row.Total.Members += c.Members
			row.Total.Reached += c.Reached
			cv.Totals[i].Members += c.Members
			cv.Totals[i].Reached += c.Reached
		}
		cv.Total.Members += row.Total.Members
		cv.Total.Reached += row.Total.Reached
		cv.Rows = append(cv.Rows, row)
	}
	// Least covered first; khu phố whose members are unknown after them.
	key := func(r Row) int {
		if p := r.Total.Percent(); p >= 0 {
			return p
		}
		return 101
	}
	slices.SortStableFunc(cv.Rows, func(a, b Row) int { return key(a) - key(b) })
	return cv, nil
}

// Requested are the plan's tasks requested of an organisation (đề nghị),
// with its share of each.
func Requested(p *plan.Plan, unitID int64) []*plan.Task {
	var out []*plan.Task
	for _, s := range p.Sections {
		if s.Mode != plan.ModeRequest {
			continue
		}
		for _, t := range s.Tasks {
			for _, a := range t.Assignments {
				if a.UnitID == unitID {
					out = append(out, t)
				}
			}
		}
	}
	return out
}
