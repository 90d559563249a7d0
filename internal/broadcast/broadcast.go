// Package broadcast is the loudspeaker channel of the plan (loa truyền
// thanh, loa di động ở khu phố): bulletins with their text, themes, priority
// (the three levels of Circular 39/2020/TT-BTTTT) and the khu phố they are
// for; their review by the lead unit and approval by the leader; their
// audio, recorded, uploaded or synthesised from the text; each khu phố's
// daily slots and its playlist of the day; the plays its head or its speaker
// box confirms, each counted on the plan through
// activity.RecordBroadcastPlay; and the slots missed.
package broadcast

import (
	"context"
	"regexp"
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

// Priorities of grassroots broadcasting (Circular 39/2020/TT-BTTTT).
const (
	Normal    = "thuong"
	Priority  = "uu_tien"
	Emergency = "khan_cap"
)

// Priorities in order with their Vietnamese names.
var Priorities = []struct{ Code, Name string }{
	{Normal, "Thông thường"}, {Priority, "Ưu tiên"}, {Emergency, "Khẩn cấp"},
}

// PriorityName is the Vietnamese label of a priority.
func PriorityName(p string) string {
	for _, x := range Priorities {
		if x.Code == p {
			return x.Name
		}
	}
	return p
}

func rank(p string) int {
	switch p {
	case Emergency:
		return 0
	case Priority:
		return 1
	}
	return 2
}

// Statuses of a bulletin.
const (
	Draft    = "draft"    // being written
	Review   = "review"   // sent to the lead unit
	Approval = "approval" // checked by the lead unit, waiting for the leader
	Approved = "approved" // played in its khu phố over its dates
	Stopped  = "stopped"  // withdrawn
)

// Statuses in order with their Vietnamese names.
var Statuses = []struct{ Code, Name string }{
	{Draft, "Đang soạn"}, {Review, "Chờ bộ phận chủ trì thẩm định"}, {Approval, "Chờ lãnh đạo phê duyệt"},
	{Approved, "Đã phê duyệt"}, {Stopped, "Đã ngừng phát"},
}

// StatusName is the Vietnamese label of a status.
func StatusName(s string) string {
	for _, x := range Statuses {
		if x.Code == s {
			return x.Name
		}
	}
	return s
}

// Sources of audio.
const (
	SourceRecording = "recording"
	SourceUpload    = "upload"
	SourceSpeech    = "speech"
)

// SourceName is the Vietnamese label of where a bulletin's audio came from.
func SourceName(s string) string {
	switch s {
	case SourceRecording:
		return "Ghi âm trên trình duyệt"
	case SourceUpload:
		return "Tệp tải lên"
	case SourceSpeech:
		return "Đọc tự động từ văn bản"
	}
	return "Chưa có âm thanh"
}

// Bulletin is a loudspeaker bulletin (bài phát thanh).
type Bulletin struct {
	ID            int64
	WardID        int64
	Title         string
	Body          string // the text as read, also the transcript
	Themes        []string
	Priority      string
	AllKhuPho     bool
	KhuPho        []int64 // when not AllKhuPho
	ArticleID     int64
	UnitID        int64 // the writing unit
	UnitName      string
	Status        string
	Note          string // the last reviewer's note
	StartsOn      string // YYYY-MM-DD
	EndsOn        string
	Repeats       int // plays in each slot
	AudioKey      string
	AudioType     string
	AudioMS       int
	AudioSource   string
	SkippedReview bool
	CreatedBy     int64
	CreatedAt     time.Time
	UpdatedAt     time.Time
	ApprovedBy    int64
	ApprovedAt    time.Time
}

func (b *Bulletin) fields() db.Fields {
	return db.Fields{
		{Column: "id", Ptr: &b.ID},
		{Column: "ward_id", Ptr: &b.WardID},
		{Column: "title", Ptr: &b.Title},
		{Column: "body", Ptr: &b.Body},
		{Column: "themes", Ptr: db.Codes(&b.Themes)},
		{Column: "priority", Ptr: &b.Priority},
		{Column: "all_khu_pho", Ptr: db.Bool(&b.AllKhuPho)},
		{Column: "article_id", Ptr: &b.ArticleID},
		{Column: "unit_id", Ptr: db.OptionalID(&b.UnitID)},
		{Expr: "coalesce(n.name, '')", Ptr: &b.UnitName},
		{Column: "status", Ptr: &b.Status},
		{Column: "note", Ptr: &b.Note},
		{Column: "starts_on", Ptr: &b.StartsOn},
		{Column: "ends_on", Ptr: &b.EndsOn},
		{Column: "repeats", Ptr: &b.Repeats},
		{Column: "audio_key", Ptr: &b.AudioKey},
		{Column: "audio_type", Ptr: &b.AudioType},
		{Column: "audio_ms", Ptr: &b.AudioMS},
		{Column: "audio_source", Ptr: &b.AudioSource},
		{Column: "skipped_review", Ptr: db.Bool(&b.SkippedReview)},
		{Column: "created_by", Ptr: db.OptionalID(&b.CreatedBy)},
		{Column: "created_at", Ptr: db.Time(&b.CreatedAt)},
		{Column: "updated_at", Ptr: db.Time(&b.UpdatedAt)},
		{Column: "approved_by", Ptr: db.OptionalID(&b.ApprovedBy)},
		{Column: "approved_at", Ptr: db.Time(&b.ApprovedAt)},
	}
}

// Seconds is the audio's length in whole seconds.
func (b *Bulletin) Seconds() int { return (b.AudioMS + 500) / 1000 }

// Duration is the audio's length as people say it: "2 phút 05 giây".
func (b *Bulletin) Duration() string {
	s := b.Seconds()
	if s < 60 {
		return strconv.Itoa(s) + " giây"
	}
	return strconv.Itoa(s/60) + " phút " + strconv.Itoa(s%60/10) + strconv.Itoa(s%10) + " giây"
}

// Public reports whether residents may hear and read it: approved (or
// stopped after it played) and with audio.
func (b *Bulletin) Public() bool {
	return (b.Status == Approved || b.Status == Stopped) && b.AudioKey != ""
}

// For reports whether the bulletin is for khu phố unit.
func (b *Bulletin) For(unit int64) bool { return b.AllKhuPho || slices.Contains(b.KhuPho, unit) }

// Playing reports whether it plays on day (YYYY-MM-DD).
func (b *Bulletin) Playing(day string) bool {
	return b.Status == Approved && b.AudioKey != "" && b.StartsOn <= day && day <= b.EndsOn
}

const selectBulletin = `select %s from bulletins b left join units n on n.id = b.unit_id`

func bulletinSelect() string {
	return strings.Replace(selectBulletin, "%s", (&Bulletin{}).fields().Select("b"), 1)
}

func scanBulletin(row interface{ Scan(...any) error }) (*Bulletin, error) {
	b := &Bulletin{}
	if err := row.Scan(b.fields().Dest()...); err != nil {
		return nil, err
	}
	return b, nil
}

// list reads bulletins with their khu phố.
func list(ctx context.Context, q db.Querier, where string, args ...any) ([]*Bulletin, error) {
	rows, err := q.Query(ctx, bulletinSelect()+" where "+where, args...)
	if err != nil {
		return nil, err
	}
	var out []*Bulletin
	byID := map[int64]*Bulletin{}
	for rows.Next() {
		b, err := scanBulletin(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, b)
		byID[b.ID] = b
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(out) == 0 {
		return out, err
	}
	places, err := q.Query(ctx, `select p.bulletin_id, p.unit_id from bulletin_places p join bulletins b on b.id = p.bulletin_id
		where b.ward_id = ? order by p.unit_id`, out[0].WardID)
	if err != nil {
		return nil, err
	}
	defer places.Close()
	for places.Next() {
		var id, unit int64
		if err := places.Scan(&id, &unit); err != nil {
			return nil, err
		}
		if b := byID[id]; b != nil {
			b.KhuPho = append(b.KhuPho, unit)
		}
	}
	return out, places.Err()
}

// Get reads a bulletin of a ward.
func Get(ctx context.Context, q db.Querier, wardID, id int64) (*Bulletin, error) {
	bs, err := list(ctx, q, "b.ward_id = ? and b.id = ?", wardID, id)
	if err != nil {
		return nil, err
	}
	if len(bs) == 0 {
		return nil, db.ErrNotFound
	}
	return bs[0], nil
}

// List reads a ward's bulletins, newest first; status "" for all.
func List(ctx context.Context, q db.Querier, wardID int64, status string) ([]*Bulletin, error) {
	if status != "" {
		return list(ctx, q, "b.ward_id = ? and b.status = ? order by b.updated_at desc, b.id desc", wardID, status)
	}
	return list(ctx, q, "b.ward_id = ? order by b.updated_at desc, b.id desc", wardID)
}

// Published reads the bulletins residents may hear whose dates meet the
// range from–to (YYYY-MM-DD), latest first.
func Published(ctx context.Context, q db.Querier, wardID int64, from, to string) ([]*Bulletin, error) {
	bs, err := list(ctx, q, `b.ward_id = ? and b.status in ('approved', 'stopped') and b.audio_key <> '' and b.starts_on <= ? and b.ends_on >= ?
		order by b.starts_on desc, b.approved_at desc, b.id desc`, wardID, to, from)
	return bs, err
}

// CanWrite reports whether u may write bulletins: the lead unit, units'
// officers and the portal's editors.
func CanWrite(u *account.User) bool {
	return u.Is(account.RoleAdmin, account.RoleLeadOfficer, account.RoleUnitOfficer, account.RoleEditor)
}

// CanEdit reports whether u may change b: its writers while it is a draft
// (a unit's officer only its unit's).
func CanEdit(u *account.User, b *Bulletin) bool {
	if b.Status != Draft || !CanWrite(u) {
		return false
	}
	return !u.Is(account.RoleUnitOfficer, account.RoleEditor) || b.UnitID == u.UnitID || b.CreatedBy == u.ID
}

// CanReview reports whether u checks bulletins for the lead unit.
func CanReview(u *account.User) bool { return u.Is(account.RoleAdmin, account.RoleLeadOfficer) }

// CanApprove reports whether u approves bulletins.
func CanApprove(u *account.User) bool { return u.Is(account.RoleAdmin, account.RoleLeader) }

// CanPlay reports whether u confirms plays in khu phố unit: its head, or
// the lead unit for any.
func CanPlay(u *account.User, unit int64) bool {
	return u.Is(account.RoleAdmin, account.RoleLeadOfficer) || (u.Is(account.RoleKhuPhoHead) && u.UnitID == unit)
}

// Input is a bulletin as an official writes it.
type Input struct {
	Title, Body      string
	Themes           []string
	Priority         string
	AllKhuPho        bool
	KhuPho           string // when not all: numbers and ranges, "1–12, 15, 40-45"
	StartsOn, EndsOn string // dd/mm/yyyy
	Repeats          int
	ArticleID        int64
}

var khuPhoNumber = regexp.MustCompile(`(\d+)\s*$`)

// KhuPhoNumber is the number in a khu phố's name ("Khu phố 12" → 12).
func KhuPhoNumber(u *ward.Unit) int {
	m := khuPhoNumber.FindStringSubmatch(u.Name)
	if m == nil {
		return 0
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

var rangeSep = regexp.MustCompile(`\s*[-–—]\s*`)

// parseKhuPho reads "1–12, 15" against the ward's khu phố, by their numbers.
func parseKhuPho(spec string, units []*ward.Unit) ([]int64, string) {
	byNumber := map[int]int64{}
	for _, u := range units {
		if u.Kind == ward.KindKhuPho {
			byNumber[KhuPhoNumber(u)] = u.ID
		}
	}
	var out []int64
	for part := range strings.FieldsFuncSeq(spec, func(r rune) bool { return r == ',' || r == ';' }) {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		ends := rangeSep.Split(part, 2)
		from, err1 := strconv.Atoi(strings.TrimSpace(ends[0]))
		to, err2 := from, error(nil)
		if len(ends) == 2 {
			to, err2 = strconv.Atoi(strings.TrimSpace(ends[1]))
		}
		if err1 != nil || err2 != nil || to < from || to-from > 500 {
			return nil, "Không đọc được “" + part + "”. Ghi số khu phố, cách nhau bằng dấu phẩy; một dãy ghi như 1-12."
		}
		for n := from; n <= to; n++ {
			id, ok := byNumber[n]
			if !ok {
				return nil, "Phường không có khu phố " + strconv.Itoa(n) + "."
			}
			if !slices.Contains(out, id) {
				out = append(out, id)
			}
		}
	}
	if len(out) == 0 {
		return nil, "Vui lòng ghi các khu phố được phát, ví dụ 1-12, 15."
	}
	return out, ""
}

// KhuPhoSpec writes a list of khu phố back as numbers and ranges.
func KhuPhoSpec(ids []int64, units []*ward.Unit) string {
	var ns []int
	for _, u := range units {
		if slices.Contains(ids, u.ID) {
			ns = append(ns, KhuPhoNumber(u))
		}
	}
	slices.Sort(ns)
	var parts []string
	for i := 0; i < len(ns); {
		j := i
		for j+1 < len(ns) && ns[j+1] == ns[j]+1 {
			j++
		}
		if j > i {
			parts = append(parts, strconv.Itoa(ns[i])+"-"+strconv.Itoa(ns[j]))
		} else {
			parts = append(parts, strconv.Itoa(ns[i]))
		}
		i = j + 1
	}
	return strings.Join(parts, ", ")
}

// validate cleans the input; themes are the plan's, units the ward's.
func (in *Input) validate(themes map[string]string, units []*ward.Unit) (khuPho []int64, from, to string, e check.Errors) {
	in.Title, in.Body = vn.Clean(in.Title), vn.Clean(in.Body)
	e = check.Errors{}
	e.Text("title", in.Title, true, 200, "Tiêu đề")
	e.Text("body", in.Body, true, 20000, "Nội dung")
	var ts []string
	for _, t := range in.Themes {
		if _, ok := themes[t]; ok && !slices.Contains(ts, t) {
			ts = append(ts, t)
		}
	}
	in.Themes = ts
	if len(ts) == 0 {
		e["themes"] = "Vui lòng chọn ít nhất một nội dung tuyên truyền của kế hoạch."
	}
	if rank(in.Priority) == 2 && in.Priority != Normal {
		e["priority"] = "Vui lòng chọn mức độ ưu tiên."
	}
	if !in.AllKhuPho {
		var problem string
		if khuPho, problem = parseKhuPho(in.KhuPho, units); problem != "" {
			e["khu_pho"] = problem
		}
	}
	start, err := vn.ParseDate(in.StartsOn)
	if err != nil {
		e["starts_on"] = "Ngày bắt đầu phát phải có dạng ngày/tháng/năm, ví dụ 08/10/2025."
	}
	end, err := vn.ParseDate(in.EndsOn)
	if err != nil {
		e["ends_on"] = "Ngày kết thúc phải có dạng ngày/tháng/năm, ví dụ 15/10/2025."
	} else if _, ok := e["starts_on"]; !ok {
		switch {
		case end.Before(start):
			e["ends_on"] = "Ngày kết thúc phải từ ngày bắt đầu trở đi."
		case end.Sub(start) > 366*24*time.Hour:
			e["ends_on"] = "Một bản tin phát tối đa một năm."
		}
	}
	if in.Repeats < 1 || in.Repeats > 5 {
		e["repeats"] = "Số lần phát trong mỗi buổi phải từ 1 đến 5."
	}
	return khuPho, start.Format(time.DateOnly), end.Format(time.DateOnly), e
}

// Save creates (id 0) or changes a draft bulletin. The audio made from the
// text is dropped when the text changes; a recording is kept (the writer
// sees the warning).
func Save(ctx context.Context, conn db.Conn, u *account.User, actor audit.Actor, id int64, in Input, themes map[string]string, now time.Time) (b *Bulletin, dropped string, err error) {
	if !CanWrite(u) {
		return nil, "", ErrForbidden
	}
	err = conn.InTx(ctx, func(tx *db.Tx) error {
		units, err := ward.Units(ctx, tx, u.WardID)
		if err != nil {
			return err
		}
		khuPho, from, to, e := in.validate(themes, units)
		if len(e) > 0 {
			return e
		}
		var before *Bulletin
		if id == 0 {
			b = &Bulletin{WardID: u.WardID, Status: Draft, UnitID: u.UnitID, CreatedBy: u.ID, CreatedAt: now, ArticleID: in.ArticleID}
		} else {
			if b, err = Get(ctx, tx, u.WardID, id); err != nil {
				return err
			}
			if !CanEdit(u, b) {
				return ErrForbidden
			}
			copied := *b
			before = &copied
		}
		b.Title, b.Body, b.Themes, b.Priority, b.AllKhuPho, b.KhuPho = in.Title, in.Body, in.Themes, in.Priority, in.AllKhuPho, khuPho
		b.StartsOn, b.EndsOn, b.Repeats, b.UpdatedAt = from, to, in.Repeats, now
		if before != nil && before.Body != b.Body && b.AudioSource == SourceSpeech {
			dropped, b.AudioKey, b.AudioType, b.AudioMS, b.AudioSource = b.AudioKey, "", "", 0, ""
		}
		if id == 0 {
			if b.ID, err = db.Insert(ctx, tx, "bulletins", b.fields()); err != nil {
				return err
			}
		} else if err := update(ctx, tx, b); err != nil {
			return err
		}
		if err := savePlaces(ctx, tx, b); err != nil {
			return err
		}
		action := "bulletin.create"
		if before != nil {
			action = "bulletin.update"
		}
		return audit.Record(ctx, tx, actor, action, "bulletin", b.ID, b.Title, auditFields(before), auditFields(b))
	})
	if err != nil {
		return nil, "", err
	}
	return b, dropped, nil
}

// update writes a bulletin's columns but those set once.
func update(ctx context.Context, tx *db.Tx, b *Bulletin) error {
	return db.Update(ctx, tx, "bulletins", b.fields(), b.ID, "ward_id", "created_by", "created_at")
}

func savePlaces(ctx context.Context, tx *db.Tx, b *Bulletin) error {
	if _, err := tx.Exec(ctx, `delete from bulletin_places where bulletin_id = ?`, b.ID); err != nil {
		return err
	}
	for _, unit := range b.KhuPho {
		if _, err := tx.Exec(ctx, `insert into bulletin_places (bulletin_id, unit_id) values (?, ?)`, b.ID, unit); err != nil {
			return err
		}
	}
	return nil
}

func auditFields(b *Bulletin) map[string]any {
	if b == nil {
		return nil
	}
	return map[string]any{"title": b.Title, "body": b.Body, "themes": b.Themes, "priority": b.Priority, "all_khu_pho": b.AllKhuPho,
		"khu_pho": b.KhuPho, "starts_on": b.StartsOn, "ends_on": b.EndsOn, "repeats": b.Repeats, "status": b.Status}
}
