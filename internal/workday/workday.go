// Package workday counts deadlines in working days: Monday to Friday, less
// the public holidays kept in the database (the national calendar, which
// an administrator extends each year with the lunar Tết days, and a ward's
// own days off).
package workday

import (
	"context"
	"time"

	"github.com/cchc-vn/cchc/internal/check"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/vn"
)

// Calendar knows which days are off.
type Calendar struct {
	off map[string]string // YYYY-MM-DD → holiday name
}

// Holiday is one day off.
type Holiday struct {
	WardID int64 // 0 for the national calendar
	Day    string
	Name   string
}

// Load reads the national holidays and the ward's own.
func Load(ctx context.Context, q db.Querier, wardID int64) (*Calendar, error) {
	hs, err := List(ctx, q, wardID)
	if err != nil {
		return nil, err
	}
	c := &Calendar{off: map[string]string{}}
	for _, h := range hs {
		c.off[h.Day] = h.Name
	}
	return c, nil
}

// List returns the holidays that apply to a ward, by date.
func List(ctx context.Context, q db.Querier, wardID int64) ([]Holiday, error) {
	rows, err := q.Query(ctx, `select ward_id, day, name from holidays where ward_id = 0 or ward_id = ? order by day`, wardID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Holiday
	for rows.Next() {
		var h Holiday
		if err := rows.Scan(&h.WardID, &h.Day, &h.Name); err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

// IsWorkday reports whether the date (in Vietnam) is a working day.
func (c *Calendar) IsWorkday(t time.Time) bool {
	t = t.In(vn.Zone)
	if wd := t.Weekday(); wd == time.Saturday || wd == time.Sunday {
		return false
	}
	_, off := c.off[t.Format(time.DateOnly)]
	return !off
}

// Add returns the date (YYYY-MM-DD) n working days after the day of from:
// a deadline of 5 working days for something received on a Friday
// falls on the next Friday, later if holidays intervene.
func (c *Calendar) Add(from time.Time, n int) string {
	d := from.In(vn.Zone)
	d = time.Date(d.Year(), d.Month(), d.Day(), 12, 0, 0, 0, vn.Zone)
	for n > 0 {
		d = d.AddDate(0, 0, 1)
		if c.IsWorkday(d) {
			n--
		}
	}
	return d.Format(time.DateOnly)
}

// Between counts the working days after the day of a up to and including
// the day of b (0 when b is not after a).
func (c *Calendar) Between(a, b time.Time) int {
	d := a.In(vn.Zone)
	d = time.Date(d.Year(), d.Month(), d.Day(), 12, 0, 0, 0, vn.Zone)
	end := b.In(vn.Zone).Format(time.DateOnly)
	n := 0
	for i := 0; i < 3660; i++ {
		d = d.AddDate(0, 0, 1)
		if d.Format(time.DateOnly) > end {
			break
		}
		if c.IsWorkday(d) {
			n++
		}
	}
	return n
}

// AddHoliday records a day off for a ward (0: the national calendar).
func AddHoliday(ctx context.Context, q db.Querier, wardID int64, day, name string) error {
	e := check.Errors{}
	t, err := vn.ParseDate(day)
	if err != nil {
		e["day"] = "Ngày không hợp lệ (dd/mm/yyyy)."
	}
	name = vn.Clean(name)
	e.Text("name", name, true, 100, "Tên ngày nghỉ")
	if err := e.Err(); err != nil {
		return err
	}
	_, err = q.Exec(ctx, `insert into holidays (ward_id, day, name) values (?, ?, ?)
		on conflict (ward_id, day) do update set name = excluded.name`, wardID, t.Format(time.DateOnly), name)
	return err
}

// RemoveHoliday deletes a ward's day off.
func RemoveHoliday(ctx context.Context, q db.Querier, wardID int64, day string) error {
	_, err := q.Exec(ctx, `delete from holidays where ward_id = ? and day = ?`, wardID, day)
	return err
}
