package procedure

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"Đăng ký khai sinh":        "dang ky khai sinh",
		"ĐỒNG Ý":                   "dong y",
		"xóa đăng ký thường trú":   "xoa dang ky thuong tru",
		"Nghị định 123/2015/NĐ-CP": "nghi dinh 123/2015/nd-cp",
		"Phu\u0301 Đi\u0323nh":     "phu dinh", // decomposed input
	} {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}

var testIndex = func() *Index {
	ps, err := Catalogue()
	if err != nil {
		panic(err)
	}
	return NewIndex(ps)
}()

func TestSearchFindsWithAndWithoutDiacritics(t *testing.T) {
	tests := []struct{ q, want string }{
		{"đăng ký khai sinh", "1.001193"},
		{"DANG KY KHAI SINH", "1.001193"},
		{"đăng ký kết hôn", "1.000894"},
		{"dang ky ket hn", "1.000894"}, // typo
		{"xac nhan tinh trang hon nhan", "1.004873"},
		{"nhập hộ khẩu", "1.004222"},       // synonym
		{"sổ đỏ", "1.013978"},              // synonym; đ folded
		{"công chứng bản sao", "2.000815"}, // synonym
		{"2.000815", "2.000815"},           // code
	}
	for _, tt := range tests {
		hits, total := testIndex.Search(tt.q, 3)
		found := false
		for _, h := range hits {
			found = found || h.Code == tt.want
		}
		if !found || total == 0 {
			t.Errorf("Search(%q) = %v, want %s in the top 3", tt.q, hits, tt.want)
		}
	}
}

func TestSearchSurvivesBadInput(t *testing.T) {
	for _, q := range []string{"", "   ", strings.Repeat("khai sinh ", 1000), "😀😀😀", "\"", "*", "NEAR", "OR", "'; drop table procedures; --",
		"khai\x00sinh", "\xff\xfe", "汉字 khai sinh", "кириллица", "a OR b NEAR/3 c*", strings.Repeat("a", 10000)} {
		hits, total := testIndex.Search(q, 10)
		if hits == nil || total < len(hits) {
			t.Errorf("Search(%.30q) = %v, %d", q, hits, total)
		}
	}
	if hits, _ := testIndex.Search("khai sinh 😀 \"OR\"", 3); len(hits) == 0 || hits[0].Code != "1.001193" {
		t.Errorf("noise around a real query: %v", hits)
	}
}

func TestEditDistance(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		d    int
	}{{"ket", "ket", 0}, {"hon", "hn", 1}, {"thuong", "thoung", 1}, {"khai", "khia", 1}, {"abc", "xyz", 3}} {
		if got := editDistance(tt.a, tt.b, 3); got != tt.d {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.d)
		}
	}
}

func TestEvaluationTargets(t *testing.T) {
	r := Evaluate(testIndex, EvalSet())
	t.Logf("tuning set: %d queries, recall@1 %.3f recall@3 %.3f MRR %.3f", r.Queries, r.RecallAt1, r.RecallAt3, r.MRR)
	if r.Queries < 120 || r.RecallAt3 < 0.95 {
		t.Errorf("recall@3 %.3f over %d queries, want ≥ 0.95 over ≥ 120", r.RecallAt3, r.Queries)
	}
}

// FuzzSearch: any query returns normally, with at most the limit and valid UTF-8.
func FuzzSearch(f *testing.F) {
	for _, s := range []string{"khai sinh", "sổ đỏ", "\"*NEAR OR'", "đđđ", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		hits, total := testIndex.Search(q, 5)
		if len(hits) > 5 || total < len(hits) {
			t.Fatalf("Search(%q): %d hits, total %d", q, len(hits), total)
		}
		for _, h := range hits {
			if !utf8.ValidString(h.Name) {
				t.Fatalf("invalid UTF-8 in %q", h.Name)
			}
		}
	})
}

// The prebuilt JSON answer equals what encoding/json makes of the same hits.
func TestAppendJSONMatchesEncodingJSON(t *testing.T) {
	hits, total := testIndex.Search("đăng ký \"khai\" sinh <b>", 5)
	type item struct {
		Code  string `json:"code"`
		Name  string `json:"name"`
		Field string `json:"field"`
		URL   string `json:"url"`
	}
	want := struct {
		Items []item `json:"items"`
		Total int    `json:"total"`
	}{Items: []item{}, Total: total}
	for _, h := range hits {
		want.Items = append(want.Items, item{h.Code, h.Name, h.Field, "/thu-tuc/" + h.Code})
	}
	b, _ := json.Marshal(want)
	if got := string(testIndex.AppendJSON(nil, hits, total)); got != string(b)+"\n" {
		t.Errorf("AppendJSON:\n%s\nencoding/json:\n%s", got, b)
	}
	if got := string(testIndex.AppendJSON(nil, nil, 0)); got != "{\"items\":[],\"total\":0}\n" {
		t.Errorf("empty: %q", got)
	}
}
