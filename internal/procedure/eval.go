package procedure

import (
	_ "embed"
	"encoding/json"
)

// EvalQuery is a query written the way residents type, with the codes of
// the procedures that are acceptable answers.
type EvalQuery struct {
	Query string   `json:"q"`
	Want  []string `json:"want"`
}

var (
	//go:embed eval/queries.json
	evalJSON []byte
	//go:embed eval/holdout.json
	holdoutJSON []byte
)

// EvalSet returns the project's evaluation queries. The synonym list and
// popularity were tuned while looking at their misses.
func EvalSet() []EvalQuery { return decodeEval(evalJSON) }

// HoldoutSet returns queries written after the tuning and never tuned on:
// their figures estimate how search does on queries nobody has seen.
func HoldoutSet() []EvalQuery { return decodeEval(holdoutJSON) }

func decodeEval(b []byte) []EvalQuery {
	var qs []EvalQuery
	if err := json.Unmarshal(b, &qs); err != nil {
		panic("procedure: evaluation set: " + err.Error())
	}
	return qs
}

// EvalResult summarises search quality over an evaluation set.
type EvalResult struct {
	Queries              int
	RecallAt1, RecallAt3 float64
	MRR                  float64
	Misses               []EvalMiss // queries without an acceptable answer in the top 3
}

// EvalMiss is a query whose acceptable answers were not in the top 3.
type EvalMiss struct {
	Query     string
	Got, Want []string
}

// Evaluate runs every query and measures recall@1, recall@3 and the mean
// reciprocal rank of the first acceptable answer (within the top 10).
func Evaluate(ix *Index, qs []EvalQuery) EvalResult {
	r := EvalResult{Queries: len(qs)}
	for _, q := range qs {
		hits, _ := ix.Search(q.Query, 10)
		want := map[string]bool{}
		for _, c := range q.Want {
			want[c] = true
		}
		rank := 0
		var got []string
		for i, h := range hits {
			if i < 3 {
				got = append(got, h.Code)
			}
			if rank == 0 && want[h.Code] {
				rank = i + 1
			}
		}
		if rank == 1 {
			r.RecallAt1++
		}
		if rank >= 1 && rank <= 3 {
			r.RecallAt3++
		} else {
			r.Misses = append(r.Misses, EvalMiss{Query: q.Query, Got: got, Want: q.Want})
		}
		if rank > 0 {
			r.MRR += 1 / float64(rank)
		}
	}
	if n := float64(len(qs)); n > 0 {
		r.RecallAt1 /= n
		r.RecallAt3 /= n
		r.MRR /= n
	}
	return r
}
