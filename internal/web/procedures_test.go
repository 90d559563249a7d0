package web

import (
	"context"
	"encoding/json"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/db/dbtest"
	"github.com/cchc-vn/cchc/internal/procedure"
)

func TestProcedurePages(t *testing.T) {
	e := newEnv(t, dbtest.Open(t, db.SQLite))
	c := e.anon()
	checks := []struct{ path, want string }{
		{"/thu-tuc", "Theo sự kiện trong cuộc sống"},
		{"/thu-tuc?q=" + url.QueryEscape("nhập hộ khẩu"), `href="/thu-tuc/1.004222"`},
		{"/thu-tuc?q=" + url.QueryEscape("zzzz qqqq"), "Không tìm thấy thủ tục phù hợp"},
		{"/linh-vuc/ho-tich", "Thủ tục đăng ký khai sinh"},
		{"/su-kien/sinh-con", "Thủ tục đăng ký khai sinh"},
		{"/thu-tuc/1.001193", "Cần mang theo những gì"},
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
		if resp.StatusCode != 200 || !strings.Contains(b, `"items": [`) {
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
	ix, _ = e.s.index(ctx, e.ward.ID)
	if hits, _ := ix.Search("ngoai hanh tinh", 1); len(hits) == 0 || hits[0].Code != "9.000001" {
		t.Errorf("new procedure not found: %v", hits)
	}
}
