// Package procedure holds the ward's catalogue of administrative procedures
// (thủ tục hành chính): the records, the importer of the national portal's
// format, and the search residents use to find one.
package procedure

// Procedure is one administrative procedure as the ward publishes it.
type Procedure struct {
	ID                 int64      `json:"-"`
	Code               string     `json:"code"` // national code, e.g. 1.001193
	Name               string     `json:"name"`
	ShortName          string     `json:"short_name,omitempty"` // editors' plain title; see Title
	Field              string     `json:"field"`                // lĩnh vực
	Level              string     `json:"level,omitempty"`      // cấp thực hiện
	Kind               string     `json:"kind,omitempty"`       // loại thủ tục
	Subjects           string     `json:"subjects,omitempty"`
	AgencyCompetent    string     `json:"agency_competent,omitempty"`
	AgencyExecuting    string     `json:"agency_executing,omitempty"`
	AgencyDelegated    string     `json:"agency_delegated,omitempty"`
	AgencyCoordinating string     `json:"agency_coordinating,omitempty"`
	Address            string     `json:"address,omitempty"`
	Related            string     `json:"related,omitempty"`
	Conditions         string     `json:"conditions,omitempty"`
	Decision           string     `json:"decision,omitempty"`     // số quyết định công bố
	OnlineLevel        string     `json:"online_level,omitempty"` // toan_trinh, mot_phan or empty when unknown
	PortalURL          string     `json:"portal_url,omitempty"`
	HCMCListed         bool       `json:"hcmc_listed"` // in HCMC's list of 363 ward-level procedures
	Steps              []string   `json:"steps"`
	Channels           []Channel  `json:"channels"`
	Documents          []DocGroup `json:"documents"`
	LegalBasis         []Legal    `json:"legal_basis"`
	Results            []Result   `json:"results"`
	Unparsed           []Unparsed `json:"unparsed,omitempty"`
	Keywords           string     `json:"keywords,omitempty"` // editors' extra search words
	Popularity         int        `json:"popularity"`         // 0–100, ranks everyday procedures first
}

// Channel is one way to submit: trực tiếp, trực tuyến or bưu chính, with its
// processing time and fee.
type Channel struct {
	Method      string `json:"method"`
	Time        string `json:"time"`              // as published, e.g. "7 ngày làm việc"
	TimeUnknown bool   `json:"time_unit_missing"` // the source gave a number without its unit
	Fee         string `json:"fee"`               // as published
	Free        bool   `json:"free"`              // "Miễn phí"
	Description string `json:"description,omitempty"`
}

// DocGroup is a set of documents to bring, for a case or a kind of paper.
type DocGroup struct {
	Title     string     `json:"title,omitempty"` // e.g. "Giấy tờ phải nộp" or the case it applies to
	Documents []Document `json:"documents"`
}

// Document is one paper in the dossier.
type Document struct {
	Name     string `json:"name"`
	Template string `json:"template,omitempty"` // form file name, when published
	Quantity string `json:"quantity,omitempty"` // e.g. "1 bản chính"
}

// Legal is one document of the legal basis.
type Legal struct {
	Name   string `json:"name"`
	Number string `json:"number,omitempty"`
}

// Result is what the resident receives.
type Result struct {
	Name string `json:"name"`
	Code string `json:"code,omitempty"` // e.g. KQ.G15.000031
}

// Unparsed keeps source text the importer could not structure, for an editor.
type Unparsed struct {
	Field string `json:"field"`
	Text  string `json:"text"`
}

// Online reports whether the procedure can be submitted online.
func (p *Procedure) Online() bool {
	for _, c := range p.Channels {
		if c.Method == MethodOnline {
			return true
		}
	}
	return false
}

// Submission methods as the national portal names them.
const (
	MethodInPerson = "Trực tiếp"
	MethodOnline   = "Trực tuyến"
	MethodPost     = "Dịch vụ bưu chính"
)
