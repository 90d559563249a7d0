package procedure

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Title is the name residents read in lists and headings: the editors'
// short name when they gave one, else the official name with the clauses
// that only lawyers need taken off. The official name stays on the
// procedure's page, under the title.
func (p *Procedure) Title() string {
	if s := strings.TrimSpace(p.ShortName); s != "" {
		return s
	}
	return plainTitle(p.Name)
}

// A title longer than this is cut further; two lines on a phone.
const titleRunes = 100

var (
	// Words that say where or how the procedure is done, which a resident of
	// the ward already knows from the page.
	boilerplateRe = []*regexp.Regexp{
		regexp.MustCompile(`(?i)\s*(thực hiện )?bằng dịch vụ công( trực tuyến)? một phần hoặc trực tiếp thực hiện tại cấp trung ương, cấp tỉnh, cấp xã`),
		regexp.MustCompile(`(?i)\s*\(thực hiện tại cấp xã\)`),
		regexp.MustCompile(`(?i)\s*thuộc thẩm quyền( giải quyết)?( của)? (chủ tịch )?(ủy ban nhân dân|uỷ ban nhân dân|ubnd) cấp xã`),
	}
	parenRe = regexp.MustCompile(`\s*\([^()]*\)`)
	// Where a long name turns from what is done to whom, why or where it
	// applies: first the clauses that say so outright, then prepositions.
	// A preposition needs a longer head, or the title loses what is done.
	qualifiers = []struct {
		re      *regexp.Regexp
		minHead int
	}{
		{regexp.MustCompile(`\s(đối với|trong trường hợp|trường hợp|mà|theo đề nghị|theo quy định|theo pháp luật)\s`), 30},
		{regexp.MustCompile(`\s(do|cho|vào|để|trong phạm vi)\s`), 50},
	}
)

// plainTitle shortens an official name only by removing whole clauses, so
// what remains is still the law's own words.
func plainTitle(name string) string {
	t := strings.Join(strings.Fields(name), " ")
	t = strings.TrimRight(t, " :;.,")
	if rest, ok := strings.CutPrefix(t, "Thủ tục "); ok && rest != "" {
		t = upperFirst(rest)
	}
	for _, re := range boilerplateRe {
		t = re.ReplaceAllString(t, "")
	}
	if runes(t) > titleRunes {
		t = parenRe.ReplaceAllStringFunc(t, func(m string) string {
			if runes(m) > 30 {
				return ""
			}
			return m
		})
	}
	if runes(t) > titleRunes {
		if head, _, ok := strings.Cut(t, ";"); ok && runes(head) >= 30 {
			t = head
		}
	}
	for _, q := range qualifiers {
		if runes(t) <= titleRunes {
			break
		}
		for _, loc := range q.re.FindAllStringIndex(t, -1) {
			if runes(t[:loc[0]]) >= q.minHead {
				t = t[:loc[0]]
				break
			}
		}
	}
	return strings.TrimRight(t, " :;.,")
}

func runes(s string) int { return utf8.RuneCountInString(s) }

func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}
