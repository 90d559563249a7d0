// Package activity records what each unit and khu phố did to carry out the
// plan: a communication activity on one of the plan's channels and themes,
// where, for how many people, at what cost, with evidence.
package activity

import (
	"context"
	"database/sql"
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
	"github.com/cchc-vn/cchc/internal/ward"
)

// ErrForbidden is returned when the official may not record for that unit.
var ErrForbidden = check.ErrForbidden

// Activity is one recorded communication activity.
type Activity struct {
	ID            int64
	WardID        int64
	PlanID        int64
	UnitID        int64
	UnitName      string
	TaskID        int64
	HeldOn        string // YYYY-MM-DD
	ChannelCode   string
	ChannelName   string
	Themes        []string // theme codes of the plan
	PlaceUnitID   int64    // a khu phố, when held in one
	PlaceName     string   // a named place, e.g. "Nhà sinh hoạt cộng đồng KP 5"
	Quantity      int
	QuantityUnit  string // buổi, băng-rôn, bài đăng, lượt phát …
	People        int
	Cost          int64 // đồng
	Description   string
	Link          string
	CreatedByID   int64  // 0: recorded by the system (a publication)
	CreatedBy     string // the recorder's name
	CreatedAt     time.Time
	Evidence      []Evidence // by Get
	EvidenceCount int
}

// fields binds the activity's columns; a new field of an activity is one
// line here. Read with the unit's, the place's and the recorder's names.
func (a *Activity) fields() db.Fields {
	return db.Fields{
		{Column: "id", Ptr: &a.ID},
		{Column: "ward_id", Ptr: &a.WardID},
		{Column: "plan_id", Ptr: &a.PlanID},
		{Column: "unit_id", Ptr: &a.UnitID},
		{Expr: "n.name", Ptr: &a.UnitName},
		{Column: "task_id", Ptr: db.OptionalID(&a.TaskID)},
		{Column: "held_on", Ptr: &a.HeldOn},
		{Column: "channel_code", Ptr: &a.ChannelCode},
		{Column: "place_unit_id", Ptr: db.OptionalID(&a.PlaceUnitID)},
		{Column: "place_name", Expr: "coalesce(pu.name, a.place_name)", Ptr: &a.PlaceName},
		{Column: "quantity", Ptr: &a.Quantity},
		{Column: "quantity_unit", Ptr: &a.QuantityUnit},
		{Column: "people", Ptr: &a.People},
		{Column: "cost", Ptr: &a.Cost},
		{Column: "description", Ptr: &a.Description},
		{Column: "link", Ptr: &a.Link},
		{Column: "created_by", Ptr: db.OptionalID(&a.CreatedByID)},
		{Expr: "coalesce(u.full_name, '')", Ptr: &a.CreatedBy},
		{Column: "created_at", Ptr: db.Time(&a.CreatedAt)},
		{Expr: "(select count(*) from activity_evidence e where e.activity_id = a.id)", Ptr: &a.EvidenceCount},
	}
}

// Evidence is a stored photo or PDF.
type Evidence struct {
	ID          int64
	Key         string
	ContentType string
	Size        int64
}

// MaxEvidenceFiles bounds the evidence of one activity.
const MaxEvidenceFiles = 10

// QuantityUnits are the usual units of quantity, offered in the form.
var QuantityUnits = []string{"buổi", "lượt phát loa", "băng-rôn, khẩu hiệu", "pano, áp phích", "tin, bài", "video clip", "hội nghị", "cuộc thi", "tài liệu phát"}

// CanRecordFor reports whether u may record an activity of unit: officers and
// khu phố heads for their own unit, the lead unit and administrators for any.
func CanRecordFor(u *account.User, unitID int64) bool {
	switch u.Role {
	case account.RoleAdmin, account.RoleLeadOfficer:
		return true
	case account.RoleUnitOfficer, account.RoleKhuPhoHead:
		return u.UnitID != 0 && u.UnitID == unitID
	}
	return false
}

// Input is what an official submits.
type Input struct {
	UnitID       int64
	TaskID       int64
	HeldOn       string
	ChannelCode  string
	Themes       []string
	PlaceUnitID  int64
	PlaceName    string
	Quantity     string
	QuantityUnit string
	People       string
	Cost         string
	Description  string
	Link         string
	Files        [][]byte // evidence, checked and prepared before anything is written
	// usualUnit stands in for an empty QuantityUnit on the form (see UsualUnit);
	// a file's rows must say theirs.
	usualUnit string
}

// UsualUnit is the unit of quantity the ward's records on a channel use
// most, so that a khu phố head who leaves the unit empty gets "lượt phát
// loa" for the loudspeaker and "buổi" for a meeting; "lần" when the
// channel has no records yet.
func UsualUnit(ctx context.Context, q db.Querier, wardID int64, channel string) (string, error) {
	var unit string
	err := q.QueryRow(ctx, `select quantity_unit from activities where ward_id = ? and channel_code = ? and quantity_unit <> ''
		group by quantity_unit order by count(*) desc, quantity_unit limit 1`, wardID, channel).Scan(&unit)
	if errors.Is(err, sql.ErrNoRows) {
		return "lần", nil
	}
	return unit, err
}

// validate checks the input against the plan and the ward and returns the
// activity to store.
func (in *Input) validate(p *plan.Plan, units map[int64]*ward.Unit, now time.Time) (*Activity, []media.Upload, check.Errors) {
	e := check.Errors{}
	a := &Activity{PlanID: p.ID, UnitID: in.UnitID, TaskID: in.TaskID, ChannelCode: in.ChannelCode, PlaceUnitID: in.PlaceUnitID,
		PlaceName: vn.Clean(in.PlaceName), QuantityUnit: vn.Clean(in.QuantityUnit), Description: vn.Clean(in.Description), Link: strings.TrimSpace(in.Link)}
	if units[in.UnitID] == nil {
		e["unit_id"] = "Vui lòng chọn đơn vị thực hiện."
	}
	if t, err := vn.ParseDate(in.HeldOn); err != nil {
		e["held_on"] = "Ngày không hợp lệ (dd/mm/yyyy)."
	} else {
		a.HeldOn = t.Format(db.DateFormat)
		switch {
		case a.HeldOn > now.In(vn.Zone).Format(db.DateFormat):
			e["held_on"] = "Ngày thực hiện không được sau hôm nay."
		case a.HeldOn < p.PeriodStart || a.HeldOn > p.PeriodEnd:
			e["held_on"] = "Ngày phải nằm trong kỳ kế hoạch (" + vn.ISODate(p.PeriodStart) + " – " + vn.ISODate(p.PeriodEnd) + ")."
		}
	}
	for _, c := range p.Channels {
		if c.Code == in.ChannelCode {
			a.ChannelName = c.Name
		}
	}
	if a.ChannelName == "" {
		e["channel"] = "Vui lòng chọn hình thức tuyên truyền."
	}
	known := map[string]bool{}
	for _, t := range p.Themes {
		known[t.Code] = true
	}
	for _, t := range in.Themes {
		if known[t] && !contains(a.Themes, t) {
			a.Themes = append(a.Themes, t)
		}
	}
	if len(a.Themes) == 0 {
		e["themes"] = "Vui lòng chọn ít nhất một nội dung tuyên truyền."
	}
	if in.TaskID != 0 {
		found := false
		for _, s := range p.Sections {
			for _, t := range s.Tasks {
				found = found || t.ID == in.TaskID
			}
		}
		if !found {
			e["task_id"] = "Nhiệm vụ không thuộc kế hoạch."
		}
	}
	if in.PlaceUnitID != 0 {
		if u := units[in.PlaceUnitID]; u == nil || u.Kind != ward.KindKhuPho {
			e["place"] = "Khu phố không hợp lệ."
		}
	} else if a.PlaceName == "" {
		e["place"] = "Vui lòng chọn khu phố hoặc ghi địa điểm."
	}
	e.Text("place", a.PlaceName, false, 200, "Địa điểm")
	num := func(field, s string, min, max int64, label string) int64 {
		s = strings.ReplaceAll(strings.ReplaceAll(strings.TrimSpace(s), ".", ""), " ", "")
		if s == "" {
			s = "0"
		}
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < min || n > max {
			e[field] = label + " phải là số từ " + vn.Number(min) + " đến " + vn.Number(max) + "."
		}
		return n
	}
	a.Quantity = int(num("quantity", in.Quantity, 1, 100000, "Số lượng"))
	a.People = int(num("people", in.People, 0, 1000000, "Số người"))
	a.Cost = num("cost", in.Cost, 0, 10_000_000_000, "Kinh phí")
	if a.QuantityUnit == "" {
		a.QuantityUnit = in.usualUnit
	}
	e.Text("quantity_unit", a.QuantityUnit, true, 50, "Đơn vị tính")
	e.Text("description", a.Description, false, 2000, "Mô tả")
	if a.Link != "" && !strings.HasPrefix(a.Link, "https://") && !strings.HasPrefix(a.Link, "http://") || len(a.Link) > 500 {
		e["link"] = "Đường dẫn phải bắt đầu bằng https://"
	}
	if len(in.Files) > MaxEvidenceFiles {
		e["files"] = "Tối đa " + strconv.Itoa(MaxEvidenceFiles) + " tệp minh chứng."
	}
	var prepared []media.Upload
	for i, f := range in.Files {
		up, problem := media.Prepare(f)
		if problem != "" {
			e["files"] = "Tệp thứ " + strconv.Itoa(i+1) + ": " + problem
			continue
		}
		prepared = append(prepared, up)
	}
	return a, prepared, e
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// Record validates and stores an activity of the plan in force with its
// evidence, all or nothing: the files are stored first, the rows in one
// transaction, and the files are removed again if it fails.
func Record(ctx context.Context, conn db.Conn, files filestore.Store, u *account.User, actor audit.Actor, in Input, now time.Time) (*Activity, error) {
	if !CanRecordFor(u, in.UnitID) {
		return nil, ErrForbidden
	}
	p, err := plan.Current(ctx, conn, u.WardID)
	if err != nil {
		return nil, err
	}
	units, err := unitMap(ctx, conn, u.WardID)
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(in.QuantityUnit) == "" {
		if in.usualUnit, err = UsualUnit(ctx, conn, u.WardID, in.ChannelCode); err != nil {
			return nil, err
		}
	}
	a, uploads, errs := in.validate(p, units, now)
	if err := errs.Err(); err != nil {
		return nil, err
	}
	staged, err := media.Stage(ctx, files, u.WardID, "evidence", uploads...)
	if err != nil {
		return nil, err
	}
	err = conn.InTx(ctx, func(tx *db.Tx) error {
		if label, err := lockedBy(ctx, tx, p, a.UnitID, a.HeldOn); err != nil || label != "" {
			return lockError(label, err)
		}
		if err := insert(ctx, tx, u, a); err != nil {
			return err
		}
		if err := addEvidence(ctx, tx, a, uploads, staged.Keys); err != nil {
			return err
		}
		summary := "Ghi nhận hoạt động " + a.ChannelName + " ngày " + vn.ISODate(a.HeldOn) + " của " + units[a.UnitID].Name
		return audit.Record(ctx, tx, actor, "activity.create", "activity", a.ID, summary, nil, map[string]any{
			"unit_id": a.UnitID, "held_on": a.HeldOn, "channel": a.ChannelCode, "themes": a.Themes, "quantity": a.Quantity, "people": a.People, "cost": a.Cost})
	})
	if err != nil {
		staged.Discard(ctx)
		return nil, err
	}
	return a, nil
}

// unitMap is the ward's units by id, for validation.
func unitMap(ctx context.Context, q db.Querier, wardID int64) (map[int64]*ward.Unit, error) {
	us, err := ward.Units(ctx, q, wardID)
	if err != nil {
		return nil, err
	}
	units := make(map[int64]*ward.Unit, len(us))
	for _, x := range us {
		units[x.ID] = x
	}
	return units, nil
}

// insert stores a validated activity with its themes and adds it to the
// aggregates.
func insert(ctx context.Context, tx *db.Tx, u *account.User, a *Activity) error {
	return insertFor(ctx, tx, u.WardID, u.ID, a)
}

// insertFor stores an activity recorded by a user (0: by the system) and
// adds it to the aggregates.
func insertFor(ctx context.Context, tx *db.Tx, wardID, userID int64, a *Activity) error {
	if err := insertRow(ctx, tx, wardID, userID, a); err != nil {
		return err
	}
	return bump(ctx, tx, wardID, a, 1)
}

// insertRow writes an activity and its themes, leaving the aggregates to
// the caller.
func insertRow(ctx context.Context, tx *db.Tx, wardID, userID int64, a *Activity) error {
	a.WardID, a.CreatedByID, a.CreatedAt = wardID, userID, time.Now()
	id, err := db.Insert(ctx, tx, "activities", a.fields())
	if err != nil {
		return err
	}
	a.ID = id
	return insertThemes(ctx, tx, a)
}

// insertThemes writes an activity's themes in one statement.
func insertThemes(ctx context.Context, tx *db.Tx, a *Activity) error {
	if len(a.Themes) == 0 {
		return nil
	}
	q, args := `insert into activity_themes (activity_id, theme_code) values `, make([]any, 0, 2*len(a.Themes))
	for j, t := range a.Themes {
		if j > 0 {
			q += ", "
		}
		q += "(?, ?)"
		args = append(args, a.ID, t)
	}
	_, err := tx.Exec(ctx, q, args...)
	return err
}

// addEvidence records the evidence files stored under keys.
func addEvidence(ctx context.Context, tx *db.Tx, a *Activity, uploads []media.Upload, keys []string) error {
	for i, up := range uploads {
		ev := Evidence{Key: keys[i], ContentType: up.ContentType, Size: int64(len(up.Data))}
		if err := tx.QueryRow(ctx, `insert into activity_evidence (activity_id, file_key, content_type, size, created_at) values (?, ?, ?, ?, ?) returning id`,
			a.ID, ev.Key, ev.ContentType, ev.Size, db.Now()).Scan(&ev.ID); err != nil {
			return err
		}
		a.Evidence = append(a.Evidence, ev)
	}
	return nil
}

// Filter narrows List.
type Filter struct {
	UnitID  int64
	Month   string // YYYY-MM
	Channel string
	Limit   int
}

var listSelect = `select ` + (&Activity{}).fields().Select("a") + `
	from activities a join units n on n.id = a.unit_id
	left join units pu on pu.id = a.place_unit_id
	left join users u on u.id = a.created_by`

// list runs a query over listSelect and names each activity's channel.
func list(ctx context.Context, q db.Querier, where string, args ...any) ([]*Activity, error) {
	rows, err := q.Query(ctx, listSelect+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Activity
	plans := map[int64]bool{}
	for rows.Next() {
		var a Activity
		if err := rows.Scan(a.fields().Dest()...); err != nil {
			return nil, err
		}
		plans[a.PlanID] = true
		out = append(out, &a)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var ids []int64
	for id := range plans {
		ids = append(ids, id)
	}
	names, err := plan.ChannelNames(ctx, q, ids)
	if err != nil {
		return nil, err
	}
	for _, a := range out {
		if a.ChannelName = names[a.PlanID][a.ChannelCode]; a.ChannelName == "" {
			a.ChannelName = a.ChannelCode
		}
	}
	return out, nil
}

// List returns the ward's activities, newest first.
func List(ctx context.Context, q db.Querier, wardID int64, f Filter) ([]*Activity, error) {
	where, args := ` where a.ward_id = ?`, []any{wardID}
	if f.UnitID != 0 {
		where += ` and a.unit_id = ?`
		args = append(args, f.UnitID)
	}
	if f.Month != "" {
		where += ` and a.held_on >= ? and a.held_on <= ?`
		args = append(args, f.Month+"-01", f.Month+"-31")
	}
	if f.Channel != "" {
		where += ` and a.channel_code = ?`
		args = append(args, f.Channel)
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 100
	}
	args = append(args, f.Limit)
	return list(ctx, q, where+` order by a.held_on desc, a.id desc limit ?`, args...)
}

// InRange returns every activity of the ward held in the range, oldest
// first, with its themes: the annex of the official report.
func InRange(ctx context.Context, q db.Querier, wardID int64, r Range) ([]*Activity, error) {
	out, err := list(ctx, q, ` where a.ward_id = ? and a.held_on >= ? and a.held_on <= ? order by a.held_on, a.id`, wardID, r.From, r.To)
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]*Activity, len(out))
	for _, a := range out {
		byID[a.ID] = a
	}
	rows, err := q.Query(ctx, `select t.activity_id, t.theme_code from activity_themes t join activities a on a.id = t.activity_id
		where a.ward_id = ? and a.held_on >= ? and a.held_on <= ? order by t.activity_id, t.theme_code`, wardID, r.From, r.To)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var code string
		if err := rows.Scan(&id, &code); err != nil {
			return nil, err
		}
		if a := byID[id]; a != nil {
			a.Themes = append(a.Themes, code)
		}
	}
	return out, rows.Err()
}

// Get returns one activity of the ward with its themes and evidence.
func Get(ctx context.Context, q db.Querier, wardID, id int64) (*Activity, error) {
	as, err := list(ctx, q, ` where a.ward_id = ? and a.id = ?`, wardID, id)
	if err != nil {
		return nil, err
	}
	if len(as) == 0 {
		return nil, db.ErrNotFound
	}
	a := as[0]
	trows, err := q.Query(ctx, `select theme_code from activity_themes where activity_id = ? order by theme_code`, a.ID)
	if err != nil {
		return nil, err
	}
	for trows.Next() {
		var t string
		if err := trows.Scan(&t); err != nil {
			trows.Close()
			return nil, err
		}
		a.Themes = append(a.Themes, t)
	}
	trows.Close()
	if err := trows.Err(); err != nil {
		return nil, err
	}
	erows, err := q.Query(ctx, `select id, file_key, content_type, size from activity_evidence where activity_id = ? order by id`, a.ID)
	if err != nil {
		return nil, err
	}
	defer erows.Close()
	for erows.Next() {
		var ev Evidence
		if err := erows.Scan(&ev.ID, &ev.Key, &ev.ContentType, &ev.Size); err != nil {
			return nil, err
		}
		a.Evidence = append(a.Evidence, ev)
	}
	return a, erows.Err()
}

// EvidenceByID returns an evidence file with the activity it belongs to.
func EvidenceByID(ctx context.Context, q db.Querier, wardID, id int64) (*Evidence, int64, error) {
	var ev Evidence
	var unitID int64
	err := q.QueryRow(ctx, `select e.id, e.file_key, e.content_type, e.size, a.unit_id from activity_evidence e join activities a on a.id = e.activity_id
		where e.id = ? and a.ward_id = ?`, id, wardID).Scan(&ev.ID, &ev.Key, &ev.ContentType, &ev.Size, &unitID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, 0, db.ErrNotFound
	}
	return &ev, unitID, err
}

// CanRecord reports whether u records activities at all (for some unit).
func CanRecord(u *account.User) bool {
	return u.Is(account.RoleAdmin, account.RoleLeadOfficer, account.RoleUnitOfficer, account.RoleKhuPhoHead)
}

// GetFor returns an activity the official may see.
func GetFor(ctx context.Context, q db.Querier, u *account.User, id int64) (*Activity, error) {
	a, err := Get(ctx, q, u.WardID, id)
	if err != nil {
		return nil, err
	}
	if !u.SeesUnit(a.UnitID) {
		return nil, ErrForbidden
	}
	return a, nil
}

// ListFor returns the activities the official may see, newest first: an
// officer or khu phố head sees the own unit's only.
func ListFor(ctx context.Context, q db.Querier, u *account.User, f Filter) ([]*Activity, error) {
	if u.OwnUnitOnly() {
		f.UnitID = u.UnitID
	}
	return List(ctx, q, u.WardID, f)
}

// EvidenceFor returns an evidence file of an activity the official may see.
func EvidenceFor(ctx context.Context, q db.Querier, u *account.User, id int64) (*Evidence, error) {
	ev, unitID, err := EvidenceByID(ctx, q, u.WardID, id)
	if err != nil {
		return nil, err
	}
	if !u.SeesUnit(unitID) {
		return nil, ErrForbidden
	}
	return ev, nil
}
