// Package dbtest gives each test a fresh, migrated database: a SQLite file in
// the test's temporary directory always, and a throwaway PostgreSQL schema
// when CCHC_TEST_DATABASE_URL is set.
package dbtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"os"
	"strings"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/cchc-vn/cchc/internal/db"
)

// EnvURL names the variable holding the PostgreSQL server for tests.
const EnvURL = "CCHC_TEST_DATABASE_URL"

// EnvStrict, when "1", turns every skip for a missing server or browser into
// a failure; CI sets it so nothing is silently left untested.
const EnvStrict = "CCHC_TEST_STRICT"

// Skip skips the test with reason, or fails it when skips are refused.
func Skip(t testing.TB, reason string) {
	t.Helper()
	if os.Getenv(EnvStrict) == "1" {
		t.Fatalf("%s (and %s=1 refuses skips)", reason, EnvStrict)
	}
	t.Skip(reason)
}

// Engines lists the engines tests run on.
func Engines() []db.Engine { return []db.Engine{db.SQLite, db.Postgres} }

// Each runs fn as a subtest per engine, each with its own fresh database.
func Each(t *testing.T, fn func(t *testing.T, d *db.DB)) {
	t.Helper()
	for _, e := range Engines() {
		t.Run(string(e), func(t *testing.T) { fn(t, Open(t, e)) })
	}
}

// URL returns the address of a fresh, empty database of engine e, removed
// after the test: a SQLite file, or a PostgreSQL schema.
func URL(t testing.TB, e db.Engine) string {
	t.Helper()
	if e == db.Postgres {
		base := os.Getenv(EnvURL)
		if base == "" {
			Skip(t, "PostgreSQL tests skipped: set "+EnvURL+"=postgres://user@host:5432/db?sslmode=disable to run them")
		}
		return freshSchema(t, base)
	}
	return "sqlite:" + t.TempDir() + "/test.db"
}

// Open returns a fresh migrated database of engine e, removed after the test.
func Open(t testing.TB, e db.Engine) *db.DB {
	t.Helper()
	ctx := context.Background()
	d, err := db.Open(ctx, URL(t, e), t.TempDir())
	if err != nil {
		t.Fatalf("open %s: %v", e, err)
	}
	t.Cleanup(func() { d.Close() })
	if _, err := d.Migrate(ctx); err != nil {
		t.Fatalf("migrate %s: %v", e, err)
	}
	return d
}

// freshSchema creates a schema with a random name and returns a URL whose
// connections use it; the schema is dropped when the test ends.
func freshSchema(t testing.TB, base string) string {
	t.Helper()
	b := make([]byte, 6)
	rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := admin.Exec("create schema " + schema); err != nil {
		admin.Close()
		t.Fatalf("create test schema on %s: %v", EnvURL, err)
	}
	t.Cleanup(func() {
		admin.Exec("drop schema " + schema + " cascade")
		admin.Close()
	})
	sep := "?"
	if strings.Contains(base, "?") {
		sep = "&"
	}
	return base + sep + "search_path=" + schema
}
