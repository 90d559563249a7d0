package seed_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/db/dbtest"
	"github.com/cchc-vn/cchc/internal/plan"
	"github.com/cchc-vn/cchc/internal/seed"
	"github.com/cchc-vn/cchc/internal/ward"
)

func TestLoadPhuDinhAndPlan88(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		loaded, err := seed.Load(ctx, d)
		if err != nil {
			t.Fatal(err)
		}
		if len(loaded) != 1 || loaded[0] != "27427" {
			t.Fatalf("loaded %v", loaded)
		}
		again, err := seed.Load(ctx, d)
		if err != nil || len(again) != 0 {
			t.Fatalf("second load: %v %v", again, err)
		}
		w, err := ward.ByCode(ctx, d, "27427")
		if err != nil {
			t.Fatal(err)
		}
		if w.FullName != "Phường Phú Định" || w.ProvinceCode != "79" || w.ProvinceName != "Thành phố Hồ Chí Minh" {
			t.Errorf("ward = %+v", w)
		}
		units, _ := ward.Units(ctx, d, w.ID)
		kp := 0
		for _, u := range units {
			if u.Kind == ward.KindKhuPho {
				kp++
			}
		}
		if kp != 59 {
			t.Errorf("khu phố = %d, want 59", kp)
		}
		p, err := plan.Current(ctx, d, w.ID)
		if err != nil {
			t.Fatal(err)
		}
		if p.Number != "88/KH-UBND" || p.IssuedOn != "2025-10-08" || p.PeriodStart != "2025-07-01" || p.PeriodEnd != "2025-12-31" {
			t.Errorf("header = %s %s %s–%s", p.Number, p.IssuedOn, p.PeriodStart, p.PeriodEnd)
		}
		if !strings.Contains(p.Basis, "648/QĐ-UBND") || p.SignerName != "Bùi Trung Trực" || len(p.Recipients) != 9 {
			t.Errorf("basis/signer/recipients = %q %q %d", p.Basis, p.SignerName, len(p.Recipients))
		}
		if len(p.Themes) != 5 || len(p.Channels) != 6 || len(p.Sections) != 8 {
			t.Fatalf("themes %d channels %d sections %d, want 5, 6, 8", len(p.Themes), len(p.Channels), len(p.Sections))
		}
		subs := 0
		for _, th := range p.Themes {
			subs += len(th.Children)
		}
		if subs != 11 {
			t.Errorf("sub-themes = %d, want 11", subs)
		}
		tasks, assignments := 0, 0
		for _, s := range p.Sections {
			for _, tk := range s.Tasks {
				tasks++
				assignments += len(tk.Assignments)
			}
		}
		// 2+3+1+4+2+1+2+2 tasks; khu phố tasks go to each of the 59.
		if tasks != 17 {
			t.Errorf("tasks = %d, want 17", tasks)
		}
		want := 2 + 3 + 1 + 4 + 2*4 + 1 + 2*3 + 2*59
		if assignments != want {
			t.Errorf("assignments = %d, want %d", assignments, want)
		}
		if s := p.Sections[7]; s.Mode != plan.ModeRequest || s.Heading != "Đề nghị Trưởng 59 Khu phố" {
			t.Errorf("section 8 = %q (%s)", s.Heading, s.Mode)
		}
		if s := p.Sections[0]; s.Mode != plan.ModeAssign || s.Tasks[0].Assignments[0].Role != plan.RoleAssist {
			t.Errorf("section 1 task 1 should be giao / phối hợp")
		}
	})
}

// TestSeedIsFaithfulToTheSignedText checks that every sentence of the seed's
// parts and tasks appears in the original plan, when the shared folder is
// next to the repository (it is in CI and on developers' machines).
func TestSeedIsFaithfulToTheSignedText(t *testing.T) {
	raw, err := os.ReadFile("../../../shared/seed/ke-hoach-88-KH-UBND.txt")
	if err != nil {
		t.Skip("original text not found beside the repository: ", err)
	}
	// The seed corrects one typo of the original; nothing else may differ.
	original := strings.ReplaceAll(string(raw), "Công thông tin điện tử", "Cổng thông tin điện tử")
	units := map[string]*ward.Unit{}
	var ordered []*ward.Unit
	for i, c := range []string{"vp-hdnd-ubnd", "vh-xh", "kt-ht-dt", "tt-pvhcc", "cong-an"} {
		u := &ward.Unit{ID: int64(i + 1), Code: c}
		units[c] = u
		ordered = append(ordered, u)
	}
	for _, k := range []ward.Kind{ward.KindFront, ward.KindPublicUnit, ward.KindKhuPho} {
		ordered = append(ordered, &ward.Unit{ID: int64(len(ordered) + 1), Kind: k})
	}
	p, err := seed.ReadPlan("data/plan-27427-88-KH-UBND.json", 1, units, ordered)
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	texts = append(texts, p.Basis, p.Preamble, p.Closing, p.SignerName)
	texts = append(texts, p.Purposes...)
	texts = append(texts, p.Requirements...)
	texts = append(texts, p.Audiences...)
	texts = append(texts, p.Funding...)
	for _, th := range p.Themes {
		texts = append(texts, th.Body)
		for _, c := range th.Children {
			texts = append(texts, c.Body)
		}
	}
	for _, c := range p.Channels {
		texts = append(texts, c.Body)
	}
	for _, s := range p.Sections {
		texts = append(texts, s.Heading)
		for _, tk := range s.Tasks {
			texts = append(texts, tk.Body)
		}
	}
	for _, r := range p.Recipients {
		texts = append(texts, r)
	}
	for _, s := range texts {
		if !strings.Contains(original, s) {
			t.Errorf("not in the original text: %q", s)
		}
	}
}
