package procedure

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"testing"
	"time"
)

// synthetic returns a city-scale catalogue: the real catalogue plus variants
// of its procedures (as other wards and agencies would have) up to n.
func synthetic(n int) []*Procedure {
	base, _ := Catalogue()
	out := append([]*Procedure(nil), base...)
	r := rand.New(rand.NewPCG(1, 2))
	suffixes := []string{"cho người nước ngoài", "tại khu vực biên giới", "lưu động", "trực tuyến toàn trình", "của tổ chức", "(cấp tỉnh)", "đối với hộ gia đình", "lần hai"}
	for i := 0; len(out) < n; i++ {
		p := *base[r.IntN(len(base))]
		p.Code = fmt.Sprintf("9.%06d", i)
		p.Name = p.Name + " " + suffixes[r.IntN(len(suffixes))]
		p.Popularity = 0
		out = append(out, &p)
	}
	return out
}

// BenchmarkSearch measures one search over 10,000 procedures with the
// evaluation queries; it reports the p50 and p99 latency of single queries.
func BenchmarkSearch(b *testing.B) {
	ix := NewIndex(synthetic(10000))
	qs := append(EvalSet(), HoldoutSet()...)
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		ix.Search(qs[i%len(qs)].Query, 10)
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
}

// BenchmarkBuildIndex measures building the index of 10,000 procedures,
// which a process does at start and when the catalogue changes.
func BenchmarkBuildIndex(b *testing.B) {
	ps := synthetic(10000)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		NewIndex(ps)
	}
}
