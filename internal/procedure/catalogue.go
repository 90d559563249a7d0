package procedure

import (
	"context"
	"embed"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/media"
)

// The shipped catalogue: produced by "cchc procedures import" from the
// national portal's ward-level records, then "cchc procedures export".
//
//go:embed catalogue/*.json
var catalogueFS embed.FS

// Catalogue returns the shipped procedures.
func Catalogue() ([]*Procedure, error) {
	b, err := catalogueFS.ReadFile("catalogue/procedures.json")
	if err != nil {
		return nil, err
	}
	var ps []*Procedure
	return ps, json.Unmarshal(b, &ps)
}

// Popular returns the curated popularity of everyday procedures by code.
func Popular() map[string]int {
	b, _ := catalogueFS.ReadFile("catalogue/popular.json")
	var raw map[string]any
	json.Unmarshal(b, &raw)
	out := map[string]int{}
	for k, v := range raw {
		if f, ok := v.(float64); ok {
			out[k] = int(f)
		}
	}
	return out
}

// ShippedLifeEvents returns the shipped life events.
func ShippedLifeEvents() ([]*LifeEvent, error) {
	b, err := catalogueFS.ReadFile("catalogue/life-events.json")
	if err != nil {
		return nil, err
	}
	var es []*LifeEvent
	return es, json.Unmarshal(b, &es)
}

// LoadShipped puts the shipped catalogue and life events into a new ward.
func LoadShipped(ctx context.Context, q db.Querier, wardID int64) error {
	ps, err := Catalogue()
	if err != nil {
		return fmt.Errorf("shipped catalogue: %w", err)
	}
	for _, p := range ps {
		if err := Save(ctx, q, wardID, p); err != nil {
			return fmt.Errorf("procedure %s: %w", p.Code, err)
		}
		if err := RecordInitial(ctx, q, wardID, p, "", "Công khai theo Cơ sở dữ liệu quốc gia về thủ tục hành chính", nil); err != nil {
			return err
		}
	}
	es, err := ShippedLifeEvents()
	if err != nil {
		return err
	}
	for i, e := range es {
		if err := SaveLifeEvent(ctx, q, wardID, i+1, e); err != nil {
			return err
		}
	}
	return nil
}

// ReadPath reads procedures from a national record (.json), a folder of them
// (searched recursively), a catalogue file (a JSON array of procedures) or
// an XLSX sheet in the exchange format.
// Every file is read before anything is returned; errors name their file.
func ReadPath(path string) ([]*Procedure, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	var files []string
	if st.IsDir() {
		err = filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(p, ".json") {
				files = append(files, p)
			}
			return err
		})
		if err != nil {
			return nil, err
		}
		sort.Strings(files)
	} else if strings.HasSuffix(strings.ToLower(path), ".xlsx") {
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		ps, rowErrs, err := ReadXLSX(data)
		if err != nil {
			return nil, fmt.Errorf("%s: cannot open it as an XLSX workbook (damaged, not XLSX, or larger than %d MB unpacked)", path, media.MaxWorkbook>>20)
		}
		var errs []error
		for _, e := range rowErrs {
			errs = append(errs, fmt.Errorf("%s: sheet %q row %d: %s", path, e.Sheet, e.Row, e.Message))
		}
		return ps, errors.Join(errs...)
	} else {
		files = []string{path}
	}
	var out []*Procedure
	var errs []error
	seen := map[string]string{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		var ps []*Procedure
		if trimmed := strings.TrimSpace(string(b)); strings.HasPrefix(trimmed, "[") {
			if err := json.Unmarshal(b, &ps); err != nil {
				errs = append(errs, fmt.Errorf("%s: %w", f, err))
				continue
			}
		} else {
			p, err := ParseNational(b)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s: %w", f, err))
				continue
			}
			ps = []*Procedure{p}
		}
		for _, p := range ps {
			if !codeRe.MatchString(p.Code) || strings.TrimSpace(p.Name) == "" {
				errs = append(errs, fmt.Errorf("%s: procedure %q has an invalid code or no name", f, p.Code))
				continue
			}
			if prev, dup := seen[p.Code]; dup {
				errs = append(errs, fmt.Errorf("%s: procedure %s already read from %s", f, p.Code, prev))
				continue
			}
			seen[p.Code] = f
			out = append(out, p)
		}
	}
	return out, errors.Join(errs...)
}

// ApplyPopularity sets the curated popularity where a procedure has none.
func ApplyPopularity(ps []*Procedure) {
	pop := Popular()
	for _, p := range ps {
		if p.Popularity == 0 {
			p.Popularity = pop[p.Code]
		}
	}
}

// MarkHCMC flags the procedures whose name is in Ho Chi Minh City's list of
// ward-level procedures (a CSV with a Name column). The list has names only,
// so names are compared after folding diacritics and case, and with a
// token-overlap score to absorb small wording differences. It returns how many
// procedures were flagged.
func MarkHCMC(ps []*Procedure, list io.Reader) (int, error) {
	recs, err := csv.NewReader(list).ReadAll()
	if err != nil {
		return 0, err
	}
	if len(recs) == 0 {
		return 0, errors.New("empty list")
	}
	col := -1
	for i, h := range recs[0] {
		if strings.EqualFold(strings.TrimSpace(h), "name") {
			col = i
		}
	}
	if col < 0 {
		return 0, errors.New(`the list needs a "Name" column`)
	}
	var names [][]string
	for _, r := range recs[1:] {
		if col < len(r) {
			names = append(names, nameTokens(r[col]))
		}
	}
	n := 0
	for _, p := range ps {
		pt := nameTokens(p.Name)
		p.HCMCListed = false
		for _, nt := range names {
			if dice(pt, nt) >= 0.9 {
				p.HCMCListed = true
				n++
				break
			}
		}
	}
	return n, nil
}

func nameTokens(s string) []string {
	t := Tokens(Fold(s))
	if len(t) >= 2 && t[0] == "thu" && t[1] == "tuc" {
		t = t[2:]
	}
	return t
}

// dice is the Sørensen–Dice overlap of two token multisets.
func dice(a, b []string) float64 {
	if len(a)+len(b) == 0 {
		return 0
	}
	count := map[string]int{}
	for _, t := range a {
		count[t]++
	}
	common := 0
	for _, t := range b {
		if count[t] > 0 {
			count[t]--
			common++
		}
	}
	return 2 * float64(common) / float64(len(a)+len(b))
}

// Export writes procedures as the catalogue JSON format.
func Export(w io.Writer, ps []*Procedure) error {
	sort.Slice(ps, func(i, j int) bool { return ps[i].Code < ps[j].Code })
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	return enc.Encode(ps)
}
