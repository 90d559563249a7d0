// Package docxtest opens generated Word documents as a user would: it
// converts them to PDF with LibreOffice headless and reads the text back.
package docxtest

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/cchc-vn/cchc/internal/db/dbtest"
)

// PDFText converts a .docx to PDF and returns the PDF's text (laid out as
// on the page) and the PDF's path. Without LibreOffice or pdftotext the
// test is skipped (a failure where CCHC_TEST_STRICT is set).
func PDFText(t *testing.T, name string, data []byte) (string, string) {
	t.Helper()
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		dbtest.Skip(t, "LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui fonts-liberation2")
	}
	pdftotext, err := exec.LookPath("pdftotext")
	if err != nil {
		dbtest.Skip(t, "pdftotext is not installed: apt-get install poppler-utils")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, name+".docx")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	profile := "file://" + filepath.Join(dir, "profile") // its own profile: conversions may run side by side
	out, err := exec.Command(soffice, "-env:UserInstallation="+profile, "--headless", "--convert-to", "pdf", "--outdir", dir, path).CombinedOutput()
	if err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	pdf := filepath.Join(dir, name+".pdf")
	text, err := exec.Command(pdftotext, "-layout", pdf, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v (soffice said %s)", err, out)
	}
	return string(text), pdf
}
