package db

import (
	"strings"
	"testing"
)

func TestRebind(t *testing.T) {
	tests := []struct{ in, pg string }{
		{"select 1", "select 1"},
		{"a = ? and b = ?", "a = $1 and b = $2"},
		{"a = '?' and b = ?", "a = '?' and b = $1"},
		{"x in (?, ?, ?)", "x in ($1, $2, $3)"},
	}
	for _, tt := range tests {
		if got := rebind(Postgres, tt.in); got != tt.pg {
			t.Errorf("rebind(%q) = %q, want %q", tt.in, got, tt.pg)
		}
		if got := rebind(SQLite, tt.in); got != tt.in {
			t.Errorf("sqlite rebind changed %q to %q", tt.in, got)
		}
	}
}

// FuzzRebind: outside quotes no '?' survives and $1…$n are numbered in order.
func FuzzRebind(f *testing.F) {
	for _, s := range []string{"a = ?", "'?' ?", "?, ?, ?", "x = 'it''s' and y = ?", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		if strings.Contains(q, "$") {
			return // queries are written with '?' only; a literal $n would be ambiguous
		}
		out := rebind(Postgres, q)
		want := 0
		quoted := false
		for i := 0; i < len(q); i++ {
			if q[i] == '\'' {
				quoted = !quoted
			} else if q[i] == '?' && !quoted {
				want++
			}
		}
		got, n := 0, 0
		quoted = false
		for i := 0; i < len(out); i++ {
			switch {
			case out[i] == '\'':
				quoted = !quoted
			case out[i] == '?' && !quoted:
				t.Fatalf("rebind(%q) = %q leaves a placeholder", q, out)
			case out[i] == '$' && !quoted:
				j := i + 1
				num := 0
				for j < len(out) && out[j] >= '0' && out[j] <= '9' {
					num = num*10 + int(out[j]-'0')
					j++
				}
				if j > i+1 {
					n++
					if num != n {
						t.Fatalf("rebind(%q) = %q: placeholder $%d at position %d", q, out, num, n)
					}
					got++
				}
			}
		}
		if got < want {
			t.Fatalf("rebind(%q) = %q: %d placeholders, want %d", q, out, got, want)
		}
	})
}
