package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/cchc-vn/cchc/internal/check"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/feedback"
	"github.com/cchc-vn/cchc/internal/media"
	"github.com/cchc-vn/cchc/internal/procedure"
	"github.com/cchc-vn/cchc/internal/ward"
	"github.com/cchc-vn/cchc/internal/workday"
)

const maxFeedbackUpload = feedback.MaxPhotos*media.MaxSize + 1<<20

type feedbackFormData struct {
	KhuPho     []*ward.Unit
	Categories any
	Notifies   any
	Challenge  string
	Bits       int
	OnBehalf   bool              // an official records for a resident
	Required   map[string]string // what each question page needs before the next, in the domain's words
}

func (s *Server) feedbackFormData(c *request, onBehalf bool) (*feedbackFormData, error) {
	desk, err := s.desk(c.r.Context(), c.ward.ID)
	if err != nil {
		return nil, err
	}
	d := &feedbackFormData{Categories: feedback.Categories, Notifies: feedback.Notifies, OnBehalf: onBehalf, Bits: s.pow.Bits, KhuPho: desk.KhuPho(), Required: feedback.RequiredMessages()}
	if !onBehalf {
		d.Challenge = s.pow.Challenge(time.Now())
	}
	return d, nil
}

// feedbackForm is the public form; a procedure page links here with ?thu-tuc=CODE.
func (s *Server) feedbackForm(c *request) error {
	d, err := s.feedbackFormData(c, false)
	if err != nil {
		return err
	}
	form := url.Values{}
	if code := c.r.URL.Query().Get("thu-tuc"); code != "" {
		ix, err := s.index(c.r.Context(), c.ward.ID)
		if err != nil {
			return err
		}
		if h, ok := ix.Find(code); ok {
			form.Set("procedure_code", h.Code)
			form.Set("procedure", h.Name)
			form.Set("category", "thu_tuc")
		}
	}
	c.w.Header().Set("Cache-Control", "no-store") // each form carries its own challenge
	return c.renderPage(http.StatusOK, "feedback_form", &page{Title: "Gửi phản ánh, kiến nghị", Data: d, Form: form})
}

// feedbackSubmit takes a resident's feedback. A solved proof of work earns
// the ordinary limit; a browser without JavaScript gets a stricter one.
func (s *Server) feedbackSubmit(c *request) error {
	ctx := c.r.Context()
	d, err := s.feedbackFormData(c, false)
	if err != nil {
		return err
	}
	again := func(e check.Errors) error {
		return c.renderForm("feedback_form", "Gửi phản ánh, kiến nghị", d, e)
	}
	ix, err := s.index(ctx, c.ward.ID)
	if err != nil {
		return err
	}
	sub, err := feedbackSubmission(c, ix)
	var ce check.Errors
	if errors.As(err, &ce) { // a photo cut short: the form comes back as typed
		return again(ce)
	} else if err != nil {
		return err
	}
	challenge, nonce := c.r.PostFormValue("challenge"), c.r.PostFormValue("nonce")
	limiter := s.feedbackSlow
	if challenge != "" || nonce != "" {
		if err := s.pow.Verify(challenge, nonce, time.Now()); err != nil {
			return again(check.Errors{"form": "Biểu mẫu đã quá hạn. Vui lòng gửi lại."})
		}
		limiter = s.feedbackLim
	} else {
		challenge = ""
	}
	if ok, _, err := limiter.Allow(ctx, s.clientIP(c.r)); err != nil {
		return err
	} else if !ok {
		return c.renderPage(http.StatusTooManyRequests, "feedback_form", &page{Title: "Gửi phản ánh, kiến nghị", Data: d, Form: c.r.PostForm,
			Errors: check.Errors{"form": "Anh/chị đã gửi nhiều phản ánh trong thời gian ngắn. Vui lòng thử lại sau ít phút."}})
	}
	sub.Channel, sub.Challenge = feedback.ChannelPortal, challenge
	desk, err := s.desk(ctx, c.ward.ID)
	if err != nil {
		return err
	}
	it, err := feedback.Submit(ctx, s.DB, s.Files, desk, sub, time.Now())
	switch {
	case errors.As(err, &ce):
		return again(ce)
	case errors.Is(err, feedback.ErrReplay):
		return again(check.Errors{"form": "Biểu mẫu này đã được gửi. Vui lòng tải lại trang nếu muốn gửi phản ánh khác."})
	case err != nil:
		return err
	}
	c.w.Header().Set("Cache-Control", "no-store")
	return c.renderPage(http.StatusCreated, "feedback_sent", &page{Title: "Đã gửi phản ánh", Data: it})
}

type trackData struct {
	Item    *feedback.Item
	Events  []feedback.Event
	CanRate bool
	Proof   string
}

// feedbackTrack shows an item's progress to whoever has its code and the
// last digits of the phone it was sent with.
func (s *Server) feedbackTrack(c *request) error {
	q := c.r.URL.Query()
	code, proof := q.Get("ma"), q.Get("so")
	d := &trackData{Proof: proof}
	form := url.Values{"ma": {code}, "so": {proof}}
	if code == "" || proof == "" {
		return c.renderPage(http.StatusOK, "feedback_track", &page{Title: "Tra cứu phản ánh", Data: d, Form: form})
	}
	if ok, _, err := s.trackLim.Allow(c.r.Context(), s.clientIP(c.r)); err != nil {
		return err
	} else if !ok {
		return c.renderPage(http.StatusTooManyRequests, "feedback_track", &page{Title: "Tra cứu phản ánh", Data: d, Form: form,
			Errors: check.Errors{"ma": "Anh/chị đã tra cứu quá nhiều lần. Vui lòng thử lại sau."}})
	}
	it, err := feedback.Track(c.r.Context(), s.DB, c.ward.ID, code, proof)
	if errors.Is(err, db.ErrNotFound) {
		return c.renderPage(http.StatusNotFound, "feedback_track", &page{Title: "Tra cứu phản ánh", Data: d, Form: form,
			Errors: check.Errors{"ma": "Không tìm thấy phản ánh với mã và số điện thoại (hoặc thư điện tử) này."}})
	}
	if err != nil {
		return err
	}
	d.Item = it
	d.CanRate = it.Rateable()
	if d.Events, err = feedback.Events(c.r.Context(), s.DB, it.ID); err != nil {
		return err
	}
	c.w.Header().Set("Cache-Control", "no-store")
	return c.renderPage(http.StatusOK, "feedback_track", &page{Title: "Tra cứu phản ánh " + it.Code, Data: d, Form: form})
}

// residentStep is a resident's POST on their item (proved by its code and
// the last digits of the phone, as for tracking): rate limited as tracking
// is, then back to the tracking page with done.
func (s *Server) residentStep(c *request, field, done string, act func(ctx context.Context, code, proof string) error) error {
	ctx := c.r.Context()
	if ok, _, err := s.trackLim.Allow(ctx, s.clientIP(c.r)); err != nil {
		return err
	} else if !ok {
		return check.Errors{field: "Anh/chị đã thao tác quá nhiều lần. Vui lòng thử lại sau."}
	}
	f := c.r.PostFormValue
	if err := act(ctx, f("ma"), f("so")); err != nil {
		return err
	}
	return c.redirect("/phan-anh/tra-cuu?"+url.Values{"ma": {f("ma")}, "so": {f("so")}}.Encode(), done)
}

// feedbackStop ends the messages about an item, at its sender's word.
func (s *Server) feedbackStop(c *request) error {
	return s.residentStep(c, "notify", "Phường sẽ không gửi thêm thông báo về phản ánh này.", func(ctx context.Context, code, proof string) error {
		_, err := feedback.StopMessages(ctx, s.DB, c.ward.ID, code, proof, time.Now())
		return err
	})
}

func (s *Server) feedbackRate(c *request) error {
	return s.residentStep(c, "rating", "Cảm ơn anh/chị đã đánh giá.", func(ctx context.Context, code, proof string) error {
		rating, _ := strconv.Atoi(c.r.PostFormValue("rating"))
		_, err := feedback.Rate(ctx, s.DB, c.ward.ID, code, proof, rating, c.r.PostFormValue("rating_comment"), time.Now())
		return err
	})
}

// feedbackPublic lists published answers: what feedback.View lets anyone
// see, as Open311 does.
func (s *Server) feedbackPublic(c *request) error {
	answers, err := feedback.Views(c.r.Context(), s.DB, c.ward.ID, nil, feedback.ViewFilter{Limit: 100})
	if err != nil {
		return err
	}
	return c.render("feedback_public", "Trả lời phản ánh, kiến nghị", answers)
}

type statsData struct {
	Year    int
	Stats   *feedback.Stats
	Rates   []feedback.ElementRate
	Overall feedback.ElementRate
}

func (s *Server) feedbackStats(c *request) error {
	now := time.Now()
	year, _ := strconv.Atoi(c.r.URL.Query().Get("nam"))
	if year < 2020 || year > now.Year() {
		year = now.Year()
	}
	from, to := strconv.Itoa(year)+"-01-01", strconv.Itoa(year)+"-12-31"
	st, err := feedback.ComputeStats(c.r.Context(), s.DB, c.ward.ID, from, to, now)
	if err != nil {
		return err
	}
	rates, all, err := feedback.SurveyRates(c.r.Context(), s.DB, c.ward.ID, from, to)
	if err != nil {
		return err
	}
	return c.render("feedback_stats", "Thống kê phản ánh, kiến nghị và mức độ hài lòng", &statsData{Year: year, Stats: st, Rates: rates, Overall: all})
}

// surveyForm is the SIPAS questionnaire a QR code at each counter opens.
func (s *Server) surveyForm(c *request) error {
	counter := c.r.URL.Query().Get("quay")
	if len(counter) > 20 {
		counter = ""
	}
	return c.renderPage(http.StatusOK, "survey", &page{Title: "Đánh giá mức độ hài lòng", Data: feedback.Elements, Form: url.Values{"counter": {counter}}})
}

func (s *Server) surveySubmit(c *request) error {
	ctx := c.r.Context()
	if ok, _, err := s.feedbackLim.Allow(ctx, "survey:"+s.clientIP(c.r)); err != nil {
		return err
	} else if !ok {
		return check.Errors{"form": "Anh/chị đã gửi nhiều đánh giá trong thời gian ngắn. Vui lòng thử lại sau."}
	}
	f := c.r.PostFormValue
	sv := feedback.Survey{Counter: f("counter"), ProcedureCode: f("procedure_code"), Comment: f("comment"), Scores: map[string]int{}}
	for _, el := range feedback.Elements {
		sv.Scores[el.Code], _ = strconv.Atoi(f(el.Code))
	}
	err := feedback.SaveSurvey(ctx, s.DB, c.ward.ID, sv)
	var ce check.Errors
	if errors.As(err, &ce) {
		return c.renderForm("survey", "Đánh giá mức độ hài lòng", feedback.Elements, ce)
	}
	if err != nil {
		return err
	}
	return c.redirect("/danh-gia-dich-vu?quay="+url.QueryEscape(sv.Counter), "Cảm ơn anh/chị đã đánh giá. Ý kiến của anh/chị giúp phường phục vụ tốt hơn.")
}

// surveyQR is the code to print and stand at a counter.
func (s *Server) surveyQR(c *request) error {
	counter := c.r.URL.Query().Get("quay")
	if len(counter) > 20 {
		return db.ErrNotFound
	}
	svg, err := procedure.QRSVG(s.baseURL(c.r) + "/danh-gia-dich-vu?quay=" + url.QueryEscape(counter))
	if err != nil {
		return err
	}
	c.w.Header().Set("Content-Type", "image/svg+xml")
	c.w.Header().Set("Cache-Control", "public, max-age=86400")
	_, err = c.w.Write([]byte(svg))
	return err
}

// official is the signed-in user as feedback sees them.
func (s *Server) official(c *request) feedback.Official { return feedback.Official{User: c.user} }

type feedbackListData struct {
	Items     []*feedback.Item
	Filter    feedback.Filter
	Now       time.Time
	CanRecord bool
}

func (s *Server) feedbackList(c *request) error {
	q := c.r.URL.Query()
	o := s.official(c)
	f := feedback.Filter{Status: q.Get("trang-thai"), Category: q.Get("loai"), Overdue: q.Get("qua-han") == "1"}
	now := time.Now()
	items, err := feedback.List(c.r.Context(), s.DB, o, f, now)
	if err != nil {
		return err
	}
	return c.render("feedback_list", "Phản ánh, kiến nghị", &feedbackListData{Items: items, Filter: f, Now: now, CanRecord: o.CanRecord()})
}

func (s *Server) feedbackRecordForm(c *request) error {
	if !s.official(c).CanRecord() {
		return feedback.ErrForbidden
	}
	d, err := s.feedbackFormData(c, true)
	if err != nil {
		return err
	}
	return c.renderPage(http.StatusOK, "feedback_form", &page{Title: "Ghi nhận phản ánh của người dân", Data: d,
		Form: url.Values{"consent": {"1"}}})
}

// feedbackRecord stores feedback an official heard at a meeting.
func (s *Server) feedbackRecord(c *request) error {
	ctx := c.r.Context()
	desk, err := s.desk(ctx, c.ward.ID)
	if err != nil {
		return err
	}
	ix, err := s.index(ctx, c.ward.ID)
	if err != nil {
		return err
	}
	sub, err := feedbackSubmission(c, ix)
	var it *feedback.Item
	if err == nil {
		sub.Channel, sub.Recorder = feedback.ChannelOfficer, c.user
		it, err = feedback.Submit(ctx, s.DB, s.Files, desk, sub, time.Now())
	}
	var ce check.Errors
	if errors.As(err, &ce) {
		d, derr := s.feedbackFormData(c, true)
		if derr != nil {
			return derr
		}
		return c.renderForm("feedback_form", "Ghi nhận phản ánh của người dân", d, ce)
	}
	if err != nil {
		return err
	}
	return c.redirect("/quan-ly/phan-anh/"+itoa64(it.ID), "Đã ghi nhận phản ánh, mã "+it.Code+". Hãy báo mã này cho người dân để tra cứu.")
}

type feedbackItemData struct {
	Item        *feedback.Item
	Events      []feedback.Event
	Units       []*ward.Unit
	Receiver    bool
	CanAnswer   bool
	Supervisor  bool
	Overdue     bool
	StatusNames map[string]string
}

func (s *Server) loadFeedback(c *request) (*feedback.Item, feedback.Official, error) {
	o := s.official(c)
	id, err := c.id("id")
	if err != nil {
		return nil, o, err
	}
	it, err := feedback.GetFor(c.r.Context(), s.DB, o, id)
	return it, o, err
}

func (s *Server) feedbackItem(c *request) error {
	it, o, err := s.loadFeedback(c)
	if err != nil {
		return err
	}
	d := &feedbackItemData{Item: it, Receiver: o.Receiver(), CanAnswer: o.CanAnswer(it), Supervisor: o.Supervises(), Overdue: it.Overdue(time.Now())}
	if d.Events, err = feedback.Events(c.r.Context(), s.DB, it.ID); err != nil {
		return err
	}
	units, err := ward.Units(c.r.Context(), s.DB, c.ward.ID)
	if err != nil {
		return err
	}
	for _, u := range units {
		if u.Kind != ward.KindKhuPho {
			d.Units = append(d.Units, u)
		}
	}
	return c.renderPage(http.StatusOK, "feedback_item", &page{Title: "Phản ánh " + it.Code, Data: d, Form: url.Values{"answer": {it.Answer}}})
}

// feedbackAct runs one step of an item's handling, then shows it again.
func (s *Server) feedbackAct(c *request, act func(ctx context.Context, o feedback.Official, it *feedback.Item) error, flash string) error {
	it, o, err := s.loadFeedback(c)
	if err != nil {
		return err
	}
	if err := act(c.r.Context(), o, it); err != nil {
		return err
	}
	return c.redirect("/quan-ly/phan-anh/"+itoa64(it.ID), flash)
}

func (s *Server) feedbackClassify(c *request) error {
	return s.feedbackAct(c, func(ctx context.Context, o feedback.Official, it *feedback.Item) error {
		desk, err := s.desk(ctx, c.ward.ID)
		if err != nil {
			return err
		}
		_, err = feedback.Classify(ctx, s.DB, desk, o, it.ID, feedbackDecision(c), time.Now())
		return err
	}, "Đã phân loại phản ánh.")
}

func (s *Server) feedbackAnswer(c *request) error {
	f := c.r.PostFormValue
	return s.feedbackAct(c, func(ctx context.Context, o feedback.Official, it *feedback.Item) error {
		_, err := feedback.Answer(ctx, s.DB, o, it.ID, f("answer"), f("publish") == "1", time.Now())
		return err
	}, "Đã lưu câu trả lời.")
}

func (s *Server) feedbackClose(c *request) error {
	return s.feedbackAct(c, func(ctx context.Context, o feedback.Official, it *feedback.Item) error {
		return feedback.Close(ctx, s.DB, o, it.ID, c.r.PostFormValue("note"), time.Now())
	}, "Đã kết thúc phản ánh.")
}

// feedbackPhoto serves a resident's photo to officials who may see the item.
func (s *Server) feedbackPhoto(c *request) error {
	id, err := c.id("id")
	if err != nil {
		return err
	}
	p, err := feedback.PhotoFor(c.r.Context(), s.DB, s.official(c), id)
	if err != nil {
		return err
	}
	return s.serveStored(c, p.Key, p.ContentType, "", "private, max-age=3600")
}

func (s *Server) supervisions(c *request) error {
	ss, err := feedback.Supervisions(c.r.Context(), s.DB, c.ward.ID)
	if err != nil {
		return err
	}
	return c.render("supervisions", "Kiến nghị giám sát của Mặt trận", ss)
}

func (s *Server) superviseCreate(c *request) error {
	o := s.official(c)
	ctx := c.r.Context()
	item, _ := strconv.ParseInt(c.r.PostFormValue("feedback_id"), 10, 64)
	if _, err := feedback.Supervise(ctx, s.DB, o, item, c.r.PostFormValue("body"), time.Now()); err != nil {
		return err
	}
	if item != 0 {
		return c.redirect("/quan-ly/phan-anh/"+itoa64(item), "Đã gửi kiến nghị giám sát tới lãnh đạo phường.")
	}
	return c.redirect("/quan-ly/giam-sat", "Đã gửi kiến nghị giám sát tới lãnh đạo phường.")
}

func (s *Server) superviseAnswer(c *request) error {
	id, err := c.id("id")
	if err != nil {
		return err
	}
	ctx := c.r.Context()
	o := s.official(c)
	if err := feedback.AnswerSupervision(ctx, s.DB, o, id, c.r.PostFormValue("answer"), time.Now()); err != nil {
		return err
	}
	return c.redirect("/quan-ly/giam-sat", "Đã trả lời kiến nghị giám sát.")
}

func (s *Server) holidays(c *request) error {
	hs, err := workday.List(c.r.Context(), s.DB, c.ward.ID)
	if err != nil {
		return err
	}
	return c.render("holidays", "Ngày nghỉ lễ, Tết", hs)
}

func (s *Server) holidayAdd(c *request) error {
	err := workday.AddHoliday(c.r.Context(), s.DB, c.ward.ID, c.r.PostFormValue("day"), c.r.PostFormValue("name"))
	var ce check.Errors
	if errors.As(err, &ce) {
		hs, lerr := workday.List(c.r.Context(), s.DB, c.ward.ID)
		if lerr != nil {
			return lerr
		}
		return c.renderForm("holidays", "Ngày nghỉ lễ, Tết", hs, ce)
	}
	if err != nil {
		return err
	}
	return c.redirect("/quan-ly/ngay-nghi", "Đã thêm ngày nghỉ.")
}

func (s *Server) holidayRemove(c *request) error {
	if err := workday.RemoveHoliday(c.r.Context(), s.DB, c.ward.ID, c.r.PostFormValue("day")); err != nil {
		return err
	}
	return c.redirect("/quan-ly/ngay-nghi", "Đã xóa ngày nghỉ.")
}
