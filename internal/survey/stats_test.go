package survey

import (
	"math"
	"strconv"
	"testing"
)

// Expected figures worked by hand from the formulas (Wilson 1927;
// Newcombe 1998, method 10) with z = 1.959964.
func TestWilson(t *testing.T) {
	cases := []struct {
		k, n   int
		lo, hi float64
	}{
		{41, 100, 0.318673, 0.507986},
		{63, 100, 0.532205, 0.718176},
		{0, 10, 0, 0.277533},
		{10, 10, 0.722467, 1},
		{1, 2, 0.094531, 0.905469},
		{205, 500, 0.367735, 0.453637},
		{315, 500, 0.586840, 0.671178},
		{50, 120, 0.332384, 0.506120},
	}
	for _, c := range cases {
		p := Wilson(c.k, c.n)
		if math.Abs(p.Lo-c.lo) > 1e-6 || math.Abs(p.Hi-c.hi) > 1e-6 || p.P != float64(c.k)/float64(c.n) {
			t.Errorf("Wilson(%d, %d) = [%.6f, %.6f], want [%.6f, %.6f]", c.k, c.n, p.Lo, p.Hi, c.lo, c.hi)
		}
	}
	if p := Wilson(0, 0); p.Lo != 0 || p.Hi != 1 || p.P != 0 {
		t.Errorf("no answers: %+v", p)
	}
}

func TestDifference(t *testing.T) {
	cases := []struct {
		k1, n1, k2, n2 int
		lo, hi         float64
		clear          bool
		margin         int
		statement      string
	}{
		{205, 500, 315, 500, 0.158624, 0.279008, true, 6, "Tỷ lệ người dân biết nộp hồ sơ trực tuyến tăng từ 41 % lên 63 % (±6 điểm)."},
		{41, 100, 63, 100, 0.081562, 0.346948, true, 14, "Tỷ lệ người dân biết nộp hồ sơ trực tuyến tăng từ 41 % lên 63 % (±14 điểm)."},
		{50, 120, 55, 120, -0.082749, 0.164283, false, 12, "Tỷ lệ người dân biết nộp hồ sơ trực tuyến là 42 % trước và 46 % sau; chênh lệch nằm trong sai số (±12 điểm), chưa kết luận được là đã thay đổi."},
		{30, 60, 20, 60, -0.328801, 0.009241, false, 18, "Tỷ lệ người dân biết nộp hồ sơ trực tuyến là 50 % trước và 33 % sau; chênh lệch nằm trong sai số (±18 điểm), chưa kết luận được là đã thay đổi."},
		{60, 60, 20, 60, 0, 0, true, 0, ""},
	}
	for _, c := range cases {
		d := Difference(Wilson(c.k1, c.n1), Wilson(c.k2, c.n2))
		if c.statement == "" { // a fall beyond chance
			if d.Clear() != true || d.Hi >= 0 || d.Statement("x") != "Tỷ lệ người dân x giảm từ 100 % xuống 33 % (±"+strconv.Itoa(d.Margin())+" điểm)." {
				t.Errorf("a clear fall: %+v %q", d, d.Statement("x"))
			}
			continue
		}
		if math.Abs(d.Lo-c.lo) > 1e-6 || math.Abs(d.Hi-c.hi) > 1e-6 || d.Clear() != c.clear || d.Margin() != c.margin {
			t.Errorf("%d/%d → %d/%d: [%.6f, %.6f] clear %v margin %d", c.k1, c.n1, c.k2, c.n2, d.Lo, d.Hi, d.Clear(), d.Margin())
		}
		if got := d.Statement("biết nộp hồ sơ trực tuyến"); got != c.statement {
			t.Errorf("statement:\n got %s\nwant %s", got, c.statement)
		}
	}
	if got := Difference(Wilson(0, 0), Wilson(3, 10)).Statement("x"); got != "Chưa đủ câu trả lời của cả hai đợt để so sánh tỷ lệ người dân x." {
		t.Errorf("one wave empty: %s", got)
	}
}

func TestSampleSize(t *testing.T) {
	cases := []struct {
		margin     float64
		population int
		want       int
	}{
		{0.05, 0, 385}, {0.1, 0, 97}, {0.03, 0, 1068}, {0.05, 800, 260}, {0.1, 300, 73}, {0, 0, 0}, {1, 0, 0},
	}
	for _, c := range cases {
		if got := SampleSize(c.margin, c.population); got != c.want {
			t.Errorf("SampleSize(%v, %d) = %d, want %d", c.margin, c.population, got, c.want)
		}
	}
}
