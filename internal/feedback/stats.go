package feedback

import (
	"context"
	"time"

	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/vn"
)

// Figures count feedback the way Decision 766/QĐ-TTg scores it.
type Figures struct {
	Key          string
	Label        string
	Received     int
	Finished     int // answered, forwarded or rejected (then perhaps closed)
	OnTime       int // finished by its deadline
	Late         int // finished after its deadline, or still open past it
	Rated        int
	Dissatisfied int
}

// OnTimeRate is the share handled on time among items whose deadline has
// come (finished, or open and overdue), in percent; -1 when none.
func (f Figures) OnTimeRate() int {
	if f.OnTime+f.Late == 0 {
		return -1
	}
	return f.OnTime * 100 / (f.OnTime + f.Late)
}

// SatisfactionRate is Decision 766's "tỷ lệ hài lòng về PAKN": items
// neither rated unsatisfied nor overdue, over all items, in percent.
func (f Figures) SatisfactionRate() int {
	if f.Received == 0 {
		return -1
	}
	return (f.Received - f.Dissatisfied - f.Late) * 100 / f.Received
}

// Stats are a ward's feedback figures over a period.
type Stats struct {
	Total      Figures
	ByCategory []Figures
	ByMonth    []Figures
}

// ComputeStats counts items received from..to (YYYY-MM-DD) as of now.
// It reads only the columns it needs: no personal data leaves the query.
func ComputeStats(ctx context.Context, q db.Querier, wardID int64, from, to string, now time.Time) (*Stats, error) {
	rows, err := q.Query(ctx, `select category, received_at, status, classify_due, classified_at, answer_due, answered_at, rating
		from feedback where ward_id = ? and received_at >= ? and received_at < ?`, wardID, from, dayAfter(to))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	st := &Stats{}
	catIdx, monthIdx := map[string]int{}, map[string]int{}
	for _, c := range Categories {
		catIdx[c.Code] = len(st.ByCategory)
		st.ByCategory = append(st.ByCategory, Figures{Key: c.Code, Label: c.Name})
	}
	today := now.In(vn.Zone).Format(time.DateOnly)
	localDay := func(stamp string) string {
		if stamp == "" {
			return ""
		}
		return db.ParseTime(stamp).In(vn.Zone).Format(time.DateOnly)
	}
	for rows.Next() {
		var cat, received, status, classifyDue, classified, answerDue, answered string
		var rating int
		if err := rows.Scan(&cat, &received, &status, &classifyDue, &classified, &answerDue, &answered, &rating); err != nil {
			return nil, err
		}
		var f Figures
		f.Received = 1
		switch {
		case answered != "": // answered, perhaps closed since
			f.Finished = 1
			if localDay(answered) <= answerDue {
				f.OnTime = 1
			} else {
				f.Late = 1
			}
		case classified != "" && answerDue == "": // forwarded or rejected
			f.Finished = 1
			if localDay(classified) <= classifyDue {
				f.OnTime = 1
			} else {
				f.Late = 1
			}
		case status == Received && today > classifyDue, status == Assigned && today > answerDue:
			f.Late = 1
		}
		if rating > 0 {
			f.Rated = 1
			if Dissatisfied(rating) {
				f.Dissatisfied = 1
			}
		}
		st.Total.add(f)
		if i, ok := catIdx[cat]; ok {
			st.ByCategory[i].add(f)
		}
		month := localDay(received)[:7]
		i, ok := monthIdx[month]
		if !ok {
			i = len(st.ByMonth)
			monthIdx[month] = i
			st.ByMonth = append(st.ByMonth, Figures{Key: month, Label: month[5:] + "/" + month[:4]})
		}
		st.ByMonth[i].add(f)
	}
	sortFigures(st.ByMonth)
	return st, rows.Err()
}

func (f *Figures) add(g Figures) {
	f.Received += g.Received
	f.Finished += g.Finished
	f.OnTime += g.OnTime
	f.Late += g.Late
	f.Rated += g.Rated
	f.Dissatisfied += g.Dissatisfied
}

func sortFigures(fs []Figures) {
	for i := 1; i < len(fs); i++ {
		for j := i; j > 0 && fs[j].Key < fs[j-1].Key; j-- {
			fs[j], fs[j-1] = fs[j-1], fs[j]
		}
	}
}

// dayAfter gives the exclusive upper bound of a period ending on day, as a
// stored timestamp prefix compares (received_at is UTC; a day in Vietnam
// starts at 17:00 UTC the day before, a difference this bound accepts).
func dayAfter(day string) string {
	t, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return day
	}
	return t.AddDate(0, 0, 1).Format(time.DateOnly)
}
