package db

import "testing"

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
