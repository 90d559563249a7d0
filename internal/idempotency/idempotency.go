// Package idempotency keeps the answers to officials' requests sent with
// an Idempotency-Key header (the offline field app's outbox sends each
// entry with a key made on the phone), so that a request retried or sent
// twice is carried out once and answered again with its first answer.
// Keys are per user and kept 30 days; only successful answers are kept,
// so an entry refused by validation can be corrected and sent again with
// its key.
package idempotency

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"github.com/cchc-vn/cchc/internal/db"
)

// Keep is how long a key's answer is kept.
const Keep = 30 * 24 * time.Hour

// stale is how long a claim may wait for its answer before it is taken to
// have died with its process (a restart, a killed node) and may be tried
// again.
const stale = 10 * time.Minute

// MaxBody bounds the answer kept; a longer body is kept without its text.
const MaxBody = 256 << 10

var (
	// ErrInvalidKey: the key is empty, too long or has characters outside
	// letters, digits and - _ . :
	ErrInvalidKey = errors.New("idempotency: invalid key")
	// ErrInFlight: the first request with this key is still being served.
	ErrInFlight = errors.New("idempotency: in flight")
	// ErrMismatch: the key was used for another method or address.
	ErrMismatch = errors.New("idempotency: key reused for another request")
)

// Response is a kept answer.
type Response struct {
	Status int
	Header map[string][]string // only what a replay needs: content type, location, the flash cookie
	Body   string
}

// Valid reports whether a key is well formed (a UUID is).
func Valid(key string) bool {
	if key == "" || len(key) > 100 {
		return false
	}
	for _, r := range key {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.' || r == ':') {
			return false
		}
	}
	return true
}

// Claim takes a key for a request before it is carried out. It returns
// the kept answer when the key has one (the request must not run again),
// nil when the request is now the key's and should run.
func Claim(ctx context.Context, conn db.Conn, userID int64, key, method, path string, now time.Time) (*Response, error) {
	if !Valid(key) {
		return nil, ErrInvalidKey
	}
	return db.Run(ctx, conn, func(tx *db.Tx) (*Response, error) {
		res, err := tx.Exec(ctx, `insert into idempotency_keys (user_id, idem_key, method, path, status, header, body, created_at) values (?, ?, ?, ?, 0, '', '', ?)
			on conflict (user_id, idem_key) do nothing`, userID, key, method, path, db.FormatTime(now))
		if err != nil {
			return nil, err
		}
		if n, _ := res.RowsAffected(); n == 1 {
			return nil, nil
		}
		var m, p, header, body string
		var status int
		var at time.Time
		err = tx.QueryRow(ctx, `select method, path, status, header, body, created_at from idempotency_keys where user_id = ? and idem_key = ?`, userID, key).
			Scan(&m, &p, &status, &header, &body, db.Time(&at))
		if errors.Is(err, sql.ErrNoRows) { // released in between: try once more
			return nil, ErrInFlight
		} else if err != nil {
			return nil, err
		}
		switch {
		case m != method || p != path:
			return nil, ErrMismatch
		case status == 0 && now.Sub(at) < stale:
			return nil, ErrInFlight
		case status == 0: // its process died: this request takes the key over
			_, err := tx.Exec(ctx, `update idempotency_keys set created_at = ? where user_id = ? and idem_key = ?`, db.FormatTime(now), userID, key)
			return nil, err
		}
		r := &Response{Status: status, Body: body}
		if err := json.Unmarshal([]byte(header), &r.Header); err != nil {
			return nil, err
		}
		return r, nil
	})
}

// Finish keeps the answer of a claimed key's request.
func Finish(ctx context.Context, conn db.Conn, userID int64, key string, r Response) error {
	if len(r.Body) > MaxBody {
		r.Body = ""
	}
	h, err := json.Marshal(r.Header)
	if err != nil {
		return err
	}
	_, err = conn.Exec(ctx, `update idempotency_keys set status = ?, header = ?, body = ? where user_id = ? and idem_key = ?`, r.Status, string(h), r.Body, userID, key)
	return err
}

// Release gives a key back when its request failed (refused as invalid,
// or an error): the same key may be sent again, corrected.
func Release(ctx context.Context, conn db.Conn, userID int64, key string) error {
	_, err := conn.Exec(ctx, `delete from idempotency_keys where user_id = ? and idem_key = ? and status = 0`, userID, key)
	return err
}

// Purge deletes the keys older than Keep; it returns how many.
func Purge(ctx context.Context, conn db.Conn, now time.Time) (int64, error) {
	res, err := conn.Exec(ctx, `delete from idempotency_keys where created_at < ?`, db.FormatTime(now.Add(-Keep)))
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
