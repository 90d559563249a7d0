// Package web is the HTTP layer: routing, sessions, CSRF, security headers,
// templates and the JSON API. Handlers are thin: they parse the request, call
// a domain package and render; rules live in the domain packages.
package web

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/semaphore"

	"github.com/cchc-vn/cchc/internal/account"
	"github.com/cchc-vn/cchc/internal/audit"
	"github.com/cchc-vn/cchc/internal/contest"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/feedback"
	"github.com/cchc-vn/cchc/internal/filestore"
	"github.com/cchc-vn/cchc/internal/notice"
	"github.com/cchc-vn/cchc/internal/pow"
	"github.com/cchc-vn/cchc/internal/ratelimit"
	"github.com/cchc-vn/cchc/internal/signin"
	"github.com/cchc-vn/cchc/internal/social"
	"github.com/cchc-vn/cchc/internal/speech"
	"github.com/cchc-vn/cchc/internal/ward"
)

// Config is what the server needs from the command line.
type Config struct {
	DB          *db.DB
	Files       filestore.Store
	Log         *slog.Logger
	DefaultWard string // ward code served when no ward claims the request's host
	TLSProxy    bool   // trust X-Forwarded-Proto and X-Forwarded-For from a TLS-terminating proxy
	Version     string
	PoWBits     int           // proof-of-work difficulty of public forms; 0 means 14
	Secret      string        // the deployment's secret: seals social network tokens at rest
	Texter      notice.Texter // sends one-time codes to phones; nil: the log
	Speech      speech.Engine // reads bulletins aloud; nil: espeak-ng
}

// Server serves the public portal, the officials' workspace and the API.
type Server struct {
	Config
	tmpl       *templates
	mux        *http.ServeMux
	routes     []Route
	signin     *signin.Guard
	helpfulLim *ratelimit.Limiter
	scanLim    *ratelimit.Limiter // a poster's QR scans: one per device per half hour
	// Public feedback: with a solved proof of work, and without (no JavaScript).
	feedbackLim, feedbackSlow, trackLim, open311Lim *ratelimit.Limiter
	// Residents' answers to awareness surveys, per address: looser than
	// feedback's, as a room at a meeting answers from one connection.
	surveyLim *ratelimit.Limiter
	// Contest registrations: with a solved proof of work, and without.
	contestLim, contestSlow *ratelimit.Limiter
	pow                     pow.PoW
	sealer                  *social.Sealer
	cop                     *http.CrossOriginProtection
	wardsMu                 sync.Mutex
	wardsCache              map[string]wardEntry
	indexes                 indexCache
	deskCache               shortCache[*feedback.Desk]
	contestCache            shortCache[map[string]*contest.Contest] // by address, for the taker's requests
	pages                   pageCache
	// Bodies with files are held in memory while their request runs; they
	// share one budget across the process (uploadBudget), and a request
	// that cannot have its share within uploadWait is asked to try again.
	uploads    *semaphore.Weighted
	uploadWait time.Duration
}

// uploadBudget bounds the posted bodies with files held at once: two of
// the largest (an activity's ten photos), or dozens of ordinary ones.
const uploadBudget = 256 << 20

type wardEntry struct {
	w       *ward.Ward
	expires time.Time
}

// New builds the server; it fails if a template does not parse.
func New(cfg Config) (*Server, error) {
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	cfg.Log = slog.New(requestIDLog{cfg.Log.Handler()})
	t, err := parseTemplates()
	if err != nil {
		return nil, err
	}
	key := []byte("no database: routes only") // a server without a database lists its routes and serves nothing
	if cfg.DB != nil {
		if key, err = pow.Key(context.Background(), cfg.DB); err != nil {
			return nil, err
		}
	}
	if cfg.Speech == nil {
		cfg.Speech = speech.Espeak{}
	}
	if cfg.Texter == nil {
		cfg.Texter = notice.Console{Log: cfg.Log}
	}
	if cfg.PoWBits <= 0 {
		cfg.PoWBits = 14
	}
	s := &Server{
		Config:       cfg,
		tmpl:         t,
		mux:          http.NewServeMux(),
		helpfulLim:   &ratelimit.Limiter{DB: cfg.DB, Name: "helpful", Limit: 1, Window: 24 * time.Hour},
		scanLim:      &ratelimit.Limiter{DB: cfg.DB, Name: "poster-scan", Limit: 1, Window: 30 * time.Minute},
		feedbackLim:  &ratelimit.Limiter{DB: cfg.DB, Name: "feedback", Limit: 20, Window: time.Hour},
		feedbackSlow: &ratelimit.Limiter{DB: cfg.DB, Name: "feedback-nojs", Limit: 3, Window: time.Hour},
		surveyLim:    &ratelimit.Limiter{DB: cfg.DB, Name: "awareness", Limit: 200, Window: time.Hour},
		trackLim:     &ratelimit.Limiter{DB: cfg.DB, Name: "feedback-track", Limit: 60, Window: 10 * time.Minute},
		open311Lim:   &ratelimit.Limiter{DB: cfg.DB, Name: "open311", Limit: 600, Window: time.Hour},
		contestLim:   &ratelimit.Limiter{DB: cfg.DB, Name: "contest", Limit: 600, Window: 10 * time.Minute},
		contestSlow:  &ratelimit.Limiter{DB: cfg.DB, Name: "contest-nojs", Limit: 20, Window: time.Hour},
		pow:          pow.PoW{Key: key, Bits: cfg.PoWBits, TTL: 2 * time.Hour},
		cop:          http.NewCrossOriginProtection(),
		uploads:      semaphore.NewWeighted(uploadBudget),
		uploadWait:   10 * time.Second,
		sealer:       social.NewSealer(cfg.Secret),
		wardsCache:   map[string]wardEntry{},
		indexes:      indexCache{entries: map[int64]*indexEntry{}, changes: map[int64]uint64{}},
		pages:        pageCache{entries: map[string]*cachedPage{}, versions: map[int64]*versionMemo{}, changes: map[int64]uint64{}},
	}
	s.cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "Yêu cầu bị từ chối: gửi từ một trang web khác.", http.StatusForbidden)
	}))
	s.signin = signin.New(cfg.DB, s.pow.WithBits(0))
	s.routes = s.routeTable()
	for _, rt := range s.routes {
		s.mux.Handle(rt.Method+" "+rt.Pattern, s.wrap(rt))
	}
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		c, err := s.newRequest(w, r)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		c.renderStatus(http.StatusNotFound, "error", notFoundPage)
	})
	return s, nil
}

// Routes lists every route with its access rule (for tests and docs).
func (s *Server) Routes() []Route { return s.routes }

// Handler returns the whole HTTP handler with its middleware.
func (s *Server) Handler() http.Handler {
	return s.requestIDs(s.recoverer(s.logRequests(s.headers(s.mux))))
}

// request is one request with what the handlers need: the ward it addresses,
// the signed-in official (nil for the public) and the CSRF token.
type request struct {
	s    *Server
	w    http.ResponseWriter
	r    *http.Request
	ward *ward.Ward
	user *account.User
	csrf string
	// csrfFresh: the token is new and its cookie not yet sent.
	csrfFresh bool
	files     map[string][][]byte // a posted form's files, by field (readBody)
	fileNames map[string]string   // the name of each field's first file, as the person's computer gave it
	bodyErr   *bodyError          // why the posted body could not be read whole, if so
}

func (c *request) actor() audit.Actor {
	a := audit.Actor{WardID: c.ward.ID, IP: c.s.clientIP(c.r)}
	if c.user != nil {
		a.UserID, a.Username = c.user.ID, c.user.Username
	}
	return a
}

const (
	sessionCookie = "cchc_session"
	csrfCookie    = "cchc_csrf"
)

// newRequest resolves the ward and the session and makes sure a CSRF token exists.
func (s *Server) newRequest(w http.ResponseWriter, r *http.Request) (*request, error) {
	wd, err := s.wardFor(r.Context(), r.Host)
	if err != nil {
		return nil, err
	}
	c := &request{s: s, w: w, r: r, ward: wd}
	if ck, err := r.Cookie(sessionCookie); err == nil {
		u, err := account.UserBySession(r.Context(), s.DB, wd.ID, ck.Value)
		if err != nil && !errors.Is(err, db.ErrNotFound) {
			return nil, err
		}
		if c.user = u; u != nil {
			c.csrf = sessionCSRF(ck.Value)
			return c, nil
		}
	}
	if ck, err := r.Cookie(csrfCookie); err == nil && len(ck.Value) == 43 {
		c.csrf = ck.Value
	} else {
		// Set when a page carrying a form is sent (issueCSRF): a cached
		// page without one, an image or a feed needs no cookie.
		c.csrf, c.csrfFresh = randomToken(), true
	}
	return c, nil
}

// issueCSRF sets the visitor's new CSRF cookie, once.
func (c *request) issueCSRF() {
	if c.csrfFresh {
		http.SetCookie(c.w, c.s.cookie(c.r, csrfCookie, c.csrf, 0))
		c.csrfFresh = false
	}
}

func randomToken() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func (s *Server) secure(r *http.Request) bool {
	return r.TLS != nil || (s.TLSProxy && r.Header.Get("X-Forwarded-Proto") == "https")
}

func (s *Server) cookie(r *http.Request, name, value string, maxAge int) *http.Cookie {
	return &http.Cookie{Name: name, Value: value, Path: "/", MaxAge: maxAge, HttpOnly: true,
		Secure: s.secure(r), SameSite: http.SameSiteLaxMode}
}

func (s *Server) clientIP(r *http.Request) string {
	if s.TLSProxy {
		if f := r.Header.Get("X-Forwarded-For"); f != "" {
			parts := strings.Split(f, ",")
			return strings.TrimSpace(parts[len(parts)-1])
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// wardFor finds the ward claiming host, else the default ward. Lookups are
// cached for a short while per process; ward hosts change rarely.
func (s *Server) wardFor(ctx context.Context, host string) (*ward.Ward, error) {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.ToLower(host)
	s.wardsMu.Lock()
	e, ok := s.wardsCache[host]
	s.wardsMu.Unlock()
	if ok && time.Now().Before(e.expires) {
		return e.w, nil
	}
	w, err := ward.ByHost(ctx, s.DB, host)
	if errors.Is(err, db.ErrNotFound) {
		w, err = ward.ByCode(ctx, s.DB, s.DefaultWard)
		if errors.Is(err, db.ErrNotFound) {
			return nil, fmt.Errorf("default ward %s is not in the database: %w", s.DefaultWard, err)
		}
	}
	if err != nil {
		return nil, err
	}
	s.wardsMu.Lock()
	s.wardsCache[host] = wardEntry{w: w, expires: time.Now().Add(30 * time.Second)}
	s.wardsMu.Unlock()
	return w, nil
}

// holdUpload takes a body's share of the upload budget, waiting at most
// uploadWait; when it cannot, the person is asked to send again shortly.
func (s *Server) holdUpload(c *request, n int64) bool {
	ctx, cancel := context.WithTimeout(c.r.Context(), s.uploadWait)
	defer cancel()
	if err := s.uploads.Acquire(ctx, n); err != nil {
		c.w.Header().Set("Retry-After", "60")
		c.renderStatus(http.StatusServiceUnavailable, "error", errorPage{Title: "Hệ thống đang bận",
			Message: "Hệ thống đang nhận nhiều tệp cùng lúc nên chưa nhận được biểu mẫu của anh/chị. Vui lòng quay lại trang trước (những gì đã nhập vẫn còn) và gửi lại sau ít phút."})
		return false
	}
	return true
}

// wrap turns a route into an http.Handler enforcing its access rule and,
// for state-changing methods, CSRF.
func (s *Server) wrap(rt Route) http.Handler {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if rt.Bare {
			if err := rt.Handle(&request{s: s, w: w, r: r}); err != nil {
				s.fail(w, r, err)
			}
			return
		}
		storableRequest(r, rt.Pattern)
		if rt.API {
			wd, err := s.wardFor(r.Context(), r.Host)
			if err != nil {
				s.fail(w, r, err)
				return
			}
			c := &request{s: s, w: w, r: r, ward: wd}
			if err := rt.Handle(c); err != nil && !s.answered(w, r, err) {
				s.Log.ErrorContext(r.Context(), "api request failed", "path", r.URL.Path, "err", err)
				c.json(http.StatusInternalServerError, apiError{"internal", "Hệ thống đang gặp sự cố. Vui lòng thử lại sau."})
			}
			return
		}
		c, err := s.newRequest(w, r)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			limit := rt.MaxBody
			if limit == 0 {
				limit = 1 << 20
			}
			if rt.Files {
				n := r.ContentLength
				if n < 0 || n > limit {
					n = limit
				}
				if !s.holdUpload(c, n) {
					return
				}
				defer s.uploads.Release(n)
			}
			r.Body = http.MaxBytesReader(w, r.Body, limit)
			c.bodyErr = c.readBody(limit)
			if be := c.bodyErr; be != nil && (!rt.Files || c.r.PostForm.Get("csrf") == "") {
				// Only a form with files is shown again after a cut body: its
				// handler's files carry the reason. Any other form is refused whole.
				c.renderStatus(be.status, "error", errorPage{Title: "Chưa gửi được biểu mẫu", Message: be.msg})
				return
			}
			if !c.validCSRF() {
				c.renderStatus(http.StatusForbidden, "error", errorPage{Title: "Phiên làm việc đã hết hạn",
					Message: "Biểu mẫu đã quá hạn hoặc không hợp lệ. Vui lòng tải lại trang và thử lại."})
				return
			}
		}
		if !rt.Access.public() {
			if c.user == nil {
				if r.Method == http.MethodGet {
					http.Redirect(w, r, "/dang-nhap?tiep="+urlQueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				} else {
					c.renderStatus(http.StatusUnauthorized, "error", errorPage{Title: "Cần đăng nhập", Message: "Vui lòng đăng nhập để tiếp tục."})
				}
				return
			}
			if !rt.Access.allows(c.user.Role) {
				c.forbidden()
				return
			}
		}
		if rt.Cache && c.user == nil && r.Method == http.MethodGet {
			if s.serveCached(c, rt) {
				return
			}
		}
		run := func() error {
			err := rt.Handle(c)
			if err != nil && !s.answered(w, r, err) {
				c.handleError(err)
			}
			if err == nil && rt.Changes {
				s.changed(c.ward.ID)
			}
			return err
		}
		if key := r.Header.Get("Idempotency-Key"); key != "" && c.user != nil && r.Method == http.MethodPost {
			s.once(c, key, run)
			return
		}
		run()
	})
	if rt.Method == http.MethodPost {
		return s.cop.Handler(h)
	}
	return h
}

// answered reports whether a handler that failed had already begun its
// answer (the client went away while it was written): then there is
// nothing left to tell the client, only a line for the operator.
func (s *Server) answered(w http.ResponseWriter, r *http.Request, err error) bool {
	sw, ok := w.(*statusWriter)
	if !ok || sw.status == 0 {
		return false
	}
	s.Log.WarnContext(r.Context(), "answer cut short", "path", r.URL.Path, "err", err)
	return true
}

// validCSRF checks the form's token: for an official, the one derived from
// their session, so that a token planted in a cookie (by a sibling host, or
// before login) is worth nothing; for the public, the cookie's.
func (c *request) validCSRF() bool {
	want := ""
	if c.user != nil {
		want = c.csrf
	} else if ck, err := c.r.Cookie(csrfCookie); err == nil {
		want = ck.Value
	}
	if want == "" {
		return false
	}
	got := c.r.PostFormValue("csrf")
	if got == "" {
		got = c.r.Header.Get("X-CSRF-Token")
	}
	return subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

// sessionCSRF is an official's form token: a hash of the session's secret,
// so it changes with every login and cannot be known without the session.
func sessionCSRF(session string) string {
	sum := sha256.Sum256([]byte("cchc-csrf:" + session))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// headers sets the security headers on every answer. The CSP allows no inline
// script or style and nothing from another origin: every asset is embedded.
func (s *Server) headers(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		// media-src blob: lets an official listen to a recording before saving it.
		h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; media-src 'self' blob:; "+
			"font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		if strings.HasPrefix(r.URL.Path, "/quan-ly/phat-thanh/") { // recording a bulletin
			h.Set("Permissions-Policy", "camera=(), microphone=(self), geolocation=(), payment=()")
		} else {
			h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
		}
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		if s.secure(r) {
			h.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
		}
		next.ServeHTTP(w, r)
	})
}

type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// logRequests writes one structured line per request.
func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		if sw.status == 0 {
			sw.status = http.StatusOK
		}
		s.Log.LogAttrs(r.Context(), slog.LevelInfo, "request",
			slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.Int("status", sw.status),
			slog.Int("bytes", sw.bytes), slog.Float64("duration_ms", float64(time.Since(start).Microseconds())/1000),
			slog.String("ip", s.clientIP(r)))
	})
}

func (s *Server) recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.Log.ErrorContext(r.Context(), "panic", "path", r.URL.Path, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
				http.Error(w, "Lỗi hệ thống. Vui lòng thử lại sau.", http.StatusInternalServerError)
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// fail answers a request that failed before its request value existed.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	s.Log.ErrorContext(r.Context(), "request failed", "path", r.URL.Path, "err", err)
	http.Error(w, "Hệ thống đang gặp sự cố. Vui lòng thử lại sau.", http.StatusInternalServerError)
}
