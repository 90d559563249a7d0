// Package db opens the SQLite or PostgreSQL database, runs migrations and
// gives the domain packages one query interface for both engines.
//
// Queries are written once with '?' placeholders; on PostgreSQL they are
// rebound to $1, $2 … before execution. Timestamps are stored as UTC RFC 3339
// text and dates as YYYY-MM-DD text on both engines, so scanning is identical.
package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	_ "modernc.org/sqlite"             // registers "sqlite"
)

// Engine names the database server behind a DB.
type Engine string

const (
	SQLite   Engine = "sqlite"
	Postgres Engine = "postgres"
)

// ErrNotFound is returned by the domain packages when a record does not exist.
var ErrNotFound = errors.New("not found")

// Querier is what domain code runs queries on: a *DB or a *Tx.
type Querier interface {
	Exec(ctx context.Context, query string, args ...any) (sql.Result, error)
	Query(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRow(ctx context.Context, query string, args ...any) *sql.Row
	Engine() Engine
}

// Conn is where a domain's entry point for a change runs: a *DB, when a
// handler or a job calls it, and it opens its own transaction; or a *Tx, when
// another workflow (the demonstration loader, a test) composes several
// changes into one transaction, which the entry point then joins.
type Conn interface {
	Querier
	InTx(ctx context.Context, fn func(*Tx) error) error
}

// DB is a connection pool to one database.
type DB struct {
	sql    *sql.DB
	engine Engine
	// writers queues SQLite's write transactions in the process: SQLite
	// lets one writer in at a time, and its busy handler retries by sleeping,
	// which under load starves some writers for seconds. A Go mutex hands
	// the turn over in order instead.
	writers sync.Mutex
}

// Open connects to url: a postgres:// or postgresql:// URL, or empty for the
// SQLite file cchc.db under dataDir. It fails when the server is unreachable.
func Open(ctx context.Context, url, dataDir string) (*DB, error) {
	var d *DB
	switch {
	case strings.HasPrefix(url, "postgres://"), strings.HasPrefix(url, "postgresql://"):
		s, err := sql.Open("pgx", url)
		if err != nil {
			return nil, err
		}
		s.SetMaxOpenConns(20)
		s.SetMaxIdleConns(10)
		s.SetConnMaxIdleTime(5 * time.Minute)
		d = &DB{sql: s, engine: Postgres}
	case url == "" || strings.HasPrefix(url, "sqlite:") || strings.HasPrefix(url, "file:"):
		path := strings.TrimPrefix(strings.TrimPrefix(url, "sqlite:"), "file:")
		if path == "" {
			if err := os.MkdirAll(dataDir, 0o750); err != nil {
				return nil, fmt.Errorf("create data directory: %w", err)
			}
			path = filepath.Join(dataDir, "cchc.db")
		}
		// WAL lets readers proceed during a write; IMMEDIATE transactions take
		// the write lock up front so concurrent writers wait (busy_timeout)
		// instead of failing half-way with SQLITE_BUSY.
		dsn := "file:" + path + "?_txlock=immediate" +
			"&_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)" +
			"&_pragma=foreign_keys(1)&_pragma=synchronous(" + sqliteSync() + ")"
		s, err := sql.Open("sqlite", dsn)
		if err != nil {
			return nil, err
		}
		// Keep every connection open: a new one costs its file handle and
		// pragmas, and database/sql keeps only two idle by default, so under
		// load connections were closed and opened again on most requests.
		s.SetMaxOpenConns(8)
		s.SetMaxIdleConns(8)
		d = &DB{sql: s, engine: SQLite}
	default:
		return nil, fmt.Errorf("unsupported database URL %q: use postgres://… or leave empty for SQLite", redact(url))
	}
	pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := d.ping(pctx); err != nil {
		d.sql.Close()
		return nil, fmt.Errorf("cannot reach the %s database: %w", d.engine, err)
	}
	return d, nil
}

// ping connects once. Processes opening a new SQLite file together each
// switch it to WAL, which takes the lock without waiting when another
// holds it (SQLite's busy handler stands aside to avoid a deadlock), so a
// locked answer is tried again until the deadline.
func (d *DB) ping(ctx context.Context) error {
	for wait := 10 * time.Millisecond; ; wait = min(2*wait, 200*time.Millisecond) {
		err := d.sql.PingContext(ctx)
		if err == nil || d.engine != SQLite || !strings.Contains(err.Error(), "SQLITE_BUSY") {
			return err
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(wait + time.Duration(rand.Int64N(int64(wait)))):
		}
	}
}

// sqliteSync is how hard SQLite makes each commit durable: NORMAL (in WAL
// mode a power cut may lose the last commits, never corrupt) unless
// CCHC_SQLITE_SYNC=full (every commit on the disk before it is
// acknowledged). BenchmarkDurability in feedback and contest prints what
// FULL costs on intake.
func sqliteSync() string {
	if strings.EqualFold(os.Getenv("CCHC_SQLITE_SYNC"), "full") {
		return "FULL"
	}
	return "NORMAL"
}

func redact(url string) string {
	if i := strings.Index(url, "@"); i > 0 {
		if j := strings.Index(url, "://"); j > 0 && j < i {
			return url[:j+3] + "…" + url[i:]
		}
	}
	return url
}

func (d *DB) Engine() Engine { return d.engine }
func (d *DB) Close() error   { return d.sql.Close() }

// Ping reports whether the database answers; used by /readyz.
func (d *DB) Ping(ctx context.Context) error { return d.sql.PingContext(ctx) }

func (d *DB) Exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return d.sql.ExecContext(ctx, rebind(d.engine, q), args...)
}
func (d *DB) Query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return d.sql.QueryContext(ctx, rebind(d.engine, q), args...)
}
func (d *DB) QueryRow(ctx context.Context, q string, args ...any) *sql.Row {
	return d.sql.QueryRowContext(ctx, rebind(d.engine, q), args...)
}

// Tx is a transaction with the same query interface as DB.
type Tx struct {
	tx     *sql.Tx
	engine Engine
}

func (t *Tx) Engine() Engine { return t.engine }
func (t *Tx) Exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return t.tx.ExecContext(ctx, rebind(t.engine, q), args...)
}
func (t *Tx) Query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return t.tx.QueryContext(ctx, rebind(t.engine, q), args...)
}
func (t *Tx) QueryRow(ctx context.Context, q string, args ...any) *sql.Row {
	return t.tx.QueryRowContext(ctx, rebind(t.engine, q), args...)
}

// InTx runs fn in one transaction: everything fn writes lands, or nothing does.
func (d *DB) InTx(ctx context.Context, fn func(*Tx) error) error {
	if d.engine == SQLite {
		d.writers.Lock()
		defer d.writers.Unlock()
	}
	tx, err := d.sql.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(&Tx{tx: tx, engine: d.engine}); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// Run runs fn in conn's transaction (a new one, or the caller's) and
// returns what it returns: the body of a domain's entry point that gives
// back what it wrote.
func Run[T any](ctx context.Context, conn Conn, fn func(*Tx) (T, error)) (T, error) {
	var out T
	err := conn.InTx(ctx, func(tx *Tx) error {
		var err error
		out, err = fn(tx)
		return err
	})
	return out, err
}

// InTx runs fn in the transaction itself: a change composed into a larger
// one lands or fails with it.
func (t *Tx) InTx(ctx context.Context, fn func(*Tx) error) error { return fn(t) }

// rebind turns '?' placeholders into PostgreSQL's $n, skipping quoted text.
func rebind(e Engine, q string) string {
	if e != Postgres || !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 8)
	n, quoted := 0, false
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case c == '\'':
			quoted = !quoted
		case c == '?' && !quoted:
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			if i+1 < len(q) && q[i+1] >= '0' && q[i+1] <= '9' {
				b.WriteByte(' ') // "?0" must not become "$10"
			}
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// TimeFormat is how timestamps are stored: UTC, fixed width, so text order is time order.
const TimeFormat = "2006-01-02T15:04:05.000000Z"

// DateFormat is how calendar dates are stored.
const DateFormat = "2006-01-02"

// Now returns the current time in storage format.
func Now() string { return time.Now().UTC().Format(TimeFormat) }

// FormatTime converts t to storage format.
func FormatTime(t time.Time) string { return t.UTC().Format(TimeFormat) }

// ParseTime reads a stored timestamp; the zero time for empty text.
func ParseTime(s string) time.Time {
	t, _ := time.Parse(TimeFormat, s)
	return t
}

// Placeholders returns "?, ?, …" for n arguments.
func Placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// IsUniqueViolation reports whether err is a unique-constraint failure on either engine.
func IsUniqueViolation(err error) bool {
	if err == nil {
		return false
	}
	s := err.Error()
	return strings.Contains(s, "UNIQUE constraint failed") || strings.Contains(s, "SQLSTATE 23505")
}
