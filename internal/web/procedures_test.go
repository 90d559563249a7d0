package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cchc-vn/cchc/internal/audit"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/db/dbtest"
	"github.com/cchc-vn/cchc/internal/procedure"
)

// The catalogue a resident browses is what the ward receives, by the groups
// residents know; other agencies' procedures are one link away, and search
// sets them apart rather than mixing customs forms into a birth search.
func TestCatalogueIsTheWards(t *testing.T) {
	e := newEnv(t, dbtest.Open(t, db.SQLite))
	c := e.anon()
	page := func(path string) string {
		t.Helper()
		resp := c.get(path)
		b := body(t, resp)
		if resp.StatusCode != 200 {
			t.Fatalf("GET %s: %d", path, resp.StatusCode)
		}
		return b
	}
	cat := page("/thu-tuc")
	for _, want := range []string{`href="/linh-vuc/ho-tich">Hộ tịch</a>`, `href="/linh-vuc/cu-tru-can-cuoc">Cư trú, căn cước</a>`, `href="/thu-tuc/co-quan-khac">`} {
		if !strings.Contains(cat, want) {
			t.Errorf("/thu-tuc lacks %s", want)
		}
	}
	for _, not := range []string{`href="/linh-vuc/hai-quan"`, `href="/linh-vuc/thue"`} {
		if strings.Contains(cat, not) {
			t.Errorf("/thu-tuc shows another agency's field: %s", not)
		}
	}
	if strings.Index(cat, "/linh-vuc/ho-tich") > strings.Index(cat, "/linh-vuc/nong-nghiep-moi-truong") {
		t.Error("farming listed before civil status")
	}
	if b := page("/thu-tuc/co-quan-khac"); !strings.Contains(b, "<summary>Hải quan (124)</summary>") || !strings.Contains(b, "không nộp tại Ủy ban nhân dân phường") {
		t.Error("/thu-tuc/co-quan-khac does not list customs apart")
	}
	// An old link to a national field still finds it, and says whose it is.
	if b := page("/linh-vuc/hai-quan"); !strings.Contains(b, "do cơ quan khác thực hiện") {
		t.Error("/linh-vuc/hai-quan does not say another agency performs it")
	}
	// A birth search shows the ward's procedures only; a customs search says
	// the ward does not do it and shows who does.
	birth := page("/thu-tuc?q=" + url.QueryEscape("đăng ký khai sinh"))
	if strings.Contains(birth, "Thủ tục do cơ quan khác thực hiện (") {
		t.Error("birth search lists other agencies' procedures")
	}
	customs := page("/thu-tuc?q=" + url.QueryEscape("khai hải quan hàng xuất khẩu"))
	if !strings.Contains(customs, "Phường không giải quyết thủ tục nào khớp") || !strings.Contains(customs, `<details class="fold elsewhere" open>`) {
		t.Error("customs search does not say the ward does not do it")
	}
	// A long official name becomes a plain title, the official one below it.
	b := page("/thu-tuc/1.013225")
	if !strings.Contains(b, "<h1>Cấp giấy phép xây dựng mới đối với công trình cấp III, cấp IV và nhà ở riêng lẻ</h1>") ||
		!strings.Contains(b, `<p class="official">Tên đầy đủ: Cấp giấy phép xây dựng mới đối với công trình cấp III, cấp IV (Công trình không theo tuyến`) {
		t.Error("1.013225: no plain title over its official name")
	}
	if b := page("/linh-vuc/xay-dung-nha-o"); !strings.Contains(b, ">Cấp giấy phép xây dựng mới đối với công trình cấp III, cấp IV và nhà ở riêng lẻ</a>") {
		t.Error("the building shelf does not list the plain title")
	}
}

func TestProcedurePages(t *testing.T) {
	e := newEnv(t, dbtest.Open(t, db.SQLite))
	c := e.anon()
	checks := []struct{ path, want string }{
		{"/thu-tuc", "Theo sự kiện trong cuộc sống"},
		{"/thu-tuc?q=" + url.QueryEscape("nhập hộ khẩu"), `href="/thu-tuc/1.004222"`},
		{"/thu-tuc?q=" + url.QueryEscape("zzzz qqqq"), "Không tìm thấy thủ tục phù hợp"},
		{"/thu-tuc?q=" + url.QueryEscape("chứng thực bản sao từ bản chính"), `<span class="result-facts">Chứng thực · 2.000 đ/trang</span>`},
		{"/linh-vuc/ho-tich", `<a href="/thu-tuc/1.001193">Đăng ký khai sinh</a>`},
		{"/su-kien/sinh-con", `<a href="/thu-tuc/1.001193">Đăng ký khai sinh</a>`},
		{"/thu-tuc/1.001193", "Cần mang theo"},
		{"/thu-tuc/1.001193", "<dd data-fact=\"fee\">Miễn phí"},
		{"/thu-tuc/1.001193", "Nhận được</dt>\n   <dd>Giấy khai sinh"},
		{"/thu-tuc/1.001193", "Giấy chứng sinh"},
		{"/thu-tuc/1.001193", "163/QĐ-BTP"},
		{"/thu-tuc/1.001193/ban-in", "procedure print"},
		{"/", `data-suggest="/api/v1/procedures"`},
	}
	for _, ch := range checks {
		resp := c.get(ch.path)
		if b := body(t, resp); resp.StatusCode != 200 || !strings.Contains(b, ch.want) {
			t.Errorf("GET %s: %d, want %q", ch.path, resp.StatusCode, ch.want)
		}
	}
	for _, p := range []string{"/thu-tuc/9.999999", "/linh-vuc/khong-co", "/su-kien/khong-co"} {
		if resp := c.get(p); resp.StatusCode != 404 {
			t.Errorf("GET %s: %d, want 404", p, resp.StatusCode)
		}
	}
	// Text an editor must structure is shown to officials only.
	var withUnparsed string
	ps, _ := procedure.All(context.Background(), e.d, e.ward.ID)
	for _, p := range ps {
		if len(p.Unparsed) > 0 {
			withUnparsed = p.Code
			break
		}
	}
	if b := body(t, c.get("/thu-tuc/"+withUnparsed)); strings.Contains(b, "Nội dung nguồn chưa tách được") {
		t.Error("unparsed source shown to the public")
	}
	if b := body(t, e.as("bientap").get("/thu-tuc/"+withUnparsed)); !strings.Contains(b, "Nội dung nguồn chưa tách được") {
		t.Error("unparsed source not shown to an editor")
	}
}

func TestProcedureAPI(t *testing.T) {
	e := newEnv(t, dbtest.Open(t, db.SQLite))
	c := e.anon()
	var res struct {
		Items []struct{ Code, Name, Field, URL string } `json:"items"`
		Total int                                       `json:"total"`
	}
	for _, q := range []string{"sổ đỏ", "so do", "", "\"*NEAR OR'", strings.Repeat("x", 10000), "😀"} {
		resp := c.get("/api/v1/procedures?limit=3&q=" + url.QueryEscape(q))
		b := body(t, resp)
		if resp.StatusCode != 200 || !strings.Contains(b, `"items":[`) {
			t.Fatalf("q=%.20q: %d %s", q, resp.StatusCode, b)
		}
		res.Items = nil
		if err := json.Unmarshal([]byte(b), &res); err != nil || len(res.Items) > 3 || res.Total < len(res.Items) {
			t.Errorf("q=%.20q: %v %+v", q, err, res)
		}
	}
	body(t, c.get("/api/v1/procedures?q=so+do&limit=3"))
	json.Unmarshal([]byte(body(t, c.get("/api/v1/procedures?q=so+do&limit=3"))), &res)
	if len(res.Items) == 0 || res.Items[0].Code != "1.013978" || res.Items[0].URL != "/thu-tuc/1.013978" {
		t.Errorf("so do → %+v", res.Items)
	}
	var p procedure.Procedure
	resp := c.get("/api/v1/procedures/1.004222")
	if err := json.Unmarshal([]byte(body(t, resp)), &p); err != nil || p.Name != "Đăng ký thường trú" || len(p.Channels) == 0 || len(p.Documents) == 0 {
		t.Errorf("whole record: %v %+v", err, p.Name)
	}
	if resp := c.get("/api/v1/procedures/0.000000"); resp.StatusCode != 404 {
		t.Errorf("missing code: %d", resp.StatusCode)
	}
}

// An edit through another process reaches this process's index.
func TestSearchIndexFollowsTheDatabase(t *testing.T) {
	e := newEnv(t, dbtest.Open(t, db.SQLite))
	ctx := context.Background()
	ix, _ := e.s.index(ctx, e.ward.ID)
	if hits, _ := ix.Search("thủ tục thử nghiệm ngoài hành tinh", 1); len(hits) > 0 && strings.Contains(hits[0].Name, "ngoài hành tinh") {
		t.Fatal("precondition")
	}
	p := &procedure.Procedure{Code: "9.000001", Name: "Thủ tục thử nghiệm ngoài hành tinh", Field: "Thử nghiệm"}
	if err := procedure.Save(ctx, e.d, e.ward.ID, p); err != nil {
		t.Fatal(err)
	}
	e.s.indexes.mu.Lock()
	e.s.indexes.entries[e.ward.ID].checked = time.Time{} // as if the recheck interval had passed
	e.s.indexes.mu.Unlock()
	// Pages too follow a change made through another process.
	if resp := e.anon().get("/thu-tuc/9.000001"); resp.StatusCode != 200 {
		t.Errorf("page of the new procedure: %d", resp.StatusCode)
	}
	ix, _ = e.s.index(ctx, e.ward.ID)
	if hits, _ := ix.Search("ngoai hanh tinh", 1); len(hits) == 0 || hits[0].Code != "9.000001" {
		t.Errorf("new procedure not found: %v", hits)
	}
}

func TestAmendProcedureThroughForms(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		editor := e.as("vanphong")
		b := body(t, editor.get("/quan-ly/thu-tuc/1.004222/sua"))
		if !strings.Contains(b, "Trực tiếp | 7 ngày làm việc") {
			t.Fatalf("edit form not prefilled:\n%.500s", b)
		}
		form := url.Values{}
		for _, k := range []string{"name", "field", "subjects", "agency_executing", "agency_competent", "address", "conditions", "portal_url",
			"online_level", "popularity", "keywords", "steps", "documents", "legal_basis", "results"} {
			form.Set(k, formValue(b, k))
		}
		form.Set("channels", "Trực tiếp | 5 ngày làm việc | 20.000 đồng | Nộp tại Công an phường\nBằng bồ câu | 1 ngày | 0")
		form.Set("effective_on", "01/12/2026")
		form.Set("decision", "")
		form.Set("change_summary", "Rút ngắn thời hạn giải quyết còn 5 ngày làm việc.")
		resp := editor.post("/quan-ly/thu-tuc/1.004222/sua", form)
		b = body(t, resp)
		if resp.StatusCode != 422 || !strings.Contains(b, "Dòng 2: cách nộp phải là") {
			t.Fatalf("bad channel line: %d", resp.StatusCode)
		}
		form.Set("channels", "Trực tiếp | 5 ngày làm việc | 20.000 đồng | Nộp tại Công an phường\nTrực tuyến | 5 ngày làm việc | 10.000 đồng")
		resp = editor.post("/quan-ly/thu-tuc/1.004222/sua", form)
		if b := body(t, resp); resp.StatusCode != 422 || !strings.Contains(b, "Vui lòng nhập quyết định công bố thay đổi.") {
			t.Fatalf("missing decision: %d", resp.StatusCode)
		}
		form.Set("decision", "1234/QĐ-UBND")
		resp = editor.post("/quan-ly/thu-tuc/1.004222/sua", form)
		body(t, resp)
		draft := resp.Header.Get("Location")
		if resp.StatusCode != 303 || !strings.HasPrefix(draft, "/quan-ly/ban-nhap-thu-tuc/") {
			t.Fatalf("save draft: %d %s", resp.StatusCode, draft)
		}
		if b := body(t, e.anon().get("/thu-tuc/1.004222")); strings.Contains(b, "5 ngày làm việc") {
			t.Fatal("draft visible to the public")
		}
		leader := e.as("lanhdao")
		b = body(t, leader.get(draft))
		if !strings.Contains(b, "Cách thức, thời hạn, phí") || !strings.Contains(b, "Duyệt và công khai") {
			t.Fatal("draft page lacks the change or the review form")
		}
		// The author cannot publish; the leader can.
		if b := body(t, editor.get(draft)); strings.Contains(b, "Duyệt và công khai") {
			t.Error("author offered the publish button")
		}
		resp = leader.post(draft, url.Values{"action": {"publish"}})
		body(t, resp)
		if resp.StatusCode != 303 {
			t.Fatalf("publish: %d", resp.StatusCode)
		}
		b = body(t, e.anon().get("/thu-tuc/1.004222"))
		for _, want := range []string{"5 ngày làm việc", "Lịch sử cập nhật", "Quyết định 1234/QĐ-UBND", "hiệu lực từ 01/12/2026", "Rút ngắn thời hạn"} {
			if !strings.Contains(b, want) {
				t.Errorf("public page lacks %q", want)
			}
		}
		if b := body(t, e.anon().get("/thu-tuc/moi-cap-nhat")); !strings.Contains(b, "Đăng ký thường trú") {
			t.Error("not in the recently amended list")
		}
		resp = e.anon().get("/thu-tuc/moi-cap-nhat.atom")
		b = body(t, resp)
		if !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/atom+xml") || !strings.Contains(b, "<feed xmlns=\"http://www.w3.org/2005/Atom\">") ||
			!strings.Contains(b, "<title>Đăng ký thường trú</title>") {
			t.Errorf("feed: %s", b)
		}
		// Search sees the published text at once in this process.
		var res struct{ Items []struct{ Code string } }
		json.Unmarshal([]byte(body(t, e.anon().get("/api/v1/procedures?q=dang+ky+thuong+tru&limit=1"))), &res)
		if len(res.Items) != 1 || res.Items[0].Code != "1.004222" {
			t.Errorf("search after publishing: %+v", res)
		}
	})
}

// formValue reads a field's current value from a rendered form.
func formValue(page, name string) string {
	if i := strings.Index(page, `<textarea id="`+name+`" name="`+name+`"`); i >= 0 {
		rest := page[i:]
		start := strings.Index(rest, ">") + 1
		end := strings.Index(rest, "</textarea>")
		return html.UnescapeString(strings.TrimPrefix(rest[start:end], "\n"))
	}
	if i := strings.Index(page, `<input id="`+name+`" name="`+name+`"`); i >= 0 {
		rest := page[i:]
		if v := strings.Index(rest, `value="`); v >= 0 && v < strings.Index(rest, ">") {
			rest = rest[v+7:]
			return html.UnescapeString(rest[:strings.Index(rest, `"`)])
		}
	}
	return ""
}

func TestQRCodesScansAndHelpful(t *testing.T) {
	e := newEnv(t, dbtest.Open(t, db.SQLite))
	noon := time.Now().Truncate(24 * time.Hour).Add(12 * time.Hour) // inside one day's window
	e.s.helpfulLim.Now = func() time.Time { return noon }
	c := e.anon()
	resp := c.get("/thu-tuc/1.001193/qr.png?kich-thuoc=256")
	b := body(t, resp)
	if resp.Header.Get("Content-Type") != "image/png" || !strings.HasPrefix(b, "\x89PNG\r\n\x1a\n") {
		t.Errorf("PNG: %q", resp.Header.Get("Content-Type"))
	}
	resp = c.get("/thu-tuc/1.001193/qr.svg")
	if b := body(t, resp); resp.Header.Get("Content-Type") != "image/svg+xml" || !strings.HasPrefix(b, "<svg") || !strings.Contains(b, "M") {
		t.Errorf("SVG: %q", b[:min(60, len(b))])
	}
	if resp := c.get("/thu-tuc/0.000000/qr.svg"); resp.StatusCode != 404 {
		t.Errorf("QR of a missing procedure: %d", resp.StatusCode)
	}
	for i := 0; i < 3; i++ {
		resp := c.get("/q/1.001193")
		body(t, resp)
		if resp.StatusCode != 302 || resp.Header.Get("Location") != "/thu-tuc/1.001193" {
			t.Fatalf("scan: %d %s", resp.StatusCode, resp.Header.Get("Location"))
		}
	}
	// One answer per visitor and day counts; the second is thanked but not counted.
	body(t, c.post("/thu-tuc/1.001193/huu-ich", url.Values{"huu-ich": {"co"}}))
	body(t, c.post("/thu-tuc/1.001193/huu-ich", url.Values{"huu-ich": {"co"}}))
	cs, _ := procedure.Counters(context.Background(), e.d, e.ward.ID)
	if len(cs) != 1 || cs[0].Scans != 3 || cs[0].Helpful != 1 || cs[0].NotHelpful != 0 {
		t.Errorf("counters = %+v", cs)
	}
	if b := body(t, e.as("vanphong").get("/quan-ly/thu-tuc/thong-ke")); !strings.Contains(b, "Thủ tục đăng ký khai sinh") {
		t.Error("statistics page lacks the procedure")
	}
}

func TestXLSXExportAndImportThroughTheWorkspace(t *testing.T) {
	e := newEnv(t, dbtest.Open(t, db.SQLite))
	c := e.as("vanphong")
	resp := c.get("/quan-ly/thu-tuc/xuat.xlsx")
	b := body(t, resp)
	if !strings.HasPrefix(b, "PK\x03\x04") || !strings.Contains(resp.Header.Get("Content-Disposition"), "thu-tuc-27427.xlsx") {
		t.Fatalf("export: %q", resp.Header.Get("Content-Type"))
	}
	ps, rowErrs, err := procedure.ReadXLSX([]byte(b))
	if err != nil || len(rowErrs) > 0 || len(ps) != 588 {
		t.Fatalf("exported sheet reads back as %d procedures, %v %v", len(ps), rowErrs, err)
	}
	// Change one procedure in the sheet and upload it: one draft, 587 unchanged.
	for _, p := range ps {
		if p.Code == "1.001193" {
			p.Keywords = "làm giấy khai sinh, đẻ con"
		}
	}
	var buf bytes.Buffer
	procedure.WriteXLSX(&buf, ps)
	upload := func(data []byte, name string) *http.Response {
		var mb bytes.Buffer
		mw := multipart.NewWriter(&mb)
		mw.WriteField("csrf", c.csrf)
		mw.WriteField("effective_on", "01/12/2026")
		mw.WriteField("decision", "99/QĐ-UBND")
		fw, _ := mw.CreateFormFile("file", name)
		fw.Write(data)
		mw.Close()
		req, _ := http.NewRequest("POST", e.ts.URL+"/quan-ly/thu-tuc/nhap", &mb)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		return c.do(req)
	}
	resp = upload([]byte("%PDF-1.7 not a sheet"), "gia.xlsx")
	if b := body(t, resp); resp.StatusCode != 422 || !strings.Contains(b, "Không đọc được tệp: cần tệp Excel (.xlsx).") {
		t.Errorf("fake XLSX: %d", resp.StatusCode)
	}
	resp = upload(buf.Bytes(), "thu-tuc.xlsx")
	body(t, resp)
	if resp.StatusCode != 303 {
		t.Fatalf("import: %d", resp.StatusCode)
	}
	if b := body(t, c.get("/quan-ly/thu-tuc")); !strings.Contains(b, "Đã tạo 1 bản nháp từ tệp (587 thủ tục không thay đổi)") || !strings.Contains(b, "Cập nhật theo tệp thu-tuc.xlsx") {
		i := strings.Index(b, "flash")
		t.Errorf("import result or the draft not shown: %.300s", b[max(i, 0):])
	}
}

// Cached pages carry each visitor's own CSRF token, and a personal page
// (with a flash message) is not served from the cache.
func TestPageCacheKeepsFormsPersonal(t *testing.T) {
	e := newEnv(t, dbtest.Open(t, db.SQLite))
	a, b := e.anon(), e.anon()
	ra := a.get("/thu-tuc/1.001193")
	pa := body(t, ra)
	rb := b.get("/thu-tuc/1.001193")
	pb := body(t, rb)
	if ra.Header.Get("X-Cache") != "miss" || rb.Header.Get("X-Cache") != "hit" {
		t.Errorf("X-Cache: %q then %q", ra.Header.Get("X-Cache"), rb.Header.Get("X-Cache"))
	}
	if !strings.Contains(pa, `value="`+a.csrf+`"`) || !strings.Contains(pb, `value="`+b.csrf+`"`) || strings.Contains(pb, a.csrf) {
		t.Error("cached page does not carry each visitor's own token")
	}
	if strings.Contains(pb, csrfPlaceholder) {
		t.Error("placeholder leaked")
	}
	// The helpful form works from a cached page.
	resp := b.post("/thu-tuc/1.001193/huu-ich", url.Values{"huu-ich": {"co"}})
	body(t, resp)
	if resp.StatusCode != 303 {
		t.Fatalf("vote from a cached page: %d", resp.StatusCode)
	}
	if resp := b.get("/thu-tuc/1.001193"); resp.Header.Get("X-Cache") != "" || !strings.Contains(body(t, resp), "Cảm ơn bạn đã cho biết ý kiến.") {
		t.Error("page with a flash message served from the cache")
	}
	// Officials never get cached pages (their layout is personal).
	if resp := e.as("bientap").get("/thu-tuc/1.001193"); resp.Header.Get("X-Cache") != "" {
		t.Error("signed-in official served from the cache")
	}
}

func TestFormFiles(t *testing.T) {
	e := newEnv(t, dbtest.Open(t, db.SQLite))
	c := e.as("vanphong")
	upload := func(name string, data []byte) *http.Response {
		var mb bytes.Buffer
		mw := multipart.NewWriter(&mb)
		mw.WriteField("csrf", c.csrf)
		mw.WriteField("form_name", name)
		fw, _ := mw.CreateFormFile("form_file", "to-khai.pdf")
		fw.Write(data)
		mw.Close()
		req, _ := http.NewRequest("POST", e.ts.URL+"/quan-ly/thu-tuc/1.001193/mau", &mb)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		return c.do(req)
	}
	// Warm the public page cache first: the upload must refresh it.
	body(t, e.anon().get("/thu-tuc/1.001193"))
	resp := upload("Tờ khai đăng ký khai sinh", []byte("<html><script>alert(1)</script></html>"))
	if b := body(t, resp); resp.StatusCode != 422 || !strings.Contains(b, "Tệp phải là PDF, Word") {
		t.Fatalf("HTML named .pdf accepted: %d", resp.StatusCode)
	}
	pdf := []byte("%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\nstartxref\n0\n%%EOF\n")
	resp = upload("Tờ khai đăng ký khai sinh", pdf)
	body(t, resp)
	if resp.StatusCode != 303 {
		t.Fatalf("upload: %d", resp.StatusCode)
	}
	page := body(t, e.anon().get("/thu-tuc/1.001193"))
	i := strings.Index(page, `href="/thu-tuc/1.001193/mau/`)
	if i < 0 || !strings.Contains(page, "Tờ khai đăng ký khai sinh") {
		t.Fatal("form not listed on the public page")
	}
	link := page[i+6 : i+6+strings.Index(page[i+6:], `"`)]
	resp = e.anon().get(link)
	got := body(t, resp)
	if got != string(pdf) || resp.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(resp.Header.Get("Content-Disposition"), "attachment;") {
		t.Errorf("download: %q %q", resp.Header.Get("Content-Type"), resp.Header.Get("Content-Disposition"))
	}
	// Removing the form removes the file and the link.
	id := link[strings.LastIndex(link, "/")+1:]
	resp = c.post("/quan-ly/thu-tuc/1.001193/mau/"+id+"/xoa", nil)
	body(t, resp)
	if resp.StatusCode != 303 {
		t.Fatalf("delete: %d", resp.StatusCode)
	}
	if resp := e.anon().get(link); resp.StatusCode != 404 {
		t.Errorf("deleted form still served: %d", resp.StatusCode)
	}
	if strings.Contains(body(t, e.anon().get("/thu-tuc/1.001193")), link) {
		t.Error("deleted form still listed")
	}
}

// Residents search and read cached pages while a leader publishes a change:
// run with -race, this checks the index cache, page cache and scratch pool.
func TestConcurrentReadersDuringPublication(t *testing.T) {
	e := newEnv(t, dbtest.Open(t, db.SQLite))
	ctx := context.Background()
	cur, _, _ := procedure.Get(ctx, e.d, e.ward.ID, "1.001193")
	changed := *cur
	changed.Keywords = "giấy khai sinh cho bé"
	var v *procedure.Version
	if err := e.d.InTx(ctx, func(tx *db.Tx) error {
		var err error
		v, err = procedure.SaveDraft(ctx, tx, e.users["vanphong"], audit.Actor{WardID: e.ward.ID}, procedure.Edit{P: &changed,
			EffectiveOn: "01/12/2026", Decision: "1/QĐ-UBND", ChangeSummary: "Thêm từ khóa."})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	errs := make(chan string, 100)
	for i := 0; i < 16; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				path := "/api/v1/procedures?q=khai+sinh&limit=5"
				if i%2 == 0 {
					path = "/thu-tuc/1.001193"
				}
				resp, err := http.Get(e.ts.URL + path)
				if err != nil {
					errs <- err.Error()
					return
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 {
					errs <- fmt.Sprintf("%s: %d", path, resp.StatusCode)
					return
				}
			}
		}(i)
	}
	time.Sleep(200 * time.Millisecond)
	resp := e.as("lanhdao").post("/quan-ly/ban-nhap-thu-tuc/"+strconv.FormatInt(v.ID, 10), url.Values{"action": {"publish"}})
	body(t, resp)
	time.Sleep(200 * time.Millisecond)
	close(stop)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if resp.StatusCode != 303 {
		t.Fatalf("publish: %d", resp.StatusCode)
	}
	if b := body(t, e.anon().get("/thu-tuc/1.001193")); !strings.Contains(b, "Thêm từ khóa.") {
		t.Error("published change not visible after concurrent reads")
	}
}

func TestWardSynonyms(t *testing.T) {
	e := newEnv(t, dbtest.Open(t, db.SQLite))
	c := e.as("vanphong")
	search := func() string {
		var res struct{ Items []struct{ Code string } }
		json.Unmarshal([]byte(body(t, e.anon().get("/api/v1/procedures?q="+url.QueryEscape("làm giấy chào đời")+"&limit=3"))), &res)
		if len(res.Items) == 0 {
			return ""
		}
		return res.Items[0].Code
	}
	if got := search(); got == "1.001193" {
		t.Fatal("precondition: the phrase already finds the procedure")
	}
	resp := c.post("/quan-ly/thu-tuc/tu-dong-nghia", url.Values{"phrase": {"😀"}, "replacement": {""}})
	if b := body(t, resp); resp.StatusCode != 422 || !strings.Contains(b, "Cách người dân gọi phải có chữ hoặc số.") || !strings.Contains(b, "Vui lòng nhập từ trong tên thủ tục.") {
		t.Errorf("invalid synonym: %d", resp.StatusCode)
	}
	resp = c.post("/quan-ly/thu-tuc/tu-dong-nghia", url.Values{"phrase": {"giấy chào đời"}, "replacement": {"đăng ký khai sinh"}})
	body(t, resp)
	if resp.StatusCode != 303 {
		t.Fatalf("add: %d", resp.StatusCode)
	}
	if got := search(); got != "1.001193" {
		t.Errorf("ward synonym not used: got %q", got)
	}
	if b := body(t, c.post("/quan-ly/thu-tuc/tu-dong-nghia", url.Values{"phrase": {"giấy chào đời"}, "replacement": {"x"}})); !strings.Contains(b, "Cách gọi này đã có.") {
		t.Error("duplicate accepted")
	}
	ws, _ := procedure.Synonyms(context.Background(), e.d, e.ward.ID)
	body(t, c.post("/quan-ly/thu-tuc/tu-dong-nghia/"+strconv.FormatInt(ws[0].ID, 10)+"/xoa", nil))
	if got := search(); got == "1.001193" {
		t.Error("deleted synonym still used")
	}
	if b := body(t, e.as("lanhdao").get("/quan-ly/thu-tuc/tu-dong-nghia")); !strings.Contains(b, "nhap ho khau") {
		t.Error("built-in list not shown")
	}
}

// TestConditionalPages: a cached public page carries an ETag and a
// Cache-Control a proxy may share (a page with a form: the visitor's own,
// private); the same tag sent back answers 304 without a body, a changed
// page answers 200 with a new tag; an official's page has neither.
func TestConditionalPages(t *testing.T) {
	e := newEnv(t, dbtest.Open(t, db.SQLite))
	a, b := e.anon(), e.anon()
	cond := func(c *client, path, etag string) *http.Response {
		req, _ := http.NewRequest("GET", e.ts.URL+path, nil)
		req.Header.Set("If-None-Match", etag)
		return c.do(req)
	}
	for _, tt := range []struct {
		path   string
		shared bool
	}{{"/tin-tuc", true}, {"/thu-tuc/1.001193", false}, {"/phat-thanh/rss.xml", true}} {
		ra := a.get(tt.path)
		body(t, ra)
		rb := b.get(tt.path)
		body(t, rb)
		ea, eb := ra.Header.Get("ETag"), rb.Header.Get("ETag")
		cc := ra.Header.Get("Cache-Control")
		if ea == "" || (ea == eb) != tt.shared || !strings.Contains(ra.Header.Get("Vary"), "Cookie") {
			t.Errorf("%s: ETags %s and %s (shared %v), Vary %q", tt.path, ea, eb, tt.shared, ra.Header.Get("Vary"))
		}
		if want := map[bool]string{true: sharedPageCache, false: formPageCache}[tt.shared]; strings.HasSuffix(tt.path, ".xml") && cc != feedCache || !strings.HasSuffix(tt.path, ".xml") && cc != want {
			t.Errorf("%s: Cache-Control %q", tt.path, cc)
		}
		r := cond(a, tt.path, ea)
		if n, _ := io.Copy(io.Discard, r.Body); r.StatusCode != http.StatusNotModified || n != 0 || r.Header.Get("ETag") != ea {
			t.Errorf("%s again with its tag: %d, %d bytes", tt.path, r.StatusCode, n)
		}
		r.Body.Close()
		if r := cond(a, tt.path, `"p0000000000000000"`); r.StatusCode != http.StatusOK {
			t.Errorf("%s with another tag: %d", tt.path, r.StatusCode)
		}
	}
	ra := a.get("/tin-tuc")
	body(t, ra)
	e.d.Exec(context.Background(), `update wards set full_name = 'Phường Phú Định mới' where id = ?`, e.ward.ID)
	e.s.changed(e.ward.ID)
	e.s.pages.mu.Lock()
	e.s.pages.entries = map[string]*cachedPage{}
	e.s.pages.mu.Unlock()
	if r := cond(a, "/tin-tuc", ra.Header.Get("ETag")); r.StatusCode != http.StatusOK || r.Header.Get("ETag") == ra.Header.Get("ETag") || !strings.Contains(body(t, r), "Phú Định mới") {
		t.Errorf("a changed page: %d, tag %s", r.StatusCode, r.Header.Get("ETag"))
	}
	if r := e.as("bientap").get("/tin-tuc"); r.Header.Get("ETag") != "" || r.Header.Get("Cache-Control") != "private, no-store" {
		t.Errorf("an official's page: ETag %q, Cache-Control %q", r.Header.Get("ETag"), r.Header.Get("Cache-Control"))
	}
}
