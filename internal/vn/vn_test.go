package vn

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
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

func TestCleanRemovesWhatHidesOrBreaks(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Tiêu\x00 đề", "Tiêu đề"},                         // NUL: PostgreSQL refuses it
		{"\u202eevil.exe\u202c gnp.", "evil.exe gnp."},     // a right-to-left override hides the real name
		{"\u2067Khu phố\u2069 5", "Khu phố 5"},             // isolates too
		{"Dòng 1\r\nDòng 2\rcuối", "Dòng 1\nDòng 2 cuối"},  // line breaks kept, one kind
		{"a\tb\x1b[31mđỏ\x7f\u0085", "a b[31mđỏ"},          // tab, escape, DEL, NEL
		{"gi\xffấy", "giấy"},                               // an invalid byte
		{"Khu pho\u0302\u0301 1 👨‍👩‍👧", "Khu phố 1 👨‍👩‍👧"}, // NFC; the emoji's joiners stay
	} {
		if got := Clean(c.in); got != c.want {
			t.Errorf("Clean(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// FuzzClean: whatever goes in, what comes out is valid NFC text without a
// control character but line breaks, and cleaning it again changes nothing.
func FuzzClean(f *testing.F) {
	for _, s := range []string{"Phú Định", "\x00\u202e", "a\r\nb", "\xff\xfe", "e\u0301"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := Clean(s)
		if !utf8.ValidString(out) || !norm.NFC.IsNormalString(out) || Clean(out) != out {
			t.Fatalf("Clean(%q) = %q", s, out)
		}
		for _, r := range out {
			if r < 0x20 && r != '\n' || r >= 0x202a && r <= 0x202e {
				t.Fatalf("Clean(%q) kept %U", s, r)
			}
		}
	})
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

func FuzzStorable(f *testing.F) {
	for _, s := range []string{"Phú Định", "a\x00b", "\xff\xfe", "\xed\xa0\x80"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := Storable(s)
		if !utf8.ValidString(out) || strings.IndexByte(out, 0) >= 0 || Storable(out) != out {
			t.Fatalf("Storable(%q) = %q", s, out)
		}
		if utf8.ValidString(s) && !strings.Contains(s, "\x00") && out != s {
			t.Fatalf("Storable changed clean text %q to %q", s, out)
		}
	})
}

func TestPlainAndFold(t *testing.T) {
	for in, want := range map[string][2]string{
		"Đã trả lời":                   {"Da tra loi", "da tra loi"},
		"Phường Phú Định, Hồ Chí Minh": {"Phuong Phu Dinh, Ho Chi Minh", "phuong phu dinh, ho chi minh"},
		"Giải Khuyến khích":            {"Giai Khuyen khich", "giai khuyen khich"},
		"PA-7KQ4-M2XT":                 {"PA-7KQ4-M2XT", "pa-7kq4-m2xt"},
		norm.NFD.String("Ưu tiên"):     {"Uu tien", "uu tien"},
	} {
		if got := Plain(in); got != want[0] {
			t.Errorf("Plain(%q) = %q, want %q", in, got, want[0])
		}
		if got := Fold(in); got != want[1] {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want[1])
		}
	}
}
