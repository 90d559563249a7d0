package signin

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/cchc-vn/cchc/internal/account"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/db/dbtest"
	"github.com/cchc-vn/cchc/internal/notice"
	"github.com/cchc-vn/cchc/internal/pow"
	"github.com/cchc-vn/cchc/internal/seed"
	"github.com/cchc-vn/cchc/internal/ward"
)

// tryer logs in as browsers would: with proof, it solves the challenge of
// the last refusal its address was given.
type tryer struct {
	t    *testing.T
	g    *Guard
	w    *ward.Ward
	last map[string]*Refusal // by address
}

func (tr *tryer) try(address, username, password string, proof bool) (*account.User, *Refusal) {
	tr.t.Helper()
	a := Attempt{WardID: tr.w.ID, WardCode: tr.w.Code, Username: username, Password: password, Address: address, UserAgent: "test"}
	if r := tr.last[address]; proof && r != nil && r.Challenge != "" {
		a.Challenge, a.Nonce = r.Challenge, pow.Solve(r.Challenge)
	}
	u, token, err := tr.g.Login(context.Background(), a)
	var r *Refusal
	if errors.As(err, &r) {
		tr.last[address] = r
		return nil, r
	}
	if err != nil || token == "" {
		tr.t.Fatalf("login %s from %s: %v", username, address, err)
	}
	return u, nil
}

func TestStrangersFailuresNeverLockTheOwnerOut(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		seed.Load(ctx, d)
		w, _ := ward.ByCode(ctx, d, "27427")
		owner, err := account.Create(ctx, d, w.ID, account.NewUser{Username: "chutich", FullName: "Chủ tịch", Email: "chutich@phudinh.example", Role: account.RoleLeader, Password: "mat-khau-cua-chu-tich"})
		if err != nil {
			t.Fatal(err)
		}
		now := time.Now().Truncate(Window).Add(Window / 2)
		g := New(d, pow.PoW{Key: []byte("test"), TTL: time.Hour})
		g.MinBits, g.MaxBits = 4, 8
		g.Now = func() time.Time { return now }
		tr := &tryer{t: t, g: g, w: w, last: map[string]*Refusal{}}
		const stranger, home = "198.51.100.9", "203.0.113.5"

		// The first failures cost nothing more; the third asks for proof.
		for i := 1; i <= PairFree; i++ {
			_, r := tr.try(stranger, "chutich", "doan-bua", false)
			want := 0
			if i == PairFree {
				want = g.MinBits
			}
			if r == nil || r.Kind != BadCredentials || r.Bits != want || (want > 0) != (r.Challenge != "") {
				t.Fatalf("failure %d: %+v", i, r)
			}
		}
		// Without the proof the password is not even checked, and not counted.
		if _, r := tr.try(stranger, "chutich", "mat-khau-cua-chu-tich", false); r == nil || r.Kind != NeedProof || r.Bits != g.MinBits {
			t.Fatalf("an attempt without proof: %+v", r)
		}
		if n, _, _ := g.pair.Count(ctx, "27427/chutich|"+stranger); n != PairFree {
			t.Errorf("a refused attempt was counted: %d", n)
		}
		// With proof, each failure makes the next proof harder, up to MaxBits.
		var bits []int
		for i := 0; i < 12; i++ {
			_, r := tr.try(stranger, "chutich", "doan-bua", true)
			if r == nil || r.Kind != BadCredentials {
				t.Fatalf("proven failure %d: %+v", i, r)
			}
			bits = append(bits, r.Bits)
		}
		if bits[0] != g.MinBits || bits[len(bits)-1] != g.MaxBits {
			t.Errorf("difficulty grew %v, want %d to %d", bits, g.MinBits, g.MaxBits)
		}
		// A challenge is worth one try.
		spent := tr.last[stranger]
		tr.try(stranger, "chutich", "doan-bua", true)
		tr.last[stranger] = spent
		if _, r := tr.try(stranger, "chutich", "doan-bua", true); r == nil || r.Kind != NeedProof {
			t.Errorf("a spent challenge was accepted: %+v", r)
		}

		// The owner, from home, logs in at once, with no proof asked.
		if u, r := tr.try(home, "chutich", "mat-khau-cua-chu-tich", false); r != nil || u.ID != owner.ID {
			t.Fatalf("the owner was refused: %+v", r)
		}
		// and was told, once in the window, though there were 16 failures.
		ns, _ := notice.List(ctx, d, owner.ID, 10)
		if len(ns) != 1 || ns[0].Kind != notice.KindLoginFailures || ns[0].Link != "/quan-ly/mat-khau" {
			t.Fatalf("owner's notices %+v", ns)
		}

		// Many addresses failing for one account ask the owner for the
		// smallest proof only: a fraction of a second, never a lock.
		for i := 0; i < AccountFree; i++ {
			g.account.Add(ctx, "27427/chutich")
		}
		if _, r := tr.try(home, "chutich", "mat-khau-cua-chu-tich", false); r == nil || r.Kind != NeedProof || r.Bits != g.MinBits {
			t.Fatalf("owner under a distributed attack: %+v", r)
		}
		if _, r := tr.try(home, "chutich", "mat-khau-cua-chu-tich", true); r != nil {
			t.Fatalf("owner with proof refused: %+v", r)
		}

		// An address that keeps failing waits for the window to end.
		for i := 0; i < AddressStop; i++ {
			g.address.Add(ctx, stranger)
		}
		if _, r := tr.try(stranger, "chutich", "mat-khau-cua-chu-tich", true); r == nil || r.Kind != Wait || r.Retry <= 0 || r.Retry > Window {
			t.Fatalf("an address past the stop: %+v", r)
		}
		// and the next window starts clean.
		now = now.Add(Window)
		if u, r := tr.try(stranger, "chutich", "mat-khau-cua-chu-tich", false); r != nil || u == nil {
			t.Errorf("the next window still held the address: %+v", r)
		}
	})
}

func TestUnknownAndKnownUsernamesAnswerAlike(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		seed.Load(ctx, d)
		w, _ := ward.ByCode(ctx, d, "27427")
		if _, err := account.Create(ctx, d, w.ID, account.NewUser{Username: "chutich", FullName: "Chủ tịch", Role: account.RoleLeader, Password: "mat-khau-cua-chu-tich"}); err != nil {
			t.Fatal(err)
		}
		g := New(d, pow.PoW{Key: []byte("test"), TTL: time.Hour})
		g.MinBits, g.MaxBits = 4, 8
		tr := &tryer{t: t, g: g, w: w, last: map[string]*Refusal{}}
		answers := func(address, username string) (out []Refusal) {
			for i := 0; i < PairFree+3; i++ {
				_, r := tr.try(address, username, "doan-bua", i%2 == 0)
				if r == nil {
					t.Fatalf("%s got in", username)
				}
				out = append(out, Refusal{Kind: r.Kind, Bits: r.Bits})
			}
			return out
		}
		known, unknown := answers("192.0.2.1", "chutich"), answers("192.0.2.2", "khong-co-ai")
		for i := range known {
			if known[i] != unknown[i] {
				t.Errorf("answer %d: known %+v, unknown %+v", i+1, known[i], unknown[i])
			}
		}
	})
}
