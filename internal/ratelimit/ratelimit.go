// Package ratelimit counts requests per key in fixed windows stored in the
// database, so every process serving one database shares the same counters.
package ratelimit

import (
	"context"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/cchc-vn/cchc/internal/db"
)

// Limiter allows Limit hits per Window for each key. Windows are fixed
// (aligned to the clock), so a burst across a boundary can reach twice the
// limit; that is the price of one shared counter row per window.
type Limiter struct {
	DB     *db.DB
	Name   string // prefix separating limiters, e.g. "login-ip"
	Limit  int
	Window time.Duration
	Now    func() time.Time // for tests; nil means time.Now
}

// Allow counts one hit for key and reports whether it is within the limit;
// when it is not, retry says how long until the window ends.
func (l *Limiter) Allow(ctx context.Context, key string) (ok bool, retry time.Duration, err error) {
	hits, retry, err := l.Add(ctx, key)
	if err != nil {
		return false, 0, err
	}
	if hits > l.Limit {
		return false, retry, nil
	}
	return true, 0, nil
}

func (l *Limiter) window() (now, start, end time.Time, bucket string) {
	now = time.Now()
	if l.Now != nil {
		now = l.Now()
	}
	start = now.Truncate(l.Window)
	return now, start, start.Add(l.Window), strconv.FormatInt(start.Unix(), 10)
}

// Add counts one hit for key and returns the window's hits so far and the
// time left in the window. Limit plays no part: callers that grade their
// answer by the count (the login guard) read it themselves.
func (l *Limiter) Add(ctx context.Context, key string) (hits int, left time.Duration, err error) {
	now, _, end, slot := l.window()
	err = l.DB.QueryRow(ctx, `insert into rate_limits (bucket, slot, hits, expires_at) values (?, ?, 1, ?)
		on conflict (bucket, slot) do update set hits = rate_limits.hits + 1
		returning hits`, l.Name+":"+key, slot, db.FormatTime(end)).Scan(&hits)
	if err != nil {
		return 0, 0, err
	}
	// Sweep old windows now and then rather than on a timer per process.
	if rand.IntN(200) == 0 {
		l.DB.Exec(ctx, `delete from rate_limits where expires_at < ?`, db.FormatTime(now))
	}
	return hits, end.Sub(now), nil
}

// Count returns the hits of key in the current window, without adding one,
// and the time left in the window.
func (l *Limiter) Count(ctx context.Context, key string) (hits int, left time.Duration, err error) {
	now, _, end, slot := l.window()
	err = l.DB.QueryRow(ctx, `select coalesce(max(hits), 0) from rate_limits where bucket = ? and slot = ?`, l.Name+":"+key, slot).Scan(&hits)
	return hits, end.Sub(now), err
}

// Reset forgets key's hits in the current window.
func (l *Limiter) Reset(ctx context.Context, key string) error {
	_, _, _, slot := l.window()
	_, err := l.DB.Exec(ctx, `delete from rate_limits where bucket = ? and slot = ?`, l.Name+":"+key, slot)
	return err
}
