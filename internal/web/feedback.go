package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io"
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
	"github.com/cchc-vn/cchc/internal/notice"
	"github.com/cchc-vn/cchc/internal/plan"
	"github.com/cchc-vn/cchc/internal/procedure"
	"github.com/cchc-vn/cchc/internal/ward"
	"github.com/cchc-vn/cchc/internal/workday"
)

const (
	maxFeedbackPhotos = 3
	maxFeedbackUpload = maxFeedbackPhotos*media.MaxSize + 1<<20
)

type feedbackFormData struct {
	KhuPho     []*ward.Unit
	Categories any
	Challenge  string
	Bits       int
	OnBehalf   bool // an official records for a resident
}

func (s *Server) feedbackFormData(c *ctx, onBehalf bool) (*feedbackFormData, error) {
	units, err := s.wardUnits(c.r.Context(), c.ward.ID)
	if err != nil {
		return nil, err
	}
	d := &feedbackFormData{Categories: feedback.Categories, OnBehalf: onBehalf, Bits: s.pow.Bits}
	if !onBehalf {
		d.Challenge = s.pow.Challenge(time.Now())
	}
	for _, u := range units {
		if u.Kind == ward.KindKhuPho {
			d.KhuPho = append(d.KhuPho, u)
		}
	}
	return d, nil
}

// feedbackForm is the public form; a procedure page links here with ?thu-tuc=CODE.
func (s *Server) feedbackForm(c *ctx) error {
	d, err := s.feedbackFormData(c, false)
	if err != nil {
		return err
	}
	form := url.Values{"procedure_code": {c.r.URL.Query().Get("thu-tuc")}}
	if form.Get("procedure_code") != "" {
		form.Set("category", "thu_tuc")
	}
	c.w.Header().Set("Cache-Control", "no-store") // each form carries its own challenge
	return c.renderPage(http.StatusOK, "feedback_form", &page{Title: "Gửi phản ánh, kiến nghị", Data: d, Form: form})
}

func feedbackInput(c *ctx) feedback.Input {
	f := c.r.PostFormValue
	kp, _ := strconv.ParseInt(f("khu_pho_id"), 10, 64)
	return feedback.Input{Category: f("category"), ProcedureCode: f("procedure_code"), Title: f("title"), Description: f("description"),
		KhuPhoID: kp, Name: f("name"), Address: f("address"), Phone: f("phone"), Email: f("email"), Consent: f("consent") == "1"}
}

// photos reads and prepares the uploaded pictures; a problem is a field message.
func feedbackPhotos(c *ctx) ([][3]string, string) {
	if c.r.MultipartForm == nil {
		return nil, ""
	}
	fhs := c.r.MultipartForm.File["photos"]
	if len(fhs) > maxFeedbackPhotos {
		return nil, "Tối đa " + strconv.Itoa(maxFeedbackPhotos) + " ảnh."
	}
	var out [][3]string
	for i, fh := range fhs {
		if fh.Size > media.MaxSize {
			return nil, "Ảnh thứ " + strconv.Itoa(i+1) + " quá lớn (tối đa 12 MB)."
		}
		f, err := fh.Open()
		if err != nil {
			return nil, "Không đọc được ảnh thứ " + strconv.Itoa(i+1) + "."
		}
		data, _ := io.ReadAll(io.LimitReader(f, media.MaxSize+1))
		f.Close()
		prepared, ct, ext, problem := media.Prepare(data)
		if problem == "" && ct != "image/jpeg" {
			problem = "Chỉ nhận ảnh JPEG hoặc PNG."
		}
		if problem != "" {
			return nil, "Ảnh thứ " + strconv.Itoa(i+1) + ": " + problem
		}
		out = append(out, [3]string{string(prepared), ct, ext})
	}
	return out, ""
}

// storeFeedback writes photos, then the item and its photo rows in one
// transaction; the tracking code is shown only after the commit.
func (s *Server) storeFeedback(ctx context.Context, wardID int64, sub feedback.Submission, photos [][3]string) (*feedback.Item, error) {
	cal, err := s.calendar(ctx, wardID)
	if err != nil {
		return nil, err
	}
	var keys []string
	var stored []feedback.Photo
	for _, p := range photos {
		rnd := make([]byte, 10)
		rand.Read(rnd)
		key := strconv.FormatInt(wardID, 10) + "/feedback/" + time.Now().Format("2006-01") + "/" + hex.EncodeToString(rnd) + "." + p[2]
		if err := s.Files.Put(ctx, key, strings.NewReader(p[0]), int64(len(p[0])), p[1]); err != nil {
			s.removeStored(ctx, keys)
			return nil, err
		}
		keys = append(keys, key)
		stored = append(stored, feedback.Photo{Key: key, ContentType: p[1], Size: int64(len(p[0]))})
	}
	var it *feedback.Item
	err = s.DB.InTx(ctx, func(tx *db.Tx) error {
		var err error
		if it, err = feedback.Create(ctx, tx, cal, wardID, sub, time.Now()); err != nil {
			return err
		}
		for _, p := range stored {
			if err := feedback.AddPhoto(ctx, tx, it.ID, p); err != nil {
				return err
			}
		}
		receivers, err := s.feedbackReceivers(ctx, tx, wardID)
		if err != nil {
			return err
		}
		_, err = notice.Add(ctx, tx, wardID, receivers, notice.New{Kind: "feedback", Subject: "Phản ánh mới " + it.Code + ": " + it.Title,
			Body: feedback.CategoryName(it.Category) + ". Hạn phân loại: " + it.ClassifyDue + ".", Link: "/quan-ly/phan-anh/" + itoa64(it.ID)})
		return err
	})
	if err != nil {
		s.removeStored(ctx, keys)
		return nil, err
	}
	return it, nil
}

// feedbackReceivers are the officials told of new feedback: the office's
// and the centre's officers.
func (s *Server) feedbackReceivers(ctx context.Context, q db.Querier, wardID int64) ([]int64, error) {
	units, err := s.wardUnits(ctx, wardID)
	if err != nil {
		return nil, err
	}
	var out []int64
	for _, u := range units {
		if u.Kind == ward.KindOffice || u.Kind == ward.KindCentre {
			ids, err := notice.UnitUsers(ctx, q, wardID, u.ID)
			if err != nil {
				return nil, err
			}
			out = append(out, ids...)
		}
	}
	return out, nil
}

// feedbackSubmit takes a resident's feedback. A solved proof of work earns
// the ordinary limit; a browser without JavaScript gets a stricter one.
func (s *Server) feedbackSubmit(c *ctx) error {
	ctx := c.r.Context()
	if err := c.r.ParseMultipartForm(8 << 20); err != nil && !errors.Is(err, http.ErrNotMultipart) {
		return check.Errors{"photos": "Ảnh tải lên quá lớn."}
	}
	d, err := s.feedbackFormData(c, false)
	if err != nil {
		return err
	}
	again := func(e check.Errors) error {
		return c.renderForm("feedback_form", "Gửi phản ánh, kiến nghị", d, e)
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
	in := feedbackInput(c)
	units, err := s.wardUnits(ctx, c.ward.ID)
	if err != nil {
		return err
	}
	if err := feedback.Validate(&in, units); err != nil {
		var ce check.Errors
		if errors.As(err, &ce) {
			return again(ce)
		}
		return err
	}
	photos, problem := feedbackPhotos(c)
	if problem != "" {
		return again(check.Errors{"photos": problem})
	}
	it, err := s.storeFeedback(ctx, c.ward.ID, feedback.Submission{Input: in, Channel: feedback.ChannelPortal, Challenge: challenge}, photos)
	if errors.Is(err, feedback.ErrReplay) {
		return again(check.Errors{"form": "Biểu mẫu này đã được gửi. Vui lòng tải lại trang nếu muốn gửi phản ánh khác."})
	}
	if err != nil {
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
func (s *Server) feedbackTrack(c *ctx) error {
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
	d.CanRate = it.Rating == 0 && (it.Status == feedback.Answered || it.Status == feedback.Forwarded || it.Status == feedback.Rejected)
	if d.Events, err = feedback.Events(c.r.Context(), s.DB, it.ID); err != nil {
		return err
	}
	c.w.Header().Set("Cache-Control", "no-store")
	return c.renderPage(http.StatusOK, "feedback_track", &page{Title: "Tra cứu phản ánh " + it.Code, Data: d, Form: form})
}

func (s *Server) feedbackRate(c *ctx) error {
	ctx := c.r.Context()
	if ok, _, err := s.trackLim.Allow(ctx, s.clientIP(c.r)); err != nil {
		return err
	} else if !ok {
		return check.Errors{"rating": "Anh/chị đã thao tác quá nhiều lần. Vui lòng thử lại sau."}
	}
	f := c.r.PostFormValue
	rating, _ := strconv.Atoi(f("rating"))
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		_, err := feedback.Rate(ctx, tx, c.ward.ID, f("ma"), f("so"), rating, f("rating_comment"), time.Now())
		return err
	})
	if err != nil {
		return err
	}
	return c.redirect("/phan-anh/tra-cuu?"+url.Values{"ma": {f("ma")}, "so": {f("so")}}.Encode(), "Cảm ơn anh/chị đã đánh giá.")
}

// feedbackPublic lists published answers: titles and answers only, no
// personal data and not the resident's own words.
func (s *Server) feedbackPublic(c *ctx) error {
	rows, err := s.DB.Query(c.r.Context(), `select code, category, title, answer, answered_at from feedback
		where ward_id = ? and published = 1 order by answered_at desc limit 100`, c.ward.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	type answer struct {
		Code, Category, Title, Answer string
		At                            time.Time
	}
	var out []answer
	for rows.Next() {
		var a answer
		var at string
		if err := rows.Scan(&a.Code, &a.Category, &a.Title, &a.Answer, &at); err != nil {
			return err
		}
		a.At = db.ParseTime(at)
		out = append(out, a)
	}
	return c.render("feedback_public", "Trả lời phản ánh, kiến nghị", out)
}

type statsData struct {
	Year    int
	Stats   *feedback.Stats
	Rates   []feedback.ElementRate
	Overall feedback.ElementRate
}

func (s *Server) feedbackStats(c *ctx) error {
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
func (s *Server) surveyForm(c *ctx) error {
	counter := c.r.URL.Query().Get("quay")
	if len(counter) > 20 {
		counter = ""
	}
	return c.renderPage(http.StatusOK, "survey", &page{Title: "Đánh giá mức độ hài lòng", Data: feedback.Elements, Form: url.Values{"counter": {counter}}})
}

func (s *Server) surveySubmit(c *ctx) error {
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
func (s *Server) surveyQR(c *ctx) error {
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

// official is the signed-in user with the kind of their unit.
func (s *Server) official(c *ctx) feedback.Official {
	o := feedback.Official{User: c.user}
	if c.user.UnitID != 0 {
		if u, err := ward.UnitByID(c.r.Context(), s.DB, c.ward.ID, c.user.UnitID); err == nil {
			o.UnitKind = u.Kind
		}
	}
	return o
}

type feedbackListData struct {
	Items     []*feedback.Item
	Filter    feedback.Filter
	Now       time.Time
	CanRecord bool
}

func (s *Server) feedbackList(c *ctx) error {
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

func (s *Server) feedbackRecordForm(c *ctx) error {
	if !s.official(c).CanRecord() {
		return plan.ErrForbidden
	}
	d, err := s.feedbackFormData(c, true)
	if err != nil {
		return err
	}
	return c.renderPage(http.StatusOK, "feedback_form", &page{Title: "Ghi nhận phản ánh của người dân", Data: d,
		Form: url.Values{"consent": {"1"}}})
}

// feedbackRecord stores feedback an official heard at a meeting.
func (s *Server) feedbackRecord(c *ctx) error {
	o := s.official(c)
	if !o.CanRecord() {
		return plan.ErrForbidden
	}
	ctx := c.r.Context()
	if err := c.r.ParseMultipartForm(8 << 20); err != nil && !errors.Is(err, http.ErrNotMultipart) {
		return check.Errors{"photos": "Ảnh tải lên quá lớn."}
	}
	d, err := s.feedbackFormData(c, true)
	if err != nil {
		return err
	}
	in := feedbackInput(c)
	units, err := s.wardUnits(ctx, c.ward.ID)
	if err != nil {
		return err
	}
	if err := feedback.Validate(&in, units); err != nil {
		var ce check.Errors
		if errors.As(err, &ce) {
			return c.renderForm("feedback_form", "Ghi nhận phản ánh của người dân", d, ce)
		}
		return err
	}
	photos, problem := feedbackPhotos(c)
	if problem != "" {
		return c.renderForm("feedback_form", "Ghi nhận phản ánh của người dân", d, check.Errors{"photos": problem})
	}
	it, err := s.storeFeedback(ctx, c.ward.ID, feedback.Submission{Input: in, Channel: feedback.ChannelOfficer, Recorder: c.user}, photos)
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

func (s *Server) loadFeedback(c *ctx) (*feedback.Item, feedback.Official, error) {
	o := s.official(c)
	id, err := c.id("id")
	if err != nil {
		return nil, o, err
	}
	it, err := feedback.Get(c.r.Context(), s.DB, c.ward.ID, id)
	if err != nil {
		return nil, o, err
	}
	if !o.CanSee(it) {
		return nil, o, plan.ErrForbidden
	}
	return it, o, nil
}

func (s *Server) feedbackItem(c *ctx) error {
	it, o, err := s.loadFeedback(c)
	if err != nil {
		return err
	}
	d := &feedbackItemData{Item: it, Receiver: o.Receiver(), CanAnswer: o.CanAnswer(it), Supervisor: o.Is(account.RoleSupervisor, account.RoleAdmin), Overdue: it.Overdue(time.Now())}
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

func (s *Server) feedbackAct(c *ctx, act func(ctx context.Context, tx *db.Tx, o feedback.Official, it *feedback.Item) error, flash string) error {
	it, o, err := s.loadFeedback(c)
	if err != nil {
		return err
	}
	ctx := c.r.Context()
	err = s.DB.InTx(ctx, func(tx *db.Tx) error { return act(ctx, tx, o, it) })
	if err != nil {
		return err
	}
	return c.redirect("/quan-ly/phan-anh/"+itoa64(it.ID), flash)
}

func (s *Server) feedbackClassify(c *ctx) error {
	f := c.r.PostFormValue
	unit, _ := strconv.ParseInt(f("unit_id"), 10, 64)
	cal, err := s.calendar(c.r.Context(), c.ward.ID)
	if err != nil {
		return err
	}
	return s.feedbackAct(c, func(ctx context.Context, tx *db.Tx, o feedback.Official, it *feedback.Item) error {
		_, err := feedback.Classify(ctx, tx, o, it.ID, feedback.Decision{Action: f("action"), UnitID: unit, Forward: f("forward"), Reason: f("reason"),
			Note: f("note"), Calendar: cal, UnitUsers: func(id int64) ([]int64, error) { return notice.UnitUsers(ctx, tx, c.ward.ID, id) }}, time.Now())
		return err
	}, "Đã phân loại phản ánh.")
}

func (s *Server) feedbackAnswer(c *ctx) error {
	f := c.r.PostFormValue
	return s.feedbackAct(c, func(ctx context.Context, tx *db.Tx, o feedback.Official, it *feedback.Item) error {
		_, err := feedback.Answer(ctx, tx, o, it.ID, f("answer"), f("publish") == "1", time.Now())
		return err
	}, "Đã lưu câu trả lời.")
}

func (s *Server) feedbackClose(c *ctx) error {
	return s.feedbackAct(c, func(ctx context.Context, tx *db.Tx, o feedback.Official, it *feedback.Item) error {
		return feedback.Close(ctx, tx, o, it.ID, c.r.PostFormValue("note"), time.Now())
	}, "Đã kết thúc phản ánh.")
}

// feedbackPhoto serves a resident's photo to officials who may see the item.
func (s *Server) feedbackPhoto(c *ctx) error {
	id, err := c.id("id")
	if err != nil {
		return err
	}
	var itemID int64
	var key, ct string
	if err := s.DB.QueryRow(c.r.Context(), `select p.feedback_id, p.file_key, p.content_type from feedback_photos p join feedback f on f.id = p.feedback_id
		where p.id = ? and f.ward_id = ?`, id, c.ward.ID).Scan(&itemID, &key, &ct); err != nil {
		return db.ErrNotFound
	}
	it, err := feedback.Get(c.r.Context(), s.DB, c.ward.ID, itemID)
	if err != nil {
		return err
	}
	if !s.official(c).CanSee(it) {
		return plan.ErrForbidden
	}
	return s.serveStored(c, key, ct, "", "private, max-age=3600")
}

func (s *Server) supervisions(c *ctx) error {
	ss, err := feedback.Supervisions(c.r.Context(), s.DB, c.ward.ID)
	if err != nil {
		return err
	}
	return c.render("supervisions", "Kiến nghị giám sát của Mặt trận", ss)
}

func (s *Server) superviseCreate(c *ctx) error {
	o := s.official(c)
	ctx := c.r.Context()
	item, _ := strconv.ParseInt(c.r.PostFormValue("feedback_id"), 10, 64)
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		_, err := feedback.Supervise(ctx, tx, o, item, c.r.PostFormValue("body"), time.Now())
		return err
	})
	if err != nil {
		return err
	}
	if item != 0 {
		return c.redirect("/quan-ly/phan-anh/"+itoa64(item), "Đã gửi kiến nghị giám sát tới lãnh đạo phường.")
	}
	return c.redirect("/quan-ly/giam-sat", "Đã gửi kiến nghị giám sát tới lãnh đạo phường.")
}

func (s *Server) superviseAnswer(c *ctx) error {
	id, err := c.id("id")
	if err != nil {
		return err
	}
	ctx := c.r.Context()
	o := s.official(c)
	err = s.DB.InTx(ctx, func(tx *db.Tx) error {
		return feedback.AnswerSupervision(ctx, tx, o, id, c.r.PostFormValue("answer"), time.Now())
	})
	if err != nil {
		return err
	}
	return c.redirect("/quan-ly/giam-sat", "Đã trả lời kiến nghị giám sát.")
}

func (s *Server) holidays(c *ctx) error {
	hs, err := workday.List(c.r.Context(), s.DB, c.ward.ID)
	if err != nil {
		return err
	}
	return c.render("holidays", "Ngày nghỉ lễ, Tết", hs)
}

func (s *Server) holidayAdd(c *ctx) error {
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
	s.calendarCache.drop(c.ward.ID)
	return c.redirect("/quan-ly/ngay-nghi", "Đã thêm ngày nghỉ.")
}

func (s *Server) holidayRemove(c *ctx) error {
	if err := workday.RemoveHoliday(c.r.Context(), s.DB, c.ward.ID, c.r.PostFormValue("day")); err != nil {
		return err
	}
	s.calendarCache.drop(c.ward.ID)
	return c.redirect("/quan-ly/ngay-nghi", "Đã xóa ngày nghỉ.")
}
