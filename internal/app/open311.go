package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/cchc-vn/cchc/internal/feedback"
	"github.com/cchc-vn/cchc/internal/ward"
)

// open311Cmd manages partner apps' Open311 API keys.
func open311Cmd(args []string, stdout, stderr io.Writer) error {
	if len(args) < 1 || args[0] != "key" {
		return errors.New("usage: cchc open311 key --ward CODE --name APP")
	}
	fs := flag.NewFlagSet("open311 key", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var c common
	c.register(fs)
	code := fs.String("ward", env("CCHC_WARD", ""), "ward code")
	name := fs.String("name", "", "the partner app's name")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if *code == "" || *name == "" {
		return errors.New("open311 key: --ward and --name are required")
	}
	ctx := context.Background()
	d, err := c.open(ctx, io.Discard)
	if err != nil {
		return err
	}
	defer d.Close()
	w, err := ward.ByCode(ctx, d, *code)
	if err != nil {
		return fmt.Errorf("open311 key: ward %s is not in the database", *code)
	}
	key, err := feedback.NewAPIKey(ctx, d, w.ID, *name)
	if err != nil {
		return fmt.Errorf("open311 key: %w", err)
	}
	fmt.Fprintf(stdout, "API key for %q on ward %s (shown once, only its hash is stored):\n%s\n", *name, w.Code, key)
	return nil
}
