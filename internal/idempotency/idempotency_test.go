package idempotency_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/cchc-vn/cchc/internal/account"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/db/dbtest"
	"github.com/cchc-vn/cchc/internal/idempotency"
	"github.com/cchc-vn/cchc/internal/seed"
	"github.com/cchc-vn/cchc/internal/ward"
)

func TestValid(t *testing.T) {
	for key, want := range map[string]bool{"3f2b8c1e-5d4a-4b7e-9a21-0c6d8e7f1a2b": true, "kp01:2025-10-07:1": true, "": false,
		"có dấu": false, "a b": false, string(make([]byte, 101)): false, "x/../y": false} {
		if got := idempotency.Valid(key); got != want {
			t.Errorf("Valid(%q) = %v", key, got)
		}
	}
}

// TestOnce: a key claimed runs once; while it runs a second send waits;
// its kept answer comes back for every repeat; another address with the
// same key is refused; a released key (a refused entry) may be claimed
// again; a claim whose process died is taken over after ten minutes; keys
// go after 30 days; one user's key is not another's.
func TestOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if _, err := seed.Load(ctx, d); err != nil {
			t.Fatal(err)
		}
		w, _ := ward.ByCode(ctx, d, "27427")
		mk := func(name string) int64 {
			u, err := account.Create(ctx, d, w.ID, account.NewUser{Username: name, FullName: name, Role: account.RoleLeader, Password: "mat-khau-dai-du-12"})
			if err != nil {
				t.Fatal(err)
			}
			return u.ID
		}
		a, b := mk("nguoi-a"), mk("nguoi-b")
		now := time.Date(2025, 10, 7, 8, 0, 0, 0, time.UTC)
		claim := func(user int64, key, path string, at time.Time) (*idempotency.Response, error) {
			return idempotency.Claim(ctx, d, user, key, "POST", path, at)
		}
		if r, err := claim(a, "k1", "/quan-ly/hoat-dong", now); r != nil || err != nil {
			t.Fatalf("first claim: %v %v", r, err)
		}
		if _, err := claim(a, "k1", "/quan-ly/hoat-dong", now.Add(time.Second)); !errors.Is(err, idempotency.ErrInFlight) {
			t.Fatalf("while it runs: %v", err)
		}
		if r, err := claim(b, "k1", "/quan-ly/hoat-dong", now); r != nil || err != nil {
			t.Fatalf("another user's key: %v %v", r, err)
		}
		want := idempotency.Response{Status: 303, Header: map[string][]string{"Location": {"/quan-ly/hoat-dong/7"}}}
		if err := idempotency.Finish(ctx, d, a, "k1", want); err != nil {
			t.Fatal(err)
		}
		for range 2 {
			r, err := claim(a, "k1", "/quan-ly/hoat-dong", now.Add(time.Hour))
			if err != nil || r == nil || r.Status != 303 || r.Header["Location"][0] != "/quan-ly/hoat-dong/7" {
				t.Fatalf("replay: %+v %v", r, err)
			}
		}
		if _, err := claim(a, "k1", "/quan-ly/phan-anh", now); !errors.Is(err, idempotency.ErrMismatch) {
			t.Fatalf("the key on another address: %v", err)
		}
		if _, err := claim(a, "bad key", "/quan-ly/hoat-dong", now); !errors.Is(err, idempotency.ErrInvalidKey) {
			t.Fatalf("a bad key: %v", err)
		}

		claim(a, "k2", "/quan-ly/hoat-dong", now)
		if err := idempotency.Release(ctx, d, a, "k2"); err != nil {
			t.Fatal(err)
		}
		if r, err := claim(a, "k2", "/quan-ly/hoat-dong", now); r != nil || err != nil {
			t.Fatalf("a released key: %v %v", r, err)
		}
		if _, err := claim(a, "k2", "/quan-ly/hoat-dong", now.Add(9*time.Minute)); !errors.Is(err, idempotency.ErrInFlight) {
			t.Fatalf("nine minutes on: %v", err)
		}
		if r, err := claim(a, "k2", "/quan-ly/hoat-dong", now.Add(11*time.Minute)); r != nil || err != nil {
			t.Fatalf("a claim whose process died: %v %v", r, err)
		}

		n, err := idempotency.Purge(ctx, d, now.Add(idempotency.Keep+time.Hour))
		if err != nil || n != 3 {
			t.Fatalf("purged %d, %v", n, err)
		}
	})
}
