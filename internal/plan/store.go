package plan

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/cchc-vn/cchc/internal/account"
	"github.com/cchc-vn/cchc/internal/db"
)

// Create inserts p with its whole tree (themes, channels, sections, tasks and
// assignments) and sets every ID. Call it inside a transaction.
func Create(ctx context.Context, q db.Querier, p *Plan) error {
	now := db.Now()
	var lead, copied any
	if p.LeadUnitID != 0 {
		lead = p.LeadUnitID
	}
	if p.CopiedFromID != 0 {
		copied = p.CopiedFromID
	}
	if p.Status == "" {
		p.Status = StatusDraft
	}
	if p.ReportCycle == "" {
		p.ReportCycle, p.ReportDueDays = CycleMonth, 5
	}
	err := q.QueryRow(ctx, `insert into plans (ward_id, number, issuer, parent_issuer, place, issued_on, title, period_label,
		period_start, period_end, basis, preamble, purposes, requirements, audiences, funding, closing, signer_title,
		signer_name, recipients, lead_unit_id, status, copied_from_id, report_cycle, report_due_days, created_at, updated_at)
		values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id`,
		p.WardID, p.Number, p.Issuer, p.ParentIssuer, p.Place, p.IssuedOn, p.Title, p.PeriodLabel,
		p.PeriodStart, p.PeriodEnd, p.Basis, p.Preamble, joinLines(p.Purposes), joinLines(p.Requirements),
		joinLines(p.Audiences), joinLines(p.Funding), p.Closing, p.SignerTitle, p.SignerName, joinLines(p.Recipients),
		lead, p.Status, copied, p.ReportCycle, p.ReportDueDays, now, now).Scan(&p.ID)
	if db.IsUniqueViolation(err) {
		return errNumberTaken
	}
	if err != nil {
		return fmt.Errorf("insert plan: %w", err)
	}
	var insertTheme func(t *Theme, parent int64) error
	insertTheme = func(t *Theme, parent int64) error {
		var par any
		if parent != 0 {
			par = parent
		}
		if err := q.QueryRow(ctx, `insert into plan_themes (plan_id, parent_id, position, code, title, body) values (?, ?, ?, ?, ?, ?) returning id`,
			p.ID, par, t.Position, t.Code, t.Title, t.Body).Scan(&t.ID); err != nil {
			return fmt.Errorf("insert theme %s: %w", t.Code, err)
		}
		t.ParentID = parent
		for _, c := range t.Children {
			if err := insertTheme(c, t.ID); err != nil {
				return err
			}
		}
		return nil
	}
	for _, t := range p.Themes {
		if err := insertTheme(t, 0); err != nil {
			return err
		}
	}
	for _, c := range p.Channels {
		if err := q.QueryRow(ctx, `insert into plan_channels (plan_id, position, code, name, body) values (?, ?, ?, ?, ?) returning id`,
			p.ID, c.Position, c.Code, c.Name, c.Body).Scan(&c.ID); err != nil {
			return fmt.Errorf("insert channel %s: %w", c.Code, err)
		}
	}
	for _, s := range p.Sections {
		if err := q.QueryRow(ctx, `insert into plan_sections (plan_id, position, heading, mode) values (?, ?, ?, ?) returning id`,
			p.ID, s.Position, s.Heading, s.Mode).Scan(&s.ID); err != nil {
			return fmt.Errorf("insert section %d: %w", s.Position, err)
		}
		for _, t := range s.Tasks {
			t.SectionID = s.ID
			if err := insertTask(ctx, q, p.ID, t); err != nil {
				return err
			}
		}
	}
	return nil
}

func insertTask(ctx context.Context, q db.Querier, planID int64, t *Task) error {
	if err := q.QueryRow(ctx, `insert into plan_tasks (plan_id, section_id, position, body, recurrence, due_on) values (?, ?, ?, ?, ?, ?) returning id`,
		planID, t.SectionID, t.Position, t.Body, t.Recurrence, t.DueOn).Scan(&t.ID); err != nil {
		return fmt.Errorf("insert task: %w", err)
	}
	for _, a := range t.Assignments {
		a.TaskID = t.ID
		if a.Status == "" {
			a.Status = NotStarted
		}
		if err := q.QueryRow(ctx, `insert into task_assignments (task_id, unit_id, role, status) values (?, ?, ?, ?) returning id`,
			t.ID, a.UnitID, a.Role, a.Status).Scan(&a.ID); err != nil {
			return fmt.Errorf("insert assignment of unit %d: %w", a.UnitID, err)
		}
	}
	return nil
}

const planCols = `id, ward_id, number, issuer, parent_issuer, place, issued_on, title, period_label, period_start, period_end,
	basis, preamble, purposes, requirements, audiences, funding, closing, signer_title, signer_name, recipients,
	coalesce(lead_unit_id, 0), status, coalesce(copied_from_id, 0), report_cycle, report_due_days`

func scanPlan(row interface{ Scan(...any) error }) (*Plan, error) {
	var p Plan
	var purposes, requirements, audiences, funding, recipients string
	err := row.Scan(&p.ID, &p.WardID, &p.Number, &p.Issuer, &p.ParentIssuer, &p.Place, &p.IssuedOn, &p.Title, &p.PeriodLabel,
		&p.PeriodStart, &p.PeriodEnd, &p.Basis, &p.Preamble, &purposes, &requirements, &audiences, &funding, &p.Closing,
		&p.SignerTitle, &p.SignerName, &recipients, &p.LeadUnitID, &p.Status, &p.CopiedFromID, &p.ReportCycle, &p.ReportDueDays)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, db.ErrNotFound
	}
	p.Purposes, p.Requirements, p.Audiences = lines(purposes), lines(requirements), lines(audiences)
	p.Funding, p.Recipients = lines(funding), lines(recipients)
	return &p, err
}

// List returns the ward's plans, newest period first, without their trees.
func List(ctx context.Context, q db.Querier, wardID int64) ([]*Plan, error) {
	rows, err := q.Query(ctx, `select `+planCols+` from plans where ward_id = ? order by period_start desc, id desc`, wardID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Plan
	for rows.Next() {
		p, err := scanPlan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// Current returns the ward's active plan with the latest period, or ErrNotFound.
func Current(ctx context.Context, q db.Querier, wardID int64) (*Plan, error) {
	var id int64
	err := q.QueryRow(ctx, `select id from plans where ward_id = ? and status = ? order by period_start desc, id desc limit 1`,
		wardID, StatusActive).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, db.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	return Get(ctx, q, wardID, id)
}

// ForRange returns the plan, in force or closed, whose period meets from..to
// (YYYY-MM-DD), the latest first: the figures of a past half-year are read
// against the plan of that half-year, not today's. ErrNotFound when none.
func ForRange(ctx context.Context, q db.Querier, wardID int64, from, to string) (*Plan, error) {
	var id int64
	err := q.QueryRow(ctx, `select id from plans where ward_id = ? and status <> ? and period_start <= ? and period_end >= ?
		order by period_start desc, id desc limit 1`, wardID, StatusDraft, to, from).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, db.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	return Get(ctx, q, wardID, id)
}

// Header returns the plan without its tree; a plan of another ward is not found.
func Header(ctx context.Context, q db.Querier, wardID, id int64) (*Plan, error) {
	return scanPlan(q.QueryRow(ctx, `select `+planCols+` from plans where ward_id = ? and id = ?`, wardID, id))
}

// Get returns the plan with its whole tree.
func Get(ctx context.Context, q db.Querier, wardID, id int64) (*Plan, error) {
	p, err := Header(ctx, q, wardID, id)
	if err != nil {
		return nil, err
	}
	// Themes: parents before children thanks to the ordering by parent.
	rows, err := q.Query(ctx, `select id, coalesce(parent_id, 0), position, code, title, body from plan_themes
		where plan_id = ? order by coalesce(parent_id, 0), position, id`, id)
	if err != nil {
		return nil, err
	}
	byID := map[int64]*Theme{}
	var all []*Theme
	for rows.Next() {
		var t Theme
		if err := rows.Scan(&t.ID, &t.ParentID, &t.Position, &t.Code, &t.Title, &t.Body); err != nil {
			rows.Close()
			return nil, err
		}
		byID[t.ID] = &t
		all = append(all, &t)
	}
	rows.Close()
	for _, t := range all {
		if parent := byID[t.ParentID]; parent != nil {
			parent.Children = append(parent.Children, t)
		} else {
			p.Themes = append(p.Themes, t)
		}
	}

	rows, err = q.Query(ctx, `select id, position, code, name, body from plan_channels where plan_id = ? order by position, id`, id)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var c Channel
		if err := rows.Scan(&c.ID, &c.Position, &c.Code, &c.Name, &c.Body); err != nil {
			rows.Close()
			return nil, err
		}
		p.Channels = append(p.Channels, &c)
	}
	rows.Close()

	rows, err = q.Query(ctx, `select id, position, heading, mode from plan_sections where plan_id = ? order by position, id`, id)
	if err != nil {
		return nil, err
	}
	sections := map[int64]*Section{}
	for rows.Next() {
		var s Section
		if err := rows.Scan(&s.ID, &s.Position, &s.Heading, &s.Mode); err != nil {
			rows.Close()
			return nil, err
		}
		sections[s.ID] = &s
		p.Sections = append(p.Sections, &s)
	}
	rows.Close()

	rows, err = q.Query(ctx, `select id, section_id, position, body, recurrence, due_on from plan_tasks where plan_id = ? order by position, id`, id)
	if err != nil {
		return nil, err
	}
	tasks := map[int64]*Task{}
	for rows.Next() {
		var t Task
		if err := rows.Scan(&t.ID, &t.SectionID, &t.Position, &t.Body, &t.Recurrence, &t.DueOn); err != nil {
			rows.Close()
			return nil, err
		}
		tasks[t.ID] = &t
		if s := sections[t.SectionID]; s != nil {
			s.Tasks = append(s.Tasks, &t)
		}
	}
	rows.Close()

	as, err := assignments(ctx, q, `t.plan_id = ?`, id)
	if err != nil {
		return nil, err
	}
	for _, a := range as {
		if t := tasks[a.TaskID]; t != nil {
			t.Assignments = append(t.Assignments, a)
		}
	}
	return p, nil
}

const assignmentSelect = `select a.id, a.task_id, a.unit_id, n.name, n.kind, a.role, a.status, a.status_note, a.status_updated_at,
	coalesce(u.full_name, '')
	from task_assignments a
	join plan_tasks t on t.id = a.task_id
	join units n on n.id = a.unit_id
	left join users u on u.id = a.status_updated_by`

func assignments(ctx context.Context, q db.Querier, where string, args ...any) ([]*Assignment, error) {
	rows, err := q.Query(ctx, assignmentSelect+` where `+where+` order by n.position, n.id, t.position, a.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Assignment
	for rows.Next() {
		var a Assignment
		var at string
		if err := rows.Scan(&a.ID, &a.TaskID, &a.UnitID, &a.UnitName, &a.UnitKind, &a.Role, &a.Status, &a.StatusNote, &at, &a.StatusUpdatedBy); err != nil {
			return nil, err
		}
		a.StatusUpdatedAt = db.ParseTime(at)
		out = append(out, &a)
	}
	return out, rows.Err()
}

// AssignmentByID returns one assignment with the plan it belongs to; an
// assignment of another ward is not found.
func AssignmentByID(ctx context.Context, q db.Querier, wardID, id int64) (*Assignment, *Plan, *Task, error) {
	var planID, taskID int64
	err := q.QueryRow(ctx, `select p.id, t.id from task_assignments a join plan_tasks t on t.id = a.task_id
		join plans p on p.id = t.plan_id where a.id = ? and p.ward_id = ?`, id, wardID).Scan(&planID, &taskID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, nil, db.ErrNotFound
	}
	if err != nil {
		return nil, nil, nil, err
	}
	p, err := Get(ctx, q, wardID, planID)
	if err != nil {
		return nil, nil, nil, err
	}
	for _, s := range p.Sections {
		for _, t := range s.Tasks {
			for _, a := range t.Assignments {
				if a.ID == id {
					return a, p, t, nil
				}
			}
		}
	}
	return nil, nil, nil, db.ErrNotFound
}

// Event is one entry in an assignment's history: a status change or a comment.
type Event struct {
	ID         int64
	At         string
	UserName   string
	UserRole   string
	Kind       string // status or comment
	FromStatus string
	ToStatus   string
	Body       string
}

// Events returns an assignment's history, oldest first.
func Events(ctx context.Context, q db.Querier, assignmentID int64) ([]*Event, error) {
	rows, err := q.Query(ctx, `select e.id, e.at, coalesce(u.full_name, ''), coalesce(u.role, ''), e.kind, e.from_status, e.to_status, e.body
		from assignment_events e left join users u on u.id = e.user_id where e.assignment_id = ? order by e.at, e.id`, assignmentID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Event
	for rows.Next() {
		var e Event
		if err := rows.Scan(&e.ID, &e.At, &e.UserName, &e.UserRole, &e.Kind, &e.FromStatus, &e.ToStatus, &e.Body); err != nil {
			return nil, err
		}
		out = append(out, &e)
	}
	return out, rows.Err()
}

// Version changes whenever a ward's plans change (the home page shows the
// plan in force). Page caches key on it.
func Version(ctx context.Context, q db.Querier, wardID int64) (string, error) {
	var updated sql.NullString
	err := q.QueryRow(ctx, `select max(updated_at) from plans where ward_id = ?`, wardID).Scan(&updated)
	return updated.String, err
}

// ChannelNames returns the names of the plans' channels, by plan and code.
func ChannelNames(ctx context.Context, q db.Querier, planIDs []int64) (map[int64]map[string]string, error) {
	out := map[int64]map[string]string{}
	if len(planIDs) == 0 {
		return out, nil
	}
	args := make([]any, len(planIDs))
	for i, id := range planIDs {
		args[i] = id
	}
	rows, err := q.Query(ctx, `select plan_id, code, name from plan_channels where plan_id in (`+db.Placeholders(len(args))+`)`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var code, name string
		if err := rows.Scan(&id, &code, &name); err != nil {
			return nil, err
		}
		if out[id] == nil {
			out[id] = map[string]string{}
		}
		out[id][code] = name
	}
	return out, rows.Err()
}

// AssignmentFor returns an assignment the official may see, with its plan
// and task: officers and khu phố heads see their own unit's only.
func AssignmentFor(ctx context.Context, q db.Querier, u *account.User, id int64) (*Assignment, *Plan, *Task, error) {
	a, p, t, err := AssignmentByID(ctx, q, u.WardID, id)
	if err != nil {
		return nil, nil, nil, err
	}
	if !u.SeesUnit(a.UnitID) {
		return nil, nil, nil, ErrForbidden
	}
	return a, p, t, nil
}
