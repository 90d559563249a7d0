package procedure

import (
	"archive/zip"
	"bytes"
	"testing"
)

func zipWith(names ...string) []byte {
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	for _, n := range names {
		w, _ := z.Create(n)
		if n == "mimetype" {
			w.Write([]byte("application/vnd.oasis.opendocument.text"))
		} else {
			w.Write([]byte("<x/>"))
		}
	}
	z.Close()
	return b.Bytes()
}

func TestSniffForm(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		ext  string
	}{
		{"pdf", []byte("%PDF-1.7\n%âãÏÓ\nstartxref\n0\n%%EOF\n"), "pdf"},
		{"truncated pdf", []byte("%PDF-1.7\n%âãÏÓ\n1 0 obj"), ""},
		{"html behind a pdf signature", []byte("%PDF-1.4\n<html><script>alert(1)</script></html>"), ""},
		{"docx", zipWith("[Content_Types].xml", "word/document.xml"), "docx"},
		{"xlsx", zipWith("[Content_Types].xml", "xl/workbook.xml"), "xlsx"},
		{"odt", zipWith("mimetype", "content.xml"), "odt"},
		{"doc", append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 100)...), "doc"},
		{"html named .pdf", []byte("<html><script>alert(1)</script>"), ""},
		{"zip of something else", zipWith("evil.exe"), ""},
		{"empty", nil, ""},
	}
	for _, tt := range tests {
		if _, ext := SniffForm(tt.data); ext != tt.ext {
			t.Errorf("%s: ext %q, want %q", tt.name, ext, tt.ext)
		}
	}
}
