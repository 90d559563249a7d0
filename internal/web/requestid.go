package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/http"
	"strconv"
	"sync/atomic"
)

// Every request has an ID, returned in X-Request-Id and carried by every
// log line written while it runs, so an operator finds a resident's
// "Hệ thống đang gặp sự cố" in the log. A proxy's ID (nginx's $request_id)
// is kept when it looks like one.

type requestIDKey struct{}

// A made ID is this process's random prefix and a counter: unique across
// servers and restarts, and cheaper per request than fresh random bytes.
var (
	idPrefix = func() string {
		b := make([]byte, 5)
		rand.Read(b)
		return hex.EncodeToString(b) + "-"
	}()
	idCount atomic.Uint64
)

// RequestID is the ID of the request ctx belongs to, "" outside one.
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

func validRequestID(s string) bool {
	if len(s) < 8 || len(s) > 64 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.') {
			return false
		}
	}
	return true
}

func (s *Server) requestIDs(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get("X-Request-Id")
		if !validRequestID(id) {
			id = idPrefix + strconv.FormatUint(idCount.Add(1), 36)
		}
		w.Header().Set("X-Request-Id", id)
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), requestIDKey{}, id)))
	})
}

// requestIDLog adds the request's ID to each record logged with its context.
type requestIDLog struct{ slog.Handler }

func (h requestIDLog) Handle(ctx context.Context, r slog.Record) error {
	if id := RequestID(ctx); id != "" {
		r.AddAttrs(slog.String("request_id", id))
	}
	return h.Handler.Handle(ctx, r)
}

func (h requestIDLog) WithAttrs(as []slog.Attr) slog.Handler {
	return requestIDLog{h.Handler.WithAttrs(as)}
}

func (h requestIDLog) WithGroup(name string) slog.Handler {
	return requestIDLog{h.Handler.WithGroup(name)}
}
