// Package pow is a proof-of-work step that needs no third-party service:
// the browser finds a nonce such that SHA-256(challenge ":" nonce) starts
// with a number of zero bits (about 2^bits hashes), which makes mass
// submission costly. The public feedback form asks for it on every item;
// the login form asks for it after repeated failures, harder as they go on.
// Challenges are signed with the deployment's key (kept in settings),
// expire, and are spent once.
package pow

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"math/bits"
	mrand "math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/cchc-vn/cchc/internal/db"
)

// PoW issues and checks challenges of Bits zero bits.
type PoW struct {
	Key  []byte
	Bits int
	TTL  time.Duration
}

// Errors of Verify and Spend.
var (
	ErrChallenge = errors.New("invalid or expired challenge")
	ErrWork      = errors.New("insufficient proof of work")
	ErrSpent     = errors.New("challenge already used")
)

// WithBits is the same issuer asking for n bits.
func (p PoW) WithBits(n int) PoW {
	p.Bits = n
	return p
}

func (p PoW) mac(payload string) string {
	m := hmac.New(sha256.New, p.Key)
	m.Write([]byte(payload))
	return hex.EncodeToString(m.Sum(nil)[:16])
}

// Challenge issues a new challenge.
func (p PoW) Challenge(now time.Time) string {
	r := make([]byte, 8)
	rand.Read(r)
	payload := strconv.FormatInt(now.Unix(), 10) + "." + hex.EncodeToString(r) + "." + strconv.Itoa(p.Bits)
	return payload + "." + p.mac(payload)
}

// Verify checks a challenge and its nonce: signed by this key, not expired,
// asking for at least p.Bits, and solved.
func (p PoW) Verify(challenge, nonce string, now time.Time) error {
	parts := strings.Split(challenge, ".")
	if len(parts) != 4 || len(nonce) == 0 || len(nonce) > 32 {
		return ErrChallenge
	}
	payload := strings.Join(parts[:3], ".")
	if !hmac.Equal([]byte(p.mac(payload)), []byte(parts[3])) {
		return ErrChallenge
	}
	issued, ok := issuedAt(challenge)
	need, err := strconv.Atoi(parts[2])
	if !ok || err != nil || need < p.Bits {
		return ErrChallenge
	}
	if now.Before(issued.Add(-time.Minute)) || now.After(issued.Add(p.TTL)) {
		return ErrChallenge
	}
	if leadingZeros(sha256.Sum256([]byte(challenge+":"+nonce))) < need {
		return ErrWork
	}
	return nil
}

func issuedAt(challenge string) (time.Time, bool) {
	ts, err := strconv.ParseInt(challenge[:max(0, strings.IndexByte(challenge, '.'))], 10, 64)
	return time.Unix(ts, 0), err == nil
}

func leadingZeros(h [32]byte) int {
	n := 0
	for _, b := range h {
		if b != 0 {
			return n + bits.LeadingZeros8(b)
		}
		n += 8
	}
	return n
}

// Solve finds a nonce for a challenge; browsers do the same in app.js.
func Solve(challenge string) string {
	parts := strings.Split(challenge, ".")
	need := 0
	if len(parts) == 4 {
		need, _ = strconv.Atoi(parts[2])
	}
	for i := 0; ; i++ {
		nonce := strconv.Itoa(i)
		if leadingZeros(sha256.Sum256([]byte(challenge+":"+nonce))) >= need {
			return nonce
		}
	}
}

// Spend records a verified challenge as used, on every server sharing the
// database; a second use is ErrSpent. Records outlive the challenge's TTL
// only until a later Spend sweeps them.
func (p PoW) Spend(ctx context.Context, q db.Querier, challenge string, now time.Time) error {
	issued, _ := issuedAt(challenge)
	res, err := q.Exec(ctx, `insert into pow_spent (challenge, expires_at) values (?, ?) on conflict (challenge) do nothing`,
		challenge, db.FormatTime(issued.Add(p.TTL+time.Minute)))
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrSpent
	}
	if mrand.IntN(100) == 0 {
		if _, err := q.Exec(ctx, `delete from pow_spent where expires_at < ?`, db.FormatTime(now)); err != nil {
			return err
		}
	}
	return nil
}

// Key returns the deployment's signing key, created on first use and
// shared through the database by every server.
func Key(ctx context.Context, q db.Querier) ([]byte, error) {
	k := make([]byte, 32)
	rand.Read(k)
	if _, err := q.Exec(ctx, `insert into settings (key, value) values ('pow_key', ?) on conflict (key) do nothing`, hex.EncodeToString(k)); err != nil {
		return nil, err
	}
	var v string
	if err := q.QueryRow(ctx, `select value from settings where key = 'pow_key'`).Scan(&v); err != nil {
		return nil, err
	}
	return hex.DecodeString(v)
}
