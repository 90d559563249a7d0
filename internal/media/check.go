package media

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"errors"
	"io"
)

// IsPDF tells a PDF document by its structure, not only its first bytes: a
// PDF begins with its signature and ends with the pointer to its cross-
// reference table (startxref) and the end-of-file mark within its last
// kilobyte, where every reader looks for them. An HTML page behind a PDF
// signature, or a PDF cut short, is not one.
func IsPDF(data []byte) bool {
	if !bytes.HasPrefix(data, []byte("%PDF-")) {
		return false
	}
	tail := data[max(0, len(data)-1024):]
	return bytes.Contains(tail, []byte("startxref")) && bytes.Contains(tail, []byte("%%EOF"))
}

// What CheckArchive finds wrong with an archive.
var (
	ErrNotArchive = errors.New("not a zip archive, or a truncated one")
	ErrManyParts  = errors.New("too many parts")
	ErrTooBig     = errors.New("too big once unpacked")
	ErrCorrupt    = errors.New("a part does not match its size or checksum")
)

// A part that unpacks past bombPart to over bombRatio times its packed size
// is a bomb, as office suites judge it (real documents pack 5 to 20 times).
const (
	bombPart  = 1 << 20
	bombRatio = 100
)

// CheckArchive reads a zip archive (an Office or OpenDocument file) through:
// the sizes its directory declares and how many times each part inflates,
// then every part inflated, which the archive reader stops at the declared
// size and checks against its checksum. So a bomb, a lying header or a truncated archive is found
// without writing anything, at the cost of inflating at most maxTotal.
func CheckArchive(data []byte, maxTotal, maxPart uint64, maxParts int) error {
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return ErrNotArchive
	}
	if len(z.File) > maxParts {
		return ErrManyParts
	}
	var total uint64
	for _, f := range z.File {
		total += f.UncompressedSize64
		if f.UncompressedSize64 > maxPart || total > maxTotal || f.UncompressedSize64 > bombPart && f.UncompressedSize64/bombRatio > f.CompressedSize64 {
			return ErrTooBig
		}
	}
	for _, f := range z.File {
		rc, err := f.Open()
		if err != nil {
			return ErrCorrupt
		}
		_, err = io.Copy(io.Discard, rc)
		rc.Close()
		if err != nil {
			return ErrCorrupt
		}
	}
	return nil
}

// VideoType tells an MP4 or WebM clip by its structure, or returns "". An
// MP4 file is a chain of boxes, each declaring its size, that ends exactly
// at the end of the file, starts with "ftyp" and holds the movie ("moov")
// and its media ("mdat"). A WebM file starts with an EBML header whose
// document type is "webm", followed by its Segment.
func VideoType(b []byte) string {
	switch {
	case len(b) > 12 && string(b[4:8]) == "ftyp":
		if mp4Boxes(b) {
			return "video/mp4"
		}
	case bytes.HasPrefix(b, []byte{0x1A, 0x45, 0xDF, 0xA3}):
		if webmHeader(b) {
			return "video/webm"
		}
	}
	return ""
}

func mp4Boxes(b []byte) bool {
	var moov, mdat bool
	for off := uint64(0); off < uint64(len(b)); {
		if uint64(len(b))-off < 8 {
			return false
		}
		size, typ := uint64(binary.BigEndian.Uint32(b[off:])), b[off+4:off+8]
		switch size {
		case 0: // the last box runs to the end of the file
			size = uint64(len(b)) - off
		case 1: // a 64-bit size follows the type
			if uint64(len(b))-off < 16 {
				return false
			}
			size = binary.BigEndian.Uint64(b[off+8:])
		}
		if size < 8 || size > uint64(len(b))-off {
			return false
		}
		for _, c := range typ {
			if c < 0x20 || c > 0x7e {
				return false
			}
		}
		moov = moov || string(typ) == "moov"
		mdat = mdat || string(typ) == "mdat"
		off += size
	}
	return moov && mdat
}

func webmHeader(b []byte) bool {
	size, n := vint(b[4:])
	if n == 0 || uint64(len(b)-4-n) < size {
		return false
	}
	header := b[4+n : 4+n+int(size)]
	rest := b[4+n+int(size):]
	return bytes.Contains(header, []byte{0x42, 0x82}) && bytes.Contains(header, []byte("webm")) &&
		bytes.HasPrefix(rest, []byte{0x18, 0x53, 0x80, 0x67})
}

// vint reads an EBML variable-length size: the leading zero bits of its
// first byte say how many bytes follow.
func vint(b []byte) (uint64, int) {
	if len(b) == 0 || b[0] == 0 {
		return 0, 0
	}
	n := 1
	for mask := byte(0x80); b[0]&mask == 0; mask >>= 1 {
		n++
	}
	if len(b) < n {
		return 0, 0
	}
	v := uint64(b[0] & (0xff >> n))
	for _, c := range b[1:n] {
		v = v<<8 | uint64(c)
	}
	return v, n
}
