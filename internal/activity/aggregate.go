package activity

import (
	"context"
	"fmt"
	"time"

	"github.com/cchc-vn/cchc/internal/account"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/plan"
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
	if _, err := tx.Exec(ctx, `insert into activity_ward_monthly (ward_id, month, activities, quantity, people, cost) values (?, ?, ?, ?, ?, ?)
		on conflict (ward_id, month) do update set
			activities = activity_ward_monthly.activities + excluded.activities, quantity = activity_ward_monthly.quantity + excluded.quantity,
			people = activity_ward_monthly.people + excluded.people, cost = activity_ward_monthly.cost + excluded.cost`,
		wardID, month, sign, sign*a.Quantity, sign*a.People, int64(sign)*a.Cost); err != nil {
		return err
	}
	if a.PlaceUnitID != 0 {
		if _, err := tx.Exec(ctx, `insert into activity_place_monthly (ward_id, month, place_unit_id, activities) values (?, ?, ?, ?)
			on conflict (ward_id, month, place_unit_id) do update set activities = activity_place_monthly.activities + excluded.activities`,
			wardID, month, a.PlaceUnitID, sign); err != nil {
			return err
		}
	}
	if sign < 0 {
		for _, table := range aggregateTables {
			if _, err := tx.Exec(ctx, `delete from `+table+` where ward_id = ? and month = ? and activities <= 0`, wardID, month); err != nil {
				return err
			}
		}
	}
	return nil
}

var aggregateTables = []string{"activity_monthly", "activity_theme_monthly", "activity_ward_monthly", "activity_place_monthly"}

// Reaggregate rebuilds a ward's aggregates from its raw records: after a
// bulk load, or to check that the running totals are right.
func Reaggregate(ctx context.Context, tx *db.Tx, wardID int64) error {
	for _, table := range aggregateTables {
		if _, err := tx.Exec(ctx, `delete from `+table+` where ward_id = ?`, wardID); err != nil {
			return err
		}
	}
	for _, q := range []string{
		`insert into activity_monthly (ward_id, month, unit_id, place_unit_id, channel_code, activities, quantity, people, cost)
			select ward_id, substr(held_on, 1, 7), unit_id, coalesce(place_unit_id, 0), channel_code, count(*), sum(quantity), sum(people), sum(cost)
			from activities where ward_id = ? group by ward_id, substr(held_on, 1, 7), unit_id, coalesce(place_unit_id, 0), channel_code`,
		`insert into activity_theme_monthly (ward_id, month, unit_id, theme_code, activities, people)
			select a.ward_id, substr(a.held_on, 1, 7), a.unit_id, t.theme_code, count(*), sum(a.people)
			from activities a join activity_themes t on t.activity_id = a.id where a.ward_id = ?
			group by a.ward_id, substr(a.held_on, 1, 7), a.unit_id, t.theme_code`,
		`insert into activity_ward_monthly (ward_id, month, activities, quantity, people, cost)
			select ward_id, month, sum(activities), sum(quantity), sum(people), sum(cost) from activity_monthly where ward_id = ? group by ward_id, month`,
		`insert into activity_place_monthly (ward_id, month, place_unit_id, activities)
			select ward_id, month, place_unit_id, sum(activities) from activity_monthly where ward_id = ? and place_unit_id <> 0 group by ward_id, month, place_unit_id`,
	} {
		if _, err := tx.Exec(ctx, q, wardID); err != nil {
			return err
		}
	}
	return nil
}

// LoadBulk validates and stores many activities for a ward being seeded
// (demonstration data, migrations from another system): rows are written
// without touching the aggregates, which are rebuilt once at the end. It
// must not run beside other writers of the same ward, whose running totals
// the rebuild would overwrite.
func LoadBulk(ctx context.Context, tx *db.Tx, u *account.User, p *plan.Plan, inputs []Input, now time.Time) error {
	units, err := unitMap(ctx, tx, u.WardID)
	if err != nil {
		return err
	}
	for i, in := range inputs {
		a, _, errs := in.validate(p, units, now)
		if err := errs.Err(); err != nil {
			return fmt.Errorf("activity %d: %w", i, err)
		}
		if err := insertRow(ctx, tx, u.WardID, u.ID, a); err != nil {
			return err
		}
	}
	return Reaggregate(ctx, tx, u.WardID)
}
