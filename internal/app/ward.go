package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/procedure"
	"github.com/cchc-vn/cchc/internal/seed"
	"github.com/cchc-vn/cchc/internal/ward"
)

func wardCmd(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return errors.New("usage: cchc ward add CODE [--host NAME] [--khu-pho N] | cchc ward list")
	}
	fs := flag.NewFlagSet("ward "+args[0], flag.ContinueOnError)
	fs.SetOutput(stderr)
	var c common
	c.register(fs)
	host := fs.String("host", "", "host name serving the ward")
	khuPho := fs.Int("khu-pho", 0, "number of khu phố to create with the standard units")
	ctx := context.Background()
	switch args[0] {
	case "list":
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		d, err := c.open(ctx, stdout)
		if err != nil {
			return err
		}
		defer d.Close()
		ws, err := ward.List(ctx, d)
		if err != nil {
			return err
		}
		for _, w := range ws {
			fmt.Fprintf(stdout, "%s\t%s, %s\t%s\n", w.Code, w.FullName, w.ProvinceName, w.Host)
		}
		return nil
	case "add":
		// Flags may follow the code: cchc ward add 26734 --khu-pho 40.
		rest := args[1:]
		var code string
		if len(rest) > 0 && !strings.HasPrefix(rest[0], "-") {
			code, rest = rest[0], rest[1:]
		}
		if err := fs.Parse(rest); err != nil {
			return err
		}
		if code == "" && fs.NArg() > 0 {
			code = fs.Arg(0)
		}
		ref, ok := ward.Lookup(code)
		if !ok {
			return fmt.Errorf("ward code %q is not in the national list of 2025 communes", code)
		}
		if *khuPho < 0 || *khuPho > 500 {
			return fmt.Errorf("--khu-pho must be between 0 and 500")
		}
		d, err := c.open(ctx, stdout)
		if err != nil {
			return err
		}
		defer d.Close()
		if _, err := ward.ByCode(ctx, d, code); err == nil {
			return fmt.Errorf("ward %s (%s) is already in this deployment", code, ref.FullName)
		}
		err = d.InTx(ctx, func(tx *db.Tx) error {
			w := &ward.Ward{Code: ref.Code, Name: ref.Name, FullName: ref.FullName, ProvinceCode: ref.ProvinceCode,
				ProvinceName: ref.ProvinceName, Host: strings.ToLower(*host)}
			if err := ward.Create(ctx, tx, w); err != nil {
				return err
			}
			// The national catalogue applies to every ward; each then keeps its own.
			if err := procedure.LoadShipped(ctx, tx, w.ID); err != nil {
				return err
			}
			if *khuPho == 0 {
				return nil
			}
			units := seed.StandardUnits()
			for i := 1; i <= *khuPho; i++ {
				units = append(units, ward.Unit{Code: fmt.Sprintf("kp-%02d", i), Name: fmt.Sprintf("Khu phố %d", i),
					ShortName: fmt.Sprintf("KP %d", i), Kind: ward.KindKhuPho, HeadTitle: "Trưởng khu phố"})
			}
			for i := range units {
				u := units[i]
				u.WardID, u.Position = w.ID, i+1
				if err := ward.CreateUnit(ctx, tx, &u); err != nil {
					return err
				}
			}
			return nil
		})
		if db.IsUniqueViolation(err) {
			return fmt.Errorf("host %q already serves another ward", *host)
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Added ward %s (%s, %s).\n", ref.Code, ref.FullName, ref.ProvinceName)
		return ensureAdmins(ctx, d, stdout)
	}
	return fmt.Errorf("unknown ward command %q", args[0])
}
