package web

import (
	"context"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/db/dbtest"
	"github.com/cchc-vn/cchc/internal/demo"
	"github.com/cchc-vn/cchc/internal/figures"
	"github.com/cchc-vn/cchc/internal/notice"
	"github.com/cchc-vn/cchc/internal/plan"
	"github.com/cchc-vn/cchc/internal/unitreport"
	"github.com/cchc-vn/cchc/internal/vn"
	"github.com/cchc-vn/cchc/internal/ward"
)

var lateRe = regexp.MustCompile(`<span class="badge s-overdue">trễ (\d+) ngày</span>`)

// TestBehindComesFirst: the overview and the workspace home open on "Cần
// đôn đốc" — the units late on a task or a report, the latest first, each
// with its reasons in words and the reminder beside it — and spending over
// the planned funds is flagged where the funds are shown.
func TestBehindComesFirst(t *testing.T) {
	e := newEnvOf(t, dbtest.Open(t, db.SQLite), demo.Full)
	ctx := context.Background()
	units, err := ward.Units(ctx, e.d, e.ward.ID)
	if err != nil {
		t.Fatal(err)
	}
	p, err := plan.Current(ctx, e.d, e.ward.ID)
	if err != nil {
		t.Fatal(err)
	}
	lags, err := figures.Lags(ctx, e.d, p, units, time.Now())
	if err != nil || len(lags) == 0 {
		t.Fatalf("lags: %v, %d", err, len(lags))
	}
	for i, l := range lags {
		if l.Days() == 0 && l.SpentShare == 0 {
			t.Errorf("%s is listed without being late or over budget", l.Unit.Name)
		}
		if l.Report != nil && l.ReportDays == 0 {
			t.Errorf("%s: report %s missing, 0 days late", l.Unit.Name, l.Report.Label)
		}
		if i > 0 && l.Days() > lags[i-1].Days() {
			t.Errorf("%s (%d days) after %s (%d days)", l.Unit.Name, l.Days(), lags[i-1].Unit.Name, lags[i-1].Days())
		}
	}
	c := e.as("lanhdao")
	b := body(t, c.get("/quan-ly/tong-quan"))
	top := strings.Index(b, `id="can-don-doc"`)
	if top < 0 || top > strings.Index(b, `class="stats"`) {
		t.Fatal("the overview does not open on 'Cần đôn đốc'")
	}
	var days []int
	for _, m := range lateRe.FindAllStringSubmatch(b[top:strings.Index(b, `class="stats"`)], -1) {
		n, _ := strconv.Atoi(m[1])
		days = append(days, n)
	}
	if len(days) != len(lags) || days[0] != lags[0].Days() {
		t.Errorf("the overview lists %d late (first %v), the figures %d (first %d)", len(days), days[:min(1, len(days))], len(lags), lags[0].Days())
	}
	first := lags[0]
	var why []string
	if first.Overdue > 0 {
		why = append(why, strconv.Itoa(first.Overdue)+" nhiệm vụ quá hạn, lâu nhất "+strconv.Itoa(first.TaskDays)+" ngày")
	}
	if first.Report != nil {
		why = append(why, "Chưa gửi báo cáo "+first.Report.Label+" (hạn "+vn.ISODate(first.Report.DueOn)+", trễ "+strconv.Itoa(first.ReportDays)+" ngày)")
	}
	if len(why) == 0 {
		t.Errorf("the first late unit %s is late for no reason", first.Unit.Name)
	}
	// A unit the plan only requests of (đề nghị) is invited, never sent a
	// formal reminder.
	button, word := "Gửi đôn đốc ", "Đôn đốc"
	if p.Requested(first.Unit.ID) {
		button, word = "Gửi lời mời ", "Mời"
		if strings.Contains(b, "Gửi đôn đốc "+first.Unit.Name+"<") {
			t.Errorf("%s, requested and not assigned, has the formal reminder's button", first.Unit.Name)
		}
	}
	for _, w := range append(why, button+first.Unit.Name) {
		if !strings.Contains(b, w) {
			t.Errorf("the first late unit %s lacks %q", first.Unit.Name, w)
		}
	}
	_, planned, spent, err := figures.Budget(ctx, e.d, p, units, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d units late or over budget; the first %s, %d days; spent %d %% of the planned funds", len(lags), first.Unit.Name, first.Days(), spent*100/max(planned, 1))
	if spent > planned && !strings.Contains(b, `id="vuot-kinh-phi">đã chi `+strconv.FormatInt(spent*100/planned, 10)+` % dự kiến`) {
		t.Errorf("spending %d over %d planned is not flagged", spent, planned)
	}
	// The reminder beside a unit reaches its officials.
	form := url.Values{"unit_id": {strconv.FormatInt(first.Unit.ID, 10)}, "back": {"/quan-ly/tong-quan"},
		"body": {"Đề nghị " + first.Unit.Name + " khẩn trương hoàn thành nhiệm vụ đã quá hạn."}}
	if first.Report != nil {
		form.Set("period", first.Report.Code)
	}
	if resp := c.post("/quan-ly/don-doc", form); resp.StatusCode != 303 || resp.Header.Get("Location") != "/quan-ly/tong-quan" {
		t.Fatalf("reminder: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	var member string
	for name, u := range e.users {
		if u.UnitID == first.Unit.ID {
			member = name
		}
	}
	if member != "" {
		ns, _ := notice.List(ctx, e.d, e.users[member].ID, 10)
		if len(ns) == 0 || !strings.Contains(ns[0].Subject+ns[0].Body, word) {
			t.Errorf("%s of %s got no reminder", member, first.Unit.Name)
		}
	}
	// The workspace home leads with the five latest.
	home := body(t, c.get("/quan-ly"))
	if i := strings.Index(home, `id="can-don-doc"`); i < 0 || !strings.Contains(home[i:], first.Unit.Name) || strings.Count(home[i:], `<span class="badge s-overdue">trễ`) > 5 {
		t.Error("the workspace home does not lead with the latest units")
	}
	if b := body(t, e.as("kp01").get("/quan-ly")); strings.Contains(b, `id="can-don-doc"`) {
		t.Error("a khu phố head is shown the ward's late units")
	}
}

// TestAuditLogReadsAsSentences: the log names fields in Vietnamese with
// their values before → after; no JSON, no codes of statuses.
func TestAuditLogReadsAsSentences(t *testing.T) {
	e := newEnvOf(t, dbtest.Open(t, db.SQLite), demo.Full)
	b := body(t, e.as("admin").get("/quan-ly/nhat-ky"))
	for _, bad := range []string{"<code>", "{&#34;", `{"`, "submitted", "accepted", "in_progress", "unit_report.", "assignment.status"} {
		if strings.Contains(b, bad) {
			t.Errorf("the audit log shows %q", bad)
		}
	}
	if !regexp.MustCompile(`<span class="label">Tình trạng:</span> [^<]+ <span aria-label="thành">→</span> [^<]+</li>`).MatchString(b) {
		t.Error("no status change reads 'Tình trạng: … → …'")
	}
}

// TestUnitReportsBoardWorstFirst: the reports board opens with the units
// missing the most reports, and can be narrowed to khu phố, to other units,
// or to those still missing one, or put back in the ward's order.
func TestUnitReportsBoardWorstFirst(t *testing.T) {
	e := newEnvOf(t, dbtest.Open(t, db.SQLite), demo.Full)
	c := e.as("lanhdao")
	rowRe := regexp.MustCompile(`<tr><th scope="row">([^<]+)</th>.*?</tr>`)
	missRe := regexp.MustCompile(`thiếu (\d+)</span>`)
	rows := func(query string) (names []string, missing []int) {
		b := body(t, c.get("/quan-ly/bao-cao-don-vi"+query))
		for _, m := range rowRe.FindAllStringSubmatch(b, -1) {
			names = append(names, m[1])
			n := 0
			if x := missRe.FindStringSubmatch(m[0]); x != nil {
				n, _ = strconv.Atoi(x[1])
			}
			missing = append(missing, n)
		}
		return names, missing
	}
	all, missing := rows("")
	if len(all) < 60 {
		t.Fatalf("the board lists %d units", len(all))
	}
	for i := 1; i < len(missing); i++ {
		if missing[i] > missing[i-1] {
			t.Fatalf("%s (%d missing) after %s (%d)", all[i], missing[i], all[i-1], missing[i-1])
		}
	}
	if missing[0] == 0 {
		t.Fatal("the demonstration has no missing report to sort by")
	}
	kp, _ := rows("?loai=khu-pho")
	others, _ := rows("?loai=don-vi")
	if len(kp) != 59 || len(kp)+len(others) != len(all) {
		t.Errorf("khu phố %d + others %d, all %d", len(kp), len(others), len(all))
	}
	for _, n := range others {
		if strings.HasPrefix(n, "Khu phố") {
			t.Errorf("%s listed among the other units", n)
		}
	}
	_, onlyMissing := rows("?con-thieu=1")
	for _, n := range onlyMissing {
		if n == 0 {
			t.Error("a unit with no report missing is shown under 'Chỉ đơn vị còn thiếu báo cáo'")
		}
	}
	units, _ := ward.Units(context.Background(), e.d, e.ward.ID)
	if ordered, _ := rows("?thu-tu=don-vi"); ordered[0] != units[0].Name {
		t.Errorf("in the ward's order the board starts with %s, not %s", ordered[0], units[0].Name)
	}
}

// A khu phố head sees their own reports as cards, an overdue one saying so,
// and, before sending one, the figures it will carry: the same the lead
// unit then reads on the report.
func TestReportShowsItsFigures(t *testing.T) {
	e := newEnv(t, dbtest.Open(t, db.SQLite)) // Plan 88, ended: every month of it is open to Khu phố 1, whatever today is
	ctx := context.Background()
	kp := e.as("kp01")
	unit := itoa64(e.users["kp01"].UnitID)
	units, err := ward.Units(ctx, e.d, e.ward.ID)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	board, err := unitreport.Build(ctx, e.d, e.plan, units, now)
	if err != nil {
		t.Fatal(err)
	}
	open := board.Open(e.users["kp01"], now)
	if len(open) != 6 {
		t.Fatalf("%d reports of Khu phố 1 open, want Plan 88's six months", len(open))
	}
	per := open[len(open)-1].Period
	day := per.End
	if today := now.In(vn.Zone).Format(time.DateOnly); day > today {
		day = today
	}
	for _, people := range []string{"70", "45"} {
		resp := kp.postMultipart("/quan-ly/hoat-dong", map[string][]string{"unit_id": {unit}, "held_on": {vn.ISODate(day)}, "channel": {"hoi-nghi"},
			"themes": {"2"}, "place_unit_id": {unit}, "quantity": {"1"}, "quantity_unit": {"buổi"}, "people": {people}, "cost": {"150.000"},
			"description": {"Họp khu phố, hướng dẫn nộp hồ sơ trực tuyến"}}, nil)
		if body(t, resp); resp.StatusCode != 303 {
			t.Fatalf("record: %d", resp.StatusCode)
		}
	}
	b := body(t, kp.get("/quan-ly/bao-cao-don-vi"))
	mine := strings.Index(b, `id="cua-toi"`)
	if mine < 0 || mine > strings.Index(b, `class="table grid"`) || !strings.Contains(b, `<details class="fold"><summary>Tình hình báo cáo của các đơn vị, khu phố</summary>`) {
		t.Fatal("the khu phố head's own reports do not come as cards before the folded grid")
	}
	if cards := b[mine:strings.Index(b, `class="table grid"`)]; strings.Count(cards, `<li class="r-missing">`) != 6 || strings.Count(cards, "Chưa báo cáo (quá hạn)") != 6 {
		t.Error("the six overdue reports do not say so on their cards")
	}
	form := strings.Index(b, `name="period" value="`+per.Code+`"`)
	if form < 0 {
		t.Fatalf("no form for %s", per.Label)
	}
	figs := b[form:]
	figs = figs[:strings.Index(figs, "</form>")]
	for _, want := range []string{"<strong>2</strong> hoạt động", "<strong>115</strong> lượt người", "<strong>300.000 đ</strong> kinh phí", "Xem các hoạt động này"} {
		if !strings.Contains(figs, want) {
			t.Errorf("the %s form lacks %q", per.Label, want)
		}
	}
	resp := kp.post("/quan-ly/bao-cao-don-vi", url.Values{"unit_id": {unit}, "period": {per.Code}, "narrative": {"Khu phố đã họp dân hai lần."}})
	if body(t, resp); resp.StatusCode != 303 {
		t.Fatalf("submit: %d", resp.StatusCode)
	}
	rep, err := unitreport.Find(ctx, e.d, e.plan.ID, e.users["kp01"].UnitID, per.Code)
	if err != nil || rep.Activities != 2 || rep.People != 115 || rep.Cost != 300000 {
		t.Fatalf("stored report %+v, %v", rep, err)
	}
	if page := body(t, e.as("vhxh").get("/quan-ly/bao-cao-don-vi/"+itoa64(rep.ID))); !strings.Contains(page, "<dt>Lượt người</dt><dd>115</dd>") {
		t.Error("the lead unit does not read the figures sent")
	}
}
