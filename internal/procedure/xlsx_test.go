package procedure

import (
	"bytes"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestXLSXRoundTrip(t *testing.T) {
	ps, _ := Catalogue()
	some := ps // the whole catalogue, including the longest dossiers
	for _, p := range some {
		p.Unparsed, p.HCMCListed = nil, false // not part of the exchange format
	}
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, some); err != nil {
		t.Fatal(err)
	}
	back, rowErrs, err := ReadXLSX(buf.Bytes())
	if err != nil || len(rowErrs) > 0 {
		t.Fatalf("read back: %v %v", err, rowErrs)
	}
	if len(back) != len(some) {
		t.Fatalf("read %d procedures, wrote %d", len(back), len(some))
	}
	for i := range some {
		if changed := Changed(some[i], back[i]); len(changed) > 0 {
			t.Errorf("%s changed in the round trip: %v", some[i].Code, changed)
		}
		if !reflect.DeepEqual(some[i].Channels, back[i].Channels) {
			t.Errorf("%s channels: %+v vs %+v", some[i].Code, some[i].Channels, back[i].Channels)
		}
	}
}

func TestXLSXRowErrors(t *testing.T) {
	f := excelize.NewFile()
	f.SetSheetName("Sheet1", xlsxSheet)
	main := [][]any{
		{"Mã thủ tục", "Tên thủ tục", "Lĩnh vực"},
		{"1.001193", "Thủ tục đăng ký khai sinh", "Hộ tịch"},
		{"abc", "Tên", "Hộ tịch"},
		{"1.000894", "", "Hộ tịch"},
		{"1.001193", "Trùng", "Hộ tịch"},
	}
	for i, r := range main {
		f.SetSheetRow(xlsxSheet, "A"+strconv.Itoa(i+1), &r)
	}
	f.NewSheet("Trình tự")
	f.SetSheetRow("Trình tự", "A1", &[]any{"Mã thủ tục", "Bước"})
	f.SetSheetRow("Trình tự", "A2", &[]any{"1.001193", "Nộp hồ sơ"})
	f.SetSheetRow("Trình tự", "A3", &[]any{"1.000894", "Nộp hồ sơ"})
	f.NewSheet("Cách thức")
	f.SetSheetRow("Cách thức", "A1", &[]any{"Mã thủ tục", "Cách nộp", "Thời hạn"})
	f.SetSheetRow("Cách thức", "A2", &[]any{"1.001193", "Qua mạng", "1"})
	f.SetSheetRow("Cách thức", "A3", &[]any{"9.999999", "Trực tiếp", "1"})
	var buf bytes.Buffer
	f.Write(&buf)
	ps, rowErrs, err := ReadXLSX(buf.Bytes())
	if err != nil || ps != nil {
		t.Fatalf("a workbook with errors returned %d procedures (%v)", len(ps), err)
	}
	var got []string
	for _, e := range rowErrs {
		got = append(got, e.String())
	}
	all := strings.Join(got, "\n")
	for _, want := range []string{
		"Trang “Thủ tục”, dòng 3: Mã thủ tục “abc” không đúng dạng",
		"Trang “Thủ tục”, dòng 5: Mã thủ tục 1.001193 đã có ở dòng 2.",
		"Trang “Thủ tục”, dòng 4: Tên thủ tục: Vui lòng nhập tên thủ tục.",
		"Trang “Cách thức”, dòng 2: Cách nộp phải là",
		"Trang “Cách thức”, dòng 3: Mã thủ tục “9.999999” không có",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("missing %q in:\n%s", want, all)
		}
	}
	if _, _, err := ReadXLSX([]byte("not a zip")); err == nil {
		t.Error("garbage accepted")
	}
}

// FuzzReadXLSX: arbitrary bytes never panic the importer.
func FuzzReadXLSX(f *testing.F) {
	var buf bytes.Buffer
	ps, _ := Catalogue()
	WriteXLSX(&buf, ps[:2])
	f.Add(buf.Bytes())
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, b []byte) {
		ReadXLSX(b)
	})
}
