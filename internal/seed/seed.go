// Package seed loads the reference data shipped with cchc: each ward's units
// and its plans, from JSON files embedded in the binary. Phú Định ward and its
// Plan 88/KH-UBND are the first data set; another ward adds its own files.
package seed

import (
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strings"

	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/plan"
	"github.com/cchc-vn/cchc/internal/procedure"
	"github.com/cchc-vn/cchc/internal/ward"
)

//go:embed data/*.json
var files embed.FS

// WardFile is the shape of data/ward-<code>.json.
type WardFile struct {
	Code        string `json:"code"`
	Host        string `json:"host"`
	Address     string `json:"address"`
	Phone       string `json:"phone"`
	Email       string `json:"email"`
	OfficeHours string `json:"office_hours"`
	Units       []struct {
		Code      string    `json:"code"`
		Name      string    `json:"name"`
		ShortName string    `json:"short_name"`
		Kind      ward.Kind `json:"kind"`
		HeadTitle string    `json:"head_title"`
	} `json:"units"`
}

// PlanFile is the shape of data/plan-<ward code>-<number>.json.
type PlanFile struct {
	plan.Plan
	Themes   []*themeFile `json:"themes"`
	Sections []struct {
		Heading   string      `json:"heading"`
		Mode      string      `json:"mode"`
		Units     []string    `json:"units"`      // unit codes
		UnitKinds []ward.Kind `json:"unit_kinds"` // every unit of these kinds
		Tasks     []struct {
			Body       string `json:"body"`
			Role       string `json:"role"`
			Recurrence string `json:"recurrence"`
			DueOn      string `json:"due_on"`
		} `json:"tasks"`
	} `json:"sections"`
	LeadUnit string `json:"lead_unit"`
}

type themeFile struct {
	Code     string       `json:"code"`
	Title    string       `json:"title"`
	Body     string       `json:"body"`
	Children []*themeFile `json:"sub_themes"`
}

// Wards returns the codes of the wards shipped as seed data.
func Wards() []string {
	names, _ := fs.Glob(files, "data/ward-*.json")
	var codes []string
	for _, n := range names {
		codes = append(codes, strings.TrimSuffix(strings.TrimPrefix(n, "data/ward-"), ".json"))
	}
	sort.Strings(codes)
	return codes
}

// Load creates every shipped ward that is not in the database yet, with its
// units and plans, each ward in one transaction. It returns the codes loaded.
func Load(ctx context.Context, d *db.DB) ([]string, error) {
	var loaded []string
	for _, code := range Wards() {
		_, err := ward.ByCode(ctx, d, code)
		if err == nil {
			continue
		}
		if !errors.Is(err, db.ErrNotFound) {
			return loaded, err
		}
		err = d.InTx(ctx, func(tx *db.Tx) error { return loadWard(ctx, tx, code) })
		if db.IsUniqueViolation(err) {
			continue // another process loaded it at the same moment
		}
		if err != nil {
			return loaded, fmt.Errorf("seed ward %s: %w", code, err)
		}
		loaded = append(loaded, code)
	}
	return loaded, nil
}

func loadWard(ctx context.Context, tx *db.Tx, code string) error {
	raw, err := files.ReadFile("data/ward-" + code + ".json")
	if err != nil {
		return err
	}
	var wf WardFile
	if err := json.Unmarshal(raw, &wf); err != nil {
		return fmt.Errorf("ward-%s.json: %w", code, err)
	}
	ref, ok := ward.Lookup(wf.Code)
	if !ok {
		return fmt.Errorf("ward code %s is not in the national list of 2025", wf.Code)
	}
	w := &ward.Ward{Code: ref.Code, Name: ref.Name, FullName: ref.FullName, ProvinceCode: ref.ProvinceCode,
		ProvinceName: ref.ProvinceName, Host: wf.Host, Address: wf.Address, Phone: wf.Phone, Email: wf.Email, OfficeHours: wf.OfficeHours}
	if err := ward.Create(ctx, tx, w); err != nil {
		return err
	}
	units := map[string]*ward.Unit{}
	var ordered []*ward.Unit
	for i, uf := range wf.Units {
		u := &ward.Unit{WardID: w.ID, Code: uf.Code, Name: uf.Name, ShortName: uf.ShortName, Kind: uf.Kind, HeadTitle: uf.HeadTitle, Position: i + 1}
		if err := ward.CreateUnit(ctx, tx, u); err != nil {
			return err
		}
		units[u.Code] = u
		ordered = append(ordered, u)
	}
	if err := procedure.LoadShipped(ctx, tx, w.ID); err != nil {
		return err
	}
	names, _ := fs.Glob(files, "data/plan-"+code+"-*.json")
	sort.Strings(names)
	for _, name := range names {
		p, err := ReadPlan(name, w.ID, units, ordered)
		if err != nil {
			return err
		}
		if err := plan.Create(ctx, tx, p); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	return nil
}

// ReadPlan reads an embedded plan file and resolves its unit codes.
func ReadPlan(name string, wardID int64, units map[string]*ward.Unit, ordered []*ward.Unit) (*plan.Plan, error) {
	raw, err := files.ReadFile(name)
	if err != nil {
		return nil, err
	}
	var pf PlanFile
	if err := json.Unmarshal(raw, &pf); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	p := pf.Plan
	p.WardID = wardID
	if pf.LeadUnit != "" {
		u := units[pf.LeadUnit]
		if u == nil {
			return nil, fmt.Errorf("%s: unknown lead unit %q", name, pf.LeadUnit)
		}
		p.LeadUnitID = u.ID
	}
	var themes func([]*themeFile) []*plan.Theme
	themes = func(tf []*themeFile) []*plan.Theme {
		var out []*plan.Theme
		for i, t := range tf {
			out = append(out, &plan.Theme{Position: i + 1, Code: t.Code, Title: t.Title, Body: t.Body, Children: themes(t.Children)})
		}
		return out
	}
	p.Themes = themes(pf.Themes)
	for i, c := range p.Channels {
		c.Position = i + 1
	}
	p.Sections = nil
	for i, sf := range pf.Sections {
		var assignees []*ward.Unit
		for _, c := range sf.Units {
			u := units[c]
			if u == nil {
				return nil, fmt.Errorf("%s: section %d: unknown unit %q", name, i+1, c)
			}
			assignees = append(assignees, u)
		}
		for _, k := range sf.UnitKinds {
			for _, u := range ordered {
				if u.Kind == k {
					assignees = append(assignees, u)
				}
			}
		}
		if len(assignees) == 0 {
			return nil, fmt.Errorf("%s: section %d has no units", name, i+1)
		}
		s := &plan.Section{Position: i + 1, Heading: sf.Heading, Mode: sf.Mode}
		for j, tf := range sf.Tasks {
			if plan.RecurrenceName(tf.Recurrence) == tf.Recurrence {
				return nil, fmt.Errorf("%s: section %d task %d: unknown recurrence %q", name, i+1, j+1, tf.Recurrence)
			}
			t := &plan.Task{Position: j + 1, Body: tf.Body, Recurrence: tf.Recurrence, DueOn: tf.DueOn}
			for _, u := range assignees {
				t.Assignments = append(t.Assignments, &plan.Assignment{UnitID: u.ID, Role: tf.Role})
			}
			s.Tasks = append(s.Tasks, t)
		}
		p.Sections = append(p.Sections, s)
	}
	return &p, nil
}

// StandardUnits returns the units every ward has since the reform of July
// 2025 (offices, departments, centre, police, Front and mass organisations,
// public service units), taken from the first shipped ward without its khu phố.
func StandardUnits() []ward.Unit {
	raw, err := files.ReadFile("data/ward-" + Wards()[0] + ".json")
	if err != nil {
		panic(err)
	}
	var wf WardFile
	if err := json.Unmarshal(raw, &wf); err != nil {
		panic(err)
	}
	var out []ward.Unit
	for _, u := range wf.Units {
		if u.Kind != ward.KindKhuPho {
			out = append(out, ward.Unit{Code: u.Code, Name: u.Name, ShortName: u.ShortName, Kind: u.Kind, HeadTitle: u.HeadTitle})
		}
	}
	return out
}
