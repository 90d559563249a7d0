// Package exemplar is the honour roll of exemplary collectives and
// individuals (gương điển hình, cách làm hay): officials nominate them for
// commendation, the leader approves or declines, and the public sees those
// approved.
package exemplar

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/cchc-vn/cchc/internal/account"
	"github.com/cchc-vn/cchc/internal/audit"
	"github.com/cchc-vn/cchc/internal/check"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/news"
	"github.com/cchc-vn/cchc/internal/vn"
)

// ErrForbidden is returned when an official may not nominate or decide.
var ErrForbidden = check.ErrForbidden

// Kinds and statuses.
const (
	Collective = "tap_the"
	Individual = "ca_nhan"

	Nominated = "nominated"
	Approved  = "approved"
	Declined  = "declined"
)

// KindName and StatusName are the Vietnamese labels.
func KindName(k string) string {
	if k == Collective {
		return "Tập thể"
	}
	return "Cá nhân"
}

func StatusName(s string) string {
	switch s {
	case Nominated:
		return "Chờ lãnh đạo duyệt"
	case Approved:
		return "Đã biểu dương"
	case Declined:
		return "Không duyệt"
	}
	return s
}

// Exemplar is one nominated collective or individual.
type Exemplar struct {
	ID          int64
	Kind        string
	Name        string
	UnitName    string
	Achievement string
	Results     string
	ImageID     int64
	Status      string
	NominatedBy string
	NominatedAt time.Time
	DecidedBy   string
	DecidedAt   time.Time
	Note        string
}

// Input is a nomination.
type Input struct {
	Kind, Name, UnitName, Achievement, Results string
	ImageID                                    int64
}

// CanNominate: every official with a workspace on the plan (not editors).
func CanNominate(u *account.User) bool {
	return u.Is(account.RoleAdmin, account.RoleLeader, account.RoleLeadOfficer, account.RoleUnitOfficer, account.RoleKhuPhoHead, account.RoleSupervisor)
}

// CanDecide: the leader and administrators.
func CanDecide(u *account.User) bool { return u.Is(account.RoleAdmin, account.RoleLeader) }

// Nominate records a nomination.
func Nominate(ctx context.Context, conn db.Conn, u *account.User, actor audit.Actor, in Input, now time.Time) (int64, error) {
	return db.Run(ctx, conn, func(tx *db.Tx) (int64, error) { return nominate(ctx, tx, u, actor, in, now) })
}

func nominate(ctx context.Context, tx *db.Tx, u *account.User, actor audit.Actor, in Input, now time.Time) (int64, error) {
	if !CanNominate(u) {
		return 0, ErrForbidden
	}
	for _, s := range []*string{&in.Name, &in.UnitName, &in.Achievement, &in.Results} {
		*s = strings.TrimSpace(vn.Clean(*s))
	}
	e := check.Errors{}
	if in.Kind != Collective && in.Kind != Individual {
		e["kind"] = "Vui lòng chọn tập thể hoặc cá nhân."
	}
	e.Text("name", in.Name, true, 200, "Tên tập thể, cá nhân")
	e.Text("unit_name", in.UnitName, false, 200, "Đơn vị")
	e.Text("achievement", in.Achievement, true, 3000, "Việc làm, cách làm hay")
	e.Text("results", in.Results, false, 2000, "Kết quả")
	if in.ImageID != 0 {
		if _, err := news.GetImage(ctx, tx, u.WardID, in.ImageID); errors.Is(err, db.ErrNotFound) {
			e["image"] = "Ảnh không hợp lệ."
		} else if err != nil {
			return 0, err
		}
	}
	if err := e.Err(); err != nil {
		return 0, err
	}
	var image any
	if in.ImageID != 0 {
		image = in.ImageID
	}
	var id int64
	if err := tx.QueryRow(ctx, `insert into exemplars (ward_id, kind, name, unit_name, achievement, results, image_id, status, nominated_by, nominated_at)
		values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id`, u.WardID, in.Kind, in.Name, in.UnitName, in.Achievement, in.Results, image, Nominated, u.ID,
		db.FormatTime(now)).Scan(&id); err != nil {
		return 0, err
	}
	return id, audit.Record(ctx, tx, actor, "exemplar.nominate", "exemplar", id, "Đề nghị biểu dương "+in.Name, nil, in)
}

// Decide approves or declines a nomination; a decline needs a reason.
func Decide(ctx context.Context, conn db.Conn, u *account.User, actor audit.Actor, id int64, approve bool, note string, now time.Time) error {
	return conn.InTx(ctx, func(tx *db.Tx) error { return decide(ctx, tx, u, actor, id, approve, note, now) })
}

func decide(ctx context.Context, tx *db.Tx, u *account.User, actor audit.Actor, id int64, approve bool, note string, now time.Time) error {
	if !CanDecide(u) {
		return ErrForbidden
	}
	ex, err := Get(ctx, tx, u.WardID, id)
	if err != nil {
		return err
	}
	note = strings.TrimSpace(vn.Clean(note))
	switch {
	case ex.Status != Nominated:
		return check.Errors{"decision": "Đề nghị đã được xử lý."}
	case !approve && note == "":
		return check.Errors{"note": "Vui lòng ghi lý do không duyệt."}
	}
	status := Approved
	if !approve {
		status = Declined
	}
	if _, err := tx.Exec(ctx, `update exemplars set status = ?, decided_by = ?, decided_at = ?, decision_note = ? where id = ?`,
		status, u.ID, db.FormatTime(now), note, id); err != nil {
		return err
	}
	if approve { // the honour roll shows its picture from now on
		if err := news.PublishImage(ctx, tx, u.WardID, ex.ImageID); err != nil {
			return err
		}
	}
	return audit.Record(ctx, tx, actor, "exemplar.decide", "exemplar", id, StatusName(status)+": "+ex.Name, map[string]any{"status": ex.Status}, map[string]any{"status": status, "note": note})
}

const cols = `e.id, e.kind, e.name, e.unit_name, e.achievement, e.results, coalesce(e.image_id, 0), e.status, coalesce(n.full_name, ''), e.nominated_at,
	coalesce(d.full_name, ''), e.decided_at, e.decision_note
	from exemplars e left join users n on n.id = e.nominated_by left join users d on d.id = e.decided_by`

func scan(row interface{ Scan(...any) error }) (*Exemplar, error) {
	var ex Exemplar
	var nominated, decided string
	err := row.Scan(&ex.ID, &ex.Kind, &ex.Name, &ex.UnitName, &ex.Achievement, &ex.Results, &ex.ImageID, &ex.Status, &ex.NominatedBy, &nominated,
		&ex.DecidedBy, &decided, &ex.Note)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, db.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	ex.NominatedAt = db.ParseTime(nominated)
	if decided != "" {
		ex.DecidedAt = db.ParseTime(decided)
	}
	return &ex, nil
}

// Get returns one nomination of the ward.
func Get(ctx context.Context, q db.Querier, wardID, id int64) (*Exemplar, error) {
	return scan(q.QueryRow(ctx, `select `+cols+` where e.ward_id = ? and e.id = ?`, wardID, id))
}

// List returns a ward's nominations of a status (all when empty), newest first.
func List(ctx context.Context, q db.Querier, wardID int64, status string) ([]*Exemplar, error) {
	where, args := ` where e.ward_id = ?`, []any{wardID}
	if status != "" {
		where += ` and e.status = ?`
		args = append(args, status)
	}
	rows, err := q.Query(ctx, `select `+cols+where+` order by coalesce(nullif(e.decided_at, ''), e.nominated_at) desc, e.id desc limit 200`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Exemplar
	for rows.Next() {
		ex, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, ex)
	}
	return out, rows.Err()
}

// Version changes whenever the public honour roll changes: an exemplar
// approved, or a decision taken. Page caches key on it.
func Version(ctx context.Context, q db.Querier, wardID int64) (string, error) {
	var approved int
	var decided sql.NullString
	err := q.QueryRow(ctx, `select count(*), max(decided_at) from exemplars where ward_id = ? and status = 'approved'`, wardID).Scan(&approved, &decided)
	return strconv.Itoa(approved) + "/" + decided.String, err
}
