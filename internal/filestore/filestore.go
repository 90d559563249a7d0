// Package filestore keeps files (evidence photos, pictures, attachments,
// generated documents) in a local directory, or in S3-compatible object
// storage when several servers share one database.
package filestore

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Store is where files live. Keys are slash-separated relative paths such as
// "27427/evidence/2025/07/abc.jpg".
type Store interface {
	Put(ctx context.Context, key string, r io.Reader, size int64, contentType string) error
	Get(ctx context.Context, key string) (io.ReadCloser, Info, error)
	Delete(ctx context.Context, key string) error
}

// Info describes a stored file.
type Info struct {
	Size        int64
	ContentType string
	ModTime     time.Time
}

// ErrNotFound is returned by Get for a missing key.
var ErrNotFound = errors.New("file not found")

// NewKey returns a fresh, unguessable key for a file of a ward, in a folder
// of its kind and month: "27427/evidence/2026-12/9f2c…e1.jpg". An empty ext
// gives a key without one, for files stored in several variants.
func NewKey(wardID int64, kind, ext string) string {
	b := make([]byte, 10)
	rand.Read(b)
	key := strconv.FormatInt(wardID, 10) + "/" + kind + "/" + time.Now().UTC().Format("2006-01") + "/" + hex.EncodeToString(b)
	if ext != "" {
		key += "." + ext
	}
	return key
}

// Remove deletes files whose rows are gone (or were never written), even
// when the request that asked has been cancelled. A file that cannot be
// removed stays as an orphan: harmless, unlike a row without its file.
func Remove(ctx context.Context, s Store, keys ...string) {
	ctx = context.WithoutCancel(ctx)
	for _, k := range keys {
		s.Delete(ctx, k)
	}
}

// ValidKey rejects keys that could escape the store's root.
func ValidKey(key string) error {
	if key == "" || len(key) > 512 || strings.HasPrefix(key, "/") || strings.Contains(key, "\\") ||
		path.Clean(key) != key || strings.HasPrefix(key, "../") || key == ".." {
		return fmt.Errorf("invalid file key %q", key)
	}
	return nil
}

// Open returns the store named by spec: empty for a directory "files" under
// dataDir, or s3://ACCESS:SECRET@host:port/bucket?tls=false for S3.
func Open(spec, dataDir string) (Store, error) {
	if spec == "" {
		return NewLocal(filepath.Join(dataDir, "files"))
	}
	u, err := url.Parse(spec)
	if err != nil || u.Scheme != "s3" {
		return nil, fmt.Errorf("file store must be empty (local) or s3://KEY:SECRET@host/bucket")
	}
	secret, _ := u.User.Password()
	return NewS3(S3Config{
		Endpoint:  u.Host,
		Bucket:    strings.Trim(u.Path, "/"),
		AccessKey: u.User.Username(),
		SecretKey: secret,
		UseTLS:    u.Query().Get("tls") != "false",
		Region:    u.Query().Get("region"),
	})
}

// Local stores files under a directory.
type Local struct{ root string }

// NewLocal creates the directory if needed.
func NewLocal(root string) (*Local, error) {
	if err := os.MkdirAll(root, 0o750); err != nil {
		return nil, err
	}
	return &Local{root: root}, nil
}

func (l *Local) path(key string) (string, error) {
	if err := ValidKey(key); err != nil {
		return "", err
	}
	return filepath.Join(l.root, filepath.FromSlash(key)), nil
}

// Put writes to a temporary file and renames it, so readers never see half a file.
func (l *Local) Put(ctx context.Context, key string, r io.Reader, size int64, contentType string) error {
	p, err := l.path(key)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o750); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(p), ".upload-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	n, err := io.Copy(tmp, r)
	if err == nil && size >= 0 && n != size {
		err = fmt.Errorf("wrote %d bytes, expected %d", n, size)
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), p); err != nil {
		return err
	}
	if contentType != "" {
		return os.WriteFile(p+".type", []byte(contentType), 0o640)
	}
	return nil
}

func (l *Local) Get(ctx context.Context, key string) (io.ReadCloser, Info, error) {
	p, err := l.path(key)
	if err != nil {
		return nil, Info{}, err
	}
	f, err := os.Open(p)
	if errors.Is(err, os.ErrNotExist) {
		return nil, Info{}, ErrNotFound
	}
	if err != nil {
		return nil, Info{}, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, Info{}, err
	}
	ct, _ := os.ReadFile(p + ".type")
	return f, Info{Size: st.Size(), ContentType: string(ct), ModTime: st.ModTime()}, nil
}

func (l *Local) Delete(ctx context.Context, key string) error {
	p, err := l.path(key)
	if err != nil {
		return err
	}
	os.Remove(p + ".type")
	if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return nil
}
