// Package unitreport is the units' periodic reports on the plan: each unit
// that the plan gives work submits, every month or quarter, its figures
// (taken from its activity records) and a short narrative; the lead unit
// accepts the report or returns it with a comment. Timeliness is judged on
// the first submission against the period's due date.
package unitreport

import (
	"context"
	"database/sql"
	"errors"
	"sort"
	"strconv"
	"time"

	"github.com/cchc-vn/cchc/internal/account"
	"github.com/cchc-vn/cchc/internal/activity"
	"github.com/cchc-vn/cchc/internal/audit"
	"github.com/cchc-vn/cchc/internal/check"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/notice"
	"github.com/cchc-vn/cchc/internal/plan"
	"github.com/cchc-vn/cchc/internal/vn"
	"github.com/cchc-vn/cchc/internal/ward"
)

// ErrForbidden is returned when the official may not submit or review.
var ErrForbidden = check.ErrForbidden

// Statuses of a report; a period with no report row is "missing".
const (
	Submitted = "submitted"
	Accepted  = "accepted"
	Returned  = "returned"
	Missing   = "missing" // not submitted, due date passed
	Pending   = "pending" // not submitted, not yet due
)

// StatusName is the Vietnamese label of a status.
func StatusName(s string) string {
	switch s {
	case Submitted:
		return "Chờ duyệt"
	case Accepted:
		return "Đã chấp nhận"
	case Returned:
		return "Bị trả lại"
	case Missing:
		return "Chưa báo cáo (quá hạn)"
	case Pending:
		return "Chưa đến hạn"
	}
	return s
}

// Report is one unit's report for one period.
type Report struct {
	ID               int64
	PlanID           int64
	UnitID           int64
	UnitName         string
	Period           string
	DueOn            string
	Status           string
	Narrative        string
	Activities       int64
	People           int64
	Cost             int64
	FirstSubmittedAt time.Time
	FirstOnTime      bool // first submitted by the due date
	SubmittedAt      time.Time
	SubmittedBy      string
	ReviewedAt       time.Time
	ReviewedBy       string
	ReviewComment    string
}

// OnTime reports whether the report was first submitted by its due date
// (in Vietnam), as decided then.
func (r *Report) OnTime() bool { return r.FirstOnTime }

// onTime is the rule: submitted at first by the end of the due day in Vietnam.
func onTime(first time.Time, dueOn string) bool {
	return first.In(vn.Zone).Format(time.DateOnly) <= dueOn
}

const reportCols = `r.id, r.plan_id, r.unit_id, n.name, r.period, r.due_on, r.status, r.narrative, r.activities, r.people, r.cost,
	r.first_submitted_at, r.first_on_time, r.submitted_at, coalesce(s.full_name, ''), r.reviewed_at, coalesce(v.full_name, ''), r.review_comment
	from unit_reports r join units n on n.id = r.unit_id left join users s on s.id = r.submitted_by left join users v on v.id = r.reviewed_by`

func scan(row interface{ Scan(...any) error }) (*Report, error) {
	var r Report
	var first, sub, rev string
	var onTime int
	err := row.Scan(&r.ID, &r.PlanID, &r.UnitID, &r.UnitName, &r.Period, &r.DueOn, &r.Status, &r.Narrative, &r.Activities, &r.People, &r.Cost,
		&first, &onTime, &sub, &r.SubmittedBy, &rev, &r.ReviewedBy, &r.ReviewComment)
	r.FirstOnTime = onTime != 0
	if errors.Is(err, sql.ErrNoRows) {
		return nil, db.ErrNotFound
	}
	r.FirstSubmittedAt, r.SubmittedAt = db.ParseTime(first), db.ParseTime(sub)
	if rev != "" {
		r.ReviewedAt = db.ParseTime(rev)
	}
	return &r, err
}

// Get returns one report of the ward.
func Get(ctx context.Context, q db.Querier, wardID, id int64) (*Report, error) {
	return scan(q.QueryRow(ctx, `select `+reportCols+` where r.ward_id = ? and r.id = ?`, wardID, id))
}

// Find returns a unit's report for a period, or ErrNotFound.
func Find(ctx context.Context, q db.Querier, planID, unitID int64, period string) (*Report, error) {
	return scan(q.QueryRow(ctx, `select `+reportCols+` where r.plan_id = ? and r.unit_id = ? and r.period = ?`, planID, unitID, period))
}

// ForPlan returns every report of a plan.
func ForPlan(ctx context.Context, q db.Querier, planID int64) ([]*Report, error) {
	rows, err := q.Query(ctx, `select `+reportCols+` where r.plan_id = ? order by r.period, n.position, n.id`, planID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Report
	for rows.Next() {
		r, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Cell is one unit's standing for one period.
type Cell struct {
	Period plan.Period
	Status string
	Report *Report // nil when not submitted
}

// Timeliness is how reports came in over the periods that fell due: first
// submitted by the due date, after it, or not at all. It is the one count of
// report timeliness behind the board, the dashboard, the city view, the
// official report and the API.
type Timeliness struct {
	Due     int // periods whose due date has passed
	OnTime  int
	Late    int
	Missing int
}

func (t *Timeliness) add(o Timeliness) {
	t.Due += o.Due
	t.OnTime += o.OnTime
	t.Late += o.Late
	t.Missing += o.Missing
}

// String is "on time/due", as the report's table writes it, or "" when
// nothing fell due.
func (t Timeliness) String() string {
	if t.Due == 0 {
		return ""
	}
	return strconv.Itoa(t.OnTime) + "/" + strconv.Itoa(t.Due)
}

// Percent is the share on time, or -1 when nothing fell due.
func (t Timeliness) Percent() int {
	if t.Due == 0 {
		return -1
	}
	return t.OnTime * 100 / t.Due
}

// judge is how one period's report stands on day (YYYY-MM-DD in Vietnam):
// nothing, before its due date has passed; otherwise due, and on time, late
// or missing.
func judge(per plan.Period, r *Report, day string) Timeliness {
	if day <= per.DueOn {
		return Timeliness{}
	}
	switch {
	case r == nil:
		return Timeliness{Due: 1, Missing: 1}
	case r.OnTime():
		return Timeliness{Due: 1, OnTime: 1}
	}
	return Timeliness{Due: 1, Late: 1}
}

// Row is one reporting unit's periods.
type Row struct {
	Unit  *ward.Unit
	Cells []Cell
	Timeliness
}

// Board is the plan's reporting units against its periods, as of a day.
type Board struct {
	Periods []plan.Period
	Rows    []*Row
	AsOf    time.Time
}

// Build lays out who has reported what, as of now.
func Build(ctx context.Context, q db.Querier, p *plan.Plan, units []*ward.Unit, now time.Time) (*Board, error) {
	reports, err := ForPlan(ctx, q, p.ID)
	if err != nil {
		return nil, err
	}
	byKey := map[[2]any]*Report{}
	for _, r := range reports {
		byKey[[2]any{r.UnitID, r.Period}] = r
	}
	today := now.In(vn.Zone).Format(time.DateOnly)
	b := &Board{Periods: plan.Periods(p), AsOf: now}
	owed := map[int64]bool{}
	for _, id := range plan.ReportingUnits(p) {
		owed[id] = true
	}
	for _, u := range units {
		if !owed[u.ID] {
			continue
		}
		row := &Row{Unit: u}
		for _, per := range b.Periods {
			c := Cell{Period: per, Report: byKey[[2]any{u.ID, per.Code}]}
			t := judge(per, c.Report, today)
			switch {
			case c.Report != nil:
				c.Status = c.Report.Status
			case t.Missing > 0:
				c.Status = Missing
			default:
				c.Status = Pending
			}
			row.add(t)
			row.Cells = append(row.Cells, c)
		}
		b.Rows = append(b.Rows, row)
	}
	return b, nil
}

// Timeliness counts, over the periods that end within r, the reports due
// by asOf: for every unit (by id) and in all.
func (b *Board) Timeliness(r activity.Range, asOf time.Time) (Timeliness, map[int64]Timeliness) {
	day := asOf.In(vn.Zone).Format(time.DateOnly)
	var total Timeliness
	byUnit := map[int64]Timeliness{}
	for _, row := range b.Rows {
		var t Timeliness
		for _, c := range row.Cells {
			if c.Period.End >= r.From && c.Period.End <= r.To {
				t.add(judge(c.Period, c.Report, day))
			}
		}
		byUnit[row.Unit.ID] = t
		total.add(t)
	}
	return total, byUnit
}

// Overdue returns the rows with a missing report for the period.
func (b *Board) Overdue(period string) []*Row {
	var out []*Row
	for _, r := range b.Rows {
		for _, c := range r.Cells {
			if c.Period.Code == period && c.Status == Missing {
				out = append(out, r)
			}
		}
	}
	return out
}

// Waiting counts the reports waiting for review.
func (b *Board) Waiting() int {
	n := 0
	for _, row := range b.Rows {
		for _, c := range row.Cells {
			if c.Status == Submitted {
				n++
			}
		}
	}
	return n
}

// LatestDue is the latest period whose due date has passed, if any.
func (b *Board) LatestDue() (plan.Period, bool) {
	today := b.AsOf.In(vn.Zone).Format(time.DateOnly)
	var out plan.Period
	for _, per := range b.Periods {
		if per.DueOn < today {
			out = per
		}
	}
	return out, out.Code != ""
}

// CanReview reports whether u may accept or return reports.
func CanReview(u *account.User) bool {
	return u.Is(account.RoleAdmin, account.RoleLeader, account.RoleLeadOfficer)
}

// Submit records (or re-submits) a unit's report for a period, with the
// unit's figures as they stand, and tells the lead unit.
func Submit(ctx context.Context, conn db.Conn, u *account.User, actor audit.Actor, p *plan.Plan, unitID int64, period, narrative string, now time.Time) (*Report, error) {
	return db.Run(ctx, conn, func(tx *db.Tx) (*Report, error) { return submit(ctx, tx, u, actor, p, unitID, period, narrative, now) })
}

func submit(ctx context.Context, tx *db.Tx, u *account.User, actor audit.Actor, p *plan.Plan, unitID int64, period, narrative string, now time.Time) (*Report, error) {
	if !activity.CanRecordFor(u, unitID) {
		return nil, ErrForbidden
	}
	per, ok := plan.PeriodByCode(p, period)
	owes := false
	for _, id := range plan.ReportingUnits(p) {
		owes = owes || id == unitID
	}
	e := check.Errors{}
	narrative = vn.Clean(narrative)
	switch {
	case !ok:
		e["period"] = "Kỳ báo cáo không thuộc kế hoạch."
	case !per.Reporting(now):
		e["period"] = "Chưa đến kỳ báo cáo " + per.Label + " (mở từ 7 ngày trước khi kỳ kết thúc)."
	case !owes:
		e["period"] = "Đơn vị không có nhiệm vụ trong kế hoạch nên không phải báo cáo."
	}
	e.Text("narrative", narrative, true, 5000, "Nội dung báo cáo")
	if err := e.Err(); err != nil {
		return nil, err
	}
	old, err := Find(ctx, tx, p.ID, unitID, period)
	if err != nil && !errors.Is(err, db.ErrNotFound) {
		return nil, err
	}
	if old != nil && old.Status == Accepted {
		return nil, check.Errors{"period": "Báo cáo " + per.Label + " đã được chấp nhận."}
	}
	units, err := ward.Units(ctx, tx, u.WardID)
	if err != nil {
		return nil, err
	}
	figs, err := reported(ctx, tx, p, units, per)
	if err != nil {
		return nil, err
	}
	f := figs.Unit(unitID)
	stamp := db.FormatTime(now)
	if old == nil {
		first := 0
		if onTime(now, per.DueOn) {
			first = 1
		}
		_, err = tx.Exec(ctx, `insert into unit_reports (ward_id, plan_id, unit_id, period, due_on, status, narrative, activities, people, cost,
			first_submitted_at, first_on_time, submitted_at, submitted_by) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			u.WardID, p.ID, unitID, period, per.DueOn, Submitted, narrative, f.Activities, f.People, f.Cost, stamp, first, stamp, u.ID)
	} else {
		_, err = tx.Exec(ctx, `update unit_reports set status = ?, narrative = ?, activities = ?, people = ?, cost = ?, submitted_at = ?, submitted_by = ?
			where id = ?`, Submitted, narrative, f.Activities, f.People, f.Cost, stamp, u.ID, old.ID)
	}
	if err != nil {
		return nil, err
	}
	r, err := Find(ctx, tx, p.ID, unitID, period)
	if err != nil {
		return nil, err
	}
	leads, err := account.RoleMembers(ctx, tx, u.WardID, account.RoleLeadOfficer)
	if err != nil {
		return nil, err
	}
	if _, err := notice.Add(ctx, tx, u.WardID, leads, notice.New{Kind: notice.KindReportSubmitted,
		Subject: r.UnitName + " đã gửi báo cáo " + per.Label, Body: "Số hoạt động: " + vn.Number(f.Activities) + "; số lượt người: " + vn.Number(f.People) + ".",
		Link: Link(r.ID)}); err != nil {
		return nil, err
	}
	var before any
	if old != nil {
		before = map[string]any{"status": old.Status, "narrative": old.Narrative}
	}
	return r, audit.Record(ctx, tx, actor, "unit_report.submit", "unit_report", r.ID, r.UnitName+" gửi báo cáo "+per.Label, before,
		map[string]any{"status": Submitted, "narrative": narrative, "activities": f.Activities, "people": f.People, "cost": f.Cost})
}

// Link is the workspace page of a report.
func Link(id int64) string { return "/quan-ly/bao-cao-don-vi/" + itoa(id) }

// Review accepts or returns a submitted report; a return needs a comment.
// An accepted report locks the unit's activities of the period. The unit's
// officials are told.
func Review(ctx context.Context, conn db.Conn, u *account.User, actor audit.Actor, p *plan.Plan, id int64, accept bool, comment string, now time.Time) (*Report, error) {
	return db.Run(ctx, conn, func(tx *db.Tx) (*Report, error) { return review(ctx, tx, u, actor, p, id, accept, comment, now) })
}

func review(ctx context.Context, tx *db.Tx, u *account.User, actor audit.Actor, p *plan.Plan, id int64, accept bool, comment string, now time.Time) (*Report, error) {
	if !CanReview(u) {
		return nil, ErrForbidden
	}
	r, err := Get(ctx, tx, u.WardID, id)
	if err != nil {
		return nil, err
	}
	comment = vn.Clean(comment)
	e := check.Errors{}
	if r.Status != Submitted {
		e["decision"] = "Chỉ duyệt được báo cáo đang chờ duyệt."
	}
	if !accept && comment == "" {
		e["comment"] = "Vui lòng ghi lý do trả lại để đơn vị bổ sung."
	}
	e.Text("comment", comment, false, 2000, "Ý kiến")
	if err := e.Err(); err != nil {
		return nil, err
	}
	status, verb := Accepted, "chấp nhận"
	if !accept {
		status, verb = Returned, "trả lại"
	}
	if _, err := tx.Exec(ctx, `update unit_reports set status = ?, reviewed_at = ?, reviewed_by = ?, review_comment = ? where id = ?`,
		status, db.FormatTime(now), u.ID, comment, id); err != nil {
		return nil, err
	}
	if accept {
		if err := activity.Lock(ctx, tx, r.PlanID, r.UnitID, r.Period, now); err != nil {
			return nil, err
		}
	}
	label := r.Period
	if per, ok := plan.PeriodByCode(p, r.Period); ok {
		label = per.Label
	}
	users, err := account.UnitMembers(ctx, tx, u.WardID, r.UnitID)
	if err != nil {
		return nil, err
	}
	body := "Báo cáo " + label + " của " + r.UnitName + " đã được " + verb + "."
	if comment != "" {
		body += "\nÝ kiến: " + comment
	}
	if _, err := notice.Add(ctx, tx, u.WardID, users, notice.New{Kind: notice.KindReportReviewed, Subject: "Báo cáo " + label + " đã được " + verb,
		Body: body, Link: Link(id)}); err != nil {
		return nil, err
	}
	if err := audit.Record(ctx, tx, actor, "unit_report.review", "unit_report", id, "Báo cáo "+label+" của "+r.UnitName+": "+verb,
		map[string]any{"status": r.Status}, map[string]any{"status": status, "comment": comment}); err != nil {
		return nil, err
	}
	return Get(ctx, tx, u.WardID, id)
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// TimelinessByWard counts, for every ward's plan in force (with how many
// units report on it), the reports due by asOf over the periods ending
// within r, by the rule of Board.Timeliness, from one grouped read however
// many reports a city holds. A report counts here whatever its unit's
// assignments are now; the board counts the units that still report.
func TimelinessByWard(ctx context.Context, q db.Querier, plans []*plan.Plan, reporting map[int64]int, r activity.Range, asOf time.Time) (map[int64]Timeliness, error) {
	out := map[int64]Timeliness{}
	if len(plans) == 0 {
		return out, nil
	}
	ids := make([]any, len(plans))
	for i, p := range plans {
		ids[i] = p.ID
	}
	rows, err := q.Query(ctx, `select plan_id, period, first_on_time, count(*) from unit_reports where plan_id in (`+db.Placeholders(len(ids))+`)
		group by plan_id, period, first_on_time`, ids...)
	if err != nil {
		return nil, err
	}
	type key struct {
		plan   int64
		period string
	}
	in := map[key]Timeliness{} // reports received: on time, late
	for rows.Next() {
		var k key
		var first, n int
		if err := rows.Scan(&k.plan, &k.period, &first, &n); err != nil {
			rows.Close()
			return nil, err
		}
		t := in[k]
		if first != 0 {
			t.OnTime += n
		} else {
			t.Late += n
		}
		in[k] = t
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	day := asOf.In(vn.Zone).Format(time.DateOnly)
	for _, p := range plans {
		t := out[p.WardID]
		for _, per := range plan.Periods(p) {
			if per.End < r.From || per.End > r.To || day <= per.DueOn {
				continue
			}
			got := in[key{p.ID, per.Code}]
			got.Due = reporting[p.ID]
			got.Missing = max(got.Due-got.OnTime-got.Late, 0)
			t.add(got)
		}
		out[p.WardID] = t
	}
	return out, nil
}

// CanReviewReport reports whether u may accept or return r now.
func CanReviewReport(u *account.User, r *Report) bool { return CanReview(u) && r.Status == Submitted }

// GetFor returns a report the official may see: officers and khu phố heads
// see their own unit's only.
func GetFor(ctx context.Context, q db.Querier, u *account.User, id int64) (*Report, error) {
	r, err := Get(ctx, q, u.WardID, id)
	if err != nil {
		return nil, err
	}
	if !u.SeesUnit(r.UnitID) {
		return nil, ErrForbidden
	}
	return r, nil
}

// Due is a report the official may submit now: a period of the unit open for
// reporting and not yet accepted, with the report being revised, if any.
type Due struct {
	Unit    *ward.Unit
	Period  plan.Period
	Report  *Report
	Figures activity.Figure // what submitting now would report; see Preview
}

// reported is what a report of per carries: the period's recorded activities.
func reported(ctx context.Context, q db.Querier, p *plan.Plan, units []*ward.Unit, per plan.Period) (*activity.Stats, error) {
	return activity.Summarise(ctx, q, p, units, activity.Range{From: per.Start, To: per.End})
}

// Preview fills in the figures each open report would carry if sent now,
// so the one who sends it sees them first.
func Preview(ctx context.Context, q db.Querier, p *plan.Plan, units []*ward.Unit, open []Due) error {
	byPeriod := map[string]*activity.Stats{}
	for i := range open {
		st := byPeriod[open[i].Period.Code]
		if st == nil {
			var err error
			if st, err = reported(ctx, q, p, units, open[i].Period); err != nil {
				return err
			}
			byPeriod[open[i].Period.Code] = st
		}
		open[i].Figures = st.Unit(open[i].Unit.ID)
	}
	return nil
}

// Open lists what u may submit now: their own unit's reports (the lead unit
// and administrators report for their own unit here too; they record for
// others but do not report for them).
func (b *Board) Open(u *account.User, now time.Time) []Due {
	var out []Due
	for _, row := range b.Rows {
		if row.Unit.ID != u.UnitID || !activity.CanRecordFor(u, row.Unit.ID) {
			continue
		}
		for _, c := range row.Cells {
			if c.Period.Reporting(now) && c.Status != Accepted {
				out = append(out, Due{Unit: row.Unit, Period: c.Period, Report: c.Report})
			}
		}
	}
	return out
}

// StatusNames are the board's statuses with their labels, for its legend.
func StatusNames() map[string]string {
	out := map[string]string{}
	for _, st := range []string{Submitted, Accepted, Returned, Missing, Pending} {
		out[st] = StatusName(st)
	}
	return out
}

// WorstFirst orders the board's rows for the one who chases reports: most
// reports missing first, then most sent late, then the ward's order.
func (b *Board) WorstFirst() {
	sort.SliceStable(b.Rows, func(i, j int) bool {
		x, y := b.Rows[i].Timeliness, b.Rows[j].Timeliness
		if x.Missing != y.Missing {
			return x.Missing > y.Missing
		}
		return x.Late > y.Late
	})
}

// Only keeps the rows keep says yes to.
func (b *Board) Only(keep func(*Row) bool) {
	rows := b.Rows[:0:0]
	for _, r := range b.Rows {
		if keep(r) {
			rows = append(rows, r)
		}
	}
	b.Rows = rows
}
