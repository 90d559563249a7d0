package app

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/db/dbtest"
)

// TestBackupUnderLoadAndRestore: "cchc backup" copies the SQLite database
// while a writer keeps adding pairs of rows in transactions; the writer is
// never locked out for long (its slowest write is printed), the copy holds
// whole transactions only, and "cchc restore" puts it in an empty data
// directory that opens with every table's rows and checksum equal to the
// copy's. Once the writer stops, a second backup equals the live database.
func TestBackupUnderLoadAndRestore(t *testing.T) {
	t.Setenv("CCHC_ADMIN_PASSWORD", "backup-test-password")
	dir := t.TempDir()
	var out, errOut bytes.Buffer
	if code := Main([]string{"migrate", "--data", dir}, &out, &errOut); code != 0 {
		t.Fatalf("migrate: %s", errOut.String())
	}
	ctx := context.Background()
	live, err := db.Open(ctx, "", dir)
	if err != nil {
		t.Fatal(err)
	}
	defer live.Close()
	// Padding makes the database big enough for the copy to take a while.
	if _, err := live.Exec(ctx, `create table load_pairs (id integer primary key, pair integer not null, pad text not null)`); err != nil {
		t.Fatal(err)
	}
	pad := strings.Repeat("x", 2000)
	for i := 0; i < 4000; i++ {
		live.Exec(ctx, `insert into load_pairs (pair, pad) values (?, ?)`, -1-i/2, pad)
	}
	var stop atomic.Bool
	var writes atomic.Int64
	var slowest atomic.Int64
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; !stop.Load(); i++ {
			start := time.Now()
			err := live.InTx(ctx, func(tx *db.Tx) error {
				for range 2 {
					if _, err := tx.Exec(ctx, `insert into load_pairs (pair, pad) values (?, ?)`, i, pad); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				t.Error(err)
				return
			}
			writes.Add(1)
			if d := time.Since(start).Nanoseconds(); d > slowest.Load() {
				slowest.Store(d)
			}
		}
	}()
	time.Sleep(200 * time.Millisecond)
	before := writes.Load()
	file := filepath.Join(t.TempDir(), "cchc-backup.db")
	out.Reset()
	if code := Main([]string{"backup", "--data", dir, "--out", file}, &out, &errOut); code != 0 {
		t.Fatalf("backup: %s", errOut.String())
	}
	during := writes.Load() - before
	time.Sleep(100 * time.Millisecond)
	stop.Store(true)
	wg.Wait()
	if !strings.Contains(out.String(), "Backed up the database to "+file) || !strings.Contains(out.String(), filepath.Join(dir, "files")) {
		t.Errorf("backup said %q", out.String())
	}
	t.Logf("backup: %s; %d writes while it ran, slowest write %s", strings.TrimSpace(strings.SplitN(out.String(), "\n", 2)[0]), during, time.Duration(slowest.Load()).Round(time.Millisecond))
	if during == 0 {
		t.Error("the writer was locked out for the whole backup")
	}
	if code := Main([]string{"backup", "--data", dir, "--out", file}, &out, &errOut); code == 0 {
		t.Error("a backup overwrote an existing file")
	}

	restored := t.TempDir()
	out.Reset()
	if code := Main([]string{"restore", "--from", file, "--data", restored}, &out, &errOut); code != 0 {
		t.Fatalf("restore: %s", errOut.String())
	}
	if code := Main([]string{"restore", "--from", file, "--data", restored}, &out, &errOut); code == 0 {
		t.Error("restored over a database")
	}
	bogus := filepath.Join(t.TempDir(), "bogus.db")
	os.WriteFile(bogus, []byte("not a database"), 0o644)
	errOut.Reset()
	if code := Main([]string{"restore", "--from", bogus, "--data", t.TempDir()}, &out, &errOut); code == 0 || !strings.Contains(errOut.String(), "not a whole cchc database") {
		t.Errorf("restored a bogus file: %q", errOut.String())
	}
	copyDB, err := db.Open(ctx, "sqlite:"+file, "")
	if err != nil {
		t.Fatal(err)
	}
	defer copyDB.Close()
	back, err := db.Open(ctx, "", restored)
	if err != nil {
		t.Fatal(err)
	}
	defer back.Close()
	var odd int
	back.QueryRow(ctx, `select count(*) from (select pair from load_pairs group by pair having count(*) <> 2)`).Scan(&odd)
	if odd != 0 {
		t.Errorf("%d transactions half in the copy", odd)
	}
	a, err := copyDB.Checksums(ctx)
	if err != nil {
		t.Fatal(err)
	}
	b, err := back.Checksums(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(a) < 40 || len(a) != len(b) {
		t.Fatalf("tables: %d in the copy, %d restored", len(a), len(b))
	}
	for name, s := range a {
		if b[name] != s {
			t.Errorf("table %s: copy %+v, restored %+v", name, s, b[name])
		}
	}
	if a["load_pairs"].Rows <= 4000 || a["wards"].Rows == 0 {
		t.Errorf("the copy holds %d pairs' rows and %d wards", a["load_pairs"].Rows, a["wards"].Rows)
	}

	// Quiet now: a fresh backup is the live database, table by table.
	second := filepath.Join(t.TempDir(), "second.db")
	if err := live.Backup(ctx, second); err != nil {
		t.Fatal(err)
	}
	l, _ := live.Checksums(ctx)
	c2db, _ := db.Open(ctx, "sqlite:"+second, "")
	defer c2db.Close()
	c2, _ := c2db.Checksums(ctx)
	for name, s := range l {
		if c2[name] != s {
			t.Errorf("table %s: live %+v, backup %+v", name, s, c2[name])
		}
	}
}

// TestBackupOnPostgresPrintsTheRecipe: PostgreSQL is backed up with its own
// tools; cchc says how rather than writing a file.
func TestBackupOnPostgresPrintsTheRecipe(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := Main([]string{"backup", "--database", dbtest.URL(t, db.Postgres), "--data", t.TempDir()}, &out, &errOut); code != 0 ||
		!strings.Contains(out.String(), "pg_dump --format=custom") || !strings.Contains(out.String(), "pg_restore") {
		t.Errorf("backup on PostgreSQL: %d %q %q", code, out.String(), errOut.String())
	}
}
