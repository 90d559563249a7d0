package plan

import (
	"context"
	"time"

	"github.com/cchc-vn/cchc/internal/db"
)

// Tally counts assignments by effective status as of a date: the one count
// of task status behind the dashboard, the progress pages, the city view,
// the official report and the API.
type Tally struct {
	Counts map[string]int // by NotStarted, InProgress, Done, Overdue
	Total  int
}

func (t *Tally) add(status string, n int) {
	if t.Counts == nil {
		t.Counts = map[string]int{}
	}
	t.Counts[status] += n
	t.Total += n
}

// Of returns the count of one status.
func (t Tally) Of(status string) int { return t.Counts[status] }

// Each walks the plan's assignments in order with their due date and their
// effective status as of asOf.
func (p *Plan) Each(asOf time.Time, fn func(s *Section, t *Task, a *Assignment, status, due string)) {
	for _, s := range p.Sections {
		for _, t := range s.Tasks {
			due := DueDate(t, p)
			for _, a := range t.Assignments {
				fn(s, t, a, EffectiveStatus(a, due, asOf), due)
			}
		}
	}
}

// Count tallies the plan's assignments as of asOf.
func Count(p *Plan, asOf time.Time) Tally {
	t := Tally{Counts: map[string]int{}}
	p.Each(asOf, func(_ *Section, _ *Task, _ *Assignment, status, _ string) { t.add(status, 1) })
	return t
}

// CountByWard tallies the assignments of every ward's plan in force as of
// asOf, from one grouped read: assignments come grouped by stored status and
// due date, and EffectiveStatus decides each group, as it decides each
// assignment in Count.
func CountByWard(ctx context.Context, q db.Querier, asOf time.Time) (map[int64]Tally, error) {
	rows, err := q.Query(ctx, `select p.ward_id, a.status, case when t.due_on <> '' then t.due_on else p.period_end end, count(*)
		from task_assignments a join plan_tasks t on t.id = a.task_id join plans p on p.id = t.plan_id
		where p.status = ? group by 1, 2, 3`, StatusActive)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]Tally{}
	for rows.Next() {
		var w int64
		var status, due string
		var n int
		if err := rows.Scan(&w, &status, &due, &n); err != nil {
			return nil, err
		}
		t := out[w]
		t.add(EffectiveStatus(&Assignment{Status: status}, due, asOf), n)
		out[w] = t
	}
	return out, rows.Err()
}

// InForce returns every ward's plan in force (headers only) with the number
// of units its tasks are assigned to, which report on it: for the city view.
func InForce(ctx context.Context, q db.Querier) ([]*Plan, map[int64]int, error) {
	rows, err := q.Query(ctx, `select `+planCols+` from plans where status = ? order by ward_id, id`, StatusActive)
	if err != nil {
		return nil, nil, err
	}
	var plans []*Plan
	for rows.Next() {
		p, err := scanPlan(rows)
		if err != nil {
			rows.Close()
			return nil, nil, err
		}
		plans = append(plans, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	rows, err = q.Query(ctx, `select t.plan_id, count(distinct a.unit_id) from task_assignments a join plan_tasks t on t.id = a.task_id
		join plans p on p.id = t.plan_id where p.status = ? group by t.plan_id`, StatusActive)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	units := map[int64]int{}
	for rows.Next() {
		var planID int64
		var n int
		if err := rows.Scan(&planID, &n); err != nil {
			return nil, nil, err
		}
		units[planID] = n
	}
	return plans, units, rows.Err()
}
