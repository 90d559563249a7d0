package survey

import (
	"math"
	"strconv"
)

// z95 is the standard normal quantile of a two-sided 95 % interval.
const z95 = 1.959963984540054

// Proportion is k of n answers, with its 95 % Wilson score interval: unlike
// p ± z·√(p(1−p)/n) it stays within 0–1 and is honest for the small
// samples a khu phố gives.
type Proportion struct {
	K, N   int
	P      float64
	Lo, Hi float64
}

// Wilson is k of n with its 95 % Wilson score interval; n 0 gives 0 and
// the whole range.
func Wilson(k, n int) Proportion {
	if n <= 0 {
		return Proportion{Hi: 1}
	}
	p := float64(k) / float64(n)
	nf, z2 := float64(n), z95*z95
	d := 1 + z2/nf
	c := (p + z2/(2*nf)) / d
	h := z95 * math.Sqrt(p*(1-p)/nf+z2/(4*nf*nf)) / d
	return Proportion{K: k, N: n, P: p, Lo: max(0, c-h), Hi: min(1, c+h)}
}

// Change is the difference between two waves' proportions (after −
// before) with its 95 % interval by Newcombe's hybrid score method (from
// the two Wilson intervals; method 10 of Newcombe 1998), for independent
// samples.
type Change struct {
	Before, After Proportion
	D, Lo, Hi     float64
}

// Difference is after − before with its 95 % interval.
func Difference(before, after Proportion) Change {
	d := after.P - before.P
	return Change{Before: before, After: after, D: d,
		Lo: d - math.Sqrt(sq(after.P-after.Lo)+sq(before.Hi-before.P)),
		Hi: d + math.Sqrt(sq(after.Hi-after.P)+sq(before.P-before.Lo))}
}

func sq(x float64) float64 { return x * x }

// Clear reports whether the change is beyond chance: its interval leaves 0 out.
func (c Change) Clear() bool { return c.Lo > 0 || c.Hi < 0 }

// Margin is the change's margin of error in percentage points, rounded:
// the larger side of its interval.
func (c Change) Margin() int {
	return int(math.Round(100 * max(c.D-c.Lo, c.Hi-c.D)))
}

// Percent is a proportion in whole per cent.
func Percent(p float64) int { return int(math.Round(100 * p)) }

// Statement says the change in plain Vietnamese for people who read no
// statistics; what is "tỷ lệ người dân …" ("biết nộp hồ sơ trực tuyến").
func (c Change) Statement(what string) string {
	a, b := strconv.Itoa(Percent(c.Before.P)), strconv.Itoa(Percent(c.After.P))
	m := strconv.Itoa(c.Margin())
	switch {
	case c.Before.N == 0 || c.After.N == 0:
		return "Chưa đủ câu trả lời của cả hai đợt để so sánh tỷ lệ người dân " + what + "."
	case c.Lo > 0:
		return "Tỷ lệ người dân " + what + " tăng từ " + a + " % lên " + b + " % (±" + m + " điểm)."
	case c.Hi < 0:
		return "Tỷ lệ người dân " + what + " giảm từ " + a + " % xuống " + b + " % (±" + m + " điểm)."
	}
	return "Tỷ lệ người dân " + what + " là " + a + " % trước và " + b + " % sau; chênh lệch nằm trong sai số (±" + m + " điểm), chưa kết luận được là đã thay đổi."
}

// SampleSize is how many answers estimate a proportion within ±margin
// (0.05 for ±5 points) at 95 %, in the worst case p = 0.5; population,
// when known (the khu phố's residents or households), shrinks it by the
// finite population correction.
func SampleSize(margin float64, population int) int {
	if margin <= 0 || margin >= 1 {
		return 0
	}
	n := z95 * z95 * 0.25 / (margin * margin)
	if population > 0 {
		n = n / (1 + (n-1)/float64(population))
	}
	return int(math.Ceil(n - 1e-9))
}
