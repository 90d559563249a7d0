package notice

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/db/dbtest"
	"github.com/cchc-vn/cchc/internal/notice/noticetest"
)

// TestZaloAndSMS: the access token is refreshed before it expires and when
// Zalo calls it invalid, each new refresh token kept; a number with no
// Zalo account falls back to SMS; a quota used up is retried, a template
// not approved needs an administrator, an SMS number refused moves on; a
// rate limit is retried.
func TestZaloAndSMS(t *testing.T) {
	ctx := context.Background()
	zalo := &noticetest.Zalo{Refresh: "refresh-0", Answer: map[string]string{
		"84987000111": `{"error": -118, "message": "Zalo account not existed"}`,
		"84987000222": `{"error": -115, "message": "Out of quota"}`,
		"84987000333": `{"error": -109, "message": "Template ID invalid"}`,
	}}
	zs := httptest.NewServer(zalo)
	defer zs.Close()
	sms := &noticetest.ESMS{Answer: map[string]string{"0987000444": "108", "0987000222": "103"}}
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
	if err := otp("0912345678"); err != nil || zalo.Refreshes != 1 || len(zalo.Sent) != 1 {
		t.Fatalf("first send: %v, %d refreshes, %d sent", err, zalo.Refreshes, len(zalo.Sent))
	}
	otp("0912345678")
	if zalo.Refreshes != 1 {
		t.Fatal("a token still valid was refreshed")
	}
	clock = clock.Add(25*time.Hour - 4*time.Minute) // within five minutes of its expiry
	otp("0912345678")
	if zalo.Refreshes != 2 || len(saved) != 2 || saved[1] != "refresh-2" {
		t.Fatalf("refresh before expiry: %d, saved %v", zalo.Refreshes, saved)
	}
	zalo.Access = "revoked" // Zalo revokes it early
	if err := otp("0912345678"); err != nil || zalo.Refreshes != 3 {
		t.Fatalf("after a revoked token: %v, %d refreshes", err, zalo.Refreshes)
	}

	if err := otp("0987000111"); err != nil || len(sms.Sent) != 1 || sms.Sent[0]["Phone"] != "0987000111" || sms.Sent[0]["IsUnicode"] != "1" {
		t.Fatalf("no Zalo account, then SMS: %v %v", err, sms.Sent)
	}
	for phone, want := range map[string]FailureKind{"0987000222": Retry, "0987000333": Permanent} {
		if err := otp(phone); err == nil || KindOf(err) != want {
			t.Errorf("%s: %v (kind %d), want kind %d", phone, err, KindOf(err), want)
		}
	}
	sms.Answer["0987000555"] = "108"
	zalo.Answer["84987000555"] = `{"error": -118, "message": "Zalo account not existed"}`
	if err := otp("0987000555"); KindOf(err) != Unreachable || !strings.Contains(err.Error(), "esms: 108") {
		t.Errorf("reachable by neither: %v", err)
	}
	zalo.Status = http.StatusTooManyRequests
	if err := otp("0912345678"); KindOf(err) != Retry {
		t.Errorf("rate limited: %v", err)
	}
	zalo.Status = 0

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
		zalo := &noticetest.Zalo{Refresh: "refresh-0"}
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
		if err := send(a); err != nil || zalo.Refreshes != 1 {
			t.Fatalf("node a: %v, %d refreshes", err, zalo.Refreshes)
		}
		if err := send(b); err != nil || zalo.Refreshes != 1 {
			t.Fatalf("node b refreshed again (%d) or failed: %v", zalo.Refreshes, err)
		}
		// Node c refreshes on its own (its first token counted invalid),
		// node a still holds refresh-1, now dead: it takes what c kept.
		c := node()
		if _, err := c.Token.Get(ctx, true); err != nil || zalo.Refreshes != 2 {
			t.Fatalf("node c: %v", err)
		}
		if _, err := a.Token.Get(ctx, true); err != nil || a.Token.RefreshToken != zalo.Refresh {
			t.Fatalf("node a after losing the race: %v, holds %s, live %s", err, a.Token.RefreshToken, zalo.Refresh)
		}
	})
}
