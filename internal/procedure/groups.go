package procedure

import (
	"sort"
	"strings"
)

// Residents look for a procedure by what their life needs (a birth, a
// house, a shop), not by the ministry's field. groups maps the national
// fields onto the few groups the portal shows, in the order it shows them.
var groups = []struct {
	name   string
	fields []string // national fields, folded, or a folded prefix ending in "*"
}{
	{"Hộ tịch", []string{"ho tich", "nuoi con nuoi"}},
	{"Chứng thực", []string{"chung thuc"}},
	{"Cư trú, căn cước", []string{"dang ky, quan ly cu tru", "cap, quan ly can cuoc", "dinh danh va xac thuc dien tu", "quan ly xuat nhap canh"}},
	{"Đất đai", []string{"dat dai", "tai chinh dat dai", "dang ky bien phap bao dam"}},
	{"Xây dựng, nhà ở", []string{"hoat dong xay dung", "nha o va cong so", "quy hoach do thi va nong thon", "ha tang ky thuat", "quan ly chat luong cong trinh xay dung"}},
	{"Kinh doanh, hợp tác xã", []string{"thanh lap va hoat dong doanh nghiep*", "thanh lap va hoat dong cua to hop tac*", "ho tro to hop tac*", "kinh te hop tac*"}},
	{"Bảo trợ xã hội, người có công", []string{"bao tro xa hoi", "nguoi co cong", "giam ngheo", "chinh sach", "to chuc cai ngh*", "tre em", "viec lam"}},
	{"Bảo hiểm xã hội, bảo hiểm y tế", []string{"bao hiem*", "chi tra cac che do bhxh", "cap so bhxh*", "thu bhxh*", "thuc hien chinh sach bh*"}},
	{"Xe, giao thông, tàu thuyền", []string{"dang ky, quan ly phuong tien giao thong*", "duong bo", "hang hai va duong thuy noi dia", "sat hach*"}},
	{"Khiếu nại, tố cáo, hòa giải", []string{"khieu nai, to cao", "tiep cong dan", "hoa giai o co so", "boi thuong nha nuoc", "toa an"}},
	{"Nông nghiệp, môi trường", []string{"nong nghiep", "lam nghiep", "kiem lam", "thuy san", "thuy loi", "chan nuoi", "thu y", "trong trot", "bao ve thuc vat",
		"moi truong", "tai nguyen nuoc", "dia chat va khoang san", "bien va hai dao", "quan ly de dieu*", "quan ly chat luong nong lam san*"}},
	{"An ninh, phòng cháy", []string{"quan ly vu khi*", "phong chay, chua chay"}},
	{"Thuế, phí, ngân sách", []string{"thue", "quan ly thue*", "kho bac nha nuoc", "quan ly cong san", "hai quan"}},
	{"Văn hóa, giáo dục, y tế", []string{"van hoa*", "the duc, the thao", "du lich", "giao duc*", "y te*", "kham benh, chua benh", "thong tin*", "xuat ban*"}},
	{"Lĩnh vực khác", []string{"to chuc, can bo", "quan ly chuong trinh muc tieu quoc gia", "thi dua, khen thuong", "ton giao*", "tin nguong*"}},
}

// Group names the residents' group of a national field. A field the list
// does not know (an editor may add one) is its own group.
func Group(field string) string {
	f := strings.Join(Tokens(Fold(field)), " ")
	// Tokens drops punctuation; compare the same way.
	for _, g := range groups {
		for _, want := range g.fields {
			w := strings.Join(Tokens(strings.TrimSuffix(want, "*")), " ")
			if f == w || (strings.HasSuffix(want, "*") && strings.HasPrefix(f, w)) {
				return g.name
			}
		}
	}
	if strings.TrimSpace(field) == "" {
		return "Lĩnh vực khác"
	}
	return field
}

// groupRank orders the groups as the list does, unknown ones after.
func groupRank(name string) int {
	for i, g := range groups {
		if g.name == name {
			return i
		}
	}
	return len(groups)
}

// Shelf is one group of the catalogue as residents browse it, with the
// national fields inside it.
type Shelf struct {
	Name   string
	Slug   string
	Count  int
	Fields []FieldShelf
}

// FieldShelf is the procedures of one national field, most used first.
type FieldShelf struct {
	Name string
	Hits []Hit
}

// Shelves arranges the ward's own procedures (those its one-stop centre
// and its police receive) by residents' groups, in the list's order.
func (ix *Index) Shelves() []Shelf {
	return ix.shelve(func(e *entry) bool { return e.desk != DeskOther }, func(e *entry) string { return e.group })
}

// Elsewhere arranges the procedures other agencies perform in the area by
// national field, largest first: they stay findable, apart.
func (ix *Index) Elsewhere() []Shelf {
	s := ix.shelve(func(e *entry) bool { return e.desk == DeskOther }, func(e *entry) string { return e.field })
	sort.SliceStable(s, func(a, b int) bool { return s[a].Count > s[b].Count })
	return s
}

// Shelf finds a group of the ward's catalogue by its slug or, for links
// made before groups, a national field (every agency's procedures in it);
// elsewhere is set when the field's procedures are all other agencies'.
func (ix *Index) Shelf(slug string) (sh Shelf, elsewhere, ok bool) {
	for _, s := range ix.Shelves() {
		if s.Slug == slug {
			return s, false, true
		}
	}
	fs := ix.shelve(func(e *entry) bool { return Slug(e.field) == slug }, func(e *entry) string { return e.field })
	if len(fs) == 0 {
		return Shelf{}, false, false
	}
	elsewhere = true
	for _, f := range fs[0].Fields {
		for _, h := range f.Hits {
			elsewhere = elsewhere && h.Elsewhere()
		}
	}
	return fs[0], elsewhere, true
}

func (ix *Index) shelve(keep func(*entry) bool, key func(*entry) string) []Shelf {
	var out []Shelf
	shelfOf := map[string]int{}
	fieldOf := map[[2]string]int{}
	for i := range ix.entries {
		e := &ix.entries[i]
		if !keep(e) {
			continue
		}
		k := key(e)
		si, ok := shelfOf[k]
		if !ok {
			si = len(out)
			shelfOf[k] = si
			out = append(out, Shelf{Name: k, Slug: Slug(k)})
		}
		sh := &out[si]
		sh.Count++
		fi, ok := fieldOf[[2]string{k, e.field}]
		if !ok {
			fi = len(sh.Fields)
			fieldOf[[2]string{k, e.field}] = fi
			sh.Fields = append(sh.Fields, FieldShelf{Name: e.field})
		}
		sh.Fields[fi].Hits = append(sh.Fields[fi].Hits, ix.hit(int32(i)))
	}
	sort.SliceStable(out, func(a, b int) bool { return groupRank(out[a].Name) < groupRank(out[b].Name) })
	for _, sh := range out {
		sort.SliceStable(sh.Fields, func(a, b int) bool { return len(sh.Fields[a].Hits) > len(sh.Fields[b].Hits) })
		for _, f := range sh.Fields {
			sort.SliceStable(f.Hits, func(a, b int) bool {
				ea, eb := &ix.entries[f.Hits[a].doc], &ix.entries[f.Hits[b].doc]
				if ea.popularity != eb.popularity {
					return ea.popularity > eb.popularity
				}
				return Fold(ea.title) < Fold(eb.title)
			})
		}
	}
	return out
}
