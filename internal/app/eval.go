package app

import (
	"context"
	"fmt"
	"io"

	"github.com/cchc-vn/cchc/internal/procedure"
)

func evalCmd(ctx context.Context, c *common, wardCode string, out io.Writer) error {
	d, w, err := openWard(ctx, c, wardCode, out)
	if err != nil {
		return err
	}
	defer d.Close()
	ps, err := procedure.All(ctx, d, w.ID)
	if err != nil {
		return err
	}
	r := procedure.Evaluate(procedure.NewIndex(ps), procedure.EvalSet())
	fmt.Fprintf(out, "%s database, ward %s, %d procedures, %d queries: recall@1 %.3f  recall@3 %.3f  MRR %.3f\n",
		d.Engine(), w.Code, len(ps), r.Queries, r.RecallAt1, r.RecallAt3, r.MRR)
	for _, m := range r.Misses {
		fmt.Fprintf(out, "  not in top 3: %q → got %v, want one of %v\n", m.Query, m.Got, m.Want)
	}
	return nil
}
