package web

import (
	_ "embed"
	"encoding/json"
	"net/http"

	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/plan"
	"github.com/cchc-vn/cchc/internal/ward"
)

//go:embed openapi.json
var openapiDoc []byte

func (s *Server) openAPI(c *ctx) error {
	c.w.Header().Set("Content-Type", "application/json")
	c.w.Header().Set("Cache-Control", "public, max-age=3600")
	_, err := c.w.Write(openapiDoc)
	return err
}

func (c *ctx) json(status int, v any) error {
	c.w.Header().Set("Content-Type", "application/json; charset=utf-8")
	c.w.Header().Set("Access-Control-Allow-Origin", "*")
	c.w.WriteHeader(status)
	return json.NewEncoder(c.w).Encode(v)
}

type apiError struct {
	Error   string `json:"error"`
	Message string `json:"message"`
}

type apiPlanSummary struct {
	ID          int64  `json:"id"`
	Number      string `json:"number"`
	Title       string `json:"title"`
	IssuedOn    string `json:"issued_on"`
	PeriodLabel string `json:"period_label"`
	PeriodStart string `json:"period_start"`
	PeriodEnd   string `json:"period_end"`
	Status      string `json:"status"`
	URL         string `json:"url"`
}

// The API shows what the portal publishes: plans in force or closed, not drafts.
func (s *Server) apiPlans(c *ctx) error {
	ps, err := plan.List(c.r.Context(), s.DB, c.ward.ID)
	if err != nil {
		return err
	}
	out := struct {
		Ward  string           `json:"ward"`
		Items []apiPlanSummary `json:"items"`
	}{Ward: c.ward.Code, Items: []apiPlanSummary{}}
	for _, p := range ps {
		if p.Status == plan.StatusDraft {
			continue
		}
		out.Items = append(out.Items, apiPlanSummary{p.ID, p.Number, p.Title, p.IssuedOn, p.PeriodLabel, p.PeriodStart, p.PeriodEnd, p.Status,
			"/api/v1/plans/" + itoa64(p.ID)})
	}
	return c.json(http.StatusOK, out)
}

func (s *Server) apiPlan(c *ctx) error {
	id, err := c.id("id")
	notFound := func() error {
		return c.json(http.StatusNotFound, apiError{"not_found", "Không tìm thấy kế hoạch."})
	}
	if err != nil {
		return notFound()
	}
	p, err := plan.Get(c.r.Context(), s.DB, c.ward.ID, id)
	if err == db.ErrNotFound || (err == nil && p.Status == plan.StatusDraft) {
		return notFound()
	}
	if err != nil {
		return err
	}
	// Status notes are internal working notes; the API publishes statuses only.
	for _, sec := range p.Sections {
		for _, t := range sec.Tasks {
			for _, a := range t.Assignments {
				a.StatusNote, a.StatusUpdatedBy = "", ""
			}
		}
	}
	return c.json(http.StatusOK, p)
}

func (s *Server) apiUnits(c *ctx) error {
	us, err := ward.Units(c.r.Context(), s.DB, c.ward.ID)
	if err != nil {
		return err
	}
	if us == nil {
		us = []*ward.Unit{}
	}
	return c.json(http.StatusOK, struct {
		Ward  string       `json:"ward"`
		Items []*ward.Unit `json:"items"`
	}{c.ward.Code, us})
}
