package feedback

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
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

// CheckAPIKey returns the name of the app owning key in the ward.
func CheckAPIKey(ctx context.Context, q db.Querier, wardID int64, key string) (string, error) {
	if key == "" {
		return "", ErrAPIKey
	}
	sum := sha256.Sum256([]byte(key))
	var name string
	err := q.QueryRow(ctx, `select name from open311_keys where ward_id = ? and key_hash = ?`, wardID, hex.EncodeToString(sum[:])).Scan(&name)
	if err != nil {
		return "", ErrAPIKey
	}
	return name, nil
}

// Open311Status maps a status to GeoReport's open or closed.
func Open311Status(s string) string {
	switch s {
	case Closed, Rejected, Forwarded, Answered:
		return "closed"
	}
	return "open"
}

// PublicList returns items for Open311's GET requests: filters by codes,
// category, received range (YYYY-MM-DDTHH:MM:SSZ) and open/closed.
func PublicList(ctx context.Context, q db.Querier, wardID int64, codes []string, category, start, end, status string, limit int) ([]*Item, error) {
	where, args := ` where f.ward_id = ?`, []any{wardID}
	if len(codes) > 0 {
		where += ` and f.code in (?` + strings.Repeat(", ?", len(codes)-1) + `)`
		for _, c := range codes {
			args = append(args, strings.ToUpper(strings.TrimSpace(c)))
		}
	}
	if category != "" {
		where += ` and f.category = ?`
		args = append(args, category)
	}
	if start != "" {
		where += ` and f.received_at >= ?`
		args = append(args, start)
	}
	if end != "" {
		where += ` and f.received_at <= ?`
		args = append(args, end)
	}
	switch status {
	case "open":
		where += ` and f.status in ('received', 'assigned')`
	case "closed":
		where += ` and f.status not in ('received', 'assigned')`
	}
	args = append(args, limit)
	return queryItems(ctx, q, itemSelect+where+` order by f.received_at desc, f.id desc limit ?`, args...)
}
