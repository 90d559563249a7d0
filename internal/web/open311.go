package web

import (
	"encoding/xml"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/cchc-vn/cchc/internal/check"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/feedback"
	"github.com/cchc-vn/cchc/internal/vn"
	"github.com/cchc-vn/cchc/internal/ward"
)

// Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2): city apps
// list services (our feedback categories), file requests with an API key
// and follow them. What anyone may read is what the portal shows, the
// published answers (feedback.View); the app that filed a request also
// follows that one, with its api_key.

type o311Error struct {
	XMLName     xml.Name `json:"-" xml:"error"`
	Code        int      `json:"code" xml:"code"`
	Description string   `json:"description" xml:"description"`
}

type o311Service struct {
	XMLName     xml.Name `json:"-" xml:"service"`
	Code        string   `json:"service_code" xml:"service_code"`
	Name        string   `json:"service_name" xml:"service_name"`
	Description string   `json:"description" xml:"description"`
	Metadata    bool     `json:"metadata" xml:"metadata"`
	Type        string   `json:"type" xml:"type"`
	Keywords    string   `json:"keywords" xml:"keywords"`
	Group       string   `json:"group" xml:"group"`
}

type o311Value struct {
	Key  string `json:"key" xml:"key"`
	Name string `json:"name" xml:"name"`
}

type o311Attribute struct {
	Variable            bool        `json:"variable" xml:"variable"`
	Code                string      `json:"code" xml:"code"`
	Datatype            string      `json:"datatype" xml:"datatype"`
	Required            bool        `json:"required" xml:"required"`
	DatatypeDescription string      `json:"datatype_description" xml:"datatype_description"`
	Order               int         `json:"order" xml:"order"`
	Description         string      `json:"description" xml:"description"`
	Values              []o311Value `json:"values,omitempty" xml:"values>value,omitempty"`
}

type o311Definition struct {
	XMLName    xml.Name        `json:"-" xml:"service_definition"`
	Code       string          `json:"service_code" xml:"service_code"`
	Attributes []o311Attribute `json:"attributes" xml:"attributes>attribute"`
}

type o311Request struct {
	XMLName           xml.Name `json:"-" xml:"request"`
	ID                string   `json:"service_request_id" xml:"service_request_id"`
	Status            string   `json:"status" xml:"status"`
	StatusNotes       string   `json:"status_notes" xml:"status_notes"`
	ServiceName       string   `json:"service_name" xml:"service_name"`
	ServiceCode       string   `json:"service_code" xml:"service_code"`
	Description       string   `json:"description" xml:"description"`
	AgencyResponsible string   `json:"agency_responsible" xml:"agency_responsible"`
	ServiceNotice     string   `json:"service_notice" xml:"service_notice"`
	Requested         string   `json:"requested_datetime" xml:"requested_datetime"`
	Updated           string   `json:"updated_datetime" xml:"updated_datetime"`
	Expected          string   `json:"expected_datetime" xml:"expected_datetime"`
	Address           string   `json:"address" xml:"address"`
	AddressID         string   `json:"address_id" xml:"address_id"`
	Zipcode           string   `json:"zipcode" xml:"zipcode"`
	Lat               *float64 `json:"lat" xml:"lat"`
	Long              *float64 `json:"long" xml:"long"`
	MediaURL          string   `json:"media_url" xml:"media_url"`
}

type o311Created struct {
	XMLName       xml.Name `json:"-" xml:"request"`
	ID            string   `json:"service_request_id" xml:"service_request_id"`
	Token         string   `json:"token,omitempty" xml:"token,omitempty"`
	ServiceNotice string   `json:"service_notice" xml:"service_notice"`
	AccountID     string   `json:"account_id" xml:"account_id"`
}

type o311Token struct {
	XMLName xml.Name `json:"-" xml:"request"`
	ID      string   `json:"service_request_id" xml:"service_request_id"`
	Token   string   `json:"token" xml:"token"`
}

// o311Format splits "requests.json" into its name and format.
func o311Format(file string) (string, string, bool) {
	for _, f := range []string{".json", ".xml"} {
		if name, ok := strings.CutSuffix(file, f); ok {
			return name, f[1:], true
		}
	}
	return "", "", false
}

// o311Write answers in the requested format; lists are wrapped in their
// GeoReport root element in XML (services, service_requests, errors).
func (c *request) o311Write(status int, format, root string, v any) error {
	if format == "json" {
		return c.json(status, v)
	}
	c.w.Header().Set("Content-Type", "text/xml; charset=utf-8")
	c.w.Header().Set("Access-Control-Allow-Origin", "*")
	c.w.WriteHeader(status)
	c.w.Write([]byte(xml.Header))
	enc := xml.NewEncoder(c.w)
	if root == "" {
		return enc.Encode(v)
	}
	start := xml.StartElement{Name: xml.Name{Local: root}}
	if err := enc.EncodeToken(start); err != nil {
		return err
	}
	if err := enc.Encode(v); err != nil {
		return err
	}
	if err := enc.EncodeToken(start.End()); err != nil {
		return err
	}
	return enc.Flush()
}

func (c *request) o311Fail(status int, format, msg string) error {
	if format == "" {
		format = "json"
	}
	return c.o311Write(status, format, "errors", []o311Error{{Code: status, Description: msg}})
}

func o311Services() []o311Service {
	var out []o311Service
	for _, cat := range feedback.Categories {
		out = append(out, o311Service{Code: cat.Code, Name: cat.Name, Description: "Phản ánh, kiến nghị về " + strings.ToLower(cat.Name) + ".",
			Metadata: true, Type: "batch", Keywords: "phản ánh, kiến nghị", Group: "Phản ánh, kiến nghị"})
	}
	return out
}

// open311Doc serves discovery, services and the requests list.
func (s *Server) open311Doc(c *request) error {
	name, format, ok := o311Format(c.r.PathValue("doc"))
	if !ok {
		return c.o311Fail(http.StatusNotFound, "json", "Không có tài nguyên này; dùng đuôi .json hoặc .xml.")
	}
	switch name {
	case "discovery":
		type endpoint struct {
			Specification string   `json:"specification" xml:"specification"`
			URL           string   `json:"url" xml:"url"`
			Changeset     string   `json:"changeset" xml:"changeset"`
			Type          string   `json:"type" xml:"type"`
			Formats       []string `json:"formats" xml:"formats>format"`
		}
		type discovery struct {
			XMLName    xml.Name   `json:"-" xml:"discovery"`
			Changeset  string     `json:"changeset" xml:"changeset"`
			Contact    string     `json:"contact" xml:"contact"`
			KeyService string     `json:"key_service" xml:"key_service"`
			Endpoints  []endpoint `json:"endpoints" xml:"endpoints>endpoint"`
		}
		contact := c.ward.FullName
		if c.ward.Email != "" {
			contact += " – " + c.ward.Email
		}
		return c.o311Write(http.StatusOK, format, "", discovery{Changeset: "2026-11-29T00:00:00Z", Contact: contact,
			KeyService: "Liên hệ Văn phòng HĐND và UBND " + vn.LowerFirst(c.ward.FullName) + " để được cấp api_key.",
			Endpoints: []endpoint{{Specification: "http://wiki.open311.org/GeoReport_v2", URL: s.baseURL(c.r) + "/open311/v2", Changeset: "2026-11-29T00:00:00Z",
				Type: "production", Formats: []string{"application/json", "text/xml"}}}})
	case "services":
		return c.o311Write(http.StatusOK, format, "services", o311Services())
	case "requests":
		return s.open311List(c, format)
	}
	return c.o311Fail(http.StatusNotFound, format, "Không có tài nguyên này.")
}

func (s *Server) open311Service(c *request) error {
	code, format, ok := o311Format(c.r.PathValue("file"))
	if !ok || feedback.CategoryName(code) == code {
		return c.o311Fail(http.StatusNotFound, format, "Không có dịch vụ này.")
	}
	units, err := ward.Units(c.r.Context(), s.DB, c.ward.ID)
	if err != nil {
		return err
	}
	var kp []o311Value
	for _, u := range units {
		if u.Kind == ward.KindKhuPho {
			kp = append(kp, o311Value{Key: strconv.FormatInt(u.ID, 10), Name: u.Name})
		}
	}
	return c.o311Write(http.StatusOK, format, "", o311Definition{Code: code, Attributes: []o311Attribute{
		{Variable: true, Code: "khu_pho", Datatype: "singlevaluelist", Required: false, DatatypeDescription: "Khu phố nơi xảy ra sự việc", Order: 1, Description: "Khu phố", Values: kp},
		{Variable: true, Code: "title", Datatype: "string", Required: false, DatatypeDescription: "Tối đa 200 ký tự", Order: 2, Description: "Tiêu đề ngắn"},
		{Variable: true, Code: "procedure_code", Datatype: "string", Required: false, DatatypeDescription: "Mã thủ tục, ví dụ 1.001193", Order: 3, Description: "Thủ tục hành chính liên quan"},
	}})
}

// o311FromView is an item as GeoReport shows it: the one projection of
// feedback.View, so Open311 shows what the portal shows, and to the app
// that filed an item what that app already knows.
func (s *Server) o311FromView(c *request, v feedback.View) o311Request {
	r := o311Request{ID: strconv.FormatInt(v.ID, 10), Status: feedback.Open311Status(v.Status), StatusNotes: v.Note,
		ServiceName: feedback.CategoryName(v.Category), ServiceCode: v.Category, Description: v.Title, AgencyResponsible: v.Unit,
		Requested: v.Received.UTC().Format(time.RFC3339), Updated: v.Updated.UTC().Format(time.RFC3339)}
	if r.AgencyResponsible == "" {
		r.AgencyResponsible = "Ủy ban nhân dân " + vn.LowerFirst(c.ward.FullName)
	}
	if v.Own {
		r.Address = v.KhuPho
		r.ServiceNotice = "Mã tra cứu của người dân: " + v.Code
		if v.Due != "" {
			r.Expected = v.Due + "T17:00:00+07:00"
		}
	}
	return r
}

// o311App is the partner app whose api_key a GET carries: with it, the app
// also sees the items it filed. A wrong key is refused, not ignored.
func (s *Server) o311App(c *request) (*feedback.App, bool, error) {
	key := c.r.URL.Query().Get("api_key")
	if key == "" {
		return nil, true, nil
	}
	app, err := feedback.CheckAPIKey(c.r.Context(), s.DB, c.ward.ID, key)
	if errors.Is(err, feedback.ErrAPIKey) {
		return nil, false, nil
	}
	return app, err == nil, err
}

// o311IDs parses service_request_id: ids separated by commas.
func o311IDs(v string) ([]int64, bool) {
	if v == "" {
		return nil, true
	}
	parts := strings.Split(v, ",")
	if len(parts) > 100 {
		return nil, false
	}
	ids := make([]int64, 0, len(parts))
	for _, p := range parts {
		id, err := strconv.ParseInt(strings.TrimSpace(p), 10, 64)
		if err != nil || id <= 0 {
			return nil, false
		}
		ids = append(ids, id)
	}
	return ids, true
}

func (s *Server) open311List(c *request, format string) error {
	q := c.r.URL.Query()
	app, ok, err := s.o311App(c)
	if err != nil {
		return err
	}
	if !ok {
		return c.o311Fail(http.StatusForbidden, format, "api_key không hợp lệ.")
	}
	ids, ok := o311IDs(q.Get("service_request_id"))
	if !ok {
		return c.o311Fail(http.StatusBadRequest, format, "service_request_id là các số, cách nhau bởi dấu phẩy, tối đa 100.")
	}
	norm := func(v string) (string, bool) {
		if v == "" {
			return "", true
		}
		t, err := time.Parse(time.RFC3339, v)
		if err != nil {
			return "", false
		}
		return db.FormatTime(t), true
	}
	f := feedback.ViewFilter{IDs: ids, Category: q.Get("service_code"), Status: q.Get("status"),
		Limit: 1000} // GeoReport: by default the last 90 days, at most 1000 requests
	var ok1, ok2 bool
	f.From, ok1 = norm(q.Get("start_date"))
	f.To, ok2 = norm(q.Get("end_date"))
	if !ok1 || !ok2 || (f.Status != "" && f.Status != "open" && f.Status != "closed") {
		return c.o311Fail(http.StatusBadRequest, format, "Tham số không hợp lệ: start_date, end_date theo W3C (2026-01-31T08:00:00+07:00), status là open hoặc closed.")
	}
	if f.Category != "" && feedback.CategoryName(f.Category) == f.Category {
		return c.o311Fail(http.StatusBadRequest, format, "service_code không hợp lệ.")
	}
	if f.From == "" && len(ids) == 0 {
		f.From = db.FormatTime(time.Now().AddDate(0, 0, -90))
	}
	views, err := feedback.Views(c.r.Context(), s.DB, c.ward.ID, app, f)
	if err != nil {
		return err
	}
	out := []o311Request{}
	for _, v := range views {
		out = append(out, s.o311FromView(c, v))
	}
	return c.o311Write(http.StatusOK, format, "service_requests", out)
}

func (s *Server) open311Request(c *request) error {
	file, format, ok := o311Format(c.r.PathValue("file"))
	id, err := strconv.ParseInt(file, 10, 64)
	if !ok || err != nil {
		return c.o311Fail(http.StatusNotFound, format, "Không có yêu cầu này.")
	}
	app, ok, err := s.o311App(c)
	if err != nil {
		return err
	}
	if !ok {
		return c.o311Fail(http.StatusForbidden, format, "api_key không hợp lệ.")
	}
	v, err := feedback.ViewOf(c.r.Context(), s.DB, c.ward.ID, app, id)
	if errors.Is(err, db.ErrNotFound) {
		return c.o311Fail(http.StatusNotFound, format, "Không có yêu cầu này, hoặc câu trả lời chưa được công khai.")
	}
	if err != nil {
		return err
	}
	return c.o311Write(http.StatusOK, format, "service_requests", []o311Request{s.o311FromView(c, v)})
}

// open311Token: requests are created at once, so their id is in the answer
// to the POST; the app that filed a request may also look its id up by the
// tracking code it was given, with its api_key. Nobody else learns whether
// a code exists.
func (s *Server) open311Token(c *request) error {
	token, format, ok := o311Format(c.r.PathValue("file"))
	if !ok {
		return c.o311Fail(http.StatusNotFound, "json", "Không có mã này.")
	}
	app, ok, err := s.o311App(c)
	if err != nil {
		return err
	}
	if !ok {
		return c.o311Fail(http.StatusForbidden, format, "api_key không hợp lệ.")
	}
	if app == nil {
		return c.o311Fail(http.StatusNotFound, format, "Không có mã này (cần api_key của ứng dụng đã gửi yêu cầu).")
	}
	v, err := feedback.Filed(c.r.Context(), s.DB, c.ward.ID, app, token)
	if errors.Is(err, db.ErrNotFound) {
		return c.o311Fail(http.StatusNotFound, format, "Không có mã này.")
	}
	if err != nil {
		return err
	}
	return c.o311Write(http.StatusOK, format, "service_requests", []o311Token{{ID: strconv.FormatInt(v.ID, 10), Token: token}})
}

// open311Post files a request for a partner app holding an API key.
func (s *Server) open311Post(c *request) error {
	name, format, ok := o311Format(c.r.PathValue("doc"))
	if !ok || name != "requests" {
		return c.o311Fail(http.StatusNotFound, format, "Không có tài nguyên này.")
	}
	ctx := c.r.Context()
	c.r.Body = http.MaxBytesReader(c.w, c.r.Body, 64<<10)
	if err := c.r.ParseForm(); err != nil {
		return c.o311Fail(http.StatusBadRequest, format, "Yêu cầu quá lớn hoặc không đọc được.")
	}
	f := c.r.PostFormValue
	app, err := feedback.CheckAPIKey(ctx, s.DB, c.ward.ID, f("api_key"))
	if err != nil {
		return c.o311Fail(http.StatusForbidden, format, "api_key không hợp lệ.")
	}
	if ok, _, err := s.open311Lim.Allow(ctx, strconv.FormatInt(app.ID, 10)); err != nil {
		return err
	} else if !ok {
		return c.o311Fail(http.StatusTooManyRequests, format, "Vượt giới hạn số yêu cầu; vui lòng thử lại sau.")
	}
	desc := strings.TrimSpace(f("description"))
	title := strings.TrimSpace(f("attribute[title]"))
	if title == "" {
		title = desc
		if i := strings.IndexAny(title, ".!?\n"); i > 0 {
			title = title[:i]
		}
		if utf8.RuneCountInString(title) > 120 {
			title = string([]rune(title)[:119]) + "…"
		}
	}
	kp, _ := strconv.ParseInt(f("attribute[khu_pho]"), 10, 64)
	name = strings.TrimSpace(strings.TrimSpace(f("last_name")) + " " + strings.TrimSpace(f("first_name")))
	if name == "" {
		name = "Người dân (qua " + app.Name + ")"
	}
	// The partner app collects the resident's consent before sending (a term of its key).
	in := feedback.Input{Category: f("service_code"), ProcedureCode: f("attribute[procedure_code]"), Title: title, Description: desc, KhuPhoID: kp,
		Name: name, Address: f("address_string"), Phone: f("phone"), Email: f("email"), Consent: true}
	desk, err := s.desk(ctx, c.ward.ID)
	if err != nil {
		return err
	}
	it, err := feedback.Submit(ctx, s.DB, s.Files, desk, feedback.Submission{Input: in, Channel: feedback.ChannelOpen311, App: app}, time.Now())
	var ce check.Errors
	if errors.As(err, &ce) {
		var msgs []string
		for _, k := range []string{"category", "title", "description", "name", "phone", "email", "khu_pho_id", "address", "procedure_code"} {
			if m := ce[k]; m != "" {
				msgs = append(msgs, m)
			}
		}
		return c.o311Fail(http.StatusBadRequest, format, strings.Join(msgs, " "))
	}
	if err != nil {
		return err
	}
	return c.o311Write(http.StatusCreated, format, "service_requests", []o311Created{{ID: strconv.FormatInt(it.ID, 10),
		ServiceNotice: "Mã tra cứu của người dân: " + it.Code + ". Hạn phân loại: " + vn.ISODate(it.ClassifyDue) + ". Người dân tra cứu bằng mã này và 4 số cuối điện thoại tại " + s.baseURL(c.r) + "/phan-anh/tra-cuu"}})
}
