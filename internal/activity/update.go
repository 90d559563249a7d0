package activity

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/cchc-vn/cchc/internal/account"
	"github.com/cchc-vn/cchc/internal/audit"
	"github.com/cchc-vn/cchc/internal/check"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/filestore"
	"github.com/cchc-vn/cchc/internal/media"
	"github.com/cchc-vn/cchc/internal/plan"
	"github.com/cchc-vn/cchc/internal/vn"
)

// Lock freezes a unit's activities of a period of the plan: the lead unit
// has accepted the unit's report on them, and the figures it accepted stay
// as they were. The acceptance calls it in its transaction.
func Lock(ctx context.Context, tx *db.Tx, planID, unitID int64, period string, now time.Time) error {
	_, err := tx.Exec(ctx, `insert into activity_locks (plan_id, unit_id, period, locked_at) values (?, ?, ?, ?)
		on conflict (plan_id, unit_id, period) do nothing`, planID, unitID, period, db.FormatTime(now))
	return err
}

// lockedBy returns the label of the locked period that covers an activity
// of unit on date, or "" when it may still change.
func lockedBy(ctx context.Context, q db.Querier, p *plan.Plan, unitID int64, date string) (string, error) {
	per, ok := plan.PeriodOf(p, date)
	if !ok {
		return "", nil
	}
	var n int
	if err := q.QueryRow(ctx, `select count(*) from activity_locks where plan_id = ? and unit_id = ? and period = ?`,
		p.ID, unitID, per.Code).Scan(&n); err != nil {
		return "", err
	}
	if n > 0 {
		return per.Label, nil
	}
	return "", nil
}

// lockError is the error for lockedBy's answer: its failure, or the
// message for a locked period.
func lockError(label string, err error) error {
	if err != nil {
		return err
	}
	return check.Errors{"held_on": "Báo cáo " + label + " của đơn vị đã được chấp nhận nên không thể thay đổi hoạt động thuộc kỳ này. Đề nghị bộ phận chủ trì trả lại báo cáo nếu cần sửa."}
}

func auditFields(a *Activity) map[string]any {
	return map[string]any{"unit_id": a.UnitID, "held_on": a.HeldOn, "channel": a.ChannelCode, "themes": a.Themes, "place_unit_id": a.PlaceUnitID,
		"place_name": a.PlaceName, "quantity": a.Quantity, "people": a.People, "cost": a.Cost, "description": a.Description, "link": a.Link}
}

// Editable returns an activity the official may change, with the plan in
// force it belongs to: activities of a plan that has ended stay as they are.
func Editable(ctx context.Context, q db.Querier, u *account.User, id int64) (*Activity, *plan.Plan, error) {
	a, err := Get(ctx, q, u.WardID, id)
	if err != nil {
		return nil, nil, err
	}
	if !CanRecordFor(u, a.UnitID) {
		return nil, nil, ErrForbidden
	}
	p, err := plan.Current(ctx, q, u.WardID)
	if err != nil && !errors.Is(err, db.ErrNotFound) {
		return nil, nil, err
	}
	if p == nil || p.ID != a.PlanID {
		return nil, nil, check.Errors{"held_on": "Hoạt động thuộc kế hoạch đã kết thúc, không sửa được."}
	}
	return a, p, nil
}

// Update changes an activity: its fields, evidence removed (by id) and
// evidence added, keeping the aggregates current, all or nothing. New files
// are stored before the transaction and removed if it fails; removed files
// are deleted from the store once it has committed.
func Update(ctx context.Context, conn db.Conn, files filestore.Store, u *account.User, actor audit.Actor, id int64, in Input, remove []int64, now time.Time) error {
	old, p, err := Editable(ctx, conn, u, id)
	if err != nil {
		return err
	}
	if !CanRecordFor(u, in.UnitID) {
		return ErrForbidden
	}
	units, err := unitMap(ctx, conn, u.WardID)
	if err != nil {
		return err
	}
	if strings.TrimSpace(in.QuantityUnit) == "" {
		if in.usualUnit, err = UsualUnit(ctx, conn, u.WardID, in.ChannelCode); err != nil {
			return err
		}
	}
	a, uploads, errs := in.validate(p, units, now)
	kept := 0
	var gone []Evidence
	for _, ev := range old.Evidence {
		if containsID(remove, ev.ID) {
			gone = append(gone, ev)
		} else {
			kept++
		}
	}
	if kept+len(uploads) > MaxEvidenceFiles {
		errs["files"] = "Mỗi hoạt động có tối đa " + strconv.Itoa(MaxEvidenceFiles) + " tệp minh chứng."
	}
	if err := errs.Err(); err != nil {
		return err
	}
	a.ID = old.ID
	staged, err := media.Stage(ctx, files, u.WardID, "evidence", uploads...)
	if err != nil {
		return err
	}
	err = conn.InTx(ctx, func(tx *db.Tx) error {
		if label, err := lockedBy(ctx, tx, p, old.UnitID, old.HeldOn); err != nil || label != "" {
			return lockError(label, err)
		}
		if a.HeldOn != old.HeldOn || a.UnitID != old.UnitID {
			if label, err := lockedBy(ctx, tx, p, a.UnitID, a.HeldOn); err != nil || label != "" {
				return lockError(label, err)
			}
		}
		if err := bump(ctx, tx, u.WardID, old, -1); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `update activities set unit_id = ?, task_id = ?, held_on = ?, channel_code = ?, place_unit_id = ?, place_name = ?,
			quantity = ?, quantity_unit = ?, people = ?, cost = ?, description = ?, link = ? where id = ?`,
			a.UnitID, nullID(a.TaskID), a.HeldOn, a.ChannelCode, nullID(a.PlaceUnitID), a.PlaceName, a.Quantity, a.QuantityUnit, a.People, a.Cost,
			a.Description, a.Link, a.ID); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `delete from activity_themes where activity_id = ?`, a.ID); err != nil {
			return err
		}
		if err := insertThemes(ctx, tx, a); err != nil {
			return err
		}
		if err := bump(ctx, tx, u.WardID, a, 1); err != nil {
			return err
		}
		for _, ev := range gone {
			if _, err := tx.Exec(ctx, `delete from activity_evidence where id = ?`, ev.ID); err != nil {
				return err
			}
		}
		if err := addEvidence(ctx, tx, a, uploads, staged.Keys); err != nil {
			return err
		}
		before, after := auditFields(old), auditFields(a)
		before["evidence"], after["evidence"] = len(old.Evidence), kept+len(uploads)
		return audit.Record(ctx, tx, actor, "activity.update", "activity", a.ID,
			"Sửa hoạt động "+a.ChannelName+" ngày "+vn.ISODate(a.HeldOn)+" của "+units[a.UnitID].Name, before, after)
	})
	if err != nil {
		staged.Discard(ctx)
		return err
	}
	for _, ev := range gone {
		filestore.Remove(ctx, files, ev.Key)
	}
	return nil
}

// Delete removes an activity, its share of the aggregates and, once that
// has committed, its evidence files.
func Delete(ctx context.Context, conn db.Conn, files filestore.Store, u *account.User, actor audit.Actor, id int64) error {
	old, p, err := Editable(ctx, conn, u, id)
	if err != nil {
		return err
	}
	err = conn.InTx(ctx, func(tx *db.Tx) error {
		if label, err := lockedBy(ctx, tx, p, old.UnitID, old.HeldOn); err != nil || label != "" {
			return lockError(label, err)
		}
		if err := bump(ctx, tx, u.WardID, old, -1); err != nil {
			return err
		}
		for _, q := range []string{`delete from activity_evidence where activity_id = ?`, `delete from activity_themes where activity_id = ?`, `delete from activities where id = ?`} {
			if _, err := tx.Exec(ctx, q, id); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, actor, "activity.delete", "activity", id,
			"Xóa hoạt động "+old.ChannelName+" ngày "+vn.ISODate(old.HeldOn)+" của "+old.UnitName, auditFields(old), nil)
	})
	if err != nil {
		return err
	}
	for _, ev := range old.Evidence {
		filestore.Remove(ctx, files, ev.Key)
	}
	return nil
}

func containsID(s []int64, v int64) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}
