package app

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/cchc-vn/cchc/internal/check"
	"github.com/cchc-vn/cchc/internal/report"
	"github.com/cchc-vn/cchc/internal/ward"
)

// reportCmd writes the official report (and its annex) for a period.
func reportCmd(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var c common
	c.register(fs)
	code := fs.String("ward", env("CCHC_WARD", ""), "ward code")
	from := fs.String("from", "", "first day, YYYY-MM-DD")
	to := fs.String("to", "", "last day, YYYY-MM-DD")
	out := fs.String("out", "", "DOCX file to write")
	annex := fs.String("xlsx", "", "XLSX annex to write (optional)")
	date := fs.String("date", "", "the report's date, YYYY-MM-DD (default today)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *code == "" || *from == "" || *to == "" || *out == "" {
		return errors.New("report: --ward, --from, --to and --out are required")
	}
	now := time.Now()
	if *date != "" {
		t, err := time.Parse(time.DateOnly, *date)
		if err != nil {
			return fmt.Errorf("report: --date %q: want YYYY-MM-DD", *date)
		}
		now = t.Add(2 * time.Hour) // morning in Vietnam
	}
	for name, v := range map[string]string{"--from": *from, "--to": *to} {
		if _, err := time.Parse(time.DateOnly, v); err != nil {
			return fmt.Errorf("report: %s %q: want a date YYYY-MM-DD", name, v)
		}
	}
	if *to < *from {
		return errors.New("report: --to is before --from")
	}
	ctx := context.Background()
	d, err := c.open(ctx, io.Discard)
	if err != nil {
		return err
	}
	defer d.Close()
	w, err := ward.ByCode(ctx, d, *code)
	if err != nil {
		return fmt.Errorf("report: ward %s is not in the database", *code)
	}
	r, err := report.Build(ctx, d, w, *from, *to, now)
	var ce check.Errors
	if errors.As(err, &ce) {
		if ce["from"] != "" {
			return fmt.Errorf("report: ward %s has no issued plan covering %s to %s", w.Code, *from, *to)
		}
		return fmt.Errorf("report: the period %s to %s is longer than a year", *from, *to)
	}
	if err != nil {
		return err
	}
	start := time.Now()
	if err := writeFile(*out, r.WriteDOCX); err != nil {
		return err
	}
	if *annex != "" {
		if err := writeFile(*annex, r.WriteXLSX); err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "Wrote the report of ward %s for %s to %s (%d activities", w.Code, r.PeriodLabel, *out, len(r.Items))
	if *annex != "" {
		fmt.Fprintf(stdout, "; annex %s", *annex)
	}
	fmt.Fprintf(stdout, ") in %d ms.\n", time.Since(start).Milliseconds())
	return nil
}

// writeFile writes the whole output in memory first, so that a failure
// leaves no half-written file.
func writeFile(path string, write func(io.Writer) error) error {
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, buf.Bytes(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}
