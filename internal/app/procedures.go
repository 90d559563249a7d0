package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/procedure"
	"github.com/cchc-vn/cchc/internal/ward"
)

func proceduresCmd(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return errors.New("usage: cchc procedures import PATH [--hcmc LIST.csv] | export --format json|xlsx [--out FILE] | eval")
	}
	fs := flag.NewFlagSet("procedures "+args[0], flag.ContinueOnError)
	fs.SetOutput(stderr)
	var c common
	c.register(fs)
	wardCode := fs.String("ward", env("CCHC_WARD", ""), "ward code (default: the first ward)")
	hcmc := fs.String("hcmc", "", "CSV of Ho Chi Minh City's ward-level procedure names, to flag them")
	format := fs.String("format", "json", "export format: json or xlsx")
	out := fs.String("out", "", "export to this file instead of standard output")
	rest := args[1:]
	var path string
	if args[0] == "import" && len(rest) > 0 && rest[0] != "" && rest[0][0] != '-' {
		path, rest = rest[0], rest[1:]
	}
	if err := fs.Parse(rest); err != nil {
		return err
	}
	if path == "" && fs.NArg() > 0 {
		path = fs.Arg(0)
	}
	ctx := context.Background()
	switch args[0] {
	case "import":
		if path == "" {
			return errors.New("procedures import needs a PATH: a national record, a folder of them, or a catalogue file")
		}
		// Read and check everything before opening the database: nothing is
		// written unless the whole input is valid.
		ps, err := procedure.ReadPath(path)
		if err != nil {
			return fmt.Errorf("nothing imported:\n%w", err)
		}
		procedure.ApplyPopularity(ps)
		flagged := -1
		if *hcmc != "" {
			f, err := os.Open(*hcmc)
			if err != nil {
				return err
			}
			flagged, err = procedure.MarkHCMC(ps, f)
			f.Close()
			if err != nil {
				return fmt.Errorf("--hcmc %s: %w", *hcmc, err)
			}
		}
		d, w, err := openWard(ctx, &c, *wardCode, stdout)
		if err != nil {
			return err
		}
		defer d.Close()
		unchanged := 0
		err = d.InTx(ctx, func(tx *db.Tx) error {
			for _, p := range ps {
				var changed []string
				current, _, err := procedure.Get(ctx, tx, w.ID, p.Code)
				switch {
				case err == nil:
					if changed = procedure.Changed(current, p); len(changed) == 0 && current.HCMCListed == p.HCMCListed {
						unchanged++
						continue
					}
				case !errors.Is(err, db.ErrNotFound):
					return err
				}
				if err := procedure.Save(ctx, tx, w.ID, p); err != nil {
					return fmt.Errorf("procedure %s: %w", p.Code, err)
				}
				if err := procedure.RecordInitial(ctx, tx, w.ID, p, "", "Nhập từ "+filepath.Base(path), changed); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		unparsed := 0
		for _, p := range ps {
			if len(p.Unparsed) > 0 {
				unparsed++
			}
		}
		fmt.Fprintf(stdout, "Imported %d procedures into ward %s (%d unchanged); %d keep source text that could not be structured (shown to editors).\n",
			len(ps)-unchanged, w.Code, unchanged, unparsed)
		if flagged >= 0 {
			fmt.Fprintf(stdout, "%d of them are in Ho Chi Minh City's list.\n", flagged)
		}
		return nil
	case "export":
		if *format != "json" && *format != "xlsx" {
			return fmt.Errorf("unknown export format %q (supported: json, xlsx)", *format)
		}
		if *format == "xlsx" && *out == "" {
			return errors.New("--format xlsx needs --out FILE.xlsx")
		}
		d, w, err := openWard(ctx, &c, *wardCode, stderr)
		if err != nil {
			return err
		}
		defer d.Close()
		ps, err := procedure.All(ctx, d, w.ID)
		if err != nil {
			return err
		}
		dst := stdout
		if *out != "" {
			f, err := os.Create(*out)
			if err != nil {
				return err
			}
			defer f.Close()
			dst = f
		}
		if *format == "xlsx" {
			return procedure.WriteXLSX(dst, ps)
		}
		return procedure.Export(dst, ps)
	case "eval":
		return evalCmd(ctx, &c, *wardCode, stdout)
	}
	return fmt.Errorf("unknown procedures command %q", args[0])
}

func openWard(ctx context.Context, c *common, code string, out io.Writer) (*db.DB, *ward.Ward, error) {
	d, err := c.open(ctx, out)
	if err != nil {
		return nil, nil, err
	}
	var w *ward.Ward
	if code == "" {
		ws, err := ward.List(ctx, d)
		if err == nil && len(ws) == 0 {
			err = errors.New("no ward in the database")
		}
		if err != nil {
			d.Close()
			return nil, nil, err
		}
		w = ws[0]
	} else if w, err = ward.ByCode(ctx, d, code); err != nil {
		d.Close()
		return nil, nil, fmt.Errorf("ward %s: %w", code, err)
	}
	return d, w, nil
}
