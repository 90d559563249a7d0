package survey

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/ward"
)

// Group is one part of the answers: the whole ward, a khu phố, an age
// group or a sex; Waves holds its favourable share in each wave, in the
// survey's order.
type Group struct {
	Key, Name string
	Waves     []Proportion
	Change    Change  // second wave against the first, when there are two
	Choices   [][]int // answers per option, per wave
}

// QuestionResult is one question's results.
type QuestionResult struct {
	Question Question
	All      Group
	KhuPho   []Group // khu phố with answers, in the ward's order
	Age      []Group
	Sex      []Group
}

// Statement is the ward's change in plain words.
func (r *QuestionResult) Statement() string { return r.All.Change.Statement(r.Question.Measure) }

// Results is a survey's results: never a single answer, only counts.
type Results struct {
	Survey    *Survey
	Responses []int // per wave
	Flagged   []int // per wave: answers from a device that had answered already
	Questions []QuestionResult
}

// Read counts a survey's answers per question, wave and group.
func Read(ctx context.Context, q db.Querier, s *Survey) (*Results, error) {
	waveIdx := map[int64]int{}
	for i, w := range s.Waves {
		waveIdx[w.ID] = i
	}
	nw := len(s.Waves)
	res := &Results{Survey: s, Responses: make([]int, nw), Flagged: make([]int, nw)}
	units, err := ward.Units(ctx, q, s.WardID)
	if err != nil {
		return nil, err
	}
	names, rank := map[int64]string{}, map[string]int{}
	for i, u := range units {
		names[u.ID], rank[u.Name] = u.Name, i
	}
	rows, err := q.Query(ctx, `select wave_id, flagged, count(*) from survey_responses where survey_id = ? group by wave_id, flagged`, s.ID)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var wave int64
		var flagged, n int
		if err := rows.Scan(&wave, &flagged, &n); err != nil {
			rows.Close()
			return nil, err
		}
		res.Responses[waveIdx[wave]] += n
		if flagged != 0 {
			res.Flagged[waveIdx[wave]] += n
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// Counts by question, wave, khu phố, age group, sex and choice: the
	// groups are summed from these cells.
	type cell struct {
		question, wave, khuPho int64
		age, sex               string
		choice                 int
	}
	cells := map[cell]int{}
	rows, err = q.Query(ctx, `select a.question_id, r.wave_id, coalesce(r.khu_pho_id, 0), r.age_group, r.sex, a.choice, count(*)
		from survey_answers a join survey_responses r on r.id = a.response_id where r.survey_id = ?
		group by a.question_id, r.wave_id, coalesce(r.khu_pho_id, 0), r.age_group, r.sex, a.choice`, s.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var c cell
		var n int
		if err := rows.Scan(&c.question, &c.wave, &c.khuPho, &c.age, &c.sex, &c.choice, &n); err != nil {
			return nil, err
		}
		cells[c] += n
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, qu := range s.Questions {
		qr := QuestionResult{Question: qu}
		groups := map[string]*Group{}
		group := func(key, name string) *Group {
			g := groups[key]
			if g == nil {
				g = &Group{Key: key, Name: name, Choices: make([][]int, nw)}
				for i := range g.Choices {
					g.Choices[i] = make([]int, len(qu.Choices()))
				}
				groups[key] = g
			}
			return g
		}
		all := group("all", "Toàn phường")
		for c, n := range cells {
			if c.question != qu.ID || c.choice < 0 || c.choice >= len(qu.Choices()) {
				continue
			}
			wi := waveIdx[c.wave]
			targets := []*Group{all, group("age:"+c.age, nameOf(AgeGroups, c.age)), group("sex:"+c.sex, nameOf(Sexes, c.sex))}
			if c.khuPho != 0 {
				targets = append(targets, group("kp:"+strconv.FormatInt(c.khuPho, 10), names[c.khuPho]))
			}
			for _, g := range targets {
				g.Choices[wi][c.choice] += n
			}
		}
		for _, g := range groups {
			for wi := range nw {
				k, n := 0, 0
				for choice, m := range g.Choices[wi] {
					n += m
					if qu.Favourable(choice) {
						k += m
					}
				}
				g.Waves = append(g.Waves, Wilson(k, n))
			}
			if nw == 2 {
				g.Change = Difference(g.Waves[0], g.Waves[1])
			}
		}
		qr.All = *all
		for key, g := range groups {
			switch {
			case strings.HasPrefix(key, "kp:"):
				qr.KhuPho = append(qr.KhuPho, *g)
			case strings.HasPrefix(key, "age:"):
				qr.Age = append(qr.Age, *g)
			case strings.HasPrefix(key, "sex:"):
				qr.Sex = append(qr.Sex, *g)
			}
		}
		slices.SortFunc(qr.KhuPho, func(a, b Group) int { return rank[a.Name] - rank[b.Name] }) // the ward's order
		order := func(cs []Choice) func(a, b Group) int {
			return func(a, b Group) int {
				return slices.IndexFunc(cs, func(c Choice) bool { return c.Name == a.Name }) - slices.IndexFunc(cs, func(c Choice) bool { return c.Name == b.Name })
			}
		}
		slices.SortFunc(qr.Age, order(AgeGroups))
		slices.SortFunc(qr.Sex, order(Sexes))
		res.Questions = append(res.Questions, qr)
	}
	return res, nil
}

func nameOf(cs []Choice, code string) string {
	for _, c := range cs {
		if c.Code == code {
			return c.Name
		}
	}
	return code
}

// Quota is how many answers a khu phố has in a wave and how many it still
// needs for the chosen margin of error.
type Quota struct {
	Unit   *ward.Unit
	Have   int
	Target int
	Need   int
}

// Quotas says, for each khu phố, how many answers of a wave it has and
// still needs for ±margin (0.10 for ±10 points) at 95 %, with the finite
// population correction where population (residents or households by khu
// phố) is known; those furthest from their target come first.
func Quotas(ctx context.Context, q db.Querier, s *Survey, waveID int64, margin float64, population map[int64]int) ([]Quota, error) {
	units, err := ward.Units(ctx, q, s.WardID)
	if err != nil {
		return nil, err
	}
	have := map[int64]int{}
	rows, err := q.Query(ctx, `select coalesce(khu_pho_id, 0), count(*) from survey_responses where survey_id = ? and wave_id = ? group by coalesce(khu_pho_id, 0)`, s.ID, waveID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, err
		}
		have[id] = n
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var out []Quota
	for _, u := range units {
		if u.Kind != ward.KindKhuPho {
			continue
		}
		target := SampleSize(margin, population[u.ID])
		out = append(out, Quota{Unit: u, Have: have[u.ID], Target: target, Need: max(0, target-have[u.ID])})
	}
	slices.SortStableFunc(out, func(a, b Quota) int { return b.Need - a.Need })
	return out, nil
}
