package audit

import (
	"encoding/json"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/cchc-vn/cchc/internal/vn"
)

// Field tells the audit log how to show one recorded value: its
// Vietnamese name and, for codes, the words for them.
type Field struct {
	Key   string              // the key in the recorded JSON
	Label string              // e.g. "Tình trạng"
	Name  func(string) string // a code's words (a status → its name); nil: as recorded
	Money bool                // an amount of đồng
}

var (
	describedMu sync.RWMutex
	described   = map[string][]Field{}
)

// Describe says how the log shows an entity's recorded fields, in the order
// given. Each domain describes the entities it records, from an init
// function; a recorded field it does not describe is not shown (the
// summary sentence still says what happened).
func Describe(entity string, fields ...Field) {
	describedMu.Lock()
	defer describedMu.Unlock()
	described[entity] = append(described[entity], fields...)
}

// Change is one field's value before and after, in words.
type Change struct {
	Label, Before, After string
}

// Changes reads the entry's recorded values as sentences: for a change,
// the fields that differ ("Tình trạng: Đã gửi → Đã duyệt"); for a creation
// or a deletion, the values set or removed.
func (e *Entry) Changes() []Change {
	describedMu.RLock()
	fields := described[e.Entity]
	describedMu.RUnlock()
	before, after := decode(e.Before), decode(e.After)
	var out []Change
	for _, f := range fields {
		b, inB := before[f.Key]
		a, inA := after[f.Key]
		if !inB && !inA {
			continue
		}
		c := Change{Label: f.Label}
		if inB {
			c.Before = f.show(b)
		}
		if inA {
			c.After = f.show(a)
		}
		if inB && inA && c.Before == c.After {
			continue
		}
		if c.Before == "" && c.After == "" {
			continue
		}
		out = append(out, c)
	}
	return out
}

func decode(s string) map[string]any {
	m := map[string]any{}
	if s != "" {
		json.Unmarshal([]byte(s), &m)
	}
	return m
}

var isoDate = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// maxShown bounds a long text (an answer, a narrative) in the log.
const maxShown = 160

func (f Field) show(v any) string {
	var s string
	switch x := v.(type) {
	case nil:
		return ""
	case bool:
		if x {
			return "Có"
		}
		return "Không"
	case float64:
		if f.Money {
			return vn.Money(int64(x))
		}
		if x == float64(int64(x)) {
			s = strconv.FormatInt(int64(x), 10)
			if f.Name == nil {
				return vn.Number(int64(x))
			}
		} else {
			s = strconv.FormatFloat(x, 'f', -1, 64)
		}
	case string:
		s = x
	case []any:
		parts := make([]string, 0, len(x))
		for _, p := range x {
			parts = append(parts, f.show(p))
		}
		return strings.Join(parts, ", ")
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts := make([]string, 0, len(keys))
		for _, k := range keys {
			parts = append(parts, k+": "+f.show(x[k]))
		}
		return strings.Join(parts, "; ")
	default:
		b, _ := json.Marshal(x)
		s = string(b)
	}
	if f.Name != nil {
		return f.Name(s)
	}
	if isoDate.MatchString(s) {
		return vn.ISODate(s)
	}
	if utf8.RuneCountInString(s) > maxShown {
		s = string([]rune(s)[:maxShown]) + "…"
	}
	return s
}
