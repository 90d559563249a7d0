package web

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"encoding/xml"
	"io"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/db/dbtest"
	"github.com/cchc-vn/cchc/internal/demo"
)

// figuresOf is what one screen or document says of a period, in the same
// terms for all three: totals, task status, reports on time, and the
// channel and unit tables.
type figuresOf struct {
	Activities, People, Cost string
	KhuPho                   string // reached/total
	Tasks                    map[string]string
	Reports                  string            // on time/due
	Channels                 map[string]string // name → "activities|people|cost"
	Units                    map[string]string // name → "activities|people|cost|reports"
}

// The dashboard, the JSON API and the signed report give the same numbers
// for the same period and day, on the demonstration's half-year with its
// late and missing reports and its overdue tasks.
func TestDashboardAPIAndReportAgree(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnvOf(t, d, demo.Full)
		lead := e.as("vhxh")
		const day = "10/01/2026"

		dash := body(t, lead.get("/quan-ly/tong-quan?tu=07/2025&den=12/2025&ngay="+day))
		fromDash := dashboardFigures(t, dash)

		var api struct {
			AsOf       string `json:"as_of"`
			Activities struct {
				Total     struct{ Activities, People, Cost int64 }
				ByChannel []struct {
					Name                     string
					Activities, People, Cost int64
				} `json:"by_channel"`
				ByUnit []struct {
					Key, Name                string
					Activities, People, Cost int64
				} `json:"by_unit"`
				KhuPho  int `json:"khu_pho"`
				Reached int `json:"khu_pho_reached"`
			}
			Tasks   map[string]int
			Reports struct {
				Due    int
				OnTime int `json:"on_time"`
				ByUnit []struct {
					UnitID int64 `json:"unit_id"`
					Due    int
					OnTime int `json:"on_time"`
				} `json:"by_unit"`
			}
		}
		if err := json.Unmarshal([]byte(body(t, e.anon().get("/api/v1/plans/"+itoa64(e.plan.ID)+"/figures?from=2025-07-01&to=2025-12-31&as_of=2026-01-10"))), &api); err != nil {
			t.Fatal(err)
		}
		if api.AsOf != "2026-01-10" {
			t.Errorf("the API's as_of is %s", api.AsOf)
		}
		n := func(v int64) string { return groupDigits(strconv.FormatInt(v, 10)) }
		fromAPI := figuresOf{Activities: n(api.Activities.Total.Activities), People: n(api.Activities.Total.People), Cost: n(api.Activities.Total.Cost),
			KhuPho: strconv.Itoa(api.Activities.Reached) + "/" + strconv.Itoa(api.Activities.KhuPho), Tasks: map[string]string{},
			Reports: strconv.Itoa(api.Reports.OnTime) + "/" + strconv.Itoa(api.Reports.Due), Channels: map[string]string{}, Units: map[string]string{}}
		for _, k := range []string{"done", "in_progress", "not_started", "overdue"} {
			fromAPI.Tasks[k] = strconv.Itoa(api.Tasks[k])
		}
		for _, c := range api.Activities.ByChannel {
			fromAPI.Channels[c.Name] = n(c.Activities) + "|" + n(c.People) + "|" + n(c.Cost)
		}
		reports := map[string]string{}
		for _, r := range api.Reports.ByUnit {
			if r.Due > 0 {
				reports[itoa64(r.UnitID)] = strconv.Itoa(r.OnTime) + "/" + strconv.Itoa(r.Due)
			}
		}
		// The report lists the units and sums the khu phố (their lines are in its annex).
		reportUnits := map[string]string{}
		var kp struct{ activities, people, cost int64 }
		for _, u := range api.Activities.ByUnit {
			if u.Activities > 0 {
				fromAPI.Units[u.Name] = n(u.Activities) + "|" + n(u.People) + "|" + n(u.Cost) + "|" + reports[u.Key]
			}
			if strings.HasPrefix(u.Name, "Khu phố ") {
				kp.activities, kp.people, kp.cost = kp.activities+u.Activities, kp.people+u.People, kp.cost+u.Cost
			} else if u.Activities > 0 {
				reportUnits[u.Name] = fromAPI.Units[u.Name]
			}
		}
		reportUnits["khu phố"] = n(kp.activities) + "|" + n(kp.people) + "|" + n(kp.cost) + "|"

		resp := lead.post("/quan-ly/bao-cao", url.Values{"tu": {"01/07/2025"}, "den": {"31/12/2025"}, "ngay": {day}, "number": {"12/BC-UBND"},
			"signer_title": {"CHỦ TỊCH"}, "signer_name": {"Nguyễn Văn A"}})
		docx := readAll(t, resp)
		if resp.StatusCode != 200 {
			t.Fatalf("report: %d %s", resp.StatusCode, docx)
		}
		fromDOCX := reportFigures(t, docx)

		if fromAPI.Tasks["overdue"] == "0" || fromAPI.Reports == "0/0" || len(fromAPI.Units) < 10 {
			t.Fatalf("the demonstration lacks what this test compares: %+v", fromAPI)
		}
		for name, got := range map[string]figuresOf{"dashboard": fromDash, "report": fromDOCX} {
			if got.Activities != fromAPI.Activities || got.People != fromAPI.People || got.Cost != fromAPI.Cost || got.KhuPho != fromAPI.KhuPho {
				t.Errorf("%s totals %s, %s, %s, %s; the API %s, %s, %s, %s", name, got.Activities, got.People, got.Cost, got.KhuPho,
					fromAPI.Activities, fromAPI.People, fromAPI.Cost, fromAPI.KhuPho)
			}
			for k, v := range fromAPI.Tasks {
				if got.Tasks[k] != v {
					t.Errorf("%s: %s tasks %q, the API %q", name, k, got.Tasks[k], v)
				}
			}
			for k, v := range fromAPI.Channels {
				if got.Channels[k] != v {
					t.Errorf("%s: channel %s %q, the API %q", name, k, got.Channels[k], v)
				}
			}
			want := fromAPI.Units
			if name == "report" {
				want = reportUnits
			}
			for k, v := range want {
				if got.Units[k] != v {
					t.Errorf("%s: unit %s %q, the API %q", name, k, got.Units[k], v)
				}
			}
			if len(got.Units) != len(want) {
				t.Errorf("%s lists %d units with activities, the API %d", name, len(got.Units), len(want))
			}
		}
		if fromDash.Reports != fromAPI.Reports {
			t.Errorf("reports on time: dashboard %s, API %s", fromDash.Reports, fromAPI.Reports)
		}
		if !strings.Contains(dash, "tính đến ngày <strong>"+day+"</strong>") {
			t.Error("the dashboard does not say as of which day")
		}
	})
}

func groupDigits(s string) string {
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	return b.String()
}

var (
	tagRe   = regexp.MustCompile(`<[^>]+>`)
	spaceRe = regexp.MustCompile(`\s+`)
)

func plainText(html string) string {
	return strings.TrimSpace(spaceRe.ReplaceAllString(strings.ReplaceAll(tagRe.ReplaceAllString(html, " "), "&nbsp;", " "), " "))
}

// tableRows returns the rows of the table with id, each as its cells' text.
func tableRows(t *testing.T, page, id string) [][]string {
	t.Helper()
	i := strings.Index(page, `id="`+id+`"`)
	if i < 0 {
		t.Fatalf("no table %s", id)
	}
	tbl := page[i:]
	tbl = tbl[strings.Index(tbl, "<tbody>"):strings.Index(tbl, "</tbody>")]
	var out [][]string
	for _, tr := range strings.Split(tbl, "<tr>")[1:] {
		var cells []string
		for _, c := range regexp.MustCompile(`<t[hd][^>]*>(.*?)</t[hd]>`).FindAllStringSubmatch(tr, -1) {
			cells = append(cells, plainText(c[1]))
		}
		out = append(out, cells)
	}
	return out
}

func dashboardFigures(t *testing.T, page string) figuresOf {
	t.Helper()
	byID := func(id string) string {
		m := regexp.MustCompile(`id="` + id + `">([^<]*)<`).FindStringSubmatch(page)
		if m == nil {
			t.Fatalf("the dashboard has no %s", id)
		}
		return m[1]
	}
	f := figuresOf{Activities: byID("so-hoat-dong"), People: byID("so-luot-nguoi"), Cost: strings.TrimSuffix(byID("kinh-phi"), " đ"),
		KhuPho: byID("khu-pho"), Reports: byID("bao-cao-dung-han"), Tasks: map[string]string{}, Channels: map[string]string{}, Units: map[string]string{}}
	tasks := page[strings.Index(page, "<h2>Nhiệm vụ"):]
	for _, m := range regexp.MustCompile(`<span class="badge s-(\w+)">([\d.]+)</span>`).FindAllStringSubmatch(tasks, 4) {
		f.Tasks[m[1]] = m[2]
	}
	for _, r := range tableRows(t, page, "theo-hinh-thuc") {
		f.Channels[r[0]] = r[1] + "|" + r[3] + "|" + strings.TrimSuffix(r[4], " đ")
	}
	for _, r := range tableRows(t, page, "theo-don-vi") {
		if r[1] == "0" { // the table lists every unit, those without activities first
			continue
		}
		f.Units[r[0]] = r[1] + "|" + r[2] + "|" + strings.TrimSuffix(r[3], " đ") + "|" + strings.TrimPrefix(r[4], "–")
	}
	return f
}

// reportFigures reads the DOCX's text: the results paragraph, the tasks
// paragraph and tables 2 (channels) and 3 (units).
func reportFigures(t *testing.T, docx []byte) figuresOf {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(docx), int64(len(docx)))
	if err != nil {
		t.Fatal(err)
	}
	var doc []byte
	for _, f := range z.File {
		if f.Name == "word/document.xml" {
			rc, _ := f.Open()
			doc, _ = io.ReadAll(rc)
			rc.Close()
		}
	}
	// Paragraphs and tables as text, in order.
	type para struct {
		table int // 0 outside tables, else the table's number
		row   []string
		text  string
	}
	var paras []para
	dec := xml.NewDecoder(bytes.NewReader(doc))
	tables, depth := 0, 0
	var cur strings.Builder
	var row []string
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		switch x := tok.(type) {
		case xml.StartElement:
			switch x.Name.Local {
			case "tbl":
				depth++
				if depth == 1 {
					tables++
				}
			case "tr":
				row = nil
			case "p":
				cur.Reset()
			}
		case xml.CharData:
			cur.Write(x)
		case xml.EndElement:
			switch x.Name.Local {
			case "tbl":
				depth--
			case "tc":
				row = append(row, strings.TrimSpace(cur.String()))
			case "tr":
				if depth > 0 {
					paras = append(paras, para{table: tables, row: row})
				}
			case "p":
				if depth == 0 {
					paras = append(paras, para{text: cur.String()})
				}
			}
		}
	}
	f := figuresOf{Tasks: map[string]string{}, Channels: map[string]string{}, Units: map[string]string{}}
	results := regexp.MustCompile(`đã tổ chức ([\d.]+) hoạt động tuyên truyền với ([\d.]+) lượt người được tuyên truyền; kinh phí thực hiện ([\d.]+) đ\. Có (\d+/\d+) khu phố`)
	tasks := regexp.MustCompile(`tính đến ngày 10/01/2026: trong [\d.]+ lượt nhiệm vụ được giao, có ([\d.]+) lượt đã hoàn thành, ([\d.]+) lượt đang thực hiện, ([\d.]+) lượt chưa thực hiện và ([\d.]+) lượt quá hạn`)
	kpRow := regexp.MustCompile(`^\d+ khu phố \(chi tiết ở phụ lục\)$`)
	// The layout table of the header block is table 1: results are tables 2 (themes), 3 (channels) and 4 (units).
	var unitTable, channelTable int
	for _, p := range paras {
		if m := results.FindStringSubmatch(p.text); m != nil {
			f.Activities, f.People, f.Cost, f.KhuPho = m[1], m[2], m[3], m[4]
		}
		if m := tasks.FindStringSubmatch(p.text); m != nil {
			f.Tasks["done"], f.Tasks["in_progress"], f.Tasks["not_started"], f.Tasks["overdue"] = m[1], m[2], m[3], m[4]
		}
		if p.table > 0 && len(p.row) == 6 && p.row[1] == "Hình thức" {
			channelTable = p.table
		}
		if p.table > 0 && len(p.row) == 6 && p.row[1] == "Đơn vị, khu phố" {
			unitTable = p.table
		}
		if p.table == channelTable && channelTable > 0 && p.row[0] != "STT" && p.row[0] != "Tổng cộng" && len(p.row) == 6 {
			f.Channels[p.row[1]] = p.row[2] + "|" + p.row[4] + "|" + p.row[5]
		}
		if p.table == unitTable && unitTable > 0 && p.row[0] != "STT" && p.row[2] != "0" {
			reports := p.row[5]
			if reports == "–" || reports == "-" {
				reports = ""
			}
			label := p.row[1]
			if kpRow.MatchString(label) {
				label = "khu phố"
			}
			f.Units[label] = p.row[2] + "|" + p.row[3] + "|" + p.row[4] + "|" + reports
		}
	}
	if f.Activities == "" || len(f.Tasks) == 0 || len(f.Channels) == 0 || len(f.Units) == 0 {
		t.Fatalf("could not read the report's figures: %+v", f)
	}
	return f
}
