package web

import (
	"context"
	"errors"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/cchc-vn/cchc/internal/account"
	"github.com/cchc-vn/cchc/internal/check"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/figures"
	"github.com/cchc-vn/cchc/internal/plan"
	"github.com/cchc-vn/cchc/internal/vn"
	"github.com/cchc-vn/cchc/internal/ward"
)

// row is one assignment as the progress views show it.
type row struct {
	Section   *plan.Section
	Task      *plan.Task
	A         *plan.Assignment
	Status    string // effective: may be overdue
	Due       string
	CanUpdate bool
}

// unitRows is a unit's share of a plan.
type unitRows struct {
	UnitID   int64
	UnitName string
	Kind     ward.Kind
	Rows     []*row
	Counts   map[string]int
}

type progressData struct {
	Plan       *plan.Plan
	Units      []*unitRows
	Totals     map[string]int
	Total      int
	AllUnits   []*ward.Unit
	UnitFilter int64
	Status     string
	OwnOnly    bool
}

func buildProgress(p *plan.Plan, u *account.User, unitFilter int64, status string, now time.Time) progressData {
	d := progressData{Plan: p, Totals: map[string]int{}, UnitFilter: unitFilter, Status: status, OwnOnly: u.OwnUnitOnly()}
	if d.OwnOnly {
		d.UnitFilter = u.UnitID
	}
	byUnit := map[int64]*unitRows{}
	var order []int64
	p.Each(now, func(s *plan.Section, t *plan.Task, a *plan.Assignment, st, due string) {
		if d.UnitFilter != 0 && a.UnitID != d.UnitFilter {
			return
		}
		d.Totals[st]++
		d.Total++
		if status != "" && st != status {
			return
		}
		ur := byUnit[a.UnitID]
		if ur == nil {
			ur = &unitRows{UnitID: a.UnitID, UnitName: a.UnitName, Kind: a.UnitKind, Counts: map[string]int{}}
			byUnit[a.UnitID] = ur
			order = append(order, a.UnitID)
		}
		ur.Counts[st]++
		ur.Rows = append(ur.Rows, &row{Section: s, Task: t, A: a, Status: st, Due: due, CanUpdate: plan.CanUpdate(u, a)})
	})
	for _, id := range order {
		d.Units = append(d.Units, byUnit[id])
	}
	return d
}

type dashboardData struct {
	Plan     *plan.Plan
	Progress progressData
	Behind   []*unitRows   // units with work not done, most overdue first
	Mine     []*row        // a unit's own tasks: overdue (longest late first), then by due date, done last
	Lags     []figures.Lag // for those who follow every unit: who needs a reminder, latest first
	Plans    []*plan.Plan
}

// taskOrder ranks a task for the one who must do it.
func taskOrder(r *row) int {
	switch r.Status {
	case plan.Overdue:
		return 0
	case plan.Done:
		return 2
	}
	return 1
}

func (s *Server) dashboard(c *request) error {
	ctx := c.r.Context()
	plans, err := plan.List(ctx, s.DB, c.ward.ID)
	if err != nil {
		return err
	}
	d := dashboardData{Plans: plans}
	p, err := plan.Current(ctx, s.DB, c.ward.ID)
	switch {
	case errors.Is(err, db.ErrNotFound):
	case err != nil:
		return err
	default:
		d.Plan = p
		d.Progress = buildProgress(p, c.user, 0, "", time.Now())
		for _, u := range d.Progress.Units {
			if u.Counts[plan.Done] < len(u.Rows) {
				d.Behind = append(d.Behind, u)
			}
		}
		sort.SliceStable(d.Behind, func(i, j int) bool {
			return d.Behind[i].Counts[plan.Overdue] > d.Behind[j].Counts[plan.Overdue]
		})
		if c.user.Is(account.RoleAdmin, account.RoleLeader, account.RoleLeadOfficer, account.RoleSupervisor) {
			units, err := ward.Units(ctx, s.DB, c.ward.ID)
			if err != nil {
				return err
			}
			if d.Lags, err = figures.Lags(ctx, s.DB, p, units, time.Now()); err != nil {
				return err
			}
		}
		if d.Progress.OwnOnly {
			for _, u := range d.Progress.Units {
				d.Mine = append(d.Mine, u.Rows...)
			}
			sort.SliceStable(d.Mine, func(i, j int) bool {
				a, b := d.Mine[i], d.Mine[j]
				if taskOrder(a) != taskOrder(b) {
					return taskOrder(a) < taskOrder(b)
				}
				return a.Due < b.Due
			})
		}
	}
	return c.render("dashboard", "Trang làm việc", d)
}

func (s *Server) plans(c *request) error {
	ps, err := plan.List(c.r.Context(), s.DB, c.ward.ID)
	if err != nil {
		return err
	}
	return c.render("plans", "Kế hoạch", plansData{Plans: ps, CanReport: reviewers.allows(c.user.Role)})
}

type plansData struct {
	Plans     []*plan.Plan
	CanReport bool // may draw up the official report, so a closed plan links to its final one
}

func (s *Server) loadPlan(c *request) (*plan.Plan, error) {
	id, err := c.id("id")
	if err != nil {
		return nil, err
	}
	return plan.Get(c.r.Context(), s.DB, c.ward.ID, id)
}

func (s *Server) planDocument(c *request) error {
	p, err := s.loadPlan(c)
	if err != nil {
		return err
	}
	return c.render("plan_document", "Kế hoạch "+p.Number, documentData{Plan: p, CanEdit: plan.CanEdit(c.user), Sections: sectionViews(p)})
}

func (s *Server) progress(c *request) error {
	p, err := s.loadPlan(c)
	if err != nil {
		return err
	}
	q := c.r.URL.Query()
	unit, _ := strconv.ParseInt(q.Get("don-vi"), 10, 64)
	status := q.Get("trang-thai")
	if plan.TaskStatusName(status) == status {
		status = ""
	}
	d := buildProgress(p, c.user, unit, status, time.Now())
	if !d.OwnOnly {
		if d.AllUnits, err = ward.Units(c.r.Context(), s.DB, c.ward.ID); err != nil {
			return err
		}
	}
	return c.render("progress", "Tiến độ kế hoạch "+p.Number, d)
}

type assignmentData struct {
	Plan       *plan.Plan
	Task       *plan.Task
	A          *plan.Assignment
	Status     string
	Due        string
	Events     []*plan.Event
	CanUpdate  bool
	CanComment bool
}

func (s *Server) loadAssignment(c *request) (*assignmentData, error) {
	id, err := c.id("id")
	if err != nil {
		return nil, err
	}
	a, p, t, err := plan.AssignmentFor(c.r.Context(), s.DB, c.user, id)
	if err != nil {
		return nil, err
	}
	evs, err := plan.Events(c.r.Context(), s.DB, a.ID)
	if err != nil {
		return nil, err
	}
	due := plan.DueDate(t, p)
	return &assignmentData{Plan: p, Task: t, A: a, Status: plan.EffectiveStatus(a, due, time.Now()), Due: due, Events: evs,
		CanUpdate: plan.CanUpdateNow(c.user, p, a), CanComment: plan.CanComment(c.user, a)}, nil
}

func (s *Server) assignment(c *request) error {
	d, err := s.loadAssignment(c)
	if err != nil {
		return err
	}
	return c.render("assignment", "Nhiệm vụ của "+d.A.UnitName, d)
}

func (s *Server) updateStatus(c *request) error {
	return s.changeAssignment(c, "Đã cập nhật tiến độ.", func(ctx context.Context, id int64) error {
		_, err := plan.UpdateStatus(ctx, s.DB, c.user, c.actor(), id, c.r.PostFormValue("status"), c.r.PostFormValue("note"))
		return err
	})
}

func (s *Server) comment(c *request) error {
	return s.changeAssignment(c, "Đã gửi ý kiến.", func(ctx context.Context, id int64) error {
		return plan.Comment(ctx, s.DB, c.user, c.actor(), id, c.r.PostFormValue("body"))
	})
}

// changeAssignment runs one change to an assignment, then shows the
// assignment again: with the field messages, or with flash.
func (s *Server) changeAssignment(c *request, flash string, change func(context.Context, int64) error) error {
	id, err := c.id("id")
	if err != nil {
		return err
	}
	err = change(c.r.Context(), id)
	var ce check.Errors
	if errors.As(err, &ce) {
		d, lerr := s.loadAssignment(c)
		if lerr != nil {
			return lerr
		}
		return c.renderForm("assignment", "Nhiệm vụ của "+d.A.UnitName, d, ce)
	}
	if err != nil {
		return err
	}
	return c.redirect("/quan-ly/phan-cong/"+c.r.PathValue("id"), flash)
}

func (s *Server) planEditForm(c *request) error {
	p, err := s.loadPlan(c)
	if err != nil {
		return err
	}
	return c.renderPage(http.StatusOK, "plan_edit", &page{Title: "Sửa kế hoạch " + p.Number, Data: p, Form: headerForm(p)})
}

func headerForm(p *plan.Plan) map[string][]string {
	return map[string][]string{
		"number": {p.Number}, "issued_on": {vn.ISODate(p.IssuedOn)}, "title": {p.Title}, "period_label": {p.PeriodLabel},
		"period_start": {vn.ISODate(p.PeriodStart)}, "period_end": {vn.ISODate(p.PeriodEnd)}, "basis": {p.Basis},
		"signer_title": {p.SignerTitle}, "signer_name": {p.SignerName}, "recipients": {strings.Join(p.Recipients, "\n")},
		"report_cycle": {p.ReportCycle}, "report_due_days": {strconv.Itoa(p.ReportDueDays)},
	}
}

func (s *Server) planEdit(c *request) error {
	p, err := s.loadPlan(c)
	if err != nil {
		return err
	}
	err = plan.UpdateHeader(c.r.Context(), s.DB, c.user, c.actor(), p.ID, planHeaderInput(c))
	var ce check.Errors
	if errors.As(err, &ce) {
		return c.renderForm("plan_edit", "Sửa kế hoạch "+p.Number, p, ce)
	}
	if err != nil {
		return err
	}
	return c.redirect("/quan-ly/ke-hoach/"+strconv.FormatInt(p.ID, 10), "Đã lưu thông tin kế hoạch.")
}

func (s *Server) planStatus(c *request) error {
	p, err := s.loadPlan(c)
	if err != nil {
		return err
	}
	status := c.r.PostFormValue("status")
	if err := plan.SetStatus(c.r.Context(), s.DB, c.user, c.actor(), p.ID, status); err != nil {
		return err
	}
	return c.redirect("/quan-ly/ke-hoach/"+strconv.FormatInt(p.ID, 10), "Kế hoạch chuyển sang trạng thái: "+plan.StatusName(status)+".")
}

func (s *Server) planCopyForm(c *request) error {
	p, err := s.loadPlan(c)
	if err != nil {
		return err
	}
	in := plan.SuggestCopy(p)
	form := map[string][]string{"number": {in.Number}, "issued_on": {vn.ISODate(in.IssuedOn)}, "title": {in.Title},
		"period_label": {in.PeriodLabel}, "period_start": {vn.ISODate(in.PeriodStart)}, "period_end": {vn.ISODate(in.PeriodEnd)}}
	return c.renderPage(http.StatusOK, "plan_copy", &page{Title: "Sao chép kế hoạch " + p.Number, Data: p, Form: form})
}

func (s *Server) planCopy(c *request) error {
	p, err := s.loadPlan(c)
	if err != nil {
		return err
	}
	n, err := plan.Copy(c.r.Context(), s.DB, c.user, c.actor(), p.ID, planCopyInput(c))
	var ce check.Errors
	if errors.As(err, &ce) {
		return c.renderForm("plan_copy", "Sao chép kế hoạch "+p.Number, p, ce)
	}
	if err != nil {
		return err
	}
	return c.redirect("/quan-ly/ke-hoach/"+strconv.FormatInt(n.ID, 10), "Đã tạo dự thảo kế hoạch "+n.Number+". Hãy rà soát và chỉnh sửa từng nhiệm vụ.")
}

func (s *Server) taskAdd(c *request) error {
	p, err := s.loadPlan(c)
	if err != nil {
		return err
	}
	sid, err := c.id("sid")
	if err != nil {
		return err
	}
	_, err = plan.AddTask(c.r.Context(), s.DB, c.user, c.actor(), p.ID, sid, taskInput(c))
	var ce check.Errors
	if errors.As(err, &ce) {
		return c.renderForm("plan_document", "Kế hoạch "+p.Number, documentData{Plan: p, CanEdit: true, Sections: sectionViews(p)}, ce)
	}
	if err != nil {
		return err
	}
	return c.redirect("/quan-ly/ke-hoach/"+strconv.FormatInt(p.ID, 10)+"#muc-"+c.r.PathValue("sid"), "Đã thêm nhiệm vụ.")
}

type taskEditData struct {
	Plan *plan.Plan
	Task *plan.Task
}

func (s *Server) loadTask(c *request) (*taskEditData, error) {
	id, err := c.id("id")
	if err != nil {
		return nil, err
	}
	p, t, err := plan.TaskByID(c.r.Context(), s.DB, c.ward.ID, id)
	if err != nil {
		return nil, err
	}
	return &taskEditData{Plan: p, Task: t}, nil
}

func (s *Server) taskEditForm(c *request) error {
	d, err := s.loadTask(c)
	if err != nil {
		return err
	}
	form := map[string][]string{"body": {d.Task.Body}, "recurrence": {d.Task.Recurrence}, "due_on": {vn.ISODate(d.Task.DueOn)}}
	return c.renderPage(http.StatusOK, "task_edit", &page{Title: "Sửa nhiệm vụ", Data: d, Form: form})
}

func (s *Server) taskEdit(c *request) error {
	d, err := s.loadTask(c)
	if err != nil {
		return err
	}
	err = plan.UpdateTask(c.r.Context(), s.DB, c.user, c.actor(), d.Task.ID, taskInput(c))
	var ce check.Errors
	if errors.As(err, &ce) {
		return c.renderForm("task_edit", "Sửa nhiệm vụ", d, ce)
	}
	if err != nil {
		return err
	}
	return c.redirect("/quan-ly/ke-hoach/"+strconv.FormatInt(d.Plan.ID, 10)+"#nv-"+strconv.FormatInt(d.Task.ID, 10), "Đã lưu nhiệm vụ.")
}

func (s *Server) taskDelete(c *request) error {
	d, err := s.loadTask(c)
	if err != nil {
		return err
	}
	if err := plan.DeleteTask(c.r.Context(), s.DB, c.user, c.actor(), d.Task.ID); err != nil {
		return err
	}
	return c.redirect("/quan-ly/ke-hoach/"+strconv.FormatInt(d.Plan.ID, 10), "Đã xóa nhiệm vụ.")
}
