package workday

import (
	"testing"
	"time"

	"github.com/cchc-vn/cchc/internal/vn"
)

func TestWorkingDays(t *testing.T) {
	c := &Calendar{off: map[string]string{"2026-02-16": "Tết", "2026-02-17": "Tết", "2026-02-18": "Tết", "2026-02-19": "Tết", "2026-02-20": "Tết", "2026-09-02": "Quốc khánh"}}
	day := func(s string) time.Time {
		d, _ := time.ParseInLocation(time.DateOnly, s, vn.Zone)
		return d.Add(15 * time.Hour)
	}
	for _, tc := range []struct {
		from string
		n    int
		want string
	}{
		{"2026-02-04", 5, "2026-02-11"}, // Wednesday + 5 = next Wednesday
		{"2026-02-06", 5, "2026-02-13"}, // received on a Friday
		{"2026-02-07", 1, "2026-02-09"}, // received on a Saturday: Monday
		{"2026-02-12", 5, "2026-02-26"}, // across the Tết week
		{"2026-09-01", 1, "2026-09-03"}, // across Quốc khánh
		{"2026-02-04", 0, "2026-02-04"},
	} {
		if got := c.Add(day(tc.from), tc.n); got != tc.want {
			t.Errorf("%s + %d working days = %s, want %s", tc.from, tc.n, got, tc.want)
		}
	}
	if n := c.Between(day("2026-02-12"), day("2026-02-26")); n != 5 {
		t.Errorf("working days between = %d", n)
	}
	// Late evening UTC is already the next day in Vietnam.
	if c.IsWorkday(time.Date(2026, 2, 13, 20, 0, 0, 0, time.UTC)) {
		t.Error("Saturday 03:00 in Vietnam counted as a working day")
	}
}
