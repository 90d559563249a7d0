package social_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/cchc-vn/cchc/internal/check"

	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/db/dbtest"
	"github.com/cchc-vn/cchc/internal/seed"
	"github.com/cchc-vn/cchc/internal/social"
	"github.com/cchc-vn/cchc/internal/social/socialtest"
	"github.com/cchc-vn/cchc/internal/ward"
)

func TestClientsAgainstFakes(t *testing.T) {
	f := socialtest.Start(t)
	ctx := context.Background()
	fb := social.FacebookPages{Base: f.Facebook.URL}
	zl := social.ZaloOA{Base: f.Zalo.URL}
	post := social.Post{Title: "Hướng dẫn nộp hồ sơ trực tuyến", Summary: "Ba bước đơn giản.", Body: "Nội dung.", URL: "https://phudinh.example/bai-viet/x",
		ImageURL: "https://phudinh.example/anh/1-960.jpg", Author: "UBND phường Phú Định"}
	id, _, err := fb.Post(ctx, social.Account{Provider: social.Facebook, PageID: "1234", Token: "fb-token"}, post)
	if err != nil || !strings.HasPrefix(id, "1234_") {
		t.Fatalf("facebook: %q %v", id, err)
	}
	if f.FBPosts[0]["link"] != post.URL || !strings.Contains(f.FBPosts[0]["message"], post.Title) {
		t.Errorf("facebook received %v", f.FBPosts[0])
	}
	_, raw, err := fb.Post(ctx, social.Account{Provider: social.Facebook, PageID: "1234", Token: "wrong"}, post)
	var pe *social.Error
	if !errors.As(err, &pe) || pe.Code != 190 || pe.Temporary || !strings.Contains(raw, "OAuthException") {
		t.Errorf("bad facebook token: %v (%s)", err, raw)
	}
	f.FailNext["facebook"] = 1
	if _, _, err := fb.Post(ctx, social.Account{Provider: social.Facebook, PageID: "1234", Token: "fb-token"}, post); !errors.As(err, &pe) || !pe.Temporary || pe.Code != 4 {
		t.Errorf("facebook rate limit: %v", err)
	}
	tok, _, err := zl.Post(ctx, social.Account{Provider: social.Zalo, Token: "zalo-token"}, post)
	if err != nil || tok != "zalo-article-1" {
		t.Fatalf("zalo: %q %v", tok, err)
	}
	if cover, _ := f.ZaloPost[0]["cover"].(map[string]any); cover["photo_url"] != post.ImageURL || f.ZaloPost[0]["status"] != "show" {
		t.Errorf("zalo received %v", f.ZaloPost[0])
	}
	long := post
	long.Title = strings.Repeat("Cải cách hành chính ", 20)
	if _, _, err := zl.Post(ctx, social.Account{Provider: social.Zalo, Token: "zalo-token"}, long); err != nil {
		t.Errorf("a long title was not cut to Zalo's limit: %v", err)
	}
	if _, _, err := zl.Post(ctx, social.Account{Provider: social.Zalo, Token: "nope"}, post); !errors.As(err, &pe) || pe.Code != -216 || pe.Temporary {
		t.Errorf("bad zalo token: %v", err)
	}
}

func TestOutboxRetriesAndBacksOff(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		seed.Load(ctx, d)
		w, _ := ward.ByCode(ctx, d, "27427")
		f := socialtest.Start(t)
		posters := map[string]social.Poster{social.Facebook: social.FacebookPages{Base: f.Facebook.URL}, social.Zalo: social.ZaloOA{Base: f.Zalo.URL}}
		sealer := social.NewSealer("a deployment secret")
		for _, bad := range []struct{ page, token, field string }{
			{"", "x", "page_id"},
			{"trang-phu-dinh", "x", "page_id"},
			{"1234", "EAAB abc", "token"},
			{"1234", "EAAB\u202eabc", "token"},
			{"1234", "mã-có-dấu", "token"},
		} {
			err := social.SetAccount(ctx, d, sealer, w.ID, social.Facebook, bad.page, bad.token)
			if e, ok := err.(check.Errors); !ok || e[bad.field] == "" {
				t.Errorf("page %q, token %q: %v, want a message on %s", bad.page, bad.token, err, bad.field)
			}
		}
		social.SetAccount(ctx, d, sealer, w.ID, social.Facebook, "1234", "fb-token")
		social.SetAccount(ctx, d, sealer, w.ID, social.Zalo, "", "zalo-token")
		var col, art int64
		d.QueryRow(ctx, `insert into news_columns (ward_id, slug, name) values (?, 'tin', 'Tin') returning id`, w.ID).Scan(&col)
		d.QueryRow(ctx, `insert into articles (ward_id, column_id, slug, title, status, created_at, updated_at) values (?, ?, 'a', 'A', 'published', ?, ?) returning id`,
			w.ID, col, db.Now(), db.Now()).Scan(&art)
		now := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
		if err := social.Enqueue(ctx, d, w.ID, art, now.Add(time.Hour)); err != nil { // scheduled an hour ahead
			t.Fatal(err)
		}
		compose := func(ctx context.Context, wardID, id int64) (social.Post, error) {
			return social.Post{Title: "Bài A", Summary: "Tóm tắt", Body: "Nội dung", URL: "https://phudinh.example/bai-viet/a", Author: "UBND phường"}, nil
		}
		if n, _ := social.Deliver(ctx, d, sealer, posters, compose, now, 10); n != 0 {
			t.Errorf("a scheduled post went out early: %d", n)
		}
		f.FailNext["zalo"] = 1
		n, err := social.Deliver(ctx, d, sealer, posters, compose, now.Add(time.Hour), 10)
		if err != nil || n != 1 {
			t.Fatalf("first delivery: %d %v", n, err)
		}
		states, _ := social.States(ctx, d, art)
		if len(states) != 2 || states[0].State != social.Sent || states[1].State != social.Pending || states[1].Tries != 1 ||
			!states[1].NextAt.Equal(now.Add(time.Hour+time.Minute)) || !strings.Contains(states[1].Response, "rate limit") {
			t.Fatalf("after a rate limit: %+v", states)
		}
		if n, _ := social.Deliver(ctx, d, sealer, posters, compose, now.Add(time.Hour+30*time.Second), 10); n != 0 {
			t.Error("retried before its back-off")
		}
		if n, _ := social.Deliver(ctx, d, sealer, posters, compose, now.Add(time.Hour+2*time.Minute), 10); n != 1 {
			t.Error("not retried after its back-off")
		}
		fb, zl := f.Received()
		if fb != 1 || zl != 1 {
			t.Errorf("fakes received %d and %d posts", fb, zl)
		}
		// A refused token fails at once and waits for a person; Retry queues it again.
		social.SetAccount(ctx, d, sealer, w.ID, social.Zalo, "", "revoked")
		var art2 int64
		d.QueryRow(ctx, `insert into articles (ward_id, column_id, slug, title, status, created_at, updated_at) values (?, ?, 'b', 'B', 'published', ?, ?) returning id`,
			w.ID, col, db.Now(), db.Now()).Scan(&art2)
		social.Enqueue(ctx, d, w.ID, art2, now)
		social.Deliver(ctx, d, sealer, posters, compose, now.Add(2*time.Hour), 10)
		states, _ = social.States(ctx, d, art2)
		if states[1].State != social.Failed || !strings.Contains(states[1].Response, "-216") {
			t.Fatalf("refused token: %+v", states[1])
		}
		social.SetAccount(ctx, d, sealer, w.ID, social.Zalo, "", "zalo-token")
		social.Retry(ctx, d, w.ID, art2, states[1].ID)
		if n, _ := social.Deliver(ctx, d, sealer, posters, compose, time.Now(), 10); n != 1 {
			t.Error("a retried post was not delivered")
		}
		// Tokens are sealed at rest: the database holds no token, and another secret cannot open them.
		var stored string
		d.QueryRow(ctx, `select token from social_accounts where ward_id = ? and provider = 'facebook'`, w.ID).Scan(&stored)
		if strings.Contains(stored, "fb-token") || !strings.HasPrefix(stored, "v1:") {
			t.Errorf("stored token %q", stored)
		}
		var art3 int64
		d.QueryRow(ctx, `insert into articles (ward_id, column_id, slug, title, status, created_at, updated_at) values (?, ?, 'c', 'C', 'published', ?, ?) returning id`,
			w.ID, col, db.Now(), db.Now()).Scan(&art3)
		social.Enqueue(ctx, d, w.ID, art3, now)
		social.Deliver(ctx, d, social.NewSealer(""), posters, compose, time.Now(), 10)
		states, _ = social.States(ctx, d, art3)
		if states[0].State != social.Failed || !strings.Contains(states[0].Response, "CCHC_SECRET_KEY") {
			t.Errorf("without the secret: %+v", states[0])
		}
		accs, _ := social.Accounts(ctx, d, w.ID)
		if len(accs) != 2 || accs[0].PageID != "1234" {
			t.Errorf("accounts: %+v", accs)
		}
	})
}
