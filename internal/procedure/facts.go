package procedure

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/cchc-vn/cchc/internal/vn"
)

// Desk says who receives a procedure's dossier for a resident of the ward.
type Desk int

const (
	DeskWard   Desk = iota // the ward's one-stop centre (UBND, its chairman, its offices)
	DeskPolice             // the ward police (residence, identity cards)
	DeskOther              // another agency working in the area: customs, tax, treasury, insurance…
)

var (
	policeRe = regexp.MustCompile(`(?i)công an (cấp )?(xã|phường)`)
	wardRe   = regexp.MustCompile(`(?i)(ủy ban|uỷ ban|ubnd|chủ tịch)[^,]*(xã|phường)|thuộc ubnd cấp xã`)
)

// Desk classifies p by its executing agency: HCMC's list of ward procedures
// and anything the commune-level people's committee executes are the ward's;
// the commune police are named apart because residents go to their office.
func (p *Procedure) Desk() Desk {
	agency := p.AgencyExecuting
	if agency == "" {
		agency = p.AgencyCompetent
	}
	switch {
	case policeRe.MatchString(agency) && !wardRe.MatchString(agency):
		return DeskPolice
	case p.HCMCListed, wardRe.MatchString(agency):
		return DeskWard
	case agency == "" && communeOnly(p.Level):
		// Many records name no agency; one published for the commune level
		// alone is done at the ward.
		return DeskWard
	case strings.Contains(p.Level, "Cấp xã") && civilStatusRe.MatchString(p.Field):
		// At the commune level, civil status and certification are the
		// ward's justice officer's, even where the record names the agency
		// that takes part (social insurance) or shares the task (notaries).
		return DeskWard
	}
	return DeskOther
}

var civilStatusRe = regexp.MustCompile(`^(Hộ tịch|Chứng thực)$`)

func communeOnly(level string) bool {
	for _, l := range strings.Split(level, ",") {
		if l = strings.TrimSpace(l); l != "" && l != "Cấp xã" {
			return false
		}
	}
	return strings.Contains(level, "Cấp xã")
}

// Facts answer "how long, how much" in plain words, for the summary box at
// the top of a procedure page, its print view and the search results.
type Facts struct {
	Time       string // "3 ngày làm việc"; empty when the source does not say
	OnlineTime string // set only when submitting online takes a different time
	Fee        string // "Miễn phí", "70.000 đ/Giấy chứng nhận"; empty when unknown
	FeeNote    string // what the source adds about the fee, e.g. who is exempt
	Online     bool
	FullOnline bool // toàn trình: nothing to bring to the counter
}

// Facts reads the in-person channel (the common case) and the online one.
// A time published without its unit says nothing a resident can use, so it
// is left out rather than shown as a bare number.
func (p *Procedure) Facts() Facts {
	var f Facts
	var main, online *Channel
	for i := range p.Channels {
		c := &p.Channels[i]
		switch {
		case c.Method == MethodInPerson && main == nil:
			main = c
		case c.Method == MethodOnline && online == nil:
			online = c
		}
	}
	if main == nil && len(p.Channels) > 0 {
		main = &p.Channels[0]
	}
	f.Online = online != nil
	f.FullOnline = f.Online && p.OnlineLevel == "toan_trinh"
	if main == nil {
		return f
	}
	f.Time = plainTime(*main)
	if online != nil && online != main {
		if t := plainTime(*online); t != "" && t != f.Time {
			f.OnlineTime = t
		}
	}
	f.Fee, f.FeeNote = PlainFee(*main)
	return f
}

func plainTime(c Channel) string {
	if c.TimeUnknown {
		return ""
	}
	return c.Time
}

var (
	// "70,000 VNĐ(70.000 đồng/Giấy chứng nhận)": the amount with comma
	// thousands, the currency, then a remark in parentheses.
	feeAmountRe = regexp.MustCompile(`^([0-9][0-9.,]*)\s*(VNĐ|Việt Nam Đồng|đồng|Đồng|đ|USD)?\s*(.*)$`)
	// An amount written inside the remark, e.g. "20.000 vnđ / tờ khai".
	amountRe = regexp.MustCompile(`[0-9]{1,3}([.,][0-9]{3})+|[0-9]{4,}`)
)

// PlainFee turns a channel's published fee into the words a resident reads:
// "Miễn phí", "50.000 đ/văn bản", or the amount with the source's remark as
// a note. The national records sometimes carry a wrong leading amount ("20
// VNĐ(20.000 đ/tờ khai)"); when the remark states an amount itself, the
// remark is what is shown.
func PlainFee(c Channel) (fee, note string) {
	desc := unwrap(c.Description)
	if c.Free {
		return "Miễn phí", desc
	}
	raw := strings.TrimSpace(c.Fee)
	if raw == "" {
		return "", desc
	}
	m := feeAmountRe.FindStringSubmatch(raw)
	if m == nil {
		return raw, desc
	}
	remark := unwrap(m[3])
	note = strings.TrimSpace(strings.Join(nonEmpty(remark, desc), " "))
	if head, rest, _ := strings.Cut(remark, "("); amountRe.MatchString(head) && len([]rune(head)) <= 80 {
		head = strings.TrimRight(strings.TrimSpace(head), ".;,")
		if rest = strings.TrimSpace(strings.TrimRight(rest, ")")); rest != "" {
			desc = strings.TrimSpace(rest + " " + desc)
		}
		return head, desc
	}
	amount := m[1]
	if m[2] == "USD" {
		fee = amount + " USD"
	} else if n, err := strconv.ParseInt(strings.NewReplacer(",", "", ".", "").Replace(amount), 10, 64); err == nil {
		fee = vn.Money(n)
	} else {
		fee = amount + " đ"
	}
	if strings.HasPrefix(remark, "/") && len([]rune(remark)) <= 40 {
		return fee + remark, desc
	}
	return fee, note
}

// unwrap strips the parentheses the national portal puts around remarks,
// sometimes twice: "((Miễn lệ phí.))" → "Miễn lệ phí.".
func unwrap(s string) string {
	s = strings.TrimSpace(s)
	for strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")") {
		s = strings.TrimSpace(s[1 : len(s)-1])
	}
	if strings.HasPrefix(s, "(") && strings.Count(s, "(") > strings.Count(s, ")") {
		s = strings.TrimSpace(s[1:])
	}
	return s
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// Checklist is the dossier as a resident packs it: the papers of the
// common case first; papers needed only in some cases and the notes for the
// counter (the national records list them among the papers, with quantity
// 0) come after, to be folded away.
type Checklist struct {
	Groups []DocGroup // papers everyone brings, by the source's groups
	Cases  []Document // "Trường hợp …": papers for particular cases
	Notes  []Document // remarks, not papers
	// Alternatives: the titled groups are situations a resident picks one
	// of ("Đối với công trình nhà ở riêng lẻ"), not kinds of papers that
	// all apply ("Giấy tờ phải nộp", "Giấy tờ phải xuất trình").
	Alternatives bool
}

var paperKindRe = regexp.MustCompile(`(?i)^(các )?(giấy tờ|chứng từ|thành phần hồ sơ|hồ sơ|tài liệu|bản sao|bản chính)(\s|$)`)

var caseRe = regexp.MustCompile(`(?i)^(trường hợp|trong trường hợp|nếu|đối với)(\s|$)`)

// Checklist sorts the dossier into papers, particular cases and notes.
func (p *Procedure) Checklist() Checklist {
	var c Checklist
	situations := 0
	for _, g := range p.Documents {
		notes := strings.Contains(strings.ToLower(g.Title), "lưu ý")
		kept := DocGroup{Title: paperGroupTitle(g.Title)}
		for _, d := range g.Documents {
			switch {
			case notes || zeroQuantity(d.Quantity) || strings.HasSuffix(strings.TrimSpace(d.Name), ":"):
				c.Notes = append(c.Notes, d)
			case caseRe.MatchString(strings.TrimSpace(d.Name)):
				c.Cases = append(c.Cases, d)
			default:
				kept.Documents = append(kept.Documents, d)
			}
		}
		if kept.Title != "" && !paperKindRe.MatchString(kept.Title) && len(kept.Documents) > 0 {
			situations++
		}
		switch {
		case len(kept.Documents) == 0:
		case kept.Title == "": // the untitled group holds the declaration form: it goes first
			c.Groups = append([]DocGroup{kept}, c.Groups...)
		default:
			c.Groups = append(c.Groups, kept)
		}
	}
	c.Alternatives = situations >= 2
	return c
}

// paperGroupTitle drops the source's numbering: "1. Chứng từ phải nộp" → "Chứng từ phải nộp".
func paperGroupTitle(t string) string {
	t = strings.TrimSpace(t)
	if i := strings.Index(t, ". "); i > 0 && i <= 3 {
		if _, err := strconv.Atoi(t[:i]); err == nil {
			t = t[i+2:]
		}
	}
	return t
}

// zeroQuantity reports a quantity that asks for no paper at all: "0 bản
// chính" (the portal's way to list a remark among the papers).
func zeroQuantity(q string) bool {
	q = strings.TrimSpace(q)
	if q == "" {
		return false
	}
	for _, part := range strings.Split(q, ",") {
		part = strings.TrimSpace(part)
		if part != "" && !strings.HasPrefix(part, "0 ") && part != "0" {
			return false
		}
	}
	return true
}

// Head and Rest split a paper's name at its first sentence: the national
// records append the legal fine print to the name ("Giấy chứng nhận quyền
// sử dụng đất…. Trường hợp Giấy chứng nhận đã có trong Cơ sở dữ liệu…"),
// which a checklist shows apart and a print view leaves out.
func (d Document) Head() string { h, _ := splitSentence(d.Name); return h }

// Rest is what follows Head; empty for a one-sentence name.
func (d Document) Rest() string { _, r := splitSentence(d.Name); return r }

func splitSentence(s string) (head, rest string) {
	// A sentence ends at ". " or ": " before a capital or a list mark ("+", "-").
	for i := 0; i+2 < len(s); i++ {
		if (s[i] != '.' && s[i] != ':') || s[i+1] != ' ' {
			continue
		}
		next, _ := utf8.DecodeRuneInString(s[i+2:])
		if (unicode.IsUpper(next) || next == '+' || next == '-') && utf8.RuneCountInString(s[:i]) >= 20 {
			return s[:i+1], strings.TrimSpace(s[i+2:])
		}
	}
	return s, ""
}
