package web

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/cchc-vn/cchc/internal/check"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/filestore"
	"github.com/cchc-vn/cchc/internal/procedure"
	"github.com/cchc-vn/cchc/internal/vn"
)

// mustEditCatalogue refuses officials whose unit does not keep the
// catalogue (the route lets every unit officer in; the unit decides).
func (s *Server) mustEditCatalogue(c *request) error {
	if !procedure.CanEdit(c.user) {
		return procedure.ErrForbidden
	}
	return nil
}

type catalogueAdminData struct {
	Drafts    []*procedure.Version
	CanEdit   bool
	CanReview bool
	Query     string
	Hits      []procedure.Hit
	RowErrors []procedure.RowError // of a rejected XLSX import
}

func (s *Server) catalogueAdmin(c *request) error {
	ctx := c.r.Context()
	drafts, err := procedure.Drafts(ctx, s.DB, c.ward.ID)
	if err != nil {
		return err
	}
	d := catalogueAdminData{Drafts: drafts, CanEdit: procedure.CanEdit(c.user), CanReview: procedure.CanReview(c.user),
		Query: c.r.URL.Query().Get("q")}
	if d.Query != "" {
		ix, err := s.index(ctx, c.ward.ID)
		if err != nil {
			return err
		}
		d.Hits, _ = ix.Search(d.Query, 20)
	}
	return c.render("catalogue_admin", "Quản lý thủ tục hành chính", d)
}

type procedureEditData struct {
	Code    string
	Current *procedure.Procedure
	Draft   *procedure.Version
	Forms   []*procedure.Form
}

func (s *Server) procedureEditForm(c *request) error {
	if err := s.mustEditCatalogue(c); err != nil {
		return err
	}
	ctx := c.r.Context()
	code := c.r.PathValue("code")
	cur, _, err := procedure.Get(ctx, s.DB, c.ward.ID, code)
	if err != nil {
		return err
	}
	forms, err := procedure.Forms(ctx, s.DB, c.ward.ID, code)
	if err != nil {
		return err
	}
	d := procedureEditData{Code: code, Current: cur, Forms: forms}
	src := cur
	form := map[string][]string{"effective_on": {time.Now().In(vn.Zone).Format("02/01/2006")}}
	drafts, err := procedure.Drafts(ctx, s.DB, c.ward.ID)
	if err != nil {
		return err
	}
	for _, v := range drafts {
		if v.Code == code {
			d.Draft, src = v, v.P
			form["effective_on"] = []string{vn.ISODate(v.EffectiveOn)}
			form["decision"], form["change_summary"] = []string{v.Decision}, []string{v.ChangeSummary}
		}
	}
	for k, v := range procedure.FormValues(src) {
		form[k] = []string{v}
	}
	return c.renderPage(http.StatusOK, "procedure_edit", &page{Title: "Sửa thủ tục " + code, Data: d, Form: form})
}

func (s *Server) procedureEdit(c *request) error {
	if !procedure.CanEdit(c.user) {
		return procedure.ErrForbidden
	}
	ctx := c.r.Context()
	code := c.r.PathValue("code")
	cur, _, err := procedure.Get(ctx, s.DB, c.ward.ID, code)
	if err != nil {
		return err
	}
	p, errs := procedure.FromForm(code, cur, c.r.PostFormValue)
	var v *procedure.Version
	if len(errs) == 0 {
		v, err = procedure.SaveDraft(ctx, s.DB, c.user, c.actor(), procedure.Edit{P: p,
			EffectiveOn: c.r.PostFormValue("effective_on"), Decision: c.r.PostFormValue("decision"), ChangeSummary: c.r.PostFormValue("change_summary")})
		if !errors.As(err, &errs) && err != nil {
			return err
		}
	}
	if len(errs) > 0 {
		forms, _ := procedure.Forms(ctx, s.DB, c.ward.ID, code)
		return c.renderForm("procedure_edit", "Sửa thủ tục "+code, procedureEditData{Code: code, Current: cur, Forms: forms}, errs)
	}
	return c.redirect("/quan-ly/ban-nhap-thu-tuc/"+strconv.FormatInt(v.ID, 10), "Đã lưu bản nháp. Bản nháp chờ lãnh đạo duyệt trước khi công khai.")
}

type draftData struct {
	V         *procedure.Version
	Current   *procedure.Procedure
	Changes   []fieldChange
	CanReview bool
}

type fieldChange struct {
	Name, Before, After string
}

func (s *Server) loadDraft(c *request) (*draftData, error) {
	id, err := c.id("id")
	if err != nil {
		return nil, err
	}
	v, err := procedure.VersionByID(c.r.Context(), s.DB, c.ward.ID, id)
	if err != nil {
		return nil, err
	}
	cur, _, err := procedure.Get(c.r.Context(), s.DB, c.ward.ID, v.Code)
	if err != nil && !errors.Is(err, db.ErrNotFound) {
		return nil, err
	}
	d := &draftData{V: v, Current: cur, CanReview: procedure.CanReviewVersion(c.user, v)}
	// Show each changed part before and after, as the edit form writes it.
	if cur != nil {
		before, after := procedure.FormValues(cur), procedure.FormValues(v.P)
		for _, k := range []struct{ key, name string }{{"name", "Tên thủ tục"}, {"field", "Lĩnh vực"}, {"subjects", "Đối tượng"},
			{"agency_executing", "Cơ quan thực hiện"}, {"agency_competent", "Cơ quan có thẩm quyền"}, {"address", "Địa chỉ tiếp nhận"},
			{"conditions", "Yêu cầu, điều kiện"}, {"portal_url", "Liên kết"}, {"online_level", "Mức độ trực tuyến"}, {"popularity", "Phổ biến"},
			{"keywords", "Từ khóa"}, {"steps", "Trình tự"}, {"channels", "Cách thức, thời hạn, phí"}, {"documents", "Thành phần hồ sơ"},
			{"legal_basis", "Căn cứ pháp lý"}, {"results", "Kết quả"}} {
			if before[k.key] != after[k.key] {
				d.Changes = append(d.Changes, fieldChange{k.name, before[k.key], after[k.key]})
			}
		}
	}
	return d, nil
}

func (s *Server) draft(c *request) error {
	d, err := s.loadDraft(c)
	if err != nil {
		return err
	}
	return c.render("procedure_draft", "Bản nháp thủ tục "+d.V.Code, d)
}

func (s *Server) draftReview(c *request) error {
	d, err := s.loadDraft(c)
	if err != nil {
		return err
	}
	ctx := c.r.Context()
	publish := c.r.PostFormValue("action") == "publish"
	if publish {
		_, err = procedure.Publish(ctx, s.DB, c.user, c.actor(), d.V.ID)
	} else {
		err = procedure.Return(ctx, s.DB, c.user, c.actor(), d.V.ID, c.r.PostFormValue("review_note"))
	}
	var ce check.Errors
	if errors.As(err, &ce) {
		return c.renderForm("procedure_draft", "Bản nháp thủ tục "+d.V.Code, d, ce)
	}
	if err != nil {
		return err
	}
	if publish {
		return c.redirect("/thu-tuc/"+d.V.Code, "Đã duyệt và công khai thay đổi.")
	}
	return c.redirect("/quan-ly/thu-tuc", "Đã trả lại bản nháp cho người soạn.")
}

func (s *Server) recentlyAmended(c *request) error {
	vs, err := procedure.RecentlyAmended(c.r.Context(), s.DB, c.ward.ID, 50)
	if err != nil {
		return err
	}
	return c.render("procedure_recent", "Thủ tục mới sửa đổi, bổ sung", vs)
}

// Atom feed of amended procedures (RFC 4287).
func (s *Server) recentlyAmendedFeed(c *request) error {
	vs, err := procedure.RecentlyAmended(c.r.Context(), s.DB, c.ward.ID, 50)
	if err != nil {
		return err
	}
	base := s.baseURL(c.r)
	var entries []atomEntry
	for _, v := range vs {
		summary := v.ChangeSummary
		if v.Decision != "" {
			summary += " (Quyết định " + v.Decision + ")"
		}
		entries = append(entries, atomEntry{Title: v.P.Name, ID: base + "/thu-tuc/" + v.Code + "#phien-ban-" + strconv.Itoa(v.Version),
			Updated: atomTime(v.PublishedAt), Link: atomLink{Href: base + "/thu-tuc/" + v.Code}, Summary: summary})
	}
	return c.writeAtom("Thủ tục hành chính mới sửa đổi – "+c.ward.FullName, base+"/thu-tuc/moi-cap-nhat.atom", base+"/thu-tuc/moi-cap-nhat",
		"Ủy ban nhân dân "+c.ward.FullName, entries)
}

const maxUpload = 10 << 20

func (s *Server) procedureExport(c *request) error {
	ps, err := procedure.All(c.r.Context(), s.DB, c.ward.ID)
	if err != nil {
		return err
	}
	c.w.Header().Set("Content-Type", xlsxType)
	c.w.Header().Set("Content-Disposition", `attachment; filename="thu-tuc-`+c.ward.Code+`.xlsx"`)
	return procedure.WriteXLSX(c.w, ps)
}

// procedureImport reads an XLSX sheet and turns every changed or new row into
// a draft for review. Nothing is written unless every row is valid.
func (s *Server) procedureImport(c *request) error {
	if err := s.mustEditCatalogue(c); err != nil {
		return err
	}
	ctx := c.r.Context()
	show := func(errs check.Errors, rows []procedure.RowError) error {
		drafts, err := procedure.Drafts(ctx, s.DB, c.ward.ID)
		if err != nil {
			return err
		}
		d := catalogueAdminData{Drafts: drafts, CanEdit: true, CanReview: procedure.CanReview(c.user), RowErrors: rows}
		return c.renderForm("catalogue_admin", "Quản lý thủ tục hành chính", d, errs)
	}
	data, err := uploadedFile(c, "file")
	var ce check.Errors
	switch {
	case errors.As(err, &ce):
		return show(ce, nil)
	case len(data) == 0:
		return show(check.Errors{"file": "Vui lòng chọn tệp XLSX (tối đa 10 MB)."}, nil)
	case len(data) > maxUpload:
		return show(check.Errors{"file": "Tệp quá lớn (tối đa 10 MB)."}, nil)
	}
	res, err := procedure.ImportXLSX(ctx, s.DB, c.user, c.actor(), data, c.fileNames["file"], c.r.PostFormValue("effective_on"), c.r.PostFormValue("decision"))
	switch {
	case errors.As(err, &ce):
		return show(ce, nil)
	case err != nil:
		return err
	case len(res.Rows) > 0:
		return show(check.Errors{"file": "Tệp có lỗi, chưa nhập dòng nào. Sửa các dòng dưới đây rồi tải lên lại."}, res.Rows)
	}
	return c.redirect("/quan-ly/thu-tuc", fmt.Sprintf("Đã tạo %d bản nháp từ tệp (%d thủ tục không thay đổi). Bản nháp chờ lãnh đạo duyệt.", res.Drafts, res.Unchanged))
}

// formDownload serves a form file from the store.
func (s *Server) formDownload(c *request) error {
	id, err := c.id("id")
	if err != nil {
		return err
	}
	f, err := procedure.FormByID(c.r.Context(), s.DB, c.ward.ID, id)
	if err != nil || f.Code != c.r.PathValue("code") {
		return db.ErrNotFound
	}
	return s.serveStored(c, f.Key, f.ContentType,
		`attachment; filename="mau-`+f.Code+`-`+strconv.FormatInt(f.ID, 10)+`.`+f.Ext+`"; filename*=UTF-8''`+url.PathEscape(f.Name+"."+f.Ext),
		"public, max-age=3600")
}

// serveStored streams a file from the store with its type, an optional
// Content-Disposition and cache policy; a missing file is "not found".
func (s *Server) serveStored(c *request, key, contentType, disposition, cache string) error {
	rc, info, err := s.Files.Get(c.r.Context(), key)
	if errors.Is(err, filestore.ErrNotFound) {
		return db.ErrNotFound
	}
	if err != nil {
		return err
	}
	defer rc.Close()
	h := c.w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Cache-Control", cache)
	if disposition != "" {
		h.Set("Content-Disposition", disposition)
	}
	// Both stores give a seekable file: ranges (video) and conditional requests work.
	if rs, ok := rc.(io.ReadSeeker); ok {
		http.ServeContent(c.w, c.r, "", info.ModTime, rs)
		return nil
	}
	h.Set("Content-Length", strconv.FormatInt(info.Size, 10))
	_, err = io.Copy(c.w, rc)
	return err
}

func (s *Server) formUpload(c *request) error {
	if err := s.mustEditCatalogue(c); err != nil {
		return err
	}
	ctx := c.r.Context()
	code := c.r.PathValue("code")
	data, err := uploadedFile(c, "form_file")
	if err == nil {
		_, err = procedure.AddForm(ctx, s.DB, s.Files, c.actor(), c.ward.ID, code, c.r.PostFormValue("form_name"), data)
	}
	var ce check.Errors
	if errors.As(err, &ce) {
		cur, _, gerr := procedure.Get(ctx, s.DB, c.ward.ID, code)
		if gerr != nil {
			return gerr
		}
		forms, _ := procedure.Forms(ctx, s.DB, c.ward.ID, code)
		c.r.PostForm = url.Values{"form_name": {c.r.PostFormValue("form_name")}}
		for k, v := range procedure.FormValues(cur) {
			c.r.PostForm.Set(k, v)
		}
		return c.renderForm("procedure_edit", "Sửa thủ tục "+code, procedureEditData{Code: code, Current: cur, Forms: forms}, ce)
	}
	if err != nil {
		return err
	}
	return c.redirect("/quan-ly/thu-tuc/"+code+"/sua#mau", "Đã thêm mẫu đơn, tờ khai.")
}

func (s *Server) formDelete(c *request) error {
	if err := s.mustEditCatalogue(c); err != nil {
		return err
	}
	id, err := c.id("id")
	if err != nil {
		return err
	}
	ctx := c.r.Context()
	f, err := procedure.DeleteForm(ctx, s.DB, s.Files, c.actor(), c.ward.ID, id)
	if err != nil {
		return err
	}
	return c.redirect("/quan-ly/thu-tuc/"+f.Code+"/sua#mau", "Đã gỡ mẫu “"+f.Name+"”.")
}

type synonymsData struct {
	Ward    []procedure.Synonym
	Builtin []procedure.Synonym
	CanEdit bool
}

func (s *Server) synonymsPage(c *request) error {
	return s.renderSynonyms(c, http.StatusOK, nil)
}

func (s *Server) renderSynonyms(c *request, status int, errs check.Errors) error {
	ws, err := procedure.Synonyms(c.r.Context(), s.DB, c.ward.ID)
	if err != nil {
		return err
	}
	d := synonymsData{Ward: ws, Builtin: procedure.BuiltinSynonyms(), CanEdit: procedure.CanEdit(c.user)}
	if errs != nil {
		return c.renderForm("synonyms", "Từ đồng nghĩa khi tìm thủ tục", d, errs)
	}
	return c.renderPage(status, "synonyms", &page{Title: "Từ đồng nghĩa khi tìm thủ tục", Data: d})
}

func (s *Server) synonymAdd(c *request) error {
	if err := s.mustEditCatalogue(c); err != nil {
		return err
	}
	ctx := c.r.Context()
	err := procedure.AddSynonym(ctx, s.DB, c.actor(), c.ward.ID, c.r.PostFormValue("phrase"), c.r.PostFormValue("replacement"))
	var ce check.Errors
	if errors.As(err, &ce) {
		return s.renderSynonyms(c, http.StatusUnprocessableEntity, ce)
	}
	if err != nil {
		return err
	}
	return c.redirect("/quan-ly/thu-tuc/tu-dong-nghia", "Đã thêm từ đồng nghĩa; tìm kiếm dùng ngay.")
}

func (s *Server) synonymDelete(c *request) error {
	if err := s.mustEditCatalogue(c); err != nil {
		return err
	}
	id, err := c.id("id")
	if err != nil {
		return err
	}
	ctx := c.r.Context()
	if err := procedure.DeleteSynonym(ctx, s.DB, c.actor(), c.ward.ID, id); err != nil {
		return err
	}
	return c.redirect("/quan-ly/thu-tuc/tu-dong-nghia", "Đã xóa từ đồng nghĩa.")
}
