package web

import (
	"context"
	"html"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/db/dbtest"
	"github.com/cchc-vn/cchc/internal/demo"
	"github.com/cchc-vn/cchc/internal/plan"
	"github.com/cchc-vn/cchc/internal/vn"
)

// A newcomer to the demonstration sees a ward at work now: the seeded plan
// closed with its final report one tap away, the half-years after it copied
// from it through the copy feature, and the one holding today in force with
// work recorded up to today and none after.
func TestDemoIsAWardAtWorkNow(t *testing.T) {
	e := newEnvOf(t, dbtest.Open(t, db.SQLite), demo.Full)
	ctx := context.Background()
	today := time.Now().In(vn.Zone).Format(time.DateOnly)
	ps, err := plan.List(ctx, e.d, e.ward.ID)
	if err != nil {
		t.Fatal(err)
	}
	var seeded, current *plan.Plan
	for _, p := range ps {
		switch {
		case p.Number == "88/KH-UBND":
			seeded = p
		case p.PeriodStart <= today && today <= p.PeriodEnd:
			current = p
		}
	}
	if seeded == nil || seeded.Status != plan.StatusClosed {
		t.Fatalf("Plan 88 is not closed: %+v", seeded)
	}
	if current == nil || current.Status != plan.StatusActive || current.CopiedFromID == 0 {
		t.Fatalf("no copied plan in force today: %+v", current)
	}
	cur, err := plan.Current(ctx, e.d, e.ward.ID)
	if err != nil || cur.ID != current.ID {
		t.Fatalf("current plan %v, want %s", err, current.Number)
	}
	for i := 1; i < len(ps); i++ { // newest first, each following the one before
		if ps[i-1].PeriodStart <= ps[i].PeriodEnd || ps[i-1].CopiedFromID != ps[i].ID {
			t.Errorf("plan %s (%s) does not follow %s (%s)", ps[i-1].Number, ps[i-1].PeriodLabel, ps[i].Number, ps[i].PeriodLabel)
		}
	}
	var latest, count string
	if err := e.d.QueryRow(ctx, `select max(held_on), cast(count(*) as text) from activities where plan_id = ?`, current.ID).Scan(&latest, &count); err != nil {
		t.Fatal(err)
	}
	start, _ := time.ParseInLocation(time.DateOnly, current.PeriodStart, vn.Zone)
	if latest > today || (time.Since(start) > 20*24*time.Hour && latest < time.Now().AddDate(0, 0, -7).Format(time.DateOnly)) {
		t.Errorf("the plan in force has %s activities, the latest on %s (today %s)", count, latest, today)
	}
	t.Logf("%d plans; %s in force with %s activities up to %s", len(ps), current.Number, count, latest)

	lead := e.as("vhxh")
	b := body(t, lead.get("/quan-ly/ke-hoach"))
	final := `href="/quan-ly/bao-cao?tu=` + seeded.PeriodStart + `&amp;den=` + seeded.PeriodEnd + `">Báo cáo tổng kết</a>`
	if !strings.Contains(b, final) {
		t.Error("the plans list does not link Plan 88's final report")
	}
	if strings.Contains(body(t, e.as("kp01").get("/quan-ly/ke-hoach")), "Báo cáo tổng kết") {
		t.Error("a khu phố head, who cannot draw up the report, is offered it")
	}
	rep := body(t, lead.get("/quan-ly/bao-cao?tu="+seeded.PeriodStart+"&den="+seeded.PeriodEnd))
	if !strings.Contains(rep, "<p>Kế hoạch 88/KH-UBND (6 tháng cuối năm 2025) · Đã kết thúc</p>") {
		t.Error("the final report of Plan 88 is not read against Plan 88")
	}
	if !strings.Contains(rep, "Kế hoạch "+current.Number+" ("+current.PeriodLabel+")") {
		t.Error("the report page does not offer the plan in force")
	}
	if home := body(t, e.anon().get("/")); !strings.Contains(home, "Kế hoạch số "+current.Number) {
		t.Error("the home page does not show the plan in force")
	}
}

// The demonstration's honour roll shows each exemplar with a picture, said
// to be an illustration, served from the ward's own files.
func TestDemoHonourRollHasPictures(t *testing.T) {
	e := newEnvOf(t, dbtest.Open(t, db.SQLite), demo.Full)
	c := e.anon()
	b := body(t, c.get("/guong-dien-hinh"))
	imgs := regexp.MustCompile(`<img src="([^"]+)"[^>]* alt="Ảnh minh họa: ([^"]+)"`).FindAllStringSubmatch(b, -1)
	if len(imgs) != 2 {
		t.Fatalf("%d pictures on the honour roll, want the demo's 2 exemplars", len(imgs))
	}
	for _, m := range imgs {
		resp := c.get(html.UnescapeString(m[1]))
		data := readAll(t, resp)
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "image/jpeg" || len(data) < 5000 {
			t.Errorf("%s's picture %s: %d %s, %d bytes", m[2], m[1], resp.StatusCode, resp.Header.Get("Content-Type"), len(data))
		}
	}
}
