package web

import (
	"errors"
	"net/http"
	"time"

	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/exemplar"
	"github.com/cchc-vn/cchc/internal/news"
	"github.com/cchc-vn/cchc/internal/plan"
	"github.com/cchc-vn/cchc/internal/procedure"
)

type homeData struct {
	Plan      *plan.Plan // the plan in force, or nil
	News      []*news.Article
	Covers    map[int64]*news.Image
	Exemplars []*exemplar.Exemplar
	Popular   []procedure.Hit
}

// home is the portal's front page, served from the page cache and rebuilt
// when news, exemplars, the plan or the catalogue change.
func (s *Server) home(c *request) error {
	ctx := c.r.Context()
	p, err := plan.Current(ctx, s.DB, c.ward.ID)
	if err != nil && !errors.Is(err, db.ErrNotFound) {
		return err
	}
	d := homeData{Plan: p}
	if d.News, err = news.Latest(ctx, s.DB, c.ward.ID, 0, 5, time.Now()); err != nil {
		return err
	}
	if d.Covers, err = s.covers(ctx, c.ward.ID, d.News); err != nil {
		return err
	}
	if d.Exemplars, err = exemplar.List(ctx, s.DB, c.ward.ID, exemplar.Approved); err != nil {
		return err
	}
	ix, err := s.index(ctx, c.ward.ID)
	if err != nil {
		return err
	}
	d.Popular = ix.Popular(6)
	if len(d.Exemplars) > 3 {
		d.Exemplars = d.Exemplars[:3]
	}
	return c.renderPage(http.StatusOK, "home", c.withOG(&page{Title: "Cổng thông tin cải cách hành chính " + c.ward.FullName, Data: d},
		og{Description: "Tra cứu thủ tục hành chính, tin tức cải cách hành chính, gửi phản ánh, kiến nghị – " + c.ward.FullName + "."}))
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
func (s *Server) publicPlan(c *request) error {
	id, err := c.id("id")
	if err != nil {
		return err
	}
	p, err := plan.Get(c.r.Context(), s.DB, c.ward.ID, id)
	if err != nil {
		return err
	}
	if !p.Public() {
		return db.ErrNotFound
	}
	return c.render("plan_document", "Kế hoạch "+p.Number, documentData{Plan: p, Public: true, Sections: sectionViews(p)})
}
