package web

import (
	"errors"

	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/plan"
)

type homeData struct {
	Plan *plan.Plan // the plan in force, or nil
}

func (s *Server) home(c *ctx) error {
	p, err := plan.Current(c.r.Context(), s.DB, c.ward.ID)
	if err != nil && !errors.Is(err, db.ErrNotFound) {
		return err
	}
	return c.render("home", "Cổng thông tin cải cách hành chính "+c.ward.FullName, homeData{Plan: p})
}

type documentData struct {
	Plan     *plan.Plan
	Public   bool
	Units    map[int64]string
	CanEdit  bool
	Sections []*sectionView
}

// sectionView groups a section's assignees for display: the plan names units
// once per section ("Đề nghị Trưởng 59 Khu phố"), not once per task.
type sectionView struct {
	*plan.Section
	UnitNames []string
}

func sectionViews(p *plan.Plan) []*sectionView {
	var out []*sectionView
	for _, s := range p.Sections {
		v := &sectionView{Section: s}
		seen := map[int64]bool{}
		for _, t := range s.Tasks {
			for _, a := range t.Assignments {
				if !seen[a.UnitID] {
					seen[a.UnitID] = true
					v.UnitNames = append(v.UnitNames, a.UnitName)
				}
			}
		}
		out = append(out, v)
	}
	return out
}

// publicPlan shows a plan in force or closed as the published document;
// drafts are internal.
func (s *Server) publicPlan(c *ctx) error {
	id, err := c.id("id")
	if err != nil {
		return err
	}
	p, err := plan.Get(c.r.Context(), s.DB, c.ward.ID, id)
	if err != nil {
		return err
	}
	if p.Status == plan.StatusDraft {
		return db.ErrNotFound
	}
	return c.render("plan_document", "Kế hoạch "+p.Number, documentData{Plan: p, Public: true, Sections: sectionViews(p)})
}
