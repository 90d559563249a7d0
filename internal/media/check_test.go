package media

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"errors"
	"testing"
)

func TestIsPDF(t *testing.T) {
	tests := []struct {
		name string
		data string
		want bool
	}{
		{"a PDF", "%PDF-1.7\n1 0 obj << >> endobj\nstartxref\n9\n%%EOF\n", true},
		{"a PDF with bytes after its end", "%PDF-1.4\nstartxref\n0\n%%EOF\n\x00\x00", true},
		{"cut short", "%PDF-1.7\n1 0 obj << >>", false},
		{"HTML behind the signature", "%PDF-1.4\n<html><script>alert(1)</script></html>", false},
		{"HTML", "<html>%PDF-1.4 startxref %%EOF</html>", false},
		{"empty", "", false},
	}
	for _, tt := range tests {
		if got := IsPDF([]byte(tt.data)); got != tt.want {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
}

// archive builds a zip of parts; lying, its directory declares each 1 KB.
func archive(t *testing.T, parts map[string][]byte, lying bool) []byte {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for n, data := range parts {
		w, err := zw.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
	}
	zw.Close()
	out := b.Bytes()
	if lying {
		for i := 0; i+46 < len(out); i++ {
			if binary.LittleEndian.Uint32(out[i:]) == 0x02014b50 {
				binary.LittleEndian.PutUint32(out[i+24:], 1024)
			}
		}
	}
	return out
}

func TestCheckArchive(t *testing.T) {
	good := archive(t, map[string][]byte{"word/document.xml": bytes.Repeat([]byte("<w:p/>"), 1000)}, false)
	big := bytes.Repeat([]byte("<w:p/>"), 10<<20/6)
	tests := []struct {
		name string
		data []byte
		want error
	}{
		{"a document", good, nil},
		{"a bomb", archive(t, map[string][]byte{"word/document.xml": big}, false), ErrTooBig},
		{"a bomb within the limits", archive(t, map[string][]byte{"word/document.xml": big[:3<<20]}, false), ErrTooBig},
		{"a bomb with a lying header", archive(t, map[string][]byte{"word/document.xml": big}, true), ErrCorrupt},
		{"truncated", good[:len(good)/2], ErrNotArchive},
		{"not an archive", []byte("<html></html>"), ErrNotArchive},
	}
	for _, tt := range tests {
		if err := CheckArchive(tt.data, 4<<20, 4<<20, 10); !errors.Is(err, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, err, tt.want)
		}
	}
	many := map[string][]byte{}
	for _, n := range []string{"a", "b", "c"} {
		many[n] = nil
	}
	if err := CheckArchive(archive(t, many, false), 4<<20, 4<<20, 2); err != ErrManyParts {
		t.Errorf("three parts, two allowed: %v", err)
	}
}

func box(typ string, payload []byte) []byte {
	b := binary.BigEndian.AppendUint32(nil, uint32(8+len(payload)))
	return append(append(b, typ...), payload...)
}

func TestVideoType(t *testing.T) {
	ftyp := box("ftyp", []byte("isom\x00\x00\x02\x00isomiso2mp41"))
	moov, mdat := box("moov", box("mvhd", make([]byte, 100))), box("mdat", bytes.Repeat([]byte{7}, 400))
	cat := func(parts ...[]byte) []byte { return bytes.Join(parts, nil) }
	ebml := []byte{0x1A, 0x45, 0xDF, 0xA3, 0x80 | 7, 0x42, 0x82, 0x84, 'w', 'e', 'b', 'm'}
	segment := []byte{0x18, 0x53, 0x80, 0x67, 0x01, 0, 0, 0, 0, 0, 0, 0}
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"an MP4", cat(ftyp, moov, mdat), "video/mp4"},
		{"an MP4 whose media run to the end", cat(ftyp, moov, []byte{0, 0, 0, 0}, []byte("mdat"), bytes.Repeat([]byte{1}, 50)), "video/mp4"},
		{"an MP4 cut short", cat(ftyp, moov, mdat)[:300], ""},
		{"an MP4 without its movie", cat(ftyp, mdat), ""},
		{"HTML behind an ftyp box", cat(ftyp, []byte("<html><script>alert(1)</script></html>")), ""},
		{"a WebM", cat(ebml, segment), "video/webm"},
		{"a Matroska file", cat([]byte{0x1A, 0x45, 0xDF, 0xA3, 0x80 | 11, 0x42, 0x82, 0x88}, []byte("matroska"), segment), ""},
		{"an EBML header and nothing", ebml, ""},
		{"HTML", []byte("<html>not a video</html>"), ""},
	}
	for _, tt := range tests {
		if got := VideoType(tt.data); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}

func FuzzVideoType(f *testing.F) {
	f.Add(box("ftyp", []byte("isom")))
	f.Add([]byte{0x1A, 0x45, 0xDF, 0xA3, 0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff})
	f.Fuzz(func(t *testing.T, b []byte) { VideoType(b) }) // it must not panic or loop
}
