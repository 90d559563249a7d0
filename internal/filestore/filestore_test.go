package filestore

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
)

// Both stores must behave the same; each subtest runs the same contract.
func TestStoreContract(t *testing.T) {
	stores := map[string]func(t *testing.T) Store{
		"local": func(t *testing.T) Store {
			s, err := NewLocal(t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			return s
		},
		"s3": func(t *testing.T) Store {
			backend := s3mem.New()
			if err := backend.CreateBucket("cchc"); err != nil {
				t.Fatal(err)
			}
			srv := httptest.NewServer(gofakes3.New(backend).Server())
			t.Cleanup(srv.Close)
			s, err := Open("s3://key:secret@"+strings.TrimPrefix(srv.URL, "http://")+"/cchc?tls=false&region=us-east-1", "")
			if err != nil {
				t.Fatal(err)
			}
			return s
		},
	}
	for name, open := range stores {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			s := open(t)
			body := []byte("ảnh minh chứng \x00\xff")
			key := "27427/evidence/2025/07/a.jpg"
			if err := s.Put(ctx, key, bytes.NewReader(body), int64(len(body)), "image/jpeg"); err != nil {
				t.Fatal(err)
			}
			r, info, err := s.Get(ctx, key)
			if err != nil {
				t.Fatal(err)
			}
			got, _ := io.ReadAll(r)
			r.Close()
			if !bytes.Equal(got, body) || info.Size != int64(len(body)) || info.ContentType != "image/jpeg" {
				t.Errorf("got %q size %d type %q", got, info.Size, info.ContentType)
			}
			if err := s.Delete(ctx, key); err != nil {
				t.Fatal(err)
			}
			if _, _, err := s.Get(ctx, key); !errors.Is(err, ErrNotFound) {
				t.Errorf("after delete: err = %v, want ErrNotFound", err)
			}
			for _, bad := range []string{"", "/etc/passwd", "../x", "a/../../x", `a\b`} {
				if err := s.Put(ctx, bad, strings.NewReader("x"), 1, ""); err == nil {
					t.Errorf("Put(%q) accepted", bad)
				}
			}
		})
	}
}
