package web

import (
	"bytes"
	"context"
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/cchc-vn/cchc/internal/check"
	"github.com/cchc-vn/cchc/internal/contest"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/news"
	"github.com/cchc-vn/cchc/internal/vn"
	"github.com/cchc-vn/cchc/internal/ward"
)

// The public side of contests: the list, a contest's page with its rules
// and winners, registration with a one-time code, the taker's own page,
// the paper (one question per page or all on one, a plain form per page
// that app.js saves as each answer is chosen) and its result.

// Cookies of takers: the verified phone's session (one per contest, on
// the contest's path) and the device's mark, which flags several people
// taking a round on one device.
const (
	takerCookie  = "cchc_thi"
	deviceCookie = "cchc_tb"
)

func contestPath(c *contest.Contest) string { return "/cuoc-thi/" + c.Slug }

// publicContest is a contest the portal shows: one with an approved round.
func (s *Server) publicContest(c *request) (*contest.Contest, error) {
	ct, err := contest.BySlug(c.r.Context(), s.DB, c.ward.ID, c.r.PathValue("slug"))
	if err != nil {
		return nil, err
	}
	if len(ct.Published()) == 0 {
		return nil, db.ErrNotFound
	}
	return ct, nil
}

// takerContest is publicContest from the short cache, for the taker's own
// requests (each answer is one): shared, so never changed by a handler.
// The rounds' times and states are at most shortTTL old on other servers.
func (s *Server) takerContest(c *request) (*contest.Contest, error) {
	all, err := s.contestCache.get(c.ward.ID, func() (map[string]*contest.Contest, error) {
		cs, err := contest.Public(c.r.Context(), s.DB, c.ward.ID)
		if err != nil {
			return nil, err
		}
		m := map[string]*contest.Contest{}
		for _, ct := range cs {
			m[ct.Slug] = ct
		}
		return m, nil
	})
	if err != nil {
		return nil, err
	}
	if ct := all[c.r.PathValue("slug")]; ct != nil {
		return ct, nil
	}
	return s.publicContest(c) // a contest published since: read it
}

// phone is the verified phone of the visitor for a contest, "" when none.
func (s *Server) phone(c *request, ct *contest.Contest) (string, error) {
	ck, err := c.r.Cookie(takerCookie)
	if err != nil {
		return "", nil
	}
	p, err := contest.SessionPhone(c.r.Context(), s.DB, ct.ID, ck.Value, time.Now())
	if errors.Is(err, db.ErrNotFound) {
		return "", nil
	}
	return p, err
}

// device is the visitor's device mark, set on first need.
func (s *Server) device(c *request) string {
	if ck, err := c.r.Cookie(deviceCookie); err == nil && len(ck.Value) == 43 {
		return ck.Value
	}
	v := randomToken()
	http.SetCookie(c.w, s.cookie(c.r, deviceCookie, v, 400*24*3600))
	return v
}

type contestsData struct {
	Items []*contest.Contest
	Now   time.Time
}

// contests lists the ward's contests.
func (s *Server) contests(c *request) error {
	items, err := contest.Public(c.r.Context(), s.DB, c.ward.ID)
	if err != nil {
		return err
	}
	return c.renderPage(http.StatusOK, "contests", &page{Title: "Cuộc thi trực tuyến", Data: &contestsData{Items: items, Now: time.Now()},
		OG: og{Description: "Các cuộc thi trực tuyến tìm hiểu về cải cách hành chính của " + c.ward.FullName + "."}})
}

type roundView struct {
	*contest.Round
	Winners   []*contest.Entry
	ByTakers  []contest.Group // the collective standings, once the results are approved
	ByAverage []contest.Group
}

type contestData struct {
	Contest  *contest.Contest
	Rounds   []roundView
	Rules    template.HTML
	Now      time.Time
	SignedIn bool
	Open     *contest.Round // the round open now, if any
}

// contestPage shows a contest: its rounds and times, the rules, the winners
// of rounds with approved results, and the way in.
func (s *Server) contestPage(c *request) error {
	ct, err := s.publicContest(c)
	if err != nil {
		return err
	}
	ctx, now := c.r.Context(), time.Now()
	if err := contest.WithCounts(ctx, s.DB, ct); err != nil {
		return err
	}
	d := &contestData{Contest: ct, Rules: news.Render(ct.Rules), Now: now}
	for _, r := range ct.Published() {
		w, err := contest.Winners(ctx, s.DB, r)
		if err != nil {
			return err
		}
		v := roundView{Round: r, Winners: w}
		if len(w) > 0 {
			st, err := contest.Standings(ctx, s.DB, r)
			if err != nil {
				return err
			}
			v.ByTakers, v.ByAverage = st.ByTakers[:min(3, len(st.ByTakers))], st.ByAverage[:min(3, len(st.ByAverage))]
		}
		d.Rounds = append(d.Rounds, v)
		if r.Phase(now) == contest.PhaseOpen && d.Open == nil {
			d.Open = r
		}
	}
	phone, err := s.phone(c, ct)
	if err != nil {
		return err
	}
	d.SignedIn = phone != ""
	return c.renderPage(http.StatusOK, "contest", &page{Title: ct.Title, Data: d, OG: og{Description: vn.Excerpt(ct.Summary+" "+ct.Title, 200), Type: "article"}})
}

type registerData struct {
	Contest   *contest.Contest
	Units     []*ward.Unit
	Challenge string
	Bits      int
}

func (s *Server) registerData(c *request, ct *contest.Contest) (*registerData, map[int64]string, error) {
	desk, err := s.desk(c.r.Context(), c.ward.ID)
	if err != nil {
		return nil, nil, err
	}
	names := map[int64]string{}
	for _, u := range desk.Units {
		names[u.ID] = u.Name
	}
	return &registerData{Contest: ct, Units: desk.KhuPho(), Challenge: s.pow.Challenge(time.Now()), Bits: s.pow.Bits}, names, nil
}

// contestRegisterForm is the registration form.
func (s *Server) contestRegisterForm(c *request) error {
	ct, err := s.publicContest(c)
	if err != nil {
		return err
	}
	d, _, err := s.registerData(c, ct)
	if err != nil {
		return err
	}
	s.device(c)
	c.w.Header().Set("Cache-Control", "no-store") // each form carries its own challenge
	form := url.Values{}
	if p := c.r.URL.Query().Get("so"); p != "" {
		form.Set("phone", p)
	}
	return c.renderPage(http.StatusOK, "contest_register", &page{Title: "Đăng ký dự thi – " + ct.Title, Data: d, Form: form})
}

// contestRegister checks a registration, sends the code and asks for it.
// A solved proof of work earns the ordinary limit; without JavaScript the
// limit is stricter.
func (s *Server) contestRegister(c *request) error {
	ct, err := s.publicContest(c)
	if err != nil {
		return err
	}
	ctx, now := c.r.Context(), time.Now()
	d, units, err := s.registerData(c, ct)
	if err != nil {
		return err
	}
	again := func(e check.Errors) error {
		return c.renderForm("contest_register", "Đăng ký dự thi – "+ct.Title, d, e)
	}
	limiter := s.contestSlow
	if ch, nonce := c.r.PostFormValue("challenge"), c.r.PostFormValue("nonce"); ch != "" || nonce != "" {
		if err := s.pow.Verify(ch, nonce, now); err != nil {
			return again(check.Errors{"form": "Biểu mẫu đã quá hạn. Vui lòng gửi lại."})
		}
		if err := s.pow.Spend(ctx, s.DB, ch, now); err != nil {
			return again(check.Errors{"form": "Biểu mẫu này đã được gửi. Vui lòng tải lại trang."})
		}
		limiter = s.contestLim
	}
	if ok, _, err := limiter.Allow(ctx, s.clientIP(c.r)); err != nil {
		return err
	} else if !ok {
		return c.renderPage(http.StatusTooManyRequests, "contest_register", &page{Title: "Đăng ký dự thi – " + ct.Title, Data: d, Form: c.r.PostForm,
			Errors: check.Errors{"form": "Có nhiều lượt đăng ký từ mạng của bạn trong thời gian ngắn. Vui lòng thử lại sau ít phút."}})
	}
	codeID, err := contest.Register(ctx, s.DB, s.Texter, ct, takerInput(c), units, now)
	var ce check.Errors
	switch {
	case errors.As(err, &ce):
		return again(ce)
	case errors.Is(err, contest.ErrNotSent):
		s.Log.ErrorContext(c.r.Context(), "contest code not sent", "err", err)
		return again(check.Errors{"phone": "Chưa gửi được mã xác minh tới số này. Vui lòng kiểm tra số điện thoại hoặc thử lại sau."})
	case err != nil:
		return err
	}
	return c.redirect(contestPath(ct)+"/xac-minh?ma="+itoa64(codeID), "")
}

// contestSignInForm asks a registered taker for their phone.
func (s *Server) contestSignInForm(c *request) error {
	ct, err := s.publicContest(c)
	if err != nil {
		return err
	}
	return c.render("contest_signin", "Vào thi – "+ct.Title, ct)
}

func (s *Server) contestSignIn(c *request) error {
	ct, err := s.publicContest(c)
	if err != nil {
		return err
	}
	ctx := c.r.Context()
	if ok, _, err := s.contestLim.Allow(ctx, "vao-thi:"+s.clientIP(c.r)); err != nil {
		return err
	} else if !ok {
		return c.renderPage(http.StatusTooManyRequests, "contest_signin", &page{Title: "Vào thi – " + ct.Title, Data: ct, Form: c.r.PostForm,
			Errors: check.Errors{"phone": "Có nhiều yêu cầu mã từ mạng của bạn. Vui lòng thử lại sau ít phút."}})
	}
	codeID, err := contest.SignIn(ctx, s.DB, s.Texter, ct, c.r.PostFormValue("phone"), time.Now())
	var ce check.Errors
	switch {
	case errors.As(err, &ce):
		return c.renderForm("contest_signin", "Vào thi – "+ct.Title, ct, ce)
	case errors.Is(err, contest.ErrNotSent):
		s.Log.ErrorContext(c.r.Context(), "contest code not sent", "err", err)
		return c.renderForm("contest_signin", "Vào thi – "+ct.Title, ct, check.Errors{"phone": "Chưa gửi được mã xác minh. Vui lòng thử lại sau."})
	case err != nil:
		return err
	}
	return c.redirect(contestPath(ct)+"/xac-minh?ma="+itoa64(codeID), "")
}

type verifyData struct {
	Contest *contest.Contest
	CodeID  int64
	Phone   string // masked
}

// contestVerifyForm asks for the code sent to the phone.
func (s *Server) contestVerifyForm(c *request) error {
	ct, err := s.publicContest(c)
	if err != nil {
		return err
	}
	id, _ := strconv.ParseInt(c.r.URL.Query().Get("ma"), 10, 64)
	masked, err := contest.CodePhone(c.r.Context(), s.DB, ct.ID, id)
	if err != nil {
		return err
	}
	return c.render("contest_verify", "Nhập mã xác minh", &verifyData{Contest: ct, CodeID: id, Phone: masked})
}

func (s *Server) contestVerify(c *request) error {
	ct, err := s.publicContest(c)
	if err != nil {
		return err
	}
	ctx := c.r.Context()
	id := formID(c, "ma")
	masked, err := contest.CodePhone(ctx, s.DB, ct.ID, id)
	if err != nil {
		return err
	}
	if ok, _, err := s.trackLim.Allow(ctx, "ma-thi:"+s.clientIP(c.r)); err != nil {
		return err
	} else if !ok {
		return c.renderPage(http.StatusTooManyRequests, "contest_verify", &page{Title: "Nhập mã xác minh", Data: &verifyData{ct, id, masked},
			Errors: check.Errors{"code": "Bạn đã thử nhiều lần. Vui lòng đợi ít phút."}})
	}
	token, _, err := contest.Verify(ctx, s.DB, ct, id, c.r.PostFormValue("code"), s.device(c), time.Now())
	var ce check.Errors
	if errors.As(err, &ce) {
		return c.renderForm("contest_verify", "Nhập mã xác minh", &verifyData{ct, id, masked}, ce)
	} else if err != nil {
		return err
	}
	ck := s.cookie(c.r, takerCookie, token, 30*24*3600)
	ck.Path = contestPath(ct)
	http.SetCookie(c.w, ck)
	return c.redirect(contestPath(ct)+"/cua-toi", "Đã xác minh số điện thoại.")
}

// contestSignOut ends the phone's session on this device.
func (s *Server) contestSignOut(c *request) error {
	ct, err := s.publicContest(c)
	if err != nil {
		return err
	}
	if ck, err := c.r.Cookie(takerCookie); err == nil {
		if err := contest.EndSession(c.r.Context(), s.DB, ck.Value); err != nil {
			return err
		}
	}
	ck := s.cookie(c.r, takerCookie, "", -1)
	ck.Path = contestPath(ct)
	http.SetCookie(c.w, ck)
	return c.redirect(contestPath(ct), "Đã thoát khỏi phiên dự thi trên thiết bị này.")
}

// takerRound is one round as a taker sees it on their page.
type takerRound struct {
	*contest.Round
	Tries    []*contest.Attempt // the taker's attempts, the latest first
	Open     *contest.Attempt   // an attempt in progress
	Best     *contest.Attempt
	Result   *contest.Entry // once approved
	CanStart bool
}

type takerView struct {
	Taker  *contest.Taker
	Rounds []takerRound
}

type mineData struct {
	Contest *contest.Contest
	Phone   string
	Takers  []takerView
	Now     time.Time
}

// signedIn is the taker's phone or, when none, a redirect to sign in.
func (s *Server) signedIn(c *request, ct *contest.Contest) (string, error) {
	phone, err := s.phone(c, ct)
	if err == nil && phone == "" {
		err = errSignIn
	}
	return phone, err
}

var errSignIn = errors.New("contest: not signed in")

// contestMine is the taker's page: the people on the verified phone, each
// round's state for them, their results and certificates.
func (s *Server) contestMine(c *request) error {
	ct, err := s.takerContest(c)
	if err != nil {
		return err
	}
	phone, err := s.signedIn(c, ct)
	if err != nil {
		return s.toSignIn(c, ct, err)
	}
	d, err := s.mine(c.r.Context(), ct, phone, time.Now())
	if err != nil {
		return err
	}
	c.w.Header().Set("Cache-Control", "private, no-store")
	return c.render("contest_mine", "Bài thi của tôi – "+ct.Title, d)
}

func (s *Server) mine(ctx context.Context, ct *contest.Contest, phone string, now time.Time) (*mineData, error) {
	takers, err := contest.TakersOf(ctx, s.DB, ct.ID, phone)
	if err != nil {
		return nil, err
	}
	d := &mineData{Contest: ct, Phone: phone, Now: now}
	for _, t := range takers {
		v := takerView{Taker: t}
		for _, r := range ct.Published() {
			as, err := contest.AttemptsOf(ctx, s.DB, t.ID, r.ID)
			if err != nil {
				return nil, err
			}
			tr := takerRound{Round: r, Tries: as}
			for _, a := range as {
				if a.Open && now.Before(a.Deadline.Add(contest.Grace)) {
					tr.Open = a
				} else if !a.Open && (tr.Best == nil || a.Correct > tr.Best.Correct || a.Correct == tr.Best.Correct && a.Duration < tr.Best.Duration) {
					tr.Best = a
				}
			}
			if e, err := contest.TakerResult(ctx, s.DB, r.ID, t.ID); err == nil {
				tr.Result = e
			} else if !errors.Is(err, db.ErrNotFound) {
				return nil, err
			}
			tr.CanStart = tr.Open == nil && !t.Excluded && r.Phase(now) == contest.PhaseOpen && len(as) < r.Attempts
			v.Rounds = append(v.Rounds, tr)
		}
		d.Takers = append(d.Takers, v)
	}
	return d, nil
}

// toSignIn answers a taker's page without a session: the sign-in page.
func (s *Server) toSignIn(c *request, ct *contest.Contest, err error) error {
	if errors.Is(err, errSignIn) {
		return c.redirect(contestPath(ct)+"/vao-thi", "Vui lòng xác minh số điện thoại để vào thi.")
	}
	return err
}

// contestStart opens (or resumes) a taker's attempt in a round.
func (s *Server) contestStart(c *request) error {
	ct, err := s.takerContest(c)
	if err != nil {
		return err
	}
	phone, err := s.signedIn(c, ct)
	if err != nil {
		return s.toSignIn(c, ct, err)
	}
	ctx, now := c.r.Context(), time.Now()
	n, _ := strconv.Atoi(c.r.PathValue("n"))
	r := ct.Round(n)
	if r == nil || r.Status != contest.RoundApproved {
		return db.ErrNotFound
	}
	t, err := contest.TakerOf(ctx, s.DB, ct.ID, phone, formID(c, "taker"))
	if err != nil {
		return err
	}
	id, err := contest.Start(ctx, s.DB, r, t, s.device(c), c.r.PostFormValue("layout"), now)
	var ce check.Errors
	if errors.As(err, &ce) {
		d, merr := s.mine(ctx, ct, phone, now)
		if merr != nil {
			return merr
		}
		return c.renderForm("contest_mine", "Bài thi của tôi – "+ct.Title, d, ce)
	} else if err != nil {
		return err
	}
	return c.redirect(contestPath(ct)+"/bai/"+itoa64(id), "")
}

// shown is a question as the paper shows it: never its answer.
type shown struct {
	Position int
	Number   int
	Body     string
	Multiple bool
	Options  []shownOption
	Answered bool
}

type shownOption struct {
	Index   int
	Letter  string
	Text    string
	Checked bool
}

type attemptData struct {
	Contest   *contest.Contest
	Round     *contest.Round
	Taker     *contest.Taker
	Attempt   *contest.Attempt
	Questions []shown // the page's: one, or all
	All       []shown // every question, for the list of numbers and the review
	Current   int
	Review    bool
	Remaining int // seconds, by the server's clock
	Deadline  time.Time
}

// takerAttempt reads the signed-in phone's attempt of the path.
func (s *Server) takerAttempt(c *request, ct *contest.Contest, now time.Time) (*contest.Taker, *contest.Attempt, *contest.Round, error) {
	phone, err := s.signedIn(c, ct)
	if err != nil {
		return nil, nil, nil, err
	}
	id, err := c.id("id")
	if err != nil {
		return nil, nil, nil, err
	}
	ctx := c.r.Context()
	takers, err := contest.TakersOf(ctx, s.DB, ct.ID, phone)
	if err != nil {
		return nil, nil, nil, err
	}
	for _, t := range takers {
		a, err := contest.AttemptOf(ctx, s.DB, t.ID, id, now)
		if errors.Is(err, db.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, nil, nil, err
		}
		for _, r := range ct.Rounds {
			if r.ID == a.RoundID {
				return t, a, r, nil
			}
		}
	}
	return nil, nil, nil, db.ErrNotFound
}

func (s *Server) attemptData(ctx context.Context, ct *contest.Contest, r *contest.Round, t *contest.Taker, a *contest.Attempt, now time.Time) (*attemptData, error) {
	revs, err := contest.PaperRevisions(ctx, s.DB, a)
	if err != nil {
		return nil, err
	}
	d := &attemptData{Contest: ct, Round: r, Taker: t, Attempt: a, Remaining: int(a.Remaining(now).Seconds()), Deadline: a.Deadline}
	for i, it := range a.Paper {
		rev := revs[it.Rev]
		q := shown{Position: i, Number: i + 1, Body: rev.Body, Multiple: rev.Multiple(), Answered: a.Answers[i] != 0}
		for k, o := range it.Order {
			q.Options = append(q.Options, shownOption{Index: k, Letter: contest.Letter(k), Text: rev.Options[o], Checked: a.Answers[i]&(1<<k) != 0})
		}
		d.All = append(d.All, q)
	}
	return d, nil
}

// contestAttempt shows the paper: the question asked for (?cau=N), all of
// them, or the review before submitting (?xem-lai=1).
func (s *Server) contestAttempt(c *request) error {
	ct, err := s.takerContest(c)
	if err != nil {
		return err
	}
	now := time.Now()
	t, a, r, err := s.takerAttempt(c, ct, now)
	if err != nil {
		return s.toSignIn(c, ct, err)
	}
	if !a.Open { // submitted, or its time ran out: its result
		return s.contestResult(c)
	}
	d, err := s.attemptData(c.r.Context(), ct, r, t, a, now)
	if err != nil {
		return err
	}
	q := c.r.URL.Query()
	d.Review = q.Get("xem-lai") != ""
	d.Current, _ = strconv.Atoi(q.Get("cau"))
	d.Current = max(1, min(d.Current, len(d.All)))
	switch {
	case d.Review:
	case a.Layout == contest.LayoutAll:
		d.Questions = d.All
	default:
		d.Questions = d.All[d.Current-1 : d.Current]
	}
	c.w.Header().Set("Cache-Control", "private, no-store")
	return c.render("contest_attempt", "Bài thi – "+r.Title, d)
}

// contestAnswer saves the answers a page sends, then moves where the
// button said: the next or previous question, one by its number, the
// review. With X-Autosave (app.js saving a choice as it is made) it answers
// 204, or 409 with the message when the attempt has ended.
func (s *Server) contestAnswer(c *request) error {
	ct, err := s.takerContest(c)
	if err != nil {
		return err
	}
	now := time.Now()
	auto := c.r.Header.Get("X-Autosave") != ""
	phone, err := s.signedIn(c, ct)
	if err == nil {
		_, err = c.id("id")
	}
	if err != nil {
		if auto {
			return c.json(http.StatusConflict, apiError{"closed", "Phiên dự thi đã hết. Vui lòng tải lại trang."})
		}
		return s.toSignIn(c, ct, err)
	}
	id, _ := c.id("id")
	base := contestPath(ct) + "/bai/" + itoa64(id)
	for _, ans := range answersOf(c, contest.MaxQuestions) {
		// The write checks that the paper is this phone's, open and in time.
		if err := contest.AnswerAs(c.r.Context(), s.DB, ct.ID, phone, id, ans.position, ans.choice, now); errors.Is(err, contest.ErrClosed) {
			if auto {
				return c.json(http.StatusConflict, apiError{"closed", "Bài thi đã kết thúc; câu trả lời này không được ghi nhận."})
			}
			return c.redirect(base+"/ket-qua", "Đã hết giờ làm bài: bài thi được nộp tự động với các câu trả lời đã lưu.")
		} else if err != nil {
			return err
		}
	}
	if auto {
		c.w.WriteHeader(http.StatusNoContent)
		return nil
	}
	// Where the button said; the paper's page keeps a number within it.
	cur, _ := strconv.Atoi(c.r.PostFormValue("cau"))
	switch go_ := c.r.PostFormValue("di"); {
	case go_ == "xem-lai":
		return c.redirect(base+"?xem-lai=1", "")
	case go_ == "truoc":
		return c.redirect(base+"?cau="+strconv.Itoa(max(1, cur-1)), "")
	case go_ == "sau":
		return c.redirect(base+"?cau="+strconv.Itoa(max(1, cur+1)), "")
	case strings.HasPrefix(go_, "cau-"):
		n, _ := strconv.Atoi(strings.TrimPrefix(go_, "cau-"))
		return c.redirect(base+"?cau="+strconv.Itoa(max(1, n)), "")
	}
	return c.redirect(base+"?cau="+strconv.Itoa(max(1, cur)), "Đã lưu câu trả lời.")
}

type answerIn struct{ position, choice int }

// answersOf reads the answers a page sends: for each question shown (q),
// its chosen options (a<position>), as shown.
func answersOf(c *request, size int) []answerIn {
	var out []answerIn
	for _, v := range c.r.PostForm["q"] {
		p, err := strconv.Atoi(v)
		if err != nil || p < 0 || p >= size {
			continue
		}
		choice := 0
		for _, o := range c.r.PostForm["a"+v] {
			if k, err := strconv.Atoi(o); err == nil && k >= 0 && k < contest.MaxOptions {
				choice |= 1 << k
			}
		}
		out = append(out, answerIn{p, choice})
	}
	return out
}

// contestSubmit ends the attempt, with the prediction when the round asks it.
func (s *Server) contestSubmit(c *request) error {
	ct, err := s.takerContest(c)
	if err != nil {
		return err
	}
	now := time.Now()
	t, a, r, err := s.takerAttempt(c, ct, now)
	if err != nil {
		return s.toSignIn(c, ct, err)
	}
	base := contestPath(ct) + "/bai/" + itoa64(a.ID)
	var pred *int64
	if r.Prediction != "" {
		v := strings.ReplaceAll(strings.TrimSpace(c.r.PostFormValue("prediction")), ".", "")
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 {
			d, derr := s.attemptData(c.r.Context(), ct, r, t, a, now)
			if derr != nil {
				return derr
			}
			d.Review = true
			msg := "Vui lòng trả lời câu hỏi dự đoán bằng một số nguyên, ví dụ 125."
			return c.renderForm("contest_attempt", "Bài thi – "+r.Title, d, check.Errors{"prediction": msg})
		}
		pred = &n
	}
	err = contest.Submit(c.r.Context(), s.DB, t.ID, a.ID, pred, now)
	if errors.Is(err, contest.ErrClosed) {
		return c.redirect(base+"/ket-qua", "Bài thi đã được nộp trước đó.")
	} else if err != nil {
		return err
	}
	return c.redirect(base+"/ket-qua", "Đã nộp bài.")
}

type resultData struct {
	Contest  *contest.Contest
	Round    *contest.Round
	Taker    *contest.Taker
	Attempt  *contest.Attempt
	Closed   bool // the round is over: answers and explanations are shown
	Review   []reviewed
	Result   *contest.Entry
	Now      time.Time
	TimedOut bool
}

type reviewed struct {
	Number      int
	Body        string
	Options     []shownOption
	Right       bool
	Chosen      string
	Correct     string
	Explanation string
	Source      string
}

// contestResult shows a submitted attempt: the score at once, the answers
// with their explanations only once the round has closed.
func (s *Server) contestResult(c *request) error {
	ct, err := s.takerContest(c)
	if err != nil {
		return err
	}
	now := time.Now()
	t, a, r, err := s.takerAttempt(c, ct, now)
	if err != nil {
		return s.toSignIn(c, ct, err)
	}
	if a.Open {
		return c.redirect(contestPath(ct)+"/bai/"+itoa64(a.ID), "")
	}
	ctx := c.r.Context()
	d := &resultData{Contest: ct, Round: r, Taker: t, Attempt: a, Closed: r.Phase(now) == contest.PhaseClosed, Now: now,
		TimedOut: a.SubmittedAt.Equal(a.Deadline)}
	if e, err := contest.TakerResult(ctx, s.DB, r.ID, t.ID); err == nil {
		d.Result = e
	} else if !errors.Is(err, db.ErrNotFound) {
		return err
	}
	if d.Closed {
		revs, err := contest.PaperRevisions(ctx, s.DB, a)
		if err != nil {
			return err
		}
		for i, it := range a.Paper {
			rev := revs[it.Rev]
			rv := reviewed{Number: i + 1, Body: rev.Body, Right: contest.Correct(rev, it.Order, a.Answers[i]), Explanation: rev.Explanation, Source: rev.Source}
			var chosen, correct []string
			for k, o := range it.Order {
				rv.Options = append(rv.Options, shownOption{Index: k, Letter: contest.Letter(k), Text: rev.Options[o], Checked: a.Answers[i]&(1<<k) != 0})
				if a.Answers[i]&(1<<k) != 0 {
					chosen = append(chosen, contest.Letter(k))
				}
				if rev.IsCorrect(o) {
					correct = append(correct, contest.Letter(k))
				}
			}
			rv.Chosen, rv.Correct = strings.Join(chosen, ", "), strings.Join(correct, ", ")
			d.Review = append(d.Review, rv)
		}
	}
	c.w.Header().Set("Cache-Control", "private, no-store")
	return c.render("contest_result", "Kết quả bài thi – "+r.Title, d)
}

// certificatePage verifies a certificate by its code: who, which round, what.
func (s *Server) certificatePage(c *request) error {
	cert, err := contest.CertificateByCode(c.r.Context(), s.DB, c.ward.ID, c.r.PathValue("code"))
	if err != nil {
		return err
	}
	return c.render("certificate", "Xác minh giấy chứng nhận", cert)
}

// certificatePDF is a certificate as a PDF to print or keep.
func (s *Server) certificatePDF(c *request) error {
	cert, err := contest.CertificateByCode(c.r.Context(), s.DB, c.ward.ID, c.r.PathValue("code"))
	if err != nil {
		return err
	}
	var b bytes.Buffer
	err = cert.WritePDF(&b, contest.Issuer{WardName: c.ward.FullName, ProvinceName: c.ward.ProvinceName, Place: c.ward.Name},
		s.baseURL(c.r)+"/chung-nhan/"+cert.Certificate)
	if err != nil {
		return err
	}
	c.w.Header().Set("Content-Type", "application/pdf")
	c.w.Header().Set("Content-Disposition", `inline; filename="giay-chung-nhan-`+cert.Certificate+`.pdf"`)
	c.w.Header().Set("Content-Length", strconv.Itoa(b.Len()))
	_, err = c.w.Write(b.Bytes())
	return err
}
