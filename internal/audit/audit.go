// Package audit records every change made by an official: who, when, what,
// and the record before and after, so that the leader and the Front can
// see how the plan was carried out.
package audit

import (
	"context"
	"encoding/json"
	"time"

	"github.com/cchc-vn/cchc/internal/db"
)

// Entry is one recorded change.
type Entry struct {
	ID       int64
	WardID   int64
	UserID   int64
	Username string
	At       time.Time
	Action   string // e.g. "plan.copy", "assignment.status"
	Entity   string // table-like name, e.g. "plan"
	EntityID int64
	Summary  string // one Vietnamese sentence for people
	Before   string // JSON, empty for creations
	After    string // JSON, empty for deletions
	IP       string
}

// Actor is who makes a change, carried from the request into the domain
// functions so that every change is recorded in the same transaction.
type Actor struct {
	WardID   int64
	UserID   int64
	Username string
	IP       string
}

// Record writes one entry in q, which must be the transaction making the
// change, so that the change and its record land together or not at all.
// Before and after are encoded as JSON; nil leaves them empty.
func Record(ctx context.Context, q db.Querier, a Actor, action, entity string, entityID int64, summary string, before, after any) error {
	enc := func(v any) (string, error) {
		if v == nil {
			return "", nil
		}
		b, err := json.Marshal(v)
		return string(b), err
	}
	b, err := enc(before)
	if err != nil {
		return err
	}
	af, err := enc(after)
	if err != nil {
		return err
	}
	var uid any
	if a.UserID != 0 {
		uid = a.UserID
	}
	_, err = q.Exec(ctx, `insert into audit_log (ward_id, user_id, username, at, action, entity, entity_id, summary, before_json, after_json, ip)
		values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		a.WardID, uid, a.Username, db.Now(), action, entity, entityID, summary, b, af, a.IP)
	return err
}

// Filter narrows List.
type Filter struct {
	Entity   string
	EntityID int64
	Username string
	Limit    int
	BeforeID int64 // for paging: entries older than this id
}

// List returns the ward's entries, newest first.
func List(ctx context.Context, q db.Querier, wardID int64, f Filter) ([]*Entry, error) {
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	where := `ward_id = ?`
	args := []any{wardID}
	if f.Entity != "" {
		where += ` and entity = ?`
		args = append(args, f.Entity)
	}
	if f.EntityID != 0 {
		where += ` and entity_id = ?`
		args = append(args, f.EntityID)
	}
	if f.Username != "" {
		where += ` and username = ?`
		args = append(args, f.Username)
	}
	if f.BeforeID != 0 {
		where += ` and id < ?`
		args = append(args, f.BeforeID)
	}
	args = append(args, f.Limit)
	rows, err := q.Query(ctx, `select id, ward_id, coalesce(user_id, 0), username, at, action, entity, coalesce(entity_id, 0), summary, before_json, after_json, ip
		from audit_log where `+where+` order by id desc limit ?`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Entry
	for rows.Next() {
		var e Entry
		var at string
		if err := rows.Scan(&e.ID, &e.WardID, &e.UserID, &e.Username, &at, &e.Action, &e.Entity, &e.EntityID, &e.Summary, &e.Before, &e.After, &e.IP); err != nil {
			return nil, err
		}
		e.At = db.ParseTime(at)
		out = append(out, &e)
	}
	return out, rows.Err()
}
