package contest_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/cchc-vn/cchc/internal/contest"
)

// BenchmarkScoreAndRank10000 scores 10,000 papers of 20 questions and ranks
// them with the tie-breaks (goal: well under a second per run).
func BenchmarkScoreAndRank10000(b *testing.B) {
	const takers, size = 10000, 20
	revs := make([]*contest.Revision, size)
	for i := range revs {
		revs[i] = &contest.Revision{Options: []string{"A", "B", "C", "D"}, Correct: 1 << (i % 4)}
	}
	type paper struct {
		orders  [][]int
		choices []int
	}
	rng := rand.New(rand.NewPCG(1, 2))
	papers := make([]paper, takers)
	for i := range papers {
		for range size {
			papers[i].orders = append(papers[i].orders, rng.Perm(4))
			papers[i].choices = append(papers[i].choices, 1<<rng.IntN(4))
		}
	}
	start := time.Date(2025, 10, 8, 8, 0, 0, 0, time.UTC)
	b.ResetTimer()
	for range b.N {
		entries := make([]*contest.Entry, takers)
		for i, p := range papers {
			correct := 0
			for q := range size {
				if contest.Correct(revs[q], p.orders[q], p.choices[q]) {
					correct++
				}
			}
			pred := int64(i % 50)
			entries[i] = &contest.Entry{TakerID: int64(i), AttemptID: int64(i), Correct: correct, Size: size,
				Duration: time.Duration(rng.IntN(1200)) * time.Second, Prediction: &pred, SubmittedAt: start.Add(time.Duration(i) * time.Second)}
		}
		ranked, _ := contest.Rank(entries, contest.Prizes{First: 1, Second: 2, Third: 3, Consolation: 10})
		if len(ranked) != takers {
			b.Fatal(len(ranked))
		}
	}
}
