package db

import (
	"context"
	"database/sql/driver"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Field binds a column to the Go value it is read into and written from,
// so that a record type lists its columns once (in a fields method beside
// the type) and its insert and its select are built from that list: adding
// a field is one line there, not a placeholder and a Scan argument counted
// by hand.
type Field struct {
	Column string // the table's column, written by Insert
	Expr   string // what a select reads instead (a name from a joined table); with no Column, the field is read only
	Ptr    any    // a pointer to the value, or an adapter (Time, Bool, OptionalID, OptionalText)
}

// Fields is a record's columns.
type Fields []Field

// Select is the select list of the fields, the table's columns prefixed
// with alias: "f.id, f.code, coalesce(k.name, ”)".
func (fs Fields) Select(alias string) string {
	parts := make([]string, len(fs))
	for i, f := range fs {
		if f.Expr != "" {
			parts[i] = f.Expr
		} else {
			parts[i] = alias + "." + f.Column
		}
	}
	return strings.Join(parts, ", ")
}

// Dest is the Scan destinations of the fields, in order.
func (fs Fields) Dest() []any {
	out := make([]any, len(fs))
	for i, f := range fs {
		out[i] = f.Ptr
	}
	return out
}

// Insert writes the fields' columns (all but id and the read-only ones) as a
// new row of table and returns its id.
func Insert(ctx context.Context, q Querier, table string, fs Fields) (int64, error) {
	var cols []string
	var args []any
	for _, f := range fs {
		if f.Column == "" || f.Column == "id" {
			continue
		}
		cols = append(cols, f.Column)
		args = append(args, valueOf(f.Ptr))
	}
	var id int64
	err := q.QueryRow(ctx, `insert into `+table+` (`+strings.Join(cols, ", ")+`) values (`+Placeholders(len(cols))+`) returning id`, args...).Scan(&id)
	return id, err
}

// Update writes the fields' columns (all but id, the read-only ones and
// those named in keep, which are set once) to the row of table with id.
func Update(ctx context.Context, q Querier, table string, fs Fields, id int64, keep ...string) error {
	var sets []string
	var args []any
	for _, f := range fs {
		if f.Column == "" || f.Column == "id" || slices.Contains(keep, f.Column) {
			continue
		}
		sets = append(sets, f.Column+" = ?")
		args = append(args, valueOf(f.Ptr))
	}
	_, err := q.Exec(ctx, `update `+table+` set `+strings.Join(sets, ", ")+` where id = ?`, append(args, id)...)
	return err
}

// valueOf is what a field writes: an adapter's value, or the pointed-to value.
func valueOf(p any) any {
	switch v := p.(type) {
	case driver.Valuer:
		x, _ := v.Value()
		return x
	case *string:
		return *v
	case *int:
		return *v
	case *int64:
		return *v
	case *bool:
		return *v
	}
	panic(fmt.Sprintf("db.Field: cannot write %T; use an adapter", p))
}

// Time stores a time as the text of TimeFormat, "" for the zero time: the
// layout of every timestamp column.
func Time(t *time.Time) *timeField { return &timeField{t} }

type timeField struct{ t *time.Time }

func (f *timeField) Scan(src any) error {
	s, err := text(src)
	if err != nil || s == "" {
		*f.t = time.Time{}
		return err
	}
	*f.t = ParseTime(s)
	return nil
}

func (f *timeField) Value() (driver.Value, error) {
	if f.t.IsZero() {
		return "", nil
	}
	return FormatTime(*f.t), nil
}

// Bool stores a bool as 0 or 1, the same on both engines.
func Bool(b *bool) *boolField { return &boolField{b} }

type boolField struct{ b *bool }

func (f *boolField) Scan(src any) error {
	switch v := src.(type) {
	case int64:
		*f.b = v != 0
	case bool:
		*f.b = v
	case nil:
		*f.b = false
	default:
		return fmt.Errorf("db.Bool: cannot scan %T", src)
	}
	return nil
}

func (f *boolField) Value() (driver.Value, error) {
	if *f.b {
		return int64(1), nil
	}
	return int64(0), nil
}

// OptionalID stores an id that may be absent: 0 is NULL.
func OptionalID(id *int64) *optionalID { return &optionalID{id} }

type optionalID struct{ id *int64 }

func (f *optionalID) Scan(src any) error {
	switch v := src.(type) {
	case int64:
		*f.id = v
	case nil:
		*f.id = 0
	default:
		return fmt.Errorf("db.OptionalID: cannot scan %T", src)
	}
	return nil
}

func (f *optionalID) Value() (driver.Value, error) {
	if *f.id == 0 {
		return nil, nil
	}
	return *f.id, nil
}

// Codes stores a list of codes (no commas in them) as one comma-separated
// text column, "" for none: themes, for a record that is read whole.
func Codes(v *[]string) *codesField { return &codesField{v} }

type codesField struct{ v *[]string }

func (f *codesField) Scan(src any) error {
	s, err := text(src)
	*f.v = nil
	if s != "" {
		*f.v = strings.Split(s, ",")
	}
	return err
}

func (f *codesField) Value() (driver.Value, error) { return strings.Join(*f.v, ","), nil }

// OptionalText stores text that may be absent: "" is NULL (for a unique
// column that most rows leave empty).
func OptionalText(s *string) *optionalText { return &optionalText{s} }

type optionalText struct{ s *string }

func (f *optionalText) Scan(src any) error {
	s, err := text(src)
	*f.s = s
	return err
}

func (f *optionalText) Value() (driver.Value, error) {
	if *f.s == "" {
		return nil, nil
	}
	return *f.s, nil
}

func text(src any) (string, error) {
	switch v := src.(type) {
	case string:
		return v, nil
	case []byte:
		return string(v), nil
	case nil:
		return "", nil
	}
	return "", fmt.Errorf("db: cannot scan %T as text", src)
}
