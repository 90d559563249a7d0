// Package account holds officials' accounts, their roles, passwords and
// database-backed sessions. How repeated failures are answered is signin's.
package account

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/cchc-vn/cchc/internal/audit"
	"github.com/cchc-vn/cchc/internal/check"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/vn"
	"github.com/cchc-vn/cchc/internal/ward"
)

// Role is what an official may do.
type Role string

const (
	RoleAdmin       Role = "admin"        // system administrator
	RoleLeader      Role = "leader"       // ward leader: sees everything
	RoleLeadOfficer Role = "lead_officer" // lead unit (Phòng VH-XH): urges and compiles
	RoleUnitOfficer Role = "unit_officer" // works on the own unit's tasks
	RoleKhuPhoHead  Role = "khu_pho_head" // own neighbourhood only
	RoleSupervisor  Role = "supervisor"   // Mặt trận Tổ quốc: reads all, may comment
	RoleEditor      Role = "editor"       // portal content
)

// Roles in display order with their Vietnamese names.
var Roles = []struct {
	Role Role
	Name string
}{
	{RoleAdmin, "Quản trị hệ thống"},
	{RoleLeader, "Lãnh đạo UBND phường"},
	{RoleLeadOfficer, "Cán bộ đơn vị chủ trì (Phòng VH-XH)"},
	{RoleUnitOfficer, "Cán bộ đơn vị"},
	{RoleKhuPhoHead, "Trưởng khu phố"},
	{RoleSupervisor, "Giám sát (Mặt trận Tổ quốc)"},
	{RoleEditor, "Biên tập viên cổng thông tin"},
}

// RoleName returns the Vietnamese name of r.
func RoleName(r Role) string {
	for _, x := range Roles {
		if x.Role == r {
			return x.Name
		}
	}
	return string(r)
}

// NeedsUnit reports whether accounts of role r must belong to a unit.
func (r Role) NeedsUnit() bool {
	return r == RoleUnitOfficer || r == RoleKhuPhoHead || r == RoleLeadOfficer
}

// User is an official's account.
type User struct {
	ID       int64
	WardID   int64
	Username string
	FullName string
	Email    string
	Role     Role
	UnitID   int64 // 0 when the role has no unit
	UnitName string
	UnitKind ward.Kind // decides, with the role, what the unit's officers do (the one-stop desk receives feedback)
	Disabled bool
	Phone    string // mobile, normalised; "" for none
	ByText   bool   // reminders also go to Phone by Zalo, else SMS
}

// Is reports whether the user has one of roles.
func (u *User) Is(roles ...Role) bool {
	for _, r := range roles {
		if u.Role == r {
			return true
		}
	}
	return false
}

var usernameRe = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{2,39}$`)

// NewUser is the input for creating an account.
type NewUser struct {
	Username, FullName, Email, Password string
	Role                                Role
	UnitID                              int64
}

// Validate returns field messages for bad input, or nil.
func (n *NewUser) Validate() check.Errors {
	e := check.Errors{}
	n.Username = strings.ToLower(strings.TrimSpace(n.Username))
	n.FullName = vn.Clean(n.FullName)
	n.Email = strings.TrimSpace(n.Email)
	if !usernameRe.MatchString(n.Username) {
		e["username"] = "Tên đăng nhập gồm 3–40 ký tự: chữ thường không dấu, số, dấu chấm, gạch ngang hoặc gạch dưới."
	}
	if n.FullName == "" || len([]rune(n.FullName)) > 120 {
		e["full_name"] = "Vui lòng nhập họ và tên (tối đa 120 ký tự)."
	}
	if n.Email != "" && (!strings.Contains(n.Email, "@") || len(n.Email) > 200) {
		e["email"] = "Địa chỉ e-mail không hợp lệ."
	}
	if RoleName(n.Role) == string(n.Role) {
		e["role"] = "Vui lòng chọn vai trò."
	} else if n.Role.NeedsUnit() && n.UnitID == 0 {
		e["unit_id"] = "Vai trò này cần chọn đơn vị."
	}
	if msg := ValidatePassword(n.Password); msg != "" {
		e["password"] = msg
	}
	if len(e) == 0 {
		return nil
	}
	return e
}

// Create validates n and inserts the account; a taken username is a field error.
func Create(ctx context.Context, q db.Querier, wardID int64, n NewUser) (*User, error) {
	if e := n.Validate(); e != nil {
		return nil, e
	}
	hash, err := HashPassword(n.Password)
	if err != nil {
		return nil, err
	}
	var unit any
	if n.UnitID != 0 {
		unit = n.UnitID
		u, err := ward.UnitByID(ctx, q, wardID, n.UnitID)
		if errors.Is(err, db.ErrNotFound) {
			return nil, check.Errors{"unit_id": "Đơn vị không tồn tại."}
		}
		if err != nil {
			return nil, err
		}
		if n.Role == RoleKhuPhoHead && u.Kind != ward.KindKhuPho {
			return nil, check.Errors{"unit_id": "Trưởng khu phố phải thuộc một khu phố."}
		}
	}
	now := db.Now()
	var id int64
	err = q.QueryRow(ctx, `insert into users (ward_id, username, full_name, email, role, unit_id, password_hash, created_at, updated_at)
		values (?, ?, ?, ?, ?, ?, ?, ?, ?) returning id`,
		wardID, n.Username, n.FullName, n.Email, n.Role, unit, hash, now, now).Scan(&id)
	if db.IsUniqueViolation(err) {
		return nil, check.Errors{"username": "Tên đăng nhập đã được dùng."}
	}
	if err != nil {
		return nil, err
	}
	return ByID(ctx, q, wardID, id)
}

// EnsureAdmin gives the ward its "admin" account with password, unless it
// has one. Several processes may start on an empty database at the same
// moment: the insert does nothing when another one won, and only the
// process that created the account reports it (created), so a random
// password is printed by the one whose password it is.
func EnsureAdmin(ctx context.Context, q db.Querier, wardID int64, password string) (created bool, err error) {
	var n int
	if err := q.QueryRow(ctx, `select count(*) from users where ward_id = ? and username = 'admin'`, wardID).Scan(&n); err != nil || n > 0 {
		return false, err
	}
	if msg := ValidatePassword(password); msg != "" {
		return false, check.Errors{"password": msg}
	}
	hash, err := HashPassword(password)
	if err != nil {
		return false, err
	}
	now := db.Now()
	res, err := q.Exec(ctx, `insert into users (ward_id, username, full_name, email, role, unit_id, password_hash, created_at, updated_at)
		values (?, 'admin', 'Quản trị hệ thống', '', ?, null, ?, ?, ?) on conflict (ward_id, username) do nothing`, wardID, RoleAdmin, hash, now, now)
	if err != nil {
		return false, err
	}
	k, err := res.RowsAffected()
	return k == 1, err
}

const userCols = `u.id, u.ward_id, u.username, u.full_name, u.email, u.role, coalesce(u.unit_id, 0), coalesce(n.name, ''), coalesce(n.kind, ''),
	u.disabled, u.phone, u.remind_by_text`

func scanUser(row interface{ Scan(...any) error }) (*User, error) {
	var u User
	var disabled, byText int
	err := row.Scan(&u.ID, &u.WardID, &u.Username, &u.FullName, &u.Email, &u.Role, &u.UnitID, &u.UnitName, &u.UnitKind, &disabled, &u.Phone, &byText)
	u.ByText = byText == 1
	if errors.Is(err, sql.ErrNoRows) {
		return nil, db.ErrNotFound
	}
	u.Disabled = disabled != 0
	return &u, err
}

// ByID finds an account of the ward.
func ByID(ctx context.Context, q db.Querier, wardID, id int64) (*User, error) {
	return scanUser(q.QueryRow(ctx, `select `+userCols+` from users u left join units n on n.id = u.unit_id
		where u.ward_id = ? and u.id = ?`, wardID, id))
}

// List returns the ward's accounts by username.
func List(ctx context.Context, q db.Querier, wardID int64) ([]*User, error) {
	rows, err := q.Query(ctx, `select `+userCols+` from users u left join units n on n.id = u.unit_id
		where u.ward_id = ? order by u.username`, wardID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// UnitMembers returns the active accounts of a unit: who is told of its work.
func UnitMembers(ctx context.Context, q db.Querier, wardID, unitID int64) ([]int64, error) {
	return ids(ctx, q, `select id from users where ward_id = ? and unit_id = ? and disabled = 0 order by id`, wardID, unitID)
}

// RoleMembers returns the ward's active accounts of some roles.
func RoleMembers(ctx context.Context, q db.Querier, wardID int64, roles ...Role) ([]int64, error) {
	args := []any{wardID}
	for _, r := range roles {
		args = append(args, string(r))
	}
	return ids(ctx, q, `select id from users where ward_id = ? and disabled = 0 and role in (`+db.Placeholders(len(roles))+`) order by id`, args...)
}

// Contact is how an official is reached besides the app.
type Contact struct {
	Email string // "" for none
	Phone string // set only when reminders also go to the phone
}

// Contacts returns how accounts are reached, by id.
func Contacts(ctx context.Context, q db.Querier, userIDs []int64) (map[int64]Contact, error) {
	out := make(map[int64]Contact, len(userIDs))
	if len(userIDs) == 0 {
		return out, nil
	}
	args := make([]any, len(userIDs))
	for i, id := range userIDs {
		args[i] = id
	}
	rows, err := q.Query(ctx, `select id, email, case when remind_by_text = 1 then phone else '' end from users where id in (`+db.Placeholders(len(args))+`)`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var c Contact
		if err := rows.Scan(&id, &c.Email, &c.Phone); err != nil {
			return nil, err
		}
		out[id] = c
	}
	return out, rows.Err()
}

// SetReminders records an official's mobile phone and whether reminders
// also go to it; a phone is needed for that.
func SetReminders(ctx context.Context, q db.Querier, u *User, actor audit.Actor, phone string, byText bool) error {
	phone = strings.TrimSpace(phone)
	e := check.Errors{}
	if phone != "" {
		if p, ok := vn.Phone(phone); ok && vn.Mobile(p) {
			phone = p
		} else {
			e["phone"] = "Số di động chưa đúng: 10 chữ số của một nhà mạng, ví dụ 0912 345 678."
		}
	}
	if byText && phone == "" && e["phone"] == "" {
		e["phone"] = "Vui lòng nhập số di động để nhận nhắc việc qua Zalo hoặc tin nhắn."
	}
	if err := e.Err(); err != nil {
		return err
	}
	flag := 0
	if byText {
		flag = 1
	}
	if _, err := q.Exec(ctx, `update users set phone = ?, remind_by_text = ?, updated_at = ? where id = ?`, phone, flag, db.Now(), u.ID); err != nil {
		return err
	}
	return audit.Record(ctx, q, actor, "user.reminders", "user", u.ID, "Đổi cách nhận nhắc việc",
		map[string]any{"by_text": u.ByText}, map[string]any{"by_text": byText}) // the number itself stays out of the log
}

// Exists reports whether the ward has an account with username.
func Exists(ctx context.Context, q db.Querier, wardID int64, username string) (bool, error) {
	var n int
	err := q.QueryRow(ctx, `select count(*) from users where ward_id = ? and username = ?`, wardID, strings.ToLower(username)).Scan(&n)
	return n > 0, err
}

func ids(ctx context.Context, q db.Querier, query string, args ...any) ([]int64, error) {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// SetPassword replaces the account's password after checking its strength.
func SetPassword(ctx context.Context, q db.Querier, wardID, userID int64, password string) error {
	if msg := ValidatePassword(password); msg != "" {
		return check.Errors{"password": msg}
	}
	hash, err := HashPassword(password)
	if err != nil {
		return err
	}
	_, err = q.Exec(ctx, `update users set password_hash = ?, updated_at = ? where ward_id = ? and id = ?`,
		hash, db.Now(), wardID, userID)
	return err
}

// SetDisabled enables or disables an account; disabling ends its sessions.
func SetDisabled(ctx context.Context, q db.Querier, wardID, userID int64, disabled bool) error {
	v := 0
	if disabled {
		v = 1
	}
	if _, err := q.Exec(ctx, `update users set disabled = ?, updated_at = ? where ward_id = ? and id = ?`, v, db.Now(), wardID, userID); err != nil {
		return err
	}
	if disabled {
		_, err := q.Exec(ctx, `delete from sessions where user_id = ?`, userID)
		return err
	}
	return nil
}

// ErrBadCredentials is returned for an unknown user, a wrong password and
// a disabled account alike.
var ErrBadCredentials = errors.New("bad credentials")

// Authenticate checks username and password for the ward. It does the same
// hashing work for unknown users, so response time does not reveal which
// usernames exist. It keeps no count of failures: an account that locked
// itself would let anyone lock its owner out (the signin package slows the
// one who fails instead).
func Authenticate(ctx context.Context, q db.Querier, wardID int64, username, password string) (*User, error) {
	username = strings.ToLower(strings.TrimSpace(username))
	var id int64
	var hash string
	var disabled int
	err := q.QueryRow(ctx, `select id, password_hash, disabled from users where ward_id = ? and username = ?`,
		wardID, username).Scan(&id, &hash, &disabled)
	if errors.Is(err, sql.ErrNoRows) {
		CheckPassword(dummyHash(), password)
		return nil, ErrBadCredentials
	}
	if err != nil {
		return nil, err
	}
	ok, err := CheckPassword(hash, password)
	if err != nil {
		return nil, fmt.Errorf("user %d: %w", id, err)
	}
	if !ok || disabled != 0 {
		return nil, ErrBadCredentials
	}
	return ByID(ctx, q, wardID, id)
}

// ByUsername finds an account of the ward by its username; db.ErrNotFound
// when there is none.
func ByUsername(ctx context.Context, q db.Querier, wardID int64, username string) (*User, error) {
	return scanUser(q.QueryRow(ctx, `select `+userCols+` from users u left join units n on n.id = u.unit_id
		where u.ward_id = ? and u.username = ?`, wardID, strings.ToLower(strings.TrimSpace(username))))
}

// dummyHash is computed on first use, not at start-up: argon2 takes 64 MiB.
var dummyHash = sync.OnceValue(func() string {
	h, _ := HashPassword("not a real password")
	return h
})

// Session lifetime: idle sessions end after SessionIdle, all after SessionMax.
const (
	SessionIdle = 8 * time.Hour
	SessionMax  = 7 * 24 * time.Hour
)

// NewSession stores a session for user and returns the token for the cookie.
// Only the token's SHA-256 is stored, so a database leak yields no sessions.
func NewSession(ctx context.Context, q db.Querier, userID int64, ip, userAgent string) (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	token := base64.RawURLEncoding.EncodeToString(b)
	now := time.Now()
	if len(userAgent) > 300 {
		userAgent = userAgent[:300]
	}
	_, err := q.Exec(ctx, `insert into sessions (token_hash, user_id, created_at, expires_at, last_seen_at, ip, user_agent) values (?, ?, ?, ?, ?, ?, ?)`,
		hashToken(token), userID, db.FormatTime(now), db.FormatTime(now.Add(SessionMax)), db.FormatTime(now), ip, userAgent)
	return token, err
}

func hashToken(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

// UserBySession returns the live session's user in the ward, or ErrNotFound.
// A session of another ward is not found: wards are fully separated.
func UserBySession(ctx context.Context, d *db.DB, wardID int64, token string) (*User, error) {
	if token == "" || len(token) > 100 {
		return nil, db.ErrNotFound
	}
	h := hashToken(token)
	var userID int64
	var expires, lastSeen string
	err := d.QueryRow(ctx, `select s.user_id, s.expires_at, s.last_seen_at from sessions s join users u on u.id = s.user_id
		where s.token_hash = ? and u.ward_id = ? and u.disabled = 0`, h, wardID).Scan(&userID, &expires, &lastSeen)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, db.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	now := time.Now()
	if now.After(db.ParseTime(expires)) || now.Sub(db.ParseTime(lastSeen)) > SessionIdle {
		d.Exec(ctx, `delete from sessions where token_hash = ?`, h)
		return nil, db.ErrNotFound
	}
	// Refresh the idle clock at most once a minute to spare writes.
	if now.Sub(db.ParseTime(lastSeen)) > time.Minute {
		d.Exec(ctx, `update sessions set last_seen_at = ? where token_hash = ?`, db.FormatTime(now), h)
	}
	return ByID(ctx, d, wardID, userID)
}

// EndSession deletes the session behind token.
func EndSession(ctx context.Context, q db.Querier, token string) error {
	_, err := q.Exec(ctx, `delete from sessions where token_hash = ?`, hashToken(token))
	return err
}

// EndOtherSessions deletes every session of user except the one behind keep.
func EndOtherSessions(ctx context.Context, q db.Querier, userID int64, keep string) error {
	_, err := q.Exec(ctx, `delete from sessions where user_id = ? and token_hash <> ?`, userID, hashToken(keep))
	return err
}

// PurgeExpired removes sessions past their absolute expiry.
func PurgeExpired(ctx context.Context, q db.Querier) error {
	_, err := q.Exec(ctx, `delete from sessions where expires_at < ?`, db.Now())
	return err
}

// OwnUnitOnly reports whether u sees only the own unit's work (its
// activities, assignments and periodic reports): unit officers and khu phố
// heads. The others see the whole ward's.
func (u *User) OwnUnitOnly() bool { return u.Is(RoleUnitOfficer, RoleKhuPhoHead) }

// SeesUnit reports whether u may see the work of a unit.
func (u *User) SeesUnit(unitID int64) bool { return !u.OwnUnitOnly() || u.UnitID == unitID }
