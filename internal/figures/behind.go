package figures

import (
	"context"
	"sort"
	"time"

	"github.com/cchc-vn/cchc/internal/activity"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/plan"
	"github.com/cchc-vn/cchc/internal/vn"
	"github.com/cchc-vn/cchc/internal/ward"
)

// Lag is a unit behind the plan as of a set's date: what is late and by
// how much.
type Lag struct {
	Unit       *ward.Unit
	Overdue    int          // its assignments past their due date and not done
	TaskDays   int          // how many days the oldest of them is late
	Report     *plan.Period // the latest period due whose report it has not sent
	ReportDays int          // how many days that report is late
	SpentShare int          // what it spent, in per cent of its planned funds, when over 100
}

// Days is how late the unit is at worst.
func (l Lag) Days() int { return max(l.TaskDays, l.ReportDays) }

// Behind lists the units late on a task or a report as of the set's date,
// and those that spent more than their planned funds: the latest first,
// then the most tasks overdue, then the most overspent. It counts nothing
// itself: tasks by plan.Each and EffectiveStatus, reports by the board,
// funds by Budget.
func Behind(s *Set, units []*ward.Unit, budget []BudgetLine) []Lag {
	byID := map[int64]*Lag{}
	var order []int64
	lag := func(id int64) *Lag {
		if l := byID[id]; l != nil {
			return l
		}
		for _, u := range units {
			if u.ID == id {
				byID[id] = &Lag{Unit: u}
				order = append(order, id)
				return byID[id]
			}
		}
		return nil
	}
	today := s.AsOf.In(vn.Zone).Format(time.DateOnly)
	s.Plan.Each(s.AsOf, func(_ *plan.Section, _ *plan.Task, a *plan.Assignment, status, due string) {
		if status != plan.Overdue {
			return
		}
		if l := lag(a.UnitID); l != nil {
			l.Overdue++
			l.TaskDays = max(l.TaskDays, daysBetween(due, today))
		}
	})
	if per, ok := s.Board.LatestDue(); ok {
		for _, row := range s.Board.Overdue(per.Code) {
			if l := lag(row.Unit.ID); l != nil {
				p := per
				l.Report, l.ReportDays = &p, daysBetween(per.DueOn, today)
			}
		}
	}
	for _, b := range budget {
		if b.Planned > 0 && b.Spent > b.Planned {
			if l := lag(b.Unit.ID); l != nil {
				l.SpentShare = int(b.Spent * 100 / b.Planned)
			}
		}
	}
	out := make([]Lag, 0, len(order))
	for _, id := range order {
		out = append(out, *byID[id])
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		switch {
		case a.Days() != b.Days():
			return a.Days() > b.Days()
		case a.Overdue != b.Overdue:
			return a.Overdue > b.Overdue
		case a.SpentShare != b.SpentShare:
			return a.SpentShare > b.SpentShare
		}
		return a.Unit.Position < b.Unit.Position
	})
	return out
}

// daysBetween counts the days from one date (YYYY-MM-DD) to a later one.
func daysBetween(from, to string) int {
	f, err1 := time.Parse(time.DateOnly, from)
	t, err2 := time.Parse(time.DateOnly, to)
	if err1 != nil || err2 != nil || !t.After(f) {
		return 0
	}
	return int(t.Sub(f).Hours() / 24)
}

// Lags is Behind over the plan's whole period as of asOf, for a screen that
// shows nothing else of the figures (the workspace home).
func Lags(ctx context.Context, q db.Querier, p *plan.Plan, units []*ward.Unit, asOf time.Time) ([]Lag, error) {
	set, err := For(ctx, q, p, units, activity.Range{From: p.PeriodStart, To: p.PeriodEnd}, asOf)
	if err != nil {
		return nil, err
	}
	lines, _, _, err := Budget(ctx, q, p, units, set.Activities)
	if err != nil {
		return nil, err
	}
	return Behind(set, units, lines), nil
}
