package plan

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/cchc-vn/cchc/internal/account"
	"github.com/cchc-vn/cchc/internal/audit"
	"github.com/cchc-vn/cchc/internal/check"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/vn"
)

// ErrForbidden is returned when the actor may not change the record.
var ErrForbidden = check.ErrForbidden

var errNumberTaken = check.Errors{"number": "Số kế hoạch này đã có trong phường."}

// UpdateStatus sets an assignment's status and note for u, records the
// change in the assignment's history and the audit log.
func UpdateStatus(ctx context.Context, conn db.Conn, u *account.User, actor audit.Actor, assignmentID int64, status, note string) (*Assignment, error) {
	return db.Run(ctx, conn, func(tx *db.Tx) (*Assignment, error) {
		return updateStatus(ctx, tx, u, actor, assignmentID, status, note)
	})
}

func updateStatus(ctx context.Context, tx *db.Tx, u *account.User, actor audit.Actor, assignmentID int64, status, note string) (*Assignment, error) {
	a, p, _, err := AssignmentByID(ctx, tx, u.WardID, assignmentID)
	if err != nil {
		return nil, err
	}
	if !CanUpdate(u, a) {
		return nil, ErrForbidden
	}
	note = vn.Clean(note)
	e := check.Errors{}
	if TaskStatusName(status) == status || status == Overdue {
		e["status"] = "Vui lòng chọn trạng thái."
	}
	e.Text("note", note, false, 2000, "Ghi chú")
	if p.Status == StatusClosed {
		e["status"] = "Kế hoạch đã kết thúc, không thể cập nhật tiến độ."
	}
	if err := e.Err(); err != nil {
		return nil, err
	}
	before := *a
	now := db.Now()
	if _, err := tx.Exec(ctx, `update task_assignments set status = ?, status_note = ?, status_updated_at = ?, status_updated_by = ? where id = ?`,
		status, note, now, u.ID, a.ID); err != nil {
		return nil, err
	}
	if _, err := tx.Exec(ctx, `insert into assignment_events (assignment_id, user_id, at, kind, from_status, to_status, body) values (?, ?, ?, 'status', ?, ?, ?)`,
		a.ID, u.ID, now, before.Status, status, note); err != nil {
		return nil, err
	}
	a.Status, a.StatusNote, a.StatusUpdatedAt, a.StatusUpdatedBy = status, note, db.ParseTime(now), u.FullName
	summary := fmt.Sprintf("%s: %s → %s (kế hoạch %s)", a.UnitName, TaskStatusName(before.Status), TaskStatusName(status), p.Number)
	err = audit.Record(ctx, tx, actor, "assignment.status", "task_assignment", a.ID, summary,
		map[string]string{"status": before.Status, "note": before.StatusNote},
		map[string]string{"status": status, "note": note})
	return a, err
}

// Comment adds a comment to an assignment's history.
func Comment(ctx context.Context, conn db.Conn, u *account.User, actor audit.Actor, assignmentID int64, body string) error {
	return conn.InTx(ctx, func(tx *db.Tx) error { return comment(ctx, tx, u, actor, assignmentID, body) })
}

func comment(ctx context.Context, tx *db.Tx, u *account.User, actor audit.Actor, assignmentID int64, body string) error {
	a, _, _, err := AssignmentByID(ctx, tx, u.WardID, assignmentID)
	if err != nil {
		return err
	}
	if !CanComment(u, a) {
		return ErrForbidden
	}
	body = vn.Clean(body)
	e := check.Errors{}
	e.Text("body", body, true, 2000, "Nội dung ý kiến")
	if err := e.Err(); err != nil {
		return err
	}
	var id int64
	if err := tx.QueryRow(ctx, `insert into assignment_events (assignment_id, user_id, at, kind, body) values (?, ?, ?, 'comment', ?) returning id`,
		a.ID, u.ID, db.Now(), body).Scan(&id); err != nil {
		return err
	}
	return audit.Record(ctx, tx, actor, "assignment.comment", "task_assignment", a.ID, "Ý kiến về nhiệm vụ của "+a.UnitName, nil, map[string]string{"body": body})
}

// HeaderInput is the editable header of a plan.
type HeaderInput struct {
	Number, IssuedOn, Title, PeriodLabel, PeriodStart, PeriodEnd string
	Basis, SignerTitle, SignerName, Recipients                   string
	ReportCycle, ReportDueDays                                   string // how often units report, and the days allowed after a period
	dueDays                                                      int
}

// Validate cleans the input and returns field messages.
func (in *HeaderInput) Validate() check.Errors {
	for _, s := range []*string{&in.Number, &in.IssuedOn, &in.Title, &in.PeriodLabel, &in.PeriodStart, &in.PeriodEnd, &in.Basis, &in.SignerTitle, &in.SignerName, &in.Recipients} {
		*s = vn.Clean(*s)
	}
	e := check.Errors{}
	e.Text("number", in.Number, true, 40, "Số kế hoạch")
	if e["number"] == "" && !strings.Contains(in.Number, "/") {
		e["number"] = "Số kế hoạch có dạng số/ký hiệu, ví dụ 12/KH-UBND."
	}
	e.Text("title", in.Title, true, 300, "Tên kế hoạch")
	e.Text("period_label", in.PeriodLabel, true, 100, "Kỳ kế hoạch")
	e.Text("basis", in.Basis, false, 2000, "Căn cứ")
	e.Text("signer_title", in.SignerTitle, false, 100, "Chức vụ người ký")
	e.Text("signer_name", in.SignerName, false, 100, "Người ký")
	e.Text("recipients", in.Recipients, false, 3000, "Nơi nhận")
	// Each message names its date: the error summary lists them together.
	for _, d := range []struct {
		field, name string
		s           *string
	}{{"issued_on", "Ngày ban hành", &in.IssuedOn}, {"period_start", "Ngày bắt đầu", &in.PeriodStart}, {"period_end", "Ngày kết thúc", &in.PeriodEnd}} {
		t, err := vn.ParseDate(*d.s)
		if err != nil {
			e[d.field] = d.name + " không hợp lệ: nhập theo dạng dd/mm/yyyy, ví dụ 01/07/2025."
			continue
		}
		*d.s = t.Format(db.DateFormat)
	}
	if in.ReportCycle != CycleMonth && in.ReportCycle != CycleQuarter {
		e["report_cycle"] = "Vui lòng chọn báo cáo hằng tháng hoặc hằng quý."
	}
	if n, err := strconv.Atoi(strings.TrimSpace(in.ReportDueDays)); err != nil || n < 0 || n > 60 {
		e["report_due_days"] = "Hạn báo cáo là số ngày từ 0 đến 60 sau khi hết kỳ."
	} else {
		in.dueDays = n
	}
	if e["period_start"] == "" && e["period_end"] == "" && in.PeriodEnd < in.PeriodStart {
		e["period_end"] = "Ngày kết thúc phải sau ngày bắt đầu."
	}
	return e
}

// UpdateHeader changes a plan's header. Only drafts and active plans can change.
func UpdateHeader(ctx context.Context, conn db.Conn, u *account.User, actor audit.Actor, planID int64, in HeaderInput) error {
	return conn.InTx(ctx, func(tx *db.Tx) error { return updateHeader(ctx, tx, u, actor, planID, in) })
}

func updateHeader(ctx context.Context, tx *db.Tx, u *account.User, actor audit.Actor, planID int64, in HeaderInput) error {
	if !CanEdit(u) {
		return ErrForbidden
	}
	p, err := Header(ctx, tx, u.WardID, planID)
	if err != nil {
		return err
	}
	if err := in.Validate().Err(); err != nil {
		return err
	}
	if p.Status == StatusClosed {
		return check.Errors{"number": "Kế hoạch đã kết thúc, không thể sửa."}
	}
	_, err = tx.Exec(ctx, `update plans set number = ?, issued_on = ?, title = ?, period_label = ?, period_start = ?, period_end = ?,
		basis = ?, signer_title = ?, signer_name = ?, recipients = ?, report_cycle = ?, report_due_days = ?, updated_at = ? where id = ?`,
		in.Number, in.IssuedOn, in.Title, in.PeriodLabel, in.PeriodStart, in.PeriodEnd, in.Basis, in.SignerTitle, in.SignerName,
		joinLines(lines(in.Recipients)), in.ReportCycle, in.dueDays, db.Now(), p.ID)
	if db.IsUniqueViolation(err) {
		return errNumberTaken
	}
	if err != nil {
		return err
	}
	before := HeaderInput{p.Number, p.IssuedOn, p.Title, p.PeriodLabel, p.PeriodStart, p.PeriodEnd, p.Basis, p.SignerTitle, p.SignerName,
		joinLines(p.Recipients), p.ReportCycle, strconv.Itoa(p.ReportDueDays), 0}
	return audit.Record(ctx, tx, actor, "plan.update", "plan", p.ID, "Sửa thông tin kế hoạch "+in.Number, before, in)
}

// SetStatus moves a plan between draft, active and closed. Activating a plan
// closes no other: a ward may run overlapping plans.
func SetStatus(ctx context.Context, conn db.Conn, u *account.User, actor audit.Actor, planID int64, status string) error {
	return conn.InTx(ctx, func(tx *db.Tx) error { return setStatus(ctx, tx, u, actor, planID, status) })
}

func setStatus(ctx context.Context, tx *db.Tx, u *account.User, actor audit.Actor, planID int64, status string) error {
	if !CanEdit(u) {
		return ErrForbidden
	}
	if StatusName(status) == status {
		return check.Errors{"status": "Trạng thái không hợp lệ."}
	}
	p, err := Header(ctx, tx, u.WardID, planID)
	if err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `update plans set status = ?, updated_at = ? where id = ?`, status, db.Now(), p.ID); err != nil {
		return err
	}
	return audit.Record(ctx, tx, actor, "plan.status", "plan", p.ID,
		fmt.Sprintf("Kế hoạch %s: %s → %s", p.Number, StatusName(p.Status), StatusName(status)),
		map[string]string{"status": p.Status}, map[string]string{"status": status})
}

// TaskInput is the editable part of a task.
type TaskInput struct {
	Body, Recurrence, DueOn string
}

func (in *TaskInput) validate(p *Plan) check.Errors {
	in.Body, in.DueOn = vn.Clean(in.Body), vn.Clean(in.DueOn)
	e := check.Errors{}
	e.Text("body", in.Body, true, 4000, "Nội dung nhiệm vụ")
	if RecurrenceName(in.Recurrence) == in.Recurrence {
		e["recurrence"] = "Vui lòng chọn tần suất."
	}
	if in.DueOn != "" {
		t, err := vn.ParseDate(in.DueOn)
		switch {
		case err != nil:
			e["due_on"] = "Ngày không hợp lệ (dd/mm/yyyy)."
		case t.Format(db.DateFormat) < p.PeriodStart || t.Format(db.DateFormat) > p.PeriodEnd:
			e["due_on"] = "Hạn phải nằm trong kỳ kế hoạch (" + vn.ISODate(p.PeriodStart) + " – " + vn.ISODate(p.PeriodEnd) + ")."
		default:
			in.DueOn = t.Format(db.DateFormat)
		}
	}
	return e
}

// UpdateTask changes a task's text, recurrence and due date.
func UpdateTask(ctx context.Context, conn db.Conn, u *account.User, actor audit.Actor, taskID int64, in TaskInput) error {
	return conn.InTx(ctx, func(tx *db.Tx) error { return updateTask(ctx, tx, u, actor, taskID, in) })
}

func updateTask(ctx context.Context, tx *db.Tx, u *account.User, actor audit.Actor, taskID int64, in TaskInput) error {
	if !CanEdit(u) {
		return ErrForbidden
	}
	p, t, err := TaskByID(ctx, tx, u.WardID, taskID)
	if err != nil {
		return err
	}
	if p.Status == StatusClosed {
		return check.Errors{"body": "Kế hoạch đã kết thúc, không thể sửa."}
	}
	if err := in.validate(p).Err(); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `update plan_tasks set body = ?, recurrence = ?, due_on = ? where id = ?`, in.Body, in.Recurrence, in.DueOn, t.ID); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `update plans set updated_at = ? where id = ?`, db.Now(), p.ID); err != nil {
		return err
	}
	return audit.Record(ctx, tx, actor, "task.update", "plan_task", t.ID, "Sửa nhiệm vụ trong kế hoạch "+p.Number,
		TaskInput{t.Body, t.Recurrence, t.DueOn}, in)
}

// AddTask appends a task to a section of a draft plan, assigned as chủ trì to
// the units already addressed by that section.
func AddTask(ctx context.Context, conn db.Conn, u *account.User, actor audit.Actor, planID, sectionID int64, in TaskInput) (*Task, error) {
	return db.Run(ctx, conn, func(tx *db.Tx) (*Task, error) { return addTask(ctx, tx, u, actor, planID, sectionID, in) })
}

func addTask(ctx context.Context, tx *db.Tx, u *account.User, actor audit.Actor, planID, sectionID int64, in TaskInput) (*Task, error) {
	if !CanEdit(u) {
		return nil, ErrForbidden
	}
	p, err := Get(ctx, tx, u.WardID, planID)
	if err != nil {
		return nil, err
	}
	if p.Status != StatusDraft {
		return nil, check.Errors{"body": "Chỉ thêm nhiệm vụ khi kế hoạch còn là dự thảo."}
	}
	var sec *Section
	for _, s := range p.Sections {
		if s.ID == sectionID {
			sec = s
		}
	}
	if sec == nil {
		return nil, db.ErrNotFound
	}
	if err := in.validate(p).Err(); err != nil {
		return nil, err
	}
	t := &Task{SectionID: sec.ID, Position: len(sec.Tasks) + 1, Body: in.Body, Recurrence: in.Recurrence, DueOn: in.DueOn}
	seen := map[int64]bool{}
	for _, old := range sec.Tasks {
		for _, a := range old.Assignments {
			if !seen[a.UnitID] {
				seen[a.UnitID] = true
				t.Assignments = append(t.Assignments, &Assignment{UnitID: a.UnitID, Role: RoleLead})
			}
		}
	}
	if err := insertTask(ctx, tx, p.ID, t); err != nil {
		return nil, err
	}
	return t, audit.Record(ctx, tx, actor, "task.create", "plan_task", t.ID, "Thêm nhiệm vụ vào kế hoạch "+p.Number, nil, in)
}

// DeleteTask removes a task from a draft plan.
func DeleteTask(ctx context.Context, conn db.Conn, u *account.User, actor audit.Actor, taskID int64) error {
	return conn.InTx(ctx, func(tx *db.Tx) error { return deleteTask(ctx, tx, u, actor, taskID) })
}

func deleteTask(ctx context.Context, tx *db.Tx, u *account.User, actor audit.Actor, taskID int64) error {
	if !CanEdit(u) {
		return ErrForbidden
	}
	p, t, err := TaskByID(ctx, tx, u.WardID, taskID)
	if err != nil {
		return err
	}
	if p.Status != StatusDraft {
		return check.Errors{"body": "Chỉ xóa nhiệm vụ khi kế hoạch còn là dự thảo."}
	}
	if _, err := tx.Exec(ctx, `delete from plan_tasks where id = ?`, t.ID); err != nil {
		return err
	}
	return audit.Record(ctx, tx, actor, "task.delete", "plan_task", t.ID, "Xóa nhiệm vụ khỏi kế hoạch "+p.Number,
		TaskInput{t.Body, t.Recurrence, t.DueOn}, nil)
}

// TaskByID returns a task with its plan; a task of another ward is not found.
func TaskByID(ctx context.Context, q db.Querier, wardID, taskID int64) (*Plan, *Task, error) {
	var planID int64
	err := q.QueryRow(ctx, `select t.plan_id from plan_tasks t join plans p on p.id = t.plan_id where t.id = ? and p.ward_id = ?`,
		taskID, wardID).Scan(&planID)
	if err != nil {
		return nil, nil, db.ErrNotFound
	}
	p, err := Get(ctx, q, wardID, planID)
	if err != nil {
		return nil, nil, err
	}
	for _, s := range p.Sections {
		for _, t := range s.Tasks {
			if t.ID == taskID {
				return p, t, nil
			}
		}
	}
	return nil, nil, db.ErrNotFound
}

// CopyInput is what changes when a plan is copied for the next period.
type CopyInput struct {
	Number, IssuedOn, Title, PeriodLabel, PeriodStart, PeriodEnd string
}

// SuggestCopy proposes the next half-year for a copy of p.
func SuggestCopy(p *Plan) CopyInput {
	start, err := vn.ParseISODate(p.PeriodEnd)
	if err != nil {
		return CopyInput{}
	}
	start = start.AddDate(0, 0, 1)
	end := start.AddDate(0, 6, -1)
	label := fmt.Sprintf("6 tháng đầu năm %d", start.Year())
	if start.Month() >= 7 {
		label = fmt.Sprintf("6 tháng cuối năm %d", start.Year())
	}
	title := p.Title
	if p.PeriodLabel != "" && strings.Contains(title, p.PeriodLabel) {
		title = strings.Replace(title, p.PeriodLabel, label, 1)
	}
	return CopyInput{
		Number:      "",
		IssuedOn:    time.Now().In(vn.Zone).Format(db.DateFormat),
		Title:       title,
		PeriodLabel: label,
		PeriodStart: start.Format(db.DateFormat),
		PeriodEnd:   end.Format(db.DateFormat),
	}
}

// Copy creates a draft plan for a new period from an existing one: the same
// parts, themes, channels, sections, tasks and assignments, with statuses
// reset and due dates moved by the distance between the two periods.
func Copy(ctx context.Context, conn db.Conn, u *account.User, actor audit.Actor, srcID int64, in CopyInput) (*Plan, error) {
	return db.Run(ctx, conn, func(tx *db.Tx) (*Plan, error) { return copyIn(ctx, tx, u, actor, srcID, in) })
}

func copyIn(ctx context.Context, tx *db.Tx, u *account.User, actor audit.Actor, srcID int64, in CopyInput) (*Plan, error) {
	if !CanEdit(u) {
		return nil, ErrForbidden
	}
	src, err := Get(ctx, tx, u.WardID, srcID)
	if err != nil {
		return nil, err
	}
	h := HeaderInput{Number: in.Number, IssuedOn: in.IssuedOn, Title: in.Title, PeriodLabel: in.PeriodLabel,
		PeriodStart: in.PeriodStart, PeriodEnd: in.PeriodEnd, ReportCycle: src.ReportCycle, ReportDueDays: strconv.Itoa(src.ReportDueDays)}
	if err := h.Validate().Err(); err != nil {
		return nil, err
	}
	oldStart, _ := vn.ParseISODate(src.PeriodStart)
	newStart, _ := vn.ParseISODate(h.PeriodStart)
	shift := func(d string) string {
		t, err := vn.ParseISODate(d)
		if d == "" || err != nil {
			return ""
		}
		months := (newStart.Year()-oldStart.Year())*12 + int(newStart.Month()-oldStart.Month())
		moved := t.AddDate(0, months, 0).Format(db.DateFormat)
		if moved > h.PeriodEnd {
			return h.PeriodEnd
		}
		return moved
	}
	n := *src
	n.ID, n.Status, n.CopiedFromID = 0, StatusDraft, src.ID
	n.Number, n.IssuedOn, n.Title, n.PeriodLabel, n.PeriodStart, n.PeriodEnd = h.Number, h.IssuedOn, h.Title, h.PeriodLabel, h.PeriodStart, h.PeriodEnd
	if src.PeriodLabel != "" {
		n.Basis = strings.ReplaceAll(n.Basis, src.PeriodLabel, h.PeriodLabel)
		n.Preamble = strings.ReplaceAll(n.Preamble, src.PeriodLabel, h.PeriodLabel)
		n.Closing = strings.ReplaceAll(n.Closing, src.PeriodLabel, h.PeriodLabel)
	}
	var cloneThemes func([]*Theme) []*Theme
	cloneThemes = func(ts []*Theme) []*Theme {
		var out []*Theme
		for _, t := range ts {
			c := *t
			c.ID, c.Children = 0, cloneThemes(t.Children)
			out = append(out, &c)
		}
		return out
	}
	n.Themes = cloneThemes(src.Themes)
	n.Channels = nil
	for _, c := range src.Channels {
		cc := *c
		cc.ID = 0
		n.Channels = append(n.Channels, &cc)
	}
	n.Sections = nil
	for _, s := range src.Sections {
		ns := &Section{Position: s.Position, Heading: s.Heading, Mode: s.Mode}
		for _, t := range s.Tasks {
			nt := &Task{Position: t.Position, Body: t.Body, Recurrence: t.Recurrence, DueOn: shift(t.DueOn)}
			for _, a := range t.Assignments {
				nt.Assignments = append(nt.Assignments, &Assignment{UnitID: a.UnitID, Role: a.Role})
			}
			ns.Tasks = append(ns.Tasks, nt)
		}
		n.Sections = append(n.Sections, ns)
	}
	if err := Create(ctx, tx, &n); err != nil {
		return nil, err
	}
	return &n, audit.Record(ctx, tx, actor, "plan.copy", "plan", n.ID,
		fmt.Sprintf("Tạo kế hoạch %s (%s) từ kế hoạch %s", n.Number, n.PeriodLabel, src.Number), nil, h)
}
