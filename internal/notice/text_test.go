package notice_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/cchc-vn/cchc/internal/notice"
)

// A local Zalo ZNS: POST /message/template with the access_token header and
// {phone, template_id, template_data, tracking_id}; it answers
// {"error": 0, "message": "Success", "data": {...}} or an error number.
func TestZNSSendsTheTemplate(t *testing.T) {
	var got map[string]any
	var token string
	refuse := false
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != "POST" || r.URL.Path != "/message/template" || r.Header.Get("Content-Type") != "application/json" {
			http.Error(w, "bad request", 400)
			return
		}
		token = r.Header.Get("access_token")
		b, _ := io.ReadAll(r.Body)
		json.Unmarshal(b, &got)
		if refuse {
			io.WriteString(w, `{"error": -124, "message": "Access token is invalid"}`)
			return
		}
		io.WriteString(w, `{"error": 0, "message": "Success", "data": {"msg_id": "a1b2", "sent_time": "1700000000000", "quota": {"dailyQuota": "500", "remainingQuota": "499"}}}`)
	}))
	defer srv.Close()
	tx, err := notice.ParseTexter("zns://?access_token=oa-token&otp=7895417&endpoint="+srv.URL, slog.Default())
	if err != nil {
		t.Fatal(err)
	}
	if err := tx.SendText(context.Background(), notice.Text{Phone: "0912345678", Template: "otp", Params: map[string]string{"otp": "123456"}}); err != nil {
		t.Fatal(err)
	}
	data, _ := got["template_data"].(map[string]any)
	if token != "oa-token" || got["phone"] != "84912345678" || got["template_id"] != "7895417" || data["otp"] != "123456" ||
		!strings.HasPrefix(got["tracking_id"].(string), "cchc-") {
		t.Fatalf("request: token %q, %v", token, got)
	}
	refuse = true
	err = tx.SendText(context.Background(), notice.Text{Phone: "0912345678", Template: "otp", Params: map[string]string{"otp": "1"}})
	if err == nil || !strings.Contains(err.Error(), "-124") {
		t.Fatalf("a refusal: %v", err)
	}
	for _, bad := range []string{"zns://?otp=1", "zns://?access_token=x", "sms://x"} {
		if _, err := notice.ParseTexter(bad, slog.Default()); err == nil {
			t.Errorf("%s was accepted", bad)
		}
	}
}
