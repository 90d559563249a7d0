package app

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReportCommand(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("CCHC_ADMIN_PASSWORD", "mat-khau-quan-tri")
	out := filepath.Join(dir, "bao-cao.docx")
	annex := filepath.Join(dir, "phu-luc.xlsx")
	var stdout, stderr bytes.Buffer
	code := Main([]string{"report", "--data", dir, "--ward", "27427", "--from", "2025-07-01", "--to", "2025-12-31", "--out", out, "--xlsx", annex, "--date", "2026-01-05"}, &stdout, &stderr)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if !strings.Contains(stdout.String(), "6 tháng cuối năm 2025") {
		t.Errorf("stdout %q", stdout.String())
	}
	z, err := zip.OpenReader(out)
	if err != nil {
		t.Fatal(err)
	}
	z.Close()
	if st, err := os.Stat(annex); err != nil || st.Size() == 0 {
		t.Errorf("annex: %v", err)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--ward", "27427", "--from", "01/07/2025", "--to", "2025-12-31", "--out", out}, "--from"},
		{[]string{"--ward", "27427", "--from", "2025-07-01", "--to", "2025-06-30", "--out", out}, "before"},
		{[]string{"--ward", "27427", "--from", "2024-01-01", "--to", "2024-03-31", "--out", out}, "no issued plan"},
		{[]string{"--ward", "99999", "--from", "2025-07-01", "--to", "2025-12-31", "--out", out}, "not in the database"},
		{[]string{"--ward", "27427"}, "required"},
	} {
		stderr.Reset()
		if code := Main(append([]string{"report", "--data", dir}, tc.args...), &stdout, &stderr); code == 0 || !strings.Contains(stderr.String(), tc.want) {
			t.Errorf("%v: exit %d, stderr %q (want %q)", tc.args, code, stderr.String(), tc.want)
		}
	}
}

func TestHolidaysCommand(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("CCHC_ADMIN_PASSWORD", "mat-khau-quan-tri")
	var out, errOut bytes.Buffer
	if code := Main([]string{"holidays", "add", "--data", dir, "--date", "2027-02-08", "--name", "Tết Nguyên đán"}, &out, &errOut); code != 0 {
		t.Fatalf("add: %d %s", code, errOut.String())
	}
	out.Reset()
	Main([]string{"holidays", "list", "--data", dir}, &out, &errOut)
	if !strings.Contains(out.String(), "2027-02-08  national Tết Nguyên đán") || !strings.Contains(out.String(), "2026-02-17") {
		t.Errorf("list:\n%s", out.String())
	}
	errOut.Reset()
	if code := Main([]string{"holidays", "add", "--data", dir, "--date", "08/02/2027", "--name", "x"}, &out, &errOut); code == 0 || !strings.Contains(errOut.String(), "YYYY-MM-DD") {
		t.Errorf("bad date: %d %s", code, errOut.String())
	}
}
