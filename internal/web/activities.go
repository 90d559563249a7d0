package web

import (
	"bytes"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/cchc-vn/cchc/internal/activity"
	"github.com/cchc-vn/cchc/internal/broadcast"
	"github.com/cchc-vn/cchc/internal/check"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/media"
	"github.com/cchc-vn/cchc/internal/plan"
	"github.com/cchc-vn/cchc/internal/vn"
	"github.com/cchc-vn/cchc/internal/ward"
)

const maxActivityUpload = 10*media.MaxSize + 1<<20

type activityFormData struct {
	Editing  *activity.Activity // nil for a new record
	Plan     *plan.Plan
	Units    []*ward.Unit // units the official may record for
	KhuPho   []*ward.Unit
	QtyUnits []string
	Themes   map[string]bool // selected, when the form comes back
	// DayOutside says the default day is not today: BeforePlan or AfterPlan.
	DayOutside int
}

func (s *Server) activityFormData(c *request) (*activityFormData, error) {
	ctx := c.r.Context()
	p, err := plan.Current(ctx, s.DB, c.ward.ID)
	if err != nil {
		return nil, err
	}
	us, err := ward.Units(ctx, s.DB, c.ward.ID)
	if err != nil {
		return nil, err
	}
	d := &activityFormData{Plan: p, QtyUnits: activity.QuantityUnits, Themes: map[string]bool{}}
	for _, u := range us {
		if activity.CanRecordFor(c.user, u.ID) {
			d.Units = append(d.Units, u)
		}
		if u.Kind == ward.KindKhuPho {
			d.KhuPho = append(d.KhuPho, u)
		}
	}
	if c.r.PostForm != nil {
		for _, t := range c.r.PostForm["themes"] {
			d.Themes[t] = true
		}
	}
	return d, nil
}

func (s *Server) activityForm(c *request) error {
	d, err := s.activityFormData(c)
	if err != nil {
		return err
	}
	day, when := d.Plan.RecordingDay(time.Now())
	d.DayOutside = when
	form := map[string][]string{"held_on": {vn.ISODate(day)}, "quantity": {"1"},
		"unit_id": {strconv.FormatInt(c.user.UnitID, 10)}}
	if c.user.UnitKind == ward.KindKhuPho {
		form["place_unit_id"] = []string{strconv.FormatInt(c.user.UnitID, 10)}
	}
	return c.renderPage(http.StatusOK, "activity_form", &page{Title: "Ghi nhận hoạt động tuyên truyền", Data: d, Form: form})
}

func (s *Server) activityCreate(c *request) error {
	ctx := c.r.Context()
	in, err := activityInput(c)
	var a *activity.Activity
	if err == nil {
		a, err = activity.Record(ctx, s.DB, s.Files, c.user, c.actor(), in, time.Now())
	}
	var ce check.Errors
	if errors.As(err, &ce) {
		d, derr := s.activityFormData(c)
		if derr != nil {
			return derr
		}
		return c.renderForm("activity_form", "Ghi nhận hoạt động tuyên truyền", d, ce)
	}
	if err != nil {
		return err
	}
	return c.redirect("/quan-ly/hoat-dong/"+strconv.FormatInt(a.ID, 10), "Đã ghi nhận hoạt động. Cảm ơn anh/chị.")
}

type activitiesData struct {
	Items    []*activity.Activity
	Units    []*ward.Unit
	Plan     *plan.Plan
	Filter   activity.Filter
	OwnOnly  bool
	People   int
	Cost     int64
	CanWrite bool
}

func (s *Server) activities(c *request) error {
	ctx := c.r.Context()
	q := c.r.URL.Query()
	unit, _ := strconv.ParseInt(q.Get("don-vi"), 10, 64)
	f := activity.Filter{UnitID: unit, Channel: q.Get("hinh-thuc"), Limit: 200}
	f.Month, _ = parseMonth(q.Get("thang"))
	d := activitiesData{OwnOnly: c.user.OwnUnitOnly(), CanWrite: activity.CanRecord(c.user), Filter: f}
	if d.OwnOnly {
		d.Filter.UnitID = c.user.UnitID
	}
	items, err := activity.ListFor(ctx, s.DB, c.user, f)
	if err != nil {
		return err
	}
	d.Items = items
	for _, a := range items {
		d.People += a.People
		d.Cost += a.Cost
	}
	if d.Units, err = ward.Units(ctx, s.DB, c.ward.ID); err != nil {
		return err
	}
	if p, err := plan.Current(ctx, s.DB, c.ward.ID); err == nil {
		d.Plan = p
	}
	return c.render("activities", "Hoạt động tuyên truyền", d)
}

func (s *Server) activityPage(c *request) error {
	id, err := c.id("id")
	if err != nil {
		return err
	}
	a, err := activity.GetFor(c.r.Context(), s.DB, c.user, id)
	if err != nil {
		return err
	}
	p, err := plan.Get(c.r.Context(), s.DB, c.ward.ID, a.PlanID)
	if err != nil {
		return err
	}
	return c.render("activity", "Hoạt động ngày "+vn.ISODate(a.HeldOn), struct {
		Activity *activity.Activity
		Themes   []string // the themes' titles, in the activity's order
		CanEdit  bool
	}{a, p.ThemeTitles(a.Themes), activity.CanRecordFor(c.user, a.UnitID)})
}

func (s *Server) activityEditForm(c *request) error {
	id, err := c.id("id")
	if err != nil {
		return err
	}
	a, _, err := activity.Editable(c.r.Context(), s.DB, c.user, id)
	if err != nil {
		return err
	}
	d, err := s.activityFormData(c)
	if err != nil {
		return err
	}
	d.Editing = a
	for _, t := range a.Themes {
		d.Themes[t] = true
	}
	form := url.Values{"unit_id": {itoa64(a.UnitID)}, "held_on": {vn.ISODate(a.HeldOn)}, "channel": {a.ChannelCode}, "quantity": {strconv.Itoa(a.Quantity)},
		"quantity_unit": {a.QuantityUnit}, "people": {strconv.Itoa(a.People)}, "cost": {itoa64(a.Cost)}, "description": {a.Description}, "link": {a.Link}}
	if a.TaskID != 0 {
		form.Set("task_id", itoa64(a.TaskID))
	}
	if a.PlaceUnitID != 0 {
		form.Set("place_unit_id", itoa64(a.PlaceUnitID))
	} else {
		form.Set("place_name", a.PlaceName)
	}
	return c.renderPage(http.StatusOK, "activity_form", &page{Title: "Sửa hoạt động tuyên truyền", Data: d, Form: form})
}

func (s *Server) activityEdit(c *request) error {
	ctx := c.r.Context()
	id, err := c.id("id")
	if err != nil {
		return err
	}
	var remove []int64
	for _, v := range c.r.PostForm["remove_evidence"] {
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			remove = append(remove, n)
		}
	}
	in, err := activityInput(c)
	if err == nil {
		err = activity.Update(ctx, s.DB, s.Files, c.user, c.actor(), id, in, remove, time.Now())
	}
	var ce check.Errors
	if errors.As(err, &ce) {
		d, derr := s.activityFormData(c)
		if derr != nil {
			return derr
		}
		if d.Editing, err = activity.Get(ctx, s.DB, c.ward.ID, id); err != nil {
			return err
		}
		return c.renderForm("activity_form", "Sửa hoạt động tuyên truyền", d, ce)
	}
	if err != nil {
		return err
	}
	return c.redirect("/quan-ly/hoat-dong/"+itoa64(id), "Đã lưu thay đổi.")
}

func (s *Server) activityDelete(c *request) error {
	id, err := c.id("id")
	if err != nil {
		return err
	}
	if err := activity.Delete(c.r.Context(), s.DB, s.Files, c.user, c.actor(), id); err != nil {
		return err
	}
	return c.redirect("/quan-ly/hoat-dong", "Đã xóa hoạt động.")
}

type importData struct {
	Plan   *plan.Plan
	Errors activity.ImportErrors
}

func (s *Server) importForm(c *request) error {
	p, err := plan.Current(c.r.Context(), s.DB, c.ward.ID)
	if err != nil {
		return err
	}
	return c.render("activity_import", "Nhập hoạt động từ tệp Excel", &importData{Plan: p})
}

// recordableUnits are the units the official may record for, and the khu phố.
func (s *Server) recordableUnits(c *request) (mine, khuPho []*ward.Unit, err error) {
	us, err := ward.Units(c.r.Context(), s.DB, c.ward.ID)
	if err != nil {
		return nil, nil, err
	}
	for _, u := range us {
		if activity.CanRecordFor(c.user, u.ID) {
			mine = append(mine, u)
		}
		if u.Kind == ward.KindKhuPho {
			khuPho = append(khuPho, u)
		}
	}
	return mine, khuPho, nil
}

func (s *Server) importTemplate(c *request) error {
	p, err := plan.Current(c.r.Context(), s.DB, c.ward.ID)
	if err != nil {
		return err
	}
	mine, kps, err := s.recordableUnits(c)
	if err != nil {
		return err
	}
	var b bytes.Buffer
	if err := activity.WriteTemplate(&b, p, mine, kps); err != nil {
		return err
	}
	return c.download(&b, "mau-nhap-hoat-dong.xlsx", xlsxType)
}

func (s *Server) importUpload(c *request) error {
	ctx := c.r.Context()
	p, err := plan.Current(ctx, s.DB, c.ward.ID)
	if err != nil {
		return err
	}
	d := &importData{Plan: p}
	fail := func(msg string) error {
		return c.renderForm("activity_import", "Nhập hoạt động từ tệp Excel", d, check.Errors{"file": msg})
	}
	data, err := uploadedFile(c, "file")
	var ce check.Errors
	switch {
	case errors.As(err, &ce):
		return c.renderForm("activity_import", "Nhập hoạt động từ tệp Excel", d, ce)
	case len(data) == 0:
		return fail("Vui lòng chọn tệp Excel (.xlsx) theo mẫu.")
	case len(data) > maxUpload:
		return fail("Tệp quá lớn (tối đa 10 MB).")
	}
	n, err := activity.ImportFile(ctx, s.DB, c.user, c.actor(), data, time.Now())
	var ie activity.ImportErrors
	switch {
	case errors.As(err, &ce):
		return c.renderForm("activity_import", "Nhập hoạt động từ tệp Excel", d, ce)
	case errors.As(err, &ie):
		d.Errors = ie
		return c.renderForm("activity_import", "Nhập hoạt động từ tệp Excel", d, check.Errors{"file": "Tệp có " + strconv.Itoa(len(ie)) + " dòng lỗi; chưa ghi dòng nào. Vui lòng sửa rồi tải lên lại."})
	case err != nil:
		return err
	}
	return c.redirect("/quan-ly/hoat-dong", "Đã nhập "+vn.Number(int64(n))+" hoạt động từ tệp Excel.")
}

// evidence serves a stored photo or PDF to officials who may see the activity.
func (s *Server) evidence(c *request) error {
	id, err := c.id("id")
	if err != nil {
		return err
	}
	ev, err := activity.EvidenceFor(c.r.Context(), s.DB, c.user, id)
	if err != nil {
		return err
	}
	disposition := "" // photos show inline
	if ev.ContentType == "application/pdf" {
		disposition = `attachment; filename="minh-chung-` + strconv.FormatInt(ev.ID, 10) + `.pdf"`
	}
	return s.serveStored(c, ev.Key, ev.ContentType, disposition, "private, max-age=3600")
}

type coverageData struct {
	Month                   string
	Plan                    *plan.Plan
	Rows                    []*activity.CoverageRow
	Silent                  int // khu phố that heard nothing in the month
	Channels                []*plan.Channel
	Missed                  map[int64]int // loudspeaker slots missed, by khu phố
	MissedAll, MissedKhuPho int
}

// coverage shows the 59 khu phố against the plan's channels for a month, so
// that a neighbourhood that heard nothing stands out.
func (s *Server) coverage(c *request) error {
	ctx := c.r.Context()
	month, ok := parseMonth(c.r.URL.Query().Get("thang"))
	if !ok {
		month = time.Now().In(vn.Zone).Format("2006-01")
	}
	d := coverageData{}
	if p, err := plan.Current(ctx, s.DB, c.ward.ID); err == nil {
		d.Plan, d.Channels = p, p.Channels
		if !ok {
			month = p.OpeningMonth(time.Now())
		}
	} else if !errors.Is(err, db.ErrNotFound) {
		return err
	}
	d.Month = month
	rows, err := activity.Coverage(ctx, s.DB, c.ward.ID, month)
	if err != nil {
		return err
	}
	d.Rows = rows
	for _, r := range rows {
		if r.Total == 0 {
			d.Silent++
		}
	}
	if d.Missed, err = broadcast.Missed(ctx, s.DB, c.ward.ID, month, time.Now()); err != nil {
		return err
	}
	for _, n := range d.Missed {
		d.MissedAll += n
		d.MissedKhuPho++
	}
	return c.render("coverage", "Độ phủ tuyên truyền theo khu phố", d)
}
