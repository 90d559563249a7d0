package web

import (
	"html"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/db/dbtest"
)

// TestOptionalFieldsSaySo: on the residents' forms and the officials' forms
// that take typed answers, a field the ward accepts empty says "(không bắt
// buộc)" in its label, and a field it refuses empty does not. Each field is
// left empty in turn from a valid submission, and what the server does
// decides. Left out: the budget table, whose every cell may stay empty (its
// hint says so once, not in sixty labels), and forms of one required field.
func TestOptionalFieldsSaySo(t *testing.T) {
	h := newHostileRun(t, dbtest.Open(t, db.SQLite))
	for _, key := range []string{"POST /phan-anh", "POST /quan-ly/phan-anh", "POST /quan-ly/hoat-dong", "POST /quan-ly/hoat-dong/{id}/sua",
		"POST /quan-ly/bai-viet", "POST /quan-ly/bai-viet/{id}", "POST /quan-ly/bao-cao", "POST /quan-ly/don-vi/{id}", "POST /quan-ly/ke-hoach/{id}/sua",
		"POST /quan-ly/nhiem-vu/{id}/sua", "POST /quan-ly/phan-cong/{id}/trang-thai", "POST /quan-ly/cau-hoi", "POST /quan-ly/cuoc-thi",
		"POST /quan-ly/cuoc-thi/{cid}/vong-moi", "POST /quan-ly/hop", "POST /quan-ly/hop/{id}", "POST /quan-ly/hop/{id}/ket-qua", "POST /quan-ly/hop/{id}/y-kien",
		"POST /quan-ly/to-chuc/{id}/hoi-vien", "POST /quan-ly/to-chuc/giam-sat"} {
		a := attacks[key]
		c := h.client(a.as)
		f := h.form(c, key, a)
		page := body(t, c.get(h.resolve(a.page)))
		base := h.baseline(f, a)
		if resp := h.send(h.client(a.as), f, cloneValues(base), nil); resp.StatusCode >= 400 {
			t.Fatalf("%s: the valid submission was refused (%d): %s", key, resp.StatusCode, refusal(body(t, resp)))
		}
		var names []string
		for _, x := range f.fields {
			if (x.kind == "text" || x.kind == "choice") && !slices.Contains(names, x.name) {
				names = append(names, x.name)
			}
		}
		for k := range a.fields {
			if !slices.Contains(names, k) {
				names = append(names, k)
			}
		}
		for _, name := range names {
			label, ok := labelOf(page, name)
			if !ok {
				t.Errorf("%s: field %s has no label", key, name)
				continue
			}
			vals := cloneValues(base)
			vals.Del(name)
			resp := h.send(h.client(a.as), f, vals, nil)
			b := body(t, resp)
			accepted := resp.StatusCode < 400
			optional := strings.Contains(label, "(không bắt buộc")
			if strings.Contains(label, "(không bắt buộc khi") {
				continue // optional when another field is filled: either answer is right
			}
			switch {
			case accepted && !optional:
				t.Errorf("%s: %q is accepted empty, but its label does not say “(không bắt buộc)”", key, label)
			case !accepted && optional:
				t.Errorf("%s: %q says it is optional, but empty it is refused (%d): %s", key, label, resp.StatusCode, refusal(b))
			}
		}
	}
}

// labelOf is the text a person reads as a field's question: its label, or
// the legend of the group its choices are in.
func labelOf(page, name string) (string, bool) {
	clean := func(s string) string {
		return strings.Join(strings.Fields(html.UnescapeString(regexp.MustCompile(`<[^>]+>`).ReplaceAllString(s, " "))), " ")
	}
	if m := regexp.MustCompile(`(?s)<label for="` + regexp.QuoteMeta(name) + `"[^>]*>(.*?)</label>`).FindStringSubmatch(page); m != nil {
		return clean(m[1]), true
	}
	for _, m := range regexp.MustCompile(`(?s)<fieldset[^>]*>\s*<legend>(.*?)</legend>(.*?)</fieldset>`).FindAllStringSubmatch(page, -1) {
		if strings.Contains(m[2], `name="`+name+`"`) {
			return clean(m[1]), true
		}
	}
	// A single checkbox is its own question.
	if m := regexp.MustCompile(`(?s)<label class="radio"><input[^>]*name="` + regexp.QuoteMeta(name) + `"[^>]*>(.*?)</label>`).FindStringSubmatch(page); m != nil {
		return clean(m[1]), true
	}
	return "", false
}
