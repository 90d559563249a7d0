package web

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"html"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/db/dbtest"
	"github.com/cchc-vn/cchc/internal/demo"
	"github.com/cchc-vn/cchc/internal/feedback"
	"github.com/cchc-vn/cchc/internal/pow"
)

// submitFeedback fills the public form as a browser with JavaScript would:
// it reads the challenge from the form and solves it.
func submitFeedback(t *testing.T, c *client, fields map[string]string, photo []byte) *http.Response {
	t.Helper()
	page := body(t, c.get("/phan-anh"))
	m := regexp.MustCompile(`name="challenge" value="([^"]+)"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("the form carries no challenge")
	}
	var mb bytes.Buffer
	mw := multipart.NewWriter(&mb)
	mw.WriteField("csrf", c.csrf)
	if fields["nonce"] != "none" {
		mw.WriteField("challenge", m[1])
		mw.WriteField("nonce", pow.Solve(m[1]))
	}
	for k, v := range fields {
		if k != "nonce" {
			mw.WriteField(k, v)
		}
	}
	if photo != nil {
		fw, _ := mw.CreateFormFile("photos", "anh.jpg")
		fw.Write(photo)
	}
	mw.Close()
	req, _ := http.NewRequest("POST", c.e.ts.URL+"/phan-anh", &mb)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req)
}

// TestResidentFeedbackJourney: a resident files feedback with a photo,
// follows it by code, the ward handles it, the resident rates it, and the
// public figures move; personal data never shows publicly.
func TestResidentFeedbackJourney(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		resident := e.anon()
		good := map[string]string{"category": "thu_tuc", "procedure_code": "1.001193", "title": "Hồ sơ khai sinh trả lại hai lần",
			"description": "Tôi nộp trực tuyến <script>alert(1)</script> nhưng bị yêu cầu bổ sung hai lần.", "name": "Trần Thị Mai",
			"address": "12 đường số 5", "phone": "0912 345 678", "email": "mai@example.vn", "consent": "1", "khu_pho_id": itoa64(e.users["kp01"].UnitID)}
		bad := map[string]string{"category": "thu_tuc", "title": "x", "description": "y", "name": "Mai", "phone": "123"}
		resp := submitFeedback(t, resident, bad, nil)
		if b := body(t, resp); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(b, "số di động gồm 10 chữ số của một nhà mạng") || !strings.Contains(b, "Nghị định 13/2023") {
			t.Fatalf("bad feedback: %d", resp.StatusCode)
		}
		resp = submitFeedback(t, resident, good, gpsPhoto())
		b := body(t, resp)
		code := regexp.MustCompile(`PA-[0-9A-Z]{4}-[0-9A-Z]{4}`).FindString(b)
		if resp.StatusCode != http.StatusCreated || code == "" {
			t.Fatalf("submit: %d", resp.StatusCode)
		}
		ctx := context.Background()
		it, err := feedback.ByCode(ctx, d, e.ward.ID, code)
		if err != nil || it.Phone != "0912345678" {
			t.Fatalf("stored: %+v %v", it, err)
		}
		r := resident.get("/phan-anh/tra-cuu?ma=" + code + "&so=0000")
		if b := body(t, r); r.StatusCode != http.StatusNotFound {
			t.Errorf("tracked with wrong digits: %d", r.StatusCode)
		} else if problem := messagesProblem(b); problem != "" || !strings.Contains(b, `<a href="#ma">Không tìm thấy phản ánh`) {
			t.Errorf("tracked with wrong digits: %q, want the message once, in the summary linked to the code", problem)
		}
		track := "/phan-anh/tra-cuu?ma=" + code + "&so=5678"
		if b := body(t, resident.get(track)); !strings.Contains(b, "Đã tiếp nhận") || strings.Contains(b, "0912345678") {
			t.Error("tracking page lacks the status or shows the phone")
		}

		// The office classifies and assigns to the police; the police answer; the office publishes.
		office := e.as("vanphong")
		item := "/quan-ly/phan-anh/" + itoa64(it.ID)
		page := body(t, office.get(item))
		if !strings.Contains(page, "&lt;script&gt;") || strings.Contains(page, "<script>alert") {
			t.Error("a script in the description is not shown as text")
		}
		if r := e.as("kp02").get(item); r.StatusCode != http.StatusForbidden {
			t.Errorf("another khu phố head sees the item: %d", r.StatusCode)
		}
		if r := e.as("kp01").get(item); r.StatusCode != http.StatusOK {
			t.Errorf("the khu phố's head cannot see it: %d", r.StatusCode)
		}
		photo := regexp.MustCompile(`/quan-ly/anh-phan-anh/\d+`).FindString(page)
		if photo == "" {
			t.Fatal("the item page shows no photo")
		}
		if r := office.get(photo); r.StatusCode != http.StatusOK || r.Header.Get("Content-Type") != "image/jpeg" {
			t.Errorf("photo for the office: %d %s", r.StatusCode, r.Header.Get("Content-Type"))
		}
		if r := e.anon().get(photo); r.StatusCode != http.StatusSeeOther {
			t.Errorf("photo for the public: %d", r.StatusCode)
		}
		if r := e.as("kp02").get(photo); r.StatusCode != http.StatusForbidden {
			t.Errorf("photo for another khu phố: %d", r.StatusCode)
		}
		var police int64
		d.QueryRow(ctx, `select id from units where ward_id = ? and code = 'cong-an'`, e.ward.ID).Scan(&police)
		resp = office.post(item+"/phan-loai", url.Values{"action": {"assign"}, "unit_id": {itoa64(police)}})
		resp.Body.Close()
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("classify: %d", resp.StatusCode)
		}
		if r := e.as("vhxh").post(item+"/tra-loi", url.Values{"answer": {"x"}}); r.StatusCode != http.StatusForbidden {
			t.Errorf("an unrelated unit answered: %d", r.StatusCode)
		}
		office.post(item+"/tra-loi", url.Values{"answer": {"Công an phường đã hướng dẫn chị Mai bổ sung một lần; hồ sơ đã giải quyết."}, "publish": {"1"}}).Body.Close()
		if b := body(t, resident.get(track)); !strings.Contains(b, "hồ sơ đã giải quyết") || !strings.Contains(b, "Gửi đánh giá") {
			t.Fatal("the resident does not see the answer or cannot rate")
		}
		pub := body(t, e.anon().get("/phan-anh/cong-khai"))
		if !strings.Contains(pub, "Hồ sơ khai sinh trả lại hai lần") || strings.Contains(pub, "Trần Thị Mai") || strings.Contains(pub, "0912") || strings.Contains(pub, "mai@example") {
			t.Error("public answers lack the item or show personal data")
		}
		resp = resident.post("/phan-anh/danh-gia", url.Values{"ma": {code}, "so": {"5678"}, "rating": {"5"}})
		resp.Body.Close()
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("rate: %d", resp.StatusCode)
		}
		stats := body(t, e.anon().get("/phan-anh/thong-ke?nam="+it.ReceivedAt.Format("2006")))
		if !strings.Contains(stats, "100%") || !strings.Contains(stats, "<strong>1</strong> phản ánh đã nhận") {
			t.Error("statistics do not count the rated item")
		}
		var subjects []string
		rows, _ := d.Query(ctx, `select subject from mail_outbox where email_to = 'mai@example.vn' order by id`)
		for rows.Next() {
			var s string
			rows.Scan(&s)
			subjects = append(subjects, s)
		}
		rows.Close()
		// At each step: received, taken up (assigned), answered.
		if len(subjects) != 3 || !strings.HasPrefix(subjects[0], "Đã tiếp nhận phản ánh "+code) {
			t.Errorf("e-mails queued for the resident: %q", subjects)
		}

		// Without JavaScript: accepted under a stricter limit (3 an hour).
		nojs := map[string]string{"nonce": "none"}
		for k, v := range good {
			nojs[k] = v
		}
		for i := 0; i < 3; i++ {
			r := submitFeedback(t, e.anon(), nojs, nil)
			r.Body.Close()
			if r.StatusCode != http.StatusCreated {
				t.Fatalf("no-JS submission %d: %d", i, r.StatusCode)
			}
		}
		if r := submitFeedback(t, e.anon(), nojs, nil); r.StatusCode != http.StatusTooManyRequests {
			t.Errorf("fourth no-JS submission in an hour: %d", r.StatusCode)
		}
		// A survey from a counter's QR code.
		if r := e.anon().get("/danh-gia-dich-vu/qr.svg?quay=2"); r.StatusCode != 200 || r.Header.Get("Content-Type") != "image/svg+xml" {
			t.Errorf("counter QR: %d", r.StatusCode)
		}
		visitor := e.anon()
		if r := visitor.post("/danh-gia-dich-vu", url.Values{"counter": {"2"}, "access": {"5"}, "procedure": {"4"}, "officials": {"5"}, "result": {"5"}}); r.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("incomplete survey: %d", r.StatusCode)
		}
		sv := url.Values{"counter": {"2"}, "access": {"5"}, "procedure": {"4"}, "officials": {"5"}, "result": {"5"}, "handling": {"3"}}
		if r := visitor.post("/danh-gia-dich-vu", sv); r.StatusCode != http.StatusSeeOther {
			t.Errorf("survey: %d %s", r.StatusCode, body(t, r))
		}
		body(t, e.anon().get("/danh-gia-dich-vu?quay=2"))
		// The Front supervises; the leader answers.
		mttq := e.as("mttq")
		mttq.post("/quan-ly/giam-sat", url.Values{"feedback_id": {itoa64(it.ID)}, "body": {"Đề nghị rút gọn việc bổ sung hồ sơ khai sinh."}}).Body.Close()
		if b := body(t, e.as("lanhdao").get("/quan-ly/giam-sat")); !strings.Contains(b, "rút gọn việc bổ sung") || !strings.Contains(b, "Trả lời") {
			t.Error("the leader does not see the recommendation")
		}
		body(t, office.get("/quan-ly/phan-anh?qua-han=1"))
		body(t, e.as("kp01").get("/quan-ly/phan-anh/moi"))
		body(t, e.as("admin").get("/quan-ly/ngay-nghi"))
	})
}

// TestOpen311 checks GeoReport v2 answers against its field definitions.
func TestOpen311(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		c := e.anon()
		var disc map[string]any
		json.Unmarshal([]byte(body(t, c.get("/open311/v2/discovery.json"))), &disc)
		eps, _ := disc["endpoints"].([]any)
		if len(eps) != 1 || eps[0].(map[string]any)["specification"] != "http://wiki.open311.org/GeoReport_v2" {
			t.Errorf("discovery: %v", disc)
		}
		var services []map[string]any
		json.Unmarshal([]byte(body(t, c.get("/open311/v2/services.json"))), &services)
		if len(services) != len(feedback.Categories) {
			t.Fatalf("services: %v", services)
		}
		for _, s := range services {
			for _, f := range []string{"service_code", "service_name", "description", "metadata", "type", "keywords", "group"} {
				if _, ok := s[f]; !ok {
					t.Errorf("service lacks %s", f)
				}
			}
			if s["type"] != "batch" && s["type"] != "realtime" && s["type"] != "blackbox" {
				t.Errorf("service type %v", s["type"])
			}
		}
		var xs struct {
			XMLName  xml.Name `xml:"services"`
			Services []struct {
				Code string `xml:"service_code"`
			} `xml:"service"`
		}
		if err := xml.Unmarshal([]byte(body(t, c.get("/open311/v2/services.xml"))), &xs); err != nil || len(xs.Services) != len(feedback.Categories) {
			t.Errorf("services.xml: %v %+v", err, xs)
		}
		var def map[string]any
		json.Unmarshal([]byte(body(t, c.get("/open311/v2/services/thu_tuc.json"))), &def)
		attrs, _ := def["attributes"].([]any)
		if def["service_code"] != "thu_tuc" || len(attrs) != 3 || attrs[0].(map[string]any)["datatype"] != "singlevaluelist" {
			t.Errorf("service definition: %v", def)
		}
		post := func(v url.Values, format string) *http.Response {
			req, _ := http.NewRequest("POST", e.ts.URL+"/open311/v2/requests."+format, strings.NewReader(v.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			return resp
		}
		form := url.Values{"service_code": {"dich_vu"}, "description": {"Quầy một cửa đông, chờ hơn hai giờ. Đề nghị bố trí thêm người."}, "email": {"dan@example.vn"},
			"first_name": {"Dân"}, "last_name": {"Nguyễn Văn"}, "phone": {"0901111222"}}
		resp := post(form, "json")
		var errs []map[string]any
		json.NewDecoder(resp.Body).Decode(&errs)
		resp.Body.Close()
		if resp.StatusCode != http.StatusForbidden || len(errs) != 1 || errs[0]["code"] != float64(403) {
			t.Errorf("no api_key: %d %v", resp.StatusCode, errs)
		}
		key, err := feedback.NewAPIKey(context.Background(), d, e.ward.ID, "Ứng dụng Công dân số")
		if err != nil {
			t.Fatal(err)
		}
		form.Set("api_key", key)
		form.Set("service_code", "nope")
		resp = post(form, "json")
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("unknown service: %d", resp.StatusCode)
		}
		form.Set("service_code", "dich_vu")
		resp = post(form, "json")
		var created []map[string]any
		json.NewDecoder(resp.Body).Decode(&created)
		resp.Body.Close()
		if resp.StatusCode != http.StatusCreated || len(created) != 1 || created[0]["service_request_id"] == nil {
			t.Fatalf("create: %d %v", resp.StatusCode, created)
		}
		id := created[0]["service_request_id"].(string)
		code := regexp.MustCompile(`PA-[A-Z0-9]{4}-[A-Z0-9]{4}`).FindString(created[0]["service_notice"].(string))
		if code == "" {
			t.Fatalf("the filing app was not given the tracking code: %v", created)
		}
		// Not yet answered, the request is the filing app's alone.
		if list := body(t, c.get("/open311/v2/requests.json?status=open&service_code=dich_vu")); list != "[]\n" {
			t.Errorf("anyone lists an unpublished request: %s", list)
		}
		if r := c.get("/open311/v2/requests/" + id + ".json"); r.StatusCode != http.StatusNotFound {
			t.Errorf("anyone reads an unpublished request: %d", r.StatusCode)
		}
		if r := c.get("/open311/v2/requests.json?api_key=wrong"); r.StatusCode != http.StatusForbidden {
			t.Errorf("a wrong api_key: %d", r.StatusCode)
		}
		var list []map[string]any
		json.Unmarshal([]byte(body(t, c.get("/open311/v2/requests.json?status=open&service_code=dich_vu&api_key="+key))), &list)
		if len(list) != 1 || list[0]["service_request_id"] != id || list[0]["status"] != "open" || !strings.Contains(list[0]["service_notice"].(string), code) {
			t.Fatalf("the filer's requests: %v", list)
		}
		for _, f := range []string{"status_notes", "service_name", "service_code", "description", "agency_responsible", "service_notice", "requested_datetime",
			"updated_datetime", "expected_datetime", "address", "address_id", "zipcode", "lat", "long", "media_url"} {
			if _, ok := list[0][f]; !ok {
				t.Errorf("request lacks %s", f)
			}
		}
		raw := body(t, c.get("/open311/v2/requests/"+id+".xml?api_key="+key))
		if strings.Contains(raw, "0901111222") || strings.Contains(raw, "dan@example.vn") || strings.Contains(raw, "Nguyễn Văn") {
			t.Error("Open311 shows personal data")
		}
		var xr struct {
			XMLName  xml.Name `xml:"service_requests"`
			Requests []struct {
				ID     string `xml:"service_request_id"`
				Status string `xml:"status"`
			} `xml:"request"`
		}
		if err := xml.Unmarshal([]byte(raw), &xr); err != nil || len(xr.Requests) != 1 || xr.Requests[0].ID != id {
			t.Errorf("request xml: %v %+v", err, xr)
		}
		if list := body(t, c.get("/open311/v2/requests.json?status=closed&api_key="+key)); list != "[]\n" {
			t.Errorf("closed requests: %q", list)
		}
		if r := c.get("/open311/v2/requests.json?start_date=yesterday"); r.StatusCode != http.StatusBadRequest {
			t.Errorf("bad start_date: %d", r.StatusCode)
		}
		if r := c.get("/open311/v2/requests.json?service_request_id=" + code); r.StatusCode != http.StatusBadRequest {
			t.Errorf("a tracking code as an id: %d", r.StatusCode)
		}
		// The tracking code leads to the request for its filer only.
		other, _ := feedback.NewAPIKey(context.Background(), d, e.ward.ID, "Ứng dụng khác")
		var tok []map[string]any
		json.Unmarshal([]byte(body(t, c.get("/open311/v2/tokens/"+code+".json?api_key="+key))), &tok)
		if len(tok) != 1 || tok[0]["service_request_id"] != id {
			t.Errorf("token: %v", tok)
		}
		for _, q := range []string{"", "?api_key=" + other} {
			if r := c.get("/open311/v2/tokens/" + code + ".json" + q); r.StatusCode == http.StatusOK {
				t.Errorf("tokens/%s%s answered to another", code, q)
			}
			if r := c.get("/open311/v2/requests/" + id + ".json" + q); r.StatusCode != http.StatusNotFound {
				t.Errorf("requests/%s%s: %d", id, q, r.StatusCode)
			}
		}
		if r := c.get("/open311/v2/requests/999999.json"); r.StatusCode != http.StatusNotFound {
			t.Errorf("unknown request: %d", r.StatusCode)
		}
	})
}

// TestPortalAndOpen311ShowTheSameAnswers: the portal's list of answers and
// Open311, asked by anyone, show the same items (the published answers),
// and neither shows a tracking code or a resident's own words.
func TestPortalAndOpen311ShowTheSameAnswers(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnvOf(t, d, demo.Full) // with the demonstration feedback, in every state
		c := e.anon()
		portal := body(t, c.get("/phan-anh/cong-khai"))
		open311 := body(t, c.get("/open311/v2/requests.json"))
		var list []map[string]any
		if err := json.Unmarshal([]byte(open311), &list); err != nil {
			t.Fatal(err)
		}
		count := map[string]int{}
		for _, m := range regexp.MustCompile(`<li><h2>([^<]+)</h2>`).FindAllStringSubmatch(portal, -1) {
			count[html.UnescapeString(m[1])]++
		}
		for _, r := range list {
			count[r["description"].(string)]--
		}
		published := 0
		all, _ := feedback.List(context.Background(), d, feedback.Official{User: e.users["lanhdao"]}, feedback.Filter{Limit: 1000}, time.Now())
		for _, it := range all {
			if it.Published {
				published++
			}
			for _, secret := range []string{it.Code, it.Description, it.Phone} {
				if strings.Contains(portal, secret) || strings.Contains(open311, secret) {
					t.Errorf("item %d: %q is shown", it.ID, secret)
				}
			}
		}
		for title, n := range count {
			if n != 0 {
				t.Errorf("%q: %+d more on the portal than on Open311", title, n)
			}
		}
		if published == 0 || len(list) != published || len(all) < 30 {
			t.Errorf("Open311 lists %d of %d items, %d published", len(list), len(all), published)
		}
	})
}

// TestFeedbackNamesItsProcedure: residents pick a procedure by name, not by
// code. Without JavaScript, the name or the code they type is recognised;
// other words are kept with the description. A procedure page's link fills
// the picker in.
func TestFeedbackNamesItsProcedure(t *testing.T) {
	e := newEnv(t, dbtest.Open(t, db.SQLite))
	resident := e.anon()
	b := body(t, resident.get("/phan-anh?thu-tuc=1.001193"))
	if !strings.Contains(b, `id="procedure" name="procedure" value="Thủ tục đăng ký khai sinh"`) || !strings.Contains(b, `name="procedure_code" value="1.001193"`) ||
		strings.Contains(b, "Mã thủ tục liên quan") {
		t.Error("the form does not offer the procedure by its name")
	}
	if !strings.Contains(b, "Không rõ, hoặc không ở khu phố nào") {
		t.Error("the khu phố choice has no 'Không rõ'")
	}
	ctx := context.Background()
	file := func(typed string) *feedback.Item {
		resp := submitFeedback(t, resident, map[string]string{"category": "thu_tuc", "procedure": typed, "title": "Hỏi về hồ sơ",
			"description": "Cần hướng dẫn thêm.", "name": "Trần Thị Mai", "phone": "0912345678", "consent": "1"}, nil)
		b := body(t, resp)
		code := regexp.MustCompile(`PA-[0-9A-Z]{4}-[0-9A-Z]{4}`).FindString(b)
		if resp.StatusCode != http.StatusCreated || code == "" {
			t.Fatalf("submit with %q: %d", typed, resp.StatusCode)
		}
		if !strings.Contains(b, `<p class="tracking-code" id="ma-tra-cuu">`+code+`</p>`) || !strings.Contains(b, "Hãy giữ mã này") {
			t.Error("the sent page does not show the code large with a reminder to keep it")
		}
		it, err := feedback.ByCode(ctx, e.d, e.ward.ID, code)
		if err != nil {
			t.Fatal(err)
		}
		return it
	}
	for typed, want := range map[string]string{"thủ tục đăng ký khai sinh": "1.001193", "THU TUC DANG KY KHAI SINH": "1.001193", "2.000815": "2.000815"} {
		if it := file(typed); it.ProcedureCode != want {
			t.Errorf("%q → %q, want %s", typed, it.ProcedureCode, want)
		}
	}
	it := file("làm lại giấy tờ nhà")
	if it.ProcedureCode != "" || !strings.HasSuffix(it.Description, "Thủ tục liên quan (người gửi ghi): làm lại giấy tờ nhà") {
		t.Errorf("unrecognised words: code %q, description %q", it.ProcedureCode, it.Description)
	}
	if b := body(t, resident.get("/phan-anh/tra-cuu?ma="+it.Code+"&so=5678")); !strings.Contains(b, "<dt>Hạn phân loại</dt>") {
		t.Error("the tracking page does not name the deadline as the sent page does")
	}
}
