package web

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/cchc-vn/cchc/internal/account"
	"github.com/cchc-vn/cchc/internal/activity"
	"github.com/cchc-vn/cchc/internal/check"
	"github.com/cchc-vn/cchc/internal/media"
	"github.com/cchc-vn/cchc/internal/poster"
	"github.com/cchc-vn/cchc/internal/vn"
	"github.com/cchc-vn/cchc/internal/ward"
)

// Posters, banners and panels: the officials' inventory, each item's page
// with its QR code, the khu phố view, the A4 sheet of labels, the short
// address a scan opens, and the open data.

const maxPosterUpload = poster.MaxPhotos*media.MaxSize + 1<<20

type postersData struct {
	Late    []*poster.Item // what the official acts on first
	Items   []*poster.Item
	Today   string
	Status  string
	KhuPho  int64
	Kind    string
	Query   string // the filter, for the labels' link
	Units   []*ward.Unit
	Readers *poster.Readers // the last 30 days
	From    string
	CanAdd  bool
}

// posterFilter reads the list's filter from the query.
func posterFilter(c *request) (poster.Filter, url.Values) {
	q := c.r.URL.Query()
	f := poster.Filter{Status: q.Get("trang-thai"), Kind: q.Get("loai")}
	f.KhuPho, _ = strconv.ParseInt(q.Get("khu-pho"), 10, 64)
	if !slices.ContainsFunc(poster.Statuses, func(s poster.Choice) bool { return s.Code == f.Status }) {
		f.Status = ""
	}
	keep := url.Values{}
	for _, k := range []string{"trang-thai", "loai", "khu-pho"} {
		if v := q.Get(k); v != "" {
			keep.Set(k, v)
		}
	}
	return f, keep
}

func (s *Server) posters(c *request) error {
	ctx := c.r.Context()
	f, keep := posterFilter(c)
	its, err := poster.List(ctx, s.DB, c.ward.ID, f)
	if err != nil {
		return err
	}
	units, err := ward.Units(ctx, s.DB, c.ward.ID)
	if err != nil {
		return err
	}
	now := time.Now().In(vn.Zone)
	d := &postersData{Today: now.Format(time.DateOnly), Status: f.Status, KhuPho: f.KhuPho, Kind: f.Kind, Query: keep.Encode(),
		Units: units, CanAdd: poster.CanManage(c.user), From: now.AddDate(0, 0, -29).Format(time.DateOnly)}
	for _, it := range its {
		if it.Late(d.Today) != "" {
			d.Late = append(d.Late, it)
		} else {
			d.Items = append(d.Items, it)
		}
	}
	if d.Readers, err = poster.Readership(ctx, s.DB, c.ward.ID, d.From, d.Today); err != nil {
		return err
	}
	return c.render("posters", "Pano, áp phích, băng rôn", d)
}

type posterPlace struct {
	Unit        *ward.Unit // nil: items not in a khu phố
	Up, Planned int
	Scans       int
	Items       []*poster.Item
}

// postersByKhuPho is the map-free view: each khu phố with what stands in
// it, where, and how often it is read.
func (s *Server) postersByKhuPho(c *request) error {
	ctx := c.r.Context()
	its, err := poster.List(ctx, s.DB, c.ward.ID, poster.Filter{})
	if err != nil {
		return err
	}
	units, err := ward.Units(ctx, s.DB, c.ward.ID)
	if err != nil {
		return err
	}
	byUnit := map[int64]*posterPlace{}
	var places []*posterPlace
	for _, u := range units {
		if u.Kind == ward.KindKhuPho {
			p := &posterPlace{Unit: u}
			byUnit[u.ID] = p
			places = append(places, p)
		}
	}
	elsewhere := &posterPlace{}
	for _, it := range its {
		if it.Status == poster.Down {
			continue
		}
		p := byUnit[it.KhuPhoID]
		if p == nil {
			p = elsewhere
		}
		p.Items = append(p.Items, it)
		p.Scans += it.Scans
		if it.Status == poster.Up {
			p.Up++
		} else {
			p.Planned++
		}
	}
	if len(elsewhere.Items) > 0 {
		places = append(places, elsewhere)
	}
	// Khu phố with nothing standing first: they are the gaps.
	slices.SortStableFunc(places, func(a, b *posterPlace) int { return min(a.Up, 1) - min(b.Up, 1) })
	return c.render("posters_khu_pho", "Pano, áp phích theo khu phố", places)
}

type posterData struct {
	Item    *poster.Item
	Names   *planNames
	Units   []*ward.Unit // the units the official may record for
	KhuPho  []*ward.Unit
	CanEdit bool
	Short   string // the short address as printed
	Today   string
}

func posterForm(it *poster.Item) url.Values {
	f := url.Values{"kind": {it.Kind}, "message": {it.Message}, "themes": {strings.Join(it.Themes, ",")}, "size": {it.Size}, "address": {it.Address},
		"khu_pho_id": {itoa64(it.KhuPhoID)}, "place_kind": {it.PlaceKind}, "quantity": {strconv.Itoa(it.Quantity)}, "cost": {vn.Number(it.Cost)},
		"put_up_on": {vn.ISODate(it.PutUpOn)}, "take_down_on": {vn.ISODate(it.TakeDownOn)}, "unit_id": {itoa64(it.UnitID)}, "target": {it.Target},
		"target_ref": {it.TargetRef}, "put_up_day": {vn.Date(time.Now())}, "taken_down_on": {vn.Date(time.Now())}}
	if it.Cost == 0 {
		f.Set("cost", "")
	}
	return f
}

func (s *Server) posterData(ctx context.Context, c *request, it *poster.Item) (*posterData, error) {
	names, err := s.planNames(ctx, c.ward.ID)
	if err != nil {
		return nil, err
	}
	units, err := ward.Units(ctx, s.DB, c.ward.ID)
	if err != nil {
		return nil, err
	}
	today := time.Now().In(vn.Zone).Format(time.DateOnly)
	d := &posterData{Item: it, Names: names, CanEdit: it.ID == 0 && poster.CanManage(c.user) || it.ID != 0 && poster.CanEdit(c.user, it), Today: today}
	for _, u := range units {
		if activity.CanRecordFor(c.user, u.ID) {
			d.Units = append(d.Units, u)
		}
		if u.Kind == ward.KindKhuPho {
			d.KhuPho = append(d.KhuPho, u)
		}
	}
	if it.ID != 0 {
		d.Short = poster.Short(s.baseURL(c.r) + it.ShortPath())
	}
	return d, nil
}

func (s *Server) posterNew(c *request) error {
	ctx := c.r.Context()
	today := time.Now().In(vn.Zone)
	it := &poster.Item{Kind: "bang-ron", Quantity: 1, UnitID: c.user.UnitID, Target: poster.TargetFeedback, Status: poster.Planned,
		PutUpOn: today.Format(time.DateOnly), TakeDownOn: today.AddDate(0, 1, 0).Format(time.DateOnly)}
	if c.user.Is(account.RoleKhuPhoHead) {
		it.KhuPhoID = c.user.UnitID
	}
	d, err := s.posterData(ctx, c, it)
	if err != nil {
		return err
	}
	return c.renderPage(http.StatusOK, "poster", &page{Title: "Ghi pano, áp phích, băng rôn mới", Data: d, Form: posterForm(it)})
}

func (s *Server) posterOf(c *request) (*poster.Item, error) {
	id, err := c.id("id")
	if err != nil {
		return nil, err
	}
	return poster.Get(c.r.Context(), s.DB, c.ward.ID, id)
}

func (s *Server) posterPage(c *request) error {
	it, err := s.posterOf(c)
	if err != nil {
		return err
	}
	d, err := s.posterData(c.r.Context(), c, it)
	if err != nil {
		return err
	}
	return c.renderPage(http.StatusOK, "poster", &page{Title: poster.KindName(it.Kind) + ": " + vn.Excerpt(it.Message, 60), Data: d, Form: posterForm(it)})
}

// posterFail shows the item's page again with the form as typed.
func (s *Server) posterFail(c *request, it *poster.Item, ce check.Errors) error {
	d, err := s.posterData(c.r.Context(), c, it)
	if err != nil {
		return err
	}
	form := posterForm(it)
	for k, v := range c.r.PostForm {
		if k != "csrf" {
			form[k] = v
		}
	}
	if themes, ok := c.r.PostForm["themes"]; ok {
		form.Set("themes", strings.Join(themes, ","))
	}
	c.r.PostForm = form
	title := "Ghi pano, áp phích, băng rôn mới"
	if it.ID != 0 {
		title = poster.KindName(it.Kind) + ": " + vn.Excerpt(it.Message, 60)
	}
	return c.renderForm("poster", title, d, ce)
}

// posterSave creates or changes an item.
func (s *Server) posterSave(c *request) error {
	ctx := c.r.Context()
	it := &poster.Item{Status: poster.Planned}
	if c.r.PathValue("id") != "" {
		var err error
		if it, err = s.posterOf(c); err != nil {
			return err
		}
	}
	in, err := posterInput(c)
	if err == nil {
		var names *planNames
		if names, err = s.planNames(ctx, c.ward.ID); err == nil {
			var saved *poster.Item
			if saved, err = poster.Save(ctx, s.DB, s.Files, c.user, c.actor(), it.ID, in, names.themes, time.Now()); err == nil {
				return c.redirect("/quan-ly/pano/"+itoa64(saved.ID), "Đã lưu "+strings.ToLower(poster.KindName(saved.Kind))+".")
			}
		}
	}
	var ce check.Errors
	if errors.As(err, &ce) {
		return s.posterFail(c, it, ce)
	}
	return err
}

func (s *Server) posterAct(c *request, step func(ctx context.Context, it *poster.Item) (string, error)) error {
	it, err := s.posterOf(c)
	if err != nil {
		return err
	}
	msg, err := step(c.r.Context(), it)
	var ce check.Errors
	if errors.As(err, &ce) {
		return s.posterFail(c, it, ce)
	} else if err != nil {
		return err
	}
	return c.redirect("/quan-ly/pano/"+itoa64(it.ID), msg)
}

func (s *Server) posterPutUp(c *request) error {
	return s.posterAct(c, func(ctx context.Context, it *poster.Item) (string, error) {
		up, err := poster.PutUp(ctx, s.DB, c.user, c.actor(), it.ID, c.r.PostFormValue("put_up_day"), time.Now())
		if err != nil {
			var ce check.Errors
			if errors.As(err, &ce) { // the form's field is put_up_day
				return "", check.Errors{"put_up_day": ce["put_up_on"]}
			}
			return "", err
		}
		if up.ActivityID == 0 {
			return "Đã ghi nhận treo, dựng. Sản phẩm chưa được tính vào kết quả thực hiện kế hoạch: ngày treo không thuộc kế hoạch nào có hình thức trực quan, hoặc báo cáo kỳ đó của đơn vị đã được chấp nhận.", nil
		}
		return "Đã ghi nhận treo, dựng và tính vào kết quả tuyên truyền trực quan của kế hoạch.", nil
	})
}

func (s *Server) posterTakeDown(c *request) error {
	return s.posterAct(c, func(ctx context.Context, it *poster.Item) (string, error) {
		_, err := poster.TakeDown(ctx, s.DB, c.user, c.actor(), it.ID, c.r.PostFormValue("taken_down_on"), time.Now())
		return "Đã ghi nhận tháo " + strings.ToLower(poster.KindName(it.Kind)) + ".", err
	})
}

// posterQR draws an item's QR code: SVG, or PNG at a printed width (?cm=).
func (s *Server) posterQR(c *request) error {
	it, err := s.posterOf(c)
	if err != nil {
		return err
	}
	link := s.baseURL(c.r) + it.ShortPath()
	h := c.w.Header()
	h.Set("Cache-Control", "private, max-age=3600")
	if strings.HasSuffix(c.r.URL.Path, ".svg") {
		svg, err := poster.QRSVG(link)
		if err != nil {
			return err
		}
		h.Set("Content-Type", "image/svg+xml")
		h.Set("Content-Disposition", `inline; filename="qr-`+it.Code+`.svg"`)
		_, err = c.w.Write(svg)
		return err
	}
	cm, _ := strconv.Atoi(c.r.URL.Query().Get("cm"))
	if !slices.Contains(poster.PrintSizes, cm) {
		cm = 5
	}
	png, err := poster.QRPNG(link, cm)
	if err != nil {
		return err
	}
	h.Set("Content-Type", "image/png")
	h.Set("Content-Disposition", `inline; filename="qr-`+it.Code+`-`+strconv.Itoa(cm)+`cm.png"`)
	_, err = c.w.Write(png)
	return err
}

func (s *Server) posterPhoto(c *request) error {
	return s.recordPhoto(c, func(ctx context.Context, id, photo int64) (string, string, error) {
		ph, err := poster.PhotoFor(ctx, s.DB, c.user, id, photo)
		if err != nil {
			return "", "", err
		}
		return ph.Key, ph.ContentType, nil
	})
}

// recordPhoto serves, to officials only, the photo {photo} of the record
// {id} that find names by its stored key and content type.
func (s *Server) recordPhoto(c *request, find func(ctx context.Context, id, photo int64) (key, contentType string, err error)) error {
	id, err := c.id("id")
	if err != nil {
		return err
	}
	photo, err := c.id("photo")
	if err != nil {
		return err
	}
	key, ct, err := find(c.r.Context(), id, photo)
	if err != nil {
		return err
	}
	return s.serveStored(c, key, ct, "", "private, max-age=3600")
}

// posterLabels is the A4 sheet of QR labels for the items of the list's
// filter (those not taken down when it names no status).
func (s *Server) posterLabels(c *request) error {
	f, _ := posterFilter(c)
	its, err := poster.List(c.r.Context(), s.DB, c.ward.ID, f)
	if err != nil {
		return err
	}
	if f.Status == "" {
		its = slices.DeleteFunc(its, func(it *poster.Item) bool { return it.Status == poster.Down })
	}
	var b bytes.Buffer
	if err := poster.Labels(&b, its, s.baseURL(c.r), c.ward.Name, time.Now()); err != nil {
		return err
	}
	c.w.Header().Set("Content-Disposition", `inline; filename="nhan-qr-pano.pdf"`)
	h := c.w.Header()
	h.Set("Content-Type", "application/pdf")
	h.Set("Cache-Control", "private, no-store")
	_, err = c.w.Write(b.Bytes())
	return err
}

// posterScan is where an item's QR code leads: it counts a person's scan
// (robots, previews and prefetches not; one per device per half hour,
// known by a hash that is never stored beside the count) and sends them on.
func (s *Server) posterScan(c *request) error {
	ctx := c.r.Context()
	it, err := poster.ByCode(ctx, s.DB, c.ward.ID, c.r.PathValue("code"))
	if err != nil {
		return err
	}
	purpose := c.r.Header.Get("Sec-Purpose") + " " + c.r.Header.Get("Purpose") + " " + c.r.Header.Get("X-Moz")
	if poster.Reader(c.r.Method, c.r.UserAgent(), purpose) {
		sum := sha256.Sum256([]byte(s.clientIP(c.r) + "\x00" + c.r.UserAgent()))
		ok, _, err := s.scanLim.Allow(ctx, c.ward.Code+"/"+it.Code+"/"+hex.EncodeToString(sum[:12]))
		if err != nil {
			return err
		}
		if ok {
			if err := poster.CountScan(ctx, s.DB, it, time.Now()); err != nil {
				return err
			}
		}
	}
	c.w.Header().Set("Cache-Control", "no-store")
	c.w.Header().Set("X-Robots-Tag", "noindex")
	http.Redirect(c.w, c.r, it.Path(), http.StatusFound)
	return nil
}

type apiPoster struct {
	ID          int64    `json:"id"`
	Kind        string   `json:"kind"`
	KindName    string   `json:"kind_name"`
	Message     string   `json:"message"`
	Themes      []string `json:"themes"`
	KhuPho      string   `json:"khu_pho"`
	PlaceKind   string   `json:"place_kind"`
	PlaceName   string   `json:"place_kind_name"`
	Status      string   `json:"status"`
	PutUpOn     string   `json:"put_up_on"`
	TakeDownOn  string   `json:"take_down_on"`
	TakenDownOn string   `json:"taken_down_on,omitempty"`
	Scans       int      `json:"scans"`
	Link        string   `json:"link"`
}

// apiPosters is the open data of the visual channel: what stands or stood
// where, with its scans; never costs or who keeps it.
func (s *Server) apiPosters(c *request) error {
	its, err := poster.Public(c.r.Context(), s.DB, c.ward.ID)
	if err != nil {
		return err
	}
	out := struct {
		Ward  string      `json:"ward"`
		Items []apiPoster `json:"items"`
	}{Ward: c.ward.Code, Items: []apiPoster{}}
	for _, it := range its {
		themes := it.Themes
		if themes == nil {
			themes = []string{}
		}
		out.Items = append(out.Items, apiPoster{ID: it.ID, Kind: it.Kind, KindName: poster.KindName(it.Kind), Message: it.Message, Themes: themes,
			KhuPho: it.KhuPhoName, PlaceKind: it.PlaceKind, PlaceName: poster.PlaceKindName(it.PlaceKind), Status: it.Status, PutUpOn: it.PutUpOn,
			TakeDownOn: it.TakeDownOn, TakenDownOn: it.TakenDownOn, Scans: it.Scans, Link: s.baseURL(c.r) + it.ShortPath()})
	}
	return c.json(http.StatusOK, out)
}
