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
	syn, err := procedure.Synonyms(ctx, d, w.ID)
	if err != nil {
		return err
	}
	ix := procedure.NewIndex(ps, syn...)
	for _, set := range []struct {
		name string
		qs   []procedure.EvalQuery
	}{{"tuning set", procedure.EvalSet()}, {"held-out set", procedure.HoldoutSet()}} {
		r := procedure.Evaluate(ix, set.qs)
		fmt.Fprintf(out, "%s database, ward %s, %d procedures, %s of %d queries: recall@1 %.3f  recall@3 %.3f  MRR %.3f\n",
			d.Engine(), w.Code, len(ps), set.name, r.Queries, r.RecallAt1, r.RecallAt3, r.MRR)
		for _, m := range r.Misses {
			fmt.Fprintf(out, "  not in top 3: %q → got %v, want one of %v\n", m.Query, m.Got, m.Want)
		}
	}
	return nil
}
