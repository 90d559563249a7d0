// Package report builds the ward's official report on the CCHC
// communication plan ("Báo cáo kết quả công tác tuyên truyền cải cách hành
// chính") for any period, from the activity records: a DOCX in the layout of
// Decree 30/2020/NĐ-CP, and an XLSX annex listing every activity.
package report

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/cchc-vn/cchc/internal/check"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/plan"
	"github.com/cchc-vn/cchc/internal/unitreport"
	"github.com/cchc-vn/cchc/internal/vn"
	"github.com/cchc-vn/cchc/internal/ward"
)

// Row is one line of a results table.
type Row struct {
	Label      string
	Activities int64
	Quantity   int64
	People     int64
	Cost       int64
	Reports    string // units only: "5/6" reported on time
}

// Item is one activity, for the annex and the exemplary models.
type Item struct {
	HeldOn      string
	Unit        string
	Channel     string
	Themes      string
	Place       string
	Quantity    int64
	QtyUnit     string
	People      int64
	Cost        int64
	Description string
	Link        string
	Evidence    int
	themes      []string
}

// Narrative is the editable text of the report, prefilled from the records.
type Narrative struct {
	Number       string // "   /BC-UBND": the number is given when the report is registered
	RecipientTo  string // Kính gửi
	Direction    string // I.1 công tác chỉ đạo, triển khai
	Models       string // I.5 gương điển hình, cách làm hay
	Shortcomings string // II
	NextSteps    string // III
	Proposals    string // IV
	SignerTitle  string
	SignerName   string
	Recipients   string // one per line
}

// Report is everything the document says.
type Report struct {
	Ward        *ward.Ward
	Plan        *plan.Plan
	From, To    string // YYYY-MM-DD
	PeriodLabel string // "6 tháng cuối năm 2025", "tháng 7 năm 2025" …
	Date        time.Time
	Total       Row
	ByTheme     []Row
	ByChannel   []Row
	ByUnit      []Row
	KhuPho      int
	Reached     int
	Silent      []string // khu phố with no activity in the period
	Tasks       map[string]int
	Assignments int
	Reminders   int
	Items       []Item
	Narrative   Narrative
}

// Build gathers the report of a ward for from..to (YYYY-MM-DD) from its raw
// records, as of now. The plan is the one whose period covers the range.
func Build(ctx context.Context, q db.Querier, w *ward.Ward, from, to string, now time.Time) (*Report, error) {
	e := check.Errors{}
	f, err1 := time.Parse(time.DateOnly, from)
	t, err2 := time.Parse(time.DateOnly, to)
	switch {
	case err1 != nil:
		e["from"] = "Ngày bắt đầu không hợp lệ."
	case err2 != nil:
		e["to"] = "Ngày kết thúc không hợp lệ."
	case t.Before(f):
		e["to"] = "Ngày kết thúc phải sau ngày bắt đầu."
	case t.Sub(f) > 400*24*time.Hour:
		e["to"] = "Kỳ báo cáo dài nhất là một năm."
	}
	if err := e.Err(); err != nil {
		return nil, err
	}
	plans, err := plan.List(ctx, q, w.ID)
	if err != nil {
		return nil, err
	}
	var header *plan.Plan
	for _, p := range plans {
		if p.Status != plan.StatusDraft && p.PeriodStart <= to && p.PeriodEnd >= from {
			header = p
			break
		}
	}
	if header == nil {
		return nil, check.Errors{"from": "Không có kế hoạch nào đã ban hành trong kỳ này."}
	}
	p, err := plan.Get(ctx, q, w.ID, header.ID)
	if err != nil {
		return nil, err
	}
	r := &Report{Ward: w, Plan: p, From: from, To: to, Date: now, Tasks: map[string]int{}, PeriodLabel: periodLabel(p, from, to)}
	units, err := ward.Units(ctx, q, w.ID)
	if err != nil {
		return nil, err
	}
	if err := r.load(ctx, q, units); err != nil {
		return nil, err
	}
	if err := r.progress(ctx, q, units, now); err != nil {
		return nil, err
	}
	r.Narrative = r.defaults()
	return r, nil
}

// load reads the period's activities and their themes: two queries, then
// every table is counted in memory.
func (r *Report) load(ctx context.Context, q db.Querier, units []*ward.Unit) error {
	themes := map[int64][]string{}
	trows, err := q.Query(ctx, `select t.activity_id, t.theme_code from activity_themes t join activities a on a.id = t.activity_id
		where a.ward_id = ? and a.plan_id = ? and a.held_on >= ? and a.held_on <= ? order by t.activity_id, t.theme_code`, r.Ward.ID, r.Plan.ID, r.From, r.To)
	if err != nil {
		return err
	}
	for trows.Next() {
		var id int64
		var code string
		if err := trows.Scan(&id, &code); err != nil {
			trows.Close()
			return err
		}
		themes[id] = append(themes[id], code)
	}
	trows.Close()
	rows, err := q.Query(ctx, `select a.id, a.held_on, n.name, a.channel_code, coalesce(a.place_unit_id, 0), coalesce(pu.name, a.place_name),
		a.quantity, a.quantity_unit, a.people, a.cost, a.description, a.link, a.unit_id,
		(select count(*) from activity_evidence e where e.activity_id = a.id)
		from activities a join units n on n.id = a.unit_id left join units pu on pu.id = a.place_unit_id
		where a.ward_id = ? and a.plan_id = ? and a.held_on >= ? and a.held_on <= ? order by a.held_on, a.id`, r.Ward.ID, r.Plan.ID, r.From, r.To)
	if err != nil {
		return err
	}
	defer rows.Close()
	chName := map[string]string{}
	chIdx := map[string]int{}
	for _, c := range r.Plan.Channels {
		chName[c.Code] = c.Name
		chIdx[c.Code] = len(r.ByChannel)
		r.ByChannel = append(r.ByChannel, Row{Label: c.Name})
	}
	thIdx := map[string]int{}
	for _, t := range r.Plan.Themes {
		thIdx[t.Code] = len(r.ByTheme)
		r.ByTheme = append(r.ByTheme, Row{Label: t.Title})
	}
	unitIdx := map[int64]int{}
	reached := map[int64]bool{}
	for rows.Next() {
		var it Item
		var id, place, unitID int64
		var channel string
		if err := rows.Scan(&id, &it.HeldOn, &it.Unit, &channel, &place, &it.Place, &it.Quantity, &it.QtyUnit, &it.People, &it.Cost,
			&it.Description, &it.Link, &unitID, &it.Evidence); err != nil {
			return err
		}
		it.Channel = chName[channel]
		it.themes = themes[id]
		it.Themes = strings.Join(it.themes, ", ")
		r.Items = append(r.Items, it)
		add := func(row *Row) {
			row.Activities++
			row.Quantity += it.Quantity
			row.People += it.People
			row.Cost += it.Cost
		}
		add(&r.Total)
		if i, ok := chIdx[channel]; ok {
			add(&r.ByChannel[i])
		}
		for _, t := range it.themes {
			if i, ok := thIdx[t]; ok {
				add(&r.ByTheme[i])
			}
		}
		i, ok := unitIdx[unitID]
		if !ok {
			i = len(r.ByUnit)
			unitIdx[unitID] = i
			r.ByUnit = append(r.ByUnit, Row{Label: it.Unit})
		}
		add(&r.ByUnit[i])
		if place != 0 {
			reached[place] = true
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	// Units in the ward's order, khu phố last, those with nothing included so
	// that a gap shows.
	ordered := make([]Row, 0, len(units))
	for _, u := range units {
		if i, ok := unitIdx[u.ID]; ok {
			ordered = append(ordered, r.ByUnit[i])
		} else if u.Kind != ward.KindKhuPho {
			ordered = append(ordered, Row{Label: u.Name})
		}
		if u.Kind == ward.KindKhuPho {
			r.KhuPho++
			if reached[u.ID] {
				r.Reached++
			} else {
				r.Silent = append(r.Silent, u.Name)
			}
		}
	}
	r.ByUnit = ordered
	return nil
}

// progress counts task statuses and periodic reports due in the period.
func (r *Report) progress(ctx context.Context, q db.Querier, units []*ward.Unit, now time.Time) error {
	asOf := now
	if end, err := time.ParseInLocation(time.DateOnly, r.To, vn.Zone); err == nil && end.Before(now) {
		asOf = end.Add(23 * time.Hour)
	}
	for _, s := range r.Plan.Sections {
		for _, t := range s.Tasks {
			for _, a := range t.Assignments {
				r.Tasks[plan.EffectiveStatus(a, plan.DueDate(t, r.Plan), asOf)]++
				r.Assignments++
			}
		}
	}
	board, err := unitreport.Build(ctx, q, r.Plan, units, now)
	if err != nil {
		return err
	}
	byName := map[string]*unitreport.Row{}
	for _, row := range board.Rows {
		byName[row.Unit.Name] = row
	}
	for i := range r.ByUnit {
		row := byName[r.ByUnit[i].Label]
		if row == nil {
			continue
		}
		due, onTime := 0, 0
		for _, c := range row.Cells {
			if c.Period.End >= r.From && c.Period.End <= r.To && now.In(vn.Zone).Format(time.DateOnly) > c.Period.DueOn {
				due++
				if c.Report != nil && c.Report.OnTime() {
					onTime++
				}
			}
		}
		if due > 0 {
			r.ByUnit[i].Reports = strconv.Itoa(onTime) + "/" + strconv.Itoa(due)
		}
	}
	return q.QueryRow(ctx, `select count(*) from reminders where plan_id = ? and sent_at >= ? and sent_at <= ?`,
		r.Plan.ID, r.From, r.To+"T23:59:59Z").Scan(&r.Reminders)
}

// periodLabel names the period the way reports do.
func periodLabel(p *plan.Plan, from, to string) string {
	if from == p.PeriodStart && to == p.PeriodEnd && p.PeriodLabel != "" {
		return p.PeriodLabel
	}
	f, _ := time.Parse(time.DateOnly, from)
	t, _ := time.Parse(time.DateOnly, to)
	wholeMonths := f.Day() == 1 && t.AddDate(0, 0, 1).Day() == 1
	months := (t.Year()-f.Year())*12 + int(t.Month()-f.Month()) + 1
	year := strconv.Itoa(f.Year())
	switch {
	case wholeMonths && months == 1:
		return "tháng " + strconv.Itoa(int(f.Month())) + " năm " + year
	case wholeMonths && months == 3 && (f.Month()-1)%3 == 0:
		return "quý " + [...]string{"I", "II", "III", "IV"}[(f.Month()-1)/3] + " năm " + year
	case wholeMonths && months == 6 && f.Month() == 1:
		return "6 tháng đầu năm " + year
	case wholeMonths && months == 6 && f.Month() == 7:
		return "6 tháng cuối năm " + year
	case wholeMonths && months == 12 && f.Month() == 1:
		return "năm " + year
	}
	return "từ ngày " + vn.ISODate(from) + " đến ngày " + vn.ISODate(to)
}

// defaults prefills the narrative from the records; officials edit it.
func (r *Report) defaults() Narrative {
	p := r.Plan
	n := Narrative{Number: "      /BC-UBND", RecipientTo: "Ủy ban nhân dân Thành phố Hồ Chí Minh", SignerTitle: p.SignerTitle, SignerName: p.SignerName}
	lead := "các đơn vị"
	units := map[string]bool{}
	for _, s := range p.Sections {
		for _, t := range s.Tasks {
			for _, a := range t.Assignments {
				units[a.UnitName] = true
				if a.UnitID == p.LeadUnitID && p.LeadUnitID != 0 {
					lead = a.UnitName
				}
			}
		}
	}
	n.Direction = "Ủy ban nhân dân phường ban hành Kế hoạch số " + p.Number + " ngày " + vn.ISODate(p.IssuedOn) + " về " + vn.LowerFirst(p.Title) +
		", phân công nhiệm vụ cụ thể cho " + strconv.Itoa(len(units)) + " đơn vị và khu phố; giao " + lead + " chủ trì, hướng dẫn, kiểm tra, đôn đốc việc thực hiện."
	if r.Reminders > 0 {
		n.Direction += " Trong kỳ, đã gửi " + strconv.Itoa(r.Reminders) + " văn bản đôn đốc các đơn vị thực hiện và báo cáo."
	}
	// Exemplary models: the best-attended activities on the theme of models.
	var models []Item
	for _, it := range r.Items {
		for _, t := range it.themes {
			if t == "4" && it.Description != "" {
				models = append(models, it)
			}
		}
	}
	sort.SliceStable(models, func(i, j int) bool { return models[i].People > models[j].People })
	var lines []string
	for i, m := range models {
		if i == 5 {
			break
		}
		lines = append(lines, "- "+m.Unit+" ("+vn.ISODate(m.HeldOn)+"): "+strings.TrimSuffix(m.Description, ".")+".")
	}
	if len(lines) == 0 {
		lines = append(lines, "Trong kỳ chưa ghi nhận mô hình, cách làm hay nổi bật.")
	}
	n.Models = strings.Join(lines, "\n")
	var short []string
	if len(r.Silent) > 0 {
		short = append(short, "- "+strconv.Itoa(len(r.Silent))+"/"+strconv.Itoa(r.KhuPho)+" khu phố chưa ghi nhận hoạt động tuyên truyền trong kỳ: "+listNames(r.Silent, 12)+".")
	}
	var idle []string
	for _, c := range r.ByChannel {
		if c.Activities == 0 {
			idle = append(idle, vn.LowerFirst(c.Label))
		}
	}
	if len(idle) > 0 {
		short = append(short, "- Chưa triển khai hình thức: "+strings.Join(idle, "; ")+".")
	}
	var late []string
	for _, u := range r.ByUnit {
		if a, b, ok := strings.Cut(u.Reports, "/"); ok && a != b {
			late = append(late, u.Label)
		}
	}
	if len(late) > 0 {
		short = append(short, "- Một số đơn vị chưa báo cáo định kỳ đúng hạn: "+listNames(late, 12)+".")
	}
	if k := r.Tasks[plan.Overdue]; k > 0 {
		short = append(short, "- Còn "+strconv.Itoa(k)+" lượt nhiệm vụ quá hạn chưa hoàn thành.")
	}
	if len(short) == 0 {
		short = append(short, "Không có tồn tại, hạn chế đáng kể.")
	}
	n.Shortcomings = strings.Join(short, "\n")
	n.NextSteps = "- Tiếp tục triển khai các nội dung của Kế hoạch số " + p.Number + "; tập trung tuyên truyền tại các khu phố chưa có hoạt động.\n" +
		"- Đẩy mạnh hướng dẫn người dân sử dụng dịch vụ công trực tuyến, thanh toán trực tuyến.\n" +
		"- Các đơn vị, khu phố ghi nhận hoạt động và gửi báo cáo định kỳ đúng hạn."
	n.Proposals = "Đề nghị cấp trên tiếp tục cung cấp tài liệu, pa-nô, áp phích tuyên truyền cải cách hành chính và hỗ trợ kinh phí cho công tác tuyên truyền tại khu phố."
	n.Recipients = strings.Join([]string{"Như trên;", "Sở Nội vụ Thành phố;", "TT. HĐND - UBND Phường;", "UBMTTQVN và các đoàn thể Phường;", "Các phòng, ban, đơn vị phường;", "Lưu: VT, VHXH."}, "\n")
	return n
}

func listNames(names []string, max int) string {
	if len(names) <= max {
		return strings.Join(names, ", ")
	}
	return strings.Join(names[:max], ", ") + fmt.Sprintf(" và %d nơi khác", len(names)-max)
}
