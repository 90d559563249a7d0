package notice

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/db/dbtest"
)

// fakeZalo is a local Zalo: OAuth v4 (/v4/oa/access_token: the secret_key
// header, a form with app_id, refresh_token, grant_type; each refresh
// answers a new access token and a new refresh token, the old one dead)
// and ZNS (/message/template with the access_token header; answers an
// error number by phone number, as Zalo's table of error codes names them).
type fakeZalo struct {
	mu        sync.Mutex
	refresh   string // the one live refresh token
	access    string // the one live access token
	refreshes int
	sent      []map[string]any
	answer    map[string]string // phone (84…) → the JSON answered
	status    int               // HTTP status to answer, 0 for 200
}

func (f *fakeZalo) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	switch r.URL.Path {
	case "/v4/oa/access_token":
		r.ParseForm()
		if r.Method != "POST" || r.Header.Get("secret_key") != "app-secret" || r.PostForm.Get("app_id") != "4321" || r.PostForm.Get("grant_type") != "refresh_token" {
			io.WriteString(w, `{"error": -14002, "error_name": "Invalid app", "error_reason": "app_id or secret_key"}`)
			return
		}
		if r.PostForm.Get("refresh_token") != f.refresh {
			io.WriteString(w, `{"error": -14014, "error_name": "Invalid refresh token", "error_reason": "used or expired"}`)
			return
		}
		f.refreshes++
		f.access, f.refresh = "access-"+strconv.Itoa(f.refreshes), "refresh-"+strconv.Itoa(f.refreshes)
		io.WriteString(w, `{"access_token": "`+f.access+`", "refresh_token": "`+f.refresh+`", "expires_in": "90000"}`)
	case "/message/template":
		if f.status != 0 {
			w.WriteHeader(f.status)
			io.WriteString(w, `{"error": -100, "message": "busy"}`)
			return
		}
		if r.Header.Get("access_token") != f.access {
			io.WriteString(w, `{"error": -124, "message": "Access token is invalid"}`)
			return
		}
		var m map[string]any
		json.NewDecoder(r.Body).Decode(&m)
		if a, ok := f.answer[m["phone"].(string)]; ok {
			io.WriteString(w, a)
			return
		}
		f.sent = append(f.sent, m)
		io.WriteString(w, `{"error": 0, "message": "Success", "data": {"msg_id": "m1", "sent_time": "1700000000000"}}`)
	default:
		http.NotFound(w, r)
	}
}

// fakeESMS is a local eSMS.vn: the JSON body of SendMultipleMessage_V4_post_json
// answered with CodeResult 100, or the code set for a phone.
type fakeESMS struct {
	mu     sync.Mutex
	sent   []map[string]string
	answer map[string]string // phone → CodeResult
}

func (f *fakeESMS) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var m map[string]string
	if r.URL.Path != "/MainService.svc/json/SendMultipleMessage_V4_post_json/" || json.NewDecoder(r.Body).Decode(&m) != nil ||
		m["ApiKey"] != "k" || m["SecretKey"] != "s" || m["Brandname"] != "UBNDPHUDINH" || m["SmsType"] != "2" {
		io.WriteString(w, `{"CodeResult": "101", "ErrorMessage": "Authorize Failed"}`)
		return
	}
	if code, ok := f.answer[m["Phone"]]; ok {
		io.WriteString(w, `{"CodeResult": "`+code+`", "CountRegenerate": 0, "ErrorMessage": "refused"}`)
		return
	}
	f.sent = append(f.sent, m)
	io.WriteString(w, `{"CodeResult": "100", "CountRegenerate": 0, "SMSID": "d533459e"}`)
}

// TestZaloAndSMS: the access token is refreshed before it expires and when
// Zalo calls it invalid, each new refresh token kept; a number with no
// Zalo account falls back to SMS; a quota used up is retried, a template
// not approved needs an administrator, an SMS number refused moves on; a
// rate limit is retried.
func TestZaloAndSMS(t *testing.T) {
	ctx := context.Background()
	zalo := &fakeZalo{refresh: "refresh-0", answer: map[string]string{
		"84987000111": `{"error": -118, "message": "Zalo account not existed"}`,
		"84987000222": `{"error": -115, "message": "Out of quota"}`,
		"84987000333": `{"error": -109, "message": "Template ID invalid"}`,
	}}
	zs := httptest.NewServer(zalo)
	defer zs.Close()
	sms := &fakeESMS{answer: map[string]string{"0987000444": "108", "0987000222": "103"}}
	ss := httptest.NewServer(sms)
	defer ss.Close()

	tx, err := ParseTexter("zns://?app_id=4321&secret_key=app-secret&refresh_token=refresh-0&otp=7895417&endpoint="+zs.URL+"&oauth="+zs.URL+
		" | esms://?api_key=k&secret_key=s&brandname=UBNDPHUDINH&endpoint="+ss.URL, nil)
	if err != nil {
		t.Fatal(err)
	}
	chain := tx.(Chain)
	z := chain[0].(*ZNS)
	clock := time.Date(2026, 12, 4, 9, 0, 0, 0, time.UTC)
	z.Token.now = func() time.Time { return clock }
	var saved []string
	z.Token.Save = func(_ context.Context, access, refresh string, _ time.Time) error {
		saved = append(saved, refresh)
		return nil
	}
	otp := func(phone string) error {
		return tx.SendText(ctx, Text{Phone: phone, Template: "otp", Body: "Mã xác minh: 123456", Params: map[string]string{"otp": "123456"}})
	}
	if err := otp("0912345678"); err != nil || zalo.refreshes != 1 || len(zalo.sent) != 1 {
		t.Fatalf("first send: %v, %d refreshes, %d sent", err, zalo.refreshes, len(zalo.sent))
	}
	otp("0912345678")
	if zalo.refreshes != 1 {
		t.Fatal("a token still valid was refreshed")
	}
	clock = clock.Add(25*time.Hour - 4*time.Minute) // within five minutes of its expiry
	otp("0912345678")
	if zalo.refreshes != 2 || len(saved) != 2 || saved[1] != "refresh-2" {
		t.Fatalf("refresh before expiry: %d, saved %v", zalo.refreshes, saved)
	}
	zalo.access = "revoked" // Zalo revokes it early
	if err := otp("0912345678"); err != nil || zalo.refreshes != 3 {
		t.Fatalf("after a revoked token: %v, %d refreshes", err, zalo.refreshes)
	}

	if err := otp("0987000111"); err != nil || len(sms.sent) != 1 || sms.sent[0]["Phone"] != "0987000111" || sms.sent[0]["IsUnicode"] != "1" {
		t.Fatalf("no Zalo account, then SMS: %v %v", err, sms.sent)
	}
	for phone, want := range map[string]FailureKind{"0987000222": Retry, "0987000333": Permanent} {
		if err := otp(phone); err == nil || KindOf(err) != want {
			t.Errorf("%s: %v (kind %d), want kind %d", phone, err, KindOf(err), want)
		}
	}
	sms.answer["0987000555"] = "108"
	zalo.answer["84987000555"] = `{"error": -118, "message": "Zalo account not existed"}`
	if err := otp("0987000555"); KindOf(err) != Unreachable || !strings.Contains(err.Error(), "esms: 108") {
		t.Errorf("reachable by neither: %v", err)
	}
	zalo.status = http.StatusTooManyRequests
	if err := otp("0912345678"); KindOf(err) != Retry {
		t.Errorf("rate limited: %v", err)
	}
	zalo.status = 0

	z.Token.RefreshToken = "refresh-0" // a used refresh token
	if _, err := z.Token.Get(ctx, true); KindOf(err) != Permanent || !strings.Contains(err.Error(), "Invalid refresh token") {
		t.Errorf("a dead refresh token: %v", err)
	}
	for _, bad := range []string{"zns://?refresh_token=r&otp=1", "esms://?api_key=k", "console | sms://x"} {
		if _, err := ParseTexter(bad, nil); err == nil {
			t.Errorf("%s was accepted", bad)
		}
	}
}

// TestTokensKept: the pair a refresh returns is kept in the database; a
// second node (or this one after a restart) reads it instead of using the
// dead refresh token it was started with, and a node that lost the race to
// refresh takes the pair the winner kept.
func TestTokensKept(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		zalo := &fakeZalo{refresh: "refresh-0"}
		zs := httptest.NewServer(zalo)
		defer zs.Close()
		node := func() *ZNS {
			tx, err := ParseTexter("zns://?app_id=4321&secret_key=app-secret&refresh_token=refresh-0&otp=7895417&endpoint="+zs.URL+"&oauth="+zs.URL, nil)
			if err != nil {
				t.Fatal(err)
			}
			KeepTokens(tx, d)
			return tx.(*ZNS)
		}
		a, b := node(), node()
		send := func(z *ZNS) error {
			return z.SendText(ctx, Text{Phone: "0912345678", Template: "otp", Params: map[string]string{"otp": "1"}})
		}
		if err := send(a); err != nil || zalo.refreshes != 1 {
			t.Fatalf("node a: %v, %d refreshes", err, zalo.refreshes)
		}
		if err := send(b); err != nil || zalo.refreshes != 1 {
			t.Fatalf("node b refreshed again (%d) or failed: %v", zalo.refreshes, err)
		}
		// Node c refreshes on its own (its first token counted invalid),
		// node a still holds refresh-1, now dead: it takes what c kept.
		c := node()
		if _, err := c.Token.Get(ctx, true); err != nil || zalo.refreshes != 2 {
			t.Fatalf("node c: %v", err)
		}
		if _, err := a.Token.Get(ctx, true); err != nil || a.Token.RefreshToken != zalo.refresh {
			t.Fatalf("node a after losing the race: %v, holds %s, live %s", err, a.Token.RefreshToken, zalo.refresh)
		}
	})
}
