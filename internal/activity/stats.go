package activity

import (
	"context"
	"sort"
	"strconv"
	"time"

	"github.com/cchc-vn/cchc/internal/check"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/plan"
	"github.com/cchc-vn/cchc/internal/vn"
	"github.com/cchc-vn/cchc/internal/ward"
)

// Range is a span of days, both ends included, as YYYY-MM-DD: the period a
// figure counts, from a single month to a year.
type Range struct {
	From, To string
}

// MonthRange is the range of whole months from..to (YYYY-MM).
func MonthRange(from, to string) Range {
	end, err := time.Parse("2006-01", to)
	if err != nil {
		return Range{From: from + "-01", To: to + "-31"}
	}
	return Range{From: from + "-01", To: end.AddDate(0, 1, -1).Format(time.DateOnly)}
}

// ParseRange checks a range typed by a person or a program (YYYY-MM-DD);
// the message names the field.
func ParseRange(from, to string) (Range, error) {
	e := check.Errors{}
	f, err1 := time.Parse(time.DateOnly, from)
	t, err2 := time.Parse(time.DateOnly, to)
	switch {
	case err1 != nil:
		e["from"] = "Ngày bắt đầu không hợp lệ."
	case err2 != nil:
		e["to"] = "Ngày kết thúc không hợp lệ."
	case t.Before(f):
		e["to"] = "Ngày kết thúc phải sau ngày bắt đầu."
	case t.Sub(f) > 400*24*time.Hour:
		e["to"] = "Kỳ báo cáo dài nhất là một năm."
	}
	return Range{From: from, To: to}, e.Err()
}

// Label is the range as people read it: "01/07/2025 – 31/12/2025".
func (r Range) Label() string { return vn.ISODate(r.From) + " – " + vn.ISODate(r.To) }

// wholeMonths reports whether the range is made of whole months, and which:
// then the monthly aggregates answer it.
func (r Range) wholeMonths() (from, to string, ok bool) {
	f, err1 := time.Parse(time.DateOnly, r.From)
	t, err2 := time.Parse(time.DateOnly, r.To)
	if err1 != nil || err2 != nil || f.Day() != 1 || t.AddDate(0, 0, 1).Day() != 1 {
		return "", "", false
	}
	return r.From[:7], r.To[:7], true
}

// Figure is one row of counts: a channel, a theme, a unit, a khu phố or a month.
type Figure struct {
	Key        string // the channel or theme code, the unit id, the month YYYY-MM
	Label      string
	Activities int64
	Quantity   int64
	People     int64
	Cost       int64
}

func (f *Figure) add(g Figure) {
	f.Activities += g.Activities
	f.Quantity += g.Quantity
	f.People += g.People
	f.Cost += g.Cost
}

// Stats are a ward's activity figures over a range: the one count behind
// the dashboard, the city view, the official report and the API.
type Stats struct {
	Range     Range
	Total     Figure
	ByChannel []Figure // in the plan's order, every channel even when zero
	ByTheme   []Figure // in the plan's order; an activity counts once per theme it names
	ByUnit    []Figure // every unit, in the ward's order: what the unit held, wherever
	ByKhuPho  []Figure // every khu phố, in order: what was held there, by whoever
	ByMonth   []Figure // every month of the range
	KhuPho    int      // khu phố in the ward
	Reached   int      // khu phố where something was held
}

// Unit returns the unit's figures (Key is its id).
func (st *Stats) Unit(id int64) Figure {
	for _, f := range st.ByUnit {
		if f.Key == itoa(id) {
			return f
		}
	}
	return Figure{Key: itoa(id)}
}

// LeastActive returns every unit, the fewest activities first (then the
// fewest people reached): the dashboard reads worst first.
func (st *Stats) LeastActive() []Figure {
	out := append([]Figure(nil), st.ByUnit...)
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Activities != out[j].Activities {
			return out[i].Activities < out[j].Activities
		}
		return out[i].People < out[j].People
	})
	return out
}

// Silent returns the khu phố where nothing was held in the range.
func (st *Stats) Silent() []Figure {
	var out []Figure
	for _, f := range st.ByKhuPho {
		if f.Activities == 0 {
			out = append(out, f)
		}
	}
	return out
}

// Summarise counts a ward's activities over a range, by channel, theme,
// unit, khu phố and month. A range of whole months is read from the monthly
// aggregates; any other is counted from the records in the same shape, so
// both give the same figures for the same activities.
func Summarise(ctx context.Context, q db.Querier, p *plan.Plan, units []*ward.Unit, r Range) (*Stats, error) {
	st := &Stats{Range: r}
	chIdx, monthIdx, unitIdx, kpIdx := map[string]int{}, map[string]int{}, map[int64]int{}, map[int64]int{}
	for _, c := range p.Channels {
		chIdx[c.Code] = len(st.ByChannel)
		st.ByChannel = append(st.ByChannel, Figure{Key: c.Code, Label: c.Name})
	}
	for _, m := range monthsBetween(r.From[:7], r.To[:7]) {
		monthIdx[m] = len(st.ByMonth)
		st.ByMonth = append(st.ByMonth, Figure{Key: m, Label: m[5:7] + "/" + m[:4]})
	}
	for _, u := range units {
		unitIdx[u.ID] = len(st.ByUnit)
		st.ByUnit = append(st.ByUnit, Figure{Key: itoa(u.ID), Label: u.Name})
		if u.Kind == ward.KindKhuPho {
			kpIdx[u.ID] = len(st.ByKhuPho)
			st.ByKhuPho = append(st.ByKhuPho, Figure{Key: itoa(u.ID), Label: u.Name})
		}
	}
	st.KhuPho = len(st.ByKhuPho)
	thIdx := map[string]int{}
	for _, t := range p.Themes {
		thIdx[t.Code] = len(st.ByTheme)
		st.ByTheme = append(st.ByTheme, Figure{Key: t.Code, Label: t.Title})
	}

	var rowsQ, themesQ string
	var args []any
	if from, to, ok := r.wholeMonths(); ok {
		args = []any{p.WardID, from, to}
		rowsQ = `select month, unit_id, place_unit_id, channel_code, activities, quantity, people, cost from activity_monthly
			where ward_id = ? and month >= ? and month <= ?`
		themesQ = `select theme_code, sum(activities), sum(people) from activity_theme_monthly
			where ward_id = ? and month >= ? and month <= ? group by theme_code`
	} else {
		args = []any{p.WardID, r.From, r.To}
		rowsQ = `select substr(held_on, 1, 7), unit_id, coalesce(place_unit_id, 0), channel_code, count(*), sum(quantity), sum(people), sum(cost)
			from activities where ward_id = ? and held_on >= ? and held_on <= ? group by 1, 2, 3, 4`
		themesQ = `select t.theme_code, count(*), sum(a.people) from activities a join activity_themes t on t.activity_id = a.id
			where a.ward_id = ? and a.held_on >= ? and a.held_on <= ? group by t.theme_code`
	}
	rows, err := q.Query(ctx, rowsQ, args...)
	if err != nil {
		return nil, err
	}
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
		if i, ok := unitIdx[unit]; ok {
			st.ByUnit[i].add(f)
		}
		if i, ok := kpIdx[place]; ok {
			st.ByKhuPho[i].add(f)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, f := range st.ByKhuPho {
		if f.Activities > 0 {
			st.Reached++
		}
	}
	trows, err := q.Query(ctx, themesQ, args...)
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

// WardFigures is one ward's line in the city view.
type WardFigures struct {
	WardID int64
	Figure
	Reached int // khu phố reached
}

// CityFigures returns every ward's totals over months from..to (YYYY-MM)
// from the per-ward and per-khu-phố aggregates: two grouped reads of small
// tables, whatever the number of wards.
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

// Reach is the people a unit's activities on a channel reached in each
// khu phố over a range: for the Front's organisations, the members reached
// (in lượt: one member reached twice counts twice). Keys are unit, then
// khu phố; activities not held in a khu phố are left out.
func Reach(ctx context.Context, q db.Querier, wardID int64, channel string, r Range) (map[int64]map[int64]int64, error) {
	rows, err := q.Query(ctx, `select unit_id, place_unit_id, sum(people) from activities
		where ward_id = ? and channel_code = ? and held_on >= ? and held_on <= ? and place_unit_id is not null group by unit_id, place_unit_id`,
		wardID, channel, r.From, r.To)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]map[int64]int64{}
	for rows.Next() {
		var unit, place, people int64
		if err := rows.Scan(&unit, &place, &people); err != nil {
			return nil, err
		}
		if out[unit] == nil {
			out[unit] = map[int64]int64{}
		}
		out[unit][place] = people
	}
	return out, rows.Err()
}
