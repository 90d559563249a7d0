package plan

import (
	"context"
	"strconv"
	"strings"

	"github.com/cchc-vn/cchc/internal/account"
	"github.com/cchc-vn/cchc/internal/audit"
	"github.com/cchc-vn/cchc/internal/check"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/vn"
)

// Budgets returns the funds each unit plans to spend on the plan (part IV).
func Budgets(ctx context.Context, q db.Querier, planID int64) (map[int64]int64, error) {
	rows, err := q.Query(ctx, `select unit_id, planned from plan_budgets where plan_id = ?`, planID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]int64{}
	for rows.Next() {
		var id, v int64
		if err := rows.Scan(&id, &v); err != nil {
			return nil, err
		}
		out[id] = v
	}
	return out, rows.Err()
}

// SetBudgets replaces the planned funds from form values (unit id → amount
// as typed, "1.500.000" or empty), all or nothing.
func SetBudgets(ctx context.Context, conn db.Conn, u *account.User, actor audit.Actor, p *Plan, units map[int64]string, values map[int64]string) error {
	return conn.InTx(ctx, func(tx *db.Tx) error { return setBudgets(ctx, tx, u, actor, p, units, values) })
}

func setBudgets(ctx context.Context, tx *db.Tx, u *account.User, actor audit.Actor, p *Plan, units map[int64]string, values map[int64]string) error {
	if !CanEdit(u) {
		return ErrForbidden
	}
	e := check.Errors{}
	parsed := map[int64]int64{}
	for id, s := range values {
		if _, ok := units[id]; !ok {
			continue
		}
		s = strings.NewReplacer(".", "", " ", "", "đ", "").Replace(strings.TrimSpace(s))
		if s == "" {
			continue
		}
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < 0 || n > 100_000_000_000 {
			e["budget_"+strconv.FormatInt(id, 10)] = "Kinh phí của " + units[id] + " phải là số tiền từ 0 đến 100.000.000.000 đ."
			continue
		}
		parsed[id] = n
	}
	if err := e.Err(); err != nil {
		return err
	}
	before, err := Budgets(ctx, tx, p.ID)
	if err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `delete from plan_budgets where plan_id = ?`, p.ID); err != nil {
		return err
	}
	var total int64
	for id, n := range parsed {
		if _, err := tx.Exec(ctx, `insert into plan_budgets (plan_id, unit_id, planned, updated_at) values (?, ?, ?, ?)`, p.ID, id, n, db.Now()); err != nil {
			return err
		}
		total += n
	}
	return audit.Record(ctx, tx, actor, "plan.budget", "plan", p.ID, "Cập nhật kinh phí dự kiến "+p.Number+": "+vn.Money(total), before, parsed)
}
