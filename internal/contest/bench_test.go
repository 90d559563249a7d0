package contest_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/cchc-vn/cchc/internal/contest"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/db/dbtest"
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

// BenchmarkDurability saves contest answers (each its own commit, as a
// taker's phone sends them) on SQLite with synchronous=NORMAL and FULL, in
// one run: the ratio is what a power-cut-proof answer costs.
//
//	go test ./internal/contest -run - -bench Durability -benchtime 2000x
func BenchmarkDurability(b *testing.B) {
	for _, mode := range []string{"normal", "full"} {
		b.Run(mode, func(b *testing.B) {
			b.Setenv("CCHC_SQLITE_SYNC", mode)
			f := newFixture(b, dbtest.Open(b, db.SQLite))
			f.bank(3, "2", contest.Easy)
			f.bank(2, "3", contest.Medium)
			r := f.round("01/10/2025 12:00", "08/10/2025 20:00", 20, 1)
			tk, _ := f.register("Nguyễn Văn An", "0911111111", 0, at("2025-10-03 08:00"))
			id, err := contest.Start(f.ctx, f.d, r, tk, "", "", at("2025-10-03 08:00"))
			if err != nil {
				b.Fatal(err)
			}
			now := at("2025-10-03 08:01")
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				if err := contest.Answer(f.ctx, f.d, tk.ID, id, i%5, 1<<(i%4), now); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
