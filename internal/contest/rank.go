package contest

import (
	"sort"
	"time"
)

// Entry is a taker's standing in a round: their best attempt.
type Entry struct {
	TakerID     int64
	AttemptID   int64
	Name        string
	Place       string // khu phố, unit or address, as the public list shows it
	UnitID      int64
	Correct     int
	Size        int // questions of the paper
	Duration    time.Duration
	Prediction  *int64
	SubmittedAt time.Time
	Rank        int
	Prize       string
	Certificate string
}

// PredictionGap is how far the entry's prediction is from the truth; no
// prediction is the farthest.
func (e *Entry) PredictionGap(truth int) int64 {
	if e.Prediction == nil {
		return 1 << 62
	}
	d := *e.Prediction - int64(truth)
	if d < 0 {
		d = -d
	}
	return d
}

// before is the Vietnamese contests' order: more correct answers, then the
// shorter time, then the prediction closer to the true number, then the
// earlier submission.
func before(a, b *Entry, truth int) bool {
	if a.Correct != b.Correct {
		return a.Correct > b.Correct
	}
	if a.Duration != b.Duration {
		return a.Duration < b.Duration
	}
	if ga, gb := a.PredictionGap(truth), b.PredictionGap(truth); ga != gb {
		return ga < gb
	}
	if !a.SubmittedAt.Equal(b.SubmittedAt) {
		return a.SubmittedAt.Before(b.SubmittedAt)
	}
	return a.AttemptID < b.AttemptID
}

// tied is whether the tie-breaks cannot part two entries.
func tied(a, b *Entry, truth int) bool {
	return a.Correct == b.Correct && a.Duration == b.Duration && a.PredictionGap(truth) == b.PredictionGap(truth) && a.SubmittedAt.Equal(b.SubmittedAt)
}

// Truth is the number the prediction question asks for: takers whose best
// attempt has every answer right.
func Truth(attempts []*Entry) int {
	all := map[int64]bool{}
	for _, a := range attempts {
		if a.Size > 0 && a.Correct == a.Size {
			all[a.TakerID] = true
		}
	}
	return len(all)
}

// Rank keeps each taker's best attempt, orders them and numbers them (entries
// no tie-break parts share a rank), then gives the prizes in that order. It
// returns the ranking and the truth the predictions were measured against.
func Rank(attempts []*Entry, p Prizes) ([]*Entry, int) {
	truth := Truth(attempts)
	best := map[int64]*Entry{}
	for _, a := range attempts {
		if b, ok := best[a.TakerID]; !ok || before(a, b, truth) {
			best[a.TakerID] = a
		}
	}
	out := make([]*Entry, 0, len(best))
	for _, e := range best {
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool { return before(out[i], out[j], truth) })
	prizes := make([]string, 0, p.Total())
	for _, x := range []struct {
		n    int
		code string
	}{{p.First, PrizeFirst}, {p.Second, PrizeSecond}, {p.Third, PrizeThird}, {p.Consolation, PrizeConsolation}} {
		for range x.n {
			prizes = append(prizes, x.code)
		}
	}
	for i, e := range out {
		e.Rank = i + 1
		if i > 0 && tied(out[i-1], e, truth) {
			e.Rank = out[i-1].Rank
		}
		e.Prize = ""
		// A prize needs at least one right answer.
		if i < len(prizes) && e.Correct > 0 {
			e.Prize = prizes[i]
		}
	}
	return out, truth
}

// Group is a khu phố or unit's share of a round: valid takers and their
// average of right answers, for the collective prizes.
type Group struct {
	UnitID  int64
	Name    string
	Takers  int
	Average float64 // right answers per taker
}

// MinGroup is the fewest takers a group needs to compete on its average.
const MinGroup = 5

// Groups ranks the units named by takers: by number of takers, and by
// average (groups of at least MinGroup takers).
func Groups(ranked []*Entry) (byTakers, byAverage []Group) {
	idx := map[int64]int{}
	sums := map[int64]int{}
	for _, e := range ranked {
		if e.UnitID == 0 {
			continue
		}
		i, ok := idx[e.UnitID]
		if !ok {
			i = len(byTakers)
			idx[e.UnitID] = i
			byTakers = append(byTakers, Group{UnitID: e.UnitID, Name: e.Place})
		}
		byTakers[i].Takers++
		sums[e.UnitID] += e.Correct
	}
	for i := range byTakers {
		g := &byTakers[i]
		g.Average = float64(sums[g.UnitID]) / float64(g.Takers)
		if g.Takers >= MinGroup {
			byAverage = append(byAverage, *g)
		}
	}
	sort.SliceStable(byTakers, func(i, j int) bool {
		if byTakers[i].Takers != byTakers[j].Takers {
			return byTakers[i].Takers > byTakers[j].Takers
		}
		return byTakers[i].Average > byTakers[j].Average
	})
	sort.SliceStable(byAverage, func(i, j int) bool {
		if byAverage[i].Average != byAverage[j].Average {
			return byAverage[i].Average > byAverage[j].Average
		}
		return byAverage[i].Takers > byAverage[j].Takers
	})
	return byTakers, byAverage
}
