package activity

import (
	"context"

	"github.com/cchc-vn/cchc/internal/db"
)

// bump adds (sign 1) or removes (sign -1) an activity from the monthly
// aggregates, in the caller's transaction, so that dashboards never scan raw
// records. Rows that fall to zero activities are deleted.
func bump(ctx context.Context, tx *db.Tx, wardID int64, a *Activity, sign int) error {
	month := a.HeldOn[:7]
	if _, err := tx.Exec(ctx, `insert into activity_monthly (ward_id, month, unit_id, place_unit_id, channel_code, activities, quantity, people, cost)
		values (?, ?, ?, ?, ?, ?, ?, ?, ?)
		on conflict (ward_id, month, unit_id, place_unit_id, channel_code) do update set
			activities = activity_monthly.activities + excluded.activities, quantity = activity_monthly.quantity + excluded.quantity,
			people = activity_monthly.people + excluded.people, cost = activity_monthly.cost + excluded.cost`,
		wardID, month, a.UnitID, a.PlaceUnitID, a.ChannelCode, sign, sign*a.Quantity, sign*a.People, int64(sign)*a.Cost); err != nil {
		return err
	}
	for _, t := range a.Themes {
		if _, err := tx.Exec(ctx, `insert into activity_theme_monthly (ward_id, month, unit_id, theme_code, activities, people)
			values (?, ?, ?, ?, ?, ?)
			on conflict (ward_id, month, unit_id, theme_code) do update set
				activities = activity_theme_monthly.activities + excluded.activities, people = activity_theme_monthly.people + excluded.people`,
			wardID, month, a.UnitID, t, sign, sign*a.People); err != nil {
			return err
		}
	}
	if sign < 0 {
		if _, err := tx.Exec(ctx, `delete from activity_monthly where ward_id = ? and month = ? and activities <= 0`, wardID, month); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `delete from activity_theme_monthly where ward_id = ? and month = ? and activities <= 0`, wardID, month); err != nil {
			return err
		}
	}
	return nil
}

// Reaggregate rebuilds a ward's aggregates from its raw records: after a
// bulk load, or to check that the running totals are right.
func Reaggregate(ctx context.Context, tx *db.Tx, wardID int64) error {
	for _, q := range []string{
		`delete from activity_monthly where ward_id = ?`,
		`delete from activity_theme_monthly where ward_id = ?`,
		`insert into activity_monthly (ward_id, month, unit_id, place_unit_id, channel_code, activities, quantity, people, cost)
			select ward_id, substr(held_on, 1, 7), unit_id, coalesce(place_unit_id, 0), channel_code, count(*), sum(quantity), sum(people), sum(cost)
			from activities where ward_id = ? group by ward_id, substr(held_on, 1, 7), unit_id, coalesce(place_unit_id, 0), channel_code`,
		`insert into activity_theme_monthly (ward_id, month, unit_id, theme_code, activities, people)
			select a.ward_id, substr(a.held_on, 1, 7), a.unit_id, t.theme_code, count(*), sum(a.people)
			from activities a join activity_themes t on t.activity_id = a.id where a.ward_id = ?
			group by a.ward_id, substr(a.held_on, 1, 7), a.unit_id, t.theme_code`,
	} {
		if _, err := tx.Exec(ctx, q, wardID); err != nil {
			return err
		}
	}
	return nil
}
