package feedback

import (
	"context"
	"strings"
	"time"

	"github.com/cchc-vn/cchc/internal/db"
)

// View is an item as it may be shown outside the workspace: the one
// projection behind the portal's answers and Open311. Anyone sees
// published answers only, and of them the title, the category, the unit
// that answered and the answer; never the resident's description, name,
// contact or khu phố, nor the tracking code (half of what opens the item's
// page). The partner app that filed an item also sees, for that item alone,
// where it stands, its deadline, its khu phố and its tracking code, to pass
// on to the resident it filed for.
type View struct {
	ID                          int64
	Category, Title, Status     string
	Note                        string // the published answer; for the filer, where the item stands
	Unit                        string // the unit handling it, if assigned
	Received, Answered, Updated time.Time
	Own                         bool   // the asking app filed it: the fields below are set
	Code, Due, KhuPho           string // the filer's only
}

// own reports whether app filed the item.
func (it *Item) own(app *App) bool { return app != nil && it.AppID != 0 && it.AppID == app.ID }

// View is the item as app may see it (nil: anyone), and whether it may.
func (it *Item) View(app *App) (View, bool) {
	if !it.Published && !it.own(app) {
		return View{}, false
	}
	v := View{ID: it.ID, Category: it.Category, Title: it.Title, Status: it.Status, Unit: it.UnitName,
		Received: it.ReceivedAt, Answered: it.AnsweredAt, Updated: it.ReceivedAt}
	for _, t := range []time.Time{it.ClassifiedAt, it.AnsweredAt, it.ClosedAt} {
		if t.After(v.Updated) {
			v.Updated = t
		}
	}
	if it.Published {
		v.Note = it.Answer
	}
	if it.own(app) {
		v.Own, v.Code, v.Due, v.KhuPho = true, it.Code, it.Due(), it.KhuPhoName
		switch {
		case it.Answer != "":
			v.Note = it.Answer
		case it.Status == Forwarded:
			v.Note = "Đã chuyển " + it.ForwardedTo
		case it.Status == Rejected:
			v.Note = "Không tiếp nhận: " + it.RejectReason
		default:
			v.Note = StatusName(it.Status)
		}
	}
	return v, true
}

// ViewFilter narrows Views: by ids, category, received range (stored time
// format) and open (received, assigned) or closed.
type ViewFilter struct {
	IDs                []int64
	Category, From, To string
	Status             string // "", "open" or "closed"
	Limit              int
}

// Views returns what app (nil: anyone) may see of the ward's items, newest
// answer first, then newest received.
func Views(ctx context.Context, q db.Querier, wardID int64, app *App, f ViewFilter) ([]View, error) {
	appID := int64(-1)
	if app != nil {
		appID = app.ID
	}
	where, args := ` where f.ward_id = ? and (f.published = 1 or f.app_id = ?)`, []any{wardID, appID}
	if len(f.IDs) > 0 {
		where += ` and f.id in (?` + strings.Repeat(", ?", len(f.IDs)-1) + `)`
		for _, id := range f.IDs {
			args = append(args, id)
		}
	}
	for _, c := range []struct{ cond, v string }{{` and f.category = ?`, f.Category}, {` and f.received_at >= ?`, f.From}, {` and f.received_at <= ?`, f.To}} {
		if c.v != "" {
			where += c.cond
			args = append(args, c.v)
		}
	}
	switch f.Status {
	case "open":
		where += ` and f.status in ('received', 'assigned')`
	case "closed":
		where += ` and f.status not in ('received', 'assigned')`
	}
	args = append(args, f.Limit)
	items, err := queryItems(ctx, q, itemSelect+where+` order by f.answered_at desc, f.received_at desc, f.id desc limit ?`, args...)
	if err != nil {
		return nil, err
	}
	out := make([]View, 0, len(items))
	for _, it := range items {
		if v, ok := it.View(app); ok {
			out = append(out, v)
		}
	}
	return out, nil
}

// ViewOf returns one item as app (nil: anyone) may see it; db.ErrNotFound
// when it may not, as when there is no such item.
func ViewOf(ctx context.Context, q db.Querier, wardID int64, app *App, id int64) (View, error) {
	it, err := Get(ctx, q, wardID, id)
	if err != nil {
		return View{}, err
	}
	v, ok := it.View(app)
	if !ok {
		return View{}, db.ErrNotFound
	}
	return v, nil
}

// Filed returns an item app filed, by its tracking code; db.ErrNotFound for
// any other.
func Filed(ctx context.Context, q db.Querier, wardID int64, app *App, code string) (View, error) {
	it, err := ByCode(ctx, q, wardID, code)
	if err != nil {
		return View{}, err
	}
	if !it.own(app) {
		return View{}, db.ErrNotFound
	}
	v, _ := it.View(app)
	return v, nil
}
