package web

import (
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/cchc-vn/cchc/internal/account"
	"github.com/cchc-vn/cchc/internal/notice"
)

// The workspace is an installable web app: a manifest per ward, a service
// worker that keeps the field pages for reading offline, and the outbox
// page of forms saved on the phone (the outbox itself is static/outbox.js).

//go:embed pwa/sw.js
var swSource string

// offlineCandidates are the pages a field official may need without a
// signal: their tasks, the plan, the catalogue for residents' questions,
// the forms of the field and the outbox. Each is kept only for the roles
// its route allows.
var offlineCandidates = []string{"/quan-ly", "/quan-ly/chua-gui", "/quan-ly/ke-hoach", "/thu-tuc",
	"/quan-ly/hoat-dong/moi", "/quan-ly/phan-anh/moi", "/quan-ly/phat-thanh/hom-nay", "/quan-ly/hop"}

// offlinePages lists the candidates role may open, for the service worker
// to fetch while there is a network.
func (s *Server) offlinePages(role account.Role) string {
	var out []string
	for _, p := range offlineCandidates {
		for _, rt := range s.routes {
			if rt.Method == http.MethodGet && rt.Pattern == p && (rt.Access.public() || rt.Access.allows(role)) {
				out = append(out, p)
				break
			}
		}
	}
	return strings.Join(out, " ")
}

// serviceWorker is sw.js with its version (a hash of every asset, so a new
// build replaces the old cache) and the assets to keep.
var serviceWorker = func() []byte {
	var names []string
	for hashed := range assets {
		names = append(names, hashed)
	}
	sort.Strings(names)
	sum := sha256.Sum256([]byte(strings.Join(names, " ") + swSource))
	keep, _ := json.Marshal([]string{assetURL("app.css"), assetURL("app.js"), assetURL("outbox.js"), assetURL("icon.svg"), assetURL("icon-192.png")})
	r := strings.NewReplacer("__VERSION__", hex.EncodeToString(sum[:6]), "__ASSETS__", string(keep), "__OUTBOX__", assetURL("outbox.js"), "__CSS__", assetURL("app.css"))
	return []byte(r.Replace(swSource))
}()

// sw serves the service worker from the root, so that it may keep every
// page; browsers check it for a new version on each visit.
func (s *Server) sw(c *request) error {
	h := c.w.Header()
	h.Set("Content-Type", "text/javascript; charset=utf-8")
	h.Set("Cache-Control", "no-cache")
	_, err := c.w.Write(serviceWorker)
	return err
}

// manifest describes the ward's workspace as an app for the home screen.
func (s *Server) manifest(c *request) error {
	type icon struct {
		Src     string `json:"src"`
		Sizes   string `json:"sizes"`
		Type    string `json:"type"`
		Purpose string `json:"purpose"`
	}
	m := map[string]any{
		"id": "/quan-ly", "start_url": "/quan-ly", "scope": "/", "display": "standalone", "lang": "vi", "dir": "ltr",
		"name":        "CCHC " + c.ward.FullName,
		"short_name":  "CCHC",
		"description": "Trang làm việc tuyên truyền cải cách hành chính của " + c.ward.FullName + ": ghi nhận hoạt động, ý kiến người dân, kể cả khi không có mạng.",
		"theme_color": "#a3221b", "background_color": "#fafafa",
		"icons": []icon{
			{assetURL("icon-192.png"), "192x192", "image/png", "any"},
			{assetURL("icon-512.png"), "512x512", "image/png", "any"},
			{assetURL("icon-maskable-512.png"), "512x512", "image/png", "maskable"},
		},
	}
	c.w.Header().Set("Content-Type", "application/manifest+json; charset=utf-8")
	c.w.Header().Set("Cache-Control", "public, max-age=3600")
	return json.NewEncoder(c.w).Encode(m)
}

// outboxPage is the shell of the outbox; the phone fills it from its own
// storage.
func (s *Server) outboxPage(c *request) error {
	return c.render("outbox", "Chưa gửi", nil)
}

// texts shows the ward's text messages: what failed, what waits, what it cost.
func (s *Server) texts(c *request) error {
	r, err := notice.WardTexts(c.r.Context(), s.DB, c.ward.ID, time.Now(), 6)
	if err != nil {
		return err
	}
	return c.render("texts", "Tin nhắn gửi điện thoại", r)
}
