package ratelimit

import (
	"context"
	"testing"
	"time"

	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/db/dbtest"
)

func TestLimiterCountsPerKeyAcrossInstances(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		// Two limiters on one database stand for two processes. The clock is
		// pinned inside one window: a real window boundary would split the hits.
		now := func() time.Time { return time.Date(2025, 9, 1, 10, 30, 0, 0, time.UTC) }
		a := &Limiter{DB: d, Name: "login", Limit: 3, Window: time.Hour, Now: now}
		b := &Limiter{DB: d, Name: "login", Limit: 3, Window: time.Hour, Now: now}
		for i, l := range []*Limiter{a, b, a} {
			if ok, _, err := l.Allow(ctx, "1.2.3.4"); err != nil || !ok {
				t.Fatalf("hit %d refused: %v", i+1, err)
			}
		}
		ok, retry, err := b.Allow(ctx, "1.2.3.4")
		if err != nil || ok {
			t.Fatalf("fourth hit allowed (ok=%v err=%v)", ok, err)
		}
		if retry <= 0 || retry > time.Hour {
			t.Errorf("retry = %v", retry)
		}
		if ok, _, _ := a.Allow(ctx, "5.6.7.8"); !ok {
			t.Error("another key was limited")
		}
		other := &Limiter{DB: d, Name: "feedback", Limit: 1, Window: time.Hour, Now: now}
		if ok, _, _ := other.Allow(ctx, "1.2.3.4"); !ok {
			t.Error("another limiter's counter was shared")
		}
		// Count reads without adding; Reset forgets the key's window.
		if n, left, err := a.Count(ctx, "1.2.3.4"); err != nil || n != 4 || left != 30*time.Minute {
			t.Errorf("count = %d, %v, %v", n, left, err)
		}
		if n, _, _ := a.Count(ctx, "9.9.9.9"); n != 0 {
			t.Errorf("an unseen key counts %d", n)
		}
		if err := b.Reset(ctx, "1.2.3.4"); err != nil {
			t.Fatal(err)
		}
		if n, _, _ := a.Add(ctx, "1.2.3.4"); n != 1 {
			t.Errorf("after reset the key counts %d", n)
		}
		// The next window starts afresh. Last: a limiter whose clock is an hour
		// ahead may purge (1 call in 200) the rows this window still counts.
		later := &Limiter{DB: d, Name: "login", Limit: 3, Window: time.Hour, Now: func() time.Time { return now().Add(time.Hour) }}
		if ok, _, _ := later.Allow(ctx, "1.2.3.4"); !ok {
			t.Error("the next window still counts the previous one's hits")
		}
	})
}
