package feedback

import (
	"context"
	"strings"

	"github.com/cchc-vn/cchc/internal/check"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/vn"
)

// Elements are the five SIPAS elements of a public service, each rated 1–5.
var Elements = []struct{ Code, Name string }{
	{"access", "Tiếp cận dịch vụ"},
	{"procedure", "Thủ tục hành chính"},
	{"officials", "Công chức trực tiếp giải quyết"},
	{"result", "Kết quả giải quyết"},
	{"handling", "Tiếp nhận, xử lý góp ý, phản ánh"},
}

// Survey is one completed questionnaire.
type Survey struct {
	Counter, ProcedureCode, Comment string
	Scores                          map[string]int
}

// SaveSurvey validates and stores a questionnaire.
func SaveSurvey(ctx context.Context, q db.Querier, wardID int64, s Survey) error {
	e := check.Errors{}
	s.Counter, s.ProcedureCode, s.Comment = vn.Clean(strings.TrimSpace(s.Counter)), vn.Clean(strings.TrimSpace(s.ProcedureCode)), vn.Clean(strings.TrimSpace(s.Comment))
	for _, el := range Elements {
		if v := s.Scores[el.Code]; v < 1 || v > 5 {
			e[el.Code] = "Vui lòng chọn mức đánh giá cho \"" + el.Name + "\"."
		}
	}
	e.Text("counter", s.Counter, false, 20, "Quầy")
	e.Text("procedure_code", s.ProcedureCode, false, 20, "Mã thủ tục")
	e.Text("comment", s.Comment, false, 1000, "Góp ý")
	if err := e.Err(); err != nil {
		return err
	}
	_, err := q.Exec(ctx, `insert into satisfaction (ward_id, counter, procedure_code, access, procedure, officials, result, handling, comment, created_at)
		values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, wardID, s.Counter, s.ProcedureCode, s.Scores["access"], s.Scores["procedure"], s.Scores["officials"],
		s.Scores["result"], s.Scores["handling"], s.Comment, db.Now())
	return err
}

// ElementRate is the share of answers satisfied (4 or 5) with one element.
type ElementRate struct {
	Name      string
	Responses int
	Satisfied int
}

// Percent is the satisfied share in percent, -1 with no answers.
func (r ElementRate) Percent() int {
	if r.Responses == 0 {
		return -1
	}
	return r.Satisfied * 100 / r.Responses
}

// SurveyRates returns the satisfied share per element for questionnaires
// of from..to (YYYY-MM-DD), and over all elements.
func SurveyRates(ctx context.Context, q db.Querier, wardID int64, from, to string) ([]ElementRate, ElementRate, error) {
	cols := []string{"count(*)"}
	for _, el := range Elements {
		cols = append(cols, `coalesce(sum(case when `+el.Code+` >= 4 then 1 else 0 end), 0)`)
	}
	vals := make([]int64, len(cols))
	dest := make([]any, len(cols))
	for i := range vals {
		dest[i] = &vals[i]
	}
	if err := q.QueryRow(ctx, `select `+strings.Join(cols, ", ")+` from satisfaction where ward_id = ? and created_at >= ? and created_at < ?`,
		wardID, from, dayAfter(to)).Scan(dest...); err != nil {
		return nil, ElementRate{}, err
	}
	n := int(vals[0])
	var out []ElementRate
	all := ElementRate{Name: "Chung"}
	for i, el := range Elements {
		out = append(out, ElementRate{Name: el.Name, Responses: n, Satisfied: int(vals[i+1])})
		all.Responses += n
		all.Satisfied += int(vals[i+1])
	}
	return out, all, nil
}
