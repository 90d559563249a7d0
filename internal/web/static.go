package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
)

//go:embed static
var staticFS embed.FS

// Assets are served under names carrying a hash of their content
// (app.3f9a1c2b.css), so they can be cached for a year and still change.
var assets = func() map[string]string {
	byHashed := map[string]string{}
	add := func(p string, b []byte) {
		sum := sha256.Sum256(b)
		name := path.Base(p)
		ext := path.Ext(name)
		byHashed[strings.TrimSuffix(name, ext)+"."+hex.EncodeToString(sum[:4])+ext] = p
	}
	fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, _ := staticFS.ReadFile(p)
		add(p, b)
		return nil
	})
	for p, b := range drawnAssets {
		add(p, b)
	}
	return byHashed
}()

// drawnAssets are made at start rather than kept as files: the home-screen
// icons, drawn from the same star as icon.svg.
var drawnAssets = map[string][]byte{
	"static/icon-192.png":          appIcon(192, false),
	"static/icon-512.png":          appIcon(512, false),
	"static/icon-maskable-512.png": appIcon(512, true),
}

var assetNames = func() map[string]string {
	m := map[string]string{}
	for hashed, p := range assets {
		m[path.Base(p)] = "/static/" + hashed
	}
	return m
}()

// assetURL returns the hashed URL of a static file such as "app.css".
func assetURL(name string) string {
	if u, ok := assetNames[name]; ok {
		return u
	}
	panic("unknown asset " + name)
}

func (s *Server) static(c *request) error {
	p, ok := assets[c.r.PathValue("file")]
	if !ok {
		http.Error(c.w, "Không tìm thấy tệp.", http.StatusNotFound)
		return nil
	}
	b, ok := drawnAssets[p]
	if !ok {
		var err error
		if b, err = staticFS.ReadFile(p); err != nil {
			return err
		}
	}
	h := c.w.Header()
	h.Set("Content-Type", mime.TypeByExtension(path.Ext(p)))
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	_, err := c.w.Write(b)
	return err
}
