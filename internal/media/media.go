// Package media checks uploaded photos and PDFs by their content and
// prepares them for storage: photos are resized and lose their metadata.
// Prepared files are stored before the rows that name them (Stage), so that
// no transaction waits on the file store.
package media

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	_ "image/png" // photos from phones come as JPEG or PNG
	"runtime"
	"time"

	"golang.org/x/image/draw"
	"golang.org/x/sync/semaphore"

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
	MaxPhotoSide = 1600 // stored photos are resized to this longest side
	// MaxDecoded bounds what one picture may take once decoded, read from
	// its header before anything is decoded: a small file can declare a
	// huge picture (a 381 KB PNG of 7000 × 7000 pixels at 16 bits per
	// channel decodes to 392 MB). A 48 megapixel phone JPEG fits.
	MaxDecoded = 80 << 20
	// decodeBudget bounds the memory the pictures being decoded and resized
	// hold at once across the process; a request waits for its turn, at
	// most decodeWait, then is asked to try again.
	decodeBudget = 160 << 20
	decodeWait   = 20 * time.Second
)

var decoding = semaphore.NewWeighted(decodeBudget)

// What a field accepts, for its messages.
const (
	photos = 1 << iota
	pdfs
)

// Prepare checks a file for a field that takes photos and PDFs (evidence)
// by its content, and returns what to store: photos are decoded, resized
// and re-encoded as JPEG, which drops every metadata block (EXIF, GPS
// position); PDFs are kept as they are. It returns a Vietnamese message
// when the file is refused.
func Prepare(data []byte) (Upload, string) { return prepare(data, photos|pdfs) }

// PreparePhoto is Prepare for a field that takes photos only.
func PreparePhoto(data []byte) (Upload, string) { return prepare(data, photos) }

// PreparePDF is Prepare for a field that takes PDF documents only.
func PreparePDF(data []byte) (Upload, string) { return prepare(data, pdfs) }

func accepts(what int) string {
	switch what {
	case photos:
		return "Chỉ nhận ảnh JPEG hoặc PNG."
	case pdfs:
		return "Chỉ nhận tệp PDF."
	}
	return "Chỉ nhận ảnh (JPEG, PNG) hoặc tệp PDF."
}

func prepare(data []byte, what int) (Upload, string) {
	if len(data) == 0 {
		return Upload{}, "Tệp rỗng."
	}
	if len(data) > MaxSize {
		return Upload{}, "Tệp quá lớn (tối đa 12 MB)."
	}
	if bytes.HasPrefix(data, []byte("%PDF-")) {
		if what&pdfs == 0 {
			return Upload{}, accepts(what)
		}
		if !IsPDF(data) {
			return Upload{}, "Tệp PDF không đầy đủ hoặc không phải PDF thật (thiếu phần kết thúc của tệp). Vui lòng xuất lại tệp PDF rồi gửi."
		}
		return Upload{Data: data, ContentType: "application/pdf", Ext: "pdf"}, ""
	}
	if what&photos == 0 {
		return Upload{}, accepts(what)
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || (format != "jpeg" && format != "png") {
		return Upload{}, accepts(what)
	}
	decoded := decodedSize(cfg, format, data)
	// The picture, and the halvings that shrink it (about its pixels × 4/3
	// at 4 bytes), and the result.
	need := decoded + int64(cfg.Width)*int64(cfg.Height)*4/3 + MaxPhotoSide*MaxPhotoSide*4
	if cfg.Width <= 0 || cfg.Height <= 0 || decoded > MaxDecoded || need > decodeBudget {
		return Upload{}, fmt.Sprintf("Ảnh quá lớn để xử lý (%d × %d điểm ảnh). Vui lòng gửi ảnh nhỏ hơn: tối đa khoảng %d triệu điểm ảnh với ảnh JPEG, %d triệu với ảnh PNG.",
			cfg.Width, cfg.Height, MaxDecoded*2/3/1_000_000, MaxDecoded/4/1_000_000)
	}
	ctx, cancel := context.WithTimeout(context.Background(), decodeWait)
	defer cancel()
	if err := decoding.Acquire(ctx, need); err != nil {
		return Upload{}, "Hệ thống đang bận xử lý nhiều ảnh. Vui lòng thử lại sau ít phút."
	}
	up, problem := reencode(data)
	decoding.Release(need)
	if need > 32<<20 {
		runtime.GC() // give back a large picture's memory now, not when the heap has doubled
	}
	return up, problem
}

// reencode decodes a photo, shrinks it to MaxPhotoSide and encodes it as
// JPEG: only the pixels remain.
func reencode(data []byte) (Upload, string) {
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return Upload{}, "Ảnh bị hỏng, không đọc được."
	}
	img = shrink(img, MaxPhotoSide)
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 85}); err != nil {
		return Upload{}, "Không xử lý được ảnh."
	}
	return Upload{Data: buf.Bytes(), ContentType: "image/jpeg", Ext: "jpg"}, ""
}

// shrink scales img down so that its longest side is at most side: halving
// while it is twice too big (a bilinear sample in the middle of each 2 × 2
// block is their average), then once more. The kernel scalers would hold a
// float64 row buffer of the result's width × the source's height, 256 MB for
// a 5000 pixel tall picture.
func shrink(img image.Image, side int) image.Image {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if w <= side && h <= side {
		return img
	}
	for w >= 2*side || h >= 2*side {
		w, h = max(w/2, 1), max(h/2, 1)
		img = scale(img, w, h)
	}
	if w > side || h > side {
		if w >= h {
			w, h = side, max(h*side/w, 1)
		} else {
			w, h = max(w*side/h, 1), side
		}
		img = scale(img, w, h)
	}
	return img
}

func scale(img image.Image, w, h int) image.Image {
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.ApproxBiLinear.Scale(dst, dst.Bounds(), img, img.Bounds(), draw.Src, nil)
	return dst
}

// decodedSize is what the picture takes once decoded, from its header: the
// Go decoders hold 16-bit pictures at 8 bytes a pixel, colour at 4, grey
// and palettes at 1 or 2, and a JPEG's planes at their sampled sizes.
func decodedSize(cfg image.Config, format string, data []byte) int64 {
	if format == "jpeg" {
		if n, ok := jpegPlanes(data); ok {
			return n
		}
	}
	bpp := int64(8) // an unknown model: the worst
	switch m := cfg.ColorModel; {
	case m == color.RGBA64Model, m == color.NRGBA64Model:
		bpp = 8
	case m == color.RGBAModel, m == color.NRGBAModel, m == color.CMYKModel:
		bpp = 4
	case m == color.YCbCrModel:
		bpp = 3
	case m == color.Gray16Model, m == color.Alpha16Model:
		bpp = 2
	case m == color.GrayModel, m == color.AlphaModel:
		bpp = 1
	default:
		if _, ok := m.(color.Palette); ok {
			bpp = 1
		}
	}
	return int64(cfg.Width) * int64(cfg.Height) * bpp
}

// jpegPlanes reads a JPEG's frame header (SOF0–SOF2) and returns the bytes
// of its decoded planes: each component at its sampling factors, rounded up
// to whole 8 × 8 blocks of the MCU, as image/jpeg allocates them.
func jpegPlanes(data []byte) (int64, bool) {
	for i := 2; i+9 < len(data); {
		if data[i] != 0xFF {
			return 0, false
		}
		marker := data[i+1]
		length := int(data[i+2])<<8 | int(data[i+3])
		if marker >= 0xC0 && marker <= 0xC2 && i+10 <= len(data) {
			h, w := int64(data[i+5])<<8|int64(data[i+6]), int64(data[i+7])<<8|int64(data[i+8])
			n := int(data[i+9])
			if n < 1 || i+10+3*n > len(data) {
				return 0, false
			}
			var hmax, vmax int64 = 1, 1
			for c := range n {
				f := data[i+11+3*c]
				hmax, vmax = max(hmax, int64(f>>4)), max(vmax, int64(f&15))
			}
			mcuW, mcuH := (w+8*hmax-1)/(8*hmax), (h+8*vmax-1)/(8*vmax)
			var total int64
			for c := range n {
				f := data[i+11+3*c]
				total += mcuW * 8 * int64(f>>4) * mcuH * 8 * int64(f&15)
			}
			return total, true
		}
		if marker == 0xD8 || marker == 0x01 || marker >= 0xD0 && marker <= 0xD7 {
			i += 2
			continue
		}
		i += 2 + length
	}
	return 0, false
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
