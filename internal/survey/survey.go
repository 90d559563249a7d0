// Package survey measures the plan's first purpose, residents' awareness of
// administrative reform: a questionnaire of yes/no, knowledge (one correct
// option) and satisfaction (1–5) questions, answered in a baseline wave
// before the campaign and a follow-up wave after, on the portal or entered
// from paper by an official; residents give their khu phố, age group and
// sex, never their name, and a repeat from one device is flagged, not
// refused. Results give each question's favourable share per wave with its
// 95 % Wilson interval and the change between waves with Newcombe's
// interval (stats.go), by khu phố and group, and how many answers each khu
// phố still needs for a chosen margin of error.
package survey

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/cchc-vn/cchc/internal/account"
	"github.com/cchc-vn/cchc/internal/audit"
	"github.com/cchc-vn/cchc/internal/check"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/vn"
	"github.com/cchc-vn/cchc/internal/ward"
)

// ErrForbidden is returned when an official may not do what they asked.
var ErrForbidden = check.ErrForbidden

// Kinds of question.
const (
	YesNo     = "yes_no"    // Có / Không; favourable: Có
	Knowledge = "knowledge" // options with one correct; favourable: correct
	Scale     = "scale"     // 1 (rất không hài lòng) – 5 (rất hài lòng); favourable: 4 or 5
)

// Statuses of a survey.
const (
	Draft  = "draft"
	Open   = "open"
	Closed = "closed"
)

// Choice is a code with its Vietnamese name.
type Choice struct{ Code, Name string }

// AgeGroups residents choose from.
var AgeGroups = []Choice{{"duoi-30", "Dưới 30 tuổi"}, {"30-44", "Từ 30 đến 44 tuổi"}, {"45-59", "Từ 45 đến 59 tuổi"}, {"tu-60", "Từ 60 tuổi trở lên"}}

// Sexes residents choose from.
var Sexes = []Choice{{"nam", "Nam"}, {"nu", "Nữ"}, {"khac", "Khác hoặc không muốn nêu"}}

// ScaleOptions are the names of a satisfaction question's five points.
var ScaleOptions = []string{"Rất không hài lòng", "Không hài lòng", "Bình thường", "Hài lòng", "Rất hài lòng"}

func known(cs []Choice, code string) bool {
	return slices.ContainsFunc(cs, func(c Choice) bool { return c.Code == code })
}

// Survey is a questionnaire with its waves.
type Survey struct {
	ID        int64
	WardID    int64
	Title     string
	Intro     string
	Status    string
	CreatedBy int64
	CreatedAt time.Time
	UpdatedAt time.Time
	Waves     []Wave
	Questions []Question
}

// Wave is one round of answers: 1 the baseline, 2 the follow-up.
type Wave struct {
	ID       int64
	Position int
	Label    string
	OpensOn  string // YYYY-MM-DD
	ClosesOn string
}

// Question is one question of a survey.
type Question struct {
	ID       int64
	Position int
	Kind     string
	Body     string
	Options  []string // knowledge questions' options; yes/no and scale have theirs
	Correct  int      // knowledge: the correct option's index
	Theme    string   // the plan's theme it measures, "" for none
	Measure  string   // what a favourable answer means, for the statement: "biết nộp hồ sơ trực tuyến"
}

// Choices are the options a resident picks from, in order.
func (q *Question) Choices() []string {
	switch q.Kind {
	case YesNo:
		return []string{"Có", "Không"}
	case Scale:
		return ScaleOptions
	}
	return q.Options
}

// Favourable reports whether an answer counts for the measure: yes, the
// correct option, or satisfied (4 or 5, stored as index 3 or 4).
func (q *Question) Favourable(choice int) bool {
	switch q.Kind {
	case YesNo:
		return choice == 0
	case Scale:
		return choice >= 3
	}
	return choice == q.Correct
}

// OpenOn is the wave open on day (YYYY-MM-DD), if any.
func (s *Survey) OpenOn(day string) (Wave, bool) {
	for _, w := range s.Waves {
		if w.OpensOn <= day && day <= w.ClosesOn {
			return w, true
		}
	}
	return Wave{}, false
}

// CanManage reports whether u writes surveys and reads their results: the
// leader and the lead unit.
func CanManage(u *account.User) bool {
	return u.Is(account.RoleAdmin, account.RoleLeader, account.RoleLeadOfficer)
}

// CanEnter reports whether u enters paper answers on residents' behalf.
func CanEnter(u *account.User) bool {
	return u.Is(account.RoleAdmin, account.RoleLeadOfficer, account.RoleUnitOfficer, account.RoleKhuPhoHead)
}

// Input is a survey as the lead unit writes it.
type Input struct {
	Title, Intro string
	Waves        []WaveInput
	Questions    []QuestionInput
}

// WaveInput is a wave's label and dates (dd/mm/yyyy).
type WaveInput struct{ Label, OpensOn, ClosesOn string }

// QuestionInput is a question as written: options one per line.
type QuestionInput struct {
	Kind, Body, Options, Measure, Theme string
	Correct                             int // knowledge: 1-based, as the form numbers options
}

func (in *Input) validate(themes map[string]string) (*Survey, check.Errors) {
	s := &Survey{Title: vn.Clean(in.Title), Intro: vn.Clean(in.Intro), Status: Draft}
	e := check.Errors{}
	e.Text("title", s.Title, true, 200, "Tên cuộc khảo sát")
	e.Text("intro", s.Intro, false, 2000, "Lời giới thiệu")
	if len(in.Waves) < 1 || len(in.Waves) > 2 {
		e["waves"] = "Một cuộc khảo sát có một hoặc hai đợt (trước và sau đợt tuyên truyền)."
	}
	for i, w := range in.Waves {
		field := "wave" + strconv.Itoa(i+1)
		wave := Wave{Position: i + 1, Label: vn.Clean(w.Label)}
		if wave.Label == "" {
			wave.Label = []string{"Đợt 1 (trước tuyên truyền)", "Đợt 2 (sau tuyên truyền)"}[min(i, 1)]
		}
		from, err1 := vn.ParseDate(w.OpensOn)
		to, err2 := vn.ParseDate(w.ClosesOn)
		switch {
		case err1 != nil || err2 != nil:
			e[field] = "Ngày mở và ngày đóng của đợt " + strconv.Itoa(i+1) + " phải có dạng ngày/tháng/năm, ví dụ 01/07/2025."
		case to.Before(from):
			e[field] = "Đợt " + strconv.Itoa(i+1) + ": ngày đóng phải từ ngày mở trở đi."
		default:
			wave.OpensOn, wave.ClosesOn = from.Format(time.DateOnly), to.Format(time.DateOnly)
			if i > 0 && wave.OpensOn <= s.Waves[i-1].ClosesOn {
				e[field] = "Đợt 2 phải mở sau khi đợt 1 đã đóng."
			}
		}
		s.Waves = append(s.Waves, wave)
	}
	if len(in.Questions) == 0 {
		e["questions"] = "Vui lòng thêm ít nhất một câu hỏi."
	}
	if len(in.Questions) > 40 {
		e["questions"] = "Một cuộc khảo sát có tối đa 40 câu hỏi."
	}
	for i, qi := range in.Questions {
		field := "q" + strconv.Itoa(i+1)
		q := Question{Position: i + 1, Kind: qi.Kind, Body: vn.Clean(qi.Body), Measure: vn.Clean(qi.Measure), Correct: -1}
		if _, ok := themes[qi.Theme]; ok {
			q.Theme = qi.Theme
		}
		label := "Câu " + strconv.Itoa(i+1) + ": "
		switch {
		case q.Body == "":
			e[field] = label + "vui lòng nhập câu hỏi."
		case len([]rune(q.Body)) > 500:
			e[field] = label + "câu hỏi dài tối đa 500 ký tự."
		case q.Kind != YesNo && q.Kind != Knowledge && q.Kind != Scale:
			e[field] = label + "vui lòng chọn loại câu hỏi."
		}
		if q.Kind == Knowledge {
			for line := range strings.Lines(vn.Clean(qi.Options)) {
				if o := strings.TrimSpace(line); o != "" {
					q.Options = append(q.Options, o)
				}
			}
			switch {
			case len(q.Options) < 2 || len(q.Options) > 6:
				e[field] = label + "câu hỏi kiến thức có từ 2 đến 6 phương án, mỗi dòng một phương án."
			case qi.Correct < 1 || qi.Correct > len(q.Options):
				e[field] = label + "vui lòng ghi số thứ tự của phương án đúng (1 đến " + strconv.Itoa(len(q.Options)) + ")."
			default:
				q.Correct = qi.Correct - 1
			}
		}
		if len([]rune(q.Measure)) > 200 {
			e[field] = label + "điều đo được dài tối đa 200 ký tự."
		}
		if q.Measure == "" {
			q.Measure = map[string]string{YesNo: "trả lời “có”", Knowledge: "trả lời đúng", Scale: "hài lòng"}[q.Kind]
		}
		s.Questions = append(s.Questions, q)
	}
	return s, e
}

// Create writes a survey as a draft.
func Create(ctx context.Context, conn db.Conn, u *account.User, actor audit.Actor, in Input, themes map[string]string, now time.Time) (*Survey, error) {
	if !CanManage(u) {
		return nil, ErrForbidden
	}
	s, e := in.validate(themes)
	if err := e.Err(); err != nil {
		return nil, err
	}
	s.WardID, s.CreatedBy, s.CreatedAt, s.UpdatedAt = u.WardID, u.ID, now, now
	err := conn.InTx(ctx, func(tx *db.Tx) error {
		if err := tx.QueryRow(ctx, `insert into surveys (ward_id, title, intro, status, created_by, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?) returning id`,
			s.WardID, s.Title, s.Intro, s.Status, s.CreatedBy, db.FormatTime(now), db.FormatTime(now)).Scan(&s.ID); err != nil {
			return err
		}
		for i := range s.Waves {
			w := &s.Waves[i]
			if err := tx.QueryRow(ctx, `insert into survey_waves (survey_id, position, label, opens_on, closes_on) values (?, ?, ?, ?, ?) returning id`,
				s.ID, w.Position, w.Label, w.OpensOn, w.ClosesOn).Scan(&w.ID); err != nil {
				return err
			}
		}
		for i := range s.Questions {
			q := &s.Questions[i]
			if err := tx.QueryRow(ctx, `insert into survey_questions (survey_id, position, kind, body, options, correct, theme_code, measure) values (?, ?, ?, ?, ?, ?, ?, ?) returning id`,
				s.ID, q.Position, q.Kind, q.Body, strings.Join(q.Options, "\n"), q.Correct, q.Theme, q.Measure).Scan(&q.ID); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, actor, "survey.create", "survey", s.ID, s.Title, nil, map[string]any{"title": s.Title, "questions": len(s.Questions), "waves": len(s.Waves)})
	})
	if err != nil {
		return nil, err
	}
	return s, nil
}

// SetStatus opens a draft for answers, or closes an open survey.
func SetStatus(ctx context.Context, conn db.Conn, u *account.User, actor audit.Actor, id int64, status string, now time.Time) error {
	if !CanManage(u) {
		return ErrForbidden
	}
	return conn.InTx(ctx, func(tx *db.Tx) error {
		s, err := Get(ctx, tx, u.WardID, id)
		if err != nil {
			return err
		}
		if !(s.Status == Draft && status == Open || s.Status == Open && status == Closed) {
			return check.Errors{"status": "Không chuyển được cuộc khảo sát sang trạng thái này."}
		}
		if _, err := tx.Exec(ctx, `update surveys set status = ?, updated_at = ? where id = ?`, status, db.FormatTime(now), s.ID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, actor, "survey.status", "survey", s.ID, s.Title, map[string]any{"status": s.Status}, map[string]any{"status": status})
	})
}

// Get reads a survey of a ward with its waves and questions.
func Get(ctx context.Context, q db.Querier, wardID, id int64) (*Survey, error) {
	s := &Survey{}
	var created, updated string
	if err := q.QueryRow(ctx, `select id, ward_id, title, intro, status, coalesce(created_by, 0), created_at, updated_at from surveys where ward_id = ? and id = ?`,
		wardID, id).Scan(&s.ID, &s.WardID, &s.Title, &s.Intro, &s.Status, &s.CreatedBy, &created, &updated); errors.Is(err, sql.ErrNoRows) {
		return nil, db.ErrNotFound
	} else if err != nil {
		return nil, err
	}
	s.CreatedAt, s.UpdatedAt = db.ParseTime(created), db.ParseTime(updated)
	rows, err := q.Query(ctx, `select id, position, label, opens_on, closes_on from survey_waves where survey_id = ? order by position`, s.ID)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var w Wave
		if err := rows.Scan(&w.ID, &w.Position, &w.Label, &w.OpensOn, &w.ClosesOn); err != nil {
			rows.Close()
			return nil, err
		}
		s.Waves = append(s.Waves, w)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = q.Query(ctx, `select id, position, kind, body, options, correct, theme_code, measure from survey_questions where survey_id = ? order by position`, s.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var qu Question
		var opts string
		if err := rows.Scan(&qu.ID, &qu.Position, &qu.Kind, &qu.Body, &opts, &qu.Correct, &qu.Theme, &qu.Measure); err != nil {
			return nil, err
		}
		if opts != "" {
			qu.Options = strings.Split(opts, "\n")
		}
		s.Questions = append(s.Questions, qu)
	}
	return s, rows.Err()
}

// Response is one resident's answers as given.
type Response struct {
	KhuPhoID int64 // 0: lives elsewhere or did not say
	AgeGroup string
	Sex      string
	Answers  map[int64]int // question id → the chosen option's index
	Device   string        // what identifies the device (a hash of address and browser), "" on paper
	WaveID   int64         // paper answers: the wave they were given in; portal: the wave open today
}

// Answered is what Answer returns: the wave it counted in, and whether the
// device had answered this wave already (the answer is kept, flagged).
type Answered struct {
	ID      int64
	Wave    Wave
	Flagged bool
}

// Answer stores a resident's answers: on the portal (enteredBy nil) in the
// wave open today, or entered from paper by an official in the wave they
// name. Every question must be answered; nothing is written otherwise.
func Answer(ctx context.Context, conn db.Conn, wardID, surveyID int64, enteredBy *account.User, r Response, now time.Time) (*Answered, error) {
	s, err := Get(ctx, conn, wardID, surveyID)
	if err != nil {
		return nil, err
	}
	if enteredBy != nil && (!CanEnter(enteredBy) || enteredBy.WardID != wardID) {
		return nil, ErrForbidden
	}
	e := check.Errors{}
	var wave Wave
	var ok bool
	if enteredBy == nil {
		if wave, ok = s.OpenOn(now.In(vn.Zone).Format(time.DateOnly)); !ok || s.Status != Open {
			return nil, check.Errors{"form": "Cuộc khảo sát này hiện không nhận câu trả lời."}
		}
	} else {
		for _, w := range s.Waves {
			if w.ID == r.WaveID {
				wave, ok = w, true
			}
		}
		if !ok || s.Status == Draft {
			e["wave"] = "Vui lòng chọn đợt khảo sát của phiếu."
		}
	}
	if r.KhuPhoID != 0 {
		units, err := ward.Units(ctx, conn, wardID)
		if err != nil {
			return nil, err
		}
		if !slices.ContainsFunc(units, func(u *ward.Unit) bool { return u.ID == r.KhuPhoID && u.Kind == ward.KindKhuPho }) {
			e["khu_pho_id"] = "Khu phố không thuộc phường."
		}
	}
	if !known(AgeGroups, r.AgeGroup) {
		e["age_group"] = "Vui lòng chọn nhóm tuổi."
	}
	if !known(Sexes, r.Sex) {
		e["sex"] = "Vui lòng chọn giới tính (hoặc “Khác hoặc không muốn nêu”)."
	}
	for _, q := range s.Questions {
		c, given := r.Answers[q.ID]
		if !given || c < 0 || c >= len(q.Choices()) {
			e["q"+strconv.FormatInt(q.ID, 10)] = "Vui lòng trả lời câu " + strconv.Itoa(q.Position) + "."
		}
	}
	if err := e.Err(); err != nil {
		return nil, err
	}
	out := &Answered{Wave: wave}
	source, entered := "portal", any(nil)
	if enteredBy != nil {
		source, entered, r.Device = "paper", enteredBy.ID, ""
	}
	err = conn.InTx(ctx, func(tx *db.Tx) error {
		if r.Device != "" {
			var n int
			if err := tx.QueryRow(ctx, `select count(*) from survey_responses where wave_id = ? and device_hash = ?`, wave.ID, r.Device).Scan(&n); err != nil {
				return err
			}
			out.Flagged = n > 0
		}
		var kp any
		if r.KhuPhoID != 0 {
			kp = r.KhuPhoID
		}
		if err := tx.QueryRow(ctx, `insert into survey_responses (survey_id, wave_id, khu_pho_id, age_group, sex, source, entered_by, device_hash, flagged, created_at)
			values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id`, s.ID, wave.ID, kp, r.AgeGroup, r.Sex, source, entered, r.Device, map[bool]int{true: 1}[out.Flagged],
			db.FormatTime(now)).Scan(&out.ID); err != nil {
			return err
		}
		for _, q := range s.Questions {
			if _, err := tx.Exec(ctx, `insert into survey_answers (response_id, question_id, choice) values (?, ?, ?)`, out.ID, q.ID, r.Answers[q.ID]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
