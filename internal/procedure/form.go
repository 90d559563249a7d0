package procedure

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/cchc-vn/cchc/internal/check"
	"github.com/cchc-vn/cchc/internal/vn"
)

// The edit form writes the procedure's tables one row per line, columns
// separated by "|", so the form works on any phone without JavaScript.

// FormValues renders p for the edit form.
func FormValues(p *Procedure) map[string]string {
	var ch, docs, legal, res []string
	for _, c := range p.Channels {
		fee := c.Fee
		if c.Free {
			fee = "Miễn phí"
		}
		ch = append(ch, strings.Join([]string{c.Method, c.Time, fee, c.Description}, " | "))
	}
	for i, g := range p.Documents {
		if g.Title != "" || i > 0 {
			docs = append(docs, strings.TrimSpace("## "+g.Title)) // "##" alone starts an untitled group
		}
		for _, d := range g.Documents {
			docs = append(docs, strings.TrimRight(strings.Join([]string{d.Name, d.Quantity, d.Template}, " | "), " |"))
		}
	}
	for _, l := range p.LegalBasis {
		legal = append(legal, l.Name+" | "+l.Number)
	}
	for _, r := range p.Results {
		res = append(res, strings.TrimRight(r.Name+" | "+r.Code, " |"))
	}
	return map[string]string{
		"name": p.Name, "short_name": p.ShortName, "field": p.Field, "subjects": p.Subjects, "agency_executing": p.AgencyExecuting,
		"agency_competent": p.AgencyCompetent, "address": p.Address, "conditions": p.Conditions, "portal_url": p.PortalURL,
		"online_level": p.OnlineLevel, "popularity": strconv.Itoa(p.Popularity), "keywords": p.Keywords,
		"steps": strings.Join(p.Steps, "\n"), "channels": strings.Join(ch, "\n"), "documents": strings.Join(docs, "\n"),
		"legal_basis": strings.Join(legal, "\n"), "results": strings.Join(res, "\n"),
	}
}

func cells(line string, n int) []string {
	parts := strings.SplitN(line, "|", n)
	for len(parts) < n {
		parts = append(parts, "")
	}
	for i := range parts {
		parts[i] = vn.Clean(parts[i])
	}
	return parts
}

func formLines(s string) []string {
	var out []string
	for _, l := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// FromForm reads the edit form into a procedure with code, keeping the
// fields the form does not show from base. Errors name the line at fault.
func FromForm(code string, base *Procedure, get func(string) string) (*Procedure, check.Errors) {
	p := &Procedure{Code: code}
	if base != nil {
		*p = *base
	}
	errs := check.Errors{}
	p.Name, p.ShortName, p.Field, p.Subjects = get("name"), get("short_name"), get("field"), get("subjects")
	p.AgencyExecuting, p.AgencyCompetent, p.Address = get("agency_executing"), get("agency_competent"), get("address")
	p.Conditions, p.PortalURL, p.OnlineLevel, p.Keywords = get("conditions"), strings.TrimSpace(get("portal_url")), get("online_level"), get("keywords")
	if pop, err := strconv.Atoi(strings.TrimSpace(get("popularity"))); err == nil {
		p.Popularity = pop
	} else if strings.TrimSpace(get("popularity")) != "" {
		errs["popularity"] = "Mức độ phổ biến là số từ 0 đến 100."
	}
	p.Steps = nil
	for _, l := range formLines(get("steps")) {
		p.Steps = append(p.Steps, vn.Clean(l))
	}
	p.Channels = nil
	for i, l := range formLines(get("channels")) {
		c := cells(l, 4)
		switch c[0] {
		case MethodInPerson, MethodOnline, MethodPost:
		default:
			errs["channels"] = fmt.Sprintf("Dòng %d: cách nộp phải là “%s”, “%s” hoặc “%s”.", i+1, MethodInPerson, MethodOnline, MethodPost)
			continue
		}
		// A bare number is a time whose unit the source did not give.
		p.Channels = append(p.Channels, Channel{Method: c[0], Time: c[1], TimeUnknown: bareNumber.MatchString(c[1]),
			Fee: c[2], Free: strings.EqualFold(c[2], "Miễn phí"), Description: c[3]})
	}
	p.Documents = nil
	for i, l := range formLines(get("documents")) {
		if title, ok := strings.CutPrefix(l, "##"); ok {
			p.Documents = append(p.Documents, DocGroup{Title: vn.Clean(title)})
			continue
		}
		c := cells(l, 3)
		if c[0] == "" {
			errs["documents"] = fmt.Sprintf("Dòng %d: thiếu tên giấy tờ.", i+1)
			continue
		}
		if len(p.Documents) == 0 {
			p.Documents = append(p.Documents, DocGroup{})
		}
		g := &p.Documents[len(p.Documents)-1]
		g.Documents = append(g.Documents, Document{Name: c[0], Quantity: c[1], Template: c[2]})
	}
	p.LegalBasis = nil
	for i, l := range formLines(get("legal_basis")) {
		c := cells(l, 2)
		if c[0] == "" {
			errs["legal_basis"] = fmt.Sprintf("Dòng %d: thiếu tên văn bản.", i+1)
			continue
		}
		p.LegalBasis = append(p.LegalBasis, Legal{Name: c[0], Number: c[1]})
	}
	p.Results = nil
	for _, l := range formLines(get("results")) {
		c := cells(l, 2)
		p.Results = append(p.Results, Result{Name: c[0], Code: c[1]})
	}
	return p, errs
}

var bareNumber = regexp.MustCompile(`^\d+(?:[.,]\d+)?$`)
