package activity

import (
	"context"
	"sort"
	"strconv"
	"time"

	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/plan"
	"github.com/cchc-vn/cchc/internal/ward"
)

// Figure is one row of counts: a channel, a theme, a unit or a month.
type Figure struct {
	Key        string
	Label      string
	Activities int64
	Quantity   int64
	People     int64
	Cost       int64
}

// Stats are a ward's figures over a range of months, read from the monthly
// aggregates.
type Stats struct {
	Total     Figure
	ByChannel []Figure // in the plan's order, every channel even when zero
	ByTheme   []Figure // in the plan's order; an activity counts once per theme
	ByUnit    []Figure // units that recorded something, most active first
	ByMonth   []Figure // every month of the range
	KhuPho    int      // khu phố in the ward
	Reached   int      // khu phố where something was held
}

// Summarise returns the ward's figures for months from..to (YYYY-MM, inclusive).
func Summarise(ctx context.Context, q db.Querier, p *plan.Plan, units []*ward.Unit, from, to string) (*Stats, error) {
	st := &Stats{}
	chIdx, monthIdx, unitIdx := map[string]int{}, map[string]int{}, map[int64]int{}
	for _, c := range p.Channels {
		chIdx[c.Code] = len(st.ByChannel)
		st.ByChannel = append(st.ByChannel, Figure{Key: c.Code, Label: c.Name})
	}
	for _, m := range monthsBetween(from, to) {
		monthIdx[m] = len(st.ByMonth)
		st.ByMonth = append(st.ByMonth, Figure{Key: m, Label: m[5:7] + "/" + m[:4]})
	}
	names := map[int64]string{}
	for _, u := range units {
		names[u.ID] = u.Name
		if u.Kind == ward.KindKhuPho {
			st.KhuPho++
		}
	}
	rows, err := q.Query(ctx, `select month, unit_id, place_unit_id, channel_code, activities, quantity, people, cost from activity_monthly
		where ward_id = ? and month >= ? and month <= ?`, p.WardID, from, to)
	if err != nil {
		return nil, err
	}
	reached := map[int64]bool{}
	for rows.Next() {
		var month, channel string
		var unit, place int64
		var f Figure
		if err := rows.Scan(&month, &unit, &place, &channel, &f.Activities, &f.Quantity, &f.People, &f.Cost); err != nil {
			rows.Close()
			return nil, err
		}
		st.Total.add(f)
		if i, ok := chIdx[channel]; ok {
			st.ByChannel[i].add(f)
		}
		if i, ok := monthIdx[month]; ok {
			st.ByMonth[i].add(f)
		}
		i, ok := unitIdx[unit]
		if !ok {
			i = len(st.ByUnit)
			unitIdx[unit] = i
			st.ByUnit = append(st.ByUnit, Figure{Key: itoa(unit), Label: names[unit]})
		}
		st.ByUnit[i].add(f)
		if place != 0 && f.Activities > 0 {
			reached[place] = true
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	st.Reached = len(reached)
	sort.SliceStable(st.ByUnit, func(i, j int) bool { return st.ByUnit[i].Activities > st.ByUnit[j].Activities })
	thIdx := map[string]int{}
	for _, t := range p.Themes {
		thIdx[t.Code] = len(st.ByTheme)
		st.ByTheme = append(st.ByTheme, Figure{Key: t.Code, Label: t.Title})
	}
	trows, err := q.Query(ctx, `select theme_code, sum(activities), sum(people) from activity_theme_monthly
		where ward_id = ? and month >= ? and month <= ? group by theme_code`, p.WardID, from, to)
	if err != nil {
		return nil, err
	}
	defer trows.Close()
	for trows.Next() {
		var code string
		var f Figure
		if err := trows.Scan(&code, &f.Activities, &f.People); err != nil {
			return nil, err
		}
		if i, ok := thIdx[code]; ok {
			st.ByTheme[i].add(f)
		}
	}
	return st, trows.Err()
}

func (f *Figure) add(g Figure) {
	f.Activities += g.Activities
	f.Quantity += g.Quantity
	f.People += g.People
	f.Cost += g.Cost
}

// SpentByUnit returns each unit's recorded costs over months from..to.
func SpentByUnit(ctx context.Context, q db.Querier, wardID int64, from, to string) (map[int64]int64, error) {
	rows, err := q.Query(ctx, `select unit_id, sum(cost) from activity_monthly where ward_id = ? and month >= ? and month <= ? group by unit_id`, wardID, from, to)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]int64{}
	for rows.Next() {
		var id, cost int64
		if err := rows.Scan(&id, &cost); err != nil {
			return nil, err
		}
		out[id] = cost
	}
	return out, rows.Err()
}

// UnitFigures returns one unit's figures over months from..to.
func UnitFigures(ctx context.Context, q db.Querier, wardID, unitID int64, from, to string) (Figure, error) {
	var f Figure
	err := q.QueryRow(ctx, `select coalesce(sum(activities), 0), coalesce(sum(quantity), 0), coalesce(sum(people), 0), coalesce(sum(cost), 0)
		from activity_monthly where ward_id = ? and unit_id = ? and month >= ? and month <= ?`, wardID, unitID, from, to).
		Scan(&f.Activities, &f.Quantity, &f.People, &f.Cost)
	return f, err
}

// WardFigures is one ward's line in the city view.
type WardFigures struct {
	WardID int64
	Figure
	Reached int // khu phố reached
}

// CityFigures returns every ward's totals over months from..to from the
// per-ward and per-khu-phố aggregates: two grouped reads of small tables.
func CityFigures(ctx context.Context, q db.Querier, from, to string) (map[int64]*WardFigures, error) {
	out := map[int64]*WardFigures{}
	rows, err := q.Query(ctx, `select ward_id, sum(activities), sum(quantity), sum(people), sum(cost)
		from activity_ward_monthly where month >= ? and month <= ? group by ward_id`, from, to)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		w := &WardFigures{}
		if err := rows.Scan(&w.WardID, &w.Activities, &w.Quantity, &w.People, &w.Cost); err != nil {
			rows.Close()
			return nil, err
		}
		out[w.WardID] = w
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = q.Query(ctx, `select ward_id, count(distinct place_unit_id) from activity_place_monthly
		where month >= ? and month <= ? and activities > 0 group by ward_id`, from, to)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, err
		}
		if w := out[id]; w != nil {
			w.Reached = n
		}
	}
	return out, rows.Err()
}

// monthsBetween lists the months from..to (YYYY-MM), at most 20 years.
func monthsBetween(from, to string) []string {
	var out []string
	m, err := time.Parse("2006-01", from)
	if err != nil {
		return nil
	}
	for len(out) < 240 && m.Format("2006-01") <= to {
		out = append(out, m.Format("2006-01"))
		m = m.AddDate(0, 1, 0)
	}
	return out
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
