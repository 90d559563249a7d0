// Package meeting is the plan's channel of conferences and residents'
// meetings (hội nghị, họp dân, họp khu phố, sinh hoạt chi bộ/đoàn thể,
// đối thoại): scheduling with an agenda tied to the plan's themes and to
// procedures, the calendars (in the workspace and as iCalendar feeds),
// attendance by group, the minutes (biên bản, also as a DOCX), photos with
// their location stripped, residents' opinions taken as feedback items,
// the Front's comments on the minutes; closing a meeting counts it once on
// the plan through activity.RecordMeeting.
package meeting

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/cchc-vn/cchc/internal/account"
	"github.com/cchc-vn/cchc/internal/check"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/vn"
	"github.com/cchc-vn/cchc/internal/ward"
)

// ErrForbidden is returned when an official may not do what they asked.
var ErrForbidden = check.ErrForbidden

// Choice is a code with its Vietnamese name.
type Choice struct{ Code, Name string }

func nameOf(cs []Choice, code string) string {
	for _, c := range cs {
		if c.Code == code {
			return c.Name
		}
	}
	return code
}

func known(cs []Choice, code string) bool {
	return slices.ContainsFunc(cs, func(c Choice) bool { return c.Code == code })
}

// Kinds of meeting, as Plan 88 (II.2.4) names them.
var Kinds = []Choice{
	{"hoi-nghi", "Hội nghị"}, {"hop-dan", "Họp dân"}, {"hop-khu-pho", "Họp khu phố"},
	{"sinh-hoat", "Sinh hoạt chi bộ, đoàn thể"}, {"doi-thoai", "Đối thoại với người dân"},
}

// KindName is the Vietnamese name of a kind.
func KindName(k string) string { return nameOf(Kinds, k) }

// Statuses of a meeting.
const (
	Scheduled = "scheduled"
	Closed    = "closed" // held, attendance and minutes recorded
	Cancelled = "cancelled"
)

// Statuses with their names.
var Statuses = []Choice{{Scheduled, "Đã lên lịch"}, {Closed, "Đã tổ chức"}, {Cancelled, "Đã hủy"}}

// StatusName is the Vietnamese name of a status.
func StatusName(s string) string { return nameOf(Statuses, s) }

// Groups of people attending, counted separately.
var Groups = []Choice{
	{"nguoi-dan", "Người dân"}, {"can-bo", "Cán bộ, công chức"}, {"dang-vien", "Đảng viên"},
	{"hoi-vien", "Hội viên, đoàn viên"}, {"dai-bieu", "Đại biểu khách mời"},
}

// GroupName is the Vietnamese name of a group.
func GroupName(g string) string { return nameOf(Groups, g) }

// Meeting is one meeting.
type Meeting struct {
	ID           int64
	WardID       int64
	Kind         string
	Title        string
	OrganiserID  int64
	Organiser    string
	KhuPhoID     int64
	KhuPhoName   string
	Venue        string
	StartsAt     time.Time
	EndsAt       time.Time
	Invited      string // the groups invited, in words
	Expected     int
	Public       bool // shown on the portal, the open data and the public calendar
	Status       string
	CancelReason string
	Number       string // the minutes' number, "12/BB-KP5"
	Chair        string
	Secretary    string
	Participants string // thành phần, in words
	Content      string
	Conclusion   string
	Attendance   int // everyone attending: the sum of the groups
	Cost         int64
	ActivityID   int64 // the plan's activity recorded when it closed
	CreatedBy    int64
	CreatedAt    time.Time
	UpdatedAt    time.Time
	ClosedAt     time.Time

	Agenda   []Item
	Present  map[string]int // attendance by group
	Photos   []Photo
	Comments []Comment
}

// Item is one point of the agenda.
type Item struct {
	Body          string
	Themes        []string
	ProcedureCode string
}

// Photo is a photo of the meeting, or of its sign-in sheet, stored
// without its metadata.
type Photo struct {
	ID          int64
	Sheet       bool
	Key         string
	ContentType string
	Size        int64
}

// Comment is the Front's comment on the minutes.
type Comment struct {
	ID     int64
	Author string
	Unit   string
	Body   string
	At     time.Time
}

func (m *Meeting) fields() db.Fields {
	return db.Fields{
		{Column: "id", Ptr: &m.ID},
		{Column: "ward_id", Ptr: &m.WardID},
		{Column: "kind", Ptr: &m.Kind},
		{Column: "title", Ptr: &m.Title},
		{Column: "organiser_id", Ptr: &m.OrganiserID},
		{Expr: "coalesce(o.name, '')", Ptr: &m.Organiser},
		{Column: "khu_pho_id", Ptr: db.OptionalID(&m.KhuPhoID)},
		{Expr: "coalesce(k.name, '')", Ptr: &m.KhuPhoName},
		{Column: "venue", Ptr: &m.Venue},
		{Column: "starts_at", Ptr: db.Time(&m.StartsAt)},
		{Column: "ends_at", Ptr: db.Time(&m.EndsAt)},
		{Column: "invited", Ptr: &m.Invited},
		{Column: "expected", Ptr: &m.Expected},
		{Column: "public", Ptr: db.Bool(&m.Public)},
		{Column: "status", Ptr: &m.Status},
		{Column: "cancel_reason", Ptr: &m.CancelReason},
		{Column: "number", Ptr: &m.Number},
		{Column: "chair", Ptr: &m.Chair},
		{Column: "secretary", Ptr: &m.Secretary},
		{Column: "participants", Ptr: &m.Participants},
		{Column: "content", Ptr: &m.Content},
		{Column: "conclusion", Ptr: &m.Conclusion},
		{Column: "attendance", Ptr: &m.Attendance},
		{Column: "cost", Ptr: &m.Cost},
		{Column: "activity_id", Ptr: &m.ActivityID},
		{Column: "created_by", Ptr: db.OptionalID(&m.CreatedBy)},
		{Column: "created_at", Ptr: db.Time(&m.CreatedAt)},
		{Column: "updated_at", Ptr: db.Time(&m.UpdatedAt)},
		{Column: "closed_at", Ptr: db.Time(&m.ClosedAt)},
	}
}

// Day is the meeting's day, YYYY-MM-DD in Vietnam.
func (m *Meeting) Day() string { return m.StartsAt.In(vn.Zone).Format(time.DateOnly) }

// When is the meeting's time in words: "19:30–21:00 ngày 05/12/2025".
func (m *Meeting) When() string {
	return m.StartsAt.In(vn.Zone).Format("15:04") + "–" + m.EndsAt.In(vn.Zone).Format("15:04") + " ngày " + vn.Date(m.StartsAt)
}

// Place is where it is held, in words.
func (m *Meeting) Place() string {
	parts := []string{}
	if m.Venue != "" {
		parts = append(parts, m.Venue)
	}
	if m.KhuPhoName != "" {
		parts = append(parts, m.KhuPhoName)
	}
	return strings.Join(parts, ", ")
}

// Themes are the plan's themes its agenda covers, in agenda order.
func (m *Meeting) Themes() []string {
	var out []string
	for _, it := range m.Agenda {
		for _, t := range it.Themes {
			if !slices.Contains(out, t) {
				out = append(out, t)
			}
		}
	}
	return out
}

// Late says what is late by now: "" when nothing, "biên bản" when it
// ended and its attendance and minutes are not recorded yet.
func (m *Meeting) Late(now time.Time) string {
	if m.Status == Scheduled && m.EndsAt.Before(now) {
		return "biên bản"
	}
	return ""
}

// Started reports whether it has begun by now (opinions may be recorded,
// it may be closed).
func (m *Meeting) Started(now time.Time) bool { return !m.StartsAt.After(now) }

const meetingSelect = `select %s from meetings m left join units o on o.id = m.organiser_id left join units k on k.id = m.khu_pho_id`

func selectMeetings() string {
	return strings.Replace(meetingSelect, "%s", (&Meeting{}).fields().Select("m"), 1)
}

func list(ctx context.Context, q db.Querier, where string, args ...any) ([]*Meeting, error) {
	rows, err := q.Query(ctx, selectMeetings()+" where "+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Meeting
	for rows.Next() {
		m := &Meeting{}
		if err := rows.Scan(m.fields().Dest()...); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, loadAgenda(ctx, q, out)
}

// loadAgenda reads the agenda of each meeting, in one query.
func loadAgenda(ctx context.Context, q db.Querier, ms []*Meeting) error {
	if len(ms) == 0 {
		return nil
	}
	byID := map[int64]*Meeting{}
	args := []any{}
	for _, m := range ms {
		byID[m.ID] = m
		args = append(args, m.ID)
	}
	rows, err := q.Query(ctx, `select meeting_id, body, themes, procedure_code from meeting_agenda where meeting_id in (?`+
		strings.Repeat(", ?", len(args)-1)+`) order by meeting_id, position`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var it Item
		if err := rows.Scan(&id, &it.Body, db.Codes(&it.Themes), &it.ProcedureCode); err != nil {
			return err
		}
		byID[id].Agenda = append(byID[id].Agenda, it)
	}
	return rows.Err()
}

// Get reads a meeting of a ward with its agenda, attendance, photos and
// comments.
func Get(ctx context.Context, q db.Querier, wardID, id int64) (*Meeting, error) {
	ms, err := list(ctx, q, "m.ward_id = ? and m.id = ?", wardID, id)
	if err != nil {
		return nil, err
	}
	if len(ms) == 0 {
		return nil, db.ErrNotFound
	}
	m := ms[0]
	m.Present = map[string]int{}
	rows, err := q.Query(ctx, `select grp, people from meeting_attendance where meeting_id = ?`, m.ID)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var g string
		var n int
		if err := rows.Scan(&g, &n); err != nil {
			rows.Close()
			return nil, err
		}
		m.Present[g] = n
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = q.Query(ctx, `select id, sheet, file_key, content_type, size from meeting_photos where meeting_id = ? order by id`, m.ID)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var ph Photo
		if err := rows.Scan(&ph.ID, db.Bool(&ph.Sheet), &ph.Key, &ph.ContentType, &ph.Size); err != nil {
			rows.Close()
			return nil, err
		}
		m.Photos = append(m.Photos, ph)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = q.Query(ctx, `select c.id, coalesce(u.full_name, ''), coalesce(n.name, ''), c.body, c.created_at from meeting_comments c
		left join users u on u.id = c.user_id left join units n on n.id = u.unit_id where c.meeting_id = ? order by c.id`, m.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var c Comment
		if err := rows.Scan(&c.ID, &c.Author, &c.Unit, &c.Body, db.Time(&c.At)); err != nil {
			return nil, err
		}
		m.Comments = append(m.Comments, c)
	}
	return m, rows.Err()
}

// Filter narrows List.
type Filter struct {
	From, To string // YYYY-MM-DD, days in Vietnam; empty for no bound
	Unit     int64  // organised by this unit or held in this khu phố
	Status   string
	Public   bool // public meetings only (cancelled ones too, saying so)
}

// List reads a ward's meetings by their start.
func List(ctx context.Context, q db.Querier, wardID int64, f Filter) ([]*Meeting, error) {
	where, args := "m.ward_id = ?", []any{wardID}
	if f.From != "" {
		t, err := vn.ParseISODate(f.From)
		if err != nil {
			return nil, err
		}
		where, args = where+" and m.starts_at >= ?", append(args, db.FormatTime(t))
	}
	if f.To != "" {
		t, err := vn.ParseISODate(f.To)
		if err != nil {
			return nil, err
		}
		where, args = where+" and m.starts_at < ?", append(args, db.FormatTime(t.AddDate(0, 0, 1)))
	}
	if f.Unit != 0 {
		where, args = where+" and (m.organiser_id = ? or m.khu_pho_id = ?)", append(args, f.Unit, f.Unit)
	}
	if f.Status != "" {
		where, args = where+" and m.status = ?", append(args, f.Status)
	}
	if f.Public {
		where += " and m.public = 1"
	}
	return list(ctx, q, where+" order by m.starts_at, m.id", args...)
}

// CanOrganise reports whether u may schedule and keep meetings of unit:
// the lead unit and administrators any unit's, other officials (khu phố
// heads and the Front included) their own unit's.
func CanOrganise(u *account.User, unitID int64) bool {
	switch {
	case u.Is(account.RoleAdmin, account.RoleLeadOfficer):
		return true
	case u.Is(account.RoleUnitOfficer, account.RoleKhuPhoHead, account.RoleSupervisor):
		return u.UnitID != 0 && u.UnitID == unitID
	}
	return false
}

// CanManage reports whether u works with meetings at all.
func CanManage(u *account.User) bool {
	return u.Is(account.RoleAdmin, account.RoleLeadOfficer, account.RoleUnitOfficer, account.RoleKhuPhoHead, account.RoleSupervisor)
}

// CanEdit reports whether u may change m: its organiser's officials, the
// khu phố head where it is held, and the lead unit.
func CanEdit(u *account.User, m *Meeting) bool {
	return CanOrganise(u, m.OrganiserID) || m.KhuPhoID != 0 && u.Is(account.RoleKhuPhoHead) && u.UnitID == m.KhuPhoID
}

// CanComment reports whether u may comment on the minutes: the Front,
// which supervises (Plan 88 III.5), and the ward's leaders.
func CanComment(u *account.User) bool {
	return u.Is(account.RoleSupervisor, account.RoleLeader)
}

// Sees reports whether u may read m: every official of the ward reads the
// calendar.
func Sees(u *account.User, m *Meeting) bool { return u != nil && u.WardID == m.WardID }

// unitOf finds a ward's unit by id among units.
func unitOf(units []*ward.Unit, id int64) *ward.Unit {
	for _, u := range units {
		if u.ID == id {
			return u
		}
	}
	return nil
}

// number reads "1.234.000" or "1234000".
func number(s string) (int64, bool) {
	s = strings.NewReplacer(".", "", " ", "", "đ", "", "₫", "").Replace(strings.TrimSpace(s))
	if s == "" {
		return 0, true
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil
}
