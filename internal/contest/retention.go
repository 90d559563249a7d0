package contest

import (
	"context"
	"time"

	"github.com/cchc-vn/cchc/internal/db"
)

// Purge deletes the personal data of contests whose last round closed more
// than their retention period ago (Decree 13/2023: kept only as long as the
// contest needs it): codes and sessions go, and takers keep only what the
// published results show (prize winners' names and places); the others'
// names go too. Counts, scores and certificates' figures stay. It returns how
// many contests it purged.
func Purge(ctx context.Context, d *db.DB, now time.Time) (int, error) {
	rows, err := d.Query(ctx, `select c.id, c.retention_days, max(r.closes_at) from contests c join contest_rounds r on r.contest_id = c.id
		where c.purged_at = '' group by c.id, c.retention_days`)
	if err != nil {
		return 0, err
	}
	var due []int64
	for rows.Next() {
		var id int64
		var days int
		var last string
		if err := rows.Scan(&id, &days, &last); err != nil {
			rows.Close()
			return 0, err
		}
		if db.ParseTime(last).Add(time.Duration(days) * 24 * time.Hour).Before(now) {
			due = append(due, id)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	for _, id := range due {
		err := d.InTx(ctx, func(tx *db.Tx) error {
			for _, q := range []string{
				`delete from contest_codes where contest_id = ?`,
				`delete from contest_sessions where contest_id = ?`,
				`update contest_takers set full_name = '', name_key = 'xoa-' || cast(id as text) where contest_id = ? and id not in
					(select x.taker_id from contest_results x where x.prize <> '')`,
				`update contest_takers set phone = 'xoa-' || cast(id as text), birth_year = 0, address = '', workplace = '', citizen_id = '', device = ''
					where contest_id = ?`,
				`update contest_attempts set device = '' where round_id in (select id from contest_rounds where contest_id = ?)`,
			} {
				if _, err := tx.Exec(ctx, q, id); err != nil {
					return err
				}
			}
			_, err := tx.Exec(ctx, `update contests set purged_at = ? where id = ?`, db.FormatTime(now), id)
			return err
		})
		if err != nil {
			return 0, err
		}
	}
	return len(due), nil
}
