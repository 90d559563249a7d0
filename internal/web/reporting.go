package web

import (
	"bytes"
	"context"
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/cchc-vn/cchc/internal/activity"
	"github.com/cchc-vn/cchc/internal/broadcast"
	"github.com/cchc-vn/cchc/internal/chart"
	"github.com/cchc-vn/cchc/internal/check"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/figures"
	"github.com/cchc-vn/cchc/internal/notice"
	"github.com/cchc-vn/cchc/internal/organisation"
	"github.com/cchc-vn/cchc/internal/plan"
	"github.com/cchc-vn/cchc/internal/poster"
	"github.com/cchc-vn/cchc/internal/remind"
	"github.com/cchc-vn/cchc/internal/report"
	"github.com/cchc-vn/cchc/internal/unitreport"
	"github.com/cchc-vn/cchc/internal/vn"
	"github.com/cchc-vn/cchc/internal/ward"
)

// figureQuery reads the months and the "as of" day of a figures page:
// ?tu=mm/yyyy&den=mm/yyyy&ngay=dd/mm/yyyy (YYYY-MM and YYYY-MM-DD are taken
// too), defaulting to the months given and to today.
func figureQuery(c *request, from, to string) (activity.Range, time.Time) {
	q := c.r.URL.Query()
	if m, ok := parseMonth(q.Get("tu")); ok {
		from = m
	}
	if m, ok := parseMonth(q.Get("den")); ok && m >= from {
		to = m
	}
	if to < from {
		to = from
	}
	asOf := time.Now()
	if t, err := vn.ParseDate(q.Get("ngay")); err == nil {
		asOf = t.Add(12 * time.Hour) // the middle of that day in Vietnam
	}
	return activity.MonthRange(from, to), asOf
}

// planOf is the plan a range of figures is read against: the one whose
// period meets it (a past half-year's), else cur.
func planOf(ctx context.Context, q db.Querier, wardID int64, rg activity.Range, cur *plan.Plan) (*plan.Plan, error) {
	p, err := plan.ForRange(ctx, q, wardID, rg.From, rg.To)
	if errors.Is(err, db.ErrNotFound) {
		return cur, nil
	}
	return p, err
}

// parseMonth reads a month typed as mm/yyyy, or YYYY-MM, as YYYY-MM.
func parseMonth(s string) (string, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{"1/2006", "2006-01"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.Format("2006-01"), true
		}
	}
	return "", false
}

type overviewData struct {
	Set           *figures.Set
	Charts        map[string]template.HTML
	Period        plan.Period // the latest period whose report is due
	Missing       []*unitreport.Row
	Waiting       int // reports waiting for review
	Budget        []figures.BudgetLine
	Planned       int64
	Spent         int64
	CoverageMonth string
	Silent        int
	MissedSlots   int // loudspeaker slots missed in the coverage month
	MissedKhuPho  int
	Readers       *poster.Readers // QR scans of posters and panels in the range
	CanRemind     bool
	Coverage      *organisation.Coverage // the organisations' members reached by khu phố
	Behind        []figures.Lag          // who needs a reminder, latest first
	ByUnit        []activity.Figure      // every unit, the fewest activities first
}

// bars turns figures into chart bars: activities or people.
func bars(fs []activity.Figure, people bool) []chart.Bar {
	out := make([]chart.Bar, 0, len(fs))
	for _, f := range fs {
		v := f.Activities
		if people {
			v = f.People
		}
		out = append(out, chart.Bar{Label: f.Label, Value: v})
	}
	return out
}

// overview is the leader's and lead unit's dashboard: every figure is the
// one the official report and the API give for the same months and day.
func (s *Server) overview(c *request) error {
	ctx := c.r.Context()
	p, err := plan.Current(ctx, s.DB, c.ward.ID)
	if err != nil {
		return err
	}
	units, err := ward.Units(ctx, s.DB, c.ward.ID)
	if err != nil {
		return err
	}
	rg, asOf := figureQuery(c, p.PeriodStart[:7], p.PeriodEnd[:7])
	if p, err = planOf(ctx, s.DB, c.ward.ID, rg, p); err != nil {
		return err
	}
	set, err := figures.For(ctx, s.DB, p, units, rg, asOf)
	if err != nil {
		return err
	}
	st := set.Activities
	d := &overviewData{Set: set, Charts: map[string]template.HTML{}, CanRemind: remind.CanSend(c.user), Waiting: set.Board.Waiting()}
	d.Charts["channel"] = chart.HBars("ch", "Số hoạt động theo hình thức", bars(st.ByChannel, false), nil)
	d.Charts["channelPeople"] = chart.HBars("chp", "Lượt người theo hình thức", bars(st.ByChannel, true), nil)
	d.Charts["theme"] = chart.HBars("th", "Số hoạt động theo nội dung", bars(st.ByTheme, false), nil)
	d.Charts["themePeople"] = chart.HBars("thp", "Lượt người theo nội dung", bars(st.ByTheme, true), nil)
	d.Charts["month"] = chart.Columns("mo", "Số hoạt động theo tháng", bars(st.ByMonth, false))
	d.Charts["monthPeople"] = chart.Columns("mop", "Lượt người theo tháng", bars(st.ByMonth, true))
	least := st.LeastActive()
	d.ByUnit = least
	d.Charts["unit"] = chart.HBars("un", "15 đơn vị, khu phố ít hoạt động nhất", bars(least[:min(15, len(least))], false), nil)
	d.Charts["tasks"] = chart.HBars("ts", "Nhiệm vụ theo trạng thái", []chart.Bar{
		{Label: "Đã hoàn thành", Value: int64(set.Tasks.Of(plan.Done))}, {Label: "Đang thực hiện", Value: int64(set.Tasks.Of(plan.InProgress))},
		{Label: "Chưa thực hiện", Value: int64(set.Tasks.Of(plan.NotStarted))}, {Label: "Quá hạn", Value: int64(set.Tasks.Of(plan.Overdue))}}, nil)
	if per, ok := set.Board.LatestDue(); ok {
		d.Period, d.Missing = per, set.Board.Overdue(per.Code)
	}

	lines, planned, spent, err := figures.Budget(ctx, s.DB, p, units, set.Activities)
	if err != nil {
		return err
	}
	d.Planned, d.Spent = planned, spent
	var pairs []chart.Pair
	for _, l := range lines {
		if l.Empty() {
			continue
		}
		d.Budget = append(d.Budget, l)
		if l.Unit.Kind != ward.KindKhuPho {
			pairs = append(pairs, chart.Pair{Label: l.Unit.Name, A: l.Planned, B: l.Spent})
		}
	}
	share := func(l figures.BudgetLine) float64 { // spent over planned; lines without a plan last
		if l.Planned == 0 {
			return -1
		}
		return float64(l.Spent) / float64(l.Planned)
	}
	sort.SliceStable(d.Budget, func(i, j int) bool { return share(d.Budget[i]) > share(d.Budget[j]) })
	d.Charts["budget"] = chart.Pairs("bu", "Kinh phí dự kiến và đã chi theo đơn vị", "Dự kiến", "Đã chi", pairs, vn.Money)
	d.Behind = figures.Behind(set, units, lines)
	if d.Coverage, err = organisation.CoverageOf(ctx, s.DB, c.ward.ID, rg); err != nil {
		return err
	}

	d.CoverageMonth = asOf.In(vn.Zone).Format("2006-01")
	if d.CoverageMonth > rg.To[:7] {
		d.CoverageMonth = rg.To[:7]
	}
	rows, err := activity.Coverage(ctx, s.DB, c.ward.ID, d.CoverageMonth)
	if err != nil {
		return err
	}
	for _, r := range rows {
		if r.Total == 0 {
			d.Silent++
		}
	}
	missed, err := broadcast.Missed(ctx, s.DB, c.ward.ID, d.CoverageMonth, asOf)
	if err != nil {
		return err
	}
	for _, n := range missed {
		d.MissedSlots += n
		d.MissedKhuPho++
	}
	if d.Readers, err = poster.Readership(ctx, s.DB, c.ward.ID, rg.From, rg.To); err != nil {
		return err
	}
	return c.render("overview", "Tổng quan tiến độ", d)
}

type unitReportsData struct {
	Plan      *plan.Plan
	Board     *unitreport.Board
	Open      []unitreport.Due // what the official may submit now, with the figures it would carry
	Mine      *unitreport.Row  // the official's own unit's reports, shown as cards before the grid
	CanReview bool
	Units     []*ward.Unit // for the reminder form
	Reminders []*remind.Reminder
	Statuses  map[string]string
	Kind      string // the filter: "" every unit, "khu-pho", "don-vi" the others
	Missing   bool   // only units with a report missing
	WardOrder bool   // in the ward's order instead of worst first
}

// unitReports shows every reporting unit against the plan's periods, the
// official's own reports to submit, and the lead unit's reminders.
func (s *Server) unitReports(c *request) error {
	ctx := c.r.Context()
	p, err := plan.Current(ctx, s.DB, c.ward.ID)
	if err != nil {
		return err
	}
	units, err := ward.Units(ctx, s.DB, c.ward.ID)
	if err != nil {
		return err
	}
	now := time.Now()
	board, err := unitreport.Build(ctx, s.DB, p, units, now)
	if err != nil {
		return err
	}
	d := &unitReportsData{Plan: p, Board: board, CanReview: unitreport.CanReview(c.user), Statuses: unitreport.StatusNames(), Open: board.Open(c.user, now)}
	if d.CanReview {
		for _, row := range board.Rows {
			d.Units = append(d.Units, row.Unit)
		}
	}
	if err := unitreport.Preview(ctx, s.DB, p, units, d.Open); err != nil {
		return err
	}
	for _, row := range board.Rows {
		if row.Unit.ID == c.user.UnitID {
			d.Mine = row
		}
	}
	q := c.r.URL.Query()
	d.Kind, d.Missing, d.WardOrder = q.Get("loai"), q.Get("con-thieu") == "1", q.Get("thu-tu") == "don-vi"
	board.Only(func(r *unitreport.Row) bool {
		isKP := r.Unit.Kind == ward.KindKhuPho
		return (d.Kind != "khu-pho" || isKP) && (d.Kind != "don-vi" || !isKP) && (!d.Missing || r.Missing > 0)
	})
	if !d.WardOrder {
		board.WorstFirst()
	}
	if d.CanReview {
		if d.Reminders, err = remind.List(ctx, s.DB, p.ID, 20); err != nil {
			return err
		}
	}
	return c.render("unit_reports", "Báo cáo định kỳ của đơn vị", d)
}

func (s *Server) unitReportSubmit(c *request) error {
	ctx := c.r.Context()
	p, err := plan.Current(ctx, s.DB, c.ward.ID)
	if err != nil {
		return err
	}
	unit, _ := strconv.ParseInt(c.r.PostFormValue("unit_id"), 10, 64)
	if unit == 0 {
		unit = c.user.UnitID // an officer reports for their own unit
	}
	r, err := unitreport.Submit(ctx, s.DB, c.user, c.actor(), p, unit, c.r.PostFormValue("period"), c.r.PostFormValue("narrative"), time.Now())
	if err != nil {
		return err
	}
	return c.redirect(unitreport.Link(r.ID), "Đã gửi báo cáo. Bộ phận chủ trì sẽ xem xét.")
}

func (s *Server) loadUnitReport(c *request) (*unitreport.Report, *plan.Plan, error) {
	id, err := c.id("id")
	if err != nil {
		return nil, nil, err
	}
	ctx := c.r.Context()
	r, err := unitreport.GetFor(ctx, s.DB, c.user, id)
	if err != nil {
		return nil, nil, err
	}
	p, err := plan.Get(ctx, s.DB, c.ward.ID, r.PlanID)
	return r, p, err
}

func (s *Server) unitReport(c *request) error {
	r, p, err := s.loadUnitReport(c)
	if err != nil {
		return err
	}
	per, _ := plan.PeriodByCode(p, r.Period)
	return c.render("unit_report", "Báo cáo "+per.Label+" – "+r.UnitName, struct {
		Report    *unitreport.Report
		Period    plan.Period
		Status    string
		CanReview bool
	}{r, per, unitreport.StatusName(r.Status), unitreport.CanReviewReport(c.user, r)})
}

func (s *Server) unitReportReview(c *request) error {
	r, p, err := s.loadUnitReport(c)
	if err != nil {
		return err
	}
	ctx := c.r.Context()
	accept := c.r.PostFormValue("decision") == "accept"
	_, err = unitreport.Review(ctx, s.DB, c.user, c.actor(), p, r.ID, accept, c.r.PostFormValue("comment"), time.Now())
	if err != nil {
		return err
	}
	msg := "Đã chấp nhận báo cáo."
	if !accept {
		msg = "Đã trả lại báo cáo để đơn vị bổ sung."
	}
	return c.redirect(unitreport.Link(r.ID), msg)
}

// sendReminder sends a formal reminder (đôn đốc) to a unit.
func (s *Server) sendReminder(c *request) error {
	ctx := c.r.Context()
	p, err := plan.Current(ctx, s.DB, c.ward.ID)
	if err != nil {
		return err
	}
	unit, _ := strconv.ParseInt(c.r.PostFormValue("unit_id"), 10, 64)
	n, err := remind.Send(ctx, s.DB, c.user, c.actor(), p, unit, c.r.PostFormValue("period"), c.r.PostFormValue("body"))
	if err != nil {
		return err
	}
	what := "văn bản đôn đốc"
	if p.Requested(unit) {
		what = "lời mời" // the plan only requests of this unit
	}
	msg := "Đã gửi " + what + " tới " + strconv.Itoa(n) + " cán bộ của đơn vị."
	if n == 0 {
		msg = "Đã ghi nhận " + what + "; đơn vị chưa có tài khoản nào để nhận thông báo."
	}
	back := c.r.PostFormValue("back")
	if back != "/quan-ly/tong-quan" {
		back = "/quan-ly/bao-cao-don-vi"
	}
	return c.redirect(back, msg)
}

func (s *Server) notices(c *request) error {
	ns, err := notice.List(c.r.Context(), s.DB, c.user.ID, 100)
	if err != nil {
		return err
	}
	return c.render("notices", "Thông báo", ns)
}

func (s *Server) noticesRead(c *request) error {
	id, _ := strconv.ParseInt(c.r.PostFormValue("id"), 10, 64)
	if err := notice.MarkRead(c.r.Context(), s.DB, c.user.ID, id); err != nil {
		return err
	}
	if id != 0 {
		if link, ok := localPath(c.r.PostFormValue("link")); ok {
			return c.redirect(link, "")
		}
	}
	return c.redirect("/quan-ly/thong-bao", "")
}

type budgetData struct {
	Plan  *plan.Plan
	Rows  []figures.BudgetLine
	Total int64
}

func (s *Server) budgetData(c *request) (*budgetData, map[int64]string, error) {
	p, err := s.loadPlan(c)
	if err != nil {
		return nil, nil, err
	}
	ctx := c.r.Context()
	units, err := ward.Units(ctx, s.DB, c.ward.ID)
	if err != nil {
		return nil, nil, err
	}
	lines, planned, _, err := figures.Budget(ctx, s.DB, p, units, nil)
	if err != nil {
		return nil, nil, err
	}
	d := &budgetData{Plan: p, Total: planned}
	names := map[int64]string{}
	for _, l := range lines {
		if l.Unit.Kind == ward.KindKhuPho && l.Empty() {
			continue // 59 empty rows would hide the departments; khu phố appear once they have figures
		}
		names[l.Unit.ID] = l.Unit.Name
		d.Rows = append(d.Rows, l)
	}
	return d, names, nil
}

func (s *Server) budgetForm(c *request) error {
	d, _, err := s.budgetData(c)
	if err != nil {
		return err
	}
	form := url.Values{}
	for _, r := range d.Rows {
		if r.Planned > 0 {
			form.Set("budget_"+itoa64(r.Unit.ID), vn.Number(r.Planned))
		}
	}
	return c.renderPage(http.StatusOK, "budget", &page{Title: "Kinh phí thực hiện kế hoạch", Data: d, Form: form})
}

func (s *Server) budgetSave(c *request) error {
	d, names, err := s.budgetData(c)
	if err != nil {
		return err
	}
	values := map[int64]string{}
	for id := range names {
		values[id] = c.r.PostFormValue("budget_" + itoa64(id))
	}
	err = plan.SetBudgets(c.r.Context(), s.DB, c.user, c.actor(), d.Plan, names, values)
	var ce check.Errors
	if errors.As(err, &ce) {
		return c.renderForm("budget", "Kinh phí thực hiện kế hoạch", d, ce)
	}
	if err != nil {
		return err
	}
	return c.redirect("/quan-ly/tong-quan", "Đã lưu kinh phí dự kiến.")
}

// city compares the deployment's wards on the same figures, as of a day.
func (s *Server) city(c *request) error {
	now := time.Now().In(vn.Zone)
	rg, asOf := figureQuery(c, now.AddDate(0, -5, 0).Format("2006-01"), now.Format("2006-01"))
	rows, err := figures.City(c.r.Context(), s.DB, rg, asOf)
	if err != nil {
		return err
	}
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].Activities.Activities > rows[j].Activities.Activities })
	var bs []chart.Bar
	for i, r := range rows {
		if i == 20 {
			break
		}
		bs = append(bs, chart.Bar{Label: r.Ward.FullName, Value: r.Activities.Activities})
	}
	return c.render("city", "So sánh các phường, xã", struct {
		Range activity.Range
		AsOf  time.Time
		Rows  []figures.WardRow
		Chart template.HTML
	}{rg, asOf, rows, chart.HBars("city", "Số hoạt động tuyên truyền theo phường, xã", bs, nil)})
}

type officialReportData struct {
	Plan    *plan.Plan
	Periods []periodChoice // of Plan
	Plans   []periodChoice // the ward's other plans, whole periods: a closed plan's final report is one tap away
	Report  *report.Report
	Chart   template.HTML
}

// otherPlans offers the whole period of every plan in force or closed but p.
func otherPlans(ps []*plan.Plan, p *plan.Plan) []periodChoice {
	var out []periodChoice
	for _, o := range ps {
		if o.Public() && (p == nil || o.ID != p.ID) {
			out = append(out, periodChoice{Label: "Kế hoạch " + o.Number + " (" + o.PeriodLabel + ")", From: o.PeriodStart, To: o.PeriodEnd})
		}
	}
	return out
}

type periodChoice struct{ Label, From, To string }

// periodChoices offers the plan's months, quarters and whole period.
func periodChoices(p *plan.Plan) []periodChoice {
	out := []periodChoice{{Label: "Cả kỳ kế hoạch (" + p.PeriodLabel + ")", From: p.PeriodStart, To: p.PeriodEnd}}
	q := *p
	q.ReportCycle = plan.CycleQuarter
	for _, per := range plan.Periods(&q) {
		out = append(out, periodChoice{Label: per.Label, From: per.Start, To: per.End})
	}
	q.ReportCycle = plan.CycleMonth
	for _, per := range plan.Periods(&q) {
		out = append(out, periodChoice{Label: per.Label, From: per.Start, To: per.End})
	}
	return out
}

// reportQuery reads the range and date of the official report: tu and den
// (dd/mm/yyyy or YYYY-MM-DD), ngay (dd/mm/yyyy, today when empty), from the
// query or the posted form. A day that does not parse is passed on as typed,
// for report.Build to refuse with its message.
func reportQuery(get func(string) string, p *plan.Plan) (from, to string, date time.Time, errs check.Errors) {
	iso := func(s string) string {
		if t, err := vn.ParseDate(s); err == nil {
			return t.Format(time.DateOnly)
		}
		return strings.TrimSpace(s)
	}
	from, to = iso(get("tu")), iso(get("den"))
	if from == "" && to == "" {
		from, to = p.PeriodStart, p.PeriodEnd
	}
	date = time.Now()
	if s := strings.TrimSpace(get("ngay")); s != "" {
		t, err := vn.ParseDate(s)
		if err != nil {
			return from, to, date, check.Errors{"ngay": "Ngày báo cáo có dạng dd/mm/yyyy."}
		}
		date = t.Add(12 * time.Hour)
	}
	return from, to, date, nil
}

// officialReport shows the report for a period with its narrative prefilled
// for editing; the form posts back to download the DOCX.
func (s *Server) officialReport(c *request) error {
	ctx := c.r.Context()
	p, err := plan.Current(ctx, s.DB, c.ward.ID)
	if err != nil {
		return err
	}
	d := &officialReportData{Plan: p, Periods: periodChoices(p)}
	from, to, date, ce := reportQuery(c.r.URL.Query().Get, p)
	form := url.Values{"tu": {vn.ISODate(from)}, "den": {vn.ISODate(to)}, "ngay": {vn.Date(date)}}
	var r *report.Report
	if ce == nil {
		r, err = report.Build(ctx, s.DB, c.ward, from, to, date)
		if !errors.As(err, &ce) && err != nil {
			return err
		}
	}
	if ce != nil {
		return c.renderPage(http.StatusUnprocessableEntity, "official_report", &page{Title: "Báo cáo kết quả tuyên truyền CCHC", Data: d, Errors: ce, Form: form})
	}
	d.Report = r
	if r.Plan != nil { // the plan whose period the range meets, maybe a closed one
		d.Plan, d.Periods = r.Plan, periodChoices(r.Plan)
	}
	ps, err := plan.List(ctx, s.DB, c.ward.ID)
	if err != nil {
		return err
	}
	d.Plans = otherPlans(ps, d.Plan)
	d.Chart = chart.HBars("rc", "Số hoạt động theo hình thức tuyên truyền", bars(r.Figures.Activities.ByChannel, false), nil)
	n := r.Narrative
	for k, v := range map[string]string{"number": n.Number, "recipient_to": n.RecipientTo, "direction": n.Direction, "models": n.Models,
		"shortcomings": n.Shortcomings, "next_steps": n.NextSteps, "proposals": n.Proposals, "signer_title": n.SignerTitle,
		"signer_name": n.SignerName, "recipients": n.Recipients} {
		form.Set(k, v)
	}
	return c.renderPage(http.StatusOK, "official_report", &page{Title: "Báo cáo kết quả tuyên truyền CCHC", Data: d, Form: form})
}

// officialReportDownload builds the DOCX with the edited narrative.
func (s *Server) officialReportDownload(c *request) error {
	ctx := c.r.Context()
	p, err := plan.Current(ctx, s.DB, c.ward.ID)
	if err != nil {
		return err
	}
	from, to, date, ce := reportQuery(c.r.PostFormValue, p)
	if ce != nil {
		return ce
	}
	r, err := report.Build(ctx, s.DB, c.ward, from, to, date)
	if err != nil {
		return err
	}
	n := narrativeInput(c)
	if err := n.Validate(); err != nil {
		var ce check.Errors
		if errors.As(err, &ce) {
			d := &officialReportData{Plan: r.Plan, Periods: periodChoices(r.Plan), Report: r}
			return c.renderForm("official_report", "Báo cáo kết quả tuyên truyền CCHC", d, ce)
		}
		return err
	}
	r.Narrative = n
	var b bytes.Buffer
	if err := r.WriteDOCX(&b); err != nil {
		return err
	}
	return c.download(&b, "bao-cao-tuyen-truyen-cchc-"+r.From+"-"+r.To+".docx", docxType)
}

func (s *Server) officialReportAnnex(c *request) error {
	p, err := plan.Current(c.r.Context(), s.DB, c.ward.ID)
	if err != nil {
		return err
	}
	from, to, date, ce := reportQuery(c.r.URL.Query().Get, p)
	if ce != nil {
		return ce
	}
	r, err := report.Build(c.r.Context(), s.DB, c.ward, from, to, date)
	if err != nil {
		return err
	}
	var b bytes.Buffer
	if err := r.WriteXLSX(&b); err != nil {
		return err
	}
	return c.download(&b, "phu-luc-hoat-dong-"+r.From+"-"+r.To+".xlsx", xlsxType)
}
