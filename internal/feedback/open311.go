package feedback

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"strings"

	"github.com/cchc-vn/cchc/internal/check"
	"github.com/cchc-vn/cchc/internal/db"
)

// NewAPIKey creates a partner app's Open311 key; only its hash is stored,
// so the key is shown once.
func NewAPIKey(ctx context.Context, q db.Querier, wardID int64, name string) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" || len(name) > 100 {
		return "", check.Errors{"name": "Vui lòng nhập tên ứng dụng (tối đa 100 ký tự)."}
	}
	b := make([]byte, 24)
	rand.Read(b)
	key := "o311_" + hex.EncodeToString(b)
	sum := sha256.Sum256([]byte(key))
	_, err := q.Exec(ctx, `insert into open311_keys (ward_id, name, key_hash, created_at) values (?, ?, ?, ?)`, wardID, name, hex.EncodeToString(sum[:]), db.Now())
	return key, err
}

// ErrAPIKey is returned for a missing or unknown key.
var ErrAPIKey = errors.New("invalid api_key")

// App is a partner app holding an Open311 key.
type App struct {
	ID   int64
	Name string
}

// CheckAPIKey returns the app owning key in the ward.
func CheckAPIKey(ctx context.Context, q db.Querier, wardID int64, key string) (*App, error) {
	if key == "" {
		return nil, ErrAPIKey
	}
	sum := sha256.Sum256([]byte(key))
	var a App
	err := q.QueryRow(ctx, `select id, name from open311_keys where ward_id = ? and key_hash = ?`, wardID, hex.EncodeToString(sum[:])).Scan(&a.ID, &a.Name)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrAPIKey
	}
	if err != nil {
		return nil, err
	}
	return &a, nil
}

// Open311Status maps a status to GeoReport's open or closed.
func Open311Status(s string) string {
	switch s {
	case Closed, Rejected, Forwarded, Answered:
		return "closed"
	}
	return "open"
}
