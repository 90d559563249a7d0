package pow

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/db/dbtest"
)

func TestProofOfWork(t *testing.T) {
	p := PoW{Key: []byte("secret"), Bits: 10, TTL: 30 * time.Minute}
	now := time.Unix(1_800_000_000, 0)
	c := p.Challenge(now)
	nonce := Solve(c)
	if err := p.Verify(c, nonce, now.Add(time.Minute)); err != nil {
		t.Fatalf("a solved challenge refused: %v", err)
	}
	if err := p.Verify(c, nonce, now.Add(31*time.Minute)); !errors.Is(err, ErrChallenge) {
		t.Error("an expired challenge accepted")
	}
	forged := strings.Replace(c, ".10.", ".1.", 1)
	if err := p.Verify(forged, Solve(forged), now); !errors.Is(err, ErrChallenge) {
		t.Error("a challenge with its difficulty lowered accepted")
	}
	other := PoW{Key: []byte("other"), Bits: 10, TTL: time.Hour}
	if err := other.Verify(c, nonce, now); !errors.Is(err, ErrChallenge) {
		t.Error("a challenge signed with another key accepted")
	}
	wrong := 0
	for i := 0; i < 50; i++ { // most nonces do not meet 10 bits
		if p.Verify(c, "x"+string(rune('a'+i%26))+string(rune('a'+i/26)), now) == nil {
			wrong++
		}
	}
	if wrong > 3 {
		t.Errorf("%d of 50 random nonces passed", wrong)
	}
}

func TestSpendOnceAcrossServers(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		key, err := Key(ctx, d)
		if err != nil {
			t.Fatal(err)
		}
		again, _ := Key(ctx, d)
		if string(key) != string(again) || len(key) != 32 {
			t.Fatal("a second server got another key")
		}
		p := PoW{Key: key, Bits: 4, TTL: time.Hour}
		now := time.Now()
		c := p.Challenge(now)
		if err := p.Spend(ctx, d, c, now); err != nil {
			t.Fatal(err)
		}
		if err := p.Spend(ctx, d, c, now); !errors.Is(err, ErrSpent) {
			t.Errorf("a challenge spent twice: %v", err)
		}
		if err := p.Spend(ctx, d, p.Challenge(now), now); err != nil {
			t.Errorf("another challenge refused: %v", err)
		}
	})
}
