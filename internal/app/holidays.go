package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/cchc-vn/cchc/internal/check"
	"github.com/cchc-vn/cchc/internal/ward"
	"github.com/cchc-vn/cchc/internal/workday"
)

// holidaysCmd keeps the calendar of days off used for deadlines in working
// days: the national one (each year's Tết and compensating days, when the
// Government announces them) or a ward's own.
func holidaysCmd(args []string, stdout, stderr io.Writer) error {
	if len(args) < 1 || (args[0] != "add" && args[0] != "list") {
		return errors.New("usage: cchc holidays add --date YYYY-MM-DD --name NAME [--ward CODE] | cchc holidays list [--ward CODE]")
	}
	fs := flag.NewFlagSet("holidays "+args[0], flag.ContinueOnError)
	fs.SetOutput(stderr)
	var c common
	c.register(fs)
	code := fs.String("ward", "", "ward code; empty for the national calendar")
	date := fs.String("date", "", "the day off, YYYY-MM-DD")
	name := fs.String("name", "", "its name, e.g. Tết Nguyên đán")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	ctx := context.Background()
	d, err := c.open(ctx, io.Discard)
	if err != nil {
		return err
	}
	defer d.Close()
	var wardID int64
	if *code != "" {
		w, err := ward.ByCode(ctx, d, *code)
		if err != nil {
			return fmt.Errorf("holidays: ward %s is not in the database", *code)
		}
		wardID = w.ID
	}
	if args[0] == "list" {
		hs, err := workday.List(ctx, d, wardID)
		if err != nil {
			return err
		}
		for _, h := range hs {
			scope := "national"
			if h.WardID != 0 {
				scope = "ward"
			}
			fmt.Fprintf(stdout, "%s  %-8s %s\n", h.Day, scope, h.Name)
		}
		return nil
	}
	t, err := time.Parse(time.DateOnly, *date)
	if err != nil {
		return fmt.Errorf("holidays add: --date %q: want YYYY-MM-DD", *date)
	}
	err = workday.AddHoliday(ctx, d, wardID, t.Format("02/01/2006"), *name)
	var ce check.Errors
	if errors.As(err, &ce) {
		return errors.New("holidays add: --name is required (at most 100 characters)")
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Added %s (%s).\n", *date, *name)
	return nil
}
