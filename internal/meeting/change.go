package meeting

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/cchc-vn/cchc/internal/account"
	"github.com/cchc-vn/cchc/internal/activity"
	"github.com/cchc-vn/cchc/internal/audit"
	"github.com/cchc-vn/cchc/internal/check"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/feedback"
	"github.com/cchc-vn/cchc/internal/filestore"
	"github.com/cchc-vn/cchc/internal/media"
	"github.com/cchc-vn/cchc/internal/vn"
	"github.com/cchc-vn/cchc/internal/ward"
)

// Limits of a meeting's record.
const (
	MaxAgenda = 8
	MaxPhotos = 8
)

// Input is a meeting as its organiser schedules it.
type Input struct {
	Kind, Title  string
	OrganiserID  int64
	KhuPhoID     int64
	Venue        string
	Date         string // dd/mm/yyyy
	Starts, Ends string // HH:MM
	Invited      string
	Expected     string
	Public       bool
	Agenda       []Item
}

// clock reads "19:30", "19h30", "19 giờ 30" or "19" on day.
func clock(day time.Time, s string) (time.Time, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.NewReplacer(" giờ ", ":", "giờ", ":", "h", ":", ".", ":", " ", "").Replace(s)
	h, m, _ := strings.Cut(s, ":")
	hh, err := strconv.Atoi(h)
	if err != nil || hh < 0 || hh > 23 {
		return time.Time{}, false
	}
	mm := 0
	if m = strings.TrimSuffix(strings.TrimSpace(m), "phút"); m != "" {
		if mm, err = strconv.Atoi(m); err != nil || mm < 0 || mm > 59 {
			return time.Time{}, false
		}
	}
	return time.Date(day.Year(), day.Month(), day.Day(), hh, mm, 0, 0, vn.Zone), true
}

// validate cleans the input against the plan's themes and the ward's units.
func (in *Input) validate(units []*ward.Unit, themes map[string]string) (*Meeting, check.Errors) {
	m := &Meeting{Kind: in.Kind, Title: strings.TrimSpace(vn.Clean(in.Title)), OrganiserID: in.OrganiserID, KhuPhoID: in.KhuPhoID,
		Venue: strings.TrimSpace(vn.Clean(in.Venue)), Invited: strings.TrimSpace(vn.Clean(in.Invited)), Public: in.Public}
	e := check.Errors{}
	if !known(Kinds, in.Kind) {
		e["kind"] = "Vui lòng chọn loại cuộc họp."
	}
	e.Text("title", m.Title, true, 200, "Tên cuộc họp")
	if unitOf(units, m.OrganiserID) == nil {
		e["organiser_id"] = "Vui lòng chọn đơn vị tổ chức."
	}
	if m.KhuPhoID != 0 {
		if u := unitOf(units, m.KhuPhoID); u == nil || u.Kind != ward.KindKhuPho {
			e["khu_pho_id"] = "Khu phố không thuộc phường."
		}
	}
	e.Text("venue", m.Venue, false, 300, "Địa điểm")
	if m.Venue == "" && m.KhuPhoID == 0 {
		e["venue"] = "Vui lòng ghi địa điểm hoặc chọn khu phố."
	}
	e.Text("invited", m.Invited, false, 500, "Thành phần mời")
	if n, ok := number(in.Expected); !ok || n < 0 || n > 100000 {
		e["expected"] = "Số người dự kiến phải là số từ 0 đến 100.000."
	} else {
		m.Expected = int(n)
	}
	day, err := vn.ParseDate(in.Date)
	if err != nil {
		e["date"] = "Ngày họp phải có dạng ngày/tháng/năm, ví dụ 05/12/2025."
	} else {
		var ok bool
		if m.StartsAt, ok = clock(day, in.Starts); !ok {
			e["starts"] = "Giờ bắt đầu phải có dạng giờ:phút, ví dụ 19:30."
		}
		if m.EndsAt, ok = clock(day, in.Ends); !ok {
			e["ends"] = "Giờ kết thúc phải có dạng giờ:phút, ví dụ 21:00."
		} else if _, bad := e["starts"]; !bad && !m.EndsAt.After(m.StartsAt) {
			e["ends"] = "Giờ kết thúc phải sau giờ bắt đầu."
		}
	}
	for i, it := range in.Agenda {
		it.Body = strings.TrimSpace(vn.Clean(it.Body))
		it.ProcedureCode = strings.TrimSpace(vn.Clean(it.ProcedureCode))
		if it.Body == "" && it.ProcedureCode == "" && len(it.Themes) == 0 {
			continue
		}
		field := "agenda_" + strconv.Itoa(i+1)
		e.Text(field, it.Body, true, 1000, "Nội dung "+strconv.Itoa(i+1))
		e.Text(field+"_procedure", it.ProcedureCode, false, 20, "Mã thủ tục của nội dung "+strconv.Itoa(i+1))
		var ts []string
		for _, t := range it.Themes {
			if _, ok := themes[t]; ok && !slices.Contains(ts, t) {
				ts = append(ts, t)
			}
		}
		it.Themes = ts
		m.Agenda = append(m.Agenda, it)
	}
	switch {
	case len(m.Agenda) == 0:
		e["agenda_1"] = "Vui lòng ghi ít nhất một nội dung của cuộc họp."
	case len(m.Agenda) > MaxAgenda:
		e["agenda_1"] = "Một cuộc họp ghi tối đa " + strconv.Itoa(MaxAgenda) + " nội dung."
	case len(m.Themes()) == 0:
		e["agenda_1"] = "Vui lòng chọn ít nhất một nội dung tuyên truyền của kế hoạch cho chương trình họp."
	}
	return m, e
}

// Save schedules (id 0) or changes a meeting with its agenda, in one
// transaction. A closed meeting's activity on the plan is corrected with it.
func Save(ctx context.Context, conn db.Conn, u *account.User, actor audit.Actor, id int64, in Input, themes map[string]string, now time.Time) (*Meeting, error) {
	if !CanManage(u) {
		return nil, ErrForbidden
	}
	if in.OrganiserID != 0 && !CanOrganise(u, in.OrganiserID) && !(u.Is(account.RoleKhuPhoHead) && in.KhuPhoID == u.UnitID) {
		return nil, check.Errors{"organiser_id": "Anh/chị chỉ lên lịch được cuộc họp do đơn vị mình tổ chức hoặc họp tại khu phố mình."}
	}
	units, err := ward.Units(ctx, conn, u.WardID)
	if err != nil {
		return nil, err
	}
	var before *Meeting
	if id != 0 {
		if before, err = Get(ctx, conn, u.WardID, id); err != nil {
			return nil, err
		}
		if !CanEdit(u, before) {
			return nil, ErrForbidden
		}
		if before.Status == Cancelled {
			return nil, check.Errors{"title": "Cuộc họp đã hủy, không sửa được."}
		}
	}
	m, e := in.validate(units, themes)
	if before != nil && before.Status == Closed && m.StartsAt.After(now) {
		e["date"] = "Cuộc họp đã tổ chức; ngày họp không được sau hôm nay."
	}
	if err := e.Err(); err != nil {
		return nil, err
	}
	return db.Run(ctx, conn, func(tx *db.Tx) (*Meeting, error) {
		m.WardID, m.UpdatedAt = u.WardID, now
		if before == nil {
			m.Status, m.CreatedBy, m.CreatedAt = Scheduled, u.ID, now
			if m.ID, err = db.Insert(ctx, tx, "meetings", m.fields()); err != nil {
				return nil, err
			}
		} else {
			keep(m, before)
			if m.Status == Closed {
				if m.ActivityID, err = record(ctx, tx, actor, m); err != nil {
					return nil, err
				}
			}
			if err := update(ctx, tx, m); err != nil {
				return nil, err
			}
			if _, err := tx.Exec(ctx, `delete from meeting_agenda where meeting_id = ?`, m.ID); err != nil {
				return nil, err
			}
		}
		for i, it := range m.Agenda {
			var themes []string = it.Themes
			if _, err := tx.Exec(ctx, `insert into meeting_agenda (meeting_id, position, body, themes, procedure_code) values (?, ?, ?, ?, ?)`,
				m.ID, i+1, it.Body, db.Codes(&themes), it.ProcedureCode); err != nil {
				return nil, err
			}
		}
		action := "meeting.create"
		if before != nil {
			action = "meeting.update"
		}
		if err := audit.Record(ctx, tx, actor, action, "meeting", m.ID, KindName(m.Kind)+": "+vn.Excerpt(m.Title, 80), auditFields(before), auditFields(m)); err != nil {
			return nil, err
		}
		return Get(ctx, tx, u.WardID, m.ID)
	})
}

// keep carries over what scheduling does not change: the status, the
// minutes and the record on the plan.
func keep(m, before *Meeting) {
	m.ID, m.Status, m.CancelReason, m.Number = before.ID, before.Status, before.CancelReason, before.Number
	m.Chair, m.Secretary, m.Participants, m.Content, m.Conclusion = before.Chair, before.Secretary, before.Participants, before.Content, before.Conclusion
	m.Attendance, m.Cost, m.ActivityID = before.Attendance, before.Cost, before.ActivityID
	m.CreatedBy, m.CreatedAt, m.ClosedAt = before.CreatedBy, before.CreatedAt, before.ClosedAt
}

func update(ctx context.Context, tx *db.Tx, m *Meeting) error {
	return db.Update(ctx, tx, "meetings", m.fields(), m.ID, "ward_id", "created_by", "created_at")
}

// record counts a closed meeting on the plan (or corrects what it counted).
func record(ctx context.Context, tx *db.Tx, actor audit.Actor, m *Meeting) (int64, error) {
	id, err := activity.RecordMeeting(ctx, tx, actor, m.WardID, activity.Meeting{UnitID: m.OrganiserID, KhuPho: m.KhuPhoID, PlaceName: m.Venue,
		HeldOn: m.Day(), Themes: m.Themes(), People: m.Attendance, Cost: m.Cost, Title: KindName(m.Kind) + ": " + m.Title, Activity: m.ActivityID})
	if id == 0 && err == nil {
		id = m.ActivityID
	}
	return id, err
}

// Cancel calls off a scheduled meeting, saying why.
func Cancel(ctx context.Context, conn db.Conn, u *account.User, actor audit.Actor, id int64, reason string, now time.Time) error {
	reason = strings.TrimSpace(vn.Clean(reason))
	e := check.Errors{}
	e.Text("cancel_reason", reason, true, 500, "Lý do hủy")
	if err := e.Err(); err != nil {
		return err
	}
	return conn.InTx(ctx, func(tx *db.Tx) error {
		m, err := Get(ctx, tx, u.WardID, id)
		if err != nil {
			return err
		}
		if !CanEdit(u, m) {
			return ErrForbidden
		}
		if m.Status != Scheduled {
			return check.Errors{"cancel_reason": "Chỉ hủy được cuộc họp chưa tổ chức."}
		}
		before := *m
		m.Status, m.CancelReason, m.UpdatedAt = Cancelled, reason, now
		if err := update(ctx, tx, m); err != nil {
			return err
		}
		return audit.Record(ctx, tx, actor, "meeting.cancel", "meeting", m.ID, "Hủy "+strings.ToLower(KindName(m.Kind))+": "+vn.Excerpt(m.Title, 80), auditFields(&before), auditFields(m))
	})
}

// Minutes is what happened at a meeting: attendance by group, the minutes
// and photos.
type Minutes struct {
	Present      map[string]string // people by group, as typed
	Number       string
	Chair        string
	Secretary    string
	Participants string
	Content      string
	Conclusion   string
	Cost         string
	Photos       [][]byte // checked and stripped before anything is written
	Sheet        [][]byte // the photo of the sign-in sheet: none or one
	RemovePhotos []int64
}

// Close records a meeting as held, with its attendance and minutes, and
// counts it on the plan once (people reached = attendance, themes from the
// agenda, place = its khu phố); closing it again corrects its record and
// that activity in place. Photos are stored first and removed again if the
// rows fail.
func Close(ctx context.Context, conn db.Conn, files filestore.Store, u *account.User, actor audit.Actor, id int64, in Minutes, now time.Time) (*Meeting, error) {
	before, err := Get(ctx, conn, u.WardID, id)
	if err != nil {
		return nil, err
	}
	if !CanEdit(u, before) {
		return nil, ErrForbidden
	}
	e := check.Errors{}
	switch {
	case before.Status == Cancelled:
		e["attendance"] = "Cuộc họp đã hủy."
	case !before.Started(now):
		e["attendance"] = "Cuộc họp chưa bắt đầu (" + before.When() + "); ghi kết quả sau khi họp."
	}
	m := *before
	m.Present = map[string]int{}
	total := 0
	for _, g := range Groups {
		n, ok := number(in.Present[g.Code])
		if !ok || n < 0 || n > 100000 {
			e["present_"+g.Code] = "Số " + strings.ToLower(g.Name) + " phải là số từ 0 đến 100.000."
			continue
		}
		if n > 0 {
			m.Present[g.Code] = int(n)
			total += int(n)
		}
	}
	if total == 0 && e["present_"+Groups[0].Code] == "" {
		e["present_"+Groups[0].Code] = "Vui lòng ghi số người tham dự."
	}
	m.Attendance = total
	for _, f := range []struct {
		dst         *string
		src, key, l string
		max         int
		required    bool
	}{
		{&m.Number, in.Number, "number", "Số biên bản", 50, false},
		{&m.Chair, in.Chair, "chair", "Chủ trì", 200, true},
		{&m.Secretary, in.Secretary, "secretary", "Thư ký", 200, true},
		{&m.Participants, in.Participants, "participants", "Thành phần tham dự", 2000, false},
		{&m.Content, in.Content, "content", "Nội dung cuộc họp", 20000, true},
		{&m.Conclusion, in.Conclusion, "conclusion", "Kết luận", 10000, false},
	} {
		*f.dst = strings.TrimSpace(vn.Clean(f.src))
		e.Text(f.key, *f.dst, f.required, f.max, f.l)
	}
	if n, ok := number(in.Cost); !ok || n < 0 || n > 10_000_000_000 {
		e["cost"] = "Kinh phí phải là số đồng từ 0 đến 10.000.000.000, ví dụ 1.500.000."
	} else {
		m.Cost = n
	}
	var ups []media.Upload
	kept := 0
	for _, ph := range before.Photos {
		if !slices.Contains(in.RemovePhotos, ph.ID) {
			kept++
		}
	}
	for i, data := range in.Photos {
		up, problem := media.PreparePhoto(data)
		if problem != "" {
			e["photos"] = "Ảnh thứ " + strconv.Itoa(i+1) + ": " + problem
			continue
		}
		ups = append(ups, up)
	}
	sheets := 0
	switch {
	case len(in.Sheet) > 1:
		e["sheet"] = "Chỉ gửi một ảnh danh sách ký tên."
	case len(in.Sheet) == 1:
		up, problem := media.PreparePhoto(in.Sheet[0])
		if problem != "" {
			e["sheet"] = "Ảnh danh sách ký tên: " + problem
		} else {
			ups = append(ups, up)
			sheets = 1
		}
	}
	if kept+len(ups) > MaxPhotos {
		e["photos"] = "Mỗi cuộc họp giữ tối đa " + strconv.Itoa(MaxPhotos) + " ảnh; hãy bỏ bớt ảnh cũ."
	}
	if err := e.Err(); err != nil {
		return nil, err
	}
	staged, err := media.Stage(ctx, files, u.WardID, "meeting", ups...)
	if err != nil {
		return nil, err
	}
	var removed []string
	out, err := db.Run(ctx, conn, func(tx *db.Tx) (*Meeting, error) {
		removed = nil
		cur, err := Get(ctx, tx, u.WardID, id)
		if err != nil {
			return nil, err
		}
		if cur.Status == Cancelled {
			return nil, check.Errors{"attendance": "Cuộc họp đã hủy."}
		}
		m.Status, m.UpdatedAt, m.ActivityID = Closed, now, cur.ActivityID
		if cur.Status != Closed {
			m.ClosedAt = now
		}
		if m.ActivityID, err = record(ctx, tx, actor, &m); err != nil {
			return nil, err
		}
		if err := update(ctx, tx, &m); err != nil {
			return nil, err
		}
		if _, err := tx.Exec(ctx, `delete from meeting_attendance where meeting_id = ?`, m.ID); err != nil {
			return nil, err
		}
		for _, g := range Groups {
			if n := m.Present[g.Code]; n > 0 {
				if _, err := tx.Exec(ctx, `insert into meeting_attendance (meeting_id, grp, people) values (?, ?, ?)`, m.ID, g.Code, n); err != nil {
					return nil, err
				}
			}
		}
		for _, ph := range cur.Photos {
			if slices.Contains(in.RemovePhotos, ph.ID) {
				if _, err := tx.Exec(ctx, `delete from meeting_photos where id = ? and meeting_id = ?`, ph.ID, m.ID); err != nil {
					return nil, err
				}
				removed = append(removed, ph.Key)
			}
		}
		for i, up := range ups {
			sheet := i >= len(ups)-sheets
			if _, err := tx.Exec(ctx, `insert into meeting_photos (meeting_id, sheet, file_key, content_type, size, created_at) values (?, ?, ?, ?, ?, ?)`,
				m.ID, db.Bool(&sheet), staged.Keys[i], up.ContentType, len(up.Data), db.Now()); err != nil {
				return nil, err
			}
		}
		action := "meeting.close"
		if cur.Status == Closed {
			action = "meeting.minutes"
		}
		if err := audit.Record(ctx, tx, actor, action, "meeting", m.ID, "Kết quả "+strings.ToLower(KindName(m.Kind))+": "+vn.Excerpt(m.Title, 80),
			auditFields(cur), auditFields(&m)); err != nil {
			return nil, err
		}
		return Get(ctx, tx, u.WardID, m.ID)
	})
	if err != nil {
		staged.Discard(ctx)
		return nil, err
	}
	filestore.Remove(ctx, files, removed...)
	return out, nil
}

// Opinion records what a resident said at a meeting as a feedback item in
// the ward's workflow, linked to the meeting; the official who heard it
// records it on the resident's behalf.
func Opinion(ctx context.Context, conn db.Conn, files filestore.Store, desk *feedback.Desk, u *account.User, id int64, in feedback.Input, photos [][]byte, now time.Time) (*feedback.Item, error) {
	m, err := Get(ctx, conn, u.WardID, id)
	if err != nil {
		return nil, err
	}
	if !CanEdit(u, m) && !u.Is(account.RoleSupervisor) {
		return nil, ErrForbidden
	}
	switch {
	case m.Status == Cancelled:
		return nil, check.Errors{"description": "Cuộc họp đã hủy."}
	case !m.Started(now):
		return nil, check.Errors{"description": "Cuộc họp chưa bắt đầu; ghi ý kiến khi họp."}
	}
	if in.KhuPhoID == 0 {
		in.KhuPhoID = m.KhuPhoID
	}
	return feedback.Submit(ctx, conn, files, desk, feedback.Submission{Input: in, Photos: photos, Channel: feedback.ChannelOfficer, Recorder: u, MeetingID: m.ID}, now)
}

// AddComment adds the Front's comment on a meeting's minutes.
func AddComment(ctx context.Context, conn db.Conn, u *account.User, actor audit.Actor, id int64, body string, now time.Time) error {
	if !CanComment(u) {
		return ErrForbidden
	}
	body = strings.TrimSpace(vn.Clean(body))
	e := check.Errors{}
	e.Text("comment", body, true, 4000, "Ý kiến")
	if err := e.Err(); err != nil {
		return err
	}
	return conn.InTx(ctx, func(tx *db.Tx) error {
		m, err := Get(ctx, tx, u.WardID, id)
		if err != nil {
			return err
		}
		if m.Status != Closed {
			return check.Errors{"comment": "Chỉ góp ý được biên bản của cuộc họp đã tổ chức."}
		}
		var cid int64
		if err := tx.QueryRow(ctx, `insert into meeting_comments (meeting_id, user_id, body, created_at) values (?, ?, ?, ?) returning id`,
			m.ID, u.ID, body, db.FormatTime(now)).Scan(&cid); err != nil {
			return err
		}
		return audit.Record(ctx, tx, actor, "meeting.comment", "meeting", m.ID, "Góp ý biên bản: "+vn.Excerpt(m.Title, 80), nil, map[string]any{"comment": body})
	})
}

// PhotoFor reads a photo of a meeting for an official of its ward.
func PhotoFor(ctx context.Context, q db.Querier, u *account.User, id, photo int64) (*Photo, error) {
	m, err := Get(ctx, q, u.WardID, id)
	if err != nil {
		return nil, err
	}
	for _, ph := range m.Photos {
		if ph.ID == photo {
			return &ph, nil
		}
	}
	return nil, db.ErrNotFound
}

func auditFields(m *Meeting) map[string]any {
	if m == nil {
		return nil
	}
	var agenda []string
	for _, it := range m.Agenda {
		agenda = append(agenda, it.Body)
	}
	return map[string]any{"kind": m.Kind, "title": m.Title, "organiser_id": m.OrganiserID, "khu_pho_id": m.KhuPhoID, "venue": m.Venue,
		"starts_at": vn.DateTime(m.StartsAt), "ends_at": vn.DateTime(m.EndsAt), "invited": m.Invited, "expected": m.Expected, "public": m.Public,
		"agenda": strings.Join(agenda, "; "), "status": m.Status, "cancel_reason": m.CancelReason, "chair": m.Chair, "secretary": m.Secretary,
		"attendance": m.Attendance, "cost": m.Cost, "conclusion": m.Conclusion}
}
