package procedure

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"

	"github.com/cchc-vn/cchc/internal/vn"
)

// NationalRecord is one procedure as scraped from the national public-service
// portal (dichvucong.gov.vn), with its tables flattened into strings.
type NationalRecord struct {
	Code               string `json:"ma_thu_tuc"`
	URL                string `json:"detail_url"`
	Name               string `json:"ten_thu_tuc"`
	Decision           string `json:"so_quyet_dinh"`
	Level              string `json:"cap_thuc_hien"`
	Kind               string `json:"loai_thu_tuc"`
	Field              string `json:"linh_vuc"`
	Subjects           string `json:"doi_tuong_thuc_hien"`
	AgencyCompetent    string `json:"co_quan_co_tham_quyen"`
	Address            string `json:"dia_chi_tiep_nhan"`
	AgencyDelegated    string `json:"co_quan_duoc_uy_quyen"`
	AgencyCoordinating string `json:"co_quan_phoi_hop"`
	Related            string `json:"thu_tuc_lien_quan"`
	Steps              string `json:"trinh_tu_thuc_hien"`
	Channels           string `json:"cach_thuc_thuc_hien"`
	Documents          string `json:"thanh_phan_ho_so"`
	LegalBasis         string `json:"can_cu_phap_ly"`
	AgencyExecuting    string `json:"co_quan_thuc_hien"`
	Conditions         string `json:"yeu_cau_dieu_kien"`
	Results            string `json:"ket_qua_xu_ly"`
}

// ParseNational reads one record of the national format.
func ParseNational(data []byte) (*Procedure, error) {
	var r NationalRecord
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, fmt.Errorf("not a national procedure record: %w", err)
	}
	return FromNational(&r)
}

var codeRe = regexp.MustCompile(`^\d\.\d{6}(\.\d+)?$`)

// FromNational turns a national record into a procedure, parsing its
// flattened tables; what cannot be parsed is kept in Unparsed.
func FromNational(r *NationalRecord) (*Procedure, error) {
	code := strings.TrimSpace(r.Code)
	if !codeRe.MatchString(code) {
		return nil, fmt.Errorf("invalid procedure code %q", r.Code)
	}
	name := clean(r.Name)
	if name == "" {
		return nil, fmt.Errorf("procedure %s has no name", code)
	}
	p := &Procedure{
		Code: code, Name: name, Field: clean(r.Field), Level: clean(r.Level), Kind: clean(r.Kind),
		Subjects: clean(r.Subjects), AgencyCompetent: clean(r.AgencyCompetent), AgencyExecuting: clean(r.AgencyExecuting),
		AgencyDelegated: clean(r.AgencyDelegated), AgencyCoordinating: clean(r.AgencyCoordinating), Address: clean(r.Address),
		Related: clean(r.Related), Conditions: clean(r.Conditions), Decision: clean(r.Decision), PortalURL: strings.TrimSpace(r.URL),
	}
	p.Steps = parseSteps(r.Steps)
	var rest string
	p.Channels, rest = parseChannels(r.Channels)
	p.keep("cach_thuc_thuc_hien", rest)
	p.Documents, rest = parseDocuments(r.Documents)
	p.keep("thanh_phan_ho_so", rest)
	p.LegalBasis, rest = parseLegal(r.LegalBasis)
	p.keep("can_cu_phap_ly", rest)
	p.Results, rest = parseResults(r.Results)
	p.keep("ket_qua_xu_ly", rest)
	return p, nil
}

func (p *Procedure) keep(field, text string) {
	if text = strings.TrimSpace(text); text != "" {
		p.Unparsed = append(p.Unparsed, Unparsed{Field: field, Text: text})
	}
}

const noInfo = "Không có thông tin"

// clean normalises text and drops the portal's "no information" marker.
func clean(s string) string {
	s = vn.Clean(strings.Join(strings.Fields(s), " "))
	if s == noInfo {
		return ""
	}
	return s
}

var stepLabel = regexp.MustCompile(`^Bước\s+\d+\s*[:.]\s*`)

// parseSteps splits the procedure's sequence into steps at line starts,
// "Bước N:" and list dashes.
func parseSteps(s string) []string {
	s = strings.ReplaceAll(s, "\t", " ")
	var out []string
	for _, line := range strings.Split(s, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		line = strings.TrimSpace(strings.TrimLeft(line, "-+•"))
		if m := stepLabel.FindString(line); m != "" {
			line = strings.TrimSpace(line[len(m):])
		}
		// A line that continues a sentence (starts in lower case) joins the previous step.
		if len(out) > 0 && startsLower(line) {
			out[len(out)-1] = clean(out[len(out)-1] + " " + line)
			continue
		}
		if c := clean(line); c != "" {
			out = append(out, c)
		}
	}
	return out
}

func startsLower(s string) bool {
	for _, r := range s {
		return strings.ToLower(string(r)) == string(r) && strings.ToUpper(string(r)) != string(r)
	}
	return false
}

var (
	channelHeader = "Hình thức nộpThời gianPhí, lệ phíMô tả"
	// A row starts with a method immediately followed by its time (a number or "no information").
	channelStart = regexp.MustCompile(`(Trực tiếp|Trực tuyến|Dịch vụ bưu chính)(\d|Không có thông tin)`)
	timeRe       = regexp.MustCompile(`^(\d+(?:[.,]\d+)?)\s*(Ngày làm việc|Ngày|Giờ làm việc|Giờ|Tháng|Năm|Tuần)?`)
	feeRe        = regexp.MustCompile(`^(Miễn phí|Không có thông tin|Lệ phí\s*:?\s*[\d.,]+\s*(?:Việt Nam Đồng|VNĐ|Đồng|đồng)|[\d.,]+\s*(?:Việt Nam Đồng|VNĐ|Đồng|đồng|USD)(?:\([^)]*\))?)`)
)

// parseChannels reads "Hình thức nộp|Thời gian|Phí, lệ phí|Mô tả" rows.
func parseChannels(s string) ([]Channel, string) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, ""
	}
	body, ok := strings.CutPrefix(s, channelHeader)
	if !ok {
		return nil, s
	}
	starts := channelStart.FindAllStringSubmatchIndex(body, -1)
	if len(starts) == 0 {
		return nil, s
	}
	rest := strings.TrimSpace(body[:starts[0][0]])
	var out []Channel
	for i, m := range starts {
		end := len(body)
		if i+1 < len(starts) {
			end = starts[i+1][0]
		}
		c := Channel{Method: body[m[2]:m[3]]}
		row := body[m[3]:end]
		if strings.HasPrefix(row, noInfo) {
			row = row[len(noInfo):]
		} else if t := timeRe.FindStringSubmatch(row); t != nil {
			row = row[len(t[0]):]
			unit := strings.ToLower(t[2])
			if unit == "" {
				c.TimeUnknown = true
				c.Time = t[1]
			} else {
				c.Time = t[1] + " " + unit
			}
		}
		if f := feeRe.FindString(row); f != "" {
			row = row[len(f):]
			c.Fee = clean(f)
			c.Free = f == "Miễn phí"
			if f == noInfo {
				c.Fee = ""
			}
		}
		c.Description = clean(row)
		out = append(out, c)
	}
	return out, rest
}

var (
	docHeader = "Tên giấy tờMẫu đơn, tờ khaiSố lượng"
	// A document row ends with its quantity: "1 bản chính", "2 bản sao", "0 bản chính".
	quantityRe = regexp.MustCompile(`(\d+) (bản chính|bản sao|bản chụp|bản)`)
	fileExtRe  = regexp.MustCompile(`\.(?:docx?|pdf|xlsx?|odt|rtf|zip)$`)
	// A form file appended to the name after a boundary: "… theo mẫu.ToKhai.docx", "…).M01b (1).pdf".
	templateRe = regexp.MustCompile(`(?:^|[.;)]\s*)([A-Za-z0-9_][A-Za-z0-9_\-() ]*(?:\.[A-Za-z0-9_\-()]+)*\.(?:docx?|pdf|xlsx?|odt|rtf|zip))$`)
)

// parseDocuments reads the dossier: groups introduced by a title and the
// table header, each with rows ending in their quantity.
func parseDocuments(s string) ([]DocGroup, string) {
	s = strings.TrimSpace(s)
	if s == "" || s == noInfo {
		return nil, ""
	}
	parts := strings.Split(s, docHeader)
	if len(parts) == 1 {
		return nil, s
	}
	var groups []DocGroup
	var rest []string
	title := groupTitle(parts[0])
	for i := 1; i < len(parts); i++ {
		seg := parts[i]
		// The next group's title runs on after this group's last quantity.
		next := ""
		if i+1 < len(parts) {
			if locs := quantityRe.FindAllStringIndex(seg, -1); len(locs) > 0 {
				last := locs[len(locs)-1][1]
				next, seg = seg[last:], seg[:last]
			} else {
				next, seg = seg, ""
			}
		}
		g := DocGroup{Title: title}
		prev := 0
		for _, m := range quantityRe.FindAllStringSubmatchIndex(seg, -1) {
			name := strings.TrimSpace(seg[prev:m[0]])
			prev = m[1]
			name = strings.TrimSpace(strings.TrimLeft(name, "-+•. "))
			quantity := seg[m[2]:m[3]] + " " + seg[m[4]:m[5]]
			// "1 bản chính, 1 bản sao" is one document with two quantities.
			if n := len(g.Documents); n > 0 && (name == "" || name == "," || name == ";" || name == "và" || name == "hoặc") {
				sep := ", "
				if name == "hoặc" {
					sep = " hoặc "
				}
				g.Documents[n-1].Quantity += sep + quantity
				continue
			}
			if name == "" {
				continue
			}
			d := Document{Quantity: quantity}
			d.Name, d.Template = splitTemplate(name)
			if d.Name != "" {
				g.Documents = append(g.Documents, d)
			}
		}
		if tail := strings.TrimSpace(seg[prev:]); tail != "" {
			rest = append(rest, tail)
		}
		if len(g.Documents) > 0 {
			groups = append(groups, g)
		}
		title = groupTitle(next)
	}
	if t := strings.TrimSpace(parts[0]); title == "" && groupTitle(t) == "" && t != "" && t != "--" {
		rest = append([]string{t}, rest...)
	}
	return groups, strings.Join(rest, "\n")
}

// splitTemplate separates a form file name from a document's name. When the
// whole name is a file name ("Phiếu đề nghị ….doc"), it is both.
func splitTemplate(name string) (string, string) {
	if !fileExtRe.MatchString(name) {
		return clean(name), ""
	}
	if m := templateRe.FindStringSubmatchIndex(name); m != nil && m[3]-m[2] >= 8 {
		if n := clean(name[:m[2]]); n != "" {
			return strings.TrimRight(n, "."), clean(name[m[2]:m[3]])
		}
	}
	return clean(fileExtRe.ReplaceAllString(name, "")), clean(name)
}

func groupTitle(s string) string {
	s = strings.TrimSpace(strings.Trim(strings.TrimSpace(s), "*-: "))
	s = strings.TrimSuffix(s, ":")
	return clean(s)
}

var (
	legalHeader = "Tên văn bản pháp lýMã văn bản"
	// The unambiguous head of a document number: 123/2015/, 66.7/2025/.
	legalHeadRe = regexp.MustCompile(`\d+(?:\.\d+)?/\d{4}/`)
	legalFullRe = regexp.MustCompile(`^\d+(?:\.\d+)?/\d{4}/[A-ZĐ0-9]+(?:-[A-ZĐ0-9]+)*`)
)

// parseLegal reads "Tên văn bản pháp lý|Mã văn bản" rows. The number column
// is glued to the end of the name and to the start of the next name, so a
// number ends where what follows is the next name (a capital letter), the
// next number, or the end; a number followed by a space is inside a name.
func parseLegal(s string) ([]Legal, string) {
	s = strings.TrimSpace(s)
	if s == "" || s == noInfo {
		return nil, ""
	}
	body, ok := strings.CutPrefix(s, legalHeader)
	if !ok {
		return nil, s
	}
	var out []Legal
	prev, cur := 0, 0
	for cur < len(body) {
		h := legalHeadRe.FindStringIndex(body[cur:])
		if h == nil {
			break
		}
		start, headEnd := cur+h[0], cur+h[1]
		full := legalFullRe.FindString(body[start:])
		end := -1
		// A name ending with its own number: "Luật 03/2011/QH13" + "03/2011/QH13".
		for e := start + len(full); e > headEnd; e-- {
			if strings.HasPrefix(body[e:], body[start:e]) {
				end = e
				break
			}
		}
		// Otherwise the longest number after which a new name starts
		// ("…TT-BTCNghị định…") or the text ends.
		for e := start + len(full); end < 0 && e > headEnd; e-- {
			after := body[e:]
			if after == "" || body[e-1] != '-' && isUpperStart(after) && isLowerAt(after, len(string([]rune(after)[0]))) {
				end = e
			}
		}
		if end < 0 {
			cur = headEnd // a number inside a name ("… số 123/2015/NĐ-CP ngày …")
			continue
		}
		cur = end
		number := body[start:end]
		if strings.HasPrefix(body[end:], number) {
			continue // the first copy belongs to the name
		}
		name := clean(body[prev:start])
		if name == "" {
			name = number
		}
		out = append(out, Legal{Name: name, Number: number})
		prev = end
	}
	return out, strings.TrimSpace(body[prev:])
}

func isLowerAt(s string, i int) bool {
	for _, r := range s[i:] {
		return strings.ToLower(string(r)) == string(r) && strings.ToUpper(string(r)) != string(r)
	}
	return false
}

func isUpperStart(s string) bool {
	for _, r := range s {
		return strings.ToUpper(string(r)) == string(r) && strings.ToLower(string(r)) != string(r)
	}
	return false
}

var resultRe = regexp.MustCompile(`(.+?)Mã: (KQ\.[A-Z0-9]+\.\d+)`)

// parseResults reads "name Mã: KQ.G15.000031" runs and drops the portal's
// page furniture that follows them.
func parseResults(s string) ([]Result, string) {
	if i := strings.Index(s, "Từ khóa"); i >= 0 {
		s = s[:i]
	}
	s = strings.TrimSpace(s)
	if s == "" || s == noInfo {
		return nil, ""
	}
	var out []Result
	prev := 0
	for _, m := range resultRe.FindAllStringSubmatchIndex(s, -1) {
		out = append(out, Result{Name: clean(s[m[2]:m[3]]), Code: s[m[4]:m[5]]})
		prev = m[1]
	}
	rest := strings.TrimSpace(s[prev:])
	if len(out) == 0 && rest != "" {
		// A result without a code is still a result.
		return []Result{{Name: clean(rest)}}, ""
	}
	return out, rest
}
