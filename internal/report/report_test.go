package report_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"flag"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/cchc-vn/cchc/internal/account"
	"github.com/cchc-vn/cchc/internal/activity"
	"github.com/cchc-vn/cchc/internal/audit"
	"github.com/cchc-vn/cchc/internal/check"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/db/dbtest"
	"github.com/cchc-vn/cchc/internal/docx/docxtest"
	"github.com/cchc-vn/cchc/internal/exemplar"
	"github.com/cchc-vn/cchc/internal/filestore"
	"github.com/cchc-vn/cchc/internal/plan"
	"github.com/cchc-vn/cchc/internal/report"
	"github.com/cchc-vn/cchc/internal/seed"
	"github.com/cchc-vn/cchc/internal/survey"
	"github.com/cchc-vn/cchc/internal/unitreport"
	"github.com/cchc-vn/cchc/internal/vn"
	"github.com/cchc-vn/cchc/internal/ward"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// fixture records a small, fixed half-year: the same report every run.
func fixture(t *testing.T, d *db.DB) (*ward.Ward, time.Time) {
	ctx := context.Background()
	if _, err := seed.Load(ctx, d); err != nil {
		t.Fatal(err)
	}
	w, _ := ward.ByCode(ctx, d, "27427")
	p, _ := plan.Current(ctx, d, w.ID)
	lead, _ := ward.UnitByCode(ctx, d, w.ID, "vh-xh")
	u, err := account.Create(ctx, d, w.ID, account.NewUser{Username: "vhxh", FullName: "Nguyễn Thị Thu Hà", Role: account.RoleLeadOfficer, UnitID: lead.ID, Password: "mat-khau-du-dai"})
	if err != nil {
		t.Fatal(err)
	}
	actor := audit.Actor{WardID: w.ID, UserID: u.ID, Username: u.Username}
	files, _ := filestore.NewLocal(t.TempDir())
	unit := func(code string) int64 { x, _ := ward.UnitByCode(ctx, d, w.ID, code); return x.ID }
	day := func(s string) time.Time {
		t, _ := time.ParseInLocation(time.DateOnly, s, vn.Zone)
		return t.Add(10 * time.Hour)
	}
	for _, in := range []activity.Input{
		{UnitID: unit("kp-03"), HeldOn: "05/07/2025", ChannelCode: "hoi-nghi", Themes: []string{"2", "3"}, PlaceUnitID: unit("kp-03"), Quantity: "1", QuantityUnit: "buổi", People: "80", Cost: "200.000", Description: "Họp khu phố, hướng dẫn nộp hồ sơ trực tuyến"},
		{UnitID: unit("kp-03"), HeldOn: "12/08/2025", ChannelCode: "loa", Themes: []string{"3"}, PlaceUnitID: unit("kp-03"), Quantity: "6", QuantityUnit: "lượt phát loa", People: "0"},
		{UnitID: unit("cong-an"), HeldOn: "20/09/2025", ChannelCode: "hoi-nghi", Themes: []string{"4"}, PlaceName: "Trụ sở Công an phường", Quantity: "1", QuantityUnit: "buổi", People: "120", Description: "Tổ định danh điện tử lưu động hỗ trợ người cao tuổi kích hoạt VNeID tại nhà"},
		{UnitID: unit("vp-hdnd-ubnd"), HeldOn: "03/10/2025", ChannelCode: "cong-ttdt-mxh", Themes: []string{"2"}, PlaceName: "Cổng thông tin điện tử phường", Quantity: "4", QuantityUnit: "tin, bài", People: "2.300", Link: "https://phudinh.example/tin/1"},
		{UnitID: unit("kp-07"), HeldOn: "15/11/2025", ChannelCode: "truc-quan", Themes: []string{"1"}, PlaceUnitID: unit("kp-07"), Quantity: "2", QuantityUnit: "băng-rôn, khẩu hiệu", Cost: "1.500.000"},
	} {
		if _, err := activity.Record(ctx, d, files, u, actor, in, day("2025-12-20")); err != nil {
			t.Fatal(err)
		}
	}
	// The honour roll: one model approved in the period, one approved after
	// the report's date, one declined; only the first is the report's.
	leader, err := account.Create(ctx, d, w.ID, account.NewUser{Username: "lanhdao", FullName: "Trần Văn Lộc", Role: account.RoleLeader, Password: "mat-khau-du-dai"})
	if err != nil {
		t.Fatal(err)
	}
	byLeader := audit.Actor{WardID: w.ID, UserID: leader.ID, Username: leader.Username}
	for _, m := range []struct {
		name, achievement, decided string
		approve                    bool
	}{
		{"Tổ định danh điện tử lưu động", "Hỗ trợ người cao tuổi kích hoạt VNeID tại nhà", "2025-12-22", true},
		{"Chị Lê Thị Lan", "Hướng dẫn nộp hồ sơ trực tuyến ở chợ", "2026-02-01", true},
		{"Anh Võ Văn Tư", "Phát loa đúng giờ", "2025-12-23", false},
	} {
		id, err := exemplar.Nominate(ctx, d, u, actor, exemplar.Input{Kind: exemplar.Collective, Name: m.name, UnitName: "Công an phường", Achievement: m.achievement}, day("2025-12-21"))
		if err != nil {
			t.Fatal(err)
		}
		if err := exemplar.Decide(ctx, d, leader, byLeader, id, m.approve, "Không đủ tiêu chí", day(m.decided)); err != nil {
			t.Fatal(err)
		}
	}
	// The police report July on time.
	d.InTx(ctx, func(tx *db.Tx) error {
		police, _ := account.Create(ctx, tx, w.ID, account.NewUser{Username: "congan", FullName: "Phạm Đức Thắng", Role: account.RoleUnitOfficer, UnitID: unit("cong-an"), Password: "mat-khau-du-dai"})
		_, err := unitreport.Submit(ctx, tx, police, audit.Actor{WardID: w.ID, UserID: police.ID}, p, unit("cong-an"), "2025-07", "Lồng ghép khi đăng ký cư trú.", day("2025-08-02"))
		return err
	})
	return w, day("2026-01-05")
}

// normalise re-indents XML so that a diff shows what changed, element by element.
func normalise(t *testing.T, s string) string {
	dec := xml.NewDecoder(strings.NewReader(s))
	var b bytes.Buffer
	enc := xml.NewEncoder(&b)
	enc.Indent("", " ")
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v", err)
		}
		if _, ok := tok.(xml.ProcInst); ok {
			continue
		}
		if cd, ok := tok.(xml.CharData); ok && len(bytes.TrimSpace(cd)) == 0 {
			continue
		}
		enc.EncodeToken(xml.CopyToken(tok))
	}
	enc.Flush()
	return b.String()
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		os.WriteFile(path, []byte(got), 0o644)
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if string(want) != got {
		wl, gl := strings.Split(string(want), "\n"), strings.Split(got, "\n")
		for i := 0; i < len(wl) && i < len(gl); i++ {
			if wl[i] != gl[i] {
				t.Fatalf("%s differs at line %d:\nwant %s\n got %s\n(run with -update if the change is intended)", name, i+1, wl[i], gl[i])
			}
		}
		t.Fatalf("%s differs in length: want %d lines, got %d", name, len(wl), len(gl))
	}
}

func TestReportDOCX(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w, now := fixture(t, d)
		r, err := report.Build(ctx, d, w, "2025-07-01", "2025-12-31", now)
		if err != nil {
			t.Fatal(err)
		}
		if r.PeriodLabel != "6 tháng cuối năm 2025" || r.Total.Activities != 5 || r.Total.People != 2500 || r.Total.Cost != 1_700_000 || r.Reached != 2 || r.KhuPho != 59 {
			t.Errorf("figures: %q %+v reached %d/%d", r.PeriodLabel, r.Total, r.Reached, r.KhuPho)
		}
		if r.Narrative.Models != "- Tổ định danh điện tử lưu động (Công an phường): Hỗ trợ người cao tuổi kích hoạt VNeID tại nhà." ||
			!strings.Contains(r.Narrative.Shortcomings, "57/59 khu phố chưa ghi nhận hoạt động tuyên truyền trong kỳ: Khu phố 1, 2, 4, 5, 6, 8,") ||
			strings.Contains(r.Narrative.Shortcomings, "nơi khác") {
			t.Errorf("prefilled narrative:\n%s\n%s", r.Narrative.Models, r.Narrative.Shortcomings)
		}
		for _, part := range r.Parts() {
			switch part[0] {
			case "word/document.xml":
				golden(t, "document.xml", normalise(t, part[1]))
			case "word/charts/chart1.xml":
				golden(t, "chart1.xml", normalise(t, part[1]))
			default:
				normalise(t, part[1]) // every part well-formed
			}
		}
		var a, b bytes.Buffer
		r.WriteDOCX(&a)
		r.WriteDOCX(&b)
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Error("the same report gave different bytes")
		}
		if _, err := zip.NewReader(bytes.NewReader(a.Bytes()), int64(a.Len())); err != nil {
			t.Fatal(err)
		}

		var x bytes.Buffer
		if err := r.WriteXLSX(&x); err != nil {
			t.Fatal(err)
		}
		f, err := excelize.OpenReader(&x)
		if err != nil {
			t.Fatal(err)
		}
		// The summary sheet lists every khu phố, those without activity with zeros.
		sum, _ := f.GetRows("Tổng hợp")
		kps, zero := 0, 0
		for _, row := range sum {
			if len(row) > 2 && strings.HasPrefix(row[1], "Khu phố ") {
				kps++
				if row[2] == "0" {
					zero++
				}
			}
		}
		if kps != 59 || zero != 57 {
			t.Errorf("the annex lists %d khu phố, %d of them with no activity; want 59 and 57", kps, zero)
		}
		rows, _ := f.GetRows("Danh sách hoạt động")
		if len(rows) != 3+5 || rows[3][1] != "05/07/2025" || rows[3][2] != "Khu phố 3" || rows[7][9] != "1,500,000" && rows[7][9] != "1500000" {
			t.Errorf("annex rows: %d %v", len(rows), rows[len(rows)-1])
		}

		q, err := report.Build(ctx, d, w, "2025-07-01", "2025-09-30", now)
		if err != nil || q.PeriodLabel != "quý III năm 2025" || q.Total.Activities != 3 {
			t.Errorf("quarter: %v %q %+v", err, q.PeriodLabel, q.Total)
		}
		var ce check.Errors
		if _, err := report.Build(ctx, d, w, "2024-01-01", "2024-03-31", now); !errors(err, &ce) {
			t.Errorf("a period without a plan: %v", err)
		}
		if _, err := report.Build(ctx, d, w, "2025-12-31", "2025-07-01", now); !errors(err, &ce) || ce["to"] == "" {
			t.Errorf("reversed range: %v", err)
		}
	})
}

func errors(err error, ce *check.Errors) bool {
	c, ok := err.(check.Errors)
	*ce = c
	return ok
}

// TestReportOpensInLibreOffice converts the document to PDF with
// LibreOffice headless and reads its text back: what a user opening the
// file would see.
func TestReportOpensInLibreOffice(t *testing.T) {
	d := dbtest.Open(t, db.SQLite)
	w, now := fixture(t, d)
	r, err := report.Build(context.Background(), d, w, "2025-07-01", "2025-12-31", now)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	r.WriteDOCX(&buf)
	s, pdf := docxtest.PDFText(t, "bao-cao", buf.Bytes())
	for _, want := range []string{"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "PHƯỜNG PHÚ ĐỊNH", "Phú Định, ngày 05 tháng 01 năm 2026",
		"BÁO CÁO", "Kết quả công tác tuyên truyền cải cách hành chính 6 tháng cuối năm 2025", "Bảng 2. Kết quả theo hình thức tuyên truyền",
		"Loa di động khu phố", "Công an phường", "Nơi nhận:", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Bùi Trung Trực", "2.500"} {
		if !strings.Contains(s, want) {
			t.Errorf("the PDF lacks %q", want)
		}
	}
	// The chart draws its channel names next to the table's: each appears twice.
	if n := strings.Count(s, "Thi đua – khen thưởng"); n < 2 {
		t.Errorf("the chart's categories are missing (%d occurrences)", n)
	}
	if fonts, err := exec.Command("pdffonts", pdf).Output(); err == nil {
		if !strings.Contains(string(fonts), "Times") && !strings.Contains(string(fonts), "LiberationSerif") {
			t.Errorf("not set in Times New Roman or its metric twin:\n%s", fonts)
		}
	}
	if testing.Verbose() {
		os.WriteFile(filepath.Join(os.TempDir(), "cchc-bao-cao.pdf"), mustRead(t, pdf), 0o644)
	}
}

func mustRead(t *testing.T, p string) []byte {
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestReportShowsMeasuredChange: a survey with a wave in the period gains
// the report a section with each share, its interval and the change in
// words; the honour roll moves to 7.
func TestReportShowsMeasuredChange(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w, now := fixture(t, d)
		lead, _ := account.ByUsername(ctx, d, w.ID, "vhxh")
		s, err := survey.Create(ctx, d, lead, audit.Actor{WardID: w.ID}, survey.Input{Title: "Khảo sát hiểu biết 6 tháng cuối năm 2025",
			Waves:     []survey.WaveInput{{OpensOn: "01/07/2025", ClosesOn: "15/07/2025"}, {OpensOn: "01/12/2025", ClosesOn: "15/12/2025"}},
			Questions: survey.Template[:1]}, map[string]string{}, now.AddDate(0, -6, 0))
		if err != nil {
			t.Fatal(err)
		}
		if err := survey.SetStatus(ctx, d, lead, audit.Actor{WardID: w.ID}, s.ID, survey.Open, now.AddDate(0, -6, 0)); err != nil {
			t.Fatal(err)
		}
		s, _ = survey.Get(ctx, d, w.ID, s.ID)
		for wi, k := range []int{41, 63} { // of 100 each
			for i := range 100 {
				ans := map[int64]int{s.Questions[0].ID: map[bool]int{true: 0, false: 1}[i < k]}
				if _, err := survey.Answer(ctx, d, w.ID, s.ID, lead, survey.Response{AgeGroup: "30-44", Sex: "nu", Answers: ans, WaveID: s.Waves[wi].ID}, now); err != nil {
					t.Fatal(err)
				}
			}
		}
		r, err := report.Build(ctx, d, w, "2025-07-01", "2025-12-31", now)
		if err != nil {
			t.Fatal(err)
		}
		var doc string
		for _, part := range r.Parts() {
			if part[0] == "word/document.xml" {
				doc = part[1]
			}
		}
		want := survey.Difference(survey.Wilson(41, 100), survey.Wilson(63, 100)).Statement(survey.Template[0].Measure)
		for _, s := range []string{"6. Kết quả khảo sát mức độ hiểu biết của người dân", "7. Gương điển hình, cách làm hay", "Bảng 4. Khảo sát hiểu biết 6 tháng cuối năm 2025",
			"41 % (32–51 %)", "63 % (53–72 %)", "+22 (+8 đến +35)", want} {
			if !strings.Contains(doc, s) {
				t.Errorf("the report lacks %q", s)
			}
		}
		// A quarter before the follow-up shows the baseline only.
		q, err := report.Build(ctx, d, w, "2025-07-01", "2025-09-30", now)
		if err != nil || len(q.Surveys) != 1 || q.Surveys[0].Questions[0].All.Waves[0].N != 100 || q.Surveys[0].Questions[0].All.Waves[1].N != 0 {
			t.Fatalf("quarter: %v", err)
		}
	})
}
