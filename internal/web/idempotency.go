package web

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/cchc-vn/cchc/internal/idempotency"
)

// once serves an official's POST sent with an Idempotency-Key: the first
// time it runs and, when it succeeds, its answer is kept; a retry or a
// duplicate gets that answer again and runs nothing. A refused or failed
// request gives its key back, so the corrected entry may reuse it.
func (s *Server) once(c *request, key string, run func() error) {
	ctx := c.r.Context()
	kept, err := idempotency.Claim(ctx, s.DB, c.user.ID, key, c.r.Method, c.r.URL.Path, time.Now())
	switch {
	case errors.Is(err, idempotency.ErrInvalidKey):
		c.renderStatus(http.StatusBadRequest, "error", errorPage{Title: "Yêu cầu không hợp lệ",
			Message: "Mã chống gửi trùng (Idempotency-Key) chỉ gồm chữ, số và các dấu - _ . :, dài tối đa 100 ký tự."})
	case errors.Is(err, idempotency.ErrInFlight):
		c.w.Header().Set("Retry-After", "5")
		c.renderStatus(http.StatusConflict, "error", errorPage{Title: "Đang xử lý lần gửi trước",
			Message: "Nội dung này đang được ghi nhận từ lần gửi trước; vui lòng chờ ít giây rồi gửi lại."})
	case errors.Is(err, idempotency.ErrMismatch):
		c.renderStatus(http.StatusUnprocessableEntity, "error", errorPage{Title: "Mã chống gửi trùng đã dùng",
			Message: "Mã chống gửi trùng này đã dùng cho một nội dung khác. Vui lòng tạo bản ghi mới."})
	case err != nil:
		c.handleError(err)
	case kept != nil:
		h := c.w.Header()
		for k, vs := range kept.Header {
			h[k] = vs
		}
		h.Set("Idempotent-Replayed", "true")
		c.w.WriteHeader(kept.Status)
		io.WriteString(c.w, kept.Body)
	default:
		rec := &tee{ResponseWriter: c.w}
		c.w = rec
		err := run()
		c.w = rec.ResponseWriter
		done := context.WithoutCancel(ctx) // the phone may have gone; the answer is kept all the same
		if err != nil || rec.status < 200 || rec.status >= 400 {
			if err := idempotency.Release(done, s.DB, c.user.ID, key); err != nil {
				s.Log.ErrorContext(done, "idempotency release", "err", err)
			}
			return
		}
		if err := idempotency.Finish(done, s.DB, c.user.ID, key, rec.kept()); err != nil {
			s.Log.ErrorContext(done, "idempotency finish", "err", err)
		}
	}
}

// tee passes an answer through and keeps a copy of it.
type tee struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
}

func (r *tee) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *tee) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	if r.body.Len() <= idempotency.MaxBody {
		r.body.Write(b)
	}
	return r.ResponseWriter.Write(b)
}

// kept is what a replay sends: the status, the body, the content type, the
// redirect and its message; never a session cookie.
func (r *tee) kept() idempotency.Response {
	h := map[string][]string{}
	for _, k := range []string{"Content-Type", "Location"} {
		if v := r.Header().Values(k); len(v) > 0 {
			h[k] = v
		}
	}
	for _, ck := range r.Header().Values("Set-Cookie") {
		if strings.HasPrefix(ck, "cchc_flash=") {
			h["Set-Cookie"] = append(h["Set-Cookie"], ck)
		}
	}
	return idempotency.Response{Status: r.status, Header: h, Body: r.body.String()}
}
