package web

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"html"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/cchc-vn/cchc/internal/account"
	"github.com/cchc-vn/cchc/internal/broadcast"
	"github.com/cchc-vn/cchc/internal/check"
	"github.com/cchc-vn/cchc/internal/contest"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/exemplar"
	"github.com/cchc-vn/cchc/internal/feedback"
	"github.com/cchc-vn/cchc/internal/meeting"
	"github.com/cchc-vn/cchc/internal/news"
	"github.com/cchc-vn/cchc/internal/notice"
	"github.com/cchc-vn/cchc/internal/plan"
	"github.com/cchc-vn/cchc/internal/poster"
	"github.com/cchc-vn/cchc/internal/procedure"
	"github.com/cchc-vn/cchc/internal/social"
	"github.com/cchc-vn/cchc/internal/survey"
	"github.com/cchc-vn/cchc/internal/unitreport"
	"github.com/cchc-vn/cchc/internal/vn"
	"github.com/cchc-vn/cchc/internal/ward"
)

// Templates: the public portal's pages, the officials' workspace pages,
// and the partials every page is parsed with (the layout, form fields,
// status badges, the search box). A page's name is its file's base name.
//
//go:embed templates/portal/*.html templates/workspace/*.html templates/partials/*.html
var templateFS embed.FS

type templates struct {
	pages map[string]*template.Template
}

var funcs = template.FuncMap{
	"asset":       assetURL,
	"uploadLimit": uploadLimit,
	"date":        vn.Date,
	"datetime":    vn.DateTime,
	"isodate":     vn.ISODate,
	"storedtime":  func(s string) string { return vn.DateTime(db.ParseTime(s)) },
	"storeddate":  func(s string) string { return vn.Date(db.ParseTime(s)) },
	// daysLate counts the days from a due date (YYYY-MM-DD) to today.
	"daysLate": func(due string) int {
		d, err := vn.ParseISODate(due)
		if err != nil {
			return 0
		}
		today, _ := vn.ParseISODate(time.Now().In(vn.Zone).Format("2006-01-02"))
		return int(today.Sub(d).Hours() / 24)
	},
	"minus":     func(a, b int) int { return a - b },
	"percentOf": func(part, whole int64) int64 { return part * 100 / whole },
	"plainFee":  func(c procedure.Channel) string { fee, _ := procedure.PlainFee(c); return fee },
	// telHref keeps what a tel: link dials: "028 3850 1234" → "02838501234".
	"telHref": func(s string) string {
		return strings.Map(func(r rune) rune {
			if r == '+' || (r >= '0' && r <= '9') {
				return r
			}
			return -1
		}, s)
	},
	"longdate":        func(s string) string { t, _ := vn.ParseISODate(s); return vn.LongDate(t) },
	"number":          func(n int) string { return vn.Number(int64(n)) },
	"number64":        vn.Number,
	"money":           vn.Money,
	"roleName":        func(r account.Role) string { return account.RoleName(r) },
	"kindName":        func(k ward.Kind) string { return ward.KindName(k) },
	"planStatus":      plan.StatusName,
	"taskStatus":      plan.TaskStatusName,
	"recurrence":      plan.RecurrenceName,
	"assignRole":      plan.RoleName,
	"mode":            plan.ModeName,
	"roles":           func() any { return account.Roles },
	"unitKinds":       func() any { return ward.Kinds },
	"statuses":        func() any { return plan.Statuses },
	"recurrences":     func() any { return plan.Recurrences },
	"roman":           roman,
	"reportStatus":    unitreport.StatusName,
	"feedbackStatus":  feedback.StatusName,
	"articleStatus":   news.StatusName,
	"articleStatuses": func() any { return news.Statuses },
	"providerName":    social.ProviderName,
	"socialState":     social.StateName,
	"exemplarKind":    exemplar.KindName,
	"exemplarStatus":  exemplar.StatusName,
	"prizeName":       contest.PrizeName,
	"priorityName":    broadcast.PriorityName,
	"priorities":      func() any { return broadcast.Priorities },
	"bulletinStatus":  broadcast.StatusName,
	"audioSource":     broadcast.SourceName,
	"templatesOf":     func() any { return broadcast.Templates },
	"excerpt":         vn.Excerpt,
	"posterKind":      poster.KindName,
	"posterKinds":     func() []poster.Choice { return poster.Kinds },
	"placeKind":       poster.PlaceKindName,
	"placeKinds":      func() []poster.Choice { return poster.PlaceKinds },
	"posterStatus":    poster.StatusName,
	"posterStatuses":  func() []poster.Choice { return poster.Statuses },
	"posterTargets":   func() []poster.Choice { return poster.Targets },
	"printSizes":      func() []int { return poster.PrintSizes },
	"meetingKind":     meeting.KindName,
	"meetingKinds":    func() []meeting.Choice { return meeting.Kinds },
	"meetingGroups":   func() []meeting.Choice { return meeting.Groups },
	"meetingGroup":    meeting.GroupName,
	"meetingStatus":   meeting.StatusName,
	"ageGroups":       func() []survey.Choice { return survey.AgeGroups },
	"sexes":           func() []survey.Choice { return survey.Sexes },
	"surveyStatus":    survey.StatusName,
	"share":           survey.Percent,
	"scopeName":       contest.ScopeName,
	"resultsName":     contest.ResultsName,
	"difficultyName":  contest.DifficultyName,
	"difficulties":    func() any { return contest.Difficulties },
	"letter":          contest.Letter,
	"codeDigits":      func() int { return contest.CodeDigits },
	"minGroup":        func() int { return contest.MinGroup },
	"duration":        durationText,
	"minutes":         func(d time.Duration) string { return clock(int(d.Seconds())) },
	"clock":           clock,
	"now":             time.Now,
	"origin":          func(p *page) string { return p.Origin },
	"canonical":       func(p *page) string { return p.Origin + p.Path },
	"mul":             func(a, b int) int { return a * b },
	"div": func(a, b int) int {
		if b == 0 {
			return 0
		}
		return a / b
	},
	"inList": func(v, list string) bool {
		for _, x := range strings.Split(list, ",") {
			if strings.TrimSpace(x) == v {
				return true
			}
		}
		return false
	},
	"feedbackStatuses":   func() []string { return feedback.Statuses },
	"feedbackCategories": func() any { return feedback.Categories },
	"categoryName":       feedback.CategoryName,
	"ratingName":         feedback.RatingName,
	"notifyName":         feedback.NotifyName,
	"textProvider": func(p string) string {
		return map[string]string{"zns": "Zalo ZNS", "esms": "SMS (eSMS)", "console": "Nhật ký (không gửi thật)"}[p]
	},
	"list": func(v ...int) []int { return v },
	"rate": func(p int) string {
		if p < 0 {
			return "–"
		}
		return strconv.Itoa(p) + "%"
	},
	"month": func(m string) string {
		if len(m) == 7 {
			return m[5:] + "/" + m[:4]
		}
		return m
	},
	"add": func(a, b int) int { return a + b },
	"percent": func(a, b int) int {
		if b == 0 {
			return 0
		}
		return a * 100 / b
	},
	"lower":  strings.ToLower,
	"inText": vn.LowerFirst,
	"lines":  func(s string) []string { return strings.Split(strings.TrimSpace(s), "\n") },
	"field":  func(p *page, name, label string) fieldArgs { return fieldArgs{P: p, Name: name, Label: label} },
	"dateField": func(p *page, name, label string) fieldArgs {
		return fieldArgs{P: p, Name: name, Label: label, Hint: "numeric"}
	},
	"areaField": func(p *page, name, label string, rows int) fieldArgs {
		return fieldArgs{P: p, Name: name, Label: label, Type: "textarea", Rows: rows}
	},
	"pwField": func(p *page, name, label string) fieldArgs {
		return fieldArgs{P: p, Name: name, Label: label, Type: "password"}
	},
}

// fieldArgs feeds the "field" template: a labelled input with its message.
type fieldArgs struct {
	P                 *page
	Name, Label, Type string
	Hint              string
	Rows              int
}

// clock is a number of seconds as "mm:ss" (or "h:mm:ss").
func clock(secs int) string {
	if secs < 0 {
		secs = 0
	}
	if secs >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", secs/3600, secs/60%60, secs%60)
	}
	return fmt.Sprintf("%02d:%02d", secs/60, secs%60)
}

func roman(n int) string {
	r := []string{"", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"}
	if n >= 0 && n < len(r) {
		return r[n]
	}
	return strconv.Itoa(n)
}

// parseTemplates parses each page together with the partials at start-up,
// so a broken template stops the server from starting rather than failing
// a user.
func parseTemplates() (*templates, error) {
	var names []string
	for _, dir := range []string{"portal", "workspace"} {
		ns, err := fs.Glob(templateFS, "templates/"+dir+"/*.html")
		if err != nil {
			return nil, err
		}
		names = append(names, ns...)
	}
	t := &templates{pages: map[string]*template.Template{}}
	for _, n := range names {
		base := strings.TrimSuffix(path.Base(n), ".html")
		if t.pages[base] != nil {
			return nil, fmt.Errorf("template %s: two pages named %s", n, base)
		}
		p, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/partials/*.html", n)
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", n, err)
		}
		t.pages[base] = p
	}
	return t, nil
}

// page is what every template receives.
type page struct {
	Title   string
	Ward    *ward.Ward
	User    *account.User
	CSRF    string
	Flash   string
	Path    string
	Data    any
	Errors  check.Errors
	Form    url.Values
	Unread  int    // the official's unread notices
	OG      og     // how the page looks when shared to Zalo or Facebook
	Origin  string // scheme and host, for canonical and Open Graph addresses
	Offline string // the pages the field app keeps for this official, space-separated
}

func (c *request) render(name string, title string, data any) error {
	return c.renderPage(http.StatusOK, name, &page{Title: title, Data: data})
}

func (c *request) renderPage(status int, name string, p *page) error {
	t := c.s.tmpl.pages[name]
	if t == nil {
		return fmt.Errorf("no template %q", name)
	}
	if renderHook != nil {
		renderHook(name)
	}
	p.Ward, p.User, p.CSRF, p.Path, p.Origin = c.ward, c.user, c.csrf, c.r.URL.Path, c.s.baseURL(c.r)
	if c.user != nil {
		p.Unread, _ = notice.Unread(c.r.Context(), c.s.DB, c.user.ID)
		p.Offline = c.s.offlinePages(c.user.Role)
	}
	if p.Form == nil {
		p.Form = url.Values{}
	}
	if ck, err := c.r.Cookie("cchc_flash"); err == nil {
		if msg, err := url.QueryUnescape(ck.Value); err == nil {
			p.Flash = msg
		}
		http.SetCookie(c.w, c.s.cookie(c.r, "cchc_flash", "", -1))
	}
	var b bytes.Buffer
	if err := t.Execute(&b, p); err != nil {
		return fmt.Errorf("render %s: %w", name, err)
	}
	out := b.Bytes()
	if len(p.Errors) > 0 {
		out = bytes.Replace(out, []byte(summaryMarker), errorSummary(out, p.Errors), 1)
	}
	if c.csrf != csrfPlaceholder {
		c.issueCSRF()
	}
	h := c.w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	if c.user != nil {
		h.Set("Cache-Control", "private, no-store")
	}
	c.w.WriteHeader(status)
	_, err := c.w.Write(out)
	return err
}

// summaryMarker is where the layout puts the error summary of a page with
// field messages.
const summaryMarker = `<div data-error-summary></div>`

// errorSummary lists a form's messages at the top of the page, in the
// order of their fields on it, each a link to its field (GOV.UK's error
// summary): the page is rendered first, so the order is the page's own.
// A message with no field on the page (the form's) is listed unlinked.
func errorSummary(doc []byte, errs check.Errors) []byte {
	type item struct {
		at          int
		target, msg string
	}
	var items []item
	for k, msg := range errs {
		it := item{at: len(doc), msg: msg}
		for _, id := range []string{k, k + "-err"} {
			if i := bytes.Index(doc, []byte(`id="`+id+`"`)); i >= 0 {
				it.at, it.target = i, id
				break
			}
		}
		items = append(items, it)
	}
	sort.Slice(items, func(i, j int) bool {
		if items[i].at != items[j].at {
			return items[i].at < items[j].at
		}
		return items[i].msg < items[j].msg
	})
	var b bytes.Buffer
	b.WriteString(`<div class="error-summary" role="alert" tabindex="-1" aria-labelledby="tom-tat-loi"><h2 id="tom-tat-loi">Cần sửa trước khi gửi</h2><ul>`)
	for _, it := range items {
		if it.target == "" {
			fmt.Fprintf(&b, `<li>%s</li>`, html.EscapeString(it.msg))
		} else {
			fmt.Fprintf(&b, `<li><a href="#%s">%s</a></li>`, html.EscapeString(it.target), html.EscapeString(it.msg))
		}
	}
	b.WriteString(`</ul></div>`)
	return b.Bytes()
}

// renderForm shows a form again with the submitted values and field messages.
func (c *request) renderForm(name, title string, data any, errs check.Errors) error {
	c.r.ParseForm()
	return c.renderPage(c.invalidStatus(), name, &page{Title: title, Data: data, Errors: errs, Form: c.r.PostForm})
}

// invalidStatus is the status of a refused form: 422, or 413 and 408 when
// its body was cut (too large, too slow).
func (c *request) invalidStatus() int {
	if c.bodyErr != nil {
		return c.bodyErr.status
	}
	return http.StatusUnprocessableEntity
}

// errorPage is a page that says what went wrong; Search offers the
// procedure search box (a page not found: what the person was after is
// most often a procedure).
type errorPage struct {
	Title, Message string
	Search         bool
}

var notFoundPage = errorPage{Title: "Không tìm thấy trang", Message: "Trang bạn tìm không có hoặc đã được chuyển đi. Anh/chị có thể tìm thủ tục cần làm ngay dưới đây.", Search: true}

func (c *request) renderStatus(status int, name string, e errorPage) {
	if err := c.renderPage(status, name, &page{Title: e.Title, Data: e}); err != nil {
		c.s.Log.ErrorContext(c.r.Context(), "render error page", "err", err)
	}
}

func (c *request) forbidden() {
	c.renderStatus(http.StatusForbidden, "error", errorPage{Title: "Không có quyền truy cập",
		Message: "Tài khoản của bạn không được phép xem hoặc thay đổi nội dung này."})
}

func (c *request) notFound() {
	c.renderStatus(http.StatusNotFound, "error", notFoundPage)
}

// handleError maps the domain's error contract to HTTP in one place.
func (c *request) handleError(err error) {
	var ce check.Errors
	switch {
	case errors.Is(err, db.ErrNotFound):
		c.notFound()
	case errors.Is(err, check.ErrForbidden): // every domain's ErrForbidden is this one
		c.forbidden()
	case errors.As(err, &ce):
		c.renderStatus(c.invalidStatus(), "error", errorPage{Title: "Dữ liệu chưa hợp lệ", Message: strings.Join(values(ce), " ")})
	default:
		c.s.Log.ErrorContext(c.r.Context(), "handler failed", "path", c.r.URL.Path, "err", err)
		c.renderStatus(http.StatusInternalServerError, "error", errorPage{Title: "Lỗi hệ thống",
			Message: "Đã có lỗi xảy ra. Vui lòng thử lại sau hoặc liên hệ quản trị hệ thống."})
	}
}

func values(e check.Errors) []string {
	var out []string
	for _, v := range e {
		out = append(out, v)
	}
	return out
}

// redirect sends the browser to target after a successful form with a message.
func (c *request) redirect(target, flash string) error {
	if flash != "" {
		ck := c.s.cookie(c.r, "cchc_flash", url.QueryEscape(flash), 60)
		http.SetCookie(c.w, ck)
	}
	http.Redirect(c.w, c.r, target, http.StatusSeeOther)
	return nil
}

// id reads a numeric path value; a malformed one is "not found".
func (c *request) id(name string) (int64, error) {
	n, err := strconv.ParseInt(c.r.PathValue(name), 10, 64)
	if err != nil || n <= 0 {
		return 0, db.ErrNotFound
	}
	return n, nil
}

// renderHook lets tests record which templates were rendered.
var renderHook func(name string)

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }

// Office document types served as downloads.
const (
	xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	docxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
)

// download sends a generated file as an attachment; it is built in memory
// first so that a failure shows an error page, not half a file.
func (c *request) download(b *bytes.Buffer, filename, contentType string) error {
	h := c.w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Disposition", `attachment; filename="`+filename+`"`)
	h.Set("Content-Length", strconv.Itoa(b.Len()))
	h.Set("Cache-Control", "private, no-store")
	_, err := c.w.Write(b.Bytes())
	return err
}
