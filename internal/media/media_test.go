package media

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// BombPNG writes a valid PNG of w × h pixels, all zero, at depth bits per
// channel in colour type ct (6 RGBA, 2 RGB, 0 grey), streamed row by row
// through zlib: a few hundred kilobytes that declare hundreds of megabytes.
func BombPNG(w, h int, depth, ct byte) []byte {
	var out bytes.Buffer
	out.WriteString("\x89PNG\r\n\x1a\n")
	chunk := func(kind string, data []byte) {
		binary.Write(&out, binary.BigEndian, uint32(len(data)))
		out.WriteString(kind)
		out.Write(data)
		crc := crc32.NewIEEE()
		crc.Write([]byte(kind))
		crc.Write(data)
		binary.Write(&out, binary.BigEndian, crc.Sum32())
	}
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], uint32(w))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(h))
	ihdr[8], ihdr[9] = depth, ct
	chunk("IHDR", ihdr)
	channels := map[byte]int{0: 1, 2: 3, 6: 4}[ct]
	row := make([]byte, 1+w*channels*int(depth)/8) // filter byte 0, then zeros
	var z bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&z, zlib.BestSpeed)
	for range h {
		zw.Write(row)
	}
	zw.Close()
	chunk("IDAT", z.Bytes())
	chunk("IEND", nil)
	return out.Bytes()
}

var bombs = sync.OnceValues(func() ([]byte, []byte) {
	return BombPNG(7000, 7000, 16, 6), BombPNG(4500, 4500, 8, 6)
})

func TestDecodedSizeIsReadFromTheHeader(t *testing.T) {
	deep, _ := bombs()
	if len(deep) > 2<<20 {
		t.Fatalf("the 16-bit bomb is %d bytes; it should be small", len(deep))
	}
	_, problem := PreparePhoto(deep)
	if !strings.Contains(problem, "7000 × 7000") || !strings.Contains(problem, "tối đa khoảng 55 triệu điểm ảnh với ảnh JPEG, 20 triệu với ảnh PNG") {
		t.Errorf("a 392 MB picture: %q", problem)
	}
	// A grey picture within MaxDecoded whose shrinking would need more than
	// the whole budget is refused at once (it waited 20 s, then was told
	// the system was busy).
	start := time.Now()
	if _, problem := PreparePhoto(BombPNG(8900, 8900, 8, 0)); !strings.Contains(problem, "8900 × 8900") {
		t.Errorf("a 79 MP grey picture: %q", problem)
	}
	if waited := time.Since(start); waited > decodeWait/2 {
		t.Errorf("a 79 MP grey picture waited %v for a budget it could never have", waited)
	}
	for _, c := range []struct {
		cfg  image.Config
		want int64
	}{
		{image.Config{ColorModel: color.NRGBA64Model, Width: 7000, Height: 7000}, 392_000_000},
		{image.Config{ColorModel: color.NRGBAModel, Width: 4000, Height: 3000}, 48_000_000},
		{image.Config{ColorModel: color.YCbCrModel, Width: 4032, Height: 3024}, 36_578_304},
		{image.Config{ColorModel: color.GrayModel, Width: 100, Height: 100}, 10_000},
		{image.Config{ColorModel: color.Palette{color.Black}, Width: 100, Height: 100}, 10_000},
		{image.Config{ColorModel: color.ModelFunc(func(c color.Color) color.Color { return c }), Width: 10, Height: 10}, 800},
	} {
		if got := decodedSize(c.cfg, "png", nil); got != c.want {
			t.Errorf("decodedSize(%T %dx%d) = %d, want %d", c.cfg.ColorModel, c.cfg.Width, c.cfg.Height, got, c.want)
		}
	}
	// A phone's 12 megapixel JPEG is counted at its sampled planes (4:2:0:
	// 1.5 bytes a pixel), and goes through.
	var photo bytes.Buffer
	jpeg.Encode(&photo, image.NewYCbCr(image.Rect(0, 0, 4032, 3024), image.YCbCrSubsampleRatio420), nil)
	cfg, _ := jpeg.DecodeConfig(bytes.NewReader(photo.Bytes()))
	if got := decodedSize(cfg, "jpeg", photo.Bytes()); got != 4032*3024*3/2 {
		t.Errorf("a 12 MP 4:2:0 JPEG: %d bytes decoded, want %d", got, 4032*3024*3/2)
	}
	if up, problem := PreparePhoto(photo.Bytes()); problem != "" || up.ContentType != "image/jpeg" {
		t.Errorf("a 12 MP photo: %q", problem)
	} else if c, _ := jpeg.DecodeConfig(bytes.NewReader(up.Data)); c.Width != 1600 || c.Height != 1200 {
		t.Errorf("stored at %d × %d", c.Width, c.Height)
	}
}

// Residents posting hostile pictures at once keep the process within the
// decoding budget: 16-bit bombs are refused from their header, large legal
// pictures wait their turn. The memory the process takes from the system
// grows by less than 250 MB (it grew by 918 MB for three bombs before).
func TestImageBombsKeepMemoryBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("decodes large pictures")
	}
	deep, large := bombs()
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	var peak atomic.Uint64
	stop := make(chan struct{})
	go func() {
		var m runtime.MemStats
		for {
			select {
			case <-stop:
				return
			case <-time.After(2 * time.Millisecond):
			}
			runtime.ReadMemStats(&m)
			if m.HeapAlloc > peak.Load() {
				peak.Store(m.HeapAlloc)
			}
		}
	}()
	var wg sync.WaitGroup
	problems := make([]string, 8)
	for i := range problems {
		wg.Add(1)
		go func() {
			defer wg.Done()
			data := deep
			if i%2 == 1 {
				data = large // 4500 × 4500 × 4 bytes: 81 MB decoded, within the limit
			}
			_, problems[i] = Prepare(data)
		}()
	}
	wg.Wait()
	close(stop)
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	grew := int64(after.Sys) - int64(before.Sys)
	t.Logf("8 pictures at once (4 bombs of 392 MB declared, 4 of 81 MB): heap peak %d MB above idle, memory from the system +%d MB",
		(int64(peak.Load())-int64(before.HeapAlloc))>>20, grew>>20)
	if grew > 250<<20 {
		t.Errorf("the process took %d MB more from the system", grew>>20)
	}
	for i, p := range problems {
		if i%2 == 0 && !strings.Contains(p, "Ảnh quá lớn") || i%2 == 1 && p != "" {
			t.Errorf("picture %d: %q", i, p)
		}
	}
}

// Each field says what it takes.
func TestMessagesNameWhatTheFieldTakes(t *testing.T) {
	html := []byte("<html><body>not a picture</body></html>")
	pdf := []byte("%PDF-1.4\nstartxref\n0\n%%EOF")
	for _, c := range []struct {
		name    string
		prepare func([]byte) (Upload, string)
		in      []byte
		want    string
	}{
		{"evidence", Prepare, html, "Chỉ nhận ảnh (JPEG, PNG) hoặc tệp PDF."},
		{"photo", PreparePhoto, html, "Chỉ nhận ảnh JPEG hoặc PNG."},
		{"photo given a PDF", PreparePhoto, pdf, "Chỉ nhận ảnh JPEG hoặc PNG."},
		{"document", PreparePDF, html, "Chỉ nhận tệp PDF."},
		{"document given a photo", PreparePDF, BombPNG(10, 10, 8, 2), "Chỉ nhận tệp PDF."},
		{"too big", PreparePhoto, make([]byte, MaxSize+1), "Tệp quá lớn (tối đa 12 MB)."},
	} {
		if _, got := c.prepare(c.in); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
	if up, problem := PreparePDF(pdf); problem != "" || up.ContentType != "application/pdf" {
		t.Errorf("a PDF: %q", problem)
	}
}

// FuzzPrepare: any bytes are refused with a message or give a JPEG or PDF;
// the frame-header reader never reads past the data.
func FuzzPrepare(f *testing.F) {
	var j bytes.Buffer
	jpeg.Encode(&j, image.NewYCbCr(image.Rect(0, 0, 40, 30), image.YCbCrSubsampleRatio420), nil)
	f.Add(j.Bytes())
	f.Add(BombPNG(20, 10, 16, 6))
	f.Add([]byte("%PDF-1.4"))
	f.Add([]byte{0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x11, 0x08, 0xFF, 0xFF, 0xFF, 0xFF, 0x03})
	f.Fuzz(func(t *testing.T, data []byte) {
		jpegPlanes(data)
		up, problem := Prepare(data)
		if problem == "" && up.ContentType != "image/jpeg" && up.ContentType != "application/pdf" {
			t.Fatalf("accepted as %q", up.ContentType)
		}
	})
}
