package db_test

import (
	"context"
	"errors"
	"testing"

	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/db/dbtest"
)

func TestMigrateIsIdempotentAndTransactional(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		applied, err := d.Migrate(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(applied) != 0 {
			t.Fatalf("second migrate applied %v, want nothing", applied)
		}
		// A failing transaction leaves nothing behind.
		boom := errors.New("boom")
		err = d.InTx(ctx, func(tx *db.Tx) error {
			if _, err := tx.Exec(ctx, `insert into wards (code, name, full_name, province_code, province_name, created_at)
				values (?, ?, ?, ?, ?, ?)`, "1", "A", "Phường A", "79", "TP", db.Now()); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("InTx error = %v", err)
		}
		var n int
		if err := d.QueryRow(ctx, `select count(*) from wards`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Fatalf("rolled-back insert is visible: %d rows", n)
		}
	})
}

func TestUniqueViolationIsRecognised(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		ins := `insert into wards (code, name, full_name, province_code, province_name, created_at) values (?, 'A', 'A', '79', 'TP', ?)`
		if _, err := d.Exec(ctx, ins, "27427", db.Now()); err != nil {
			t.Fatal(err)
		}
		_, err := d.Exec(ctx, ins, "27427", db.Now())
		if !db.IsUniqueViolation(err) {
			t.Fatalf("duplicate insert: err = %v, want unique violation", err)
		}
	})
}
