package activity

import (
	"context"
	"strconv"
	"time"

	"github.com/cchc-vn/cchc/internal/account"
	"github.com/cchc-vn/cchc/internal/audit"
	"github.com/cchc-vn/cchc/internal/check"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/filestore"
	"github.com/cchc-vn/cchc/internal/plan"
	"github.com/cchc-vn/cchc/internal/vn"
	"github.com/cchc-vn/cchc/internal/ward"
)

// lockedBy returns the label of the accepted periodic report that covers an
// activity of unit on date, or "" when it may still change: once the lead
// unit has accepted a report, the figures it accepted stay as they were.
func lockedBy(ctx context.Context, q db.Querier, p *plan.Plan, unitID int64, date string) (string, error) {
	per, ok := plan.PeriodOf(p, date)
	if !ok {
		return "", nil
	}
	var n int
	if err := q.QueryRow(ctx, `select count(*) from unit_reports where plan_id = ? and unit_id = ? and period = ? and status = 'accepted'`,
		p.ID, unitID, per.Code).Scan(&n); err != nil {
		return "", err
	}
	if n > 0 {
		return per.Label, nil
	}
	return "", nil
}

func lockedError(label string) error {
	return check.Errors{"held_on": "Báo cáo " + label + " của đơn vị đã được chấp nhận nên không thể thay đổi hoạt động thuộc kỳ này. Đề nghị bộ phận chủ trì trả lại báo cáo nếu cần sửa."}
}

func auditFields(a *Activity) map[string]any {
	return map[string]any{"unit_id": a.UnitID, "held_on": a.HeldOn, "channel": a.ChannelCode, "themes": a.Themes, "place_unit_id": a.PlaceUnitID,
		"place_name": a.PlaceName, "quantity": a.Quantity, "people": a.People, "cost": a.Cost, "description": a.Description, "link": a.Link}
}

// Update changes an activity: its fields, evidence removed (by id) and
// evidence added, keeping the aggregates current, all in tx. Files added
// are removed again if it fails; files removed are returned, to be deleted
// from the store once the transaction has committed.
func Update(ctx context.Context, tx *db.Tx, files filestore.Store, u *account.User, actor audit.Actor, p *plan.Plan, id int64, in Input, remove []int64, now time.Time) ([]string, error) {
	old, err := Get(ctx, tx, u.WardID, id)
	if err != nil {
		return nil, err
	}
	if old.PlanID != p.ID || !CanRecordFor(u, old.UnitID) || !CanRecordFor(u, in.UnitID) {
		return nil, ErrForbidden
	}
	if label, err := lockedBy(ctx, tx, p, old.UnitID, old.HeldOn); err != nil || label != "" {
		if err != nil {
			return nil, err
		}
		return nil, lockedError(label)
	}
	us, err := ward.Units(ctx, tx, u.WardID)
	if err != nil {
		return nil, err
	}
	units := map[int64]*ward.Unit{}
	for _, x := range us {
		units[x.ID] = x
	}
	a, prepared, errs := in.validate(p, units, now)
	kept := 0
	var gone []Evidence
	for _, ev := range old.Evidence {
		if containsID(remove, ev.ID) {
			gone = append(gone, ev)
		} else {
			kept++
		}
	}
	if kept+len(prepared) > MaxEvidenceFiles {
		errs["files"] = "Mỗi hoạt động có tối đa " + strconv.Itoa(MaxEvidenceFiles) + " tệp minh chứng."
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	if a.HeldOn != old.HeldOn || a.UnitID != old.UnitID {
		if label, err := lockedBy(ctx, tx, p, a.UnitID, a.HeldOn); err != nil || label != "" {
			if err != nil {
				return nil, err
			}
			return nil, lockedError(label)
		}
	}
	a.ID = old.ID
	if err := bump(ctx, tx, u.WardID, old, -1); err != nil {
		return nil, err
	}
	if _, err := tx.Exec(ctx, `update activities set unit_id = ?, task_id = ?, held_on = ?, channel_code = ?, place_unit_id = ?, place_name = ?,
		quantity = ?, quantity_unit = ?, people = ?, cost = ?, description = ?, link = ? where id = ?`,
		a.UnitID, nullID(a.TaskID), a.HeldOn, a.ChannelCode, nullID(a.PlaceUnitID), a.PlaceName, a.Quantity, a.QuantityUnit, a.People, a.Cost,
		a.Description, a.Link, a.ID); err != nil {
		return nil, err
	}
	if _, err := tx.Exec(ctx, `delete from activity_themes where activity_id = ?`, a.ID); err != nil {
		return nil, err
	}
	if err := insertThemes(ctx, tx, a); err != nil {
		return nil, err
	}
	if err := bump(ctx, tx, u.WardID, a, 1); err != nil {
		return nil, err
	}
	var removed []string
	for _, ev := range gone {
		if _, err := tx.Exec(ctx, `delete from activity_evidence where id = ?`, ev.ID); err != nil {
			return nil, err
		}
		removed = append(removed, ev.Key)
	}
	written, err := storeEvidence(ctx, tx, files, u.WardID, a, prepared)
	if err == nil {
		before, after := auditFields(old), auditFields(a)
		before["evidence"], after["evidence"] = len(old.Evidence), kept+len(prepared)
		err = audit.Record(ctx, tx, actor, "activity.update", "activity", a.ID,
			"Sửa hoạt động "+a.ChannelName+" ngày "+vn.ISODate(a.HeldOn)+" của "+units[a.UnitID].Name, before, after)
	}
	if err != nil {
		removeFiles(ctx, files, written)
		return nil, err
	}
	return removed, nil
}

// Delete removes an activity and its aggregates' share. It returns the keys
// of its evidence files, to be deleted once the transaction has committed.
func Delete(ctx context.Context, tx *db.Tx, u *account.User, actor audit.Actor, p *plan.Plan, id int64) ([]string, error) {
	old, err := Get(ctx, tx, u.WardID, id)
	if err != nil {
		return nil, err
	}
	if old.PlanID != p.ID || !CanRecordFor(u, old.UnitID) {
		return nil, ErrForbidden
	}
	if label, err := lockedBy(ctx, tx, p, old.UnitID, old.HeldOn); err != nil || label != "" {
		if err != nil {
			return nil, err
		}
		return nil, lockedError(label)
	}
	if err := bump(ctx, tx, u.WardID, old, -1); err != nil {
		return nil, err
	}
	var keys []string
	for _, ev := range old.Evidence {
		keys = append(keys, ev.Key)
	}
	for _, q := range []string{`delete from activity_evidence where activity_id = ?`, `delete from activity_themes where activity_id = ?`, `delete from activities where id = ?`} {
		if _, err := tx.Exec(ctx, q, id); err != nil {
			return nil, err
		}
	}
	err = audit.Record(ctx, tx, actor, "activity.delete", "activity", id,
		"Xóa hoạt động "+old.ChannelName+" ngày "+vn.ISODate(old.HeldOn)+" của "+old.UnitName, auditFields(old), nil)
	return keys, err
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
