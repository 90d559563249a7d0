package vn

import (
	"testing"
	"time"
)

func TestMoneyAndNumber(t *testing.T) {
	for _, tt := range []struct {
		in   int64
		want string
	}{{0, "0 đ"}, {999, "999 đ"}, {1000, "1.000 đ"}, {1234000, "1.234.000 đ"}, {-150000, "-150.000 đ"}} {
		if got := Money(tt.in); got != tt.want {
			t.Errorf("Money(%d) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestDatesInVietnamZone(t *testing.T) {
	// 20:00 UTC on 30/06 is already 01/07 in Ho Chi Minh City.
	utc := time.Date(2025, 6, 30, 20, 0, 0, 0, time.UTC)
	if got := Date(utc); got != "01/07/2025" {
		t.Errorf("Date = %q, want 01/07/2025", got)
	}
	if got := LongDate(time.Date(2025, 10, 8, 0, 0, 0, 0, Zone)); got != "ngày 08 tháng 10 năm 2025" {
		t.Errorf("LongDate = %q", got)
	}
	if got := LongDate(time.Date(2026, 2, 3, 0, 0, 0, 0, Zone)); got != "ngày 03 tháng 02 năm 2026" {
		t.Errorf("LongDate = %q", got)
	}
	for _, in := range []string{"8/10/2025", "08/10/2025", "2025-10-08"} {
		d, err := ParseDate(in)
		if err != nil || ISODate(d.Format("2006-01-02")) != "08/10/2025" {
			t.Errorf("ParseDate(%q) = %v, %v", in, d, err)
		}
	}
	if _, err := ParseDate("31/02/2025"); err == nil {
		t.Error("ParseDate accepted 31/02/2025")
	}
}

func TestCleanNormalisesToNFC(t *testing.T) {
	decomposed := "Phu\u0301 Đi\u0323nh" // combining acute and dot below
	if got := Clean("  " + decomposed + " "); got != "Phú Định" {
		t.Errorf("Clean = %q, want NFC \"Phú Định\"", got)
	}
}

// FuzzParseDate: any input either fails or yields a real date that prints back
// to the same calendar day.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"08/10/2025", "8/1/2026", "2025-10-08", "31/02/2025", "", "１２/１０/２０２５", "99999/1/1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			return
		}
		iso := d.Format("2006-01-02")
		again, err := ParseDate(ISODate(iso))
		if err != nil || again.Format("2006-01-02") != iso {
			t.Fatalf("ParseDate(%q) = %s, which does not round-trip (%v)", s, iso, err)
		}
	})
}
