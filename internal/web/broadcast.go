package web

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/cchc-vn/cchc/internal/account"
	"github.com/cchc-vn/cchc/internal/broadcast"
	"github.com/cchc-vn/cchc/internal/check"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/filestore"
	"github.com/cchc-vn/cchc/internal/media"
	"github.com/cchc-vn/cchc/internal/news"
	"github.com/cchc-vn/cchc/internal/vn"
	"github.com/cchc-vn/cchc/internal/ward"
)

// Loudspeaker bulletins: the officials' list and form, the khu phố head's
// playlist of the day, the speaker box's endpoints, and the public page,
// feed and API.

type bulletinsData struct {
	Waiting []*broadcast.Bulletin // what the official acts on next
	All     []*broadcast.Bulletin
	Names   *planNames
	Words   string
	CanEdit bool
	Slots   string
}

func (s *Server) bulletins(c *request) error {
	ctx := c.r.Context()
	all, err := broadcast.List(ctx, s.DB, c.ward.ID, "")
	if err != nil {
		return err
	}
	names, err := s.planNames(ctx, c.ward.ID)
	if err != nil {
		return err
	}
	words, err := broadcast.Words(ctx, s.DB, c.ward.ID)
	if err != nil {
		return err
	}
	usual, _, err := broadcast.Slots(ctx, s.DB, c.ward.ID)
	if err != nil {
		return err
	}
	d := &bulletinsData{Names: names, Words: broadcast.WordsText(words), CanEdit: broadcast.CanReview(c.user), Slots: strings.Join(usual, ", ")}
	for _, b := range all {
		if b.Status == broadcast.Review && broadcast.CanReview(c.user) || b.Status == broadcast.Approval && broadcast.CanApprove(c.user) ||
			b.Status == broadcast.Review && b.Priority == broadcast.Emergency && broadcast.CanApprove(c.user) ||
			b.Status == broadcast.Draft && b.Note != "" && broadcast.CanEdit(c.user, b) {
			d.Waiting = append(d.Waiting, b)
		} else {
			d.All = append(d.All, b)
		}
	}
	return c.renderPage(http.StatusOK, "bulletins", &page{Title: "Bản tin phát thanh", Data: d, Form: url.Values{"words": {d.Words}, "times": {d.Slots}}})
}

type bulletinData struct {
	Bulletin  *broadcast.Bulletin
	Names     *planNames
	Templates []broadcast.Template
	Reading   string
	CanEdit   bool
	CanCheck  bool
	CanDecide bool
	CanStop   bool
	Engine    bool // a text-to-speech engine is configured
}

func bulletinForm(b *broadcast.Bulletin, units []*ward.Unit) url.Values {
	f := url.Values{"title": {b.Title}, "body": {b.Body}, "themes": {strings.Join(b.Themes, ",")}, "priority": {b.Priority}, "starts_on": {vn.ISODate(b.StartsOn)},
		"ends_on": {vn.ISODate(b.EndsOn)}, "repeats": {strconv.Itoa(b.Repeats)}, "article": {itoa64(b.ArticleID)}, "target": {"all"},
		"khu_pho": {broadcast.KhuPhoSpec(b.KhuPho, units)}, "speed": {"1"}}
	if !b.AllKhuPho {
		f.Set("target", "list")
	}
	return f
}

func (s *Server) bulletinData(ctx context.Context, c *request, b *broadcast.Bulletin) (*bulletinData, error) {
	names, err := s.planNames(ctx, c.ward.ID)
	if err != nil {
		return nil, err
	}
	d := &bulletinData{Bulletin: b, Names: names, Templates: broadcast.Templates, CanEdit: b.ID == 0 && broadcast.CanWrite(c.user) || b.ID != 0 && broadcast.CanEdit(c.user, b),
		CanCheck: b.Status == broadcast.Review && broadcast.CanReview(c.user), CanStop: b.Status == broadcast.Approved && (broadcast.CanReview(c.user) || broadcast.CanApprove(c.user)),
		CanDecide: broadcast.CanApprove(c.user) && (b.Status == broadcast.Approval || b.Status == broadcast.Review && b.Priority == broadcast.Emergency)}
	if _, ok := s.Speech.(interface{ Available() bool }); !ok || s.Speech.(interface{ Available() bool }).Available() {
		d.Engine = true
	}
	if b.ID != 0 {
		if d.Reading, err = broadcast.Reading(ctx, s.DB, b); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// bulletinNew is the form for a new bulletin: blank, from a template
// (?mau=) or from an article (?bai=), whose text is adapted for listening.
func (s *Server) bulletinNew(c *request) error {
	ctx := c.r.Context()
	today := time.Now().In(vn.Zone)
	b := &broadcast.Bulletin{Priority: broadcast.Normal, AllKhuPho: true, Repeats: 1, Status: broadcast.Draft,
		StartsOn: today.Format(time.DateOnly), EndsOn: today.AddDate(0, 0, 6).Format(time.DateOnly)}
	if t, ok := broadcast.TemplateByCode(c.r.URL.Query().Get("mau")); ok {
		b.Title, b.Body, b.Priority = t.Title, t.Body, t.Priority
	}
	if id, err := strconv.ParseInt(c.r.URL.Query().Get("bai"), 10, 64); err == nil {
		a, err := news.Get(ctx, s.DB, c.ward.ID, id)
		if err != nil {
			return err
		}
		if !a.Public(time.Now()) && !news.CanWrite(c.user) && !news.CanReview(c.user) {
			return db.ErrNotFound // a draft is for the portal's staff
		}
		words, err := broadcast.Words(ctx, s.DB, c.ward.ID)
		if err != nil {
			return err
		}
		b.Title, b.Body, b.Themes, b.ArticleID = a.Title, broadcast.Listenable(a.Body, words), a.ThemeCodes, a.ID
	}
	d, err := s.bulletinData(ctx, c, b)
	if err != nil {
		return err
	}
	return c.renderPage(http.StatusOK, "bulletin", &page{Title: "Bản tin phát thanh mới", Data: d, Form: bulletinForm(b, nil)})
}

func (s *Server) bulletinOf(c *request) (*broadcast.Bulletin, error) {
	id, err := c.id("id")
	if err != nil {
		return nil, err
	}
	return broadcast.Get(c.r.Context(), s.DB, c.ward.ID, id)
}

func (s *Server) bulletinPage(c *request) error {
	ctx := c.r.Context()
	b, err := s.bulletinOf(c)
	if err != nil {
		return err
	}
	d, err := s.bulletinData(ctx, c, b)
	if err != nil {
		return err
	}
	units, err := ward.Units(ctx, s.DB, c.ward.ID)
	if err != nil {
		return err
	}
	return c.renderPage(http.StatusOK, "bulletin", &page{Title: b.Title, Data: d, Form: bulletinForm(b, units)})
}

// bulletinSave creates or changes a draft.
func (s *Server) bulletinSave(c *request) error {
	ctx := c.r.Context()
	b := &broadcast.Bulletin{Status: broadcast.Draft}
	var id int64
	if c.r.PathValue("id") != "" {
		var err error
		if b, err = s.bulletinOf(c); err != nil {
			return err
		}
		id = b.ID
	}
	d, err := s.bulletinData(ctx, c, b)
	if err != nil {
		return err
	}
	saved, dropped, err := broadcast.Save(ctx, s.DB, c.user, c.actor(), id, bulletinInput(c), d.Names.themes, time.Now())
	var ce check.Errors
	if errors.As(err, &ce) {
		return s.bulletinFail(c, b, ce)
	} else if err != nil {
		return err
	}
	msg := "Đã lưu bản tin."
	if dropped != "" {
		msg = "Đã lưu bản tin. Nội dung đã đổi nên âm thanh đọc tự động cũ được bỏ; vui lòng tạo lại âm thanh."
	}
	return c.redirect("/quan-ly/phat-thanh/"+itoa64(saved.ID), msg)
}

// bulletinFail shows the bulletin's page with a message beside a field.
func (s *Server) bulletinFail(c *request, b *broadcast.Bulletin, ce check.Errors) error {
	ctx := c.r.Context()
	d, err := s.bulletinData(ctx, c, b)
	if err != nil {
		return err
	}
	units, err := ward.Units(ctx, s.DB, c.ward.ID)
	if err != nil {
		return err
	}
	form := bulletinForm(b, units)
	for k, v := range c.r.PostForm {
		if k != "csrf" {
			form[k] = v
		}
	}
	if themes, ok := c.r.PostForm["themes"]; ok {
		form.Set("themes", strings.Join(themes, ","))
	}
	c.r.PostForm = form
	return c.renderForm("bulletin", b.Title, d, ce)
}

// bulletinAct runs one step of the workflow on a bulletin and comes back
// to it, or shows its page with the step's message.
func (s *Server) bulletinAct(c *request, step func(ctx context.Context, b *broadcast.Bulletin) (string, error)) error {
	ctx := c.r.Context()
	b, err := s.bulletinOf(c)
	if err != nil {
		return err
	}
	msg, err := step(ctx, b)
	var ce check.Errors
	if errors.As(err, &ce) {
		return s.bulletinFail(c, b, ce)
	} else if err != nil {
		return err
	}
	return c.redirect("/quan-ly/phat-thanh/"+itoa64(b.ID), msg)
}

func (s *Server) bulletinSpeak(c *request) error {
	return s.bulletinAct(c, func(ctx context.Context, b *broadcast.Bulletin) (string, error) {
		speed, err := strconv.ParseFloat(strings.ReplaceAll(c.r.PostFormValue("speed"), ",", "."), 64)
		if err != nil {
			return "", check.Errors{"speed": "Vui lòng chọn tốc độ đọc."}
		}
		_, err = broadcast.Speak(ctx, s.DB, s.Files, s.Speech, c.user, c.actor(), b.ID, speed, time.Now())
		if errors.Is(err, broadcast.ErrNoEngine) {
			return "", check.Errors{"speed": "Máy chủ chưa có bộ đọc tự động (espeak-ng hoặc dịch vụ đọc văn bản). Vui lòng ghi âm hoặc tải tệp âm thanh lên."}
		}
		return "Đã tạo âm thanh đọc tự động. Vui lòng nghe lại trước khi gửi.", err
	})
}

func (s *Server) bulletinAudio(c *request) error {
	return s.bulletinAct(c, func(ctx context.Context, b *broadcast.Bulletin) (string, error) {
		data, err := uploadedFile(c, "audio")
		if err != nil {
			return "", err
		}
		if len(data) == 0 {
			return "", check.Errors{"audio": "Vui lòng ghi âm hoặc chọn tệp âm thanh (" + media.AudioTypes + ")."}
		}
		source := broadcast.SourceUpload
		if c.r.PostFormValue("source") == broadcast.SourceRecording {
			source = broadcast.SourceRecording
		}
		return "Đã lưu âm thanh của bản tin.", broadcast.SetAudio(ctx, s.DB, s.Files, c.user, c.actor(), b.ID, data, source, time.Now())
	})
}

func (s *Server) bulletinSubmit(c *request) error {
	return s.bulletinAct(c, func(ctx context.Context, b *broadcast.Bulletin) (string, error) {
		return "Đã gửi bản tin để bộ phận chủ trì thẩm định.", broadcast.Submit(ctx, s.DB, c.user, c.actor(), b.ID, time.Now())
	})
}

func (s *Server) bulletinCheck(c *request) error {
	return s.bulletinAct(c, func(ctx context.Context, b *broadcast.Bulletin) (string, error) {
		pass := c.r.PostFormValue("decision") == "pass"
		msg := "Đã chuyển bản tin để lãnh đạo phê duyệt."
		if !pass {
			msg = "Đã trả lại bản tin cho người soạn."
		}
		return msg, broadcast.Check(ctx, s.DB, c.user, c.actor(), b.ID, pass, c.r.PostFormValue("note"), time.Now())
	})
}

func (s *Server) bulletinApprove(c *request) error {
	return s.bulletinAct(c, func(ctx context.Context, b *broadcast.Bulletin) (string, error) {
		approve := c.r.PostFormValue("decision") == "approve"
		msg := "Đã phê duyệt bản tin; bản tin có trong danh sách phát của các khu phố."
		if !approve {
			msg = "Đã trả lại bản tin cho người soạn."
		}
		return msg, broadcast.Approve(ctx, s.DB, c.user, c.actor(), b.ID, approve, c.r.PostFormValue("note"), time.Now())
	})
}

func (s *Server) bulletinStop(c *request) error {
	return s.bulletinAct(c, func(ctx context.Context, b *broadcast.Bulletin) (string, error) {
		return "Đã ngừng phát bản tin.", broadcast.Stop(ctx, s.DB, c.user, c.actor(), b.ID, time.Now())
	})
}

// bulletinFile serves a bulletin's audio: to officials always, to the
// public once it is approved.
func (s *Server) bulletinFile(c *request) error {
	b, err := s.bulletinOf(c)
	if err != nil {
		return err
	}
	if c.user == nil && !b.Public() || b.AudioKey == "" {
		return db.ErrNotFound
	}
	return s.serveAudio(c, b)
}

func (s *Server) serveAudio(c *request, b *broadcast.Bulletin) error {
	rc, info, err := s.Files.Get(c.r.Context(), b.AudioKey)
	if errors.Is(err, filestore.ErrNotFound) {
		return db.ErrNotFound
	}
	if err != nil {
		return err
	}
	defer rc.Close()
	data, err := io.ReadAll(rc)
	if err != nil {
		return err
	}
	c.w.Header().Set("Content-Type", b.AudioType)
	c.w.Header().Set("Cache-Control", "private, max-age=3600")
	http.ServeContent(c.w, c.r, "", info.ModTime, strings.NewReader(string(data)))
	return nil
}

func (s *Server) bulletinWords(c *request) error {
	err := broadcast.SaveWords(c.r.Context(), s.DB, c.user, c.actor(), c.r.PostFormValue("words"))
	var ce check.Errors
	if errors.As(err, &ce) {
		return s.bulletinsForm(c, ce)
	} else if err != nil {
		return err
	}
	return c.redirect("/quan-ly/phat-thanh", "Đã lưu từ điển đọc bản tin.")
}

func (s *Server) bulletinsForm(c *request, ce check.Errors) error {
	ctx := c.r.Context()
	all, err := broadcast.List(ctx, s.DB, c.ward.ID, "")
	if err != nil {
		return err
	}
	names, err := s.planNames(ctx, c.ward.ID)
	if err != nil {
		return err
	}
	return c.renderForm("bulletins", "Bản tin phát thanh", &bulletinsData{All: all, Names: names, CanEdit: broadcast.CanReview(c.user)}, ce)
}

// The khu phố's day: its playlist with players and "Đã phát" buttons, its
// slots and its speaker box's addresses.

type playlistData struct {
	Playlist *broadcast.Playlist
	KhuPho   []*ward.Unit // for the lead unit to choose
	Day      string       // dd/mm/yyyy
	Today    bool
	Token    string // just made: shown once
	Since    time.Time
	Origin   string
	Slots    string
}

func (s *Server) playlistPage(c *request, token string, ce check.Errors) error {
	ctx := c.r.Context()
	units, err := ward.Units(ctx, s.DB, c.ward.ID)
	if err != nil {
		return err
	}
	d := &playlistData{Token: token, Origin: s.baseURL(c.r)}
	for _, u := range units {
		if u.Kind == ward.KindKhuPho {
			d.KhuPho = append(d.KhuPho, u)
		}
	}
	unit := c.user.UnitID
	if v := c.r.FormValue("kp"); v != "" {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil {
			unit = id
		}
	}
	if unit == 0 && len(d.KhuPho) > 0 {
		unit = d.KhuPho[0].ID
	}
	if !broadcast.CanPlay(c.user, unit) {
		if len(d.KhuPho) == 0 || c.user.Is(account.RoleKhuPhoHead) {
			return broadcast.ErrForbidden
		}
		unit = d.KhuPho[0].ID
	}
	today := time.Now().In(vn.Zone).Format(time.DateOnly)
	day := today
	if v := c.r.FormValue("ngay"); v != "" {
		t, err := vn.ParseDate(v)
		if err != nil {
			ce = check.Errors{"ngay": "Ngày phải có dạng ngày/tháng/năm."}
		} else {
			day = t.Format(time.DateOnly)
		}
	}
	if d.Playlist, err = broadcast.PlaylistFor(ctx, s.DB, c.ward.ID, unit, day); err != nil {
		return err
	}
	slots, err := broadcast.SlotsFor(ctx, s.DB, c.ward.ID, unit)
	if err != nil {
		return err
	}
	d.Day, d.Today, d.Slots = vn.ISODate(day), day == today, strings.Join(slots, ", ")
	if d.Since, err = broadcast.TokenSince(ctx, s.DB, c.ward.ID, unit); err != nil {
		return err
	}
	p := &page{Title: "Phát thanh hôm nay – " + d.Playlist.Unit.Name, Data: d, Form: url.Values{"ngay": {d.Day}, "times": {d.Slots}}, Errors: ce}
	status := http.StatusOK
	if len(ce) > 0 {
		status = c.invalidStatus()
	}
	return c.renderPage(status, "playlist", p)
}

func (s *Server) playlist(c *request) error { return s.playlistPage(c, "", nil) }

func postedID(c *request, name string) int64 {
	id, _ := strconv.ParseInt(c.r.PostFormValue(name), 10, 64)
	return id
}

// postedKhuPho is the khu phố a form names; a head's own when it names none.
func postedKhuPho(c *request) int64 {
	if id := postedID(c, "kp"); id != 0 || !c.user.Is(account.RoleKhuPhoHead) {
		return id
	}
	return c.user.UnitID
}

// playConfirm is the "Đã phát" button.
func (s *Server) playConfirm(c *request) error {
	unit := postedKhuPho(c)
	if !broadcast.CanPlay(c.user, unit) {
		return broadcast.ErrForbidden
	}
	day := ""
	if v := c.r.PostFormValue("ngay"); v != "" {
		if t, err := vn.ParseDate(v); err == nil {
			day = t.Format(time.DateOnly)
		}
	}
	_, err := broadcast.Confirm(c.r.Context(), s.DB, c.actor(), c.ward.ID, broadcast.Play{Unit: unit, Bulletin: postedID(c, "bulletin"), Day: day,
		Slot: c.r.PostFormValue("slot"), UserID: c.user.ID}, time.Now())
	var ce check.Errors
	if errors.As(err, &ce) {
		return s.playlistPage(c, "", ce)
	} else if err != nil {
		return err
	}
	return c.redirect("/quan-ly/phat-thanh/hom-nay?kp="+itoa64(unit)+"&ngay="+url.QueryEscape(c.r.PostFormValue("ngay")), "Đã ghi nhận lượt phát. Cảm ơn anh/chị.")
}

func (s *Server) playToken(c *request) error {
	token, err := broadcast.NewToken(c.r.Context(), s.DB, c.user, c.actor(), postedKhuPho(c))
	var ce check.Errors
	if errors.As(err, &ce) {
		return s.playlistPage(c, "", ce)
	} else if err != nil {
		return err
	}
	return s.playlistPage(c, token, nil)
}

func (s *Server) playSlots(c *request) error {
	unit := postedKhuPho(c)
	err := broadcast.SaveSlots(c.r.Context(), s.DB, c.user, c.actor(), unit, c.r.PostFormValue("times"))
	var ce check.Errors
	if errors.As(err, &ce) {
		if unit == 0 {
			return s.bulletinsForm(c, ce)
		}
		return s.playlistPage(c, "", ce)
	} else if err != nil {
		return err
	}
	if unit == 0 {
		return c.redirect("/quan-ly/phat-thanh", "Đã lưu giờ phát của phường.")
	}
	return c.redirect("/quan-ly/phat-thanh/hom-nay?kp="+itoa64(unit), "Đã lưu giờ phát của khu phố.")
}

// The speaker box: its token in the address names its khu phố.

type boxItem struct {
	Bulletin int64    `json:"bulletin_id"`
	Title    string   `json:"title"`
	Priority string   `json:"priority"`
	Audio    string   `json:"audio_url"`
	Seconds  int      `json:"seconds"`
	Repeats  int      `json:"repeats"`
	Themes   []string `json:"themes"`
	Played   bool     `json:"played"`
}

type boxSlot struct {
	Time  string    `json:"time"`
	Items []boxItem `json:"items"`
}

type boxPlaylist struct {
	KhuPho  string    `json:"khu_pho"`
	Day     string    `json:"day"`
	Slots   []boxSlot `json:"slots"`
	Confirm string    `json:"confirm_url"`
}

func (s *Server) boxPlaylist(c *request) (*broadcast.Playlist, error) {
	ctx := c.r.Context()
	unit, err := broadcast.UnitByToken(ctx, s.DB, c.ward.ID, c.r.PathValue("token"))
	if err != nil {
		return nil, err
	}
	day := time.Now().In(vn.Zone).Format(time.DateOnly)
	if v := c.r.URL.Query().Get("ngay"); v != "" {
		t, err := time.Parse(time.DateOnly, v)
		if err != nil {
			return nil, check.Errors{"ngay": "Ngày phải có dạng năm-tháng-ngày, ví dụ 2025-10-08."}
		}
		day = t.Format(time.DateOnly)
	}
	return broadcast.PlaylistFor(ctx, s.DB, c.ward.ID, unit, day)
}

func (s *Server) boxFail(c *request, err error) error {
	var ce check.Errors
	switch {
	case errors.Is(err, broadcast.ErrUnknownToken):
		return c.json(http.StatusNotFound, apiError{"unknown_token", "Mã loa không đúng hoặc đã được thay. Vui lòng lấy địa chỉ mới ở trang Phát thanh hôm nay."})
	case errors.As(err, &ce):
		var msgs []string
		for _, m := range ce {
			msgs = append(msgs, m)
		}
		return c.json(http.StatusUnprocessableEntity, apiError{"invalid", strings.Join(msgs, " ")})
	}
	return err
}

func (s *Server) audioURL(c *request, b *broadcast.Bulletin) string {
	return s.baseURL(c.r) + "/phat-thanh/" + itoa64(b.ID) + "/am-thanh"
}

func (s *Server) boxJSON(c *request) error {
	pl, err := s.boxPlaylist(c)
	if err != nil {
		return s.boxFail(c, err)
	}
	out := boxPlaylist{KhuPho: pl.Unit.Name, Day: pl.Day, Slots: []boxSlot{},
		Confirm: s.baseURL(c.r) + "/loa/" + c.r.PathValue("token") + "/da-phat"}
	for _, sl := range pl.Slots {
		bs := boxSlot{Time: sl.Time, Items: []boxItem{}}
		for _, it := range sl.Items {
			b := it.Bulletin
			bs.Items = append(bs.Items, boxItem{Bulletin: b.ID, Title: b.Title, Priority: b.Priority, Audio: s.audioURL(c, b), Seconds: b.Seconds(),
				Repeats: b.Repeats, Themes: b.Themes, Played: !it.PlayedAt.IsZero()})
		}
		out.Slots = append(out.Slots, bs)
	}
	return c.json(http.StatusOK, out)
}

func (s *Server) boxM3U(c *request) error {
	pl, err := s.boxPlaylist(c)
	if err != nil {
		return s.boxFail(c, err)
	}
	var b strings.Builder
	b.WriteString("#EXTM3U\n#PLAYLIST:" + m3uText(pl.Unit.Name+" – "+vn.ISODate(pl.Day)) + "\n")
	for _, sl := range pl.Slots {
		for _, it := range sl.Items {
			for range it.Bulletin.Repeats {
				fmt.Fprintf(&b, "#EXTINF:%d,%s (%s)\n%s\n", it.Bulletin.Seconds(), m3uText(it.Bulletin.Title), sl.Time, s.audioURL(c, it.Bulletin))
			}
		}
	}
	c.w.Header().Set("Content-Type", "audio/x-mpegurl; charset=utf-8")
	c.w.Header().Set("Content-Disposition", `inline; filename="danh-sach-phat.m3u"`)
	_, err = io.WriteString(c.w, b.String())
	return err
}

// m3uText keeps a title on its line.
func m3uText(s string) string {
	return strings.NewReplacer("\n", " ", "\r", " ", ",", " ").Replace(s)
}

// boxConfirm is the box's "Đã phát": bulletin_id, and optionally slot
// (HH:MM) and day (YYYY-MM-DD), as a form or JSON.
func (s *Server) boxConfirm(c *request) error {
	ctx := c.r.Context()
	unit, err := broadcast.UnitByToken(ctx, s.DB, c.ward.ID, c.r.PathValue("token"))
	if err != nil {
		return s.boxFail(c, err)
	}
	id, _ := strconv.ParseInt(c.r.PostFormValue("bulletin_id"), 10, 64)
	day := c.r.PostFormValue("day")
	if day != "" {
		if _, err := time.Parse(time.DateOnly, day); err != nil {
			return s.boxFail(c, check.Errors{"day": "Ngày phải có dạng năm-tháng-ngày."})
		}
	}
	created, err := broadcast.Confirm(ctx, s.DB, c.actor(), c.ward.ID, broadcast.Play{Unit: unit, Bulletin: id, Day: day,
		Slot: c.r.PostFormValue("slot"), Source: "box"}, time.Now())
	if err != nil {
		return s.boxFail(c, err)
	}
	return c.json(http.StatusOK, map[string]any{"recorded": true, "new": created})
}

// The public side: the week's bulletins with transcripts, the podcast
// feed and the API.

type publicBulletinsData struct {
	Bulletins []*broadcast.Bulletin
	Names     *planNames
	From, To  string
}

func (s *Server) weekBulletins(ctx context.Context, wardID int64) ([]*broadcast.Bulletin, string, string, error) {
	now := time.Now().In(vn.Zone)
	from, to := now.AddDate(0, 0, -6).Format(time.DateOnly), now.Format(time.DateOnly)
	bs, err := broadcast.Published(ctx, s.DB, wardID, from, to)
	return bs, from, to, err
}

func (s *Server) publicBulletins(c *request) error {
	ctx := c.r.Context()
	bs, from, to, err := s.weekBulletins(ctx, c.ward.ID)
	if err != nil {
		return err
	}
	names, err := s.planNames(ctx, c.ward.ID)
	if err != nil {
		return err
	}
	return c.render("broadcasts", "Bản tin phát thanh", &publicBulletinsData{Bulletins: bs, Names: names, From: vn.ISODate(from), To: vn.ISODate(to)})
}

type rssEnclosure struct {
	URL    string `xml:"url,attr"`
	Length int64  `xml:"length,attr"`
	Type   string `xml:"type,attr"`
}

type rssItem struct {
	Title       string       `xml:"title"`
	Link        string       `xml:"link"`
	GUID        string       `xml:"guid"`
	PubDate     string       `xml:"pubDate"`
	Description string       `xml:"description"`
	Enclosure   rssEnclosure `xml:"enclosure"`
	Duration    int          `xml:"http://www.itunes.com/dtds/podcast-1.0.dtd duration"`
}

type rssFeed struct {
	XMLName xml.Name `xml:"rss"`
	Version string   `xml:"version,attr"`
	Channel struct {
		Title       string    `xml:"title"`
		Link        string    `xml:"link"`
		Description string    `xml:"description"`
		Language    string    `xml:"language"`
		Items       []rssItem `xml:"item"`
	} `xml:"channel"`
}

// bulletinsRSS is the podcast: RSS 2.0 with each bulletin that has played
// (the latest 50) and its audio as the enclosure.
func (s *Server) bulletinsRSS(c *request) error {
	ctx := c.r.Context()
	now := time.Now().In(vn.Zone)
	bs, err := broadcast.Published(ctx, s.DB, c.ward.ID, "0001-01-01", now.Format(time.DateOnly))
	if err != nil {
		return err
	}
	bs = bs[:min(len(bs), 50)] // the latest, as podcast feeds do
	origin := s.baseURL(c.r)
	f := rssFeed{Version: "2.0"}
	f.Channel.Title, f.Channel.Link, f.Channel.Language = "Bản tin phát thanh – "+c.ward.FullName, origin+"/phat-thanh", "vi"
	f.Channel.Description = "Các bản tin phát trên loa của các khu phố, kèm lời đọc."
	for _, b := range bs {
		f.Channel.Items = append(f.Channel.Items, rssItem{Title: b.Title, Link: origin + "/phat-thanh#ban-tin-" + itoa64(b.ID), GUID: origin + "/phat-thanh/" + itoa64(b.ID),
			PubDate: b.ApprovedAt.Format(time.RFC1123Z), Description: b.Body, Duration: b.Seconds(),
			Enclosure: rssEnclosure{URL: s.audioURL(c, b), Length: audioLength(ctx, s.Files, b.AudioKey), Type: b.AudioType}})
	}
	c.w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
	c.w.Header().Set("Cache-Control", feedCache)
	c.w.Write([]byte(xml.Header))
	enc := xml.NewEncoder(c.w)
	enc.Indent("", " ")
	return enc.Encode(f)
}

func audioLength(ctx context.Context, files filestore.Store, key string) int64 {
	rc, info, err := files.Get(ctx, key)
	if err != nil {
		return 0
	}
	rc.Close()
	return info.Size
}

// publicBulletinFile is a bulletin's audio for residents and boxes.
func (s *Server) publicBulletinFile(c *request) error {
	b, err := s.bulletinOf(c)
	if err != nil {
		return err
	}
	if !b.Public() {
		return db.ErrNotFound
	}
	return s.serveAudio(c, b)
}

type apiBulletin struct {
	ID         int64    `json:"id"`
	Title      string   `json:"title"`
	Date       string   `json:"date"`
	EndsOn     string   `json:"ends_on"`
	Priority   string   `json:"priority"`
	Themes     []string `json:"themes"`
	AllKhuPho  bool     `json:"all_khu_pho"`
	KhuPho     []string `json:"khu_pho"`
	Audio      string   `json:"audio_url"`
	Seconds    int      `json:"seconds"`
	Transcript string   `json:"transcript"`
}

func (s *Server) apiBulletins(c *request) error {
	ctx := c.r.Context()
	bs, _, _, err := s.weekBulletins(ctx, c.ward.ID)
	if err != nil {
		return err
	}
	units, err := ward.Units(ctx, s.DB, c.ward.ID)
	if err != nil {
		return err
	}
	names := map[int64]string{}
	for _, u := range units {
		names[u.ID] = u.Name
	}
	out := struct {
		Ward  string        `json:"ward"`
		Items []apiBulletin `json:"items"`
	}{Ward: c.ward.Code, Items: []apiBulletin{}}
	for _, b := range bs {
		a := apiBulletin{ID: b.ID, Title: b.Title, Date: b.StartsOn, EndsOn: b.EndsOn, Priority: b.Priority, Themes: b.Themes, AllKhuPho: b.AllKhuPho,
			KhuPho: []string{}, Audio: s.audioURL(c, b), Seconds: b.Seconds(), Transcript: b.Body}
		for _, id := range b.KhuPho {
			a.KhuPho = append(a.KhuPho, names[id])
		}
		out.Items = append(out.Items, a)
	}
	return c.json(http.StatusOK, out)
}
