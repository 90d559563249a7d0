// Package signin is the officials' way in. A wrong password is never held
// against the account: that would let any stranger lock out the chairman
// by failing five times every quarter hour. Failures are counted per
// (account, address), per address and per account, and cost the one who
// fails: after a few, each further try needs a proof of work from the
// browser, harder as failures from that address go on, and an address
// that keeps failing waits. The account's owner is told. Known and unknown
// usernames get the same answers, so they reveal nothing.
package signin

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/cchc-vn/cchc/internal/account"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/notice"
	"github.com/cchc-vn/cchc/internal/pow"
	"github.com/cchc-vn/cchc/internal/ratelimit"
	"github.com/cchc-vn/cchc/internal/vn"
)

// Window is how long a failure counts.
const Window = 15 * time.Minute

// Thresholds, in failures within one Window.
const (
	PairFree    = 3  // failures for one account from one address before proof is asked
	AddressFree = 10 // failures from one address (any accounts) before proof is asked
	AccountFree = 20 // failures for one account (any addresses) before proof is asked
	AddressStop = 60 // failures from one address after which it waits for the window to end
	WarnOwner   = 5  // failures for one account after which its owner is told, once a window
)

// Guard applies the policy. MinBits is the proof asked first (and the
// only one an attack from elsewhere costs the real owner); it grows by a
// bit every few more failures from the same address, up to MaxBits.
type Guard struct {
	DB               *db.DB
	PoW              pow.PoW // key and lifetime of challenges; the bits are decided here
	MinBits, MaxBits int
	Now              func() time.Time // for tests; nil means time.Now

	pair, address, account *ratelimit.Limiter
}

// New returns a guard with the standard difficulty: 16 bits (a fraction of
// a second on a phone) growing to 22 bits (some seconds).
func New(d *db.DB, p pow.PoW) *Guard {
	g := &Guard{DB: d, PoW: p, MinBits: 16, MaxBits: 22}
	limiter := func(name string) *ratelimit.Limiter {
		return &ratelimit.Limiter{DB: d, Name: name, Window: Window, Now: g.now}
	}
	g.pair, g.address, g.account = limiter("login-pair"), limiter("login-address"), limiter("login-account")
	return g
}

func (g *Guard) now() time.Time {
	if g.Now != nil {
		return g.Now()
	}
	return time.Now()
}

// Attempt is one submission of the login form.
type Attempt struct {
	WardID             int64
	WardCode           string // keys the account's counters: usernames are per ward
	Username, Password string
	Challenge, Nonce   string // the proof of work, when the form carried one
	Previous           string // the session token the browser had, ended at login
	Address, UserAgent string
}

// Refusal is why a login was refused and what the next try needs.
type Refusal struct {
	Kind      Kind
	Bits      int           // the proof the next try needs; 0 when none
	Challenge string        // a fresh challenge of Bits, for the form
	Retry     time.Duration // for Wait: until the address may try again
}

// Kind of refusal.
type Kind int

const (
	// BadCredentials: unknown user, wrong password or disabled account.
	BadCredentials Kind = iota + 1
	// NeedProof: the password was not checked; the next try must carry a proof.
	NeedProof
	// Wait: the address has failed too often; it may try again after Retry.
	Wait
)

func (r *Refusal) Error() string { return fmt.Sprintf("login refused (%d, %d bits)", r.Kind, r.Bits) }

// counts are one attempt's failures in the current window.
type counts struct{ pair, address, account int }

func (g *Guard) keys(a Attempt) (pair, address, acct string) {
	acct = a.WardCode + "/" + a.Username
	return acct + "|" + a.Address, a.Address, acct
}

func (g *Guard) read(ctx context.Context, a Attempt) (counts, time.Duration, error) {
	kp, ka, kc := g.keys(a)
	var c counts
	var left time.Duration
	var err error
	if c.pair, _, err = g.pair.Count(ctx, kp); err != nil {
		return c, 0, err
	}
	if c.address, left, err = g.address.Count(ctx, ka); err != nil {
		return c, 0, err
	}
	c.account, _, err = g.account.Count(ctx, kc)
	return c, left, err
}

// Bits is the proof of work the next try needs after c's failures: none
// below every threshold; MinBits when one is reached, growing by one bit
// every two more failures for the pair and every five more for the
// address. Failures for the account from elsewhere never ask more than
// MinBits, so an attack cannot make the owner's own login slow.
func (g *Guard) Bits(c counts) int {
	bits := 0
	grow := func(n, free, step int) {
		if n >= free {
			bits = max(bits, min(g.MaxBits, g.MinBits+(n-free)/step))
		}
	}
	grow(c.pair, PairFree, 2)
	grow(c.address, AddressFree, 5)
	grow(c.account, AccountFree, 1<<30)
	return bits
}

func (g *Guard) refuse(kind Kind, bits int) *Refusal {
	r := &Refusal{Kind: kind, Bits: bits}
	if bits > 0 {
		r.Challenge = g.PoW.WithBits(bits).Challenge(g.now())
	}
	return r
}

// Form returns the proof the login form should carry for an address before
// the username is known (bits 0 and no challenge when none is needed yet).
func (g *Guard) Form(ctx context.Context, address string) (challenge string, bits int, err error) {
	n, _, err := g.address.Count(ctx, address)
	if err != nil {
		return "", 0, err
	}
	if bits = g.Bits(counts{address: n}); bits > 0 {
		challenge = g.PoW.WithBits(bits).Challenge(g.now())
	}
	return challenge, bits, nil
}

// Login checks an attempt and, when it succeeds, opens a session: it
// returns the official and the session's token. A refused attempt returns
// a *Refusal.
func (g *Guard) Login(ctx context.Context, a Attempt) (*account.User, string, error) {
	a.Username = strings.ToLower(strings.TrimSpace(vn.Clean(a.Username)))
	c, left, err := g.read(ctx, a)
	if err != nil {
		return nil, "", err
	}
	if c.address >= AddressStop {
		r := g.refuse(Wait, 0)
		r.Retry = left
		return nil, "", r
	}
	if need := g.Bits(c); need > 0 {
		p := g.PoW.WithBits(need)
		if err := p.Verify(a.Challenge, a.Nonce, g.now()); err != nil {
			return nil, "", g.refuse(NeedProof, need)
		}
		if err := p.Spend(ctx, g.DB, a.Challenge, g.now()); errors.Is(err, pow.ErrSpent) {
			return nil, "", g.refuse(NeedProof, need)
		} else if err != nil {
			return nil, "", err
		}
	}
	u, err := account.Authenticate(ctx, g.DB, a.WardID, a.Username, a.Password)
	if errors.Is(err, account.ErrBadCredentials) {
		if c, err = g.fail(ctx, a); err != nil {
			return nil, "", err
		}
		return nil, "", g.refuse(BadCredentials, g.Bits(c))
	}
	if err != nil {
		return nil, "", err
	}
	kp, _, _ := g.keys(a)
	if err := g.pair.Reset(ctx, kp); err != nil {
		return nil, "", err
	}
	token, err := account.StartSession(ctx, g.DB, u, a.Previous, a.Address, a.UserAgent)
	return u, token, err
}

// fail counts a failure on the three counters and tells the owner of an
// existing account when its count reaches WarnOwner.
func (g *Guard) fail(ctx context.Context, a Attempt) (counts, error) {
	kp, ka, kc := g.keys(a)
	var c counts
	var err error
	if c.pair, _, err = g.pair.Add(ctx, kp); err != nil {
		return c, err
	}
	if c.address, _, err = g.address.Add(ctx, ka); err != nil {
		return c, err
	}
	if c.account, _, err = g.account.Add(ctx, kc); err != nil {
		return c, err
	}
	if c.account == WarnOwner {
		err = g.warn(ctx, a)
	}
	return c, err
}

func (g *Guard) warn(ctx context.Context, a Attempt) error {
	u, err := account.ByUsername(ctx, g.DB, a.WardID, a.Username)
	if errors.Is(err, db.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	now := g.now()
	at := now.In(vn.Zone)
	body := fmt.Sprintf("Trong %d phút qua có %d lần nhập sai mật khẩu cho tài khoản %s, lần gần nhất lúc %s ngày %s từ địa chỉ %s.\n\n"+
		"Tài khoản của bạn không bị khóa: bạn vẫn đăng nhập được như thường; người nhập sai phải chờ lâu hơn sau mỗi lần.\n"+
		"Nếu đó không phải là bạn, hãy đổi mật khẩu và báo cho quản trị viên.",
		int(Window.Minutes()), WarnOwner, u.Username, at.Format("15:04"), at.Format("02/01/2006"), a.Address)
	_, err = notice.Add(ctx, g.DB, u.WardID, []int64{u.ID}, notice.New{Kind: notice.KindLoginFailures,
		Subject: "Có nhiều lần đăng nhập sai vào tài khoản của bạn", Body: body, Link: "/quan-ly/mat-khau",
		Dedupe: "login-failures:" + now.Truncate(Window).UTC().Format(time.RFC3339)})
	return err
}
