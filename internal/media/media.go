// Package media checks uploaded photos and PDFs by their content and
// prepares them for storage: photos are resized and lose their metadata.
// Prepared files are stored before the rows that name them (Stage), so that
// no transaction waits on the file store.
package media

import (
	"bytes"
	"context"
	"image"
	"image/jpeg"
	_ "image/png" // photos from phones come as JPEG or PNG

	"golang.org/x/image/draw"

	"github.com/cchc-vn/cchc/internal/filestore"
)

// Upload is a file checked and ready to store.
type Upload struct {
	Data        []byte
	ContentType string
	Ext         string // file name extension without the dot
}

// Limits: a phone photo is a few megabytes; anything larger is refused.
const (
	MaxSize      = 12 << 20
	MaxPixels    = 50_000_000 // refuse decompression bombs before decoding
	MaxPhotoSide = 1600       // stored photos are resized to this longest side
)

// Prepare checks a file by its content and returns what to store:
// photos are decoded, resized and re-encoded as JPEG, which drops every
// metadata block (EXIF, GPS position); PDFs are kept as they are. It returns
// a Vietnamese message when the file is refused.
func Prepare(data []byte) (Upload, string) {
	if len(data) == 0 {
		return Upload{}, "Tệp rỗng."
	}
	if len(data) > MaxSize {
		return Upload{}, "Tệp quá lớn (tối đa 12 MB)."
	}
	if bytes.HasPrefix(data, []byte("%PDF-")) {
		return Upload{Data: data, ContentType: "application/pdf", Ext: "pdf"}, ""
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || (format != "jpeg" && format != "png") {
		return Upload{}, "Minh chứng phải là ảnh (JPEG, PNG) hoặc tệp PDF."
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width*cfg.Height > MaxPixels {
		return Upload{}, "Ảnh quá lớn (tối đa 50 triệu điểm ảnh)."
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return Upload{}, "Ảnh bị hỏng, không đọc được."
	}
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if w > MaxPhotoSide || h > MaxPhotoSide {
		if w >= h {
			w, h = MaxPhotoSide, h*MaxPhotoSide/w
		} else {
			w, h = w*MaxPhotoSide/h, MaxPhotoSide
		}
		dst := image.NewRGBA(image.Rect(0, 0, max(w, 1), max(h, 1)))
		draw.CatmullRom.Scale(dst, dst.Bounds(), img, b, draw.Src, nil)
		img = dst
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 85}); err != nil {
		return Upload{}, "Không xử lý được ảnh."
	}
	return Upload{Data: buf.Bytes(), ContentType: "image/jpeg", Ext: "jpg"}, ""
}

// PreparePhoto is Prepare for a field that takes photos only.
func PreparePhoto(data []byte) (Upload, string) {
	up, problem := Prepare(data)
	if problem == "" && up.ContentType != "image/jpeg" {
		problem = "Chỉ nhận ảnh JPEG hoặc PNG."
	}
	return up, problem
}

// Staged is the files Stage wrote, under their keys in the order given.
type Staged struct {
	files filestore.Store
	Keys  []string
}

// Stage stores uploads under fresh keys of the ward's folder kind, before
// the transaction that records them: a transaction never waits on the file
// store (on SQLite it would hold the process's write lock meanwhile). If
// the transaction fails the caller discards them. A failed store removes
// what it wrote.
func Stage(ctx context.Context, files filestore.Store, wardID int64, kind string, ups ...Upload) (*Staged, error) {
	s := &Staged{files: files}
	for _, up := range ups {
		key := filestore.NewKey(wardID, kind, up.Ext)
		if err := files.Put(ctx, key, bytes.NewReader(up.Data), int64(len(up.Data)), up.ContentType); err != nil {
			s.Discard(ctx)
			return nil, err
		}
		s.Keys = append(s.Keys, key)
	}
	return s, nil
}

// Discard removes the staged files: their rows were never written. A file
// that cannot be removed is left as an orphan, never a row without its file.
func (s *Staged) Discard(ctx context.Context) {
	if s != nil {
		filestore.Remove(ctx, s.files, s.Keys...)
	}
}

// Widths are the sizes pictures are served at on the portal, so that a
// phone downloads the one its screen needs (srcset).
var Widths = []int{480, 960, MaxPhotoSide}

// Variants decodes a prepared JPEG and returns it at each width of Widths
// narrower than itself, plus its own width; it also returns its size.
func Variants(prepared []byte) (map[int][]byte, int, int, error) {
	img, err := jpeg.Decode(bytes.NewReader(prepared))
	if err != nil {
		return nil, 0, 0, err
	}
	b := img.Bounds()
	out := map[int][]byte{b.Dx(): prepared}
	for _, w := range Widths {
		if w >= b.Dx() {
			continue
		}
		h := max(b.Dy()*w/b.Dx(), 1)
		dst := image.NewRGBA(image.Rect(0, 0, w, h))
		draw.CatmullRom.Scale(dst, dst.Bounds(), img, b, draw.Src, nil)
		var buf bytes.Buffer
		if err := jpeg.Encode(&buf, dst, &jpeg.Options{Quality: 82}); err != nil {
			return nil, 0, 0, err
		}
		out[w] = buf.Bytes()
	}
	return out, b.Dx(), b.Dy(), nil
}
