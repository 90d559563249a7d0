package plan

import (
	"strconv"
	"time"

	"github.com/cchc-vn/cchc/internal/vn"
)

// Period is one reporting period of a plan: a month or a quarter, clipped
// to the plan's own period.
type Period struct {
	Code  string // 2025-07 or 2025-Q3
	Label string // Tháng 7/2025, Quý III/2025
	Start string // YYYY-MM-DD
	End   string
	DueOn string // End plus the plan's due days
}

var romanQuarter = [...]string{"I", "II", "III", "IV"}

// Periods lists the plan's reporting periods in order.
func Periods(p *Plan) []Period {
	start, err1 := time.Parse(time.DateOnly, p.PeriodStart)
	end, err2 := time.Parse(time.DateOnly, p.PeriodEnd)
	if err1 != nil || err2 != nil || end.Before(start) {
		return nil
	}
	var out []Period
	m := time.Date(start.Year(), start.Month(), 1, 0, 0, 0, 0, time.UTC)
	step := 1
	if p.ReportCycle == CycleQuarter {
		m = time.Date(start.Year(), (start.Month()-1)/3*3+1, 1, 0, 0, 0, 0, time.UTC)
		step = 3
	}
	for !m.After(end) {
		next := m.AddDate(0, step, 0)
		last := next.AddDate(0, 0, -1)
		per := Period{Start: m.Format(time.DateOnly), End: last.Format(time.DateOnly)}
		if step == 1 {
			per.Code = m.Format("2006-01")
			per.Label = "Tháng " + strconv.Itoa(int(m.Month())) + "/" + strconv.Itoa(m.Year())
		} else {
			q := (int(m.Month())-1)/3 + 1
			per.Code = strconv.Itoa(m.Year()) + "-Q" + strconv.Itoa(q)
			per.Label = "Quý " + romanQuarter[q-1] + "/" + strconv.Itoa(m.Year())
		}
		if per.Start < p.PeriodStart {
			per.Start = p.PeriodStart
		}
		if per.End > p.PeriodEnd {
			per.End = p.PeriodEnd
		}
		e, _ := time.Parse(time.DateOnly, per.End)
		per.DueOn = e.AddDate(0, 0, p.ReportDueDays).Format(time.DateOnly)
		out = append(out, per)
		m = next
	}
	return out
}

// PeriodByCode finds one of the plan's periods.
func PeriodByCode(p *Plan, code string) (Period, bool) {
	for _, per := range Periods(p) {
		if per.Code == code {
			return per, true
		}
	}
	return Period{}, false
}

// PeriodOf returns the period holding a date (YYYY-MM-DD).
func PeriodOf(p *Plan, date string) (Period, bool) {
	for _, per := range Periods(p) {
		if per.Start <= date && date <= per.End {
			return per, true
		}
	}
	return Period{}, false
}

// Months lists the months (YYYY-MM) a period spans.
func (per Period) Months() []string {
	var out []string
	m, _ := time.Parse(time.DateOnly, per.Start[:7]+"-01")
	for m.Format("2006-01") <= per.End[:7] {
		out = append(out, m.Format("2006-01"))
		m = m.AddDate(0, 1, 0)
	}
	return out
}

// Reporting reports whether today (in Vietnam) the period is open for
// reports: from a week before its end.
func (per Period) Reporting(now time.Time) bool {
	e, _ := time.Parse(time.DateOnly, per.End)
	return now.In(vn.Zone).Format(time.DateOnly) >= e.AddDate(0, 0, -7).Format(time.DateOnly)
}

// ReportingUnits are the units the plan gives or requests work of: they owe
// periodic reports.
func ReportingUnits(p *Plan) []int64 {
	seen := map[int64]bool{}
	var out []int64
	for _, s := range p.Sections {
		for _, t := range s.Tasks {
			for _, a := range t.Assignments {
				if !seen[a.UnitID] {
					seen[a.UnitID] = true
					out = append(out, a.UnitID)
				}
			}
		}
	}
	return out
}
