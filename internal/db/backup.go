package db

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
)

// ErrNotSQLite is returned by Backup on PostgreSQL, which pg_dump backs up
// (PgDumpRecipe says how).
var ErrNotSQLite = errors.New("an online backup from cchc is for SQLite; back PostgreSQL up with pg_dump")

// Backup writes a consistent copy of the SQLite database to path while the
// server runs: VACUUM INTO reads one snapshot, so writers wait only for the
// moments SQLite needs, and the copy is compact and whole. path must not
// exist.
func (d *DB) Backup(ctx context.Context, path string) error {
	if d.engine != SQLite {
		return ErrNotSQLite
	}
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("%s already exists: choose a new file", path)
	}
	_, err := d.sql.ExecContext(ctx, `vacuum into ?`, path)
	return err
}

// PgDumpRecipe is how an operator backs up and restores a PostgreSQL
// database, printed by "cchc backup" there.
const PgDumpRecipe = `PostgreSQL is backed up with its own tools (a consistent snapshot, online):
  pg_dump --format=custom --no-owner --file=cchc.dump "$CCHC_DATABASE_URL"
and restored into an empty database with:
  createdb cchc && pg_restore --no-owner --dbname="postgres://…/cchc" cchc.dump
`

// Restore puts a backup file in dataDir as its database: dataDir must have
// none yet, and the file must be a whole cchc database (SQLite's integrity
// check passes and it carries the migrations table).
func Restore(ctx context.Context, from, dataDir string) error {
	dst := filepath.Join(dataDir, "cchc.db")
	if _, err := os.Stat(dst); err == nil {
		return fmt.Errorf("%s already holds a database: restore into an empty data directory", dataDir)
	}
	src, err := sql.Open("sqlite", "file:"+from+"?mode=ro")
	if err != nil {
		return err
	}
	var ok string
	err = src.QueryRowContext(ctx, `pragma integrity_check`).Scan(&ok)
	if err == nil && ok != "ok" {
		err = errors.New(ok)
	}
	var n int
	if err == nil {
		err = src.QueryRowContext(ctx, `select count(*) from schema_migrations`).Scan(&n)
	}
	src.Close()
	if err != nil {
		return fmt.Errorf("%s is not a whole cchc database: %w", from, err)
	}
	if err := os.MkdirAll(dataDir, 0o750); err != nil {
		return err
	}
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	tmp := dst + ".restoring"
	out, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o640)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		os.Remove(tmp)
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		os.Remove(tmp)
		return err
	}
	out.Close()
	return os.Rename(tmp, dst) // whole or nothing: a cut copy never looks like a database
}

// TableSum is a table's row count and a checksum of its rows.
type TableSum struct {
	Rows int64
	Sum  string
}

// Checksums reads every table of a SQLite database: its rows in rowid
// order, hashed. Two databases with the same sums hold the same data.
func (d *DB) Checksums(ctx context.Context) (map[string]TableSum, error) {
	if d.engine != SQLite {
		return nil, ErrNotSQLite
	}
	rows, err := d.sql.QueryContext(ctx, `select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`)
	if err != nil {
		return nil, err
	}
	var tables []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			rows.Close()
			return nil, err
		}
		tables = append(tables, t)
	}
	rows.Close()
	sort.Strings(tables)
	out := map[string]TableSum{}
	for _, t := range tables {
		order := "rowid"
		var without int
		d.sql.QueryRowContext(ctx, `select count(*) from sqlite_master where name = ? and sql like '%without rowid%'`, t).Scan(&without)
		if without > 0 {
			order = "1"
		}
		rs, err := d.sql.QueryContext(ctx, `select * from "`+t+`" order by `+order)
		if err != nil {
			return nil, err
		}
		cols, _ := rs.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		h := sha256.New()
		var n int64
		for rs.Next() {
			if err := rs.Scan(ptrs...); err != nil {
				rs.Close()
				return nil, err
			}
			for _, v := range vals {
				fmt.Fprintf(h, "%T:%v\x00", v, v)
			}
			n++
		}
		rs.Close()
		if err := rs.Err(); err != nil {
			return nil, err
		}
		out[t] = TableSum{Rows: n, Sum: hex.EncodeToString(h.Sum(nil))}
	}
	return out, nil
}
