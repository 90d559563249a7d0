package web

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/cchc-vn/cchc/internal/activity"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/db/dbtest"
	"github.com/cchc-vn/cchc/internal/notice"
	"github.com/cchc-vn/cchc/internal/plan"
	"github.com/cchc-vn/cchc/internal/unitreport"
)

func (c *client) postFile(path, field, name string, data []byte) *http.Response {
	var mb bytes.Buffer
	mw := multipart.NewWriter(&mb)
	mw.WriteField("csrf", c.csrf)
	fw, _ := mw.CreateFormFile(field, name)
	fw.Write(data)
	mw.Close()
	req, _ := http.NewRequest("POST", c.e.ts.URL+path, &mb)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req)
}

func readAll(t *testing.T, resp *http.Response) []byte {
	t.Helper()
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return b
}

// TestActivityEditDeleteAndImport: a khu phố head corrects and removes a
// record; the lead unit imports a spreadsheet, first with errors, then clean.
func TestActivityEditDeleteAndImport(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		kp := e.as("kp01")
		unit := itoa64(e.users["kp01"].UnitID)
		resp := kp.postMultipart("/quan-ly/hoat-dong", map[string][]string{"unit_id": {unit}, "held_on": {"15/09/2025"}, "channel": {"hoi-nghi"},
			"themes": {"2"}, "place_unit_id": {unit}, "quantity": {"1"}, "quantity_unit": {"buổi"}, "people": {"50"}}, map[string][]byte{"a.jpg": gpsPhoto()})
		loc := resp.Header.Get("Location")
		resp.Body.Close()
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("record: %d", resp.StatusCode)
		}
		page := body(t, kp.get(loc+"/sua"))
		if !strings.Contains(page, `value="15/09/2025"`) || !strings.Contains(page, `name="remove_evidence"`) {
			t.Fatal("edit form is not prefilled")
		}
		// Another khu phố head may neither open nor change it.
		if r := e.as("kp02").get(loc + "/sua"); r.StatusCode != http.StatusForbidden {
			t.Errorf("kp02 opened kp01's record: %d", r.StatusCode)
		}
		resp = kp.postMultipart(loc+"/sua", map[string][]string{"unit_id": {unit}, "held_on": {"16/09/2025"}, "channel": {"loa"}, "themes": {"3"},
			"place_unit_id": {unit}, "quantity": {"abc"}, "quantity_unit": {"lượt phát loa"}}, nil)
		if b := body(t, resp); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(b, "Số lượng phải là số") {
			t.Fatalf("bad edit: %d", resp.StatusCode)
		}
		resp = kp.postMultipart(loc+"/sua", map[string][]string{"unit_id": {unit}, "held_on": {"16/09/2025"}, "channel": {"loa"}, "themes": {"3"},
			"place_unit_id": {unit}, "quantity": {"3"}, "quantity_unit": {"lượt phát loa"}, "people": {"0"}}, nil)
		resp.Body.Close()
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("edit: %d", resp.StatusCode)
		}
		if b := body(t, kp.get(loc)); !strings.Contains(b, "Loa di động khu phố, ngày 16/09/2025") {
			t.Error("edit not shown")
		}
		resp = kp.post(loc+"/xoa", nil)
		resp.Body.Close()
		if r := kp.get(loc); r.StatusCode != http.StatusNotFound {
			t.Errorf("deleted activity still served: %d", r.StatusCode)
		}

		lead := e.as("vhxh")
		before, _ := activity.List(context.Background(), d, e.ward.ID, activity.Filter{Month: "2025-10", Limit: 500})
		tpl := readAll(t, lead.get("/quan-ly/hoat-dong/mau-nhap.xlsx"))
		x, err := excelize.OpenReader(bytes.NewReader(tpl))
		if err != nil {
			t.Fatalf("template: %v", err)
		}
		rows := [][]any{
			{"02/10/2025", "Khu phố 5", "Hội nghị, họp dân, họp khu phố", "2", "5", "", 1, "buổi", 40, 0, "Họp khu phố", ""},
			{"03/10/2025", "Khu phố 6", "Không có hình thức này", "2", "6", "", 1, "buổi", 40, 0, "", ""},
		}
		for i, r := range rows {
			cell, _ := excelize.CoordinatesToCellName(1, i+2)
			x.SetSheetRow("Hoạt động", cell, &r)
		}
		var bad bytes.Buffer
		x.Write(&bad)
		resp = lead.postFile("/quan-ly/hoat-dong/nhap", "file", "hoat-dong.xlsx", bad.Bytes())
		b := body(t, resp)
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(b, "Không có hình thức này") || !strings.Contains(b, "chưa ghi dòng nào") {
			t.Fatalf("import with an error: %d", resp.StatusCode)
		}
		x.RemoveRow("Hoạt động", 3)
		var good bytes.Buffer
		x.Write(&good)
		resp = lead.postFile("/quan-ly/hoat-dong/nhap", "file", "hoat-dong.xlsx", good.Bytes())
		resp.Body.Close()
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("clean import: %d", resp.StatusCode)
		}
		as, _ := activity.List(context.Background(), d, e.ward.ID, activity.Filter{Month: "2025-10", Limit: 500})
		found := false
		for _, a := range as {
			found = found || a.HeldOn == "2025-10-02" && a.PlaceName == "Khu phố 5" && a.Description == "Họp khu phố" && a.People == 40
		}
		if len(as) != len(before)+1 || !found {
			t.Errorf("imported: %d after %d, found %v", len(as), len(before), found)
		}
		resp = lead.postFile("/quan-ly/hoat-dong/nhap", "file", "x.xlsx", []byte("<html>not excel</html>"))
		if b := body(t, resp); !strings.Contains(b, "Không đọc được tệp") {
			t.Error("garbage upload not refused clearly")
		}
	})
}

// TestPeriodicReportsRemindersAndOfficialReport walks the lead unit's
// month: the dashboard shows who has not reported, a reminder reaches the
// unit, the unit reports, the lead unit returns then accepts it, and the
// official report downloads with its annex.
func TestPeriodicReportsRemindersAndOfficialReport(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		lead, police := e.as("vhxh"), e.as("vanphong")
		b := body(t, lead.get("/quan-ly/tong-quan"))
		for _, want := range []string{"<svg", "Số hoạt động theo hình thức", "Đơn vị chưa báo cáo", "Kinh phí dự kiến và đã chi", "khu phố có hoạt động"} {
			if !strings.Contains(b, want) {
				t.Errorf("dashboard lacks %q", want)
			}
		}
		// The plan's periods are long over: every unit's December report is missing.
		if !strings.Contains(b, "Tháng 12/2025") || !strings.Contains(b, "Văn phòng") {
			t.Error("dashboard does not name the units that have not reported")
		}
		office := e.users["vanphong"].UnitID
		resp := lead.post("/quan-ly/don-doc", url.Values{"unit_id": {itoa64(office)}, "period": {"2025-12"}, "body": {"Đề nghị gửi báo cáo tháng 12."}, "back": {"/quan-ly/tong-quan"}})
		resp.Body.Close()
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/quan-ly/tong-quan" {
			t.Fatalf("reminder: %d %s", resp.StatusCode, resp.Header.Get("Location"))
		}
		if b := body(t, police.get("/quan-ly/thong-bao")); !strings.Contains(b, "Đôn đốc báo cáo Tháng 12/2025") || !strings.Contains(b, "Đề nghị gửi báo cáo tháng 12.") {
			t.Error("the unit did not get the reminder")
		}
		if b := body(t, police.get("/quan-ly")); !strings.Contains(b, `class="count"`) {
			t.Error("no unread count in the header")
		}
		ns, _ := notice.List(ctx, d, e.users["vanphong"].ID, 10)
		for _, link := range []string{"//evil.example/x", "/\\evil.example", "https://evil.example"} {
			resp := police.post("/quan-ly/thong-bao/da-doc", url.Values{"id": {itoa64(ns[0].ID)}, "link": {link}})
			resp.Body.Close()
			if loc := resp.Header.Get("Location"); loc != "/quan-ly/thong-bao" {
				t.Errorf("notice link %q redirected to %q", link, loc)
			}
		}
		resp = police.post("/quan-ly/thong-bao/da-doc", url.Values{"id": {itoa64(ns[0].ID)}, "link": {ns[0].Link}})
		resp.Body.Close()
		if resp.Header.Get("Location") != "/quan-ly/bao-cao-don-vi" {
			t.Errorf("opening a notice went to %q", resp.Header.Get("Location"))
		}

		if r := police.post("/quan-ly/don-doc", url.Values{"unit_id": {itoa64(office)}, "body": {"x"}}); r.StatusCode != http.StatusForbidden {
			t.Errorf("a unit officer sent a reminder: %d", r.StatusCode)
		}

		b = body(t, police.get("/quan-ly/bao-cao-don-vi"))
		if !strings.Contains(b, "Gửi báo cáo Tháng 12/2025") {
			t.Fatal("the office cannot submit its December report")
		}
		resp = police.post("/quan-ly/bao-cao-don-vi", url.Values{"unit_id": {itoa64(office)}, "period": {"2025-12"}, "narrative": {""}})
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("empty narrative: %d", resp.StatusCode)
		}
		resp.Body.Close()
		resp = police.post("/quan-ly/bao-cao-don-vi", url.Values{"unit_id": {itoa64(office)}, "period": {"2025-12"}, "narrative": {"Đăng 12 tin trên Cổng thông tin."}})
		loc := resp.Header.Get("Location")
		resp.Body.Close()
		if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/quan-ly/bao-cao-don-vi/") {
			t.Fatalf("submit: %d", resp.StatusCode)
		}
		if b := body(t, police.get(loc)); !strings.Contains(b, "muộn") {
			t.Error("a report sent after its due date is not marked late")
		}
		if r := e.as("kp01").get(loc); r.StatusCode != http.StatusForbidden {
			t.Errorf("a khu phố head read another unit's report: %d", r.StatusCode)
		}
		resp = lead.post(loc+"/duyet", url.Values{"decision": {"return"}, "comment": {""}})
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("return without a comment: %d", resp.StatusCode)
		}
		resp.Body.Close()
		lead.post(loc+"/duyet", url.Values{"decision": {"return"}, "comment": {"Bổ sung số lượt người."}}).Body.Close()
		if b := body(t, police.get("/quan-ly/thong-bao")); !strings.Contains(b, "đã được trả lại") {
			t.Error("the unit was not told of the return")
		}
		police.post("/quan-ly/bao-cao-don-vi", url.Values{"unit_id": {itoa64(office)}, "period": {"2025-12"}, "narrative": {"Đăng 12 tin; khoảng 3.000 lượt xem."}}).Body.Close()
		lead.post(loc+"/duyet", url.Values{"decision": {"accept"}}).Body.Close()
		p, _ := plan.Current(ctx, d, e.ward.ID)
		r, err := unitreport.Find(ctx, d, p.ID, office, "2025-12")
		if err != nil || r.Status != unitreport.Accepted || r.Narrative != "Đăng 12 tin; khoảng 3.000 lượt xem." {
			t.Fatalf("report after review: %+v %v", r, err)
		}

		// Budget: a bad amount is refused with a message, a good one saved.
		resp = lead.post("/quan-ly/ke-hoach/"+itoa64(p.ID)+"/kinh-phi", url.Values{"budget_" + itoa64(office): {"nhiều"}})
		if b := body(t, resp); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(b, "phải là số tiền") {
			t.Errorf("bad budget: %d", resp.StatusCode)
		}
		lead.post("/quan-ly/ke-hoach/"+itoa64(p.ID)+"/kinh-phi", url.Values{"budget_" + itoa64(office): {"5.000.000"}}).Body.Close()
		if bs, _ := plan.Budgets(ctx, d, p.ID); bs[office] != 5_000_000 {
			t.Errorf("budget saved: %v", bs)
		}
		if b := body(t, lead.get("/quan-ly/tong-quan")); !strings.Contains(b, "5.000.000 đ") {
			t.Error("dashboard does not show the planned budget")
		}

		// The official report: prefilled, edited, downloaded.
		b = body(t, lead.get("/quan-ly/bao-cao?tu=2025-07-01&den=2025-12-31"))
		if !strings.Contains(b, "6 tháng cuối năm 2025") || !strings.Contains(b, `name="shortcomings"`) || !strings.Contains(b, "khu phố chưa ghi nhận hoạt động") {
			t.Fatal("report form is not prefilled")
		}
		resp = lead.post("/quan-ly/bao-cao", url.Values{"tu": {"2025-07-01"}, "den": {"2025-12-31"}, "number": {"  /BC-UBND"}, "recipient_to": {"Sở Nội vụ"},
			"direction": {"Chỉ đạo sát sao."}, "models": {"Mô hình Zalo khu phố."}, "shortcomings": {"Còn khu phố chưa tuyên truyền."}, "next_steps": {"Tiếp tục."},
			"proposals": {"Đề nghị hỗ trợ."}, "signer_title": {"KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"}, "signer_name": {"Nguyễn Văn A"}, "recipients": {"Như trên;\nLưu: VT."}})
		doc := readAll(t, resp)
		if resp.Header.Get("Content-Type") != docxType || !strings.Contains(resp.Header.Get("Content-Disposition"), ".docx") {
			t.Fatalf("download: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		z, err := zip.NewReader(bytes.NewReader(doc), int64(len(doc)))
		if err != nil {
			t.Fatal(err)
		}
		var docXML string
		for _, f := range z.File {
			if f.Name == "word/document.xml" {
				rc, _ := f.Open()
				x, _ := io.ReadAll(rc)
				rc.Close()
				docXML = string(x)
			}
		}
		for _, want := range []string{"Mô hình Zalo khu phố.", "Nguyễn Văn A", "Kính gửi: Sở Nội vụ", "Bảng 3. Kết quả của các đơn vị, khu phố"} {
			if !strings.Contains(docXML, want) {
				t.Errorf("the document lacks %q", want)
			}
		}
		resp = lead.post("/quan-ly/bao-cao", url.Values{"tu": {"2025-07-01"}, "den": {"2025-12-31"}, "number": {""}, "signer_title": {""}, "signer_name": {"A"}})
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("report without number and signer: %d", resp.StatusCode)
		}
		resp.Body.Close()
		annex := readAll(t, lead.get("/quan-ly/bao-cao/phu-luc.xlsx?tu=2025-07-01&den=2025-12-31"))
		f, err := excelize.OpenReader(bytes.NewReader(annex))
		if err != nil {
			t.Fatal(err)
		}
		rows, _ := f.GetRows("Danh sách hoạt động")
		var n int
		d.QueryRow(ctx, `select count(*) from activities where ward_id = ?`, e.ward.ID).Scan(&n)
		if len(rows) != n+3 {
			t.Errorf("annex has %d rows for %d activities", len(rows)-3, n)
		}
		if b := body(t, e.as("lanhdao").get("/quan-ly/thanh-pho")); !strings.Contains(b, e.ward.FullName) || !strings.Contains(b, "<svg") {
			t.Error("city view lacks the ward or its chart")
		}
	})
}
