// Package feedback is residents' feedback (phản ánh, kiến nghị) under
// Decree 20/2008/NĐ-CP: received from the portal, from partner apps
// (Open311) or recorded by khu phố heads and the Front on a resident's
// behalf; classified within 5 working days (rejected with a reason,
// forwarded to the competent body, or taken up and assigned to a unit);
// answered within the handling time; the answer published without personal
// data; rated by the resident; every step recorded.
package feedback

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"net/mail"
	"strings"
	"time"

	"github.com/cchc-vn/cchc/internal/account"
	"github.com/cchc-vn/cchc/internal/check"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/vn"
	"github.com/cchc-vn/cchc/internal/ward"
	"github.com/cchc-vn/cchc/internal/workday"
)

// ErrForbidden is returned when an official may not see or handle an item.
var ErrForbidden = check.ErrForbidden

// Deadlines in working days.
const (
	ClassifyDays = 5  // receive → classify or forward (Decree 20, art. 9)
	AnswerDays   = 10 // classify → answer, for items in the ward's scope
)

// Categories of feedback.
var Categories = []struct{ Code, Name string }{
	{"thu_tuc", "Thủ tục hành chính"},
	{"dich_vu", "Chất lượng phục vụ, dịch vụ công"},
	{"can_bo", "Thái độ, trách nhiệm của cán bộ"},
	{"quy_dinh", "Quy định hành chính"},
	{"khac", "Khác"},
}

// CategoryName is the Vietnamese name of a category code.
func CategoryName(code string) string {
	for _, c := range Categories {
		if c.Code == code {
			return c.Name
		}
	}
	return code
}

// Statuses.
const (
	Received  = "received"  // waiting to be classified
	Rejected  = "rejected"  // not taken up, with a reason
	Forwarded = "forwarded" // sent to the competent body
	Assigned  = "assigned"  // taken up, a unit handles it
	Answered  = "answered"  // the unit has answered
	Closed    = "closed"    // rated by the resident, or closed by the ward
)

// StatusName is the Vietnamese label of a status.
func StatusName(s string) string {
	switch s {
	case Received:
		return "Đã tiếp nhận"
	case Rejected:
		return "Không tiếp nhận"
	case Forwarded:
		return "Đã chuyển cơ quan có thẩm quyền"
	case Assigned:
		return "Đang xử lý"
	case Answered:
		return "Đã trả lời"
	case Closed:
		return "Đã kết thúc"
	}
	return s
}

// Channels by which feedback arrives.
const (
	ChannelPortal  = "portal"
	ChannelOfficer = "officer" // recorded by a khu phố head or the Front
	ChannelOpen311 = "open311"
)

// Item is one piece of feedback: what the resident sent and where its
// handling stands. Its columns are listed once, in fields.
type Item struct {
	ID            int64
	WardID        int64
	Code          string // the tracking code, PA-7KQ4-M2XT
	Input                // what the resident sent
	KhuPhoName    string
	ConsentAt     time.Time // when the resident agreed to the processing of their data
	Channel       string
	RecordedBy    int64 // the official who recorded it on the resident's behalf
	Status        string
	ReceivedAt    time.Time
	ClassifyDue   string
	ClassifiedAt  time.Time
	RejectReason  string
	ForwardedTo   string
	UnitID        int64
	UnitName      string
	AnswerDue     string
	Answer        string
	AnsweredAt    time.Time
	AnsweredBy    int64
	Published     bool
	AppID         int64 // the partner app that filed it over Open311, if any
	MeetingID     int64 // the meeting where the resident said it, if any
	Rating        int
	RatingComment string
	RatedAt       time.Time
	ClosedAt      time.Time
	Photos        []Photo
	challenge     string // the proof-of-work challenge it answered; unique, so a replay is refused
}

// fields binds the item's columns; a new field of feedback is one line here.
func (it *Item) fields() db.Fields {
	return db.Fields{
		{Column: "id", Ptr: &it.ID},
		{Column: "ward_id", Ptr: &it.WardID},
		{Column: "code", Ptr: &it.Code},
		{Column: "category", Ptr: &it.Category},
		{Column: "procedure_code", Ptr: &it.ProcedureCode},
		{Column: "khu_pho_id", Ptr: db.OptionalID(&it.KhuPhoID)},
		{Expr: "coalesce(k.name, '')", Ptr: &it.KhuPhoName},
		{Column: "title", Ptr: &it.Title},
		{Column: "description", Ptr: &it.Description},
		{Column: "name", Ptr: &it.Name},
		{Column: "address", Ptr: &it.Address},
		{Column: "phone", Ptr: &it.Phone},
		{Column: "email", Ptr: &it.Email},
		{Column: "phone_given", Ptr: &it.PhoneGiven},
		{Column: "notify", Ptr: &it.Notify},
		{Column: "consent_at", Ptr: db.Time(&it.ConsentAt)},
		{Column: "channel", Ptr: &it.Channel},
		{Column: "recorded_by", Ptr: db.OptionalID(&it.RecordedBy)},
		{Column: "challenge", Ptr: db.OptionalText(&it.challenge)},
		{Column: "status", Ptr: &it.Status},
		{Column: "received_at", Ptr: db.Time(&it.ReceivedAt)},
		{Column: "classify_due", Ptr: &it.ClassifyDue},
		{Column: "classified_at", Ptr: db.Time(&it.ClassifiedAt)},
		{Column: "reject_reason", Ptr: &it.RejectReason},
		{Column: "forwarded_to", Ptr: &it.ForwardedTo},
		{Column: "unit_id", Ptr: db.OptionalID(&it.UnitID)},
		{Expr: "coalesce(n.name, '')", Ptr: &it.UnitName},
		{Column: "answer_due", Ptr: &it.AnswerDue},
		{Column: "answer", Ptr: &it.Answer},
		{Column: "answered_at", Ptr: db.Time(&it.AnsweredAt)},
		{Column: "answered_by", Ptr: db.OptionalID(&it.AnsweredBy)},
		{Column: "published", Ptr: db.Bool(&it.Published)},
		{Column: "app_id", Ptr: db.OptionalID(&it.AppID)},
		{Column: "meeting_id", Ptr: db.OptionalID(&it.MeetingID)},
		{Column: "rating", Ptr: &it.Rating},
		{Column: "rating_comment", Ptr: &it.RatingComment},
		{Column: "rated_at", Ptr: db.Time(&it.RatedAt)},
		{Column: "closed_at", Ptr: db.Time(&it.ClosedAt)},
	}
}

// itemSelect reads items with the names of their khu phố and handling unit.
var itemSelect = `select ` + (&Item{}).fields().Select("f") + `
	from feedback f left join units k on k.id = f.khu_pho_id left join units n on n.id = f.unit_id`

// Photo is a stored picture sent with the feedback.
type Photo struct {
	ID          int64
	Key         string
	ContentType string
	Size        int64
}

// Due is the deadline that applies now: to classify, or to answer.
func (it *Item) Due() string {
	switch it.Status {
	case Received:
		return it.ClassifyDue
	case Assigned:
		return it.AnswerDue
	}
	return ""
}

// DueLabel names the deadline Due returns, in the words every page uses.
func (it *Item) DueLabel() string {
	switch it.Status {
	case Received:
		return "Hạn phân loại"
	case Assigned:
		return "Hạn trả lời"
	}
	return ""
}

// Overdue reports whether the item is past its deadline today, in Vietnam.
func (it *Item) Overdue(now time.Time) bool {
	due := it.Due()
	return due != "" && now.In(vn.Zone).Format(time.DateOnly) > due
}

// AnsweredOnTime reports whether the answer came by its deadline.
func (it *Item) AnsweredOnTime() bool {
	return !it.AnsweredAt.IsZero() && it.AnsweredAt.In(vn.Zone).Format(time.DateOnly) <= it.AnswerDue
}

// Input is what a resident (or an official on their behalf) sends.
type Input struct {
	Category, ProcedureCode, Title, Description string
	KhuPhoID                                    int64
	Name, Address, Phone, Email                 string
	PhoneGiven                                  string // the phone as typed; Phone is its normal form
	Notify                                      string // how the resident hears of progress: one of Notifies
	Consent                                     bool
}

// Ways a resident hears of their feedback's progress.
const (
	NotifyZalo  = "zalo" // Zalo ZNS, else SMS when the number has no Zalo
	NotifySMS   = "sms"
	NotifyEmail = "email"
	NotifyNone  = "none"
)

// Notifies are the choices, for the forms.
var Notifies = []struct{ Code, Name string }{
	{NotifyZalo, "Zalo (nếu số điện thoại không có Zalo, phường gửi tin nhắn SMS)"},
	{NotifySMS, "Tin nhắn SMS"},
	{NotifyEmail, "Thư điện tử"},
	{NotifyNone, "Không nhận thông báo (tự tra cứu bằng mã phản ánh)"},
}

// RequiredMessages are the messages an empty submission gets, by field: the
// form's question pages check them before moving on, in the same words.
func RequiredMessages() map[string]string {
	return (&Input{}).validate(nil)
}

// validate cleans the input and returns field messages.
func (in *Input) validate(khuPho map[int64]*ward.Unit) check.Errors {
	for _, s := range []*string{&in.Category, &in.ProcedureCode, &in.Title, &in.Description, &in.Name, &in.Address, &in.Phone, &in.Email, &in.Notify} {
		*s = strings.TrimSpace(vn.Clean(*s))
	}
	e := check.Errors{}
	if CategoryName(in.Category) == in.Category {
		e["category"] = "Vui lòng chọn nội dung phản ánh."
	}
	e.Text("procedure_code", in.ProcedureCode, false, 20, "Mã thủ tục")
	e.Text("title", in.Title, true, 200, "Tiêu đề")
	e.Text("description", in.Description, true, 5000, "Nội dung phản ánh")
	e.Text("name", in.Name, true, 100, "Họ và tên")
	e.Text("address", in.Address, false, 300, "Địa chỉ")
	if in.KhuPhoID != 0 && khuPho[in.KhuPhoID] == nil {
		e["khu_pho_id"] = "Khu phố không hợp lệ."
	}
	in.PhoneGiven = in.Phone
	if in.Phone != "" {
		if p, ok := vn.Phone(in.Phone); ok {
			in.Phone = p
		} else {
			e["phone"] = "Số điện thoại chưa đúng: số di động gồm 10 chữ số của một nhà mạng (ví dụ 0912 345 678), số cố định 11 chữ số (ví dụ 028 3850 1234)."
		}
	}
	if in.Email != "" {
		if a, err := mail.ParseAddress(in.Email); err != nil || a.Address != in.Email || len(in.Email) > 200 {
			e["email"] = "Địa chỉ thư điện tử không hợp lệ."
		}
	}
	if in.Phone == "" && in.Email == "" && e["phone"] == "" && e["email"] == "" {
		e["phone"] = "Vui lòng nhập số điện thoại hoặc thư điện tử để nhận kết quả."
	}
	switch in.Notify {
	case "": // not chosen: e-mail when there is an address, as before there was a choice
		in.Notify = NotifyNone
		if in.Email != "" {
			in.Notify = NotifyEmail
		}
	case NotifyZalo, NotifySMS:
		if in.Phone != "" && e["phone"] == "" && !vn.Mobile(in.Phone) {
			e["notify"] = "Tin nhắn chỉ gửi được đến số di động. Vui lòng nhập số di động hoặc chọn cách khác."
		} else if in.Phone == "" && e["phone"] == "" {
			e["notify"] = "Vui lòng nhập số điện thoại di động để nhận tin nhắn."
		}
	case NotifyEmail:
		if in.Email == "" && e["email"] == "" {
			e["notify"] = "Vui lòng nhập thư điện tử để nhận thông báo qua thư."
		}
	case NotifyNone:
	default:
		e["notify"] = "Vui lòng chọn cách nhận thông báo."
	}
	if !in.Consent {
		e["consent"] = "Vui lòng đồng ý để cơ quan xử lý dữ liệu cá nhân của anh/chị (Nghị định 13/2023/NĐ-CP)."
	}
	return e
}

// codeAlphabet has no letters easy to confuse (0/O, 1/I/L).
const codeAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

// newCode makes a tracking code such as PA-7KQ4-M2XT.
func newCode() string {
	b := make([]byte, 8)
	rand.Read(b)
	out := []byte("PA-")
	for i, x := range b {
		if i == 4 {
			out = append(out, '-')
		}
		out = append(out, codeAlphabet[int(x)%len(codeAlphabet)])
	}
	return string(out)
}

// create stores a validated submission with its first event and returns it
// with its tracking code.
func create(ctx context.Context, tx *db.Tx, cal *workday.Calendar, wardID int64, s Submission, now time.Time) (*Item, error) {
	it := &Item{WardID: wardID, Input: s.Input, ConsentAt: now, Channel: s.Channel, Status: Received, ReceivedAt: now,
		ClassifyDue: cal.Add(now, ClassifyDays), challenge: s.Challenge}
	if s.App != nil {
		it.AppID = s.App.ID
	}
	if s.Recorder != nil {
		it.RecordedBy = s.Recorder.ID
	}
	it.MeetingID = s.MeetingID
	// A savepoint lets a (rare) clash of tracking codes, or a replayed
	// challenge, be told apart and retried without aborting the transaction.
	for attempt := 0; ; attempt++ {
		it.Code = newCode()
		if _, err := tx.Exec(ctx, `savepoint new_feedback`); err != nil {
			return nil, err
		}
		id, err := db.Insert(ctx, tx, "feedback", it.fields())
		if err == nil {
			it.ID = id
			if _, err := tx.Exec(ctx, `release savepoint new_feedback`); err != nil {
				return nil, err
			}
			break
		}
		if !db.IsUniqueViolation(err) || attempt > 3 {
			return nil, err
		}
		if _, err := tx.Exec(ctx, `rollback to savepoint new_feedback`); err != nil {
			return nil, err
		}
		if s.Challenge != "" {
			used, err := challengeUsed(ctx, tx, s.Challenge)
			if err != nil {
				return nil, err
			}
			if used {
				return nil, ErrReplay
			}
		}
	}
	note := "Tiếp nhận qua Cổng thông tin"
	switch s.Channel {
	case ChannelOfficer:
		note = "Cán bộ ghi nhận thay người dân"
		if s.MeetingID != 0 {
			note = "Ý kiến của người dân tại cuộc họp, cán bộ ghi nhận"
		}
	case ChannelOpen311:
		note = "Tiếp nhận qua ứng dụng đối tác (Open311)"
	}
	return it, event(ctx, tx, it.ID, s.Recorder, "received", "", Received, note, now)
}

// ErrReplay is returned when a proof-of-work answer is used twice.
var ErrReplay = errors.New("challenge already used")

func challengeUsed(ctx context.Context, q db.Querier, c string) (bool, error) {
	var n int
	err := q.QueryRow(ctx, `select count(*) from feedback where challenge = ?`, c).Scan(&n)
	return n > 0, err
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func event(ctx context.Context, q db.Querier, id int64, u *account.User, kind, from, to, note string, now time.Time) error {
	var uid any
	if u != nil {
		uid = u.ID
	}
	_, err := q.Exec(ctx, `insert into feedback_events (feedback_id, at, user_id, kind, from_status, to_status, note) values (?, ?, ?, ?, ?, ?, ?)`,
		id, db.FormatTime(now), uid, kind, from, to, note)
	return err
}

func scan(row interface{ Scan(...any) error }) (*Item, error) {
	it := &Item{}
	err := row.Scan(it.fields().Dest()...)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, db.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	return it, nil
}

func queryItems(ctx context.Context, q db.Querier, query string, args ...any) ([]*Item, error) {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Item
	for rows.Next() {
		it, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, it)
	}
	return out, rows.Err()
}

// OfMeeting reads the items residents raised at a meeting, oldest first.
func OfMeeting(ctx context.Context, q db.Querier, wardID, meetingID int64) ([]*Item, error) {
	return queryItems(ctx, q, itemSelect+` where f.ward_id = ? and f.meeting_id = ? order by f.id`, wardID, meetingID)
}

// Get returns one item of the ward with its photos.
func Get(ctx context.Context, q db.Querier, wardID, id int64) (*Item, error) {
	it, err := scan(q.QueryRow(ctx, itemSelect+` where f.ward_id = ? and f.id = ?`, wardID, id))
	if err != nil {
		return nil, err
	}
	return it, loadPhotos(ctx, q, it)
}

// ByCode returns an item by its tracking code.
func ByCode(ctx context.Context, q db.Querier, wardID int64, code string) (*Item, error) {
	return scan(q.QueryRow(ctx, itemSelect+` where f.ward_id = ? and f.code = ?`, wardID, strings.ToUpper(strings.TrimSpace(code))))
}

func loadPhotos(ctx context.Context, q db.Querier, it *Item) error {
	rows, err := q.Query(ctx, `select id, file_key, content_type, size from feedback_photos where feedback_id = ? order by id`, it.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var p Photo
		if err := rows.Scan(&p.ID, &p.Key, &p.ContentType, &p.Size); err != nil {
			return err
		}
		it.Photos = append(it.Photos, p)
	}
	return rows.Err()
}

// Track finds an item for a resident who gives its code and the last four
// digits of the phone (or the e-mail address) they left. Both are needed,
// so a code seen over a shoulder reveals nothing.
func Track(ctx context.Context, q db.Querier, wardID int64, code, proof string) (*Item, error) {
	it, err := ByCode(ctx, q, wardID, code)
	if err != nil {
		return nil, err
	}
	proof = strings.TrimSpace(proof)
	switch {
	case len(proof) == 4 && it.Phone != "" && strings.HasSuffix(it.Phone, proof):
	case proof != "" && it.Email != "" && strings.EqualFold(proof, it.Email):
	default:
		return nil, db.ErrNotFound
	}
	return it, nil
}

// Event is one recorded step.
type Event struct {
	At       time.Time
	Kind     string
	From, To string
	Note     string
	By       string
}

// Events returns the item's history.
func Events(ctx context.Context, q db.Querier, id int64) ([]Event, error) {
	rows, err := q.Query(ctx, `select e.at, e.kind, e.from_status, e.to_status, e.note, coalesce(u.full_name, '') from feedback_events e
		left join users u on u.id = e.user_id where e.feedback_id = ? order by e.id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Event
	for rows.Next() {
		var ev Event
		var at string
		if err := rows.Scan(&at, &ev.Kind, &ev.From, &ev.To, &ev.Note, &ev.By); err != nil {
			return nil, err
		}
		ev.At = db.ParseTime(at)
		out = append(out, ev)
	}
	return out, rows.Err()
}

// PhotoFor returns a resident's photo of an item the official may see.
func PhotoFor(ctx context.Context, q db.Querier, o Official, id int64) (*Photo, error) {
	var itemID int64
	p := &Photo{ID: id}
	err := q.QueryRow(ctx, `select feedback_id, file_key, content_type, size from feedback_photos where id = ?`, id).Scan(&itemID, &p.Key, &p.ContentType, &p.Size)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, db.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	if _, err := o.load(ctx, q, itemID); err != nil { // of another ward: not found; not the official's: forbidden
		return nil, err
	}
	return p, nil
}

// Rateable reports whether the resident may rate the handling now: once it
// has an outcome, and once only.
func (it *Item) Rateable() bool {
	return it.Rating == 0 && (it.Status == Answered || it.Status == Forwarded || it.Status == Rejected)
}

// Statuses lists the statuses in the order of the handling, for filters.
var Statuses = []string{Received, Assigned, Answered, Forwarded, Rejected, Closed}
