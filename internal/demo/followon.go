package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/cchc-vn/cchc/internal/account"
	"github.com/cchc-vn/cchc/internal/audit"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/notice"
	"github.com/cchc-vn/cchc/internal/plan"
	"github.com/cchc-vn/cchc/internal/vn"
	"github.com/cchc-vn/cchc/internal/ward"
)

// followOn does what the ward did after the seeded plan ended, up to today:
// it closes that plan, and each half-year copies the last plan through the
// copy feature, brings it into force, and records the half-year's work so
// far. A newcomer then sees a ward at work now and the seeded plan closed.
func followOn(ctx context.Context, tx *db.Tx, w *ward.Ward, lead *account.User, today time.Time) error {
	src, err := plan.Current(ctx, tx, w.ID)
	if err != nil {
		return err
	}
	actor := audit.Actor{WardID: w.ID, UserID: lead.ID, Username: lead.Username, IP: "demo"}
	r := rand.New(rand.NewPCG(2026, 27427))
	day := today.In(vn.Zone).Format(time.DateOnly)
	for src.PeriodEnd < day {
		if err := plan.SetStatus(ctx, tx, lead, actor, src.ID, plan.StatusClosed); err != nil {
			return err
		}
		in := plan.SuggestCopy(src)
		start, err := time.ParseInLocation(time.DateOnly, in.PeriodStart, vn.Zone)
		if err != nil {
			return fmt.Errorf("copy of plan %s: %w", src.Number, err)
		}
		// Plans are numbered within a year; the ward issues one a little
		// before its half-year begins.
		in.Number = fmt.Sprintf("%d/KH-UBND", 10+start.Year()%10)
		if start.Month() >= 7 {
			in.Number = fmt.Sprintf("%d/KH-UBND", 90+start.Year()%10)
		}
		in.IssuedOn = start.AddDate(0, 0, -12).Format(time.DateOnly)
		n, err := plan.Copy(ctx, tx, lead, actor, src.ID, in)
		if err != nil {
			return fmt.Errorf("copy of plan %s: %w", src.Number, err)
		}
		if err := plan.SetStatus(ctx, tx, lead, actor, n.ID, plan.StatusActive); err != nil {
			return err
		}
		if n, err = plan.Get(ctx, tx, w.ID, n.ID); err != nil {
			return err
		}
		end, _ := time.ParseInLocation(time.DateOnly, n.PeriodEnd, vn.Zone)
		until, now := end, end.AddDate(0, 0, 10)
		if n.PeriodEnd >= day {
			until, now = today.In(vn.Zone), today
		}
		units, err := record(ctx, tx, w, lead, n, Full, r, until, now)
		if err != nil {
			return err
		}
		if err := reports(ctx, tx, w, lead, n, units, r, now); err != nil {
			return err
		}
		if err := progressOf(ctx, tx, w, lead, n, r, now); err != nil {
			return err
		}
		src = n
	}
	// The lead unit has read what came in, as it had for the seeded plan.
	return notice.Settle(ctx, tx, w.ID)
}
