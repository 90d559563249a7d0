package notice

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/cchc-vn/cchc/internal/db"
)

// Tokens keeps providers' rotating tokens in the database.
type Tokens struct {
	DB   db.Conn
	Name string // "zalo-oa"
}

// Save keeps a refreshed pair.
func (k Tokens) Save(ctx context.Context, access, refresh string, expires time.Time) error {
	_, err := k.DB.Exec(ctx, `insert into provider_tokens (name, access, refresh, expires_at, updated_at) values (?, ?, ?, ?, ?)
		on conflict (name) do update set access = excluded.access, refresh = excluded.refresh, expires_at = excluded.expires_at, updated_at = excluded.updated_at`,
		k.Name, access, refresh, db.FormatTime(expires), db.Now())
	return err
}

// Load reads the kept pair; empty when none was kept.
func (k Tokens) Load(ctx context.Context) (access, refresh string, expires time.Time, err error) {
	err = k.DB.QueryRow(ctx, `select access, refresh, expires_at from provider_tokens where name = ?`, k.Name).Scan(&access, &refresh, db.Time(&expires))
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", time.Time{}, nil
	}
	return access, refresh, expires, err
}

// KeepTokens makes a texter's rotating tokens live in the database: each
// ZNS with a refresh token, alone or in a chain.
func KeepTokens(t Texter, conn db.Conn) {
	switch x := t.(type) {
	case Chain:
		for _, c := range x {
			KeepTokens(c, conn)
		}
	case *ZNS:
		if x.Token != nil {
			k := Tokens{DB: conn, Name: "zalo-oa"}
			x.Token.Save, x.Token.Load = k.Save, k.Load
		}
	}
}
