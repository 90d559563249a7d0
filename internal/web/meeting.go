package web

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/cchc-vn/cchc/internal/account"
	"github.com/cchc-vn/cchc/internal/check"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/feedback"
	"github.com/cchc-vn/cchc/internal/media"
	"github.com/cchc-vn/cchc/internal/meeting"
	"github.com/cchc-vn/cchc/internal/vn"
	"github.com/cchc-vn/cchc/internal/ward"
)

// Meetings: the officials' calendar, a meeting's page with its forms
// (schedule, record the result, residents' opinions, the Front's comments),
// the minutes as DOCX, the calendar feeds, the public calendar and the
// open data.

// maxMeetingUpload fits a meeting's photos and its sign-in sheet.
const maxMeetingUpload = (meeting.MaxPhotos+1)*media.MaxSize + 1<<20

type meetingsData struct {
	Late, Coming, Past []*meeting.Meeting
	Units              []*ward.Unit
	Unit               string // the filter: a unit's id, or "tat-ca"
	UnitName           string
	FeedURL            string // the unit's calendar address, for a phone
	FeedUnit           int64
	CanAdd             bool
	Today              string
}

// meetingUnit is the unit whose meetings the list shows: the one asked for,
// by default the official's own unit (the lead unit sees all).
func meetingUnit(c *request) (int64, string) {
	v := c.r.URL.Query().Get("don-vi")
	if v == "tat-ca" {
		return 0, v
	}
	if id, err := strconv.ParseInt(v, 10, 64); err == nil && id > 0 {
		return id, v
	}
	if c.user.UnitID != 0 && c.user.Is(account.RoleUnitOfficer, account.RoleKhuPhoHead, account.RoleSupervisor) {
		return c.user.UnitID, itoa64(c.user.UnitID)
	}
	return 0, "tat-ca"
}

// meetings is the calendar: what waits for its minutes first, then what
// is coming, then the last three months.
func (s *Server) meetings(c *request) error {
	ctx := c.r.Context()
	now := time.Now().In(vn.Zone)
	unit, sel := meetingUnit(c)
	units, err := ward.Units(ctx, s.DB, c.ward.ID)
	if err != nil {
		return err
	}
	d := &meetingsData{Units: units, Unit: sel, CanAdd: meeting.CanManage(c.user), Today: now.Format(time.DateOnly)}
	scheduled, err := meeting.List(ctx, s.DB, c.ward.ID, meeting.Filter{Unit: unit, Status: meeting.Scheduled})
	if err != nil {
		return err
	}
	for _, m := range scheduled {
		if m.Late(now) != "" {
			d.Late = append(d.Late, m)
		} else if !m.EndsAt.Before(now) {
			d.Coming = append(d.Coming, m)
		}
	}
	recent, err := meeting.List(ctx, s.DB, c.ward.ID, meeting.Filter{Unit: unit, From: now.AddDate(0, -3, 0).Format(time.DateOnly), To: d.Today})
	if err != nil {
		return err
	}
	for i := len(recent) - 1; i >= 0; i-- { // the latest first
		if recent[i].Status != meeting.Scheduled {
			d.Past = append(d.Past, recent[i])
		}
	}
	for _, u := range units {
		if u.ID == unit {
			d.UnitName = u.Name
		}
	}
	if unit != 0 && (unit == c.user.UnitID || meeting.CanOrganise(c.user, unit)) {
		token, err := meeting.FeedToken(ctx, s.DB, c.ward.ID, unit)
		if err != nil {
			return err
		}
		d.FeedURL, d.FeedUnit = s.baseURL(c.r)+"/lich/"+token+".ics", unit
	}
	return c.render("meetings", "Lịch họp", d)
}

// meetingFeedRenew gives a unit's calendar a new address when the old one
// has been passed on; phones subscribed to it stop receiving meetings.
func (s *Server) meetingFeedRenew(c *request) error {
	unit := formID(c, "unit_id")
	if unit == 0 {
		unit = c.user.UnitID
	}
	if unit == 0 {
		return check.Errors{"unit_id": "Vui lòng chọn đơn vị của lịch họp."}
	}
	if unit != c.user.UnitID && !meeting.CanOrganise(c.user, unit) {
		return meeting.ErrForbidden
	}
	if _, err := ward.UnitByID(c.r.Context(), s.DB, c.ward.ID, unit); err != nil {
		return err
	}
	if _, err := meeting.NewFeedToken(c.r.Context(), s.DB, c.ward.ID, unit); err != nil {
		return err
	}
	return c.redirect("/quan-ly/hop?don-vi="+itoa64(unit), "Đã đổi địa chỉ lịch họp. Địa chỉ cũ không dùng được nữa; hãy đăng ký lại trên điện thoại.")
}

type meetingData struct {
	Meeting    *meeting.Meeting
	Names      *planNames
	Organisers []*ward.Unit // the units the official may schedule for
	KhuPho     []*ward.Unit
	Rows       []int // the agenda's rows in the form
	Opinions   []*feedback.Item
	Categories any
	CanEdit    bool
	CanOpinion bool
	CanComment bool
	Started    bool
	Late       string
}

func (s *Server) meetingData(ctx context.Context, c *request, m *meeting.Meeting) (*meetingData, error) {
	names, err := s.planNames(ctx, c.ward.ID)
	if err != nil {
		return nil, err
	}
	units, err := ward.Units(ctx, s.DB, c.ward.ID)
	if err != nil {
		return nil, err
	}
	now := time.Now()
	d := &meetingData{Meeting: m, Names: names, Categories: feedback.Categories, Started: m.ID != 0 && m.Started(now), Late: m.Late(now)}
	if m.ID == 0 {
		d.CanEdit = meeting.CanManage(c.user)
	} else {
		d.CanEdit = meeting.CanEdit(c.user, m) && m.Status != meeting.Cancelled
		d.CanOpinion = (d.CanEdit || c.user.Is(account.RoleSupervisor)) && m.Status != meeting.Cancelled && d.Started
		d.CanComment = meeting.CanComment(c.user) && m.Status == meeting.Closed
		if d.Opinions, err = feedback.OfMeeting(ctx, s.DB, c.ward.ID, m.ID); err != nil {
			return nil, err
		}
	}
	for _, u := range units {
		if meeting.CanOrganise(c.user, u.ID) || u.ID == m.OrganiserID {
			d.Organisers = append(d.Organisers, u)
		}
		if u.Kind == ward.KindKhuPho {
			d.KhuPho = append(d.KhuPho, u)
		}
	}
	for i := 1; i <= min(meeting.MaxAgenda, max(3, len(m.Agenda)+1)); i++ {
		d.Rows = append(d.Rows, i)
	}
	return d, nil
}

// meetingForm is the schedule form's values for m.
func meetingForm(m *meeting.Meeting) url.Values {
	f := url.Values{"kind": {m.Kind}, "title": {m.Title}, "organiser_id": {itoa64(m.OrganiserID)}, "khu_pho_id": {itoa64(m.KhuPhoID)},
		"venue": {m.Venue}, "invited": {m.Invited}, "expected": {strconv.Itoa(m.Expected)}}
	if m.Expected == 0 {
		f.Set("expected", "")
	}
	if m.Public {
		f.Set("public", "1")
	}
	if !m.StartsAt.IsZero() {
		f.Set("date", vn.Date(m.StartsAt))
		f.Set("starts", m.StartsAt.In(vn.Zone).Format("15:04"))
		f.Set("ends", m.EndsAt.In(vn.Zone).Format("15:04"))
	}
	for i, it := range m.Agenda {
		n := "agenda_" + strconv.Itoa(i+1)
		f.Set(n, it.Body)
		f.Set(n+"_themes", strings.Join(it.Themes, ","))
		f.Set(n+"_procedure", it.ProcedureCode)
	}
	return f
}

func (s *Server) meetingOf(c *request) (*meeting.Meeting, error) {
	id, err := c.id("id")
	if err != nil {
		return nil, err
	}
	return meeting.Get(c.r.Context(), s.DB, c.ward.ID, id)
}

func meetingTitle(m *meeting.Meeting) string {
	if m.ID == 0 {
		return "Lên lịch cuộc họp"
	}
	return meeting.KindName(m.Kind) + ": " + vn.Excerpt(m.Title, 60)
}

func (s *Server) meetingNew(c *request) error {
	now := time.Now().In(vn.Zone)
	m := &meeting.Meeting{Kind: "hop-dan", OrganiserID: c.user.UnitID, Public: true,
		StartsAt: time.Date(now.Year(), now.Month(), now.Day()+7, 19, 30, 0, 0, vn.Zone), EndsAt: time.Date(now.Year(), now.Month(), now.Day()+7, 21, 0, 0, 0, vn.Zone)}
	if c.user.Is(account.RoleKhuPhoHead) {
		m.KhuPhoID = c.user.UnitID
	}
	d, err := s.meetingData(c.r.Context(), c, m)
	if err != nil {
		return err
	}
	return c.renderPage(http.StatusOK, "meeting_form", &page{Title: meetingTitle(m), Data: d, Form: meetingForm(m)})
}

// meetingPage is a meeting: what is late about it first, then what to do.
func (s *Server) meetingPage(c *request) error {
	m, err := s.meetingOf(c)
	if err != nil {
		return err
	}
	d, err := s.meetingData(c.r.Context(), c, m)
	if err != nil {
		return err
	}
	return c.renderPage(http.StatusOK, "meeting", &page{Title: meetingTitle(m), Data: d, Form: url.Values{}})
}

func (s *Server) meetingEdit(c *request) error {
	return s.meetingKeeperForm(c, "meeting_form", "Sửa lịch: ", meetingForm)
}

// meetingKeeperForm shows one of a meeting's forms to those who keep it.
func (s *Server) meetingKeeperForm(c *request, name, title string, form func(*meeting.Meeting) url.Values) error {
	m, err := s.meetingOf(c)
	if err != nil {
		return err
	}
	if !meeting.CanEdit(c.user, m) {
		return meeting.ErrForbidden
	}
	d, err := s.meetingData(c.r.Context(), c, m)
	if err != nil {
		return err
	}
	return c.renderPage(http.StatusOK, name, &page{Title: title + vn.Excerpt(m.Title, 60), Data: d, Form: form(m)})
}

// meetingFail shows a form of the meeting again, as typed, with messages.
func (s *Server) meetingFail(c *request, name string, m *meeting.Meeting, ce check.Errors) error {
	d, err := s.meetingData(c.r.Context(), c, m)
	if err != nil {
		return err
	}
	for k, v := range c.r.PostForm {
		if strings.HasSuffix(k, "_themes") {
			c.r.PostForm.Set(k, strings.Join(v, ","))
		}
	}
	return c.renderForm(name, meetingTitle(m), d, ce)
}

// meetingSave schedules a meeting or changes its schedule.
func (s *Server) meetingSave(c *request) error {
	ctx := c.r.Context()
	m := &meeting.Meeting{}
	if c.r.PathValue("id") != "" {
		var err error
		if m, err = s.meetingOf(c); err != nil {
			return err
		}
	}
	names, err := s.planNames(ctx, c.ward.ID)
	if err != nil {
		return err
	}
	saved, err := meeting.Save(ctx, s.DB, c.user, c.actor(), m.ID, meetingInput(c), names.themes, time.Now())
	var ce check.Errors
	if errors.As(err, &ce) {
		return s.meetingFail(c, "meeting_form", m, ce)
	} else if err != nil {
		return err
	}
	msg := "Đã lên lịch " + strings.ToLower(meeting.KindName(saved.Kind)) + " " + saved.When() + "."
	if m.ID != 0 {
		msg = "Đã lưu thay đổi."
	}
	return c.redirect("/quan-ly/hop/"+itoa64(saved.ID), msg)
}

func (s *Server) meetingCancel(c *request) error {
	return s.meetingStep(c, "meeting", func(ctx context.Context, m *meeting.Meeting) (string, error) {
		return "Đã hủy cuộc họp. Lịch trên điện thoại của người đăng ký sẽ tự cập nhật.",
			meeting.Cancel(ctx, s.DB, c.user, c.actor(), m.ID, c.r.PostFormValue("cancel_reason"), time.Now())
	})
}

// meetingStep runs one step on the meeting of the address: on success
// back to its page with msg, refused the form named comes back as typed.
func (s *Server) meetingStep(c *request, form string, step func(ctx context.Context, m *meeting.Meeting) (msg string, err error)) error {
	m, err := s.meetingOf(c)
	if err != nil {
		return err
	}
	msg, err := step(c.r.Context(), m)
	var ce check.Errors
	if errors.As(err, &ce) {
		return s.meetingFail(c, form, m, ce)
	} else if err != nil {
		return err
	}
	return c.redirect("/quan-ly/hop/"+itoa64(m.ID), msg)
}

// minutesForm is the result form's values: what was recorded, or for a
// first record the invited groups and the agenda to start from.
func minutesForm(m *meeting.Meeting) url.Values {
	f := url.Values{"number": {m.Number}, "chair": {m.Chair}, "secretary": {m.Secretary}, "participants": {m.Participants},
		"content": {m.Content}, "conclusion": {m.Conclusion}, "cost": {vn.Number(m.Cost)}}
	if m.Cost == 0 {
		f.Set("cost", "")
	}
	for g, n := range m.Present {
		f.Set("present_"+g, strconv.Itoa(n))
	}
	if m.Status != meeting.Closed {
		f.Set("participants", m.Invited)
		var b strings.Builder
		for i, it := range m.Agenda {
			b.WriteString(strconv.Itoa(i+1) + ". " + it.Body + "\n")
		}
		f.Set("content", b.String())
	}
	return f
}

func (s *Server) meetingMinutesForm(c *request) error {
	return s.meetingKeeperForm(c, "meeting_close", "Kết quả: ", minutesForm)
}

// meetingClose records attendance, the minutes and photos; the plan
// counts the meeting once.
func (s *Server) meetingClose(c *request) error {
	return s.meetingStep(c, "meeting_close", func(ctx context.Context, m *meeting.Meeting) (string, error) {
		in, err := meetingMinutes(c)
		if err == nil {
			_, err = meeting.Close(ctx, s.DB, s.Files, c.user, c.actor(), m.ID, in, time.Now())
		}
		if m.Status == meeting.Closed {
			return "Đã sửa kết quả cuộc họp; hoạt động trong kế hoạch được cập nhật theo.", err
		}
		return "Đã ghi kết quả cuộc họp và tính vào kết quả thực hiện kế hoạch.", err
	})
}

func (s *Server) meetingOpinionForm(c *request) error {
	m, err := s.meetingOf(c)
	if err != nil {
		return err
	}
	d, err := s.meetingData(c.r.Context(), c, m)
	if err != nil {
		return err
	}
	if !d.CanOpinion {
		return meeting.ErrForbidden
	}
	return c.renderPage(http.StatusOK, "meeting_opinion", &page{Title: "Ý kiến người dân: " + vn.Excerpt(m.Title, 60), Data: d,
		Form: url.Values{"consent": {"1"}, "category": {"thu_tuc"}}})
}

// meetingOpinion records what a resident said as a feedback item linked
// to the meeting.
func (s *Server) meetingOpinion(c *request) error {
	return s.meetingStep(c, "meeting_opinion", func(ctx context.Context, m *meeting.Meeting) (string, error) {
		desk, err := s.desk(ctx, c.ward.ID)
		if err != nil {
			return "", err
		}
		ix, err := s.index(ctx, c.ward.ID)
		if err != nil {
			return "", err
		}
		sub, err := feedbackSubmission(c, ix)
		if err != nil {
			return "", err
		}
		it, err := meeting.Opinion(ctx, s.DB, s.Files, desk, c.user, m.ID, sub.Input, sub.Photos, time.Now())
		if err != nil {
			return "", err
		}
		return "Đã ghi ý kiến thành phản ánh, mã " + it.Code + ". Hãy báo mã này cho người dân để tra cứu kết quả.", nil
	})
}

func (s *Server) meetingComment(c *request) error {
	return s.meetingStep(c, "meeting", func(ctx context.Context, m *meeting.Meeting) (string, error) {
		return "Đã gửi góp ý về biên bản.", meeting.AddComment(ctx, s.DB, c.user, c.actor(), m.ID, c.r.PostFormValue("comment"), time.Now())
	})
}

// meetingMinutes is the biên bản as a Word document.
func (s *Server) meetingMinutes(c *request) error {
	id, err := c.id("id")
	if err != nil {
		return err
	}
	var b bytes.Buffer
	if err := meeting.WriteMinutes(c.r.Context(), s.DB, &b, c.user, id); err != nil {
		return err
	}
	return c.download(&b, "bien-ban-hop-"+itoa64(id)+".docx", docxType)
}

func (s *Server) meetingPhoto(c *request) error {
	return s.recordPhoto(c, func(ctx context.Context, id, photo int64) (string, string, error) {
		ph, err := meeting.PhotoFor(ctx, s.DB, c.user, id, photo)
		if err != nil {
			return "", "", err
		}
		return ph.Key, ph.ContentType, nil
	})
}

// feedHost names the ward in events' identifiers, which must not change
// with the address a phone happens to use.
func feedHost(c *request) string {
	if c.ward.Host != "" {
		return c.ward.Host
	}
	return c.ward.Code + ".cchc.invalid"
}

func (s *Server) writeICS(c *request, name string, ms []*meeting.Meeting, link func(*meeting.Meeting) string) error {
	var b bytes.Buffer
	if err := meeting.WriteICS(&b, meeting.Feed{Name: name, Host: feedHost(c), Origin: s.baseURL(c.r), Link: link}, ms, time.Now()); err != nil {
		return err
	}
	h := c.w.Header()
	h.Set("Content-Type", "text/calendar; charset=utf-8")
	h.Set("Content-Disposition", `inline; filename="lich-hop.ics"`)
	_, err := c.w.Write(b.Bytes())
	return err
}

// feedPast is how many past meetings a calendar feed keeps: a phone's
// calendar needs what is coming and some history, not every year's.
const feedPast = 200

// latest keeps the meetings (in order of their start) that have not ended
// by now, and the last n of those that have.
func latest(ms []*meeting.Meeting, n int, now time.Time) []*meeting.Meeting {
	past := 0
	for past < len(ms) && ms[past].EndsAt.Before(now) {
		past++
	}
	return ms[max(0, past-n):]
}

// meetingFeed is a unit's calendar at its secret address, for a phone's
// calendar to subscribe without signing in: what is coming and the latest
// held or called off, public or not.
func (s *Server) meetingFeed(c *request) error {
	ctx := c.r.Context()
	token, ok := strings.CutSuffix(c.r.PathValue("token"), ".ics")
	unit, err := meeting.FeedUnit(ctx, s.DB, c.ward.ID, token)
	if !ok || errors.Is(err, db.ErrNotFound) {
		// A calendar app shows this text, if anything: no page around it.
		c.w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		c.w.WriteHeader(http.StatusNotFound)
		_, err := c.w.Write([]byte("Địa chỉ lịch họp không đúng hoặc đã được thay. Vui lòng lấy địa chỉ mới ở trang Lịch họp.\n"))
		return err
	} else if err != nil {
		return err
	}
	u, err := ward.UnitByID(ctx, s.DB, c.ward.ID, unit)
	if err != nil {
		return err
	}
	ms, err := meeting.List(ctx, s.DB, c.ward.ID, meeting.Filter{Unit: unit})
	if err != nil {
		return err
	}
	ms = latest(ms, feedPast, time.Now())
	c.w.Header().Set("Cache-Control", "private, no-store")
	c.w.Header().Set("X-Robots-Tag", "noindex")
	return s.writeICS(c, "Lịch họp – "+u.Name, ms, func(m *meeting.Meeting) string { return "/quan-ly/hop/" + itoa64(m.ID) })
}

// publicMeetings are the ward's public meetings, by their start.
func (s *Server) publicMeetings(ctx context.Context, wardID int64) ([]*meeting.Meeting, error) {
	return meeting.List(ctx, s.DB, wardID, meeting.Filter{Public: true})
}

type portalMeetingsData struct {
	Coming, Past []*meeting.Meeting
	Feed         string // the public calendar's webcal address
}

// portalMeetings is the public calendar: meetings residents may attend,
// and what the last thirty drew.
func (s *Server) portalMeetings(c *request) error {
	ms, err := s.publicMeetings(c.r.Context(), c.ward.ID)
	if err != nil {
		return err
	}
	now := time.Now()
	d := &portalMeetingsData{Feed: "webcal://" + c.r.Host + "/lich-hop.ics"}
	for _, m := range latest(ms, 30, now) {
		if m.EndsAt.After(now) {
			d.Coming = append(d.Coming, m)
		} else {
			d.Past = append([]*meeting.Meeting{m}, d.Past...)
		}
	}
	return c.render("meetings_public", "Lịch họp, hội nghị, đối thoại với người dân", d)
}

func (s *Server) portalMeetingsICS(c *request) error {
	ms, err := s.publicMeetings(c.r.Context(), c.ward.ID)
	if err != nil {
		return err
	}
	c.w.Header().Set("Cache-Control", "public, max-age=900")
	return s.writeICS(c, "Lịch họp – "+c.ward.FullName, latest(ms, feedPast, time.Now()), func(m *meeting.Meeting) string { return "/lich-hop#hop-" + itoa64(m.ID) })
}

type apiMeeting struct {
	ID         int64    `json:"id"`
	Kind       string   `json:"kind"`
	KindName   string   `json:"kind_name"`
	Title      string   `json:"title"`
	StartsAt   string   `json:"starts_at"`
	EndsAt     string   `json:"ends_at"`
	KhuPho     string   `json:"khu_pho,omitempty"`
	Venue      string   `json:"venue,omitempty"`
	Organiser  string   `json:"organiser"`
	Themes     []string `json:"themes"`
	Agenda     []string `json:"agenda"`
	Status     string   `json:"status"`
	Attendance *int     `json:"attendance,omitempty"` // once it is held
}

// apiMeetings is the open data of every public meeting: never a name,
// the minutes or residents' opinions.
func (s *Server) apiMeetings(c *request) error {
	ms, err := s.publicMeetings(c.r.Context(), c.ward.ID)
	if err != nil {
		return err
	}
	out := struct {
		Ward  string       `json:"ward"`
		Items []apiMeeting `json:"items"`
	}{Ward: c.ward.Code, Items: []apiMeeting{}}
	for _, m := range ms {
		a := apiMeeting{ID: m.ID, Kind: m.Kind, KindName: meeting.KindName(m.Kind), Title: m.Title, StartsAt: m.StartsAt.In(vn.Zone).Format(time.RFC3339),
			EndsAt: m.EndsAt.In(vn.Zone).Format(time.RFC3339), KhuPho: m.KhuPhoName, Venue: m.Venue, Organiser: m.Organiser, Themes: m.Themes(),
			Agenda: []string{}, Status: m.Status}
		if a.Themes == nil {
			a.Themes = []string{}
		}
		for _, it := range m.Agenda {
			a.Agenda = append(a.Agenda, it.Body)
		}
		if m.Status == meeting.Closed {
			n := m.Attendance
			a.Attendance = &n
		}
		out.Items = append(out.Items, a)
	}
	return c.json(http.StatusOK, out)
}
