package contest

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cchc-vn/cchc/internal/check"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/notice"
	"github.com/cchc-vn/cchc/internal/vn"
)

// Limits of the one-time codes.
const (
	codeTTL        = 10 * time.Minute
	codeTries      = 5 // wrong codes before one is void
	codesPerHour   = 5 // codes sent to one phone in an hour
	sessionTTL     = 30 * 24 * time.Hour
	CodeDigits     = 6
	maxTakersPhone = 6 // people registered on one phone (a family)
)

// Taker is a person registered for a contest.
type Taker struct {
	ID         int64
	ContestID  int64
	Phone      string
	FullName   string
	BirthYear  int
	UnitID     int64 // khu phố or unit of the ward, 0 when elsewhere
	UnitName   string
	Address    string
	Workplace  string
	CitizenID  string
	ConsentAt  time.Time
	CreatedAt  time.Time
	Excluded   bool
	ReviewNote string
}

// Place is where the taker says they live or work, as the public list shows it.
func (t *Taker) Place() string {
	if t.UnitName != "" {
		return t.UnitName
	}
	if t.Workplace != "" {
		return t.Workplace
	}
	return t.Address
}

// TakerInput is the registration form.
type TakerInput struct {
	FullName  string
	BirthYear string
	UnitID    int64 // a khu phố or unit of the ward
	Address   string
	Workplace string
	Phone     string
	CitizenID string
	Official  bool // says they are an official of the organising government
	Consent   bool
}

// validate cleans the registration and checks it against the contest's rules.
func (in *TakerInput) validate(c *Contest, units map[int64]string, now time.Time) (check.Errors, int) {
	for _, s := range []*string{&in.FullName, &in.BirthYear, &in.Address, &in.Workplace, &in.Phone, &in.CitizenID} {
		*s = strings.TrimSpace(vn.Clean(*s))
	}
	in.FullName = strings.Join(strings.Fields(in.FullName), " ")
	e := check.Errors{}
	e.Text("full_name", in.FullName, true, 100, "Họ và tên")
	if e["full_name"] == "" && len(strings.Fields(in.FullName)) < 2 {
		e["full_name"] = "Vui lòng nhập đầy đủ họ và tên."
	}
	year, err := strconv.Atoi(in.BirthYear)
	thisYear := now.In(vn.Zone).Year()
	switch {
	case in.BirthYear == "":
		e["birth_year"] = "Vui lòng nhập năm sinh."
	case err != nil || year < thisYear-110 || year > thisYear:
		e["birth_year"] = "Năm sinh phải là bốn chữ số, ví dụ 1985."
	case thisYear-year < c.MinAge:
		e["birth_year"] = fmt.Sprintf("Cuộc thi dành cho người từ %d tuổi trở lên.", c.MinAge)
	}
	if in.UnitID != 0 {
		if _, ok := units[in.UnitID]; !ok {
			e["unit_id"] = "Khu phố, đơn vị không có trong danh sách."
		}
	}
	e.Text("address", in.Address, false, 200, "Địa chỉ")
	e.Text("workplace", in.Workplace, false, 200, "Nơi làm việc, học tập")
	if in.UnitID == 0 && in.Address == "" && in.Workplace == "" && e["unit_id"] == "" {
		if c.Scope == ScopeWard {
			e["unit_id"] = "Vui lòng chọn khu phố nơi bạn sinh sống, hoặc ghi nơi làm việc, học tập trên địa bàn phường."
		} else {
			e["address"] = "Vui lòng ghi địa chỉ nơi bạn sinh sống, hoặc nơi làm việc, học tập trên địa bàn thành phố."
		}
	}
	if phone, ok := vn.Phone(in.Phone); !ok || !vn.Mobile(phone) {
		e["phone"] = "Số điện thoại di động gồm 10 chữ số của một nhà mạng (ví dụ 0912 345 678), để nhận mã xác minh."
	} else {
		in.Phone = phone
	}
	if in.CitizenID != "" {
		in.CitizenID = strings.ReplaceAll(in.CitizenID, " ", "")
		if msg := CheckCitizenID(in.CitizenID, year); msg != "" {
			e["citizen_id"] = msg
		}
	}
	if in.Official && c.ExcludeOfficials {
		e["official"] = "Theo thể lệ, cán bộ, công chức của cơ quan tổ chức cuộc thi không tham gia dự thi."
	}
	if !in.Consent {
		e["consent"] = "Vui lòng đồng ý để Ban Tổ chức xử lý thông tin cá nhân cho cuộc thi (Nghị định 13/2023/NĐ-CP)."
	}
	return e, year
}

// provinces are the province codes that begin a citizen ID (the 63 codes
// in force when the IDs were issued; the 2025 merger kept the numbers).
var provinces = map[string]bool{}

func init() {
	for _, c := range strings.Fields(`001 002 004 006 008 010 011 012 014 015 017 019 020 022 024 025 026 027 030 031 033 034 035 036 037 038
		040 042 044 045 046 048 049 051 052 054 056 058 060 062 064 066 067 068 070 072 074 075 077 079 080 082 083 084 086 087 089 091 092 093 094 095 096`) {
		provinces[c] = true
	}
}

// CheckCitizenID checks a 12-digit citizen ID (số định danh cá nhân): the
// province of birth registration, then a digit for century and sex (0–1 for
// 1900–1999, 2–3 for 2000–2099 …), then the last two digits of the year of
// birth. It returns a message, or "" when the number is consistent with year
// (0: not checked against a year).
func CheckCitizenID(id string, year int) string {
	if len(id) != 12 || strings.Trim(id, "0123456789") != "" {
		return "Số định danh cá nhân (căn cước) gồm 12 chữ số."
	}
	if !provinces[id[:3]] {
		return "Ba chữ số đầu của số định danh không phải mã tỉnh, thành phố nơi đăng ký khai sinh."
	}
	if year == 0 {
		return ""
	}
	century := 1900 + 100*(int(id[3]-'0')/2)
	yy, _ := strconv.Atoi(id[4:6])
	if century+yy != year {
		return "Số định danh không khớp với năm sinh (chữ số thứ 4 đến thứ 6 cho biết năm sinh)."
	}
	return ""
}

// nameKey is how a name is compared: folded, single-spaced.
func nameKey(s string) string { return strings.Join(strings.Fields(vn.Fold(s)), " ") }

// pendingTaker is a registration waiting for its code.
type pendingTaker struct {
	TakerInput
	Year int
}

func randomCode() string {
	n, _ := rand.Int(rand.Reader, big.NewInt(1_000_000))
	return fmt.Sprintf("%06d", n.Int64())
}

func hashCode(id int64, code string) string {
	h := sha256.Sum256([]byte(strconv.FormatInt(id, 10) + ":" + code))
	return hex.EncodeToString(h[:])
}

func hashToken(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

// sent is a code written and waiting to be sent.
type sent struct {
	id    int64
	phone string
	code  string
}

func newCode(ctx context.Context, tx *db.Tx, c *Contest, phone string, pending *pendingTaker, now time.Time) (sent, error) {
	var n int
	if err := tx.QueryRow(ctx, `select count(*) from contest_codes where contest_id = ? and phone = ? and sent_at > ?`,
		c.ID, phone, db.FormatTime(now.Add(-time.Hour))).Scan(&n); err != nil {
		return sent{}, err
	}
	if n >= codesPerHour {
		return sent{}, check.Errors{"phone": "Số điện thoại này đã nhận nhiều mã trong một giờ qua. Vui lòng thử lại sau."}
	}
	var p string
	if pending != nil {
		b, _ := json.Marshal(pending)
		p = string(b)
	}
	code := randomCode()
	var id int64
	if err := tx.QueryRow(ctx, `insert into contest_codes (contest_id, phone, code_hash, pending, sent_at, expires_at) values (?, ?, '', ?, ?, ?) returning id`,
		c.ID, phone, p, db.FormatTime(now), db.FormatTime(now.Add(codeTTL))).Scan(&id); err != nil {
		return sent{}, err
	}
	if _, err := tx.Exec(ctx, `update contest_codes set code_hash = ? where id = ?`, hashCode(id, code), id); err != nil {
		return sent{}, err
	}
	return sent{id, phone, code}, nil
}

func (s sent) send(ctx context.Context, t notice.Texter, c *Contest) error {
	err := t.SendText(ctx, notice.Text{Phone: s.phone, Template: "otp", Params: map[string]string{"otp": s.code},
		Body: fmt.Sprintf("%s la ma xac minh so dien thoai cua ban tai %s. Ma co hieu luc 10 phut.", s.code, vn.Excerpt(vn.Fold(c.Title), 60))})
	if err != nil {
		return fmt.Errorf("send code: %w: %w", ErrNotSent, err)
	}
	return nil
}

// ErrNotSent is returned when the text with the code could not be sent.
var ErrNotSent = errors.New("the code could not be sent")

// Register checks a registration and sends a one-time code to its phone; the
// taker is written when the code comes back (Verify). It returns the code's id,
// which the verification form carries.
func Register(ctx context.Context, d db.Conn, t notice.Texter, c *Contest, in TakerInput, units map[int64]string, now time.Time) (int64, error) {
	e, year := in.validate(c, units, now)
	if err := e.Err(); err != nil {
		return 0, err
	}
	s, err := db.Run(ctx, d, func(tx *db.Tx) (sent, error) {
		var n int
		if err := tx.QueryRow(ctx, `select count(*) from contest_takers where contest_id = ? and phone = ? and not (name_key = ? and birth_year = ?)`,
			c.ID, in.Phone, nameKey(in.FullName), year).Scan(&n); err != nil {
			return sent{}, err
		}
		if n >= maxTakersPhone {
			return sent{}, check.Errors{"phone": fmt.Sprintf("Mỗi số điện thoại đăng ký tối đa %d người dự thi.", maxTakersPhone)}
		}
		return newCode(ctx, tx, c, in.Phone, &pendingTaker{in, year}, now)
	})
	if err != nil {
		return 0, err
	}
	return s.id, s.send(ctx, t, c)
}

// SignIn sends a code to a phone already registered for the contest.
func SignIn(ctx context.Context, d db.Conn, t notice.Texter, c *Contest, phone string, now time.Time) (int64, error) {
	p, ok := vn.Phone(phone)
	if !ok || !vn.Mobile(p) {
		return 0, check.Errors{"phone": "Số điện thoại di động gồm 10 chữ số của một nhà mạng (ví dụ 0912 345 678)."}
	}
	s, err := db.Run(ctx, d, func(tx *db.Tx) (sent, error) {
		var n int
		if err := tx.QueryRow(ctx, `select count(*) from contest_takers where contest_id = ? and phone = ?`, c.ID, p).Scan(&n); err != nil {
			return sent{}, err
		}
		if n == 0 {
			return sent{}, check.Errors{"phone": "Số điện thoại này chưa đăng ký dự thi. Vui lòng đăng ký."}
		}
		return newCode(ctx, tx, c, p, nil, now)
	})
	if err != nil {
		return 0, err
	}
	return s.id, s.send(ctx, t, c)
}

// CodePhone is the phone a code was sent to, masked for the page: "091****678".
func CodePhone(ctx context.Context, q db.Querier, contestID, codeID int64) (string, error) {
	var phone string
	err := q.QueryRow(ctx, `select phone from contest_codes where contest_id = ? and id = ?`, contestID, codeID).Scan(&phone)
	if errors.Is(err, sql.ErrNoRows) {
		return "", db.ErrNotFound
	}
	if err != nil || len(phone) != 10 {
		return "", err
	}
	return phone[:3] + "****" + phone[7:], nil
}

// Verify checks a code. A right one opens a session of the phone (its token
// is returned for the cookie) and, for a registration, writes the taker.
func Verify(ctx context.Context, conn db.Conn, c *Contest, codeID int64, code, device string, now time.Time) (token string, takerID int64, err error) {
	code = strings.TrimSpace(code)
	var wrong bool
	err = conn.InTx(ctx, func(tx *db.Tx) error {
		var phone, hash, pending, expires string
		var tries, used int
		err := tx.QueryRow(ctx, `select phone, code_hash, pending, expires_at, tries, used from contest_codes where contest_id = ? and id = ?`,
			c.ID, codeID).Scan(&phone, &hash, &pending, &expires, &tries, &used)
		if errors.Is(err, sql.ErrNoRows) {
			return check.Errors{"code": "Mã xác minh không đúng. Vui lòng yêu cầu mã mới."}
		}
		if err != nil {
			return err
		}
		switch {
		case used != 0:
			return check.Errors{"code": "Mã này đã được dùng. Vui lòng yêu cầu mã mới."}
		case tries >= codeTries:
			return check.Errors{"code": "Bạn đã nhập sai quá nhiều lần. Vui lòng yêu cầu mã mới."}
		case !now.Before(db.ParseTime(expires)):
			return check.Errors{"code": "Mã đã hết hạn (10 phút). Vui lòng yêu cầu mã mới."}
		case len(code) != CodeDigits || hashCode(codeID, code) != hash:
			wrong = true
			return nil
		}
		if _, err := tx.Exec(ctx, `update contest_codes set used = 1 where id = ?`, codeID); err != nil {
			return err
		}
		if pending != "" {
			var p pendingTaker
			if err := json.Unmarshal([]byte(pending), &p); err != nil {
				return err
			}
			if takerID, err = addTaker(ctx, tx, c, &p, device, now); err != nil {
				return err
			}
		}
		b := make([]byte, 24)
		rand.Read(b)
		token = base64.RawURLEncoding.EncodeToString(b)
		_, err = tx.Exec(ctx, `insert into contest_sessions (token_hash, contest_id, phone, created_at, expires_at) values (?, ?, ?, ?, ?)`,
			hashToken(token), c.ID, phone, db.FormatTime(now), db.FormatTime(now.Add(sessionTTL)))
		return err
	})
	if err == nil && wrong {
		// Counted outside the refused transaction, so that the count stays.
		if _, err := conn.Exec(ctx, `update contest_codes set tries = tries + 1 where id = ?`, codeID); err != nil {
			return "", 0, err
		}
		return "", 0, check.Errors{"code": "Mã xác minh không đúng. Vui lòng kiểm tra tin nhắn và nhập lại."}
	}
	return token, takerID, err
}

func addTaker(ctx context.Context, tx *db.Tx, c *Contest, p *pendingTaker, device string, now time.Time) (int64, error) {
	key := nameKey(p.FullName)
	var id int64
	err := tx.QueryRow(ctx, `select id from contest_takers where contest_id = ? and phone = ? and name_key = ? and birth_year = ?`,
		c.ID, p.Phone, key, p.Year).Scan(&id)
	if err == nil {
		return id, nil // registered again: the same person signs in
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return 0, err
	}
	var unit any
	if p.UnitID != 0 {
		unit = p.UnitID
	}
	err = tx.QueryRow(ctx, `insert into contest_takers (contest_id, phone, full_name, name_key, birth_year, unit_id, address, workplace, citizen_id,
		consent_at, created_at, device) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id`, c.ID, p.Phone, p.FullName, key, p.Year, unit,
		p.Address, p.Workplace, p.CitizenID, db.FormatTime(now), db.FormatTime(now), device).Scan(&id)
	return id, err
}

// sessions keeps the sessions read in the last sessionCache, by database
// and token hash: a taker's every answer checks one. A session ended on
// another server stays good here for at most that long.
var sessions sync.Map // sessionKey → sessionEntry

const sessionCache = 10 * time.Second

var stored atomic.Int64

type sessionKey struct {
	db      *db.DB
	contest int64
	hash    string
}

type sessionEntry struct {
	phone   string
	expires time.Time // of the cache entry, never past the session's own end
}

// SessionPhone is the phone a session token was opened for, or ErrNotFound.
func SessionPhone(ctx context.Context, q db.Querier, contestID int64, token string, now time.Time) (string, error) {
	if token == "" {
		return "", db.ErrNotFound
	}
	d, cache := q.(*db.DB)
	key := sessionKey{d, contestID, hashToken(token)}
	if v, ok := sessions.Load(key); ok && cache && now.Before(v.(sessionEntry).expires) {
		return v.(sessionEntry).phone, nil
	}
	var phone, expires string
	err := q.QueryRow(ctx, `select phone, expires_at from contest_sessions where token_hash = ? and contest_id = ? and expires_at > ?`,
		key.hash, contestID, db.FormatTime(now)).Scan(&phone, &expires)
	if errors.Is(err, sql.ErrNoRows) {
		return "", db.ErrNotFound
	}
	if err != nil {
		return "", err
	}
	if cache {
		until := now.Add(sessionCache)
		if end := db.ParseTime(expires); end.Before(until) {
			until = end
		}
		sessions.Store(key, sessionEntry{phone, until})
		if stored.Add(1)%1024 == 0 { // now and then, forget what has expired
			sessions.Range(func(k, v any) bool {
				if !now.Before(v.(sessionEntry).expires) {
					sessions.Delete(k)
				}
				return true
			})
		}
	}
	return phone, nil
}

// EndSession signs a phone out.
func EndSession(ctx context.Context, q db.Querier, token string) error {
	hash := hashToken(token)
	sessions.Range(func(k, _ any) bool {
		if k.(sessionKey).hash == hash {
			sessions.Delete(k)
		}
		return true
	})
	_, err := q.Exec(ctx, `delete from contest_sessions where token_hash = ?`, hash)
	return err
}

const takerCols = `t.id, t.contest_id, t.phone, t.full_name, t.birth_year, coalesce(t.unit_id, 0), coalesce(un.name, ''), t.address, t.workplace,
	t.citizen_id, t.consent_at, t.created_at, t.excluded, t.review_note from contest_takers t left join units un on un.id = t.unit_id`

func scanTaker(row interface{ Scan(...any) error }) (*Taker, error) {
	var t Taker
	var consent, created string
	var excl int
	err := row.Scan(&t.ID, &t.ContestID, &t.Phone, &t.FullName, &t.BirthYear, &t.UnitID, &t.UnitName, &t.Address, &t.Workplace, &t.CitizenID,
		&consent, &created, &excl, &t.ReviewNote)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, db.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	t.ConsentAt, t.CreatedAt, t.Excluded = db.ParseTime(consent), db.ParseTime(created), excl != 0
	return &t, nil
}

// TakersOf returns the people registered on a phone for a contest.
func TakersOf(ctx context.Context, q db.Querier, contestID int64, phone string) ([]*Taker, error) {
	rows, err := q.Query(ctx, `select `+takerCols+` where t.contest_id = ? and t.phone = ? order by t.id`, contestID, phone)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Taker
	for rows.Next() {
		t, err := scanTaker(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// TakerOf returns one of the phone's takers, or ErrNotFound.
func TakerOf(ctx context.Context, q db.Querier, contestID int64, phone string, id int64) (*Taker, error) {
	return scanTaker(q.QueryRow(ctx, `select `+takerCols+` where t.contest_id = ? and t.phone = ? and t.id = ?`, contestID, phone, id))
}

// GetTaker returns a taker of a contest of the ward, for an official.
func GetTaker(ctx context.Context, q db.Querier, wardID, id int64) (*Taker, error) {
	return scanTaker(q.QueryRow(ctx, `select `+takerCols+` join contests c on c.id = t.contest_id where c.ward_id = ? and t.id = ?`, wardID, id))
}
