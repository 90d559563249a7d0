package procedure

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"reflect"
	"sort"
	"strings"
	"time"

	"github.com/cchc-vn/cchc/internal/account"
	"github.com/cchc-vn/cchc/internal/audit"
	"github.com/cchc-vn/cchc/internal/check"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/vn"
	"github.com/cchc-vn/cchc/internal/ward"
)

// Version statuses.
const (
	Draft      = "draft"
	Published  = "published"
	Superseded = "superseded"
	Returned   = "returned" // sent back to the editor by the reviewer
)

// ErrForbidden is returned when the actor may not do what was asked.
var ErrForbidden = check.ErrForbidden

// Version is one state of a procedure.
type Version struct {
	ID            int64
	Code          string
	Version       int
	Status        string
	P             *Procedure
	EffectiveOn   string // YYYY-MM-DD
	Decision      string // the decision behind the change
	ChangeSummary string
	ChangedFields []string // Vietnamese names of what changed
	CreatedBy     string
	CreatedAt     time.Time
	PublishedBy   string
	PublishedAt   time.Time
	ReviewNote    string
}

// CanEdit reports whether u may write drafts: portal editors, and officers
// of the office (Văn phòng HĐND-UBND) and of the public administration
// centre, the units Plan 88 gives this duty.
func CanEdit(u *account.User) bool {
	if u.Is(account.RoleAdmin, account.RoleEditor) {
		return true
	}
	return u.Is(account.RoleUnitOfficer, account.RoleLeadOfficer) && (u.UnitKind == ward.KindOffice || u.UnitKind == ward.KindCentre)
}

// CanReview reports whether u may publish or return drafts.
func CanReview(u *account.User) bool {
	return u.Is(account.RoleAdmin, account.RoleLeader)
}

// fieldNames names the parts of a procedure people see, for "what changed".
var fieldNames = []struct{ field, name string }{
	{"Name", "Tên thủ tục"}, {"ShortName", "Tên ngắn"}, {"Field", "Lĩnh vực"}, {"Subjects", "Đối tượng thực hiện"},
	{"AgencyExecuting", "Cơ quan thực hiện"}, {"AgencyCompetent", "Cơ quan có thẩm quyền"}, {"Address", "Địa chỉ tiếp nhận"},
	{"Conditions", "Yêu cầu, điều kiện"}, {"Decision", "Quyết định công bố"}, {"OnlineLevel", "Mức độ trực tuyến"},
	{"PortalURL", "Liên kết Cổng Dịch vụ công"}, {"Steps", "Trình tự thực hiện"}, {"Channels", "Cách thức, thời hạn, phí"},
	{"Documents", "Thành phần hồ sơ"}, {"LegalBasis", "Căn cứ pháp lý"}, {"Results", "Kết quả"}, {"Keywords", "Từ khóa tìm kiếm"},
	{"Popularity", "Mức độ phổ biến"},
}

// Changed lists, in Vietnamese, the parts of b that differ from a.
func Changed(a, b *Procedure) []string {
	var out []string
	va, vb := reflect.ValueOf(a).Elem(), reflect.ValueOf(b).Elem()
	for _, f := range fieldNames {
		if !reflect.DeepEqual(va.FieldByName(f.field).Interface(), vb.FieldByName(f.field).Interface()) {
			out = append(out, f.name)
		}
	}
	return out
}

// Edit is a draft submitted by an editor.
type Edit struct {
	P             *Procedure
	EffectiveOn   string // dd/mm/yyyy or YYYY-MM-DD
	Decision      string
	ChangeSummary string
}

func (e *Edit) validate(current *Procedure) check.Errors {
	errs := check.Errors{}
	p := e.P
	p.Name, p.Field, p.Subjects, p.Conditions = vn.Clean(p.Name), vn.Clean(p.Field), vn.Clean(p.Subjects), vn.Clean(p.Conditions)
	p.ShortName = vn.Clean(p.ShortName)
	p.AgencyExecuting, p.AgencyCompetent, p.Address, p.Keywords = vn.Clean(p.AgencyExecuting), vn.Clean(p.AgencyCompetent), vn.Clean(p.Address), vn.Clean(p.Keywords)
	e.Decision, e.ChangeSummary = vn.Clean(e.Decision), vn.Clean(e.ChangeSummary)
	errs.Text("name", p.Name, true, 1500, "Tên thủ tục")
	errs.Text("short_name", p.ShortName, false, 160, "Tên ngắn")
	errs.Text("field", p.Field, true, 200, "Lĩnh vực")
	errs.Text("subjects", p.Subjects, false, 2000, "Đối tượng thực hiện")
	errs.Text("conditions", p.Conditions, false, 10000, "Yêu cầu, điều kiện")
	errs.Text("keywords", p.Keywords, false, 1000, "Từ khóa")
	errs.Text("decision", e.Decision, true, 200, "Quyết định công bố thay đổi")
	errs.Text("change_summary", e.ChangeSummary, true, 2000, "Nội dung thay đổi")
	if p.OnlineLevel != "" && p.OnlineLevel != "toan_trinh" && p.OnlineLevel != "mot_phan" {
		errs["online_level"] = "Mức độ trực tuyến không hợp lệ."
	}
	if p.Popularity < 0 || p.Popularity > 100 {
		errs["popularity"] = "Mức độ phổ biến từ 0 đến 100."
	}
	if p.PortalURL != "" && !strings.HasPrefix(p.PortalURL, "https://") && !strings.HasPrefix(p.PortalURL, "http://") {
		errs["portal_url"] = "Liên kết phải bắt đầu bằng https://"
	}
	if len(p.Steps) == 0 {
		errs["steps"] = "Vui lòng nhập ít nhất một bước thực hiện."
	}
	if t, err := vn.ParseDate(e.EffectiveOn); err != nil {
		errs["effective_on"] = "Ngày hiệu lực không hợp lệ (dd/mm/yyyy)."
	} else {
		e.EffectiveOn = t.Format(db.DateFormat)
	}
	if current != nil && len(errs) == 0 && len(Changed(current, p)) == 0 {
		errs["change_summary"] = "Bản nháp chưa thay đổi gì so với bản đang công khai."
	}
	return errs
}

// SaveDraft validates an edit and stores it as the procedure's open draft
// (replacing an earlier open draft of the same procedure).
func SaveDraft(ctx context.Context, conn db.Conn, u *account.User, actor audit.Actor, e Edit) (*Version, error) {
	return db.Run(ctx, conn, func(tx *db.Tx) (*Version, error) { return saveDraft(ctx, tx, u, actor, e) })
}

func saveDraft(ctx context.Context, tx *db.Tx, u *account.User, actor audit.Actor, e Edit) (*Version, error) {
	if !CanEdit(u) {
		return nil, ErrForbidden
	}
	current, _, err := Get(ctx, tx, u.WardID, e.P.Code)
	if err != nil && !errors.Is(err, db.ErrNotFound) {
		return nil, err
	}
	if current != nil {
		e.P.HCMCListed, e.P.Unparsed = current.HCMCListed, current.Unparsed
	} else if !codeRe.MatchString(e.P.Code) {
		return nil, check.Errors{"code": "Mã thủ tục có dạng 1.001193."}
	}
	if err := e.validate(current).Err(); err != nil {
		return nil, err
	}
	changed := []string{"Thủ tục mới"}
	if current != nil {
		changed = Changed(current, e.P)
	}
	data, err := json.Marshal(e.P)
	if err != nil {
		return nil, err
	}
	var next int
	if err := tx.QueryRow(ctx, `select coalesce(max(version), 0) + 1 from procedure_versions where ward_id = ? and code = ?`, u.WardID, e.P.Code).Scan(&next); err != nil {
		return nil, err
	}
	if _, err := tx.Exec(ctx, `delete from procedure_versions where ward_id = ? and code = ? and status in (?, ?)`, u.WardID, e.P.Code, Draft, Returned); err != nil {
		return nil, err
	}
	var id int64
	if err := tx.QueryRow(ctx, `insert into procedure_versions (ward_id, code, version, status, data, effective_on, decision, change_summary, changed_fields, created_by, created_at)
		values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id`,
		u.WardID, e.P.Code, next, Draft, string(data), e.EffectiveOn, e.Decision, e.ChangeSummary, strings.Join(changed, "\n"), u.ID, db.Now()).Scan(&id); err != nil {
		return nil, err
	}
	if err := audit.Record(ctx, tx, actor, "procedure.draft", "procedure_version", id, "Soạn bản nháp thủ tục "+e.P.Code+": "+e.ChangeSummary, nil,
		map[string]any{"code": e.P.Code, "changed": changed, "decision": e.Decision}); err != nil {
		return nil, err
	}
	return VersionByID(ctx, tx, u.WardID, id)
}

// Publish makes a draft the procedure's public version. The reviewer may not
// publish a draft they wrote: two people see every change.
func Publish(ctx context.Context, conn db.Conn, u *account.User, actor audit.Actor, versionID int64) (*Version, error) {
	return db.Run(ctx, conn, func(tx *db.Tx) (*Version, error) { return publish(ctx, tx, u, actor, versionID) })
}

func publish(ctx context.Context, tx *db.Tx, u *account.User, actor audit.Actor, versionID int64) (*Version, error) {
	if !CanReview(u) {
		return nil, ErrForbidden
	}
	v, err := VersionByID(ctx, tx, u.WardID, versionID)
	if err != nil {
		return nil, err
	}
	if v.Status != Draft {
		return nil, check.Errors{"status": "Chỉ xuất bản được bản nháp đang chờ duyệt."}
	}
	var author int64
	if err := tx.QueryRow(ctx, `select coalesce(created_by, 0) from procedure_versions where id = ?`, v.ID).Scan(&author); err != nil {
		return nil, err
	}
	if author == u.ID {
		return nil, check.Errors{"status": "Người soạn không tự duyệt bản nháp của mình."}
	}
	if err := Save(ctx, tx, u.WardID, v.P); err != nil {
		return nil, err
	}
	now := db.Now()
	if _, err := tx.Exec(ctx, `update procedure_versions set status = ? where ward_id = ? and code = ? and status = ?`, Superseded, u.WardID, v.Code, Published); err != nil {
		return nil, err
	}
	if _, err := tx.Exec(ctx, `update procedure_versions set status = ?, published_by = ?, published_at = ? where id = ?`, Published, u.ID, now, v.ID); err != nil {
		return nil, err
	}
	if err := audit.Record(ctx, tx, actor, "procedure.publish", "procedure_version", v.ID, "Duyệt, công khai thay đổi thủ tục "+v.Code, nil,
		map[string]any{"code": v.Code, "version": v.Version}); err != nil {
		return nil, err
	}
	return VersionByID(ctx, tx, u.WardID, v.ID)
}

// Return sends a draft back to its editor with the reviewer's note.
func Return(ctx context.Context, conn db.Conn, u *account.User, actor audit.Actor, versionID int64, note string) error {
	return conn.InTx(ctx, func(tx *db.Tx) error { return returnDraft(ctx, tx, u, actor, versionID, note) })
}

func returnDraft(ctx context.Context, tx *db.Tx, u *account.User, actor audit.Actor, versionID int64, note string) error {
	if !CanReview(u) {
		return ErrForbidden
	}
	v, err := VersionByID(ctx, tx, u.WardID, versionID)
	if err != nil {
		return err
	}
	note = vn.Clean(note)
	errs := check.Errors{}
	errs.Text("review_note", note, true, 2000, "Ý kiến trả lại")
	if v.Status != Draft {
		errs["status"] = "Chỉ trả lại được bản nháp đang chờ duyệt."
	}
	if err := errs.Err(); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `update procedure_versions set status = ?, review_note = ? where id = ?`, Returned, note, v.ID); err != nil {
		return err
	}
	return audit.Record(ctx, tx, actor, "procedure.return", "procedure_version", v.ID, "Trả lại bản nháp thủ tục "+v.Code, nil, map[string]string{"note": note})
}

// RecordInitial stores a published version of a procedure loaded by import
// or seed, so that every procedure has a history from its start.
func RecordInitial(ctx context.Context, q db.Querier, wardID int64, p *Procedure, effectiveOn, summary string, changed []string) error {
	data, err := json.Marshal(p)
	if err != nil {
		return err
	}
	var next int
	if err := q.QueryRow(ctx, `select coalesce(max(version), 0) + 1 from procedure_versions where ward_id = ? and code = ?`, wardID, p.Code).Scan(&next); err != nil {
		return err
	}
	if _, err := q.Exec(ctx, `update procedure_versions set status = ? where ward_id = ? and code = ? and status = ?`, Superseded, wardID, p.Code, Published); err != nil {
		return err
	}
	now := db.Now()
	_, err = q.Exec(ctx, `insert into procedure_versions (ward_id, code, version, status, data, effective_on, decision, change_summary, changed_fields, created_at, published_at)
		values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, wardID, p.Code, next, Published, string(data), effectiveOn, p.Decision, summary, strings.Join(changed, "\n"), now, now)
	return err
}

const versionSelect = `select v.id, v.code, v.version, v.status, v.data, v.effective_on, v.decision, v.change_summary, v.changed_fields,
	coalesce(a.full_name, ''), v.created_at, coalesce(r.full_name, ''), v.published_at, v.review_note
	from procedure_versions v left join users a on a.id = v.created_by left join users r on r.id = v.published_by`

func scanVersions(rows *sql.Rows) ([]*Version, error) {
	defer rows.Close()
	var out []*Version
	for rows.Next() {
		var v Version
		var data, changed, created, published string
		if err := rows.Scan(&v.ID, &v.Code, &v.Version, &v.Status, &data, &v.EffectiveOn, &v.Decision, &v.ChangeSummary, &changed,
			&v.CreatedBy, &created, &v.PublishedBy, &published, &v.ReviewNote); err != nil {
			return nil, err
		}
		v.P = &Procedure{}
		if err := json.Unmarshal([]byte(data), v.P); err != nil {
			return nil, err
		}
		if changed != "" {
			v.ChangedFields = strings.Split(changed, "\n")
		}
		v.CreatedAt, v.PublishedAt = db.ParseTime(created), db.ParseTime(published)
		out = append(out, &v)
	}
	return out, rows.Err()
}

// VersionByID returns a version of the ward.
func VersionByID(ctx context.Context, q db.Querier, wardID, id int64) (*Version, error) {
	rows, err := q.Query(ctx, versionSelect+` where v.ward_id = ? and v.id = ?`, wardID, id)
	if err != nil {
		return nil, err
	}
	vs, err := scanVersions(rows)
	if err != nil {
		return nil, err
	}
	if len(vs) == 0 {
		return nil, db.ErrNotFound
	}
	return vs[0], nil
}

// History returns the published and superseded versions of a procedure, newest first.
func History(ctx context.Context, q db.Querier, wardID int64, code string) ([]*Version, error) {
	rows, err := q.Query(ctx, versionSelect+` where v.ward_id = ? and v.code = ? and v.status in (?, ?) order by v.version desc`,
		wardID, code, Published, Superseded)
	if err != nil {
		return nil, err
	}
	return scanVersions(rows)
}

// Drafts returns the ward's open drafts and returned drafts, oldest first.
func Drafts(ctx context.Context, q db.Querier, wardID int64) ([]*Version, error) {
	rows, err := q.Query(ctx, versionSelect+` where v.ward_id = ? and v.status in (?, ?) order by v.created_at`, wardID, Draft, Returned)
	if err != nil {
		return nil, err
	}
	return scanVersions(rows)
}

// RecentlyAmended returns the latest published changes (not first versions), newest first.
func RecentlyAmended(ctx context.Context, q db.Querier, wardID int64, limit int) ([]*Version, error) {
	rows, err := q.Query(ctx, versionSelect+` where v.ward_id = ? and v.status in (?, ?) and v.version > 1 order by v.published_at desc, v.id desc limit ?`,
		wardID, Published, Superseded, limit)
	if err != nil {
		return nil, err
	}
	return scanVersions(rows)
}

// ImportResult is what an XLSX import did.
type ImportResult struct {
	Drafts, Unchanged int
	Rows              []RowError // rows refused; nothing was written
}

// ImportXLSX turns every new or changed procedure of a workbook into a
// draft for a leader to publish, all or nothing: a row in error refuses the
// whole file (Rows says which, and why).
func ImportXLSX(ctx context.Context, conn db.Conn, u *account.User, actor audit.Actor, data []byte, filename, effectiveOn, decision string) (ImportResult, error) {
	var res ImportResult
	if !CanEdit(u) {
		return res, ErrForbidden
	}
	ps, rowErrs, err := ReadXLSX(data)
	if err != nil {
		return res, err
	}
	if res.Rows = rowErrs; len(rowErrs) > 0 {
		return res, nil
	}
	err = conn.InTx(ctx, func(tx *db.Tx) error {
		for i, p := range ps {
			if cur, _, err := Get(ctx, tx, u.WardID, p.Code); err == nil && len(Changed(cur, p)) == 0 {
				res.Unchanged++
				continue
			} else if err != nil && !errors.Is(err, db.ErrNotFound) {
				return err
			}
			_, err := saveDraft(ctx, tx, u, actor, Edit{P: p, EffectiveOn: effectiveOn, Decision: decision, ChangeSummary: "Cập nhật theo tệp " + filename})
			var ce check.Errors
			if errors.As(err, &ce) {
				var msgs []string
				for _, m := range ce {
					msgs = append(msgs, m)
				}
				sort.Strings(msgs)
				res.Rows = append(res.Rows, RowError{Sheet: "Thủ tục", Row: i + 2, Message: strings.Join(msgs, " ")})
				continue
			}
			if err != nil {
				return err
			}
			res.Drafts++
		}
		if len(res.Rows) > 0 {
			return errRefused
		}
		return nil
	})
	if errors.Is(err, errRefused) {
		res.Drafts, res.Unchanged = 0, 0
		return res, nil
	}
	return res, err
}

// errRefused rolls back an import with rows in error.
var errRefused = errors.New("import refused")

// CanReviewVersion reports whether u may publish or return version v now.
func CanReviewVersion(u *account.User, v *Version) bool { return CanReview(u) && v.Status == Draft }
