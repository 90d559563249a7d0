package web

import (
	"context"
	"encoding/xml"
	"errors"
	"html/template"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/cchc-vn/cchc/internal/check"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/exemplar"
	"github.com/cchc-vn/cchc/internal/media"
	"github.com/cchc-vn/cchc/internal/news"
	"github.com/cchc-vn/cchc/internal/plan"
	"github.com/cchc-vn/cchc/internal/procedure"
	"github.com/cchc-vn/cchc/internal/social"
	"github.com/cchc-vn/cchc/internal/vn"
)

const maxNewsUpload = media.MaxSize + 1<<20

// og describes a page to Zalo and Facebook when its link is shared.
type og struct {
	Description string
	Image       string // absolute URL
	Type        string // website or article
}

func (c *request) withOG(p *page, o og) *page {
	p.OG = o
	return p
}

// newsIndex lists the latest articles of every column.
func (s *Server) newsIndex(c *request) error {
	ctx := c.r.Context()
	cols, err := news.Columns(ctx, s.DB, c.ward.ID)
	if err != nil {
		return err
	}
	items, err := news.Latest(ctx, s.DB, c.ward.ID, 0, 30, time.Now())
	if err != nil {
		return err
	}
	covers, err := s.covers(ctx, c.ward.ID, items)
	if err != nil {
		return err
	}
	return c.renderPage(http.StatusOK, "news_list", c.withOG(&page{Title: "Tin tức", Data: &newsListData{Columns: cols, Items: items, Covers: covers}},
		og{Description: "Tin tức, hướng dẫn về cải cách hành chính của " + c.ward.FullName + "."}))
}

type newsListData struct {
	Columns []*news.Column
	Column  *news.Column
	Items   []*news.Article
	Covers  map[int64]*news.Image
}

func (s *Server) covers(ctx context.Context, wardID int64, items []*news.Article) (map[int64]*news.Image, error) {
	out := map[int64]*news.Image{}
	for _, a := range items {
		if a.CoverImageID != 0 && out[a.CoverImageID] == nil {
			im, err := news.GetImage(ctx, s.DB, wardID, a.CoverImageID)
			if err != nil && !errors.Is(err, db.ErrNotFound) {
				return nil, err
			}
			out[a.CoverImageID] = im
		}
	}
	return out, nil
}

func (s *Server) column(ctx context.Context, wardID int64, slug string) (*news.Column, []*news.Column, error) {
	cols, err := news.Columns(ctx, s.DB, wardID)
	if err != nil {
		return nil, nil, err
	}
	for _, col := range cols {
		if col.Slug == slug {
			return col, cols, nil
		}
	}
	return nil, nil, db.ErrNotFound
}

func (s *Server) newsColumn(c *request) error {
	ctx := c.r.Context()
	col, cols, err := s.column(ctx, c.ward.ID, c.r.PathValue("slug"))
	if err != nil {
		return err
	}
	items, err := news.Latest(ctx, s.DB, c.ward.ID, col.ID, 50, time.Now())
	if err != nil {
		return err
	}
	covers, err := s.covers(ctx, c.ward.ID, items)
	if err != nil {
		return err
	}
	return c.renderPage(http.StatusOK, "news_list", c.withOG(&page{Title: col.Name, Data: &newsListData{Columns: cols, Column: col, Items: items, Covers: covers}},
		og{Description: col.Description}))
}

type articleData struct {
	A          *news.Article
	Body       template.HTML
	Cover      *news.Image
	Procedures []*procedure.Procedure
	Preview    bool
	ShareURL   string
}

func (s *Server) articleData(c *request, a *news.Article) (*articleData, error) {
	ctx := c.r.Context()
	d := &articleData{A: a, Body: news.Render(a.Body), ShareURL: s.baseURL(c.r) + "/bai-viet/" + a.Slug}
	if a.CoverImageID != 0 {
		im, err := news.GetImage(ctx, s.DB, c.ward.ID, a.CoverImageID)
		if err != nil && !errors.Is(err, db.ErrNotFound) {
			return nil, err
		}
		d.Cover = im
	}
	for _, code := range a.ProcedureCodes {
		if p, _, err := procedure.Get(ctx, s.DB, c.ward.ID, code); err == nil {
			d.Procedures = append(d.Procedures, p)
		}
	}
	return d, nil
}

func (s *Server) article(c *request) error {
	a, err := news.BySlug(c.r.Context(), s.DB, c.ward.ID, c.r.PathValue("slug"), time.Now())
	if err != nil {
		return err
	}
	d, err := s.articleData(c, a)
	if err != nil {
		return err
	}
	o := og{Description: a.Summary, Type: "article"}
	if d.Cover != nil {
		o.Image = s.baseURL(c.r) + d.Cover.URL(960)
	}
	return c.renderPage(http.StatusOK, "article", c.withOG(&page{Title: a.Title, Data: d}, o))
}

// image serves one width of a stored picture; the address never changes
// its bytes, so browsers keep it for a year.
func (s *Server) image(c *request) error {
	name, ok := strings.CutSuffix(c.r.PathValue("file"), ".jpg")
	ref, wStr, ok2 := strings.Cut(name, "-")
	w, err := strconv.Atoi(wStr)
	if !ok || !ok2 || err != nil {
		return db.ErrNotFound
	}
	im, err := news.ImageAt(c.r.Context(), s.DB, c.ward.ID, ref)
	if err != nil {
		return err
	}
	cache, ok := mediaCache(c, im.Public)
	if !ok {
		return db.ErrNotFound
	}
	if ref != im.Token { // an older numbered address
		http.Redirect(c.w, c.r, im.URL(w), http.StatusMovedPermanently)
		return nil
	}
	if !slices.Contains(im.Widths, w) {
		return db.ErrNotFound
	}
	return s.serveStored(c, im.Key+"-"+wStr+".jpg", "image/jpeg", "", cache)
}

// mediaCache says whether the viewer may have a picture or a clip, and for
// how long it may be kept: a public one by anyone for good; one nothing
// public shows yet (a draft's) by officials only, and not kept.
func mediaCache(c *request, public bool) (string, bool) {
	switch {
	case public:
		return "public, max-age=31536000, immutable", true
	case c.user != nil:
		return "private, no-store", true
	}
	return "", false
}

// attachment serves a published document's PDF.
func (s *Server) attachment(c *request) error {
	a, err := news.BySlug(c.r.Context(), s.DB, c.ward.ID, c.r.PathValue("slug"), time.Now())
	if err != nil {
		return err
	}
	if a.AttachmentKey == "" {
		return db.ErrNotFound
	}
	return s.serveStored(c, a.AttachmentKey, "application/pdf", `inline; filename="`+a.Slug+`.pdf"`, "public, max-age=3600")
}

// newsFeed is the Atom feed of a column, or of all news.
func (s *Server) newsFeed(c *request) error {
	ctx := c.r.Context()
	base := s.baseURL(c.r)
	title, self, alt := "Tin tức – "+c.ward.FullName, base+"/tin-tuc/atom", base+"/tin-tuc"
	var colID int64
	if slug := c.r.PathValue("slug"); slug != "" {
		col, _, err := s.column(ctx, c.ward.ID, slug)
		if err != nil {
			return err
		}
		colID, title, self, alt = col.ID, col.Name+" – "+c.ward.FullName, base+"/chuyen-muc/"+slug+"/atom", base+"/chuyen-muc/"+slug
	}
	items, err := news.Latest(ctx, s.DB, c.ward.ID, colID, 50, time.Now())
	if err != nil {
		return err
	}
	var entries []atomEntry
	for _, a := range items {
		entries = append(entries, atomEntry{Title: a.Title, ID: base + "/bai-viet/" + a.Slug, Updated: atomTime(a.UpdatedAt),
			Published: atomTime(a.PublishedAt), Link: atomLink{Href: base + "/bai-viet/" + a.Slug}, Summary: a.Summary,
			Content: &atomContent{Type: "html", Body: string(news.Render(a.Body))}})
	}
	return c.writeAtom(title, self, alt, "Ủy ban nhân dân "+vn.LowerFirst(c.ward.FullName), entries)
}

// sitemap lists the portal's public pages for search engines.
func (s *Server) sitemap(c *request) error {
	ctx := c.r.Context()
	base := s.baseURL(c.r)
	type u struct {
		Loc     string `xml:"loc"`
		Lastmod string `xml:"lastmod,omitempty"`
	}
	urls := []u{{Loc: base + "/"}, {Loc: base + "/thu-tuc"}, {Loc: base + "/tin-tuc"}, {Loc: base + "/guong-dien-hinh"}, {Loc: base + "/phan-anh"},
		{Loc: base + "/phan-anh/cong-khai"}, {Loc: base + "/phan-anh/thong-ke"}, {Loc: base + "/thu-tuc/moi-cap-nhat"}}
	cols, err := news.Columns(ctx, s.DB, c.ward.ID)
	if err != nil {
		return err
	}
	for _, col := range cols {
		urls = append(urls, u{Loc: base + "/chuyen-muc/" + col.Slug})
	}
	items, err := news.Latest(ctx, s.DB, c.ward.ID, 0, 5000, time.Now())
	if err != nil {
		return err
	}
	for _, a := range items {
		urls = append(urls, u{Loc: base + "/bai-viet/" + a.Slug, Lastmod: a.UpdatedAt.UTC().Format("2006-01-02")})
	}
	ix, err := s.index(ctx, c.ward.ID)
	if err != nil {
		return err
	}
	for _, code := range ix.Codes() {
		urls = append(urls, u{Loc: base + "/thu-tuc/" + code})
	}
	c.w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	c.w.Header().Set("Cache-Control", feedCache)
	c.w.Write([]byte(xml.Header))
	return xml.NewEncoder(c.w).Encode(struct {
		XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
		URLs    []u      `xml:"url"`
	}{URLs: urls})
}

func (s *Server) robots(c *request) error {
	c.w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, err := io.WriteString(c.w, "User-agent: *\nDisallow: /quan-ly\nDisallow: /dang-nhap\nDisallow: /phan-anh/tra-cuu\nAllow: /\n\nSitemap: "+s.baseURL(c.r)+"/sitemap.xml\n")
	return err
}

type honourData struct {
	Items  []*exemplar.Exemplar
	Images map[int64]*news.Image
}

// honourRoll shows the approved exemplars.
func (s *Server) honourRoll(c *request) error {
	ctx := c.r.Context()
	items, err := exemplar.List(ctx, s.DB, c.ward.ID, exemplar.Approved)
	if err != nil {
		return err
	}
	d := &honourData{Items: items, Images: map[int64]*news.Image{}}
	for _, ex := range items {
		if ex.ImageID != 0 {
			if im, err := news.GetImage(ctx, s.DB, c.ward.ID, ex.ImageID); err == nil {
				d.Images[ex.ImageID] = im
			}
		}
	}
	return c.renderPage(http.StatusOK, "honour_roll", c.withOG(&page{Title: "Gương điển hình, cách làm hay", Data: d},
		og{Description: "Tập thể, cá nhân tiêu biểu trong cải cách hành chính của " + c.ward.FullName + "."}))
}

// Workspace.

type articlesData struct {
	Items     []*news.Article
	Status    string
	Now       time.Time
	CanWrite  bool
	CanReview bool
}

func (s *Server) articlesAdmin(c *request) error {
	status := c.r.URL.Query().Get("trang-thai")
	items, err := news.Workspace(c.r.Context(), s.DB, c.ward.ID, status)
	if err != nil {
		return err
	}
	return c.render("articles", "Tin, bài", &articlesData{Items: items, Status: status, Now: time.Now(), CanWrite: news.CanWrite(c.user), CanReview: news.CanReview(c.user)})
}

type articleFormData struct {
	A         *news.Article // nil when new
	Columns   []*news.Column
	Themes    []*plan.Theme
	Images    []*news.Image
	Revisions []news.Revision
	Posts     []social.State
	CanWrite  bool
	CanReview bool
	Now       time.Time
}

func (s *Server) articleFormData(c *request, a *news.Article) (*articleFormData, error) {
	ctx := c.r.Context()
	cols, err := news.Columns(ctx, s.DB, c.ward.ID)
	if err != nil {
		return nil, err
	}
	d := &articleFormData{A: a, Columns: cols, CanWrite: news.CanWrite(c.user), CanReview: news.CanReview(c.user), Now: time.Now()}
	if p, err := plan.Current(ctx, s.DB, c.ward.ID); err == nil {
		d.Themes = p.Themes
	}
	if a != nil {
		if d.Revisions, err = news.Revisions(ctx, s.DB, a.ID); err != nil {
			return nil, err
		}
		if d.Posts, err = social.States(ctx, s.DB, a.ID); err != nil {
			return nil, err
		}
	}
	if d.Images, err = news.RecentImages(ctx, s.DB, c.ward.ID, 12); err != nil {
		return nil, err
	}
	return d, nil
}

func articleForm(a *news.Article) url.Values {
	f := url.Values{"column_id": {itoa64(a.ColumnID)}, "title": {a.Title}, "summary": {a.Summary}, "body": {a.Body},
		"procedure_codes": {strings.Join(a.ProcedureCodes, ", ")}, "theme_codes": {strings.Join(a.ThemeCodes, ", ")}, "doc_number": {a.DocNumber},
		"doc_issuer": {a.DocIssuer}, "cover_image_id": {itoa64(a.CoverImageID)}}
	if a.DocDate != "" {
		f.Set("doc_date", isoToVN(a.DocDate))
	}
	if a.PublishAt != "" {
		if t, err := time.Parse("2006-01-02T15:04", a.PublishAt); err == nil {
			f.Set("publish_at", t.Format("02/01/2006 15:04"))
		}
	}
	return f
}

func isoToVN(d string) string {
	if t, err := time.Parse(time.DateOnly, d); err == nil {
		return t.Format("02/01/2006")
	}
	return d
}

func (s *Server) articleNew(c *request) error {
	if !news.CanWrite(c.user) {
		return news.ErrForbidden
	}
	d, err := s.articleFormData(c, nil)
	if err != nil {
		return err
	}
	form := url.Values{}
	if col := c.r.URL.Query().Get("chuyen-muc"); col != "" {
		form.Set("column_id", col)
	}
	return c.renderPage(http.StatusOK, "article_form", &page{Title: "Viết bài mới", Data: d, Form: form})
}

func (s *Server) articleEdit(c *request) error {
	id, err := c.id("id")
	if err != nil {
		return err
	}
	a, err := news.Get(c.r.Context(), s.DB, c.ward.ID, id)
	if err != nil {
		return err
	}
	d, err := s.articleFormData(c, a)
	if err != nil {
		return err
	}
	return c.renderPage(http.StatusOK, "article_form", &page{Title: "Bài: " + a.Title, Data: d, Form: articleForm(a)})
}

// articleSave creates or updates an article, with an optional PDF for documents.
func (s *Server) articleSave(c *request) error {
	var id int64
	if c.r.PathValue("id") != "" {
		var err error
		if id, err = c.id("id"); err != nil {
			return err
		}
	}
	in, err := articleInput(c)
	var a *news.Article
	if err == nil {
		a, err = news.Save(c.r.Context(), s.DB, s.Files, c.user, c.actor(), id, in, time.Now())
	}
	var ce check.Errors
	if errors.As(err, &ce) {
		return s.articleFormAgain(c, id, ce)
	}
	if err != nil {
		return err
	}
	return c.redirect("/quan-ly/bai-viet/"+itoa64(a.ID), "Đã lưu bài.")
}

func (s *Server) articleFormAgain(c *request, id int64, ce check.Errors) error {
	var a *news.Article
	if id != 0 {
		var err error
		if a, err = news.Get(c.r.Context(), s.DB, c.ward.ID, id); err != nil {
			return err
		}
	}
	d, err := s.articleFormData(c, a)
	if err != nil {
		return err
	}
	return c.renderForm("article_form", "Bài viết", d, ce)
}

// articleAction runs one step of an article's workflow, then shows it again.
func (s *Server) articleAction(c *request, act func(ctx context.Context, id int64) error, flash string) error {
	id, err := c.id("id")
	if err != nil {
		return err
	}
	if err := act(c.r.Context(), id); err != nil {
		return err
	}
	return c.redirect("/quan-ly/bai-viet/"+itoa64(id), flash)
}

func (s *Server) articleSubmit(c *request) error {
	return s.articleAction(c, func(ctx context.Context, id int64) error {
		return news.Submit(ctx, s.DB, c.user, c.actor(), id, time.Now())
	}, "Đã gửi bài để lãnh đạo duyệt.")
}

// articleReview approves or returns an article.
func (s *Server) articleReview(c *request) error {
	approve := c.r.PostFormValue("decision") == "approve"
	flash := "Đã trả lại bài cho người viết."
	if approve {
		flash = "Đã duyệt đăng bài."
	}
	return s.articleAction(c, func(ctx context.Context, id int64) error {
		_, err := news.Review(ctx, s.DB, c.user, c.actor(), id, approve, c.r.PostFormValue("note"), s.baseURL(c.r), time.Now())
		return err
	}, flash)
}

func (s *Server) articleArchive(c *request) error {
	return s.articleAction(c, func(ctx context.Context, id int64) error {
		return news.Archive(ctx, s.DB, c.user, c.actor(), id, time.Now())
	}, "Đã lưu trữ bài.")
}

func (s *Server) articlePreview(c *request) error {
	id, err := c.id("id")
	if err != nil {
		return err
	}
	a, err := news.Get(c.r.Context(), s.DB, c.ward.ID, id)
	if err != nil {
		return err
	}
	d, err := s.articleData(c, a)
	if err != nil {
		return err
	}
	d.Preview = true
	return c.renderPage(http.StatusOK, "article", &page{Title: "Xem trước: " + a.Title, Data: d})
}

// socialRetry queues a failed post again.
func (s *Server) socialRetry(c *request) error {
	pid, _ := strconv.ParseInt(c.r.PostFormValue("post_id"), 10, 64)
	return s.articleAction(c, func(ctx context.Context, id int64) error {
		return news.RetryPost(ctx, s.DB, c.user, id, pid)
	}, "Đã xếp lại bài vào hàng đợi gửi.")
}

// imageUpload stores a picture and shows the Markdown to paste.
func (s *Server) imageUpload(c *request) error {
	ctx := c.r.Context()
	data, err := uploadedFile(c, "image")
	if err != nil {
		return err
	}
	if len(data) == 0 {
		return check.Errors{"image": "Vui lòng chọn ảnh."}
	}
	im, err := news.SaveImage(ctx, s.DB, s.Files, c.ward.ID, c.user.ID, data, c.r.PostFormValue("alt"))
	if err != nil {
		return err
	}
	back := c.r.PostFormValue("back")
	if !strings.HasPrefix(back, "/quan-ly/") {
		back = "/quan-ly/bai-viet"
	}
	return c.redirect(back, "Đã tải ảnh số "+itoa64(im.ID)+". Chèn vào bài: !["+im.Alt+"]("+im.URL(960)+")")
}

func (s *Server) columnsAdmin(c *request) error {
	cols, err := news.Columns(c.r.Context(), s.DB, c.ward.ID)
	if err != nil {
		return err
	}
	return c.render("columns", "Chuyên mục", cols)
}

func (s *Server) columnSave(c *request) error {
	id, _ := strconv.ParseInt(c.r.PostFormValue("id"), 10, 64)
	err := news.SaveColumn(c.r.Context(), s.DB, c.user, c.actor(), id, c.r.PostFormValue("name"), c.r.PostFormValue("description"), c.r.PostFormValue("documents") == "1")
	var ce check.Errors
	if errors.As(err, &ce) {
		cols, lerr := news.Columns(c.r.Context(), s.DB, c.ward.ID)
		if lerr != nil {
			return lerr
		}
		return c.renderForm("columns", "Chuyên mục", cols, ce)
	}
	if err != nil {
		return err
	}
	return c.redirect("/quan-ly/chuyen-muc", "Đã lưu chuyên mục.")
}

func (s *Server) socialSettings(c *request) error {
	accs, err := social.Accounts(c.r.Context(), s.DB, c.ward.ID)
	if err != nil {
		return err
	}
	return c.render("social", "Mạng xã hội", &socialData{Accounts: accs, Encrypted: s.sealer.Encrypts()})
}

type socialData struct {
	Accounts  []social.Configured
	Encrypted bool // tokens are sealed with the deployment's secret
}

// socialSave stores a token; the form never shows a saved token again.
func (s *Server) socialSave(c *request) error {
	f := c.r.PostFormValue
	ctx := c.r.Context()
	var err error
	if f("remove") == "1" {
		err = social.RemoveAccount(ctx, s.DB, c.ward.ID, f("provider"))
	} else {
		err = social.SetAccount(ctx, s.DB, s.sealer, c.ward.ID, f("provider"), f("page_id"), f("token"))
	}
	var ce check.Errors
	if errors.As(err, &ce) {
		accs, lerr := social.Accounts(ctx, s.DB, c.ward.ID)
		if lerr != nil {
			return lerr
		}
		return c.renderForm("social", "Mạng xã hội", &socialData{Accounts: accs, Encrypted: s.sealer.Encrypts()}, ce)
	}
	if err != nil {
		return err
	}
	return c.redirect("/quan-ly/mang-xa-hoi", "Đã lưu.")
}

type exemplarsData struct {
	Items     []*exemplar.Exemplar
	CanDecide bool
}

func (s *Server) exemplarsAdmin(c *request) error {
	items, err := exemplar.List(c.r.Context(), s.DB, c.ward.ID, "")
	if err != nil {
		return err
	}
	return c.render("exemplars", "Gương điển hình", &exemplarsData{Items: items, CanDecide: exemplar.CanDecide(c.user)})
}

func (s *Server) exemplarNominate(c *request) error {
	ctx := c.r.Context()
	_, err := exemplar.Nominate(ctx, s.DB, c.user, c.actor(), exemplarInput(c), time.Now())
	var ce check.Errors
	if errors.As(err, &ce) {
		items, lerr := exemplar.List(ctx, s.DB, c.ward.ID, "")
		if lerr != nil {
			return lerr
		}
		return c.renderForm("exemplars", "Gương điển hình", &exemplarsData{Items: items, CanDecide: exemplar.CanDecide(c.user)}, ce)
	}
	if err != nil {
		return err
	}
	return c.redirect("/quan-ly/guong-dien-hinh", "Đã gửi đề nghị biểu dương tới lãnh đạo phường.")
}

func (s *Server) exemplarDecide(c *request) error {
	id, err := c.id("id")
	if err != nil {
		return err
	}
	ctx := c.r.Context()
	approve := c.r.PostFormValue("decision") == "approve"
	if err := exemplar.Decide(ctx, s.DB, c.user, c.actor(), id, approve, c.r.PostFormValue("note"), time.Now()); err != nil {
		return err
	}
	return c.redirect("/quan-ly/guong-dien-hinh", "Đã lưu quyết định.")
}

// videoUpload stores a clip and shows the link to paste into an article.
func (s *Server) videoUpload(c *request) error {
	data, err := uploadedFile(c, "video")
	if err != nil {
		return err
	}
	if len(data) == 0 {
		return check.Errors{"video": "Vui lòng chọn video."}
	}
	v, err := news.SaveVideo(c.r.Context(), s.DB, s.Files, c.ward.ID, c.user.ID, data, c.r.PostFormValue("title"))
	if err != nil {
		return err
	}
	back := c.r.PostFormValue("back")
	if !strings.HasPrefix(back, "/quan-ly/") {
		back = "/quan-ly/bai-viet"
	}
	return c.redirect(back, "Đã tải video. Chèn vào bài: ["+v.Title+"]("+v.URL()+")")
}

// video serves a clip with range requests, so players can seek.
func (s *Server) video(c *request) error {
	file := c.r.PathValue("file")
	ref := strings.TrimSuffix(strings.TrimSuffix(file, ".mp4"), ".webm")
	v, err := news.VideoAt(c.r.Context(), s.DB, c.ward.ID, ref)
	if err != nil {
		return err
	}
	cache, ok := mediaCache(c, v.Public)
	if !ok {
		return db.ErrNotFound
	}
	if ref != v.Token || file != strings.TrimPrefix(v.URL(), "/video/") {
		http.Redirect(c.w, c.r, v.URL(), http.StatusMovedPermanently)
		return nil
	}
	return s.serveStored(c, v.Key, v.ContentType, "", cache)
}
