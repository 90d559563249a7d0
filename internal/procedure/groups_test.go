package procedure

import (
	"strings"
	"testing"
)

func TestGroup(t *testing.T) {
	for field, want := range map[string]string{
		"Hộ tịch":                 "Hộ tịch",
		"Nuôi con nuôi":           "Hộ tịch",
		"Đăng ký, quản lý cư trú": "Cư trú, căn cước",
		"Cấp, quản lý căn cước":   "Cư trú, căn cước",
		"Thành lập và hoạt động doanh nghiệp (hộ kinh doanh)": "Kinh doanh, hợp tác xã",
		"Thực hiện chính sách BHXH":                           "Bảo hiểm xã hội, bảo hiểm y tế",
		"Bảo trợ xã hội":                                      "Bảo trợ xã hội, người có công",
		"Hải quan":                                            "Thuế, phí, ngân sách",
		"Giáo dục mầm non":                                    "Văn hóa, giáo dục, y tế",
		"":                                                    "Lĩnh vực khác",
	} {
		if got := Group(field); got != want {
			t.Errorf("Group(%q) = %q, want %q", field, got, want)
		}
	}
}

// The shelves residents browse hold the ward's own procedures, each once,
// in the list's order with everyday ones first; the rest are apart.
func TestShelvesAreTheWards(t *testing.T) {
	ps, err := Catalogue()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		p.Popularity = Popular()[p.Code]
	}
	ix := NewIndex(ps)
	seen := map[string]int{}
	for _, sh := range ix.Shelves() {
		n := 0
		for _, f := range sh.Fields {
			for _, h := range f.Hits {
				seen[h.Code]++
				n++
				if h.Elsewhere() {
					t.Errorf("%s (%s) is another agency's, on shelf %q", h.Code, h.Field, sh.Name)
				}
				if Group(h.Field) != sh.Name {
					t.Errorf("%s (%s) on shelf %q", h.Code, h.Field, sh.Name)
				}
			}
		}
		if n != sh.Count || sh.Slug == "" {
			t.Errorf("shelf %q: count %d, listed %d, slug %q", sh.Name, sh.Count, n, sh.Slug)
		}
	}
	other := 0
	for _, sh := range ix.Elsewhere() {
		for _, f := range sh.Fields {
			for _, h := range f.Hits {
				seen[h.Code]++
				other++
				if !h.Elsewhere() {
					t.Errorf("%s is the ward's, listed elsewhere", h.Code)
				}
			}
		}
	}
	for _, p := range ps {
		if seen[p.Code] != 1 {
			t.Errorf("%s listed %d times", p.Code, seen[p.Code])
		}
	}
	shelves := ix.Shelves()
	t.Logf("%d shelves hold the ward's %d procedures; %d of other agencies apart", len(shelves), len(ps)-other, other)
	if shelves[0].Name != "Hộ tịch" || shelves[0].Fields[0].Hits[0].Code != "1.001193" {
		t.Errorf("first shelf %q starts with %s, want Hộ tịch with birth registration", shelves[0].Name, shelves[0].Fields[0].Hits[0].Code)
	}
	for _, sh := range shelves {
		if strings.Contains(sh.Name, "Thuế") {
			for _, f := range sh.Fields {
				if f.Name == "Hải quan" || f.Name == "Thuế" {
					t.Errorf("customs or tax on the ward's shelf %q", sh.Name)
				}
			}
		}
	}
	if _, _, ok := ix.Shelf("ho-tich"); !ok {
		t.Error("no shelf ho-tich")
	}
	if sh, elsewhere, ok := ix.Shelf("hai-quan"); !ok || !elsewhere || sh.Count < 100 {
		t.Errorf("old field link hai-quan: ok %v, elsewhere %v, %d procedures", ok, elsewhere, sh.Count)
	}
	if _, _, ok := ix.Shelf("khong-co"); ok {
		t.Error("a shelf for khong-co")
	}
}
