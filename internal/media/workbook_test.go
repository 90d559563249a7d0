package media

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// workbookBomb is a real workbook whose first sheet inflates to size bytes
// of spaces inside its XML. With lie, its header declares a few kilobytes.
// Its styles are damaged, so a reader fails after it has unpacked the sheet.
func workbookBomb(t testing.TB, size int, lie bool) []byte {
	t.Helper()
	x := excelize.NewFile()
	x.SetSheetName("Sheet1", "Hoạt động") // as the activity import's template
	x.SetCellValue("Hoạt động", "A1", "Ngày")
	var plain bytes.Buffer
	if err := x.Write(&plain); err != nil {
		t.Fatal(err)
	}
	src, _ := zip.NewReader(bytes.NewReader(plain.Bytes()), int64(plain.Len()))
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range src.File {
		if f.Name == "xl/styles.xml" { // damaged: the library fails after it has unpacked the sheet
			w, _ := zw.Create(f.Name)
			io.WriteString(w, "<styleSheet><<")
			continue
		}
		if f.Name != "xl/worksheets/sheet1.xml" {
			w, _ := zw.Create(f.Name)
			rc, _ := f.Open()
			io.Copy(w, rc)
			rc.Close()
			continue
		}
		head := `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`
		tail := `</sheetData></worksheet>`
		var comp bytes.Buffer
		fw, _ := flate.NewWriter(&comp, flate.BestSpeed)
		crc := crc32.NewIEEE()
		w := io.MultiWriter(fw, crc)
		io.WriteString(w, head)
		chunk := []byte(strings.Repeat(" ", 1<<20))
		for n := 0; n < size; n += len(chunk) {
			w.Write(chunk)
		}
		io.WriteString(w, tail)
		fw.Close()
		declared := uint64(len(head) + len(tail) + (size+len(chunk)-1)/len(chunk)*len(chunk))
		if lie {
			declared = 4096
		}
		hw, err := zw.CreateRaw(&zip.FileHeader{Name: f.Name, Method: zip.Deflate, CRC32: crc.Sum32(),
			CompressedSize64: uint64(comp.Len()), UncompressedSize64: declared})
		if err != nil {
			t.Fatal(err)
		}
		hw.Write(comp.Bytes())
	}
	zw.Close()
	return out.Bytes()
}

// A workbook that inflates to 400 MB is refused before it is unpacked; one
// whose header lies is read no further than it declared (the archive reader
// stops there). Either way nothing is left in the temporary directory (each
// attempt left a 400 MB file there before) and memory stays small.
func TestWorkbookBombsLeaveNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 400 MB bomb")
	}
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	for _, lie := range []bool{false, true} {
		bomb := workbookBomb(t, 400<<20, lie)
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		x, problem := OpenWorkbook(bomb)
		switch {
		case !lie && !strings.Contains(problem, "Tệp Excel quá lớn khi giải nén (tối đa 64 MB)"):
			t.Errorf("a 400 MB sheet: %q", problem)
		case x != nil:
			x.GetRows("Hoạt động")
			x.Close()
		}
		runtime.ReadMemStats(&after)
		var left int64
		filepath.Walk(tmp, func(_ string, info os.FileInfo, err error) error {
			if err == nil && !info.IsDir() {
				left += info.Size()
			}
			return nil
		})
		t.Logf("bomb of %d KB (header lies: %v): %q; temporary files left %d bytes; allocated %d MB", len(bomb)>>10, lie, problem, left, (after.TotalAlloc-before.TotalAlloc)>>20)
		if left != 0 {
			t.Errorf("lie %v: %d bytes left in the temporary directory", lie, left)
		}
		if got := after.TotalAlloc - before.TotalAlloc; got > 100<<20 {
			t.Errorf("lie %v: opening allocated %d MB", lie, got>>20)
		}
	}
	// A workbook of normal size opens.
	x := excelize.NewFile()
	x.SetCellValue("Sheet1", "A1", "Khu phố 1")
	var b bytes.Buffer
	x.Write(&b)
	if f, problem := OpenWorkbook(b.Bytes()); problem != "" {
		t.Fatalf("a small workbook: %q", problem)
	} else if v, _ := f.GetCellValue("Sheet1", "A1"); v != "Khu phố 1" {
		t.Errorf("A1 = %q", v)
	} else {
		f.Close()
	}
	if _, problem := OpenWorkbook([]byte("PK\x03\x04 not really")); problem == "" {
		t.Error("a truncated archive opened")
	}
}
