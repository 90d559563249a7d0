package feedback

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/cchc-vn/cchc/internal/account"
	"github.com/cchc-vn/cchc/internal/audit"
	"github.com/cchc-vn/cchc/internal/check"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/notice"
	"github.com/cchc-vn/cchc/internal/vn"
	"github.com/cchc-vn/cchc/internal/ward"
	"github.com/cchc-vn/cchc/internal/workday"
)

// Official is an account handling feedback: its role and the kind of its
// unit decide who receives and classifies items (the office and the public
// administration centre, as the ward's one-stop desk).
type Official struct {
	*account.User
}

// Receiver reports whether o classifies, assigns, publishes and closes items.
func (o Official) Receiver() bool {
	return o.Is(account.RoleAdmin, account.RoleLeader) ||
		o.Is(account.RoleUnitOfficer, account.RoleLeadOfficer) && (o.UnitKind == ward.KindOffice || o.UnitKind == ward.KindCentre)
}

// CanRecord reports whether o may record feedback on a resident's behalf.
func (o Official) CanRecord() bool {
	return o.Receiver() || o.Is(account.RoleKhuPhoHead, account.RoleSupervisor)
}

// SeesAll reports whether o sees every item of the ward: receivers and the
// Front, which supervises.
func (o Official) SeesAll() bool { return o.Receiver() || o.Is(account.RoleSupervisor) }

// CanSee reports whether o may see an item: the unit handling it, the khu
// phố it concerns and whoever recorded it see it too.
func (o Official) CanSee(it *Item) bool {
	switch {
	case o.SeesAll():
		return true
	case o.Is(account.RoleUnitOfficer, account.RoleLeadOfficer):
		return o.UnitID != 0 && it.UnitID == o.UnitID
	case o.Is(account.RoleKhuPhoHead):
		return o.UnitID != 0 && it.KhuPhoID == o.UnitID || it.RecordedBy == o.ID
	}
	return false
}

// CanAnswer reports whether o may answer an item.
func (o Official) CanAnswer(it *Item) bool {
	return o.Receiver() || o.Is(account.RoleUnitOfficer, account.RoleLeadOfficer) && o.UnitID != 0 && it.UnitID == o.UnitID
}

// Scope narrows List to what an official may see.
func (o Official) scope() (string, []any) {
	switch {
	case o.SeesAll():
		return "", nil
	case o.Is(account.RoleUnitOfficer, account.RoleLeadOfficer):
		return ` and f.unit_id = ?`, []any{o.UnitID}
	case o.Is(account.RoleKhuPhoHead):
		return ` and (f.khu_pho_id = ? or f.recorded_by = ?)`, []any{o.UnitID, o.ID}
	}
	return ` and 1 = 0`, nil
}

// Filter narrows List.
type Filter struct {
	Status   string
	Category string
	Overdue  bool
	Limit    int
}

// List returns the items an official may see, newest first.
func List(ctx context.Context, q db.Querier, o Official, f Filter, now time.Time) ([]*Item, error) {
	where, args := ` where f.ward_id = ?`, []any{o.WardID}
	s, sa := o.scope()
	where += s
	args = append(args, sa...)
	if f.Status != "" {
		where += ` and f.status = ?`
		args = append(args, f.Status)
	}
	if f.Category != "" {
		where += ` and f.category = ?`
		args = append(args, f.Category)
	}
	if f.Overdue {
		today := now.In(vn.Zone).Format(time.DateOnly)
		where += ` and ((f.status = 'received' and f.classify_due < ?) or (f.status = 'assigned' and f.answer_due < ?))`
		args = append(args, today, today)
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 200
	}
	args = append(args, f.Limit)
	return queryItems(ctx, q, itemSelect+where+` order by f.received_at desc, f.id desc limit ?`, args...)
}

// Decision is how a received item is classified.
type Decision struct {
	Action  string // assign, forward or reject
	UnitID  int64  // assign: the handling unit
	Forward string // forward: the competent body
	Reason  string // reject: why
	Note    string
}

// GetFor returns an item the official may see, with its photos.
func GetFor(ctx context.Context, q db.Querier, o Official, id int64) (*Item, error) {
	return o.load(ctx, q, id)
}

func (o Official) load(ctx context.Context, q db.Querier, id int64) (*Item, error) {
	it, err := Get(ctx, q, o.WardID, id)
	if err != nil {
		return nil, err
	}
	if !o.CanSee(it) {
		return nil, ErrForbidden
	}
	return it, nil
}

// trackLink is the public tracking page of an item.
func trackLink(it *Item) string { return "/phan-anh/tra-cuu?ma=" + it.Code }

func (o Official) actor() audit.Actor {
	return audit.Actor{WardID: o.WardID, UserID: o.ID, Username: o.Username}
}

// Classify rejects, forwards or assigns a received item; the unit assigned
// is told, with its deadline in working days, and so is the resident.
func Classify(ctx context.Context, conn db.Conn, desk *Desk, o Official, id int64, d Decision, now time.Time) (*Item, error) {
	return db.Run(ctx, conn, func(tx *db.Tx) (*Item, error) { return classify(ctx, tx, desk.Calendar, o, id, d, now) })
}

func classify(ctx context.Context, tx *db.Tx, cal *workday.Calendar, o Official, id int64, d Decision, now time.Time) (*Item, error) {
	if !o.Receiver() {
		return nil, ErrForbidden
	}
	it, err := o.load(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	e := check.Errors{}
	if it.Status != Received {
		e["action"] = "Phản ánh đã được phân loại."
	}
	d.Reason, d.Forward, d.Note = vn.Clean(strings.TrimSpace(d.Reason)), vn.Clean(strings.TrimSpace(d.Forward)), vn.Clean(strings.TrimSpace(d.Note))
	var status, note string
	switch d.Action {
	case "assign":
		u, err := ward.UnitByID(ctx, tx, o.WardID, d.UnitID)
		if err != nil || u.Kind == ward.KindKhuPho {
			e["unit_id"] = "Vui lòng chọn đơn vị xử lý."
		} else {
			status, note = Assigned, "Giao "+u.Name+" xử lý"
		}
	case "forward":
		e.Text("forward", d.Forward, true, 200, "Cơ quan có thẩm quyền")
		status, note = Forwarded, "Chuyển "+d.Forward
	case "reject":
		e.Text("reason", d.Reason, true, 1000, "Lý do không tiếp nhận")
		status, note = Rejected, "Không tiếp nhận: "+d.Reason
	default:
		e["action"] = "Vui lòng chọn cách xử lý."
	}
	if err := e.Err(); err != nil {
		return nil, err
	}
	stamp := db.FormatTime(now)
	answerDue, unit := "", any(nil)
	if status == Assigned {
		answerDue, unit = cal.Add(now, AnswerDays), d.UnitID
	}
	if _, err := tx.Exec(ctx, `update feedback set status = ?, classified_at = ?, unit_id = ?, forwarded_to = ?, reject_reason = ?, answer_due = ? where id = ?`,
		status, stamp, unit, d.Forward, d.Reason, answerDue, id); err != nil {
		return nil, err
	}
	if d.Note != "" {
		note += ". " + d.Note
	}
	if err := event(ctx, tx, id, o.User, "classified", it.Status, status, note, now); err != nil {
		return nil, err
	}
	if status == Assigned {
		users, err := account.UnitMembers(ctx, tx, o.WardID, d.UnitID)
		if err != nil {
			return nil, err
		}
		if _, err := notice.Add(ctx, tx, o.WardID, users, notice.New{Kind: "feedback", Subject: "Phản ánh " + it.Code + " giao đơn vị xử lý",
			Body: it.Title + "\nHạn trả lời: " + vn.ISODate(answerDue) + ".", Link: "/quan-ly/phan-anh/" + strconv.FormatInt(id, 10)}); err != nil {
			return nil, err
		}
	}
	if err := tell(ctx, tx, it, status, "Phản ánh "+it.Code+": "+StatusName(status), residentNote(status, note, answerDue), now); err != nil {
		return nil, err
	}
	if err := audit.Record(ctx, tx, o.actor(), "feedback.classify", "feedback", id, "Phân loại phản ánh "+it.Code+": "+note,
		map[string]any{"status": it.Status}, map[string]any{"status": status, "unit_id": d.UnitID, "forward": d.Forward, "reason": d.Reason}); err != nil {
		return nil, err
	}
	return Get(ctx, tx, o.WardID, id)
}

func boolInt(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

func residentNote(status, note, due string) string {
	s := "Phản ánh của anh/chị: " + StatusName(status) + "."
	switch status {
	case Assigned:
		s += "\nĐơn vị xử lý sẽ trả lời trước ngày " + vn.ISODate(due) + "."
	case Rejected, Forwarded:
		s += "\n" + note + "."
	}
	return s
}

// Answer records the unit's answer, published without personal data when
// publish is set; the resident is told.
func Answer(ctx context.Context, conn db.Conn, o Official, id int64, answer string, publish bool, now time.Time) (*Item, error) {
	return db.Run(ctx, conn, func(tx *db.Tx) (*Item, error) { return answerItem(ctx, tx, o, id, answer, publish, now) })
}

func answerItem(ctx context.Context, tx *db.Tx, o Official, id int64, answer string, publish bool, now time.Time) (*Item, error) {
	it, err := o.load(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	if !o.CanAnswer(it) {
		return nil, ErrForbidden
	}
	answer = vn.Clean(strings.TrimSpace(answer))
	e := check.Errors{}
	if it.Status != Assigned && it.Status != Answered {
		e["answer"] = "Chỉ trả lời phản ánh đang được xử lý."
	}
	e.Text("answer", answer, true, 5000, "Nội dung trả lời")
	if publish && !o.Receiver() {
		e["publish"] = "Chỉ bộ phận tiếp nhận được công khai câu trả lời."
	}
	if err := e.Err(); err != nil {
		return nil, err
	}
	answeredAt := db.FormatTime(now)
	if it.Status == Answered {
		answeredAt = db.FormatTime(it.AnsweredAt) // a correction keeps the original time, which decides timeliness
	}
	if _, err := tx.Exec(ctx, `update feedback set status = ?, answer = ?, answered_at = ?, answered_by = ?, published = ? where id = ?`,
		Answered, answer, answeredAt, o.ID, boolInt(publish), id); err != nil {
		return nil, err
	}
	kind := "answered"
	if it.Status == Answered {
		kind = "answer_revised"
	}
	note := answer
	if publish {
		note += " (công khai)"
	}
	if err := event(ctx, tx, id, o.User, kind, it.Status, Answered, note, now); err != nil {
		return nil, err
	}
	if it.Status == Assigned {
		if err := tell(ctx, tx, it, Answered, "Phản ánh "+it.Code+" đã được trả lời",
			"Nội dung trả lời:\n"+answer+"\n\nAnh/chị có thể đánh giá mức độ hài lòng tại trang tra cứu.", now); err != nil {
			return nil, err
		}
	}
	if err := audit.Record(ctx, tx, o.actor(), "feedback.answer", "feedback", id, "Trả lời phản ánh "+it.Code,
		map[string]any{"answer": it.Answer, "published": it.Published}, map[string]any{"answer": answer, "published": publish}); err != nil {
		return nil, err
	}
	return Get(ctx, tx, o.WardID, id)
}

// Close ends an answered, forwarded or rejected item that the resident has
// not rated.
func Close(ctx context.Context, conn db.Conn, o Official, id int64, note string, now time.Time) error {
	return conn.InTx(ctx, func(tx *db.Tx) error { return closeItem(ctx, tx, o, id, note, now) })
}

func closeItem(ctx context.Context, tx *db.Tx, o Official, id int64, note string, now time.Time) error {
	if !o.Receiver() {
		return ErrForbidden
	}
	it, err := o.load(ctx, tx, id)
	if err != nil {
		return err
	}
	if it.Status != Answered && it.Status != Forwarded && it.Status != Rejected {
		return check.Errors{"action": "Chỉ kết thúc phản ánh đã trả lời, đã chuyển hoặc không tiếp nhận."}
	}
	if _, err := tx.Exec(ctx, `update feedback set status = ?, closed_at = ? where id = ?`, Closed, db.FormatTime(now), id); err != nil {
		return err
	}
	if err := event(ctx, tx, id, o.User, "closed", it.Status, Closed, vn.Clean(note), now); err != nil {
		return err
	}
	return audit.Record(ctx, tx, o.actor(), "feedback.close", "feedback", id, "Kết thúc phản ánh "+it.Code, map[string]any{"status": it.Status}, map[string]any{"status": Closed})
}

// Rate records the resident's satisfaction (1 to 5) with the handling and
// closes the item. The resident proves it is theirs as for tracking.
func Rate(ctx context.Context, conn db.Conn, wardID int64, code, proof string, rating int, comment string, now time.Time) (*Item, error) {
	return db.Run(ctx, conn, func(tx *db.Tx) (*Item, error) { return rate(ctx, tx, wardID, code, proof, rating, comment, now) })
}

func rate(ctx context.Context, tx *db.Tx, wardID int64, code, proof string, rating int, comment string, now time.Time) (*Item, error) {
	it, err := Track(ctx, tx, wardID, code, proof)
	if err != nil {
		return nil, err
	}
	comment = vn.Clean(strings.TrimSpace(comment))
	e := check.Errors{}
	if it.Status != Answered && it.Status != Forwarded && it.Status != Rejected {
		e["rating"] = "Chỉ đánh giá được khi phản ánh đã có kết quả xử lý."
	}
	if rating < 1 || rating > 5 {
		e["rating"] = "Vui lòng chọn mức độ hài lòng."
	}
	e.Text("rating_comment", comment, false, 1000, "Góp ý")
	if err := e.Err(); err != nil {
		return nil, err
	}
	stamp := db.FormatTime(now)
	if _, err := tx.Exec(ctx, `update feedback set rating = ?, rating_comment = ?, rated_at = ?, status = ?, closed_at = ? where id = ?`,
		rating, comment, stamp, Closed, stamp, it.ID); err != nil {
		return nil, err
	}
	if err := event(ctx, tx, it.ID, nil, "rated", it.Status, Closed, RatingName(rating), now); err != nil {
		return nil, err
	}
	return Get(ctx, tx, wardID, it.ID)
}

// RatingName is the Vietnamese label of a rating.
func RatingName(r int) string {
	switch r {
	case 5:
		return "Rất hài lòng"
	case 4:
		return "Hài lòng"
	case 3:
		return "Bình thường"
	case 2:
		return "Không hài lòng"
	case 1:
		return "Rất không hài lòng"
	}
	return ""
}

// Dissatisfied reports whether a rating counts as not satisfied.
func Dissatisfied(r int) bool { return r >= 1 && r <= 2 }

// Supervises reports whether o files the Front's supervisory recommendations.
func (o Official) Supervises() bool { return o.Is(account.RoleSupervisor, account.RoleAdmin) }
