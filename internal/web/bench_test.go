package web

import (
	"net/http/httptest"
	"testing"

	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/db/dbtest"
)

// BenchmarkSearchAPI measures the whole handler chain for one search.
func BenchmarkSearchAPI(b *testing.B) {
	h := newEnv(b, dbtest.Open(b, db.SQLite)).s.Handler()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("GET", "/api/v1/procedures?q=lam%20giay%20khai%20sinh&limit=10", nil))
		if w.Code != 200 {
			b.Fatal(w.Code)
		}
	}
}

// BenchmarkProcedurePage measures a public procedure page served from the page cache.
func BenchmarkProcedurePage(b *testing.B) {
	h := newEnv(b, dbtest.Open(b, db.SQLite)).s.Handler()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("GET", "/thu-tuc/1.001193", nil))
		if w.Code != 200 {
			b.Fatal(w.Code)
		}
	}
}
