package activity

import (
	"context"

	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/ward"
)

// CoverageRow is one khu phố's activities in a month, by channel: whoever
// held them (the khu phố itself, the police, the Front …), what counts is
// that the neighbourhood heard.
type CoverageRow struct {
	Unit      *ward.Unit
	ByChannel map[string]int
	Total     int
	People    int
}

// Coverage returns, for every khu phố of the ward, its activities in month
// (YYYY-MM) by channel, read from the monthly aggregates.
func Coverage(ctx context.Context, q db.Querier, wardID int64, month string) ([]*CoverageRow, error) {
	units, err := ward.Units(ctx, q, wardID)
	if err != nil {
		return nil, err
	}
	byUnit := map[int64]*CoverageRow{}
	var out []*CoverageRow
	for _, u := range units {
		if u.Kind == ward.KindKhuPho {
			r := &CoverageRow{Unit: u, ByChannel: map[string]int{}}
			byUnit[u.ID] = r
			out = append(out, r)
		}
	}
	rows, err := q.Query(ctx, `select place_unit_id, channel_code, sum(activities), sum(people) from activity_monthly
		where ward_id = ? and month = ? and place_unit_id <> 0 group by place_unit_id, channel_code`, wardID, month)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var place int64
		var channel string
		var n, people int
		if err := rows.Scan(&place, &channel, &n, &people); err != nil {
			return nil, err
		}
		if r := byUnit[place]; r != nil {
			r.ByChannel[channel] += n
			r.Total += n
			r.People += people
		}
	}
	return out, rows.Err()
}
