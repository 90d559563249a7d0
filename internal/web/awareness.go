package web

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"html/template"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/cchc-vn/cchc/internal/account"
	"github.com/cchc-vn/cchc/internal/chart"
	"github.com/cchc-vn/cchc/internal/check"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/survey"
	"github.com/cchc-vn/cchc/internal/vn"
	"github.com/cchc-vn/cchc/internal/ward"
)

// Awareness surveys: the residents' form and results on the portal, the
// lead unit's questionnaires and results, paper answers entered by
// officials, and the open data.

func today() string { return time.Now().In(vn.Zone).Format(time.DateOnly) }

func (s *Server) surveyOf(c *request) (*survey.Survey, error) {
	id, err := c.id("id")
	if err != nil {
		return nil, err
	}
	return survey.Get(c.r.Context(), s.DB, c.ward.ID, id)
}

// publicSurvey is a survey as the portal knows it: a draft does not exist
// for the public, whichever of its addresses is asked.
func (s *Server) publicSurvey(c *request) (*survey.Survey, error) {
	sv, err := s.surveyOf(c)
	if err == nil && sv.Status == survey.Draft {
		return nil, db.ErrNotFound
	}
	return sv, err
}

// awarenessList is the portal's list: surveys taking answers, and those
// with results to read.
func (s *Server) awarenessList(c *request) error {
	all, err := survey.Public(c.r.Context(), s.DB, c.ward.ID)
	if err != nil {
		return err
	}
	return c.render("awareness_list", "Khảo sát ý kiến người dân", struct {
		Surveys []*survey.Survey
		Today   string
	}{all, today()})
}

type awarenessFormData struct {
	Survey *survey.Survey
	Wave   survey.Wave
	Open   bool
	KhuPho []*ward.Unit
	Paper  bool // an official enters a paper form
}

func (s *Server) awarenessFormData(c *request, sv *survey.Survey, paper bool) (*awarenessFormData, error) {
	units, err := ward.Units(c.r.Context(), s.DB, c.ward.ID)
	if err != nil {
		return nil, err
	}
	d := &awarenessFormData{Survey: sv, Paper: paper}
	d.Wave, d.Open = sv.OpenOn(today())
	d.Open = d.Open && sv.Status == survey.Open
	for _, u := range units {
		if u.Kind == ward.KindKhuPho {
			d.KhuPho = append(d.KhuPho, u)
		}
	}
	return d, nil
}

func (s *Server) awarenessForm(c *request) error {
	sv, err := s.publicSurvey(c)
	if err != nil {
		return err
	}
	d, err := s.awarenessFormData(c, sv, false)
	if err != nil {
		return err
	}
	return c.render("awareness", sv.Title, d)
}

// responseInput reads a filled-in questionnaire.
func responseInput(c *request, sv *survey.Survey) survey.Response {
	f := c.r.PostFormValue
	r := survey.Response{KhuPhoID: formID(c, "khu_pho_id"), AgeGroup: f("age_group"), Sex: f("sex"), Answers: map[int64]int{}, WaveID: formID(c, "wave_id")}
	for _, q := range sv.Questions {
		if v, err := strconv.Atoi(f("q" + strconv.FormatInt(q.ID, 10))); err == nil {
			r.Answers[q.ID] = v
		}
	}
	return r
}

func (s *Server) awarenessSubmit(c *request) error {
	ctx := c.r.Context()
	sv, err := s.publicSurvey(c)
	if err != nil {
		return err
	}
	if ok, _, err := s.surveyLim.Allow(ctx, s.clientIP(c.r)); err != nil {
		return err
	} else if !ok {
		return s.awarenessFail(c, sv, false, check.Errors{"form": "Có nhiều phiếu gửi từ nơi này trong thời gian ngắn. Vui lòng thử lại sau."})
	}
	r := responseInput(c, sv)
	sum := sha256.Sum256([]byte(s.clientIP(c.r) + "\x00" + c.r.UserAgent()))
	r.Device = hex.EncodeToString(sum[:12])
	if _, err := survey.Answer(ctx, s.DB, c.ward.ID, sv.ID, nil, r, time.Now()); err != nil {
		var ce check.Errors
		if errors.As(err, &ce) {
			return s.awarenessFail(c, sv, false, ce)
		}
		return err
	}
	return c.redirect("/khao-sat/"+itoa64(sv.ID)+"/cam-on", "")
}

func (s *Server) awarenessFail(c *request, sv *survey.Survey, paper bool, ce check.Errors) error {
	d, err := s.awarenessFormData(c, sv, paper)
	if err != nil {
		return err
	}
	name := "awareness"
	if paper {
		name = "awareness_paper"
	}
	return c.renderForm(name, sv.Title, d, ce)
}

func (s *Server) awarenessThanks(c *request) error {
	sv, err := s.publicSurvey(c)
	if err != nil {
		return err
	}
	return c.render("awareness_thanks", "Cảm ơn anh/chị", sv)
}

type awarenessResultsData struct {
	Results *survey.Results
	Charts  map[int64]template.HTML
	Ended   []bool // per wave: closed, so its results are shown to the public
	Quotas  []survey.Quota
	Wave    survey.Wave // the wave the quotas are for: the one open, else the last
	Target  int         // answers each khu phố needs
	Short   int         // khu phố short of it
	Margin  int
	CanEdit bool
	Public  bool
}

func percent(v int64) string { return strconv.FormatInt(v, 10) + " %" }

func (s *Server) awarenessResults(c *request, public bool) (*awarenessResultsData, *survey.Survey, error) {
	ctx := c.r.Context()
	sv, err := s.surveyOf(c)
	if err != nil {
		return nil, nil, err
	}
	res, err := survey.Read(ctx, s.DB, sv)
	if err != nil {
		return nil, nil, err
	}
	d := &awarenessResultsData{Results: res, Charts: map[int64]template.HTML{}, Public: public, Ended: sv.Ended(today())}
	if public {
		res.Withhold(d.Ended) // waves still open show no figures: answers are being gathered
	}
	for _, q := range res.Questions {
		var rows []chart.Pair
		row := chart.Pair{Label: "Toàn phường"}
		if len(q.All.Waves) > 0 {
			row.A = int64(survey.Percent(q.All.Waves[0].P))
		}
		if len(q.All.Waves) > 1 {
			row.B = int64(survey.Percent(q.All.Waves[1].P))
		}
		rows = append(rows, row)
		for _, g := range q.Age {
			r := chart.Pair{Label: g.Name, A: int64(survey.Percent(g.Waves[0].P))}
			if len(g.Waves) > 1 {
				r.B = int64(survey.Percent(g.Waves[1].P))
			}
			rows = append(rows, r)
		}
		names := []string{"Đợt 1", "Đợt 2"}
		for i, w := range sv.Waves {
			names[i] = w.Label
		}
		d.Charts[q.Question.ID] = chart.Pairs("q"+itoa64(q.Question.ID), "Tỷ lệ "+q.Question.Measure, names[0], names[1], rows, percent)
	}
	return d, sv, nil
}

func (s *Server) awarenessPublicResults(c *request) error {
	d, sv, err := s.awarenessResults(c, true)
	if err != nil {
		return err
	}
	if sv.Status == survey.Draft {
		return db.ErrNotFound
	}
	return c.render("awareness_results", "Kết quả: "+sv.Title, d)
}

// Officials' side.

func (s *Server) awarenessAdmin(c *request) error {
	all, err := survey.List(c.r.Context(), s.DB, c.ward.ID)
	if err != nil {
		return err
	}
	return c.render("awareness_admin", "Khảo sát mức độ hiểu biết", struct {
		Surveys   []*survey.Survey
		CanManage bool
	}{all, survey.CanManage(c.user)})
}

// slots is how many question rows the new-survey form offers.
const slots = 8

func (s *Server) awarenessNewData(c *request) (any, error) {
	names, err := s.planNames(c.r.Context(), c.ward.ID)
	if err != nil {
		return nil, err
	}
	return struct {
		Names *planNames
		Slots []int
	}{names, []int{1, 2, 3, 4, 5, 6, 7, 8}}, nil
}

func (s *Server) awarenessNew(c *request) error {
	d, err := s.awarenessNewData(c)
	if err != nil {
		return err
	}
	now := time.Now().In(vn.Zone)
	form := url.Values{"title": {"Khảo sát mức độ hiểu biết của người dân về cải cách hành chính"},
		"w1_opens": {vn.Date(now)}, "w1_closes": {vn.Date(now.AddDate(0, 0, 14))}}
	for i, q := range survey.Template {
		n := strconv.Itoa(i + 1)
		form.Set("q"+n+"_kind", q.Kind)
		form.Set("q"+n+"_body", q.Body)
		form.Set("q"+n+"_options", q.Options)
		form.Set("q"+n+"_measure", q.Measure)
		if q.Correct > 0 {
			form.Set("q"+n+"_correct", strconv.Itoa(q.Correct))
		}
	}
	return c.renderPage(http.StatusOK, "awareness_new", &page{Title: "Khảo sát mới", Data: d, Form: form})
}

// surveyInput reads the new-survey form: rows left blank are skipped.
func surveyInput(c *request) survey.Input {
	f := c.r.PostFormValue
	in := survey.Input{Title: f("title"), Intro: f("intro")}
	for _, w := range []string{"w1", "w2"} {
		if f(w+"_opens") != "" || f(w+"_closes") != "" || w == "w1" {
			in.Waves = append(in.Waves, survey.WaveInput{Label: f(w + "_label"), OpensOn: f(w + "_opens"), ClosesOn: f(w + "_closes")})
		}
	}
	for i := 1; i <= slots; i++ {
		n := "q" + strconv.Itoa(i)
		if f(n+"_body") == "" && f(n+"_options") == "" {
			continue
		}
		correct, _ := strconv.Atoi(f(n + "_correct"))
		in.Questions = append(in.Questions, survey.QuestionInput{Kind: f(n + "_kind"), Body: f(n + "_body"), Options: f(n + "_options"),
			Measure: f(n + "_measure"), Theme: f(n + "_theme"), Correct: correct})
	}
	return in
}

func (s *Server) awarenessCreate(c *request) error {
	d, err := s.awarenessNewData(c)
	if err != nil {
		return err
	}
	names, _ := s.planNames(c.r.Context(), c.ward.ID)
	sv, err := survey.Create(c.r.Context(), s.DB, c.user, c.actor(), surveyInput(c), names.themes, time.Now())
	var ce check.Errors
	if errors.As(err, &ce) {
		return c.renderForm("awareness_new", "Khảo sát mới", d, ce)
	} else if err != nil {
		return err
	}
	return c.redirect("/quan-ly/khao-sat/"+itoa64(sv.ID), "Đã lưu cuộc khảo sát. Kiểm tra lại rồi bấm “Mở nhận câu trả lời”.")
}

func (s *Server) awarenessAdminPage(c *request) error {
	d, sv, err := s.awarenessResults(c, false)
	if err != nil {
		return err
	}
	d.CanEdit = survey.CanManage(c.user)
	d.Margin = 10
	if m, err := strconv.Atoi(c.r.URL.Query().Get("sai-so")); err == nil && m >= 3 && m <= 20 {
		d.Margin = m
	}
	wave := sv.Waves[len(sv.Waves)-1]
	if w, ok := sv.OpenOn(today()); ok {
		wave = w
	}
	if d.Quotas, err = survey.Quotas(c.r.Context(), s.DB, sv, wave.ID, float64(d.Margin)/100, nil); err != nil {
		return err
	}
	d.Wave, d.Target = wave, survey.SampleSize(float64(d.Margin)/100, 0)
	for _, q := range d.Quotas {
		if q.Need > 0 {
			d.Short++
		}
	}
	return c.render("awareness_survey", sv.Title, d)
}

func (s *Server) awarenessStatus(c *request) error {
	sv, err := s.surveyOf(c)
	if err != nil {
		return err
	}
	status := c.r.PostFormValue("status")
	err = survey.SetStatus(c.r.Context(), s.DB, c.user, c.actor(), sv.ID, status, time.Now())
	var ce check.Errors
	if errors.As(err, &ce) {
		return c.redirect("/quan-ly/khao-sat/"+itoa64(sv.ID), ce["status"])
	} else if err != nil {
		return err
	}
	msg := "Đã mở cuộc khảo sát: người dân trả lời được trong các ngày của từng đợt."
	if status == survey.Closed {
		msg = "Đã kết thúc cuộc khảo sát; kết quả được công khai trên Cổng."
	}
	return c.redirect("/quan-ly/khao-sat/"+itoa64(sv.ID), msg)
}

func (s *Server) awarenessPaperForm(c *request) error {
	sv, err := s.surveyOf(c)
	if err != nil {
		return err
	}
	d, err := s.awarenessFormData(c, sv, true)
	if err != nil {
		return err
	}
	form := url.Values{"wave_id": {itoa64(d.Wave.ID)}}
	if c.user.Is(account.RoleKhuPhoHead) {
		form.Set("khu_pho_id", itoa64(c.user.UnitID))
	}
	return c.renderPage(http.StatusOK, "awareness_paper", &page{Title: "Nhập phiếu giấy: " + sv.Title, Data: d, Form: form})
}

func (s *Server) awarenessPaper(c *request) error {
	sv, err := s.surveyOf(c)
	if err != nil {
		return err
	}
	_, err = survey.Answer(c.r.Context(), s.DB, c.ward.ID, sv.ID, c.user, responseInput(c, sv), time.Now())
	var ce check.Errors
	if errors.As(err, &ce) {
		return s.awarenessFail(c, sv, true, ce)
	} else if err != nil {
		return err
	}
	return c.redirect("/quan-ly/khao-sat/"+itoa64(sv.ID)+"/phieu", "Đã lưu phiếu. Nhập phiếu tiếp theo.")
}

// Open data: surveys and their aggregate results, never single answers.

type apiSurvey struct {
	ID     int64     `json:"id"`
	Title  string    `json:"title"`
	Status string    `json:"status"`
	Waves  []apiWave `json:"waves"`
	Link   string    `json:"link"`
}

type apiWave struct {
	Position int    `json:"position"`
	Label    string `json:"label"`
	OpensOn  string `json:"opens_on"`
	ClosesOn string `json:"closes_on"`
}

func apiSurveyOf(sv *survey.Survey) apiSurvey {
	a := apiSurvey{ID: sv.ID, Title: sv.Title, Status: sv.Status, Waves: []apiWave{}, Link: "/khao-sat/" + itoa64(sv.ID)}
	for _, w := range sv.Waves {
		a.Waves = append(a.Waves, apiWave{w.Position, w.Label, w.OpensOn, w.ClosesOn})
	}
	return a
}

func (s *Server) apiSurveys(c *request) error {
	all, err := survey.Public(c.r.Context(), s.DB, c.ward.ID)
	if err != nil {
		return err
	}
	out := struct {
		Ward  string      `json:"ward"`
		Items []apiSurvey `json:"items"`
	}{Ward: c.ward.Code, Items: []apiSurvey{}}
	for _, sv := range all {
		out.Items = append(out.Items, apiSurveyOf(sv))
	}
	return c.json(http.StatusOK, out)
}

type apiShare struct {
	Answers    int     `json:"answers"`
	Favourable int     `json:"favourable"`
	Share      float64 `json:"share"`
	Low        float64 `json:"ci_low"`
	High       float64 `json:"ci_high"`
}

type apiGroup struct {
	Group string     `json:"group"`
	Waves []apiShare `json:"waves"`
}

type apiQuestion struct {
	ID        int64      `json:"id"`
	Kind      string     `json:"kind"`
	Question  string     `json:"question"`
	Measure   string     `json:"measure"`
	Waves     []apiShare `json:"waves"`
	Change    *apiChange `json:"change,omitempty"`
	Statement string     `json:"statement,omitempty"`
	KhuPho    []apiGroup `json:"khu_pho"`
	Age       []apiGroup `json:"age_groups"`
	Sex       []apiGroup `json:"sexes"`
}

type apiChange struct {
	Difference float64 `json:"difference"`
	Low        float64 `json:"ci_low"`
	High       float64 `json:"ci_high"`
	Clear      bool    `json:"beyond_chance"`
}

func apiShares(ps []survey.Proportion) []apiShare {
	out := []apiShare{}
	for _, p := range ps {
		out = append(out, apiShare{Answers: p.N, Favourable: p.K, Share: round4(p.P), Low: round4(p.Lo), High: round4(p.Hi)})
	}
	return out
}

func round4(f float64) float64 { return math.Round(f*10000) / 10000 }

// minCell is the fewest answers a group shows in the open data: fewer
// could tell who answered what in a small khu phố.
const minCell = 10

func apiGroups(gs []survey.Group) []apiGroup {
	out := []apiGroup{}
	for _, g := range gs {
		if slices.ContainsFunc(g.Waves, func(p survey.Proportion) bool { return p.N > 0 && p.N < minCell }) {
			continue
		}
		out = append(out, apiGroup{Group: g.Name, Waves: apiShares(g.Waves)})
	}
	return out
}

// apiSurveyResults gives each question's share per wave with its 95 %
// interval, overall and by group, for the waves that have ended.
func (s *Server) apiSurveyResults(c *request) error {
	d, sv, err := s.awarenessResults(c, true)
	if errors.Is(err, db.ErrNotFound) || err == nil && sv.Status == survey.Draft {
		return c.json(http.StatusNotFound, apiError{"not_found", "Không tìm thấy cuộc khảo sát."})
	}
	if err != nil {
		return err
	}
	out := struct {
		Survey    apiSurvey     `json:"survey"`
		Responses []int         `json:"responses"`
		Questions []apiQuestion `json:"questions"`
	}{Survey: apiSurveyOf(sv), Responses: d.Results.Responses, Questions: []apiQuestion{}}
	for _, q := range d.Results.Questions {
		a := apiQuestion{ID: q.Question.ID, Kind: q.Question.Kind, Question: q.Question.Body, Measure: q.Question.Measure, Waves: apiShares(q.All.Waves),
			KhuPho: apiGroups(q.KhuPho), Age: apiGroups(q.Age), Sex: apiGroups(q.Sex)}
		if len(sv.Waves) == 2 && d.Ended[1] {
			ch := q.All.Change
			a.Change = &apiChange{Difference: round4(ch.D), Low: round4(ch.Lo), High: round4(ch.Hi), Clear: ch.Clear()}
			a.Statement = q.Statement()
		}
		out.Questions = append(out.Questions, a)
	}
	return c.json(http.StatusOK, out)
}
