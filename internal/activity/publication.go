package activity

import (
	"context"
	"errors"
	"strings"

	"github.com/cchc-vn/cchc/internal/audit"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/plan"
	"github.com/cchc-vn/cchc/internal/vn"
	"github.com/cchc-vn/cchc/internal/ward"
)

// portalChannel finds the plan's channel for the ward portal and social
// networks: by the code of the shipped plans, else by its name.
func portalChannel(p *plan.Plan) string {
	for _, c := range p.Channels {
		if c.Code == "cong-ttdt-mxh" {
			return c.Code
		}
	}
	for _, c := range p.Channels {
		if strings.Contains(vn.Fold(c.Name), "cong thong tin") {
			return c.Code
		}
	}
	return ""
}

// RecordPublication counts an article published on the portal as an
// activity of the office (which runs the portal) on the portal channel of
// the plan in force, so the dashboard and the report include it. It does
// nothing when no plan is in force, the plan has no such channel, the
// article names none of the plan's themes, or the date falls outside the
// plan.
func RecordPublication(ctx context.Context, tx *db.Tx, actor audit.Actor, wardID int64, heldOn string, themes []string, title, link string) (*Activity, error) {
	p, err := plan.Current(ctx, tx, wardID)
	if errors.Is(err, db.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	channel := portalChannel(p)
	known := map[string]bool{}
	for _, t := range p.Themes {
		known[t.Code] = true
	}
	var ts []string
	for _, t := range themes {
		if known[t] && !contains(ts, t) {
			ts = append(ts, t)
		}
	}
	if channel == "" || len(ts) == 0 || heldOn < p.PeriodStart || heldOn > p.PeriodEnd {
		return nil, nil
	}
	units, err := ward.Units(ctx, tx, p.WardID)
	if err != nil {
		return nil, err
	}
	var office int64
	for _, u := range units {
		if u.Kind == ward.KindOffice {
			office = u.ID
			break
		}
	}
	if office == 0 {
		return nil, nil
	}
	a := &Activity{PlanID: p.ID, UnitID: office, HeldOn: heldOn, ChannelCode: channel, Themes: ts, PlaceName: "Cổng thông tin điện tử phường",
		Quantity: 1, QuantityUnit: "tin, bài", Description: vn.Clean(title), Link: link}
	if err := insertFor(ctx, tx, p.WardID, actor.UserID, a); err != nil {
		return nil, err
	}
	return a, audit.Record(ctx, tx, actor, "activity.create", "activity", a.ID, "Ghi nhận bài đăng trên Cổng: "+title, nil,
		map[string]any{"held_on": heldOn, "channel": channel, "themes": ts, "link": link})
}
