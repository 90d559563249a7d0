package check

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestTextMessages(t *testing.T) {
	for _, c := range []struct {
		label, value string
		required     bool
		max          int
		want         string
	}{
		{"Đơn vị tính", "", true, 50, "Vui lòng nhập đơn vị tính."},
		{"Ảnh đại diện", " ", true, 50, "Vui lòng nhập ảnh đại diện."},
		{"Ưu tiên", "", true, 50, "Vui lòng nhập ưu tiên."},
		{"Tiêu đề", "", true, 50, "Vui lòng nhập tiêu đề."},
		{"Địa điểm", "Nhà văn hóa", false, 5, "Địa điểm quá dài (tối đa 5 ký tự)."},
		{"Góp ý", "ăn", false, 2, ""},
		{"Góp ý", "\xff", false, 20, "Góp ý chứa ký tự không hợp lệ."},
		{"Mô tả", strings.Repeat("ệ", 1200), false, 1000, "Mô tả quá dài (tối đa 1.000 ký tự)."},
	} {
		e := Errors{}
		e.Text("f", c.value, c.required, c.max, c.label)
		if got := e["f"]; got != c.want {
			t.Errorf("Text(%q, %q): %q, want %q", c.label, c.value, got, c.want)
		}
		if !utf8.ValidString(e["f"]) {
			t.Errorf("message for %q is not valid UTF-8", c.label)
		}
	}
}

func TestErrIsNilWhenEmpty(t *testing.T) {
	if (Errors{}).Err() != nil {
		t.Fatal("empty Errors must be a nil error")
	}
	if err := (Errors{"a": "x"}).Err(); err == nil || !strings.Contains(err.Error(), "a: x") {
		t.Fatalf("Err() = %v", err)
	}
}
