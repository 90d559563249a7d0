package noticetest

import (
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"sync"
)

// The credentials the fakes accept.
const (
	ZaloApp    = "4321"
	ZaloSecret = "app-secret"
	ESMSKey    = "k"
	ESMSSecret = "s"
	ESMSBrand  = "UBNDPHUDINH"
)

// Zalo is a local Zalo (business.openapi.zalo.me and oauth.zaloapp.com): OAuth v4 (/v4/oa/access_token: the secret_key
// header, a form with app_id, refresh_token, grant_type; each refresh
// answers a new access token and a new refresh token, the old one dead)
// and ZNS (/message/template with the access_token header; answers an
// error number by phone number, as Zalo's table of error codes names them).
type Zalo struct {
	mu        sync.Mutex
	Refresh   string // the one live refresh token
	Access    string // the one live access token
	Refreshes int
	Sent      []map[string]any
	Answer    map[string]string // phone (84…) → the JSON answered
	Status    int               // HTTP status to answer, 0 for 200
}

func (f *Zalo) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	switch r.URL.Path {
	case "/v4/oa/access_token":
		r.ParseForm()
		if r.Method != "POST" || r.Header.Get("secret_key") != ZaloSecret || r.PostForm.Get("app_id") != ZaloApp || r.PostForm.Get("grant_type") != "refresh_token" {
			io.WriteString(w, `{"error": -14002, "error_name": "Invalid app", "error_reason": "app_id or secret_key"}`)
			return
		}
		if r.PostForm.Get("refresh_token") != f.Refresh {
			io.WriteString(w, `{"error": -14014, "error_name": "Invalid refresh token", "error_reason": "used or expired"}`)
			return
		}
		f.Refreshes++
		f.Access, f.Refresh = "access-"+strconv.Itoa(f.Refreshes), "refresh-"+strconv.Itoa(f.Refreshes)
		io.WriteString(w, `{"access_token": "`+f.Access+`", "refresh_token": "`+f.Refresh+`", "expires_in": "90000"}`)
	case "/message/template":
		if f.Status != 0 {
			w.WriteHeader(f.Status)
			io.WriteString(w, `{"error": -100, "message": "busy"}`)
			return
		}
		if r.Header.Get("access_token") != f.Access {
			io.WriteString(w, `{"error": -124, "message": "Access token is invalid"}`)
			return
		}
		var m map[string]any
		json.NewDecoder(r.Body).Decode(&m)
		if a, ok := f.Answer[m["phone"].(string)]; ok {
			io.WriteString(w, a)
			return
		}
		f.Sent = append(f.Sent, m)
		io.WriteString(w, `{"error": 0, "message": "Success", "data": {"msg_id": "m1", "sent_time": "1700000000000"}}`)
	default:
		http.NotFound(w, r)
	}
}

// ESMS is a local eSMS.vn: the JSON body of SendMultipleMessage_V4_post_json
// answered with CodeResult 100, or the code set for a phone.
type ESMS struct {
	mu     sync.Mutex
	Sent   []map[string]string
	Answer map[string]string // phone → CodeResult
}

func (f *ESMS) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var m map[string]string
	if r.URL.Path != "/MainService.svc/json/SendMultipleMessage_V4_post_json/" || json.NewDecoder(r.Body).Decode(&m) != nil ||
		m["ApiKey"] != ESMSKey || m["SecretKey"] != ESMSSecret || m["Brandname"] != ESMSBrand || m["SmsType"] != "2" {
		io.WriteString(w, `{"CodeResult": "101", "ErrorMessage": "Authorize Failed"}`)
		return
	}
	if code, ok := f.Answer[m["Phone"]]; ok {
		io.WriteString(w, `{"CodeResult": "`+code+`", "CountRegenerate": 0, "ErrorMessage": "refused"}`)
		return
	}
	f.Sent = append(f.Sent, m)
	io.WriteString(w, `{"CodeResult": "100", "CountRegenerate": 0, "SMSID": "d533459e"}`)
}
