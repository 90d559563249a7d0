// Package poster is the plan's visual channel (tuyên truyền trực quan):
// the ward's banners, slogans, panels, posters, leaflets and LED screens
// with their message, themes, place and dates; their photos (stripped of
// location); their QR codes, each with its own short address that counts
// its readers (Scan, Readership); putting one up counted on the plan through
// activity.RecordPosterUp; and the reminders of those due to come down.
package poster

import (
	"context"
	"crypto/rand"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/cchc-vn/cchc/internal/account"
	"github.com/cchc-vn/cchc/internal/activity"
	"github.com/cchc-vn/cchc/internal/audit"
	"github.com/cchc-vn/cchc/internal/check"
	"github.com/cchc-vn/cchc/internal/contest"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/filestore"
	"github.com/cchc-vn/cchc/internal/media"
	"github.com/cchc-vn/cchc/internal/news"
	"github.com/cchc-vn/cchc/internal/procedure"
	"github.com/cchc-vn/cchc/internal/vn"
	"github.com/cchc-vn/cchc/internal/ward"
)

// ErrForbidden is returned when an official may not do what they asked.
var ErrForbidden = check.ErrForbidden

// Choice is a code with its Vietnamese name.
type Choice struct{ Code, Name string }

func nameOf(cs []Choice, code string) string {
	for _, c := range cs {
		if c.Code == code {
			return c.Name
		}
	}
	return code
}

func known(cs []Choice, code string) bool {
	return slices.ContainsFunc(cs, func(c Choice) bool { return c.Code == code })
}

// Kinds of item.
var Kinds = []Choice{
	{"bang-ron", "Băng rôn"}, {"khau-hieu", "Khẩu hiệu"}, {"pano", "Pano"}, {"ap-phich", "Áp phích"},
	{"to-roi", "Tờ rơi"}, {"led", "Màn hình LED"},
}

// KindName is the Vietnamese name of a kind.
func KindName(k string) string { return nameOf(Kinds, k) }

// PlaceKinds are the kinds of place items stand at.
var PlaceKinds = []Choice{
	{"tru-so", "Trụ sở UBND phường"}, {"mot-cua", "Nơi tiếp nhận hồ sơ (một cửa)"}, {"nha-van-hoa", "Nhà văn hóa, sinh hoạt cộng đồng"},
	{"cho", "Chợ, trung tâm thương mại"}, {"truong-hoc", "Trường học"}, {"y-te", "Trạm y tế, bệnh viện"},
	{"duong-pho", "Tuyến đường, ngã ba, ngã tư"}, {"khu-dan-cu", "Khu dân cư, chung cư"}, {"khac", "Nơi khác"},
}

// PlaceKindName is the Vietnamese name of a kind of place.
func PlaceKindName(k string) string { return nameOf(PlaceKinds, k) }

// Targets: where an item's QR code leads.
const (
	TargetProcedure = "thu-tuc"
	TargetArticle   = "bai-viet"
	TargetContest   = "cuoc-thi"
	TargetFeedback  = "phan-anh"
)

// Targets in the form's order with their names.
var Targets = []Choice{
	{TargetProcedure, "Một thủ tục hành chính"}, {TargetArticle, "Một bài viết trên Cổng"},
	{TargetContest, "Một cuộc thi"}, {TargetFeedback, "Trang gửi phản ánh, kiến nghị"},
}

// Statuses of an item.
const (
	Planned = "planned" // made or ordered, not yet up
	Up      = "up"      // standing
	Down    = "down"    // taken down
)

// Statuses with their names.
var Statuses = []Choice{{Planned, "Chưa treo"}, {Up, "Đang treo"}, {Down, "Đã tháo"}}

// StatusName is the Vietnamese name of a status.
func StatusName(s string) string { return nameOf(Statuses, s) }

// DueDays is how long before its take-down day an item is reminded.
const DueDays = 3

// Item is a banner, slogan, panel, poster, leaflet batch or LED screen.
type Item struct {
	ID          int64
	WardID      int64
	Code        string // its short address: /p/{code}
	Kind        string
	Message     string
	Themes      []string
	Size        string // as written: "0,8 × 6 m", "A3"
	Address     string
	KhuPhoID    int64
	KhuPhoName  string
	PlaceKind   string
	Quantity    int
	Cost        int64  // đồng
	PutUpOn     string // YYYY-MM-DD: planned, then the day it went up
	TakeDownOn  string // planned
	UnitID      int64  // the responsible unit
	UnitName    string
	Target      string
	TargetRef   string // a procedure's code, an article's or a contest's address
	Status      string
	TakenDownOn string
	ActivityID  int64 // the plan's activity recorded when it went up
	CreatedBy   int64
	CreatedAt   time.Time
	UpdatedAt   time.Time
	Scans       int // every scan so far (by List and Get)
	Photos      []Photo
}

// Photo is a photo of an item, stored without its metadata.
type Photo struct {
	ID          int64
	Key         string
	ContentType string
	Size        int64
}

func (it *Item) fields() db.Fields {
	return db.Fields{
		{Column: "id", Ptr: &it.ID},
		{Column: "ward_id", Ptr: &it.WardID},
		{Column: "code", Ptr: &it.Code},
		{Column: "kind", Ptr: &it.Kind},
		{Column: "message", Ptr: &it.Message},
		{Column: "themes", Ptr: db.Codes(&it.Themes)},
		{Column: "size", Ptr: &it.Size},
		{Column: "address", Ptr: &it.Address},
		{Column: "khu_pho_id", Ptr: db.OptionalID(&it.KhuPhoID)},
		{Expr: "coalesce(k.name, '')", Ptr: &it.KhuPhoName},
		{Column: "place_kind", Ptr: &it.PlaceKind},
		{Column: "quantity", Ptr: &it.Quantity},
		{Column: "cost", Ptr: &it.Cost},
		{Column: "put_up_on", Ptr: &it.PutUpOn},
		{Column: "take_down_on", Ptr: &it.TakeDownOn},
		{Column: "unit_id", Ptr: db.OptionalID(&it.UnitID)},
		{Expr: "coalesce(n.name, '')", Ptr: &it.UnitName},
		{Column: "target", Ptr: &it.Target},
		{Column: "target_ref", Ptr: &it.TargetRef},
		{Column: "status", Ptr: &it.Status},
		{Column: "taken_down_on", Ptr: &it.TakenDownOn},
		{Column: "activity_id", Ptr: &it.ActivityID},
		{Column: "created_by", Ptr: db.OptionalID(&it.CreatedBy)},
		{Column: "created_at", Ptr: db.Time(&it.CreatedAt)},
		{Column: "updated_at", Ptr: db.Time(&it.UpdatedAt)},
		{Expr: "(select coalesce(sum(s.scans), 0) from poster_scans s where s.poster_id = p.id)", Ptr: &it.Scans},
	}
}

// Path is the portal page its QR code leads to.
func (it *Item) Path() string {
	switch it.Target {
	case TargetProcedure:
		return "/thu-tuc/" + url.PathEscape(it.TargetRef)
	case TargetArticle:
		return "/bai-viet/" + url.PathEscape(it.TargetRef)
	case TargetContest:
		return "/cuoc-thi/" + url.PathEscape(it.TargetRef)
	}
	return "/phan-anh"
}

// ShortPath is its QR code's own address, which counts the scan.
func (it *Item) ShortPath() string { return "/p/" + it.Code }

// Place is where it stands, in words: the address, else the khu phố.
func (it *Item) Place() string {
	parts := []string{}
	if it.Address != "" {
		parts = append(parts, it.Address)
	}
	if it.KhuPhoName != "" {
		parts = append(parts, it.KhuPhoName)
	}
	if len(parts) == 0 {
		return PlaceKindName(it.PlaceKind)
	}
	return strings.Join(parts, ", ")
}

// Late says what is late about the item on day (YYYY-MM-DD): "" when
// nothing; "tháo" when it stands past its take-down day, "sắp tháo" within
// DueDays of it, "treo" when it should be up by now.
func (it *Item) Late(day string) string {
	switch it.Status {
	case Up:
		if it.TakeDownOn < day {
			return "tháo"
		}
		if it.TakeDownOn <= addDays(day, DueDays) {
			return "sắp tháo"
		}
	case Planned:
		if it.PutUpOn < day {
			return "treo"
		}
	}
	return ""
}

func addDays(day string, n int) string {
	t, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return day
	}
	return t.AddDate(0, 0, n).Format(time.DateOnly)
}

const itemSelect = `select %s from posters p left join units k on k.id = p.khu_pho_id left join units n on n.id = p.unit_id`

func selectItems() string {
	return strings.Replace(itemSelect, "%s", (&Item{}).fields().Select("p"), 1)
}

func list(ctx context.Context, q db.Querier, where string, args ...any) ([]*Item, error) {
	rows, err := q.Query(ctx, selectItems()+" where "+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Item
	for rows.Next() {
		it := &Item{}
		if err := rows.Scan(it.fields().Dest()...); err != nil {
			return nil, err
		}
		out = append(out, it)
	}
	return out, rows.Err()
}

// Get reads an item of a ward with its photos.
func Get(ctx context.Context, q db.Querier, wardID, id int64) (*Item, error) {
	its, err := list(ctx, q, "p.ward_id = ? and p.id = ?", wardID, id)
	if err != nil {
		return nil, err
	}
	if len(its) == 0 {
		return nil, db.ErrNotFound
	}
	it := its[0]
	rows, err := q.Query(ctx, `select id, file_key, content_type, size from poster_photos where poster_id = ? order by id`, it.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var ph Photo
		if err := rows.Scan(&ph.ID, &ph.Key, &ph.ContentType, &ph.Size); err != nil {
			return nil, err
		}
		it.Photos = append(it.Photos, ph)
	}
	return it, rows.Err()
}

// Filter narrows List.
type Filter struct {
	Status string // "" for all
	KhuPho int64
	Kind   string
	IDs    []int64 // these items only
}

// List reads a ward's items: what is late first, then by take-down day.
func List(ctx context.Context, q db.Querier, wardID int64, f Filter) ([]*Item, error) {
	where, args := "p.ward_id = ?", []any{wardID}
	if f.Status != "" {
		where, args = where+" and p.status = ?", append(args, f.Status)
	}
	if f.KhuPho != 0 {
		where, args = where+" and p.khu_pho_id = ?", append(args, f.KhuPho)
	}
	if f.Kind != "" {
		where, args = where+" and p.kind = ?", append(args, f.Kind)
	}
	if len(f.IDs) > 0 {
		where += " and p.id in (?" + strings.Repeat(", ?", len(f.IDs)-1) + ")"
		for _, id := range f.IDs {
			args = append(args, id)
		}
	}
	its, err := list(ctx, q, where+" order by p.take_down_on, p.id", args...)
	if err != nil {
		return nil, err
	}
	today := time.Now().In(vn.Zone).Format(time.DateOnly)
	slices.SortStableFunc(its, func(a, b *Item) int { return lateRank(a.Late(today)) - lateRank(b.Late(today)) })
	return its, nil
}

func lateRank(l string) int {
	switch l {
	case "tháo":
		return 0
	case "treo":
		return 1
	case "sắp tháo":
		return 2
	}
	return 3
}

// Public reads the items residents may know of: up or taken down (a
// planned one may never go up), for the open data.
func Public(ctx context.Context, q db.Querier, wardID int64) ([]*Item, error) {
	return list(ctx, q, "p.ward_id = ? and p.status in ('up', 'down') order by p.put_up_on desc, p.id desc", wardID)
}

// ByCode reads the item with a short code.
func ByCode(ctx context.Context, q db.Querier, wardID int64, code string) (*Item, error) {
	its, err := list(ctx, q, "p.ward_id = ? and p.code = ?", wardID, strings.ToLower(code))
	if err != nil {
		return nil, err
	}
	if len(its) == 0 {
		return nil, db.ErrNotFound
	}
	return its[0], nil
}

// CanManage reports whether u keeps the ward's items: the lead unit, units'
// officers and khu phố heads (their own unit's items).
func CanManage(u *account.User) bool {
	return u.Is(account.RoleAdmin, account.RoleLeadOfficer, account.RoleUnitOfficer, account.RoleKhuPhoHead)
}

// CanEdit reports whether u may change it: the lead unit any, others their
// unit's.
func CanEdit(u *account.User, it *Item) bool {
	return CanManage(u) && activity.CanRecordFor(u, it.UnitID)
}

// Input is an item as an official describes it.
type Input struct {
	Kind, Message       string
	Themes              []string
	Size, Address       string
	KhuPhoID            int64
	PlaceKind           string
	Quantity, Cost      string
	PutUpOn, TakeDownOn string // dd/mm/yyyy
	UnitID              int64
	Target, TargetRef   string
	Photos              [][]byte // checked and stripped before anything is written
	RemovePhotos        []int64
}

// MaxPhotos is how many photos an item keeps.
const MaxPhotos = 6

// number reads "1.234.000" or "1234000".
func number(s string) (int64, bool) {
	s = strings.NewReplacer(".", "", " ", "", "đ", "", "₫", "").Replace(strings.TrimSpace(s))
	if s == "" {
		return 0, true
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil
}

// ref reads what the official pasted for a target: a code, an address on
// the portal or a whole link; it keeps the part after the page's prefix.
func ref(target, s string) string {
	s = strings.TrimSpace(s)
	if u, err := url.Parse(s); err == nil && (u.Scheme != "" || strings.HasPrefix(s, "/")) {
		s = u.Path
	}
	if i := strings.Index(s, "/"+target+"/"); i >= 0 {
		s = s[i+len(target)+2:]
	}
	s = strings.Trim(s, "/ ")
	if i := strings.IndexAny(s, "/?#"); i >= 0 {
		s = s[:i]
	}
	if p, err := url.PathUnescape(s); err == nil {
		s = p
	}
	return s
}

// validate cleans the input against the plan's themes and the ward's units,
// and checks that its QR code leads somewhere.
func (in *Input) validate(ctx context.Context, q db.Querier, wardID int64, themes map[string]string, units []*ward.Unit, now time.Time) (*Item, []media.Upload, check.Errors) {
	it := &Item{Kind: in.Kind, Message: vn.Clean(in.Message), Size: vn.Clean(in.Size), Address: vn.Clean(in.Address), KhuPhoID: in.KhuPhoID,
		PlaceKind: in.PlaceKind, UnitID: in.UnitID, Target: in.Target}
	e := check.Errors{}
	if !known(Kinds, in.Kind) {
		e["kind"] = "Vui lòng chọn loại sản phẩm."
	}
	e.Text("message", it.Message, true, 1000, "Nội dung, khẩu hiệu")
	for _, t := range in.Themes {
		if _, ok := themes[t]; ok && !slices.Contains(it.Themes, t) {
			it.Themes = append(it.Themes, t)
		}
	}
	if len(it.Themes) == 0 {
		e["themes"] = "Vui lòng chọn ít nhất một nội dung tuyên truyền của kế hoạch."
	}
	e.Text("size", it.Size, false, 100, "Kích thước")
	e.Text("address", it.Address, false, 300, "Địa chỉ")
	byID := map[int64]*ward.Unit{}
	for _, u := range units {
		byID[u.ID] = u
	}
	if it.KhuPhoID != 0 {
		if u := byID[it.KhuPhoID]; u == nil || u.Kind != ward.KindKhuPho {
			e["khu_pho_id"] = "Khu phố không thuộc phường."
		}
	}
	if it.KhuPhoID == 0 && it.Address == "" {
		e["address"] = "Vui lòng ghi địa chỉ nơi treo, dựng hoặc chọn khu phố."
	}
	if !known(PlaceKinds, in.PlaceKind) {
		e["place_kind"] = "Vui lòng chọn loại địa điểm."
	}
	if byID[it.UnitID] == nil {
		e["unit_id"] = "Vui lòng chọn đơn vị phụ trách."
	}
	if n, ok := number(in.Quantity); !ok || n < 1 || n > 100000 {
		e["quantity"] = "Số lượng phải là số từ 1 đến 100.000."
	} else {
		it.Quantity = int(n)
	}
	if n, ok := number(in.Cost); !ok || n < 0 || n > 10_000_000_000 {
		e["cost"] = "Kinh phí phải là số đồng từ 0 đến 10.000.000.000, ví dụ 1.500.000."
	} else {
		it.Cost = n
	}
	from, err := vn.ParseDate(in.PutUpOn)
	if err != nil {
		e["put_up_on"] = "Ngày treo phải có dạng ngày/tháng/năm, ví dụ 01/10/2025."
	}
	to, err := vn.ParseDate(in.TakeDownOn)
	if err != nil {
		e["take_down_on"] = "Ngày tháo phải có dạng ngày/tháng/năm, ví dụ 31/12/2025."
	} else if _, bad := e["put_up_on"]; !bad {
		switch {
		case to.Before(from):
			e["take_down_on"] = "Ngày tháo phải từ ngày treo trở đi."
		case to.Sub(from) > 3*366*24*time.Hour:
			e["take_down_on"] = "Một sản phẩm được ghi tối đa ba năm; sau đó hãy ghi sản phẩm mới."
		}
	}
	it.PutUpOn, it.TakeDownOn = from.Format(time.DateOnly), to.Format(time.DateOnly)
	switch in.Target {
	case TargetProcedure:
		it.TargetRef = ref(in.Target, in.TargetRef)
		if it.TargetRef == "" {
			e["target_ref"] = "Vui lòng ghi mã thủ tục, ví dụ 1.001612."
		} else if _, _, err := procedure.Get(ctx, q, wardID, it.TargetRef); err != nil {
			e["target_ref"] = "Không có thủ tục mã “" + vn.Excerpt(it.TargetRef, 40) + "” trong danh mục của phường."
		}
	case TargetArticle:
		it.TargetRef = ref(in.Target, in.TargetRef)
		if it.TargetRef == "" {
			e["target_ref"] = "Vui lòng dán địa chỉ bài viết trên Cổng."
		} else if _, err := news.BySlug(ctx, q, wardID, it.TargetRef, now); err != nil {
			e["target_ref"] = "Không có bài viết đã đăng tại địa chỉ này; hãy dán địa chỉ của một bài đã đăng."
		}
	case TargetContest:
		it.TargetRef = ref(in.Target, in.TargetRef)
		if it.TargetRef == "" {
			e["target_ref"] = "Vui lòng dán địa chỉ cuộc thi trên Cổng."
		} else if _, err := contest.BySlug(ctx, q, wardID, it.TargetRef); err != nil {
			e["target_ref"] = "Không có cuộc thi tại địa chỉ này."
		}
	case TargetFeedback:
	default:
		e["target"] = "Vui lòng chọn trang mở ra khi quét mã QR."
	}
	if len(it.TargetRef) > 200 {
		e["target_ref"] = "Địa chỉ quá dài."
	}
	if len(in.Photos) > MaxPhotos {
		e["photos"] = "Tối đa " + strconv.Itoa(MaxPhotos) + " ảnh."
	}
	var ups []media.Upload
	for i, data := range in.Photos {
		up, problem := media.PreparePhoto(data)
		if problem != "" {
			e["photos"] = "Ảnh thứ " + strconv.Itoa(i+1) + ": " + problem
			continue
		}
		ups = append(ups, up)
	}
	return it, ups, e
}

const alphabet = "abcdefghjkmnpqrstuvwxyz23456789" // no 0/o, 1/l/i: read from a print

// newCode is a fresh short code of 6 characters (31⁶ ≈ 887 million).
func newCode() string {
	b := make([]byte, 6)
	rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}

// Save creates (id 0) or changes an item with its photos, all or nothing:
// new photos are stored first and removed again if the rows fail; removed
// photos leave the store after the commit. A standing item's activity on
// the plan is corrected with it.
func Save(ctx context.Context, conn db.Conn, files filestore.Store, u *account.User, actor audit.Actor, id int64, in Input, themes map[string]string, now time.Time) (*Item, error) {
	if !CanManage(u) {
		return nil, ErrForbidden
	}
	if in.UnitID != 0 && !activity.CanRecordFor(u, in.UnitID) {
		return nil, check.Errors{"unit_id": "Anh/chị chỉ ghi được sản phẩm do đơn vị mình phụ trách."}
	}
	units, err := ward.Units(ctx, conn, u.WardID)
	if err != nil {
		return nil, err
	}
	var before *Item
	if id != 0 {
		if before, err = Get(ctx, conn, u.WardID, id); err != nil {
			return nil, err
		}
		if !CanEdit(u, before) {
			return nil, ErrForbidden
		}
	}
	it, ups, e := in.validate(ctx, conn, u.WardID, themes, units, now)
	if before != nil {
		kept := 0
		for _, ph := range before.Photos {
			if !slices.Contains(in.RemovePhotos, ph.ID) {
				kept++
			}
		}
		if kept+len(ups) > MaxPhotos {
			e["photos"] = "Mỗi sản phẩm giữ tối đa " + strconv.Itoa(MaxPhotos) + " ảnh; hãy bỏ bớt ảnh cũ."
		}
	}
	if err := e.Err(); err != nil {
		return nil, err
	}
	staged, err := media.Stage(ctx, files, u.WardID, "poster", ups...)
	if err != nil {
		return nil, err
	}
	var removed []string
	err = conn.InTx(ctx, func(tx *db.Tx) error {
		removed = nil
		it.WardID, it.UpdatedAt = u.WardID, now
		if before == nil {
			it.Status, it.CreatedBy, it.CreatedAt = Planned, u.ID, now
			for try := 0; ; try++ {
				it.Code = newCode()
				var n int
				if err := tx.QueryRow(ctx, `select count(*) from posters where ward_id = ? and code = ?`, it.WardID, it.Code).Scan(&n); err != nil {
					return err
				}
				if n == 0 || try == 5 {
					break
				}
			}
			if it.ID, err = db.Insert(ctx, tx, "posters", it.fields()); err != nil {
				return err
			}
		} else {
			it.ID, it.Code, it.Status, it.TakenDownOn, it.ActivityID = before.ID, before.Code, before.Status, before.TakenDownOn, before.ActivityID
			it.CreatedBy, it.CreatedAt = before.CreatedBy, before.CreatedAt
			if it.Status != Planned {
				it.PutUpOn = before.PutUpOn // the day it went up is what happened; PutUp sets it
			}
			for _, ph := range before.Photos {
				if slices.Contains(in.RemovePhotos, ph.ID) {
					if _, err := tx.Exec(ctx, `delete from poster_photos where id = ? and poster_id = ?`, ph.ID, it.ID); err != nil {
						return err
					}
					removed = append(removed, ph.Key)
				}
			}
			if it.Status != Planned {
				if it.ActivityID, err = record(ctx, tx, actor, it); err != nil {
					return err
				}
			}
			if err := update(ctx, tx, it); err != nil {
				return err
			}
		}
		if err := addPhotos(ctx, tx, it.ID, ups, staged.Keys); err != nil {
			return err
		}
		action := "poster.create"
		if before != nil {
			action = "poster.update"
		}
		return audit.Record(ctx, tx, actor, action, "poster", it.ID, KindName(it.Kind)+": "+vn.Excerpt(it.Message, 80), auditFields(before), auditFields(it))
	})
	if err != nil {
		staged.Discard(ctx)
		return nil, err
	}
	filestore.Remove(ctx, files, removed...)
	return Get(ctx, conn, u.WardID, it.ID)
}

func update(ctx context.Context, tx *db.Tx, it *Item) error {
	return db.Update(ctx, tx, "posters", it.fields(), it.ID, "ward_id", "code", "created_by", "created_at")
}

func addPhotos(ctx context.Context, tx *db.Tx, id int64, ups []media.Upload, keys []string) error {
	for i, up := range ups {
		if _, err := tx.Exec(ctx, `insert into poster_photos (poster_id, file_key, content_type, size, created_at) values (?, ?, ?, ?, ?)`,
			id, keys[i], up.ContentType, len(up.Data), db.Now()); err != nil {
			return err
		}
	}
	return nil
}

// record counts a standing item on the plan (or corrects what it counted).
func record(ctx context.Context, tx *db.Tx, actor audit.Actor, it *Item) (int64, error) {
	id, err := activity.RecordPosterUp(ctx, tx, actor, it.WardID, activity.PosterUp{UnitID: it.UnitID, KhuPho: it.KhuPhoID, PlaceName: it.Address,
		HeldOn: it.PutUpOn, Themes: it.Themes, Quantity: it.Quantity, QuantityUnit: strings.ToLower(KindName(it.Kind)), Cost: it.Cost,
		Title: it.Message, Activity: it.ActivityID})
	if id == 0 && err == nil {
		id = it.ActivityID
	}
	return id, err
}

// pastDay reads a day something happened (dd/mm/yyyy) as YYYY-MM-DD: today
// or before.
func pastDay(field, label, day string, now time.Time) (string, error) {
	t, err := vn.ParseDate(day)
	if err != nil {
		return "", check.Errors{field: label + " phải có dạng ngày/tháng/năm, ví dụ 01/10/2025."}
	}
	on := t.Format(time.DateOnly)
	if on > now.In(vn.Zone).Format(time.DateOnly) {
		return "", check.Errors{field: label + " không được sau hôm nay."}
	}
	return on, nil
}

// PutUp records that an item went up on day (dd/mm/yyyy) and counts it on
// the plan as its unit's activity on the visual channel, once.
func PutUp(ctx context.Context, conn db.Conn, u *account.User, actor audit.Actor, id int64, day string, now time.Time) (*Item, error) {
	on, err := pastDay("put_up_on", "Ngày treo", day, now)
	if err != nil {
		return nil, err
	}
	var it *Item
	err = conn.InTx(ctx, func(tx *db.Tx) error {
		if it, err = Get(ctx, tx, u.WardID, id); err != nil {
			return err
		}
		if !CanEdit(u, it) {
			return ErrForbidden
		}
		if it.Status != Planned {
			return check.Errors{"put_up_on": "Sản phẩm này đã được ghi là " + strings.ToLower(StatusName(it.Status)) + "."}
		}
		if on > it.TakeDownOn {
			return check.Errors{"put_up_on": "Ngày treo sau ngày tháo dự kiến (" + vn.ISODate(it.TakeDownOn) + "); hãy sửa ngày tháo trước."}
		}
		before := *it
		it.Status, it.PutUpOn, it.UpdatedAt = Up, on, now
		if it.ActivityID, err = record(ctx, tx, actor, it); err != nil {
			return err
		}
		if err := update(ctx, tx, it); err != nil {
			return err
		}
		return audit.Record(ctx, tx, actor, "poster.put_up", "poster", it.ID, "Treo, dựng "+strings.ToLower(KindName(it.Kind))+": "+vn.Excerpt(it.Message, 80),
			auditFields(&before), auditFields(it))
	})
	return it, err
}

// TakeDown records that a standing item came down on day (dd/mm/yyyy).
func TakeDown(ctx context.Context, conn db.Conn, u *account.User, actor audit.Actor, id int64, day string, now time.Time) (*Item, error) {
	on, err := pastDay("taken_down_on", "Ngày tháo", day, now)
	if err != nil {
		return nil, err
	}
	var it *Item
	err = conn.InTx(ctx, func(tx *db.Tx) error {
		if it, err = Get(ctx, tx, u.WardID, id); err != nil {
			return err
		}
		if !CanEdit(u, it) {
			return ErrForbidden
		}
		if it.Status != Up {
			return check.Errors{"taken_down_on": "Chỉ ghi tháo được sản phẩm đang treo."}
		}
		if on < it.PutUpOn {
			return check.Errors{"taken_down_on": "Ngày tháo phải từ ngày treo (" + vn.ISODate(it.PutUpOn) + ") trở đi."}
		}
		before := *it
		it.Status, it.TakenDownOn, it.UpdatedAt = Down, on, now
		if err := update(ctx, tx, it); err != nil {
			return err
		}
		return audit.Record(ctx, tx, actor, "poster.take_down", "poster", it.ID, "Tháo "+strings.ToLower(KindName(it.Kind))+": "+vn.Excerpt(it.Message, 80),
			auditFields(&before), auditFields(it))
	})
	return it, err
}

// PhotoFor reads a photo of an item for an official of its ward.
func PhotoFor(ctx context.Context, q db.Querier, u *account.User, id, photo int64) (*Photo, error) {
	it, err := Get(ctx, q, u.WardID, id)
	if err != nil {
		return nil, err
	}
	for _, ph := range it.Photos {
		if ph.ID == photo {
			return &ph, nil
		}
	}
	return nil, db.ErrNotFound
}

func auditFields(it *Item) map[string]any {
	if it == nil {
		return nil
	}
	return map[string]any{"kind": it.Kind, "message": it.Message, "themes": it.Themes, "size": it.Size, "address": it.Address,
		"khu_pho_id": it.KhuPhoID, "place_kind": it.PlaceKind, "quantity": it.Quantity, "cost": it.Cost, "put_up_on": it.PutUpOn,
		"take_down_on": it.TakeDownOn, "unit_id": it.UnitID, "target": it.Target, "target_ref": it.TargetRef, "status": it.Status,
		"taken_down_on": it.TakenDownOn}
}
