package vn

import "testing"

func TestPhone(t *testing.T) {
	for _, c := range []struct {
		in, want string
		mobile   bool
		carrier  string
	}{
		{"0912345678", "0912345678", true, "VinaPhone"},
		{"+84 912 345 678", "0912345678", true, "VinaPhone"},
		{"84912345678", "0912345678", true, "VinaPhone"},
		{"0912.345.678", "0912345678", true, "VinaPhone"},
		{"(+84) 98-765-4321", "0987654321", true, "Viettel"},
		{"0168 123 4567", "0381234567", true, "Viettel"}, // the 2018 renumbering
		{"01201234567", "0701234567", true, "MobiFone"},
		{"0129 999 8888", "0829998888", true, "VinaPhone"},
		{"0586123456", "0586123456", true, "Vietnamobile"},
		{"0879123456", "0879123456", true, "iTel"},
		{"(028) 3850 1234", "02838501234", false, ""}, // Hồ Chí Minh City's fixed lines
		{"+84 24 3825 1234", "02438251234", false, ""},
		{"0212345678", "", false, ""}, // a fixed line of 10 digits does not exist
		{"0955555555", "", false, ""}, // 095 is no carrier's
		{"0123456789", "", false, ""}, // too short for an old 0123 number
		{"0201234567", "", false, ""},
		{"091234567", "", false, ""},
		{"09123456789", "", false, ""},
		{"0912 345 67a", "", false, ""},
		{"", "", false, ""},
		{"０９１２３４５６７８", "", false, ""}, // full-width digits are not read as digits
	} {
		got, ok := Phone(c.in)
		if got != c.want || ok != (c.want != "") {
			t.Errorf("Phone(%q) = %q, %v; want %q", c.in, got, ok, c.want)
		}
		if ok && (Mobile(got) != c.mobile || Carrier(got) != c.carrier) {
			t.Errorf("%q: mobile %v carrier %q", got, Mobile(got), Carrier(got))
		}
	}
	if got := International("0912345678"); got != "84912345678" {
		t.Errorf("International = %q", got)
	}
}

// FuzzPhone: whatever is typed, a number read is read again as itself, and
// is 10 (mobile) or 11 (fixed line) digits starting with 0.
func FuzzPhone(f *testing.F) {
	for _, s := range []string{"0912345678", "+84 912 345 678", "0168 123 4567", "(028) 3850 1234", "84", "0", "+"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, ok := Phone(s)
		if !ok {
			return
		}
		if again, ok2 := Phone(p); !ok2 || again != p {
			t.Fatalf("Phone(%q) = %q, read again %q %v", s, p, again, ok2)
		}
		if p[0] != '0' || (len(p) != 10 && len(p) != 11) || Mobile(p) != (len(p) == 10) {
			t.Fatalf("Phone(%q) = %q", s, p)
		}
	})
}
