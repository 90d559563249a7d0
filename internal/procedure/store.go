package procedure

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/cchc-vn/cchc/internal/db"
)

// Save inserts or replaces the ward's procedure with p's code.
func Save(ctx context.Context, q db.Querier, wardID int64, p *Procedure) error {
	data, err := json.Marshal(p)
	if err != nil {
		return err
	}
	hcmc := 0
	if p.HCMCListed {
		hcmc = 1
	}
	return q.QueryRow(ctx, `insert into procedures (ward_id, code, name, field, hcmc_listed, popularity, data, updated_at)
		values (?, ?, ?, ?, ?, ?, ?, ?)
		on conflict (ward_id, code) do update set name = excluded.name, field = excluded.field, hcmc_listed = excluded.hcmc_listed,
			popularity = excluded.popularity, data = excluded.data, updated_at = excluded.updated_at
		returning id`, wardID, p.Code, p.Name, p.Field, hcmc, p.Popularity, string(data), db.Now()).Scan(&p.ID)
}

// Get returns the ward's procedure by code.
func Get(ctx context.Context, q db.Querier, wardID int64, code string) (*Procedure, string, error) {
	var data, updated string
	var id int64
	err := q.QueryRow(ctx, `select id, data, updated_at from procedures where ward_id = ? and code = ?`, wardID, code).Scan(&id, &data, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, "", db.ErrNotFound
	}
	if err != nil {
		return nil, "", err
	}
	var p Procedure
	if err := json.Unmarshal([]byte(data), &p); err != nil {
		return nil, "", fmt.Errorf("procedure %s: %w", code, err)
	}
	p.ID = id
	return &p, updated, nil
}

// All returns every procedure of the ward, by code.
func All(ctx context.Context, q db.Querier, wardID int64) ([]*Procedure, error) {
	rows, err := q.Query(ctx, `select id, data from procedures where ward_id = ? order by code`, wardID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Procedure
	for rows.Next() {
		var id int64
		var data string
		if err := rows.Scan(&id, &data); err != nil {
			return nil, err
		}
		var p Procedure
		if err := json.Unmarshal([]byte(data), &p); err != nil {
			return nil, err
		}
		p.ID = id
		out = append(out, &p)
	}
	return out, rows.Err()
}

// Summary is a procedure in a list.
type Summary struct {
	Code, Name, Field string
	HCMCListed        bool
	Popularity        int
}

// LifeEvent groups the procedures someone needs at a moment of life.
type LifeEvent struct {
	ID         int64     `json:"-"`
	Slug       string    `json:"slug"`
	Name       string    `json:"name"`
	Summary    string    `json:"summary"`
	Codes      []string  `json:"codes"`
	Procedures []Summary `json:"-"`
}

// SaveLifeEvent inserts a life event with its procedure codes.
func SaveLifeEvent(ctx context.Context, q db.Querier, wardID int64, position int, e *LifeEvent) error {
	if err := q.QueryRow(ctx, `insert into life_events (ward_id, slug, name, summary, position) values (?, ?, ?, ?, ?) returning id`,
		wardID, e.Slug, e.Name, e.Summary, position).Scan(&e.ID); err != nil {
		return err
	}
	for i, c := range e.Codes {
		if _, err := q.Exec(ctx, `insert into life_event_procedures (life_event_id, code, position) values (?, ?, ?)`, e.ID, c, i); err != nil {
			return err
		}
	}
	return nil
}

// LifeEvents lists the ward's life events with their procedures (those in the catalogue).
func LifeEvents(ctx context.Context, q db.Querier, wardID int64) ([]*LifeEvent, error) {
	rows, err := q.Query(ctx, `select id, slug, name, summary from life_events where ward_id = ? order by position, id`, wardID)
	if err != nil {
		return nil, err
	}
	var out []*LifeEvent
	byID := map[int64]*LifeEvent{}
	for rows.Next() {
		var e LifeEvent
		if err := rows.Scan(&e.ID, &e.Slug, &e.Name, &e.Summary); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, &e)
		byID[e.ID] = &e
	}
	rows.Close()
	rows, err = q.Query(ctx, `select l.life_event_id, p.code, p.name, p.field, p.hcmc_listed, p.popularity
		from life_event_procedures l join life_events e on e.id = l.life_event_id
		join procedures p on p.ward_id = e.ward_id and p.code = l.code
		where e.ward_id = ? order by l.life_event_id, l.position`, wardID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var s Summary
		var hcmc int
		if err := rows.Scan(&id, &s.Code, &s.Name, &s.Field, &hcmc, &s.Popularity); err != nil {
			return nil, err
		}
		s.HCMCListed = hcmc != 0
		if e := byID[id]; e != nil {
			e.Procedures = append(e.Procedures, s)
			e.Codes = append(e.Codes, s.Code)
		}
	}
	return out, rows.Err()
}

// CatalogueVersion identifies the state of a ward's catalogue and search
// synonyms; it changes whenever a procedure or synonym is added, changed or
// removed, by any process. (Identity values only grow, so a removal followed
// by an addition still changes the highest synonym id.)
func CatalogueVersion(ctx context.Context, q db.Querier, wardID int64) (string, error) {
	var n, syn int
	var latest sql.NullString
	var maxSyn sql.NullInt64
	if err := q.QueryRow(ctx, `select (select count(*) from procedures where ward_id = ?), (select max(updated_at) from procedures where ward_id = ?),
		(select count(*) from search_synonyms where ward_id = ?), (select max(id) from search_synonyms where ward_id = ?)`,
		wardID, wardID, wardID, wardID).Scan(&n, &latest, &syn, &maxSyn); err != nil {
		return "", err
	}
	return fmt.Sprintf("%d/%s/%d/%d", n, latest.String, syn, maxSyn.Int64), nil
}

// Slug makes a readable URL part from Vietnamese text: "Hộ tịch" → "ho-tich".
func Slug(s string) string {
	return strings.Join(Tokens(Fold(s)), "-")
}
