package feedback

import (
	"context"
	"strconv"
	"time"

	"github.com/cchc-vn/cchc/internal/account"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/notice"
	"github.com/cchc-vn/cchc/internal/vn"
	"github.com/cchc-vn/cchc/internal/ward"
)

// Remind writes, for every ward, the notices of feedback past its deadline
// and of the Front's recommendations unanswered for a week, once each (the
// dedupe keys make it safe to run as often as wanted). It returns how many
// notices it wrote.
func Remind(ctx context.Context, d *db.DB, now time.Time) (int, error) {
	wards, err := ward.List(ctx, d)
	if err != nil {
		return 0, err
	}
	total := 0
	for _, w := range wards {
		err := d.InTx(ctx, func(tx *db.Tx) error {
			n, err := overdueFeedback(ctx, tx, w.ID, now)
			total += n
			if err != nil {
				return err
			}
			n, err = unansweredSupervisions(ctx, tx, w.ID, now)
			total += n
			return err
		})
		if err != nil {
			return total, err
		}
	}
	return total, nil
}

// overdueFeedback reminds the handlers of feedback past its deadline: the
// office and centre for items not yet classified, the assigned unit for
// items not yet answered.
func overdueFeedback(ctx context.Context, tx *db.Tx, wardID int64, now time.Time) (int, error) {
	today := now.In(vn.Zone).Format(time.DateOnly)
	rows, err := tx.Query(ctx, `select id, code, title, status, classify_due, answer_due, coalesce(unit_id, 0) from feedback
		where ward_id = ? and ((status = 'received' and classify_due < ?) or (status = 'assigned' and answer_due < ?))`, wardID, today, today)
	if err != nil {
		return 0, err
	}
	type late struct {
		id, unit                        int64
		code, title, status, cdue, adue string
	}
	var items []late
	for rows.Next() {
		var l late
		if err := rows.Scan(&l.id, &l.code, &l.title, &l.status, &l.cdue, &l.adue, &l.unit); err != nil {
			rows.Close()
			return 0, err
		}
		items = append(items, l)
	}
	rows.Close()
	if len(items) == 0 {
		return 0, nil
	}
	desk, err := LoadDesk(ctx, tx, wardID)
	if err != nil {
		return 0, err
	}
	receivers, err := desk.receivers(ctx, tx)
	if err != nil {
		return 0, err
	}
	written := 0
	for _, l := range items {
		users, due, what := receivers, l.cdue, "phân loại"
		if l.status == "assigned" {
			if users, err = account.UnitMembers(ctx, tx, wardID, l.unit); err != nil {
				return written, err
			}
			due, what = l.adue, "trả lời"
		}
		k, err := notice.Add(ctx, tx, wardID, users, notice.New{Kind: "feedback", Subject: "Phản ánh " + l.code + " quá hạn " + what,
			Body: "\"" + vn.Excerpt(l.title, 120) + "\" phải được " + what + " trước ngày " + vn.ISODate(due) + ".",
			Link: "/quan-ly/phan-anh/" + strconv.FormatInt(l.id, 10), Dedupe: "feedback:" + strconv.FormatInt(l.id, 10) + ":" + l.status + ":late"})
		if err != nil {
			return written, err
		}
		written += k
	}
	return written, nil
}

// unansweredSupervisions reminds the leaders of the Front's recommendations
// still unanswered after a week, once each.
func unansweredSupervisions(ctx context.Context, tx *db.Tx, wardID int64, now time.Time) (int, error) {
	rows, err := tx.Query(ctx, `select id, body from supervisions where ward_id = ? and answer = '' and created_at < ?`,
		wardID, db.FormatTime(now.AddDate(0, 0, -7)))
	if err != nil {
		return 0, err
	}
	type pending struct {
		id   int64
		body string
	}
	var ps []pending
	for rows.Next() {
		var p pending
		if err := rows.Scan(&p.id, &p.body); err != nil {
			rows.Close()
			return 0, err
		}
		ps = append(ps, p)
	}
	rows.Close()
	if len(ps) == 0 {
		return 0, nil
	}
	leaders, err := account.RoleMembers(ctx, tx, wardID, account.RoleLeader)
	if err != nil {
		return 0, err
	}
	written := 0
	for _, p := range ps {
		k, err := notice.Add(ctx, tx, wardID, leaders, notice.New{Kind: "supervision", Subject: "Kiến nghị giám sát chưa được trả lời sau 7 ngày",
			Body: vn.Excerpt(p.body, 200), Link: "/quan-ly/giam-sat", Dedupe: "supervision:" + strconv.FormatInt(p.id, 10) + ":late"})
		if err != nil {
			return written, err
		}
		written += k
	}
	return written, nil
}
