// Package ward holds the tenants of a deployment (wards, phường/xã) and their
// units (đơn vị), including the khu phố. Every other record belongs to a ward.
package ward

import (
	"context"
	"database/sql"
	_ "embed"
	"encoding/csv"
	"errors"
	"fmt"
	"net/mail"
	"regexp"
	"strings"

	"github.com/cchc-vn/cchc/internal/audit"
	"github.com/cchc-vn/cchc/internal/check"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/vn"
)

// Ward is one commune-level government using the deployment.
type Ward struct {
	ID           int64
	Code         string // national code, e.g. 27427
	Name         string // Phú Định
	FullName     string // Phường Phú Định
	ProvinceCode string
	ProvinceName string
	Host         string // host name serving this ward; empty for none
	Address      string
	Phone        string
	Email        string
	OfficeHours  string
}

// Origin is the public address of the ward's portal, for links written
// into e-mails, activity records and social posts: its host name over
// HTTPS, or fallback (the deployment's base URL) when it has none.
func (w *Ward) Origin(fallback string) string {
	if w.Host != "" {
		return "https://" + w.Host
	}
	return strings.TrimRight(fallback, "/")
}

// Kind classifies a unit as Plan 88 part III does.
type Kind string

const (
	KindOffice     Kind = "van_phong"        // Văn phòng HĐND và UBND
	KindDepartment Kind = "phong"            // phòng chuyên môn
	KindCentre     Kind = "trung_tam"        // Trung tâm Phục vụ hành chính công
	KindPolice     Kind = "cong_an"          // Công an phường
	KindFront      Kind = "mttq_doan_the"    // MTTQ and đoàn thể
	KindPublicUnit Kind = "don_vi_su_nghiep" // schools, health station, public service units
	KindKhuPho     Kind = "khu_pho"          // neighbourhood
)

// Kinds in display order, with their Vietnamese names.
var Kinds = []struct {
	Kind Kind
	Name string
}{
	{KindOffice, "Văn phòng"},
	{KindDepartment, "Phòng chuyên môn"},
	{KindCentre, "Trung tâm"},
	{KindPolice, "Công an"},
	{KindFront, "Mặt trận Tổ quốc và đoàn thể"},
	{KindPublicUnit, "Trường học, trạm y tế, đơn vị sự nghiệp"},
	{KindKhuPho, "Khu phố"},
}

// KindName returns the Vietnamese name of k.
func KindName(k Kind) string {
	for _, x := range Kinds {
		if x.Kind == k {
			return x.Name
		}
	}
	return string(k)
}

// ValidKind reports whether k is one of Kinds.
func ValidKind(k Kind) bool { return KindName(k) != string(k) }

// Unit is an organisation of the ward that carries out tasks.
type Unit struct {
	ID        int64  `json:"id"`
	WardID    int64  `json:"-"`
	Code      string `json:"code"`
	Name      string `json:"name"`
	ShortName string `json:"short_name"`
	Kind      Kind   `json:"kind"`
	HeadTitle string `json:"head_title,omitempty"`
	Streets   string `json:"streets,omitempty"` // a khu phố's streets and alleys, as residents name them
	Position  int    `json:"position"`
}

// Label names the unit for a resident choosing where something happened:
// a khu phố with its streets when the ward has listed them.
func (u *Unit) Label() string {
	if u.Streets == "" {
		return u.Name
	}
	return u.Name + " – " + u.Streets
}

const wardCols = `id, code, name, full_name, province_code, province_name, coalesce(host, ''), address, phone, email, office_hours`

func scanWard(row interface{ Scan(...any) error }) (*Ward, error) {
	var w Ward
	err := row.Scan(&w.ID, &w.Code, &w.Name, &w.FullName, &w.ProvinceCode, &w.ProvinceName, &w.Host, &w.Address, &w.Phone, &w.Email, &w.OfficeHours)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, db.ErrNotFound
	}
	return &w, err
}

// Create inserts w and sets its ID.
func Create(ctx context.Context, q db.Querier, w *Ward) error {
	var host any
	if w.Host != "" {
		host = w.Host
	}
	return q.QueryRow(ctx, `insert into wards (code, name, full_name, province_code, province_name, host, address, phone, email, office_hours, created_at)
		values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id`,
		w.Code, w.Name, w.FullName, w.ProvinceCode, w.ProvinceName, host, w.Address, w.Phone, w.Email, w.OfficeHours, db.Now()).Scan(&w.ID)
}

// ByCode finds a ward by its national code.
func ByCode(ctx context.Context, q db.Querier, code string) (*Ward, error) {
	return scanWard(q.QueryRow(ctx, `select `+wardCols+` from wards where code = ?`, code))
}

// ByID finds a ward by its id.
func ByID(ctx context.Context, q db.Querier, id int64) (*Ward, error) {
	return scanWard(q.QueryRow(ctx, `select `+wardCols+` from wards where id = ?`, id))
}

// ByHost finds the ward served on host (without port).
func ByHost(ctx context.Context, q db.Querier, host string) (*Ward, error) {
	return scanWard(q.QueryRow(ctx, `select `+wardCols+` from wards where host = ?`, strings.ToLower(host)))
}

// List returns every ward, by code.
func List(ctx context.Context, q db.Querier) ([]*Ward, error) {
	rows, err := q.Query(ctx, `select `+wardCols+` from wards order by code`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Ward
	for rows.Next() {
		w, err := scanWard(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, w)
	}
	return out, rows.Err()
}

const unitCols = `id, ward_id, code, name, short_name, kind, head_title, streets, position`

func scanUnit(row interface{ Scan(...any) error }) (*Unit, error) {
	var u Unit
	err := row.Scan(&u.ID, &u.WardID, &u.Code, &u.Name, &u.ShortName, &u.Kind, &u.HeadTitle, &u.Streets, &u.Position)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, db.ErrNotFound
	}
	return &u, err
}

// CreateUnit inserts u and sets its ID.
func CreateUnit(ctx context.Context, q db.Querier, u *Unit) error {
	if !ValidKind(u.Kind) {
		return fmt.Errorf("unit %q: unknown kind %q", u.Code, u.Kind)
	}
	return q.QueryRow(ctx, `insert into units (ward_id, code, name, short_name, kind, head_title, streets, position, created_at)
		values (?, ?, ?, ?, ?, ?, ?, ?, ?) returning id`,
		u.WardID, u.Code, u.Name, u.ShortName, u.Kind, u.HeadTitle, u.Streets, u.Position, db.Now()).Scan(&u.ID)
}

// Units returns the ward's units in display order.
func Units(ctx context.Context, q db.Querier, wardID int64) ([]*Unit, error) {
	rows, err := q.Query(ctx, `select `+unitCols+` from units where ward_id = ? order by position, id`, wardID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Unit
	for rows.Next() {
		u, err := scanUnit(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// UnitByID finds a unit of the ward; a unit of another ward is not found.
func UnitByID(ctx context.Context, q db.Querier, wardID, id int64) (*Unit, error) {
	return scanUnit(q.QueryRow(ctx, `select `+unitCols+` from units where ward_id = ? and id = ?`, wardID, id))
}

// UnitByCode finds a unit of the ward by its code.
func UnitByCode(ctx context.Context, q db.Querier, wardID int64, code string) (*Unit, error) {
	return scanUnit(q.QueryRow(ctx, `select `+unitCols+` from units where ward_id = ? and code = ?`, wardID, code))
}

// Reference is one row of the 2025 national list of commune-level units.
type Reference struct {
	Code, Name, FullName, ProvinceCode, ProvinceName string
}

// units2025.csv is derived from thanglequoc/vietnamese-provinces-database
// (MIT licence, Copyright (c) 2021 Thang Le Quoc): 34 provinces, 3,321 communes
// after the reform of 1 July 2025.
//
//go:embed units2025.csv
var units2025 string

// Lookup finds a commune-level unit in the national 2025 list by its code.
func Lookup(code string) (Reference, bool) {
	r := csv.NewReader(strings.NewReader(units2025))
	recs, err := r.ReadAll()
	if err != nil {
		panic("ward: embedded units2025.csv is malformed: " + err.Error())
	}
	for _, rec := range recs[1:] {
		if rec[0] == code {
			return Reference{rec[0], rec[1], rec[2], rec[3], rec[4]}, true
		}
	}
	return Reference{}, false
}

// UnitInput is the editable part of a unit.
type UnitInput struct {
	Code, Name, ShortName, HeadTitle string
	Streets                          string // for a khu phố
	Kind                             Kind
}

var unitCodeRe = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,39}$`)

// Validate cleans the input and returns field messages.
func (in *UnitInput) Validate() check.Errors {
	in.Code = strings.ToLower(strings.TrimSpace(in.Code))
	in.Name, in.ShortName, in.HeadTitle = vn.Clean(in.Name), vn.Clean(in.ShortName), vn.Clean(in.HeadTitle)
	in.Streets = strings.Join(strings.Fields(vn.Clean(in.Streets)), " ")
	e := check.Errors{}
	if !unitCodeRe.MatchString(in.Code) {
		e["code"] = "Mã đơn vị gồm chữ thường không dấu, số và gạch ngang (tối đa 40 ký tự), ví dụ kp-60."
	}
	e.Text("name", in.Name, true, 200, "Tên đơn vị")
	e.Text("short_name", in.ShortName, false, 60, "Tên viết tắt")
	e.Text("head_title", in.HeadTitle, false, 100, "Chức danh người đứng đầu")
	e.Text("streets", in.Streets, false, 300, "Các tuyến đường, hẻm")
	if !ValidKind(in.Kind) {
		e["kind"] = "Vui lòng chọn loại đơn vị."
	}
	if in.ShortName == "" {
		in.ShortName = in.Name
	}
	return e
}

// SaveUnit creates a unit (id 0) or updates one of the ward, and returns it.
func SaveUnit(ctx context.Context, conn db.Conn, actor audit.Actor, id int64, in UnitInput) (*Unit, error) {
	if err := in.Validate().Err(); err != nil {
		return nil, err
	}
	wardID := actor.WardID
	var u *Unit
	err := conn.InTx(ctx, func(tx *db.Tx) error {
		var before *Unit
		var err error
		if id == 0 {
			u = &Unit{WardID: wardID, Code: in.Code, Name: in.Name, ShortName: in.ShortName, Kind: in.Kind, HeadTitle: in.HeadTitle, Streets: in.Streets}
			if err = tx.QueryRow(ctx, `select coalesce(max(position), 0) + 1 from units where ward_id = ?`, wardID).Scan(&u.Position); err == nil {
				err = CreateUnit(ctx, tx, u)
			}
		} else {
			if before, err = UnitByID(ctx, tx, wardID, id); err != nil {
				return err
			}
			_, err = tx.Exec(ctx, `update units set code = ?, name = ?, short_name = ?, kind = ?, head_title = ?, streets = ? where ward_id = ? and id = ?`,
				in.Code, in.Name, in.ShortName, in.Kind, in.HeadTitle, in.Streets, wardID, id)
		}
		if db.IsUniqueViolation(err) {
			return check.Errors{"code": "Mã đơn vị đã được dùng trong phường."}
		}
		if err != nil {
			return err
		}
		if id != 0 {
			if u, err = UnitByID(ctx, tx, wardID, id); err != nil {
				return err
			}
		}
		action, summary := "unit.create", "Thêm đơn vị "+u.Name
		if before != nil {
			action, summary = "unit.update", "Sửa đơn vị "+u.Name
		}
		return audit.Record(ctx, tx, actor, action, "unit", u.ID, summary, before, u)
	})
	return u, err
}

// KhuPhoCounts returns the number of khu phố of every ward.
func KhuPhoCounts(ctx context.Context, q db.Querier) (map[int64]int, error) {
	rows, err := q.Query(ctx, `select ward_id, count(*) from units where kind = ? group by ward_id`, string(KindKhuPho))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]int{}
	for rows.Next() {
		var w int64
		var n int
		if err := rows.Scan(&w, &n); err != nil {
			return nil, err
		}
		out[w] = n
	}
	return out, rows.Err()
}

// ContactInput is what a ward publishes about reaching its one-stop centre.
type ContactInput struct {
	Address, Phone, Email, OfficeHours string
}

var phoneRe = regexp.MustCompile(`^[0-9 .()+-]+$`)

// Validate cleans the input and returns field messages.
func (in *ContactInput) Validate() check.Errors {
	in.Address, in.OfficeHours = vn.Clean(in.Address), vn.Clean(in.OfficeHours)
	in.Phone, in.Email = strings.TrimSpace(in.Phone), strings.TrimSpace(in.Email)
	e := check.Errors{}
	e.Text("address", in.Address, false, 300, "Địa chỉ")
	e.Text("office_hours", in.OfficeHours, false, 300, "Giờ tiếp nhận hồ sơ")
	if in.Phone != "" {
		digits := 0
		for _, r := range in.Phone {
			if r >= '0' && r <= '9' {
				digits++
			}
		}
		if !phoneRe.MatchString(in.Phone) || digits < 8 || digits > 15 {
			e["phone"] = "Số điện thoại gồm 8 đến 15 chữ số, có thể có dấu cách, dấu chấm hoặc gạch ngang, ví dụ 028 3850 1234."
		}
	}
	if in.Email != "" {
		if a, err := mail.ParseAddress(in.Email); err != nil || a.Address != in.Email || len(in.Email) > 200 {
			e["email"] = "Địa chỉ thư điện tử chưa đúng, ví dụ ubnd.phudinh@tphcm.gov.vn."
		}
	}
	return e
}

// SaveContact replaces the ward's contact details.
func SaveContact(ctx context.Context, conn db.Conn, actor audit.Actor, in ContactInput) (*Ward, error) {
	if err := in.Validate().Err(); err != nil {
		return nil, err
	}
	var w *Ward
	err := conn.InTx(ctx, func(tx *db.Tx) error {
		before, err := ByID(ctx, tx, actor.WardID)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `update wards set address = ?, phone = ?, email = ?, office_hours = ?, updated_at = ? where id = ?`,
			in.Address, in.Phone, in.Email, in.OfficeHours, db.Now(), actor.WardID); err != nil {
			return err
		}
		if w, err = ByID(ctx, tx, actor.WardID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, actor, "ward.contact", "ward", w.ID, "Sửa thông tin liên hệ của "+w.FullName, before, w)
	})
	return w, err
}

// Version changes whenever the ward's contact details do; public pages
// that show them are cached under it.
func Version(ctx context.Context, q db.Querier, wardID int64) (string, error) {
	var v string
	err := q.QueryRow(ctx, `select updated_at from wards where id = ?`, wardID).Scan(&v)
	return v, err
}

// Office names where residents go for a kind of unit (the one-stop centre,
// the police): the ward's first unit of that kind, its generic name
// completed with the ward's ("Công an phường" → "Công an phường Phú Định").
// Empty when the ward has none.
func Office(ctx context.Context, q db.Querier, w *Ward, kind Kind) (string, error) {
	var name string
	err := q.QueryRow(ctx, `select name from units where ward_id = ? and kind = ? order by position, id limit 1`, w.ID, kind).Scan(&name)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	for _, generic := range []string{" phường", " xã", " đặc khu"} {
		if strings.HasSuffix(name, generic) {
			return name + " " + w.Name, nil
		}
	}
	return name, nil
}
