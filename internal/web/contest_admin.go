package web

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/cchc-vn/cchc/internal/check"
	"github.com/cchc-vn/cchc/internal/contest"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/plan"
	"github.com/cchc-vn/cchc/internal/vn"
	"github.com/cchc-vn/cchc/internal/ward"
)

// The officials' side of contests: the question bank, contests and their
// rounds, approvals, results and the takers flagged as duplicates.

// planNames is the plan in force's themes and channels, which questions
// and contests name.
type planNames struct {
	Themes   []*plan.Theme
	Channels []*plan.Channel
	themes   map[string]string
	channels map[string]string
}

// Theme is a theme's title, or its code when the plan has no such theme.
func (n *planNames) Theme(code string) string {
	if t, ok := n.themes[code]; ok {
		return t
	}
	return code
}

func (s *Server) planNames(ctx context.Context, wardID int64) (*planNames, error) {
	p, err := plan.Current(ctx, s.DB, wardID)
	if errors.Is(err, db.ErrNotFound) {
		return &planNames{themes: map[string]string{}, channels: map[string]string{}}, nil
	}
	if err != nil {
		return nil, err
	}
	n := &planNames{Themes: p.Themes, Channels: p.Channels, themes: map[string]string{}, channels: map[string]string{}}
	for _, t := range p.Themes {
		n.themes[t.Code] = t.Title
	}
	for _, c := range p.Channels {
		n.channels[c.Code] = c.Name
	}
	return n, nil
}

type bankData struct {
	Questions []*contest.Question
	Names     *planNames
	Filter    contest.BankFilter
	Errors    check.RowErrors
}

func (s *Server) bankData(c *request) (*bankData, error) {
	ctx := c.r.Context()
	names, err := s.planNames(ctx, c.ward.ID)
	if err != nil {
		return nil, err
	}
	q := c.r.URL.Query()
	level, _ := strconv.Atoi(q.Get("muc-do"))
	f := contest.BankFilter{Theme: q.Get("noi-dung"), Difficulty: level, Query: q.Get("tu-khoa"), Retired: q.Get("ca-ngung") != ""}
	qs, err := contest.Questions(ctx, s.DB, c.ward.ID, f)
	if err != nil {
		return nil, err
	}
	return &bankData{Questions: qs, Names: names, Filter: f}, nil
}

// questionBank lists the bank with its filters, the import and the export.
func (s *Server) questionBank(c *request) error {
	d, err := s.bankData(c)
	if err != nil {
		return err
	}
	return c.render("question_bank", "Ngân hàng câu hỏi", d)
}

// questionExport downloads the bank (or, empty, the template) as XLSX.
func (s *Server) questionExport(c *request) error {
	ctx := c.r.Context()
	names, err := s.planNames(ctx, c.ward.ID)
	if err != nil {
		return err
	}
	var qs []*contest.Question
	if c.r.URL.Query().Get("mau") == "" {
		if qs, err = contest.Questions(ctx, s.DB, c.ward.ID, contest.BankFilter{Retired: true}); err != nil {
			return err
		}
	}
	var themes []contest.ThemeName
	for _, t := range names.Themes {
		themes = append(themes, contest.ThemeName{Code: t.Code, Title: t.Title})
	}
	var b bytes.Buffer
	if err := contest.WriteBank(&b, qs, themes); err != nil {
		return err
	}
	return c.download(&b, "ngan-hang-cau-hoi.xlsx", xlsxType)
}

// questionImport reads a filled spreadsheet: all of it, or nothing.
func (s *Server) questionImport(c *request) error {
	ctx := c.r.Context()
	d, err := s.bankData(c)
	if err != nil {
		return err
	}
	fail := func(e check.Errors) error { return c.renderForm("question_bank", "Ngân hàng câu hỏi", d, e) }
	data, err := uploadedFile(c, "file")
	var ce check.Errors
	switch {
	case errors.As(err, &ce):
		return fail(ce)
	case err != nil:
		return err
	case len(data) == 0:
		return fail(check.Errors{"file": "Vui lòng chọn tệp Excel (.xlsx) theo mẫu."})
	}
	res, err := contest.ImportBank(ctx, s.DB, c.user, c.actor(), data, d.Names.themes, time.Now())
	var re check.RowErrors
	switch {
	case errors.As(err, &ce):
		return fail(ce)
	case errors.As(err, &re):
		d.Errors = re
		return fail(check.Errors{"file": "Tệp có " + strconv.Itoa(len(re)) + " dòng lỗi; chưa ghi câu hỏi nào. Vui lòng sửa rồi tải lên lại."})
	case err != nil:
		return err
	}
	return c.redirect("/quan-ly/cau-hoi", fmt.Sprintf("Đã nhập: %d câu hỏi mới, %d câu sửa, %d câu không đổi.", res.Added, res.Revised, res.Unchanged))
}

type questionData struct {
	Question *contest.Question
	History  []*contest.Revision
	InUse    bool
	Names    *planNames
}

func questionForm(q *contest.Question) url.Values {
	f := url.Values{"code": {q.Code}, "body": {q.Body}, "explanation": {q.Explanation}, "source": {q.Source}, "theme": {q.Theme},
		"difficulty": {strconv.Itoa(q.Difficulty)}}
	for i, o := range q.Options {
		f.Set("option"+strconv.Itoa(i), o)
		if q.IsCorrect(i) {
			f.Add("correct", strconv.Itoa(i))
		}
	}
	if len(q.Tags) > 0 {
		f.Set("tags", joinComma(q.Tags))
	}
	if q.Retired {
		f.Set("retired", "1")
	}
	return f
}

func joinComma(xs []string) string {
	out := ""
	for i, x := range xs {
		if i > 0 {
			out += ", "
		}
		out += x
	}
	return out
}

// questionPage is the form of a new question, or of a question with its history.
func (s *Server) questionPage(c *request) error {
	ctx := c.r.Context()
	names, err := s.planNames(ctx, c.ward.ID)
	if err != nil {
		return err
	}
	d := &questionData{Names: names, Question: &contest.Question{}}
	form := url.Values{}
	if c.r.PathValue("id") != "moi" {
		id, err := c.id("id")
		if err != nil {
			return err
		}
		if d.Question, err = contest.GetQuestion(ctx, s.DB, c.ward.ID, id); err != nil {
			return err
		}
		if d.History, err = contest.History(ctx, s.DB, c.ward.ID, id); err != nil {
			return err
		}
		if d.InUse, err = contest.InOpenRound(ctx, s.DB, d.Question.RevisionID, time.Now()); err != nil {
			return err
		}
		form = questionForm(d.Question)
	}
	title := "Câu hỏi mới"
	if d.Question.ID != 0 {
		title = "Câu hỏi " + d.Question.Code
	}
	return c.renderPage(http.StatusOK, "question_edit", &page{Title: title, Data: d, Form: form})
}

// questionSave writes a new question or a new revision of one.
func (s *Server) questionSave(c *request) error {
	ctx := c.r.Context()
	names, err := s.planNames(ctx, c.ward.ID)
	if err != nil {
		return err
	}
	var id int64
	d := &questionData{Names: names, Question: &contest.Question{}}
	if c.r.PathValue("id") != "" {
		if id, err = c.id("id"); err != nil {
			return err
		}
		if d.Question, err = contest.GetQuestion(ctx, s.DB, c.ward.ID, id); err != nil {
			return err
		}
	}
	saved, err := contest.SaveQuestion(ctx, s.DB, c.user, c.actor(), id, questionInput(c), names.themes, time.Now())
	var ce check.Errors
	if errors.As(err, &ce) {
		if id != 0 {
			d.History, _ = contest.History(ctx, s.DB, c.ward.ID, id)
		}
		return c.renderForm("question_edit", "Câu hỏi", d, ce)
	} else if err != nil {
		return err
	}
	return c.redirect("/quan-ly/cau-hoi/"+itoa64(saved), "Đã lưu câu hỏi.")
}

type contestsAdminData struct {
	Items []*contest.Contest
	Now   time.Time
}

// contestsAdmin lists the contests with their rounds' states.
func (s *Server) contestsAdmin(c *request) error {
	items, err := contest.List(c.r.Context(), s.DB, c.ward.ID)
	if err != nil {
		return err
	}
	return c.render("contests_admin", "Cuộc thi trực tuyến", &contestsAdminData{Items: items, Now: time.Now()})
}

type contestEditData struct {
	Contest *contest.Contest
	Units   []*ward.Unit
	Names   *planNames
	Flags   []contest.Flag
	Now     time.Time
}

func (s *Server) contestEditData(ctx context.Context, wardID int64, ct *contest.Contest) (*contestEditData, map[int64]string, error) {
	units, err := ward.Units(ctx, s.DB, wardID)
	if err != nil {
		return nil, nil, err
	}
	names, err := s.planNames(ctx, wardID)
	if err != nil {
		return nil, nil, err
	}
	m := map[int64]string{}
	var organisers []*ward.Unit
	for _, u := range units {
		m[u.ID] = u.Name
		if u.Kind != ward.KindKhuPho {
			organisers = append(organisers, u)
		}
	}
	d := &contestEditData{Contest: ct, Units: organisers, Names: names, Now: time.Now()}
	if ct.ID != 0 {
		if d.Flags, err = contest.Duplicates(ctx, s.DB, wardID, ct.ID); err != nil {
			return nil, nil, err
		}
	}
	return d, m, nil
}

func contestForm(ct *contest.Contest) url.Values {
	f := url.Values{"title": {ct.Title}, "summary": {ct.Summary}, "rules": {ct.Rules}, "scope": {ct.Scope}, "min_age": {strconv.Itoa(ct.MinAge)},
		"retention_days": {strconv.Itoa(ct.RetentionDays)}, "unit_id": {itoa64(ct.UnitID)}, "channel": {ct.ChannelCode}, "exclude_officials": {"0"}}
	if ct.ExcludeOfficials {
		f.Set("exclude_officials", "1")
	}
	return f
}

// contestPageAdmin is a contest's form with its rounds and its flagged takers.
func (s *Server) contestPageAdmin(c *request) error {
	ctx := c.r.Context()
	ct := &contest.Contest{Scope: contest.ScopeWard, MinAge: 15, RetentionDays: 180, ChannelCode: "thi-dua", ExcludeOfficials: true}
	if c.r.PathValue("id") != "moi" {
		id, err := c.id("id")
		if err != nil {
			return err
		}
		if ct, err = contest.Get(ctx, s.DB, c.ward.ID, id); err != nil {
			return err
		}
	} else if c.user.UnitID != 0 {
		ct.UnitID = c.user.UnitID
	}
	d, _, err := s.contestEditData(ctx, c.ward.ID, ct)
	if err != nil {
		return err
	}
	title := "Cuộc thi mới"
	if ct.ID != 0 {
		title = ct.Title
	}
	return c.renderPage(http.StatusOK, "contest_edit", &page{Title: title, Data: d, Form: contestForm(ct)})
}

// contestSave creates or updates a contest.
func (s *Server) contestSave(c *request) error {
	ctx := c.r.Context()
	ct := &contest.Contest{}
	var id int64
	var err error
	if c.r.PathValue("id") != "" {
		if id, err = c.id("id"); err != nil {
			return err
		}
		if ct, err = contest.Get(ctx, s.DB, c.ward.ID, id); err != nil {
			return err
		}
	}
	d, units, err := s.contestEditData(ctx, c.ward.ID, ct)
	if err != nil {
		return err
	}
	saved, err := contest.SaveContest(ctx, s.DB, c.user, c.actor(), id, contestInput(c), units, d.Names.channels, time.Now())
	var ce check.Errors
	if errors.As(err, &ce) {
		return c.renderForm("contest_edit", "Cuộc thi", d, ce)
	} else if err != nil {
		return err
	}
	return c.redirect("/quan-ly/cuoc-thi/"+itoa64(saved), "Đã lưu cuộc thi.")
}

type roundData struct {
	Contest   *contest.Contest
	Round     *contest.Round
	Names     *planNames
	Pool      map[int]int
	Standing  *contest.Standing
	CanManage bool
	CanDecide bool
	IsMine    bool // the official sent it (and may not approve it)
	Now       time.Time
	Rows      []int // the draw's rows on the form
}

func roundForm(r *contest.Round) url.Values {
	f := url.Values{"title": {r.Title}, "opens": {contest.FormatTime(r.OpensAt)}, "closes": {contest.FormatTime(r.ClosesAt)},
		"time_limit": {strconv.Itoa(r.TimeLimit)}, "attempts": {strconv.Itoa(r.Attempts)}, "prediction": {r.Prediction},
		"first": {strconv.Itoa(r.Prizes.First)}, "second": {strconv.Itoa(r.Prizes.Second)}, "third": {strconv.Itoa(r.Prizes.Third)},
		"consolation": {strconv.Itoa(r.Prizes.Consolation)}}
	for i, st := range r.Draw {
		k := strconv.Itoa(i)
		f.Set("theme"+k, st.Theme)
		f.Set("level"+k, strconv.Itoa(st.Difficulty))
		f.Set("count"+k, strconv.Itoa(st.Count))
	}
	return f
}

const drawRows = 6

func (s *Server) roundData(c *request, ct *contest.Contest, r *contest.Round) (*roundData, error) {
	ctx := c.r.Context()
	names, err := s.planNames(ctx, c.ward.ID)
	if err != nil {
		return nil, err
	}
	d := &roundData{Contest: ct, Round: r, Names: names, CanManage: contest.CanManage(c.user), CanDecide: contest.CanApprove(c.user),
		IsMine: r.SubmittedBy == c.user.ID, Now: time.Now()}
	for i := range drawRows {
		d.Rows = append(d.Rows, i)
	}
	if r.ID != 0 {
		if d.Pool, err = contest.PoolSizes(ctx, s.DB, c.ward.ID, r.Draw); err != nil {
			return nil, err
		}
		if r.Status == contest.RoundApproved {
			if d.Standing, err = contest.Standings(ctx, s.DB, r); err != nil {
				return nil, err
			}
		}
	}
	return d, nil
}

// roundPage is a round's form while it is a draft, its state after, its
// approval, and its results.
func (s *Server) roundPage(c *request) error {
	ctx := c.r.Context()
	var ct *contest.Contest
	r := &contest.Round{TimeLimit: 30, Attempts: 1, Prizes: contest.Prizes{First: 1, Second: 2, Third: 3, Consolation: 5},
		Draw: []contest.Stratum{{Count: 20}}, Status: contest.RoundDraft}
	var err error
	if c.r.PathValue("cid") != "" {
		cid, err := c.id("cid")
		if err != nil {
			return err
		}
		if ct, err = contest.Get(ctx, s.DB, c.ward.ID, cid); err != nil {
			return err
		}
		r.Title = "Vòng " + strconv.Itoa(len(ct.Rounds)+1)
	} else {
		id, err := c.id("id")
		if err != nil {
			return err
		}
		if ct, r, err = contest.GetRound(ctx, s.DB, c.ward.ID, id); err != nil {
			return err
		}
	}
	d, err := s.roundData(c, ct, r)
	if err != nil {
		return err
	}
	return c.renderPage(http.StatusOK, "round", &page{Title: r.Title + " – " + ct.Title, Data: d, Form: roundForm(r)})
}

// roundSave creates a round of a contest, or updates a draft.
func (s *Server) roundSave(c *request) error {
	ctx := c.r.Context()
	names, err := s.planNames(ctx, c.ward.ID)
	if err != nil {
		return err
	}
	var ct *contest.Contest
	r := &contest.Round{Status: contest.RoundDraft}
	var id int64
	if c.r.PathValue("cid") != "" {
		cid, err := c.id("cid")
		if err != nil {
			return err
		}
		if ct, err = contest.Get(ctx, s.DB, c.ward.ID, cid); err != nil {
			return err
		}
	} else {
		if id, err = c.id("id"); err != nil {
			return err
		}
		if ct, r, err = contest.GetRound(ctx, s.DB, c.ward.ID, id); err != nil {
			return err
		}
	}
	saved, err := contest.SaveRound(ctx, s.DB, c.user, c.actor(), ct.ID, id, roundInput(c), names.themes, time.Now())
	var ce check.Errors
	if errors.As(err, &ce) {
		d, derr := s.roundData(c, ct, r)
		if derr != nil {
			return derr
		}
		return c.renderForm("round", "Vòng thi – "+ct.Title, d, ce)
	} else if err != nil {
		return err
	}
	return c.redirect("/quan-ly/vong-thi/"+itoa64(saved), "Đã lưu vòng thi.")
}

// roundAction runs one of a round's steps and shows the round again with
// its message when refused.
func (s *Server) roundAction(c *request, done string, step func(context.Context, int64, *planNames) error) error {
	ctx := c.r.Context()
	id, err := c.id("id")
	if err != nil {
		return err
	}
	names, err := s.planNames(ctx, c.ward.ID)
	if err != nil {
		return err
	}
	err = step(ctx, id, names)
	var ce check.Errors
	if errors.As(err, &ce) {
		ct, r, gerr := contest.GetRound(ctx, s.DB, c.ward.ID, id)
		if gerr != nil {
			return gerr
		}
		d, derr := s.roundData(c, ct, r)
		if derr != nil {
			return derr
		}
		return c.renderPage(http.StatusUnprocessableEntity, "round", &page{Title: r.Title + " – " + ct.Title, Data: d, Form: roundForm(r), Errors: ce})
	} else if err != nil {
		return err
	}
	return c.redirect("/quan-ly/vong-thi/"+itoa64(id), done)
}

func (s *Server) roundSubmit(c *request) error {
	return s.roundAction(c, "Đã gửi lãnh đạo duyệt vòng thi.", func(ctx context.Context, id int64, n *planNames) error {
		return contest.SubmitRound(ctx, s.DB, c.user, c.actor(), id, n.themes, time.Now())
	})
}

func (s *Server) roundDecide(c *request) error {
	approve := c.r.PostFormValue("decision") == "approve"
	msg := "Đã trả lại vòng thi."
	if approve {
		msg = "Đã duyệt: vòng thi được công bố trên Cổng."
	}
	return s.roundAction(c, msg, func(ctx context.Context, id int64, n *planNames) error {
		return contest.DecideRound(ctx, s.DB, c.user, c.actor(), id, approve, c.r.PostFormValue("note"), n.themes, time.Now())
	})
}

func (s *Server) resultsPropose(c *request) error {
	return s.roundAction(c, "Đã trình lãnh đạo duyệt kết quả.", func(ctx context.Context, id int64, n *planNames) error {
		return contest.ProposeResults(ctx, s.DB, c.user, c.actor(), id, time.Now())
	})
}

func (s *Server) resultsDecide(c *request) error {
	approve := c.r.PostFormValue("decision") == "approve"
	msg := "Đã trả lại danh sách kết quả."
	if approve {
		msg = "Đã duyệt kết quả: danh sách đạt giải được công bố, vòng thi được ghi nhận là hoạt động của kế hoạch."
	}
	return s.roundAction(c, msg, func(ctx context.Context, id int64, n *planNames) error {
		_, r, err := contest.GetRound(ctx, s.DB, c.ward.ID, id)
		if err != nil {
			return err
		}
		ct, _ := contest.Get(ctx, s.DB, c.ward.ID, r.ContestID)
		link := s.baseURL(c.r) + contestPath(ct) + "/vong/" + strconv.Itoa(r.Number)
		return contest.DecideResults(ctx, s.DB, c.user, c.actor(), id, approve, c.r.PostFormValue("note"), link, time.Now())
	})
}

// resultsExport downloads a round's ranking as XLSX.
func (s *Server) resultsExport(c *request) error {
	ctx := c.r.Context()
	id, err := c.id("id")
	if err != nil {
		return err
	}
	ct, r, err := contest.GetRound(ctx, s.DB, c.ward.ID, id)
	if err != nil {
		return err
	}
	st, err := contest.Standings(ctx, s.DB, r)
	if err != nil {
		return err
	}
	f := excelize.NewFile()
	defer f.Close()
	sheet := "Kết quả"
	f.SetSheetName("Sheet1", sheet)
	head := []any{"Hạng", "Họ và tên", "Khu phố, đơn vị, địa chỉ", "Số câu đúng", "Số câu", "Thời gian làm bài", "Dự đoán", "Nộp lúc", "Giải", "Mã chứng nhận"}
	f.SetSheetRow(sheet, "A1", &head)
	for i, e := range st.Ranked {
		pred := ""
		if e.Prediction != nil {
			pred = vn.Number(*e.Prediction)
		}
		row := []any{e.Rank, e.Name, e.Place, e.Correct, e.Size, durationText(e.Duration), pred, vn.DateTime(e.SubmittedAt), contest.PrizeName(e.Prize), e.Certificate}
		f.SetSheetRow(sheet, fmt.Sprintf("A%d", i+2), &row)
	}
	for col, w := range map[string]float64{"B": 28, "C": 28, "F": 16, "H": 18, "I": 18, "J": 14} {
		f.SetColWidth(sheet, col, col, w)
	}
	f.SetCellStr(sheet, fmt.Sprintf("A%d", len(st.Ranked)+3), fmt.Sprintf("Số người trả lời đúng tất cả các câu hỏi: %d", st.Truth))
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		return err
	}
	return c.download(&b, fmt.Sprintf("ket-qua-%s-vong-%d.xlsx", ct.Slug, r.Number), xlsxType)
}

// durationText is a time taken as "12 phút 05 giây".
func durationText(d time.Duration) string {
	s := int(d.Round(time.Second).Seconds())
	if s < 60 {
		return fmt.Sprintf("%d giây", s)
	}
	return fmt.Sprintf("%d phút %02d giây", s/60, s%60)
}

// takerDecide excludes a flagged taker from the ranking, or keeps them.
func (s *Server) takerDecide(c *request) error {
	ctx := c.r.Context()
	id, err := c.id("id")
	if err != nil {
		return err
	}
	t, err := contest.GetTaker(ctx, s.DB, c.ward.ID, id)
	if err != nil {
		return err
	}
	exclude := c.r.PostFormValue("decision") == "exclude"
	if err := contest.Exclude(ctx, s.DB, c.user, c.actor(), id, exclude, c.r.PostFormValue("note"), time.Now()); err != nil {
		return err
	}
	msg := "Đã công nhận người dự thi " + t.FullName + "."
	if exclude {
		msg = "Đã không công nhận người dự thi " + t.FullName + "."
	}
	return c.redirect("/quan-ly/cuoc-thi/"+itoa64(t.ContestID), msg)
}
