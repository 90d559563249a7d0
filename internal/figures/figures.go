// Package figures gathers what the dashboard, the city view, the official
// report and the API show of a ward's plan, for a range of days as of a
// date. It owns no table and counts nothing itself: each figure is the one
// function of the domain that owns it (activity.Summarise, plan.Count,
// unitreport's Timeliness), so every screen and document agrees.
package figures

import (
	"context"
	"strconv"
	"time"

	"github.com/cchc-vn/cchc/internal/activity"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/plan"
	"github.com/cchc-vn/cchc/internal/unitreport"
	"github.com/cchc-vn/cchc/internal/vn"
	"github.com/cchc-vn/cchc/internal/ward"
)

// Set is a ward's figures on a plan for a range, as of a date.
type Set struct {
	Plan  *plan.Plan
	Range activity.Range
	// AsOf is the day deadlines are judged on (in Vietnam): a task not done
	// by its due date, a periodic report not sent by its due date.
	AsOf       time.Time
	Activities *activity.Stats
	Tasks      plan.Tally
	Reports    unitreport.Timeliness           // every reporting unit
	ByUnit     map[int64]unitreport.Timeliness // by unit id
	Board      *unitreport.Board               // the reports as they stand on AsOf
}

// AsOfLabel is the "as of" date as the documents write it: dd/mm/yyyy.
func (s *Set) AsOfLabel() string { return vn.Date(s.AsOf) }

// For gathers the figures of plan p for range r as of asOf.
func For(ctx context.Context, q db.Querier, p *plan.Plan, units []*ward.Unit, r activity.Range, asOf time.Time) (*Set, error) {
	st, err := activity.Summarise(ctx, q, p, units, r)
	if err != nil {
		return nil, err
	}
	board, err := unitreport.Build(ctx, q, p, units, asOf)
	if err != nil {
		return nil, err
	}
	s := &Set{Plan: p, Range: r, AsOf: asOf, Activities: st, Tasks: plan.Count(p, asOf), Board: board}
	s.Reports, s.ByUnit = board.Timeliness(r, asOf)
	return s, nil
}

// WardRow is one ward's line in the city view.
type WardRow struct {
	Ward       *ward.Ward
	Activities activity.WardFigures
	KhuPho     int
	Tasks      plan.Tally
	Reports    unitreport.Timeliness
}

// DonePercent is the share of the ward's assignments done.
func (w WardRow) DonePercent() int {
	if w.Tasks.Total == 0 {
		return 0
	}
	return w.Tasks.Of(plan.Done) * 100 / w.Tasks.Total
}

// City gathers every ward's figures for the months of r as of asOf, in a
// few grouped reads whatever the number of wards.
func City(ctx context.Context, q db.Querier, r activity.Range, asOf time.Time) ([]WardRow, error) {
	wards, err := ward.List(ctx, q)
	if err != nil {
		return nil, err
	}
	figs, err := activity.CityFigures(ctx, q, r.From[:7], r.To[:7])
	if err != nil {
		return nil, err
	}
	tasks, err := plan.CountByWard(ctx, q, asOf)
	if err != nil {
		return nil, err
	}
	plans, reporting, err := plan.InForce(ctx, q)
	if err != nil {
		return nil, err
	}
	reports, err := unitreport.TimelinessByWard(ctx, q, plans, reporting, r, asOf)
	if err != nil {
		return nil, err
	}
	kp, err := ward.KhuPhoCounts(ctx, q)
	if err != nil {
		return nil, err
	}
	out := make([]WardRow, 0, len(wards))
	for _, w := range wards {
		row := WardRow{Ward: w, KhuPho: kp[w.ID], Tasks: tasks[w.ID], Reports: reports[w.ID]}
		if f := figs[w.ID]; f != nil {
			row.Activities = *f
		}
		out = append(out, row)
	}
	return out, nil
}

// BudgetLine is a unit's funds for the plan: planned (part IV of the plan)
// against spent (the costs of its activities over the plan's whole period).
type BudgetLine struct {
	Unit           *ward.Unit
	Planned, Spent int64
}

// Budget returns every unit's line, in the ward's order, and the totals.
// known may hold the figures of the plan's whole period already counted.
func Budget(ctx context.Context, q db.Querier, p *plan.Plan, units []*ward.Unit, known *activity.Stats) (lines []BudgetLine, planned, spent int64, err error) {
	plannedBy, err := plan.Budgets(ctx, q, p.ID)
	if err != nil {
		return nil, 0, 0, err
	}
	whole := activity.Range{From: p.PeriodStart, To: p.PeriodEnd}
	st := known
	if st == nil || st.Range != whole {
		if st, err = activity.Summarise(ctx, q, p, units, whole); err != nil {
			return nil, 0, 0, err
		}
	}
	for _, u := range units {
		l := BudgetLine{Unit: u, Planned: plannedBy[u.ID], Spent: st.Unit(u.ID).Cost}
		lines = append(lines, l)
		planned += l.Planned
		spent += l.Spent
	}
	return lines, planned, spent, nil
}

// Empty reports whether the line has no funds planned or spent.
func (l BudgetLine) Empty() bool { return l.Planned == 0 && l.Spent == 0 }

// ReportsOf is the report timeliness of the unit of a figure of ByUnit.
func (s *Set) ReportsOf(f activity.Figure) unitreport.Timeliness {
	id, _ := strconv.ParseInt(f.Key, 10, 64)
	return s.ByUnit[id]
}
