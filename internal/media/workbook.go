package media

import (
	"archive/zip"
	"bytes"

	"github.com/xuri/excelize/v2"
)

// Limits of an uploaded workbook once unpacked: a 408 KB XLSX can declare a
// sheet of 400 MB. The import templates and the catalogue's export unpack
// to a few megabytes.
const (
	MaxWorkbook     = 64 << 20 // all its parts
	MaxWorkbookPart = 32 << 20 // one part (a sheet, the shared strings)
	maxWorkbookFile = 2000     // parts in the archive
)

// OpenWorkbook opens an uploaded XLSX file, checking the sizes its archive
// declares before anything is unpacked. The reader of the archive refuses
// a part that inflates past its declared size, and the library is held to
// the same limits with every part kept in memory, so nothing is written to
// the temporary directory. The caller closes the file. A refusal is a
// Vietnamese message.
func OpenWorkbook(data []byte) (*excelize.File, string) {
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, "Không đọc được tệp: cần tệp Excel (.xlsx)."
	}
	if len(z.File) > maxWorkbookFile {
		return nil, "Tệp Excel có quá nhiều thành phần; vui lòng dùng tệp mẫu."
	}
	var total uint64
	for _, f := range z.File {
		total += f.UncompressedSize64
		if f.UncompressedSize64 > MaxWorkbookPart || total > MaxWorkbook {
			return nil, "Tệp Excel quá lớn khi giải nén (tối đa 64 MB); vui lòng chia thành nhiều tệp nhỏ hơn."
		}
	}
	x, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: MaxWorkbook, UnzipXMLSizeLimit: MaxWorkbookPart})
	if err != nil {
		if x != nil {
			x.Close() // it may return a half-opened file with its temporary files
		}
		return nil, "Không đọc được tệp: tệp hỏng hoặc không đúng định dạng Excel (.xlsx)."
	}
	return x, ""
}
