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

// ContestRound is a round of an online contest, as the plan counts it.
type ContestRound struct {
	UnitID      int64    // the organising unit
	ChannelCode string   // the contest's channel; empty: the plan's channel for contests
	HeldOn      string   // the round's closing day, YYYY-MM-DD
	Themes      []string // the themes its questions cover
	Title       string
	Link        string
	KhuPho      map[int64]int // takers by the ward's unit they named (khu phố, or another unit)
	Elsewhere   int           // takers who named no unit of the ward
}

// contestChannel finds the plan's channel for contests (thi đua – hội thi).
func contestChannel(p *plan.Plan, code string) string {
	for _, c := range p.Channels {
		if c.Code == code && code != "" {
			return c.Code
		}
	}
	for _, c := range p.Channels {
		if n := vn.Fold(c.Name + " " + c.Body); c.Code == "thi-dua" || strings.Contains(n, "hoi thi") || strings.Contains(n, "cuoc thi") {
			return c.Code
		}
	}
	return ""
}

// RecordContestRound counts a round whose results were approved as
// activities of the organising unit on the contest channel of the plan
// whose period holds its closing day: one per khu phố with its takers as
// the people reached (quantity: lượt dự thi), and one for takers from
// elsewhere, so the dashboard shows the reach per khu phố. It records
// nothing when no plan holds the day or the plan has no such channel.
func RecordContestRound(ctx context.Context, tx *db.Tx, actor audit.Actor, wardID int64, r ContestRound) ([]int64, error) {
	p, err := plan.ForRange(ctx, tx, wardID, r.HeldOn, r.HeldOn)
	if errors.Is(err, db.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	channel := contestChannel(p, r.ChannelCode)
	known := map[string]bool{}
	for _, t := range p.Themes {
		known[t.Code] = true
	}
	var themes []string
	for _, t := range r.Themes {
		if known[t] && !contains(themes, t) {
			themes = append(themes, t)
		}
	}
	if len(themes) == 0 && len(p.Themes) > 0 {
		themes = []string{p.Themes[0].Code}
	}
	if channel == "" || len(themes) == 0 {
		return nil, nil
	}
	units, err := ward.Units(ctx, tx, wardID)
	if err != nil {
		return nil, err
	}
	var ids []int64
	add := func(place int64, placeName string, people int) error {
		a := &Activity{PlanID: p.ID, UnitID: r.UnitID, HeldOn: r.HeldOn, ChannelCode: channel, Themes: themes, PlaceUnitID: place, PlaceName: placeName,
			Quantity: people, QuantityUnit: "lượt dự thi", People: people, Description: vn.Clean(r.Title), Link: r.Link}
		if err := insertFor(ctx, tx, wardID, actor.UserID, a); err != nil {
			return err
		}
		ids = append(ids, a.ID)
		return nil
	}
	elsewhere, total := r.Elsewhere, r.Elsewhere
	for _, u := range units {
		n := r.KhuPho[u.ID]
		if n == 0 {
			continue
		}
		total += n
		if u.Kind != ward.KindKhuPho {
			elsewhere += n
			continue
		}
		if err := add(u.ID, "", n); err != nil {
			return nil, err
		}
	}
	if elsewhere > 0 {
		if err := add(0, "Trực tuyến (người dự thi ngoài các khu phố)", elsewhere); err != nil {
			return nil, err
		}
	}
	if len(ids) == 0 {
		return nil, nil
	}
	return ids, audit.Record(ctx, tx, actor, "activity.create", "activity", ids[0], "Ghi nhận cuộc thi trực tuyến: "+r.Title, nil,
		map[string]any{"held_on": r.HeldOn, "channel": channel, "themes": themes, "people": total})
}

// loudspeakerChannel finds the plan's channel for loudspeakers (loa).
func loudspeakerChannel(p *plan.Plan) string {
	for _, c := range p.Channels {
		if c.Code == "loa" {
			return c.Code
		}
	}
	for _, c := range p.Channels {
		if n := vn.Fold(c.Name); strings.Contains(n, "loa") || strings.Contains(n, "phat thanh") {
			return c.Code
		}
	}
	return ""
}

// BroadcastPlay is a confirmed play of a loudspeaker bulletin in a khu phố.
type BroadcastPlay struct {
	KhuPho   int64  // the khu phố's unit: it played it, and it heard it
	HeldOn   string // YYYY-MM-DD
	Themes   []string
	Title    string
	Activity int64 // the activity of that khu phố's plays that day, 0 for the first
}

// RecordBroadcastPlay counts a khu phố's confirmed loudspeaker plays of a
// day as one activity of the khu phố on the plan's loudspeaker channel
// (quantity: lượt phát loa): the first play creates it, each later one adds
// a play and its bulletin's themes and title. It returns the activity, or
// 0 when no plan holds the day or the plan has no loudspeaker channel.
func RecordBroadcastPlay(ctx context.Context, tx *db.Tx, actor audit.Actor, wardID int64, bp BroadcastPlay) (int64, error) {
	p, err := plan.ForRange(ctx, tx, wardID, bp.HeldOn, bp.HeldOn)
	if errors.Is(err, db.ErrNotFound) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	channel := loudspeakerChannel(p)
	known := map[string]bool{}
	for _, t := range p.Themes {
		known[t.Code] = true
	}
	var themes []string
	for _, t := range bp.Themes {
		if known[t] && !contains(themes, t) {
			themes = append(themes, t)
		}
	}
	if channel == "" || len(themes) == 0 {
		return 0, nil
	}
	title := vn.Clean(bp.Title)
	if bp.Activity != 0 {
		a, err := Get(ctx, tx, wardID, bp.Activity)
		if err != nil && !errors.Is(err, db.ErrNotFound) {
			return 0, err
		}
		if a != nil && a.ChannelCode == channel && a.HeldOn == bp.HeldOn {
			if err := bump(ctx, tx, wardID, a, -1); err != nil {
				return 0, err
			}
			a.Quantity++
			for _, t := range themes {
				if !contains(a.Themes, t) {
					a.Themes = append(a.Themes, t)
				}
			}
			if !strings.Contains(a.Description, title) {
				a.Description = vn.Excerpt(a.Description+"; "+title, 2000)
			}
			if _, err := tx.Exec(ctx, `update activities set quantity = ?, description = ? where id = ?`, a.Quantity, a.Description, a.ID); err != nil {
				return 0, err
			}
			if _, err := tx.Exec(ctx, `delete from activity_themes where activity_id = ?`, a.ID); err != nil {
				return 0, err
			}
			if err := insertThemes(ctx, tx, a); err != nil {
				return 0, err
			}
			return a.ID, bump(ctx, tx, wardID, a, 1)
		}
	}
	a := &Activity{PlanID: p.ID, UnitID: bp.KhuPho, HeldOn: bp.HeldOn, ChannelCode: channel, Themes: themes, PlaceUnitID: bp.KhuPho,
		Quantity: 1, QuantityUnit: "lượt phát loa", Description: "Phát thanh trên loa: " + title}
	if err := insertFor(ctx, tx, wardID, 0, a); err != nil {
		return 0, err
	}
	return a.ID, audit.Record(ctx, tx, actor, "activity.create", "activity", a.ID, "Ghi nhận phát thanh trên loa: "+title, nil,
		map[string]any{"held_on": bp.HeldOn, "channel": channel, "themes": themes, "place_unit_id": bp.KhuPho})
}

// visualChannel finds the plan's channel for banners, panels and posters
// (trực quan).
func visualChannel(p *plan.Plan) string {
	for _, c := range p.Channels {
		if c.Code == "truc-quan" {
			return c.Code
		}
	}
	for _, c := range p.Channels {
		if n := vn.Fold(c.Name); strings.Contains(n, "truc quan") || strings.Contains(n, "pano") || strings.Contains(n, "bang ron") {
			return c.Code
		}
	}
	return ""
}

// PosterUp is a poster, banner or panel put up, as the plan counts it.
type PosterUp struct {
	UnitID       int64  // the responsible unit
	KhuPho       int64  // where it stands, 0 when not in a khu phố
	PlaceName    string // its address
	HeldOn       string // the day it went up, YYYY-MM-DD
	Themes       []string
	Quantity     int
	QuantityUnit string // "băng rôn", "pano" …
	Cost         int64
	Title        string
	Activity     int64 // the activity recorded when it went up, 0 for the first time
}

// RecordPosterUp records an item put up as its unit's activity on the
// plan's visual channel; called again for the same item (Activity set) it
// corrects that activity in place, so an item counts once. It returns the
// activity, or 0 when no plan holds the day, the plan has no such channel
// or the unit's report for that period was accepted (then a correction
// leaves the activity as it was, too).
func RecordPosterUp(ctx context.Context, tx *db.Tx, actor audit.Actor, wardID int64, pu PosterUp) (int64, error) {
	return recordLinked(ctx, tx, actor, wardID, linked{channel: visualChannel, UnitID: pu.UnitID, KhuPho: pu.KhuPho, PlaceName: pu.PlaceName,
		HeldOn: pu.HeldOn, Themes: pu.Themes, Quantity: pu.Quantity, QuantityUnit: pu.QuantityUnit, Cost: pu.Cost,
		Description: "Treo, dựng " + pu.QuantityUnit + ": " + vn.Clean(pu.Title), Activity: pu.Activity})
}

// meetingChannel finds the plan's channel for conferences and residents'
// meetings (hội nghị, họp dân, họp khu phố).
func meetingChannel(p *plan.Plan) string {
	for _, c := range p.Channels {
		if c.Code == "hoi-nghi" {
			return c.Code
		}
	}
	for _, c := range p.Channels {
		if n := vn.Fold(c.Name); strings.Contains(n, "hoi nghi") || strings.Contains(n, "hop dan") || strings.Contains(n, "hop khu pho") {
			return c.Code
		}
	}
	return ""
}

// Meeting is a meeting held, as the plan counts it.
type Meeting struct {
	UnitID    int64  // the organising unit
	KhuPho    int64  // where it was held, 0 when not in a khu phố
	PlaceName string // the venue
	HeldOn    string // YYYY-MM-DD
	Themes    []string
	People    int // attendance
	Cost      int64
	Title     string
	Activity  int64 // the activity recorded when it closed, 0 for the first time
}

// RecordMeeting records a closed meeting as its organiser's activity on
// the plan's channel for meetings, people reached being its attendance;
// called again for the same meeting (Activity set) it corrects that
// activity in place. It returns as RecordPosterUp does.
func RecordMeeting(ctx context.Context, tx *db.Tx, actor audit.Actor, wardID int64, m Meeting) (int64, error) {
	return recordLinked(ctx, tx, actor, wardID, linked{channel: meetingChannel, UnitID: m.UnitID, KhuPho: m.KhuPho, PlaceName: m.PlaceName,
		HeldOn: m.HeldOn, Themes: m.Themes, Quantity: 1, QuantityUnit: "cuộc", People: m.People, Cost: m.Cost,
		Description: vn.Clean(m.Title), Activity: m.Activity})
}

// linked is an activity that another domain's record stands for (an item
// put up, a meeting closed): recorded once and corrected in place when the
// record is.
type linked struct {
	channel      func(*plan.Plan) string
	UnitID       int64
	KhuPho       int64
	PlaceName    string
	HeldOn       string
	Themes       []string
	Quantity     int
	QuantityUnit string
	People       int
	Cost         int64
	Description  string
	Activity     int64
}

func recordLinked(ctx context.Context, tx *db.Tx, actor audit.Actor, wardID int64, l linked) (int64, error) {
	p, err := plan.ForRange(ctx, tx, wardID, l.HeldOn, l.HeldOn)
	if errors.Is(err, db.ErrNotFound) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	channel := l.channel(p)
	known := map[string]bool{}
	for _, t := range p.Themes {
		known[t.Code] = true
	}
	var themes []string
	for _, t := range l.Themes {
		if known[t] && !contains(themes, t) {
			themes = append(themes, t)
		}
	}
	if channel == "" || len(themes) == 0 {
		return 0, nil
	}
	a := &Activity{PlanID: p.ID, UnitID: l.UnitID, HeldOn: l.HeldOn, ChannelCode: channel, Themes: themes, PlaceUnitID: l.KhuPho,
		PlaceName: vn.Excerpt(vn.Clean(l.PlaceName), 200), Quantity: max(l.Quantity, 1), QuantityUnit: l.QuantityUnit, People: l.People, Cost: l.Cost,
		Description: vn.Excerpt(l.Description, 2000)}
	if l.Activity != 0 {
		old, err := Get(ctx, tx, wardID, l.Activity)
		if err != nil && !errors.Is(err, db.ErrNotFound) {
			return 0, err
		}
		if old != nil && old.ChannelCode == channel {
			// Figures the lead unit accepted stay as they were.
			if label, err := lockedBy(ctx, tx, p, old.UnitID, old.HeldOn); err != nil || label != "" {
				return old.ID, err
			}
			if err := bump(ctx, tx, wardID, old, -1); err != nil {
				return 0, err
			}
			a.ID = old.ID
			if _, err := tx.Exec(ctx, `update activities set plan_id = ?, unit_id = ?, held_on = ?, place_unit_id = ?, place_name = ?, quantity = ?,
				quantity_unit = ?, people = ?, cost = ?, description = ? where id = ?`, a.PlanID, a.UnitID, a.HeldOn, nullID(a.PlaceUnitID), a.PlaceName,
				a.Quantity, a.QuantityUnit, a.People, a.Cost, a.Description, a.ID); err != nil {
				return 0, err
			}
			if _, err := tx.Exec(ctx, `delete from activity_themes where activity_id = ?`, a.ID); err != nil {
				return 0, err
			}
			if err := insertThemes(ctx, tx, a); err != nil {
				return 0, err
			}
			if err := bump(ctx, tx, wardID, a, 1); err != nil {
				return 0, err
			}
			return a.ID, audit.Record(ctx, tx, actor, "activity.update", "activity", a.ID, "Cập nhật hoạt động: "+vn.Excerpt(a.Description, 120), auditFields(old), auditFields(a))
		}
	}
	if label, err := lockedBy(ctx, tx, p, a.UnitID, a.HeldOn); err != nil || label != "" {
		return 0, err // a period whose report was accepted takes no more
	}
	if err := insertFor(ctx, tx, wardID, actor.UserID, a); err != nil {
		return 0, err
	}
	return a.ID, audit.Record(ctx, tx, actor, "activity.create", "activity", a.ID, "Ghi nhận hoạt động: "+vn.Excerpt(a.Description, 120), nil,
		map[string]any{"held_on": a.HeldOn, "channel": channel, "themes": themes, "place_unit_id": a.PlaceUnitID, "quantity": a.Quantity, "people": a.People, "cost": a.Cost})
}
