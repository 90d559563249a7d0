package web

import (
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/cchc-vn/cchc/internal/activity"
	"github.com/cchc-vn/cchc/internal/check"
	"github.com/cchc-vn/cchc/internal/contest"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/figures"
	"github.com/cchc-vn/cchc/internal/plan"
	"github.com/cchc-vn/cchc/internal/vn"
	"github.com/cchc-vn/cchc/internal/ward"
)

//go:embed openapi.json
var openapiDoc []byte

func (s *Server) openAPI(c *request) error {
	c.w.Header().Set("Content-Type", "application/json")
	c.w.Header().Set("Cache-Control", "public, max-age=3600")
	_, err := c.w.Write(openapiDoc)
	return err
}

func (c *request) json(status int, v any) error {
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
func (s *Server) apiPlans(c *request) error {
	ps, err := plan.List(c.r.Context(), s.DB, c.ward.ID)
	if err != nil {
		return err
	}
	out := struct {
		Ward  string           `json:"ward"`
		Items []apiPlanSummary `json:"items"`
	}{Ward: c.ward.Code, Items: []apiPlanSummary{}}
	for _, p := range ps {
		if !p.Public() {
			continue
		}
		out.Items = append(out.Items, apiPlanSummary{p.ID, p.Number, p.Title, p.IssuedOn, p.PeriodLabel, p.PeriodStart, p.PeriodEnd, p.Status,
			"/api/v1/plans/" + itoa64(p.ID)})
	}
	return c.json(http.StatusOK, out)
}

func (s *Server) apiPlan(c *request) error {
	id, err := c.id("id")
	notFound := func() error {
		return c.json(http.StatusNotFound, apiError{"not_found", "Không tìm thấy kế hoạch."})
	}
	if err != nil {
		return notFound()
	}
	p, err := plan.Get(c.r.Context(), s.DB, c.ward.ID, id)
	if errors.Is(err, db.ErrNotFound) || err == nil && !p.Public() {
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

func (s *Server) apiUnits(c *request) error {
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

type apiFigure struct {
	Key        string `json:"key"`
	Name       string `json:"name"`
	Activities int64  `json:"activities"`
	Quantity   int64  `json:"quantity"`
	People     int64  `json:"people"`
	Cost       int64  `json:"cost"`
}

type apiTimeliness struct {
	UnitID  int64  `json:"unit_id,omitempty"`
	Name    string `json:"name,omitempty"`
	Due     int    `json:"due"`
	OnTime  int    `json:"on_time"`
	Late    int    `json:"late"`
	Missing int    `json:"missing"`
}

type apiFigures struct {
	Ward       string `json:"ward"`
	PlanID     int64  `json:"plan_id"`
	PlanNumber string `json:"plan_number"`
	From       string `json:"from"`
	To         string `json:"to"`
	AsOf       string `json:"as_of"`
	Activities struct {
		Total         apiFigure   `json:"total"`
		ByChannel     []apiFigure `json:"by_channel"`
		ByTheme       []apiFigure `json:"by_theme"`
		ByUnit        []apiFigure `json:"by_unit"`
		ByKhuPho      []apiFigure `json:"by_khu_pho"`
		ByMonth       []apiFigure `json:"by_month"`
		KhuPho        int         `json:"khu_pho"`
		KhuPhoReached int         `json:"khu_pho_reached"`
	} `json:"activities"`
	Tasks struct {
		Total      int `json:"total"`
		Done       int `json:"done"`
		InProgress int `json:"in_progress"`
		NotStarted int `json:"not_started"`
		Overdue    int `json:"overdue"`
	} `json:"tasks"`
	Reports struct {
		apiTimeliness
		ByUnit []apiTimeliness `json:"by_unit"`
	} `json:"reports"`
}

func apiFigureList(fs []activity.Figure) []apiFigure {
	out := make([]apiFigure, len(fs))
	for i, f := range fs {
		out[i] = apiFigure{f.Key, f.Label, f.Activities, f.Quantity, f.People, f.Cost}
	}
	return out
}

// GET /api/v1/plans/{id}/figures?from=YYYY-MM-DD&to=YYYY-MM-DD&as_of=YYYY-MM-DD:
// the figures the dashboard and the official report show for the same range
// and day (the plan's period and today by default).
func (s *Server) apiFigures(c *request) error {
	ctx := c.r.Context()
	id, err := c.id("id")
	if err != nil {
		return c.json(http.StatusNotFound, apiError{"not_found", "Không tìm thấy kế hoạch."})
	}
	p, err := plan.Get(ctx, s.DB, c.ward.ID, id)
	if errors.Is(err, db.ErrNotFound) || err == nil && !p.Public() {
		return c.json(http.StatusNotFound, apiError{"not_found", "Không tìm thấy kế hoạch."})
	}
	if err != nil {
		return err
	}
	q := c.r.URL.Query()
	from, to := q.Get("from"), q.Get("to")
	if from == "" && to == "" {
		from, to = p.PeriodStart, p.PeriodEnd
	}
	rg, err := activity.ParseRange(from, to)
	var ce check.Errors
	if errors.As(err, &ce) {
		return c.json(http.StatusBadRequest, apiError{"bad_range", strings.Join(values(ce), " ") + " Dùng from, to dạng YYYY-MM-DD."})
	}
	asOf := time.Now()
	if v := q.Get("as_of"); v != "" {
		t, err := vn.ParseISODate(v)
		if err != nil {
			return c.json(http.StatusBadRequest, apiError{"bad_as_of", "as_of có dạng YYYY-MM-DD."})
		}
		asOf = t.Add(12 * time.Hour)
	}
	units, err := ward.Units(ctx, s.DB, c.ward.ID)
	if err != nil {
		return err
	}
	if p, err = planOf(ctx, s.DB, c.ward.ID, rg, p); err != nil {
		return err
	}
	set, err := figures.For(ctx, s.DB, p, units, rg, asOf)
	if err != nil {
		return err
	}
	var out apiFigures
	out.Ward, out.PlanID, out.PlanNumber, out.From, out.To, out.AsOf = c.ward.Code, p.ID, p.Number, rg.From, rg.To, asOf.In(vn.Zone).Format(time.DateOnly)
	st := set.Activities
	a := &out.Activities
	a.Total = apiFigureList([]activity.Figure{st.Total})[0]
	a.Total.Key, a.Total.Name = "total", "Tổng cộng"
	a.ByChannel, a.ByTheme, a.ByUnit, a.ByKhuPho, a.ByMonth = apiFigureList(st.ByChannel), apiFigureList(st.ByTheme), apiFigureList(st.ByUnit),
		apiFigureList(st.ByKhuPho), apiFigureList(st.ByMonth)
	a.KhuPho, a.KhuPhoReached = st.KhuPho, st.Reached
	t := set.Tasks
	out.Tasks.Total, out.Tasks.Done, out.Tasks.InProgress, out.Tasks.NotStarted, out.Tasks.Overdue =
		t.Total, t.Of(plan.Done), t.Of(plan.InProgress), t.Of(plan.NotStarted), t.Of(plan.Overdue)
	r := set.Reports
	out.Reports.apiTimeliness = apiTimeliness{Due: r.Due, OnTime: r.OnTime, Late: r.Late, Missing: r.Missing}
	out.Reports.ByUnit = []apiTimeliness{}
	for _, row := range set.Board.Rows {
		u := set.ByUnit[row.Unit.ID]
		out.Reports.ByUnit = append(out.Reports.ByUnit, apiTimeliness{row.Unit.ID, row.Unit.Name, u.Due, u.OnTime, u.Late, u.Missing})
	}
	return c.json(http.StatusOK, out)
}

// Contests as open data: contests, rounds with their times, the number of
// takers and, once approved, the winners by name and place only.

type apiRound struct {
	Number     int         `json:"number"`
	Title      string      `json:"title"`
	OpensAt    time.Time   `json:"opens_at"`
	ClosesAt   time.Time   `json:"closes_at"`
	Questions  int         `json:"questions"`
	TimeLimit  int         `json:"time_limit_minutes"`
	Phase      string      `json:"phase"`
	Takers     int         `json:"takers"`
	Results    bool        `json:"results_published"`
	AllCorrect *int        `json:"all_correct,omitempty"`
	Winners    []apiWinner `json:"winners,omitempty"`
}

type apiWinner struct {
	Rank  int    `json:"rank"`
	Prize string `json:"prize"`
	Name  string `json:"name"`
	Place string `json:"place"`
}

type apiContest struct {
	ID      int64      `json:"id"`
	Title   string     `json:"title"`
	Summary string     `json:"summary,omitempty"`
	Unit    string     `json:"organiser"`
	URL     string     `json:"url"`
	Rounds  []apiRound `json:"rounds"`
}

func (s *Server) apiContestOf(ctx context.Context, c *request, ct *contest.Contest, winners bool) (apiContest, error) {
	now := time.Now()
	out := apiContest{ID: ct.ID, Title: ct.Title, Summary: ct.Summary, Unit: ct.UnitName, URL: s.baseURL(c.r) + contestPath(ct), Rounds: []apiRound{}}
	for _, r := range ct.Published() {
		ar := apiRound{Number: r.Number, Title: r.Title, OpensAt: r.OpensAt, ClosesAt: r.ClosesAt, Questions: r.Questions(), TimeLimit: r.TimeLimit,
			Phase: r.Phase(now), Takers: r.Takers, Results: r.Results == contest.ResultsApproved}
		if ar.Results {
			n := r.AllCorrect
			ar.AllCorrect = &n
		}
		if winners && ar.Results {
			ws, err := contest.Winners(ctx, s.DB, r)
			if err != nil {
				return out, err
			}
			for _, w := range ws {
				ar.Winners = append(ar.Winners, apiWinner{w.Rank, contest.PrizeName(w.Prize), w.Name, w.Place})
			}
		}
		out.Rounds = append(out.Rounds, ar)
	}
	return out, nil
}

func (s *Server) apiContests(c *request) error {
	ctx := c.r.Context()
	cs, err := contest.Public(ctx, s.DB, c.ward.ID)
	if err != nil {
		return err
	}
	out := struct {
		Ward  string       `json:"ward"`
		Items []apiContest `json:"items"`
	}{Ward: c.ward.Code, Items: []apiContest{}}
	for _, ct := range cs {
		a, err := s.apiContestOf(ctx, c, ct, false)
		if err != nil {
			return err
		}
		out.Items = append(out.Items, a)
	}
	return c.json(http.StatusOK, out)
}

func (s *Server) apiContest(c *request) error {
	ctx := c.r.Context()
	notFound := func() error {
		return c.json(http.StatusNotFound, apiError{"not_found", "Không tìm thấy cuộc thi."})
	}
	id, err := c.id("id")
	if err != nil {
		return notFound()
	}
	ct, err := contest.Get(ctx, s.DB, c.ward.ID, id)
	if errors.Is(err, db.ErrNotFound) || err == nil && len(ct.Published()) == 0 {
		return notFound()
	}
	if err != nil {
		return err
	}
	a, err := s.apiContestOf(ctx, c, ct, true)
	if err != nil {
		return err
	}
	return c.json(http.StatusOK, a)
}
