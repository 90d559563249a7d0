package media

import (
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

// OpenWorkbook opens an uploaded XLSX file once CheckArchive has read it
// through within the limits (declared and real sizes, checksums). The
// library is held to the same limits with every part kept in memory, so
// nothing is written to the temporary directory. The caller closes the file. A refusal is a
// Vietnamese message.
func OpenWorkbook(data []byte) (*excelize.File, string) {
	switch err := CheckArchive(data, MaxWorkbook, MaxWorkbookPart, maxWorkbookFile); err {
	case ErrNotArchive:
		return nil, "Không đọc được tệp: cần tệp Excel (.xlsx)."
	case ErrManyParts:
		return nil, "Tệp Excel có quá nhiều thành phần; vui lòng dùng tệp mẫu."
	case ErrTooBig:
		return nil, "Tệp Excel quá lớn khi giải nén (tối đa 64 MB); vui lòng chia thành nhiều tệp nhỏ hơn."
	case ErrCorrupt:
		return nil, "Không đọc được tệp: tệp hỏng hoặc không đúng định dạng Excel (.xlsx)."
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
