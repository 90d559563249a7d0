package web

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/exemplar"
	"github.com/cchc-vn/cchc/internal/feedback"
	"github.com/cchc-vn/cchc/internal/news"
	"github.com/cchc-vn/cchc/internal/plan"
	"github.com/cchc-vn/cchc/internal/procedure"

	"github.com/cchc-vn/cchc/internal/ward"
)

// pageCache keeps rendered public catalogue pages per process. An entry is
// valid while the ward's catalogue version is unchanged; the version is read
// from the database at most every few seconds, so a change published through
// any process reaches every process's cache promptly. Pages are rendered
// with a placeholder CSRF token that each response replaces with the
// visitor's own, so cached forms stay protected.
type pageCache struct {
	mu       sync.Mutex
	entries  map[string]*cachedPage
	versions map[int64]*versionMemo
	// changes counts, per ward, the changes this process made: a version
	// read before a change must not be kept after it.
	changes map[int64]uint64
}

type cachedPage struct {
	version string
	status  int
	header  http.Header
	parts   [][]byte // the body split at the CSRF placeholder
	etag    string   // of the bytes as kept; a page with a form adds the visitor's token
}

// Public pages may be kept by a browser or a proxy for a minute and served
// stale for five more while one request checks with us; a page with a form
// carries the visitor's own CSRF token, so only the visitor keeps it.
const (
	sharedPageCache = "public, max-age=60, stale-while-revalidate=300"
	formPageCache   = "private, no-cache"
	feedCache       = "public, max-age=900, stale-while-revalidate=3600" // feeds and the sitemap: read by machines every few minutes
)

// pageETag names a page's bytes: the same page version answers the same tag.
func pageETag(b []byte) string {
	sum := sha256.Sum256(b)
	return `"p` + hex.EncodeToString(sum[:8]) + `"`
}

// notModified reports whether the request already holds the page tagged etag.
func notModified(r *http.Request, etag string) bool {
	for _, t := range strings.Split(r.Header.Get("If-None-Match"), ",") {
		if t = strings.TrimPrefix(strings.TrimSpace(t), "W/"); t == etag || t == "*" {
			return true
		}
	}
	return false
}

type versionMemo struct {
	version    string
	checked    time.Time
	refreshing bool
}

const (
	csrfPlaceholder = "cchc-csrf-placeholder-0000000000000000000000" // 43 characters, like a token
	maxCachedPages  = 5000
)

func (s *Server) catalogueVersion(ctx context.Context, wardID int64) (string, error) {
	s.pages.mu.Lock()
	m := s.pages.versions[wardID]
	if m != nil && (time.Since(m.checked) < indexRecheck || m.refreshing) {
		// Fresh, or another request is already asking the database: under
		// load one query refreshes the version while the rest use the last one.
		v := m.version
		s.pages.mu.Unlock()
		return v, nil
	}
	if m != nil {
		m.refreshing = true
	}
	for {
		seen := s.pages.changes[wardID]
		s.pages.mu.Unlock()
		v, err := publicVersion(ctx, s.DB, wardID)
		s.pages.mu.Lock()
		if err != nil {
			if m != nil {
				m.refreshing = false
			}
			s.pages.mu.Unlock()
			return "", err
		}
		if s.pages.changes[wardID] != seen {
			continue // this process changed the ward meanwhile: the version read may predate it
		}
		s.pages.versions[wardID] = &versionMemo{version: v, checked: time.Now()}
		s.pages.mu.Unlock()
		return v, nil
	}
}

// publicVersion joins the versions of everything the cached public pages
// show: the catalogue, the articles, the honour roll, the plans and the
// ward's contact details.
func publicVersion(ctx context.Context, q db.Querier, wardID int64) (string, error) {
	parts := make([]string, 5)
	var err error
	if parts[0], err = procedure.CatalogueVersion(ctx, q, wardID); err != nil {
		return "", err
	}
	if parts[1], err = news.Version(ctx, q, wardID, time.Now()); err != nil {
		return "", err
	}
	if parts[2], err = exemplar.Version(ctx, q, wardID); err != nil {
		return "", err
	}
	if parts[3], err = plan.Version(ctx, q, wardID); err != nil {
		return "", err
	}
	if parts[4], err = ward.Version(ctx, q, wardID); err != nil {
		return "", err
	}
	return strings.Join(parts, "|"), nil
}

// changed forgets what this process keeps of a ward (public pages, the
// search index, the feedback desk) after a route marked Changes changed
// it, so that the next request reads it afresh; other processes see the
// change through the versions within seconds.
func (s *Server) changed(wardID int64) {
	s.wardsMu.Lock()
	for host, e := range s.wardsCache {
		if e.w.ID == wardID {
			delete(s.wardsCache, host)
		}
	}
	s.wardsMu.Unlock()
	s.deskCache.drop(wardID)
	s.contestCache.drop(wardID)
	s.pages.mu.Lock()
	delete(s.pages.versions, wardID)
	s.pages.changes[wardID]++
	s.pages.mu.Unlock()
	s.indexes.mu.Lock()
	delete(s.indexes.entries, wardID)
	s.indexes.changes[wardID]++
	s.indexes.mu.Unlock()
}

// serveCached answers from the cache, or renders into it; it reports whether
// it answered. A flash message makes the page personal: not cached.
func (s *Server) serveCached(c *request, rt Route) bool {
	if _, err := c.r.Cookie("cchc_flash"); err == nil {
		return false
	}
	ctx := c.r.Context()
	v, err := s.catalogueVersion(ctx, c.ward.ID)
	if err != nil {
		return false
	}
	key := strconv.FormatInt(c.ward.ID, 10) + " " + c.r.Host + " " + c.r.URL.RequestURI()
	s.pages.mu.Lock()
	e := s.pages.entries[key]
	s.pages.mu.Unlock()
	hit := "hit"
	if e == nil || e.version != v {
		hit = "miss"
		rec := &recorder{header: http.Header{}}
		cc := *c
		cc.w, cc.csrf = rec, csrfPlaceholder
		if err := rt.Handle(&cc); err != nil {
			return false // let the normal path render the error
		}
		if rec.status == 0 {
			rec.status = http.StatusOK
		}
		e = &cachedPage{version: v, status: rec.status, header: rec.header, parts: bytes.Split(rec.buf.Bytes(), []byte(csrfPlaceholder))}
		e.etag = pageETag(rec.buf.Bytes())
		if e.status == http.StatusOK {
			s.pages.mu.Lock()
			if len(s.pages.entries) >= maxCachedPages {
				s.pages.entries = map[string]*cachedPage{} // simple bound: start over
			}
			s.pages.entries[key] = e
			s.pages.mu.Unlock()
		}
	}
	h := c.w.Header()
	for k, vs := range e.header {
		h[k] = vs
	}
	h.Set("X-Cache", hit)
	h.Add("Vary", "Cookie") // signed in, the same address is another page
	etag := e.etag
	if len(e.parts) > 1 { // the page carries a form, with the visitor's own token
		c.issueCSRF()
		etag = pageETag([]byte(e.etag + c.csrf))
	}
	if h.Get("Cache-Control") == "" {
		if len(e.parts) > 1 {
			h.Set("Cache-Control", formPageCache)
		} else {
			h.Set("Cache-Control", sharedPageCache)
		}
	}
	if e.status == http.StatusOK {
		h.Set("ETag", etag)
		if notModified(c.r, etag) {
			c.w.WriteHeader(http.StatusNotModified)
			return true
		}
	}
	// A known length spares the chunked encoding: one fewer copy per response.
	n := len(c.csrf) * (len(e.parts) - 1)
	for _, part := range e.parts {
		n += len(part)
	}
	h.Set("Content-Length", strconv.Itoa(n))
	c.w.WriteHeader(e.status)
	for i, part := range e.parts {
		if i > 0 {
			io.WriteString(c.w, c.csrf)
		}
		c.w.Write(part)
	}
	return true
}

// recorder captures a rendered response for the cache.
type recorder struct {
	header http.Header
	status int
	buf    bytes.Buffer
}

func (r *recorder) Header() http.Header         { return r.header }
func (r *recorder) WriteHeader(code int)        { r.status = code }
func (r *recorder) Write(b []byte) (int, error) { return r.buf.Write(b) }

// shortCache keeps per-ward reference data (the feedback desk: units and
// the holiday calendar) for a short while: the public feedback form reads them on every request,
// and they change rarely. A change made through this process drops them at
// once; other processes see it within the TTL.
type shortCache[T any] struct {
	mu      sync.Mutex
	entries map[int64]shortEntry[T]
}

type shortEntry[T any] struct {
	v       T
	expires time.Time
}

const shortTTL = 30 * time.Second

func (sc *shortCache[T]) get(wardID int64, load func() (T, error)) (T, error) {
	sc.mu.Lock()
	e, ok := sc.entries[wardID]
	sc.mu.Unlock()
	if ok && time.Now().Before(e.expires) {
		return e.v, nil
	}
	v, err := load()
	if err != nil {
		return v, err
	}
	sc.mu.Lock()
	if sc.entries == nil {
		sc.entries = map[int64]shortEntry[T]{}
	}
	sc.entries[wardID] = shortEntry[T]{v: v, expires: time.Now().Add(shortTTL)}
	sc.mu.Unlock()
	return v, nil
}

func (sc *shortCache[T]) drop(wardID int64) {
	sc.mu.Lock()
	delete(sc.entries, wardID)
	sc.mu.Unlock()
}

// desk returns the ward's feedback desk (units, calendar) from the short cache.
func (s *Server) desk(ctx context.Context, wardID int64) (*feedback.Desk, error) {
	return s.deskCache.get(wardID, func() (*feedback.Desk, error) { return feedback.LoadDesk(ctx, s.DB, wardID) })
}
