package web

import (
	"bytes"
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"time"

	"github.com/cchc-vn/cchc/internal/account"
	"github.com/cchc-vn/cchc/internal/activity"
	"github.com/cchc-vn/cchc/internal/chart"
	"github.com/cchc-vn/cchc/internal/check"
	"github.com/cchc-vn/cchc/internal/notice"
	"github.com/cchc-vn/cchc/internal/plan"
	"github.com/cchc-vn/cchc/internal/remind"
	"github.com/cchc-vn/cchc/internal/report"
	"github.com/cchc-vn/cchc/internal/unitreport"
	"github.com/cchc-vn/cchc/internal/vn"
	"github.com/cchc-vn/cchc/internal/ward"
)

// monthRange reads ?tu=YYYY-MM&den=YYYY-MM, defaulting to the plan's period.
func monthRange(c *ctx, p *plan.Plan) (string, string) {
	from, to := p.PeriodStart[:7], p.PeriodEnd[:7]
	q := c.r.URL.Query()
	if v := q.Get("tu"); validMonth(v) {
		from = v
	}
	if v := q.Get("den"); validMonth(v) && v >= from {
		to = v
	}
	if to < from {
		to = from
	}
	return from, to
}

func validMonth(s string) bool {
	_, err := time.Parse("2006-01", s)
	return err == nil
}

type budgetRow struct {
	Unit           *ward.Unit
	Planned, Spent int64
}

type overviewData struct {
	Plan          *plan.Plan
	From, To      string
	Stats         *activity.Stats
	Charts        map[string]template.HTML
	Tasks         map[string]int
	Assignments   int
	Period        plan.Period // the latest period whose report is due
	Missing       []*unitreport.Row
	Waiting       int // reports waiting for review
	Budget        []budgetRow
	Planned       int64
	Spent         int64
	CoverageMonth string
	Silent        int
	CanRemind     bool
}

// overview is the leader's and lead unit's dashboard: everything is read
// from aggregates and a few small tables, never from raw activity rows.
func (s *Server) overview(c *ctx) error {
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
	d := &overviewData{Plan: p, Tasks: map[string]int{}, Charts: map[string]template.HTML{}, CanRemind: remind.CanSend(c.user)}
	d.From, d.To = monthRange(c, p)
	if d.Stats, err = activity.Summarise(ctx, s.DB, p, units, d.From, d.To); err != nil {
		return err
	}
	bars := func(fs []activity.Figure, people bool) []chart.Bar {
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
	d.Charts["channel"] = chart.HBars("ch", "Số hoạt động theo hình thức", bars(d.Stats.ByChannel, false), nil)
	d.Charts["channelPeople"] = chart.HBars("chp", "Lượt người theo hình thức", bars(d.Stats.ByChannel, true), nil)
	d.Charts["theme"] = chart.HBars("th", "Số hoạt động theo nội dung", bars(d.Stats.ByTheme, false), nil)
	d.Charts["themePeople"] = chart.HBars("thp", "Lượt người theo nội dung", bars(d.Stats.ByTheme, true), nil)
	d.Charts["month"] = chart.Columns("mo", "Số hoạt động theo tháng", bars(d.Stats.ByMonth, false))
	d.Charts["monthPeople"] = chart.Columns("mop", "Lượt người theo tháng", bars(d.Stats.ByMonth, true))
	byUnit := d.Stats.ByUnit
	if len(byUnit) > 15 {
		byUnit = byUnit[:15]
	}
	d.Charts["unit"] = chart.HBars("un", "Đơn vị, khu phố có nhiều hoạt động nhất", bars(byUnit, false), nil)

	for _, sec := range p.Sections {
		for _, t := range sec.Tasks {
			for _, a := range t.Assignments {
				d.Tasks[plan.EffectiveStatus(a, plan.DueDate(t, p), now)]++
				d.Assignments++
			}
		}
	}
	d.Charts["tasks"] = chart.HBars("ts", "Nhiệm vụ theo trạng thái", []chart.Bar{
		{Label: "Đã hoàn thành", Value: int64(d.Tasks[plan.Done])}, {Label: "Đang thực hiện", Value: int64(d.Tasks[plan.InProgress])},
		{Label: "Chưa thực hiện", Value: int64(d.Tasks[plan.NotStarted])}, {Label: "Quá hạn", Value: int64(d.Tasks[plan.Overdue])}}, nil)

	board, err := unitreport.Build(ctx, s.DB, p, units, now)
	if err != nil {
		return err
	}
	today := now.In(vn.Zone).Format(time.DateOnly)
	for _, per := range board.Periods {
		if per.DueOn < today {
			d.Period = per
		}
	}
	if d.Period.Code != "" {
		d.Missing = board.Overdue(d.Period.Code)
	}
	for _, row := range board.Rows {
		for _, cell := range row.Cells {
			if cell.Status == unitreport.Submitted {
				d.Waiting++
			}
		}
	}

	planned, err := plan.Budgets(ctx, s.DB, p.ID)
	if err != nil {
		return err
	}
	spent, err := activity.SpentByUnit(ctx, s.DB, c.ward.ID, p.PeriodStart[:7], p.PeriodEnd[:7])
	if err != nil {
		return err
	}
	var pairs []chart.Pair
	for _, u := range units {
		if planned[u.ID] == 0 && spent[u.ID] == 0 {
			continue
		}
		d.Budget = append(d.Budget, budgetRow{Unit: u, Planned: planned[u.ID], Spent: spent[u.ID]})
		d.Planned += planned[u.ID]
		d.Spent += spent[u.ID]
		if u.Kind != ward.KindKhuPho {
			pairs = append(pairs, chart.Pair{Label: u.Name, A: planned[u.ID], B: spent[u.ID]})
		}
	}
	d.Charts["budget"] = chart.Pairs("bu", "Kinh phí dự kiến và đã chi theo đơn vị", "Dự kiến", "Đã chi", pairs, vn.Money)

	d.CoverageMonth = now.In(vn.Zone).Format("2006-01")
	if d.CoverageMonth > d.To {
		d.CoverageMonth = d.To
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
	return c.render("overview", "Tổng quan tiến độ", d)
}

type unitReportsData struct {
	Plan      *plan.Plan
	Board     *unitreport.Board
	Open      []submitOption // what the official may submit now
	CanReview bool
	Units     []*ward.Unit // for the reminder form
	Reminders []*remind.Reminder
	Statuses  map[string]string
}

type submitOption struct {
	Unit   *ward.Unit
	Period plan.Period
	Report *unitreport.Report // a returned or waiting report being revised
}

// unitReports shows every reporting unit against the plan's periods, the
// official's own reports to submit, and the lead unit's reminders.
func (s *Server) unitReports(c *ctx) error {
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
	d := &unitReportsData{Plan: p, Board: board, CanReview: unitreport.CanReview(c.user), Statuses: map[string]string{}}
	for _, st := range []string{unitreport.Submitted, unitreport.Accepted, unitreport.Returned, unitreport.Missing, unitreport.Pending} {
		d.Statuses[st] = unitreport.StatusName(st)
	}
	for _, row := range board.Rows {
		if !activity.CanRecordFor(c.user, row.Unit.ID) || c.user.Is(account.RoleAdmin, account.RoleLeadOfficer) && row.Unit.ID != c.user.UnitID {
			continue
		}
		for _, cell := range row.Cells {
			if cell.Period.Reporting(now) && cell.Status != unitreport.Accepted {
				d.Open = append(d.Open, submitOption{Unit: row.Unit, Period: cell.Period, Report: cell.Report})
			}
		}
	}
	if d.CanReview {
		for _, row := range board.Rows {
			d.Units = append(d.Units, row.Unit)
		}
		if d.Reminders, err = remind.List(ctx, s.DB, p.ID, 20); err != nil {
			return err
		}
	}
	return c.render("unit_reports", "Báo cáo định kỳ của đơn vị", d)
}

func (s *Server) unitReportSubmit(c *ctx) error {
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

func (s *Server) loadUnitReport(c *ctx) (*unitreport.Report, *plan.Plan, error) {
	id, err := c.id("id")
	if err != nil {
		return nil, nil, err
	}
	ctx := c.r.Context()
	r, err := unitreport.Get(ctx, s.DB, c.ward.ID, id)
	if err != nil {
		return nil, nil, err
	}
	if ownUnitOnly(c.user) && r.UnitID != c.user.UnitID {
		return nil, nil, plan.ErrForbidden
	}
	p, err := plan.Get(ctx, s.DB, c.ward.ID, r.PlanID)
	return r, p, err
}

func (s *Server) unitReport(c *ctx) error {
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
	}{r, per, unitreport.StatusName(r.Status), unitreport.CanReview(c.user) && r.Status == unitreport.Submitted})
}

func (s *Server) unitReportReview(c *ctx) error {
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
func (s *Server) sendReminder(c *ctx) error {
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
	msg := "Đã gửi văn bản đôn đốc tới " + strconv.Itoa(n) + " cán bộ của đơn vị."
	if n == 0 {
		msg = "Đã ghi nhận văn bản đôn đốc; đơn vị chưa có tài khoản nào để nhận thông báo."
	}
	back := c.r.PostFormValue("back")
	if back != "/quan-ly/tong-quan" {
		back = "/quan-ly/bao-cao-don-vi"
	}
	return c.redirect(back, msg)
}

func (s *Server) notices(c *ctx) error {
	ns, err := notice.List(c.r.Context(), s.DB, c.user.ID, 100)
	if err != nil {
		return err
	}
	return c.render("notices", "Thông báo", ns)
}

func (s *Server) noticesRead(c *ctx) error {
	id, _ := strconv.ParseInt(c.r.PostFormValue("id"), 10, 64)
	if err := notice.MarkRead(c.r.Context(), s.DB, c.user.ID, id); err != nil {
		return err
	}
	if id != 0 {
		// Only a path of this site: "//host" and "/\host" would leave it.
		if link := c.r.PostFormValue("link"); len(link) > 1 && link[0] == '/' && link[1] != '/' && link[1] != '\\' {
			return c.redirect(link, "")
		}
	}
	return c.redirect("/quan-ly/thong-bao", "")
}

type budgetData struct {
	Plan  *plan.Plan
	Rows  []budgetRow
	Total int64
}

func (s *Server) budgetData(c *ctx) (*budgetData, map[int64]string, error) {
	p, err := s.loadPlan(c)
	if err != nil {
		return nil, nil, err
	}
	ctx := c.r.Context()
	units, err := ward.Units(ctx, s.DB, c.ward.ID)
	if err != nil {
		return nil, nil, err
	}
	planned, err := plan.Budgets(ctx, s.DB, p.ID)
	if err != nil {
		return nil, nil, err
	}
	spent, err := activity.SpentByUnit(ctx, s.DB, c.ward.ID, p.PeriodStart[:7], p.PeriodEnd[:7])
	if err != nil {
		return nil, nil, err
	}
	d := &budgetData{Plan: p}
	names := map[int64]string{}
	for _, u := range units {
		if u.Kind == ward.KindKhuPho && planned[u.ID] == 0 && spent[u.ID] == 0 {
			continue // 59 empty rows would hide the departments; khu phố appear once they have figures
		}
		names[u.ID] = u.Name
		d.Rows = append(d.Rows, budgetRow{Unit: u, Planned: planned[u.ID], Spent: spent[u.ID]})
		d.Total += planned[u.ID]
	}
	return d, names, nil
}

func (s *Server) budgetForm(c *ctx) error {
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

func (s *Server) budgetSave(c *ctx) error {
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

type cityRow struct {
	Ward      *ward.Ward
	Figures   activity.WardFigures
	KhuPho    int
	Tasks     *plan.WardStatus
	Reports   *unitreport.WardCounts
	DonePct   int
	OnTimePct int
}

// city compares the deployment's wards on the same figures, read in a few
// grouped queries whatever the number of wards.
func (s *Server) city(c *ctx) error {
	ctx := c.r.Context()
	now := time.Now().In(vn.Zone)
	from, to := now.AddDate(0, -5, 0).Format("2006-01"), now.Format("2006-01")
	q := c.r.URL.Query()
	if v := q.Get("tu"); validMonth(v) {
		from = v
	}
	if v := q.Get("den"); validMonth(v) && v >= from {
		to = v
	}
	wards, err := ward.List(ctx, s.DB)
	if err != nil {
		return err
	}
	figs, err := activity.CityFigures(ctx, s.DB, from, to)
	if err != nil {
		return err
	}
	tasks, err := plan.StatusByWard(ctx, s.DB, now.Format(time.DateOnly))
	if err != nil {
		return err
	}
	reports, err := unitreport.CountsByWard(ctx, s.DB)
	if err != nil {
		return err
	}
	kp, err := ward.KhuPhoCounts(ctx, s.DB)
	if err != nil {
		return err
	}
	var rows []cityRow
	var bars []chart.Bar
	for _, w := range wards {
		r := cityRow{Ward: w, KhuPho: kp[w.ID], Tasks: tasks[w.ID], Reports: reports[w.ID]}
		if f := figs[w.ID]; f != nil {
			r.Figures = *f
		}
		if r.Tasks == nil {
			r.Tasks = &plan.WardStatus{Counts: map[string]int{}}
		}
		if r.Reports == nil {
			r.Reports = &unitreport.WardCounts{}
		}
		if r.Tasks.Total > 0 {
			r.DonePct = r.Tasks.Counts[plan.Done] * 100 / r.Tasks.Total
		}
		if r.Reports.Submitted > 0 {
			r.OnTimePct = r.Reports.OnTime * 100 / r.Reports.Submitted
		}
		rows = append(rows, r)
	}
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].Figures.Activities > rows[j].Figures.Activities })
	for i, r := range rows {
		if i == 20 {
			break
		}
		bars = append(bars, chart.Bar{Label: r.Ward.FullName, Value: r.Figures.Activities})
	}
	return c.render("city", "So sánh các phường, xã", struct {
		From, To string
		Rows     []cityRow
		Chart    template.HTML
	}{from, to, rows, chart.HBars("city", "Số hoạt động tuyên truyền theo phường, xã", bars, nil)})
}

type officialReportData struct {
	Plan    *plan.Plan
	Periods []periodChoice
	Report  *report.Report
	Chart   template.HTML
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

// officialReport shows the report for a period with its narrative prefilled
// for editing; the form posts back to download the DOCX.
func (s *Server) officialReport(c *ctx) error {
	ctx := c.r.Context()
	p, err := plan.Current(ctx, s.DB, c.ward.ID)
	if err != nil {
		return err
	}
	d := &officialReportData{Plan: p, Periods: periodChoices(p)}
	q := c.r.URL.Query()
	from, to := q.Get("tu"), q.Get("den")
	if from == "" {
		from, to = p.PeriodStart, p.PeriodEnd
	}
	r, err := report.Build(ctx, s.DB, c.ward, from, to, time.Now())
	var ce check.Errors
	if errors.As(err, &ce) {
		return c.renderPage(http.StatusUnprocessableEntity, "official_report", &page{Title: "Báo cáo kết quả tuyên truyền CCHC", Data: d, Errors: ce, Form: url.Values{"tu": {from}, "den": {to}}})
	}
	if err != nil {
		return err
	}
	d.Report = r
	var bars []chart.Bar
	for _, ch := range r.ByChannel {
		bars = append(bars, chart.Bar{Label: ch.Label, Value: ch.Activities})
	}
	d.Chart = chart.HBars("rc", "Số hoạt động theo hình thức tuyên truyền", bars, nil)
	n := r.Narrative
	form := url.Values{"tu": {from}, "den": {to}, "number": {n.Number}, "recipient_to": {n.RecipientTo}, "direction": {n.Direction}, "models": {n.Models},
		"shortcomings": {n.Shortcomings}, "next_steps": {n.NextSteps}, "proposals": {n.Proposals}, "signer_title": {n.SignerTitle},
		"signer_name": {n.SignerName}, "recipients": {n.Recipients}}
	return c.renderPage(http.StatusOK, "official_report", &page{Title: "Báo cáo kết quả tuyên truyền CCHC", Data: d, Form: form})
}

// officialReportDownload builds the DOCX with the edited narrative.
func (s *Server) officialReportDownload(c *ctx) error {
	ctx := c.r.Context()
	f := c.r.PostFormValue
	r, err := report.Build(ctx, s.DB, c.ward, f("tu"), f("den"), time.Now())
	if err != nil {
		return err
	}
	n := report.Narrative{Number: f("number"), RecipientTo: vn.Clean(f("recipient_to")), Direction: vn.Clean(f("direction")), Models: vn.Clean(f("models")),
		Shortcomings: vn.Clean(f("shortcomings")), NextSteps: vn.Clean(f("next_steps")), Proposals: vn.Clean(f("proposals")),
		SignerTitle: vn.Clean(f("signer_title")), SignerName: vn.Clean(f("signer_name")), Recipients: vn.Clean(f("recipients"))}
	e := check.Errors{}
	for _, x := range []struct{ k, v, label string }{{"number", n.Number, "Số, ký hiệu"}, {"signer_title", n.SignerTitle, "Chức vụ người ký"}, {"signer_name", n.SignerName, "Họ tên người ký"}} {
		e.Text(x.k, x.v, true, 100, x.label)
	}
	for _, x := range []struct{ k, v string }{{"direction", n.Direction}, {"models", n.Models}, {"shortcomings", n.Shortcomings}, {"next_steps", n.NextSteps}, {"proposals", n.Proposals}, {"recipients", n.Recipients}, {"recipient_to", n.RecipientTo}} {
		e.Text(x.k, x.v, false, 10000, "Nội dung")
	}
	if len(e) > 0 {
		d := &officialReportData{Plan: r.Plan, Periods: periodChoices(r.Plan), Report: r}
		return c.renderForm("official_report", "Báo cáo kết quả tuyên truyền CCHC", d, e)
	}
	r.Narrative = n
	var b bytes.Buffer
	if err := r.WriteDOCX(&b); err != nil {
		return err
	}
	return c.download(&b, "bao-cao-tuyen-truyen-cchc-"+r.From+"-"+r.To+".docx", docxType)
}

func (s *Server) officialReportAnnex(c *ctx) error {
	q := c.r.URL.Query()
	r, err := report.Build(c.r.Context(), s.DB, c.ward, q.Get("tu"), q.Get("den"), time.Now())
	if err != nil {
		return err
	}
	var b bytes.Buffer
	if err := r.WriteXLSX(&b); err != nil {
		return err
	}
	return c.download(&b, "phu-luc-hoat-dong-"+r.From+"-"+r.To+".xlsx", xlsxType)
}
