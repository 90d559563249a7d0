package feedback

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"math/bits"
	"strconv"
	"strings"
	"time"

	"github.com/cchc-vn/cchc/internal/db"
)

// PoW is a proof-of-work challenge that needs no third-party service: the
// browser finds a nonce such that SHA-256(challenge ":" nonce) starts with
// Bits zero bits (about 2^Bits hashes, a fraction of a second on a phone),
// which makes mass submission costly. Challenges are signed, expire, and
// are stored with the item they admitted, so each works once.
type PoW struct {
	Key  []byte
	Bits int
	TTL  time.Duration
}

// Errors of Verify.
var (
	ErrChallenge = errors.New("invalid or expired challenge")
	ErrWork      = errors.New("insufficient proof of work")
)

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

// Verify checks a challenge and its nonce.
func (p PoW) Verify(challenge, nonce string, now time.Time) error {
	parts := strings.Split(challenge, ".")
	if len(parts) != 4 || len(nonce) == 0 || len(nonce) > 32 {
		return ErrChallenge
	}
	payload := strings.Join(parts[:3], ".")
	if !hmac.Equal([]byte(p.mac(payload)), []byte(parts[3])) {
		return ErrChallenge
	}
	ts, err1 := strconv.ParseInt(parts[0], 10, 64)
	need, err2 := strconv.Atoi(parts[2])
	if err1 != nil || err2 != nil || need < p.Bits {
		return ErrChallenge
	}
	issued := time.Unix(ts, 0)
	if now.Before(issued.Add(-time.Minute)) || now.After(issued.Add(p.TTL)) {
		return ErrChallenge
	}
	if leadingZeros(sha256.Sum256([]byte(challenge+":"+nonce))) < need {
		return ErrWork
	}
	return nil
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

// PoWKey returns the deployment's signing key, created on first use and
// shared through the database by every server.
func PoWKey(ctx context.Context, d *db.DB) ([]byte, error) {
	k := make([]byte, 32)
	rand.Read(k)
	if _, err := d.Exec(ctx, `insert into settings (key, value) values ('pow_key', ?) on conflict (key) do nothing`, hex.EncodeToString(k)); err != nil {
		return nil, err
	}
	var v string
	if err := d.QueryRow(ctx, `select value from settings where key = 'pow_key'`).Scan(&v); err != nil {
		return nil, err
	}
	return hex.DecodeString(v)
}
