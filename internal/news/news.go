// Package news is the portal's columns (chuyên mục) and articles (tin, bài):
// written in Markdown by editors, reviewed by a leader, published at once or
// on schedule, archived; every save kept as a revision. Bodies are rendered
// to HTML on the server and sanitised.
package news

import (
	"bytes"
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"html/template"
	"strconv"
	"strings"
	"time"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"

	"github.com/cchc-vn/cchc/internal/account"
	"github.com/cchc-vn/cchc/internal/audit"
	"github.com/cchc-vn/cchc/internal/check"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/vn"
)

// ErrForbidden is returned when an official may not write or review.
var ErrForbidden = check.ErrForbidden

// Statuses of an article. A published article whose time has not come is
// "scheduled" to readers of the workspace and invisible to the public.
const (
	Draft     = "draft"
	Submitted = "submitted"
	Published = "published"
	Archived  = "archived"
)

// StatusName is the Vietnamese label of a status at a given time.
func StatusName(a *Article, now time.Time) string {
	switch a.Status {
	case Draft:
		if a.ReviewNote != "" {
			return "Bị trả lại"
		}
		return "Bản nháp"
	case Submitted:
		return "Chờ duyệt"
	case Published:
		if a.PublishedAt.After(now) {
			return "Hẹn giờ đăng"
		}
		return "Đã đăng"
	case Archived:
		return "Đã lưu trữ"
	}
	return a.Status
}

// Column is a section of the portal.
type Column struct {
	ID          int64
	WardID      int64
	Slug        string
	Name        string
	Description string
	Position    int
	Documents   bool // articles are documents: number, date, issuer, attached PDF
}

// DefaultColumns are the columns a ward starts with.
var DefaultColumns = []Column{
	{Slug: "cai-cach-hanh-chinh", Name: "Cải cách hành chính", Description: "Tin tức, kết quả cải cách hành chính của phường."},
	{Slug: "huong-dan-thu-tuc", Name: "Hướng dẫn thủ tục hành chính", Description: "Hướng dẫn người dân, doanh nghiệp thực hiện thủ tục."},
	{Slug: "dich-vu-cong-truc-tuyen", Name: "Dịch vụ công trực tuyến và chính quyền số", Description: "Hướng dẫn nộp hồ sơ, thanh toán trực tuyến, tiện ích đô thị thông minh."},
	{Slug: "guong-dien-hinh", Name: "Gương điển hình, cách làm hay", Description: "Tập thể, cá nhân tiêu biểu trong cải cách hành chính."},
	{Slug: "tiep-cong-dan", Name: "Tiếp công dân, khiếu nại, tố cáo", Description: "Lịch tiếp công dân, kết quả giải quyết khiếu nại, tố cáo."},
	{Slug: "van-ban-chi-dao", Name: "Văn bản chỉ đạo, điều hành", Description: "Văn bản của Ủy ban nhân dân phường.", Documents: true},
}

// EnsureColumns gives a ward without columns the default ones.
func EnsureColumns(ctx context.Context, q db.Querier, wardID int64) error {
	var n int
	if err := q.QueryRow(ctx, `select count(*) from news_columns where ward_id = ?`, wardID).Scan(&n); err != nil || n > 0 {
		return err
	}
	for i, c := range DefaultColumns {
		docs := 0
		if c.Documents {
			docs = 1
		}
		if _, err := q.Exec(ctx, `insert into news_columns (ward_id, slug, name, description, position, documents) values (?, ?, ?, ?, ?, ?)
			on conflict (ward_id, slug) do nothing`, wardID, c.Slug, c.Name, c.Description, i, docs); err != nil {
			return err
		}
	}
	return nil
}

// Columns returns a ward's columns in order.
func Columns(ctx context.Context, q db.Querier, wardID int64) ([]*Column, error) {
	rows, err := q.Query(ctx, `select id, ward_id, slug, name, description, position, documents from news_columns where ward_id = ? order by position, id`, wardID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Column
	for rows.Next() {
		var c Column
		var docs int
		if err := rows.Scan(&c.ID, &c.WardID, &c.Slug, &c.Name, &c.Description, &c.Position, &docs); err != nil {
			return nil, err
		}
		c.Documents = docs != 0
		out = append(out, &c)
	}
	return out, rows.Err()
}

// CanWrite reports whether u writes articles: editors and administrators.
func CanWrite(u *account.User) bool { return u.Is(account.RoleAdmin, account.RoleEditor) }

// CanReview reports whether u approves articles: the leader and administrators.
func CanReview(u *account.User) bool { return u.Is(account.RoleAdmin, account.RoleLeader) }

// SaveColumn adds a column or renames one.
func SaveColumn(ctx context.Context, conn db.Conn, u *account.User, actor audit.Actor, id int64, name, description string, documents bool) error {
	return conn.InTx(ctx, func(tx *db.Tx) error { return saveColumn(ctx, tx, u, actor, id, name, description, documents) })
}

func saveColumn(ctx context.Context, q *db.Tx, u *account.User, actor audit.Actor, id int64, name, description string, documents bool) error {
	if !CanWrite(u) {
		return ErrForbidden
	}
	name, description = vn.Clean(strings.TrimSpace(name)), vn.Clean(strings.TrimSpace(description))
	e := check.Errors{}
	e.Text("name", name, true, 100, "Tên chuyên mục")
	e.Text("description", description, false, 300, "Mô tả")
	if err := e.Err(); err != nil {
		return err
	}
	docs := 0
	if documents {
		docs = 1
	}
	if id == 0 {
		var pos int
		if err := q.QueryRow(ctx, `select coalesce(max(position), 0) + 1 from news_columns where ward_id = ?`, u.WardID).Scan(&pos); err != nil {
			return err
		}
		if _, err := q.Exec(ctx, `insert into news_columns (ward_id, slug, name, description, position, documents) values (?, ?, ?, ?, ?, ?)`,
			u.WardID, Slug(name), name, description, pos, docs); err != nil {
			if db.IsUniqueViolation(err) {
				return check.Errors{"name": "Đã có chuyên mục này."}
			}
			return err
		}
	} else if _, err := q.Exec(ctx, `update news_columns set name = ?, description = ?, documents = ? where ward_id = ? and id = ?`,
		name, description, docs, u.WardID, id); err != nil {
		return err
	}
	return audit.Record(ctx, q, actor, "column.save", "news_column", id, "Chuyên mục "+name, nil, map[string]any{"name": name, "documents": documents})
}

// Slug makes a readable Vietnamese slug: "Hướng dẫn nộp hồ sơ" → "huong-dan-nop-ho-so".
func Slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range vn.Fold(s) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		default:
			dash = true
		}
		if b.Len() >= 80 {
			break
		}
	}
	if b.Len() == 0 {
		return "bai-viet"
	}
	return strings.TrimRight(b.String(), "-")
}

// Article is one piece of news or one document.
type Article struct {
	ID             int64
	WardID         int64
	ColumnID       int64
	ColumnSlug     string
	ColumnName     string
	Documents      bool
	Slug           string
	Title          string
	Summary        string
	Body           string // Markdown
	Status         string
	PublishAt      string // requested, YYYY-MM-DDTHH:MM in Vietnam
	PublishedAt    time.Time
	CoverImageID   int64
	ProcedureCodes []string
	ThemeCodes     []string
	DocNumber      string
	DocDate        string
	DocIssuer      string
	AttachmentKey  string
	AuthorID       int64
	AuthorName     string
	ReviewerName   string
	ReviewNote     string
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// Public reports whether readers may see the article now.
func (a *Article) Public(now time.Time) bool {
	return a.Status == Published && !a.PublishedAt.After(now)
}

var policy = bluemonday.UGCPolicy()

// Render turns Markdown into sanitised HTML: goldmark drops raw HTML and
// dangerous links, and the sanitiser keeps only what user content may hold.
func Render(md string) template.HTML {
	var b bytes.Buffer
	if err := goldmark.Convert([]byte(md), &b); err != nil {
		return template.HTML(template.HTMLEscapeString(md))
	}
	return template.HTML(policy.SanitizeBytes(b.Bytes()))
}

// fields binds the article's columns, with its column's and people's names;
// a new field of an article is one line here.
func (a *Article) fields() db.Fields {
	return db.Fields{
		{Column: "id", Ptr: &a.ID},
		{Column: "ward_id", Ptr: &a.WardID},
		{Column: "column_id", Ptr: &a.ColumnID},
		{Expr: "c.slug", Ptr: &a.ColumnSlug},
		{Expr: "c.name", Ptr: &a.ColumnName},
		{Expr: "c.documents", Ptr: db.Bool(&a.Documents)},
		{Column: "slug", Ptr: &a.Slug},
		{Column: "title", Ptr: &a.Title},
		{Column: "summary", Ptr: &a.Summary},
		{Column: "body", Ptr: &a.Body},
		{Column: "status", Ptr: &a.Status},
		{Column: "publish_at", Ptr: &a.PublishAt},
		{Column: "published_at", Ptr: db.Time(&a.PublishedAt)},
		{Column: "cover_image_id", Ptr: db.OptionalID(&a.CoverImageID)},
		{Column: "procedure_codes", Ptr: codeList{&a.ProcedureCodes}},
		{Column: "theme_codes", Ptr: codeList{&a.ThemeCodes}},
		{Column: "doc_number", Ptr: &a.DocNumber},
		{Column: "doc_date", Ptr: &a.DocDate},
		{Column: "doc_issuer", Ptr: &a.DocIssuer},
		{Column: "attachment_key", Ptr: &a.AttachmentKey},
		{Column: "author_id", Ptr: db.OptionalID(&a.AuthorID)},
		{Expr: "coalesce(au.full_name, '')", Ptr: &a.AuthorName},
		{Expr: "coalesce(rv.full_name, '')", Ptr: &a.ReviewerName},
		{Column: "review_note", Ptr: &a.ReviewNote},
		{Column: "created_at", Ptr: db.Time(&a.CreatedAt)},
		{Column: "updated_at", Ptr: db.Time(&a.UpdatedAt)},
	}
}

var articleSelect = `select ` + (&Article{}).fields().Select("a") + `
	from articles a join news_columns c on c.id = a.column_id left join users au on au.id = a.author_id left join users rv on rv.id = a.reviewer_id`

func scan(row interface{ Scan(...any) error }) (*Article, error) {
	a := &Article{}
	err := row.Scan(a.fields().Dest()...)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, db.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	return a, nil
}

// codeList keeps a list of codes (procedures, themes) as the text an
// editor typed, separated by commas, spaces or semicolons.
type codeList struct{ v *[]string }

func (c codeList) Scan(src any) error {
	switch s := src.(type) {
	case string:
		*c.v = fields(s)
	case []byte:
		*c.v = fields(string(s))
	case nil:
		*c.v = nil
	default:
		return errors.New("news: codes are text")
	}
	return nil
}

func (c codeList) Value() (driver.Value, error) { return strings.Join(*c.v, ","), nil }

func fields(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == ';' || r == '\n' })
}

func list(ctx context.Context, q db.Querier, where string, args ...any) ([]*Article, error) {
	rows, err := q.Query(ctx, articleSelect+` `+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Article
	for rows.Next() {
		a, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// Get returns one article of the ward, whatever its status.
func Get(ctx context.Context, q db.Querier, wardID, id int64) (*Article, error) {
	return scan(q.QueryRow(ctx, articleSelect+` where a.ward_id = ? and a.id = ?`, wardID, id))
}

// BySlug returns a public article.
func BySlug(ctx context.Context, q db.Querier, wardID int64, slug string, now time.Time) (*Article, error) {
	a, err := scan(q.QueryRow(ctx, articleSelect+` where a.ward_id = ? and a.slug = ?`, wardID, slug))
	if err != nil {
		return nil, err
	}
	if !a.Public(now) {
		return nil, db.ErrNotFound
	}
	return a, nil
}

// Latest returns public articles, newest first: of one column, or all (0).
func Latest(ctx context.Context, q db.Querier, wardID, columnID int64, limit int, now time.Time) ([]*Article, error) {
	where, args := `where a.ward_id = ? and a.status = 'published' and a.published_at <= ?`, []any{wardID, db.FormatTime(now)}
	if columnID != 0 {
		where += ` and a.column_id = ?`
		args = append(args, columnID)
	}
	args = append(args, limit)
	return list(ctx, q, where+` order by a.published_at desc, a.id desc limit ?`, args...)
}

// Workspace lists every article for editors and reviewers, newest first.
func Workspace(ctx context.Context, q db.Querier, wardID int64, status string) ([]*Article, error) {
	where, args := `where a.ward_id = ?`, []any{wardID}
	if status != "" {
		where += ` and a.status = ?`
		args = append(args, status)
	}
	return list(ctx, q, where+` order by a.updated_at desc, a.id desc limit 300`, args...)
}

// Input is an article as the editor writes it.
type Input struct {
	ColumnID                      int64
	Title, Summary, Body          string
	PublishAt                     string // dd/mm/yyyy hh:mm, optional
	ProcedureCodes, ThemeCodes    string
	DocNumber, DocDate, DocIssuer string
	CoverImageID                  int64
	Attachment                    []byte // a document's PDF, when one is uploaded
}

func (in *Input) validate(cols map[int64]*Column) check.Errors {
	for _, s := range []*string{&in.Title, &in.Summary, &in.Body, &in.PublishAt, &in.ProcedureCodes, &in.ThemeCodes, &in.DocNumber, &in.DocDate, &in.DocIssuer} {
		*s = strings.TrimSpace(vn.Clean(*s))
	}
	e := check.Errors{}
	c := cols[in.ColumnID]
	if c == nil {
		e["column_id"] = "Vui lòng chọn chuyên mục."
	}
	e.Text("title", in.Title, true, 200, "Tiêu đề")
	e.Text("summary", in.Summary, false, 500, "Tóm tắt")
	e.Text("body", in.Body, true, 100_000, "Nội dung")
	e.Text("procedure_codes", in.ProcedureCodes, false, 500, "Thủ tục liên quan")
	if in.PublishAt != "" {
		t, err := time.ParseInLocation("02/01/2006 15:04", in.PublishAt, vn.Zone)
		if err != nil {
			e["publish_at"] = "Thời gian đăng có dạng dd/mm/yyyy hh:mm."
		} else {
			in.PublishAt = t.Format("2006-01-02T15:04")
		}
	}
	if c != nil && c.Documents {
		e.Text("doc_number", in.DocNumber, true, 50, "Số, ký hiệu văn bản")
		e.Text("doc_issuer", in.DocIssuer, true, 200, "Cơ quan ban hành")
		if t, err := vn.ParseDate(in.DocDate); err != nil {
			e["doc_date"] = "Ngày ban hành không hợp lệ (dd/mm/yyyy)."
		} else {
			in.DocDate = t.Format(db.DateFormat)
		}
	}
	return e
}

// save creates (id 0) or changes an article and keeps a revision, in tx.
func save(ctx context.Context, tx *db.Tx, u *account.User, actor audit.Actor, id int64, in Input, now time.Time) (*Article, error) {
	if !CanWrite(u) && !(id != 0 && CanReview(u)) {
		return nil, ErrForbidden
	}
	cols, err := Columns(ctx, tx, u.WardID)
	if err != nil {
		return nil, err
	}
	byID := map[int64]*Column{}
	for _, c := range cols {
		byID[c.ID] = c
	}
	if err := in.validate(byID).Err(); err != nil {
		return nil, err
	}
	var cover any
	if in.CoverImageID != 0 {
		if _, err := GetImage(ctx, tx, u.WardID, in.CoverImageID); errors.Is(err, db.ErrNotFound) {
			return nil, check.Errors{"cover_image_id": "Ảnh đại diện không hợp lệ."}
		} else if err != nil {
			return nil, err
		}
		cover = in.CoverImageID
	}
	stamp := db.FormatTime(now)
	var before *Article
	if id == 0 {
		slug := Slug(in.Title)
		for i := 2; ; i++ {
			var n int
			if err := tx.QueryRow(ctx, `select count(*) from articles where ward_id = ? and slug = ?`, u.WardID, slug).Scan(&n); err != nil {
				return nil, err
			}
			if n == 0 {
				break
			}
			slug = Slug(in.Title) + "-" + strconv.Itoa(i)
		}
		if err := tx.QueryRow(ctx, `insert into articles (ward_id, column_id, slug, title, summary, body, status, publish_at, cover_image_id, procedure_codes,
			theme_codes, doc_number, doc_date, doc_issuer, author_id, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id`,
			u.WardID, in.ColumnID, slug, in.Title, in.Summary, in.Body, Draft, in.PublishAt, cover, in.ProcedureCodes, in.ThemeCodes,
			in.DocNumber, in.DocDate, in.DocIssuer, u.ID, stamp, stamp).Scan(&id); err != nil {
			return nil, err
		}
	} else {
		if before, err = Get(ctx, tx, u.WardID, id); err != nil {
			return nil, err
		}
		switch {
		case before.Status == Archived:
			return nil, check.Errors{"title": "Bài đã lưu trữ, không sửa được."}
		case before.Status == Submitted && !CanReview(u):
			return nil, check.Errors{"title": "Bài đang chờ duyệt; người duyệt có thể trả lại để sửa."}
		}
		if _, err := tx.Exec(ctx, `update articles set column_id = ?, title = ?, summary = ?, body = ?, publish_at = ?, cover_image_id = ?, procedure_codes = ?,
			theme_codes = ?, doc_number = ?, doc_date = ?, doc_issuer = ?, updated_at = ? where id = ?`,
			in.ColumnID, in.Title, in.Summary, in.Body, in.PublishAt, cover, in.ProcedureCodes, in.ThemeCodes, in.DocNumber, in.DocDate, in.DocIssuer, stamp, id); err != nil {
			return nil, err
		}
	}
	if _, err := tx.Exec(ctx, `insert into article_revisions (article_id, title, summary, body, user_id, at) values (?, ?, ?, ?, ?, ?)`,
		id, in.Title, in.Summary, in.Body, u.ID, stamp); err != nil {
		return nil, err
	}
	var b any
	if before != nil {
		b = map[string]any{"title": before.Title, "status": before.Status}
	}
	if err := audit.Record(ctx, tx, actor, "article.save", "article", id, "Lưu bài "+in.Title, b, map[string]any{"title": in.Title, "column": in.ColumnID}); err != nil {
		return nil, err
	}
	a, err := Get(ctx, tx, u.WardID, id)
	if err == nil && a.Status == Published && !a.PublishedAt.After(now) {
		err = publishMedia(ctx, tx, a) // a live article changed: what it shows now is public
	}
	return a, err
}

// submit sends a draft for review, in tx.
func submit(ctx context.Context, tx *db.Tx, u *account.User, actor audit.Actor, id int64, now time.Time) error {
	if !CanWrite(u) {
		return ErrForbidden
	}
	a, err := Get(ctx, tx, u.WardID, id)
	if err != nil {
		return err
	}
	if a.Status != Draft {
		return check.Errors{"status": "Chỉ gửi duyệt được bản nháp."}
	}
	if _, err := tx.Exec(ctx, `update articles set status = ?, updated_at = ? where id = ?`, Submitted, db.FormatTime(now), id); err != nil {
		return err
	}
	return audit.Record(ctx, tx, actor, "article.submit", "article", id, "Gửi duyệt bài "+a.Title, map[string]any{"status": a.Status}, map[string]any{"status": Submitted})
}

// review approves a submitted article or returns it, in tx.
func review(ctx context.Context, tx *db.Tx, u *account.User, actor audit.Actor, id int64, approve bool, note string, now time.Time) (*Article, error) {
	if !CanReview(u) {
		return nil, ErrForbidden
	}
	a, err := Get(ctx, tx, u.WardID, id)
	if err != nil {
		return nil, err
	}
	note = vn.Clean(strings.TrimSpace(note))
	e := check.Errors{}
	switch {
	case a.Status != Submitted:
		e["decision"] = "Chỉ duyệt được bài đang chờ duyệt."
	case a.AuthorID == u.ID:
		e["decision"] = "Người viết không tự duyệt bài của mình."
	case !approve && note == "":
		e["note"] = "Vui lòng ghi lý do trả lại."
	}
	if err := e.Err(); err != nil {
		return nil, err
	}
	stamp := db.FormatTime(now)
	if approve {
		at := now
		if a.PublishAt != "" {
			if t, err := time.ParseInLocation("2006-01-02T15:04", a.PublishAt, vn.Zone); err == nil && t.After(now) {
				at = t
			}
		}
		_, err = tx.Exec(ctx, `update articles set status = ?, published_at = ?, reviewer_id = ?, review_note = ?, updated_at = ? where id = ?`,
			Published, db.FormatTime(at), u.ID, note, stamp, id)
	} else {
		_, err = tx.Exec(ctx, `update articles set status = ?, reviewer_id = ?, review_note = ?, updated_at = ? where id = ?`, Draft, u.ID, note, stamp, id)
	}
	if err != nil {
		return nil, err
	}
	verb := "Duyệt đăng"
	if !approve {
		verb = "Trả lại"
	}
	if err := audit.Record(ctx, tx, actor, "article.review", "article", id, verb+" bài "+a.Title, map[string]any{"status": a.Status},
		map[string]any{"approve": approve, "note": note}); err != nil {
		return nil, err
	}
	return Get(ctx, tx, u.WardID, id)
}

// archive takes an article off the portal, in tx.
func archive(ctx context.Context, tx *db.Tx, u *account.User, actor audit.Actor, id int64, now time.Time) error {
	if !CanWrite(u) && !CanReview(u) {
		return ErrForbidden
	}
	a, err := Get(ctx, tx, u.WardID, id)
	if err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `update articles set status = ?, updated_at = ? where id = ?`, Archived, db.FormatTime(now), id); err != nil {
		return err
	}
	return audit.Record(ctx, tx, actor, "article.archive", "article", id, "Lưu trữ bài "+a.Title, map[string]any{"status": a.Status}, map[string]any{"status": Archived})
}

// Revision is one saved version.
type Revision struct {
	At    time.Time
	By    string
	Title string
}

// Revisions lists an article's saved versions, newest first.
func Revisions(ctx context.Context, q db.Querier, id int64) ([]Revision, error) {
	rows, err := q.Query(ctx, `select r.at, coalesce(u.full_name, ''), r.title from article_revisions r left join users u on u.id = r.user_id
		where r.article_id = ? order by r.id desc limit 50`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Revision
	for rows.Next() {
		var r Revision
		var at string
		if err := rows.Scan(&at, &r.By, &r.Title); err != nil {
			return nil, err
		}
		r.At = db.ParseTime(at)
		out = append(out, r)
	}
	return out, rows.Err()
}

// Version changes whenever what the public sees of a ward's articles
// changes: an article published, edited or archived, a scheduled one coming
// due. Page caches key on it.
func Version(ctx context.Context, q db.Querier, wardID int64, now time.Time) (string, error) {
	var visible int
	var updated sql.NullString
	err := q.QueryRow(ctx, `select (select count(*) from articles where ward_id = ? and status = 'published' and published_at <= ?),
		(select max(updated_at) from articles where ward_id = ?)`, wardID, db.FormatTime(now), wardID).Scan(&visible, &updated)
	return strconv.Itoa(visible) + "/" + updated.String, err
}

// Statuses are the filters of the workspace's list of articles, with their labels.
var Statuses = []struct{ Code, Name string }{
	{Draft, "Bản nháp"}, {Submitted, "Chờ duyệt"}, {Published, "Đã đăng, hẹn giờ"}, {Archived, "Đã lưu trữ"},
}
