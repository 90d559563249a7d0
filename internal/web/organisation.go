package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/cchc-vn/cchc/internal/check"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/organisation"
	"github.com/cchc-vn/cchc/internal/plan"
	"github.com/cchc-vn/cchc/internal/ward"
)

// The Front and the organisations: their coverage by khu phố, what the
// plan requests of each, their members by khu phố, and the Front's
// supervision of the plan with the leader's answers.

type organisationRow struct {
	Unit    *ward.Unit
	Tasks   []*plan.Task
	Status  map[int64]string // the organisation's status of each task
	CanKeep bool
}

type organisationsData struct {
	Plan         *plan.Plan
	Coverage     *organisation.Coverage
	Rows         []organisationRow
	Supervisions []*organisation.Supervision
	Tasks        []*plan.Task // for the supervision form
	CanSupervise bool
	CanAnswer    bool
}

func (s *Server) organisations(c *request) error { return s.organisationsPage(c, nil) }

// organisationsPage renders the page, with a refused form's messages.
func (s *Server) organisationsPage(c *request, ce check.Errors) error {
	ctx := c.r.Context()
	p, err := plan.Current(ctx, s.DB, c.ward.ID)
	if err != nil {
		return err
	}
	rg, _ := figureQuery(c, p.PeriodStart[:7], p.PeriodEnd[:7])
	d := &organisationsData{Plan: p, CanSupervise: organisation.CanSupervise(c.user), CanAnswer: organisation.CanAnswer(c.user)}
	if d.Coverage, err = organisation.CoverageOf(ctx, s.DB, c.ward.ID, rg); err != nil {
		return err
	}
	now := time.Now()
	for _, o := range d.Coverage.Organisations {
		row := organisationRow{Unit: o, Tasks: organisation.Requested(p, o.ID), Status: map[int64]string{}, CanKeep: organisation.CanKeep(c.user, o.ID)}
		p.Each(now, func(_ *plan.Section, t *plan.Task, a *plan.Assignment, status, _ string) {
			if a.UnitID == o.ID {
				row.Status[t.ID] = status
			}
		})
		d.Rows = append(d.Rows, row)
	}
	for _, sec := range p.Sections {
		d.Tasks = append(d.Tasks, sec.Tasks...)
	}
	if d.Supervisions, err = organisation.Supervisions(ctx, s.DB, p); err != nil {
		return err
	}
	if ce != nil {
		return c.renderForm("organisations", "Mặt trận và các đoàn thể", d, ce)
	}
	return c.render("organisations", "Mặt trận và các đoàn thể", d)
}

type membersData struct {
	Unit   *ward.Unit
	KhuPho []*ward.Unit
}

func (s *Server) organisationOf(c *request) (*ward.Unit, error) {
	id, err := c.id("id")
	if err != nil {
		return nil, err
	}
	units, err := ward.Units(c.r.Context(), s.DB, c.ward.ID)
	if err != nil {
		return nil, err
	}
	for _, u := range organisation.Of(units) {
		if u.ID == id {
			return u, nil
		}
	}
	return nil, db.ErrNotFound
}

func (s *Server) membersData(c *request, u *ward.Unit) (*membersData, error) {
	units, err := ward.Units(c.r.Context(), s.DB, c.ward.ID)
	if err != nil {
		return nil, err
	}
	d := &membersData{Unit: u}
	for _, k := range units {
		if k.Kind == ward.KindKhuPho {
			d.KhuPho = append(d.KhuPho, k)
		}
	}
	return d, nil
}

func (s *Server) organisationMembersForm(c *request) error {
	u, err := s.organisationOf(c)
	if err != nil {
		return err
	}
	if !organisation.CanKeep(c.user, u.ID) {
		return organisation.ErrForbidden
	}
	d, err := s.membersData(c, u)
	if err != nil {
		return err
	}
	members, err := organisation.Members(c.r.Context(), s.DB, c.ward.ID)
	if err != nil {
		return err
	}
	form := url.Values{}
	for kp, n := range members[u.ID] {
		form.Set("members_"+itoa64(kp), strconv.Itoa(n))
	}
	return c.renderPage(http.StatusOK, "organisation_members", &page{Title: "Số hội viên: " + u.Name, Data: d, Form: form})
}

func (s *Server) organisationMembers(c *request) error {
	u, err := s.organisationOf(c)
	if err != nil {
		return err
	}
	d, err := s.membersData(c, u)
	if err != nil {
		return err
	}
	typed := map[int64]string{}
	for _, kp := range d.KhuPho {
		typed[kp.ID] = c.r.PostFormValue("members_" + itoa64(kp.ID))
	}
	err = organisation.SetMembers(c.r.Context(), s.DB, c.user, c.actor(), u.ID, typed, time.Now())
	var ce check.Errors
	if errors.As(err, &ce) {
		return c.renderForm("organisation_members", "Số hội viên: "+u.Name, d, ce)
	} else if err != nil {
		return err
	}
	return c.redirect("/quan-ly/to-chuc", "Đã lưu số hội viên của "+u.Name+".")
}

// planSupervise records the Front's supervision note on the plan.
func (s *Server) planSupervise(c *request) error {
	ctx := c.r.Context()
	p, err := plan.Current(ctx, s.DB, c.ward.ID)
	if err != nil {
		return err
	}
	_, err = organisation.Supervise(ctx, s.DB, c.user, c.actor(), p, formID(c, "task_id"), c.r.PostFormValue("findings"), c.r.PostFormValue("recommendations"), time.Now())
	var ce check.Errors
	if errors.As(err, &ce) {
		return s.organisationsPage(c, ce)
	} else if err != nil {
		return err
	}
	return c.redirect("/quan-ly/to-chuc#giam-sat", "Đã gửi ý kiến giám sát tới lãnh đạo phường.")
}

func (s *Server) planSupervisionAnswer(c *request) error {
	id, err := c.id("id")
	if err != nil {
		return err
	}
	err = organisation.Answer(c.r.Context(), s.DB, c.user, c.actor(), id, c.r.PostFormValue("answer"), time.Now())
	var ce check.Errors
	if errors.As(err, &ce) {
		return s.organisationsPage(c, ce)
	} else if err != nil {
		return err
	}
	return c.redirect("/quan-ly/to-chuc#giam-sat", "Đã trả lời ý kiến giám sát.")
}
