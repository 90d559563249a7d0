// Package plan holds a ward's communication plan as data: the document's
// header and parts, its themes and channels, and the tasks of part III with
// the units assigned to each and their progress.
package plan

import (
	"strings"
	"time"

	"github.com/cchc-vn/cchc/internal/account"
	"github.com/cchc-vn/cchc/internal/vn"
	"github.com/cchc-vn/cchc/internal/ward"
)

// Plan status.
const (
	StatusDraft  = "draft"  // being prepared, e.g. a copy for the next half-year
	StatusActive = "active" // in force
	StatusClosed = "closed" // its period has been reported on
)

// StatusName is the Vietnamese name of a plan status.
func StatusName(s string) string {
	switch s {
	case StatusDraft:
		return "Dự thảo"
	case StatusActive:
		return "Đang thực hiện"
	case StatusClosed:
		return "Đã kết thúc"
	}
	return s
}

// Plan is one "Kế hoạch tuyên truyền cải cách hành chính".
type Plan struct {
	ID           int64    `json:"id"`
	WardID       int64    `json:"-"`
	Number       string   `json:"number"`        // 88/KH-UBND
	ParentIssuer string   `json:"parent_issuer"` // cơ quan chủ quản, may be empty
	Issuer       string   `json:"issuer"`        // ỦY BAN NHÂN DÂN PHƯỜNG PHÚ ĐỊNH
	Place        string   `json:"place"`         // Phú Định
	IssuedOn     string   `json:"issued_on"`     // YYYY-MM-DD
	Title        string   `json:"title"`
	PeriodLabel  string   `json:"period_label"` // 6 tháng cuối năm 2025
	PeriodStart  string   `json:"period_start"`
	PeriodEnd    string   `json:"period_end"`
	Basis        string   `json:"basis"`    // legal basis paragraph
	Preamble     string   `json:"preamble"` // the sentence introducing the contents
	Purposes     []string `json:"purposes"`
	Requirements []string `json:"requirements"`
	Audiences    []string `json:"audiences"`
	Funding      []string `json:"funding"`
	Closing      string   `json:"closing"`
	SignerTitle  string   `json:"signer_title"`
	SignerName   string   `json:"signer_name"`
	Recipients   []string `json:"recipients"`
	LeadUnitID   int64    `json:"lead_unit_id,omitempty"`
	Status       string   `json:"status"`
	CopiedFromID int64    `json:"copied_from_id,omitempty"`
	// Units report on the plan every month or quarter, due this many days
	// after the period ends.
	ReportCycle   string `json:"report_cycle"`
	ReportDueDays int    `json:"report_due_days"`

	Themes   []*Theme   `json:"themes,omitempty"`
	Channels []*Channel `json:"channels,omitempty"`
	Sections []*Section `json:"sections,omitempty"`
}

// Theme is a content theme (nội dung tuyên truyền), possibly with sub-themes.
type Theme struct {
	ID       int64    `json:"id"`
	ParentID int64    `json:"-"`
	Position int      `json:"-"`
	Code     string   `json:"code"`
	Title    string   `json:"title"`
	Body     string   `json:"body,omitempty"`
	Children []*Theme `json:"sub_themes,omitempty"`
}

// Channel is a form of communication (hình thức tuyên truyền).
type Channel struct {
	ID       int64  `json:"id"`
	Position int    `json:"-"`
	Code     string `json:"code"`
	Name     string `json:"name"`
	Body     string `json:"body,omitempty"`
}

// Section is one numbered paragraph of part III, addressed to some units.
type Section struct {
	ID       int64   `json:"id"`
	Position int     `json:"position"`
	Heading  string  `json:"heading"`
	Mode     string  `json:"mode"` // giao or de_nghi
	Tasks    []*Task `json:"tasks"`
}

// Section modes: "giao" assigns to a subordinate unit, "đề nghị" requests an
// independent organisation; the plan keeps the distinction.
const (
	ModeAssign  = "giao"
	ModeRequest = "de_nghi"
)

// ModeName is the Vietnamese word for a mode.
func ModeName(m string) string {
	if m == ModeRequest {
		return "Đề nghị"
	}
	return "Giao"
}

// Task is one duty in a section.
type Task struct {
	ID          int64         `json:"id"`
	SectionID   int64         `json:"section_id"`
	Position    int           `json:"-"`
	Body        string        `json:"body"`
	Recurrence  string        `json:"recurrence"`
	DueOn       string        `json:"due_on,omitempty"`
	Assignments []*Assignment `json:"assignments"`
}

// Recurrences of a task.
const (
	RecurOnce      = "once"
	RecurRegular   = "regular"
	RecurMonthly   = "monthly"
	RecurQuarterly = "quarterly"
	RecurPeriodic  = "periodic"
)

// Recurrences in display order with Vietnamese names.
var Recurrences = []struct{ Code, Name string }{
	{RecurOnce, "Một lần"},
	{RecurRegular, "Thường xuyên"},
	{RecurMonthly, "Hằng tháng"},
	{RecurQuarterly, "Hằng quý"},
	{RecurPeriodic, "Định kỳ"},
}

// RecurrenceName is the Vietnamese name of r.
func RecurrenceName(r string) string {
	for _, x := range Recurrences {
		if x.Code == r {
			return x.Name
		}
	}
	return r
}

// Assignment roles.
const (
	RoleLead   = "chu_tri"  // chủ trì
	RoleAssist = "phoi_hop" // phối hợp
)

// RoleName is the Vietnamese name of an assignment role.
func RoleName(r string) string {
	if r == RoleAssist {
		return "Phối hợp"
	}
	return "Chủ trì"
}

// Assignment statuses as stored; "overdue" is derived, never stored.
const (
	NotStarted = "not_started"
	InProgress = "in_progress"
	Done       = "done"
	Overdue    = "overdue"
)

// Statuses that an official may set, with Vietnamese names.
var Statuses = []struct{ Code, Name string }{
	{NotStarted, "Chưa thực hiện"},
	{InProgress, "Đang thực hiện"},
	{Done, "Đã hoàn thành"},
}

// TaskStatusName is the Vietnamese name of an assignment status.
func TaskStatusName(s string) string {
	if s == Overdue {
		return "Quá hạn"
	}
	for _, x := range Statuses {
		if x.Code == s {
			return x.Name
		}
	}
	return s
}

// Assignment is one unit's share of a task, with its progress.
type Assignment struct {
	ID              int64     `json:"id"`
	TaskID          int64     `json:"task_id"`
	UnitID          int64     `json:"unit_id"`
	UnitName        string    `json:"unit_name"`
	UnitKind        ward.Kind `json:"unit_kind"`
	Role            string    `json:"role"`
	Status          string    `json:"status"`
	StatusNote      string    `json:"status_note,omitempty"`
	StatusUpdatedAt time.Time `json:"status_updated_at,omitzero"`
	StatusUpdatedBy string    `json:"status_updated_by,omitempty"`
}

// Report cycles of units' periodic reports.
const (
	CycleMonth   = "month"
	CycleQuarter = "quarter"
)

// DueDate is when the task must be done: its own due date, else the end of the plan's period.
func DueDate(t *Task, p *Plan) string {
	if t.DueOn != "" {
		return t.DueOn
	}
	return p.PeriodEnd
}

// EffectiveStatus is the stored status, or Overdue when the due date has
// passed in Vietnam and the work is not done.
func EffectiveStatus(a *Assignment, due string, now time.Time) string {
	if a.Status != Done && due != "" && now.In(vn.Zone).Format("2006-01-02") > due {
		return Overdue
	}
	return a.Status
}

// CanUpdate reports whether u may change the status of a: the lead unit's
// officers and administrators for every unit, unit officers and khu phố
// heads for their own unit only. Leaders, the Front and editors read.
func CanUpdate(u *account.User, a *Assignment) bool {
	switch u.Role {
	case account.RoleAdmin, account.RoleLeadOfficer:
		return true
	case account.RoleUnitOfficer, account.RoleKhuPhoHead:
		return u.UnitID != 0 && u.UnitID == a.UnitID
	}
	return false
}

// CanComment reports whether u may comment on an assignment: everyone who may
// update it, the leader, and the supervisor (Front).
func CanComment(u *account.User, a *Assignment) bool {
	return CanUpdate(u, a) || u.Is(account.RoleLeader, account.RoleSupervisor)
}

// CanEdit reports whether u may copy and edit plans.
func CanEdit(u *account.User) bool {
	return u.Is(account.RoleAdmin, account.RoleLeader, account.RoleLeadOfficer)
}

func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

func joinLines(ls []string) string { return strings.Join(ls, "\n") }

// Public reports whether the plan is shown on the portal and in the API:
// in force or closed, not a draft.
func (p *Plan) Public() bool { return p.Status != StatusDraft }

// CanUpdateNow reports whether u may change the status of a now: the plan
// must not be closed.
func CanUpdateNow(u *account.User, p *Plan, a *Assignment) bool {
	return CanUpdate(u, a) && p.Status != StatusClosed
}

// Whether a day falls before, within or after a plan's period.
const (
	BeforePlan = -1
	InPlan     = 0
	AfterPlan  = 1
)

// RecordingDay is the day an activity form offers first: today while the
// plan is in force, else the plan's nearest day (its first before it
// starts, its last once it has ended), with which of the three it is. An
// activity is recorded against a plan's period, so a default outside it
// would only be refused.
func (p *Plan) RecordingDay(now time.Time) (day string, when int) {
	today := now.In(vn.Zone).Format("2006-01-02")
	switch {
	case p.PeriodStart != "" && today < p.PeriodStart:
		return p.PeriodStart, BeforePlan
	case p.PeriodEnd != "" && today > p.PeriodEnd:
		return p.PeriodEnd, AfterPlan
	}
	return today, InPlan
}

// Requested reports whether the plan only requests of the unit (đề nghị)
// and assigns it nothing (giao): every section that names it is a request.
// Such a unit (the Front and its organisations, schools, the khu phố in
// Plan 88) reports of its own accord; the lead unit invites it to, and
// cannot send it a formal reminder.
func (p *Plan) Requested(unitID int64) bool {
	named := false
	for _, s := range p.Sections {
		for _, t := range s.Tasks {
			for _, a := range t.Assignments {
				if a.UnitID == unitID {
					if s.Mode != ModeRequest {
						return false
					}
					named = true
				}
			}
		}
	}
	return named
}

// ThemeTitles names theme codes by their titles, a code the plan does not
// know by itself.
func (p *Plan) ThemeTitles(codes []string) []string {
	titles := map[string]string{}
	var walk func([]*Theme)
	walk = func(ts []*Theme) {
		for _, t := range ts {
			titles[t.Code] = t.Title
			walk(t.Children)
		}
	}
	walk(p.Themes)
	out := make([]string, len(codes))
	for i, c := range codes {
		if out[i] = titles[c]; out[i] == "" {
			out[i] = c
		}
	}
	return out
}

// Ended reports whether the plan's period is over on now's day in Vietnam,
// whatever its status: a plan still marked in force after its last day has
// ended for the people reading about it.
func (p *Plan) Ended(now time.Time) bool {
	return p.Status == StatusClosed || (p.PeriodEnd != "" && now.In(vn.Zone).Format("2006-01-02") > p.PeriodEnd)
}

// StateName is the plan's status as people read it on now's day: "Đang thực
// hiện" only while its period runs.
func (p *Plan) StateName(now time.Time) string {
	day := now.In(vn.Zone).Format("2006-01-02")
	switch {
	case p.Status == StatusDraft:
		return StatusName(StatusDraft)
	case p.Ended(now):
		return StatusName(StatusClosed)
	case p.PeriodStart != "" && day < p.PeriodStart:
		return "Sắp thực hiện"
	}
	return StatusName(StatusActive)
}

// OpeningMonth is the month (YYYY-MM) a monthly grid opens on: the current
// one while the plan runs, else the plan's nearest month (its last once it
// has ended), so that a grid never opens on a month the plan has no data for.
func (p *Plan) OpeningMonth(now time.Time) string {
	m := now.In(vn.Zone).Format("2006-01")
	if len(p.PeriodEnd) >= 7 && m > p.PeriodEnd[:7] {
		return p.PeriodEnd[:7]
	}
	if len(p.PeriodStart) >= 7 && m < p.PeriodStart[:7] {
		return p.PeriodStart[:7]
	}
	return m
}
