package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cchc-vn/cchc/internal/activity"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/db/dbtest"
	"github.com/cchc-vn/cchc/internal/plan"
	"github.com/cchc-vn/cchc/internal/report"
	"github.com/cchc-vn/cchc/internal/ward"
)

// BenchmarkScale loads a city's worth of records and measures what the
// officials wait for: the ward dashboard, the city view and a half-year
// report. Figures are latencies over sequential requests through the whole
// HTTP stack, printed as p50/p99.
//
//	CCHC_BENCH_ACTIVITIES=1000000 go test -run XXX -bench Scale -benchtime 200x -timeout 1h ./internal/web/
//	CCHC_BENCH_ENGINE=postgres CCHC_TEST_DATABASE_URL=postgres://… (same command) for PostgreSQL
//
// The default of 100,000 activities keeps a casual run short.
func BenchmarkScale(b *testing.B) {
	total, wards := 100_000, 168
	if v, err := strconv.Atoi(os.Getenv("CCHC_BENCH_ACTIVITIES")); err == nil && v > 0 {
		total = v
	}
	engine := db.SQLite
	if os.Getenv("CCHC_BENCH_ENGINE") == "postgres" {
		engine = db.Postgres
	}
	d := dbtest.Open(b, engine)
	e := newEnv(b, d)
	start := time.Now()
	n := loadCity(b, d, e, total, wards)
	b.Logf("%s: loaded %d activities across %d wards in %s", engine, n, wards, time.Since(start).Round(time.Second))

	lead, leader := e.as("vhxh"), e.as("lanhdao")
	measure := func(b *testing.B, c *client, path, want string) {
		var took []time.Duration
		for i := 0; i < b.N; i++ {
			t0 := time.Now()
			resp := c.get(path)
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			took = append(took, time.Since(t0))
			if resp.StatusCode != http.StatusOK || !bytes.Contains(body, []byte(want)) {
				b.Fatalf("%s: %d", path, resp.StatusCode)
			}
		}
		report99(b, took)
	}
	b.Run("ward-dashboard", func(b *testing.B) { measure(b, lead, "/quan-ly/tong-quan", "<svg") })
	b.Run("coverage-grid", func(b *testing.B) { measure(b, lead, "/quan-ly/hoat-dong/do-phu?thang=2025-11", "Khu phố 59") })
	b.Run("city-view", func(b *testing.B) {
		measure(b, leader, "/quan-ly/thanh-pho?tu=2025-07&den=2025-12", fmt.Sprintf("%d phường, xã", wards))
	})
	b.Run("half-year-report-docx-xlsx", func(b *testing.B) {
		var took []time.Duration
		for i := 0; i < b.N && i < 20; i++ {
			t0 := time.Now()
			r, err := report.Build(context.Background(), d, e.ward, "2025-07-01", "2025-12-31", time.Now())
			if err != nil {
				b.Fatal(err)
			}
			if err := r.WriteDOCX(io.Discard); err != nil {
				b.Fatal(err)
			}
			if err := r.WriteXLSX(io.Discard); err != nil {
				b.Fatal(err)
			}
			took = append(took, time.Since(t0))
			if i == 0 {
				b.Logf("report of %d activities", len(r.Items))
			}
		}
		report99(b, took)
	})
}

func report99(b *testing.B, took []time.Duration) {
	sort.Slice(took, func(i, j int) bool { return took[i] < took[j] })
	pct := func(p float64) float64 {
		return float64(took[int(p*float64(len(took)-1))].Microseconds()) / 1000
	}
	b.ReportMetric(pct(0.5), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
	b.ReportMetric(0, "ns/op") // latency percentiles say it better than a mean
}

// loadCity adds wards like the first (standard units, 59 khu phố, a copy
// of its plan) until there are wards, then spreads total activities over
// them, written in multi-row statements with explicit ids and aggregated
// once per ward. It returns how many activities the database holds.
func loadCity(b *testing.B, d *db.DB, e *env, total, wards int) int {
	ctx := context.Background()
	src, err := plan.Get(ctx, d, e.ward.ID, e.plan.ID)
	if err != nil {
		b.Fatal(err)
	}
	srcUnits, _ := ward.Units(ctx, d, e.ward.ID)
	codeOf := map[int64]string{}
	for _, u := range srcUnits {
		codeOf[u.ID] = u.Code
	}
	tpl, _ := json.Marshal(src)
	type wardSet struct {
		w      *ward.Ward
		p      *plan.Plan
		units  []*ward.Unit
		khuPho []*ward.Unit
	}
	all := []wardSet{{w: e.ward, p: src, units: srcUnits}}
	for i := 1; i < wards; i++ {
		ws := wardSet{w: &ward.Ward{Code: fmt.Sprintf("9%04d", i), Name: fmt.Sprintf("Thử nghiệm %d", i), FullName: fmt.Sprintf("Phường Thử nghiệm %d", i),
			ProvinceCode: "79", ProvinceName: "Thành phố Hồ Chí Minh", Host: fmt.Sprintf("w%d.example", i)}}
		err := d.InTx(ctx, func(tx *db.Tx) error {
			if err := ward.Create(ctx, tx, ws.w); err != nil {
				return err
			}
			byCode := map[string]int64{}
			for j, su := range srcUnits {
				u := &ward.Unit{WardID: ws.w.ID, Code: su.Code, Name: su.Name, ShortName: su.ShortName, Kind: su.Kind, HeadTitle: su.HeadTitle, Position: j}
				if err := ward.CreateUnit(ctx, tx, u); err != nil {
					return err
				}
				byCode[u.Code] = u.ID
				ws.units = append(ws.units, u)
			}
			var p plan.Plan
			json.Unmarshal(tpl, &p)
			p.WardID, p.Status, p.LeadUnitID = ws.w.ID, plan.StatusActive, byCode[codeOf[src.LeadUnitID]]
			p.ReportCycle, p.ReportDueDays = src.ReportCycle, src.ReportDueDays
			for _, s := range p.Sections {
				for _, t := range s.Tasks {
					for _, a := range t.Assignments {
						a.UnitID = byCode[codeOf[a.UnitID]]
					}
				}
			}
			ws.p = &p
			return plan.Create(ctx, tx, &p)
		})
		if err != nil {
			b.Fatal(err)
		}
		all = append(all, ws)
	}
	for i := range all {
		for _, u := range all[i].units {
			if u.Kind == ward.KindKhuPho {
				all[i].khuPho = append(all[i].khuPho, u)
			}
		}
	}
	var nextID int64
	d.QueryRow(ctx, `select coalesce(max(id), 0) + 1 from activities`).Scan(&nextID)
	per := total / wards
	channels := []string{"loa", "loa", "loa", "hoi-nghi", "hoi-nghi", "truc-quan", "cong-ttdt-mxh", "doan-the", "thi-dua"}
	r := rand.New(rand.NewPCG(1, 2))
	const batch = 250
	for _, ws := range all {
		err := d.InTx(ctx, func(tx *db.Tx) error {
			for done := 0; done < per; {
				k := min(batch, per-done)
				var q, tq strings.Builder
				q.WriteString(`insert into activities (id, ward_id, plan_id, unit_id, held_on, channel_code, place_unit_id, place_name, quantity, quantity_unit, people, cost, description, link, created_at) values `)
				tq.WriteString(`insert into activity_themes (activity_id, theme_code) values `)
				args, targs := make([]any, 0, k*15), make([]any, 0, k*4)
				for j := 0; j < k; j++ {
					if j > 0 {
						q.WriteString(", ")
						tq.WriteString(", ")
					}
					q.WriteString("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
					kp := ws.khuPho[r.IntN(len(ws.khuPho))]
					unit := kp.ID
					if r.IntN(4) == 0 {
						unit = ws.units[r.IntN(12)].ID
					}
					day := time.Date(2025, time.Month(7+r.IntN(6)), 1+r.IntN(28), 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
					args = append(args, nextID, ws.w.ID, ws.p.ID, unit, day, channels[r.IntN(len(channels))], kp.ID, "", 1+r.IntN(5), "buổi",
						r.IntN(200), r.IntN(5)*100_000, "Hoạt động tuyên truyền cải cách hành chính tại khu phố.", "", db.Now())
					tq.WriteString("(?, ?)")
					targs = append(targs, nextID, strconv.Itoa(1+r.IntN(5)))
					if r.IntN(3) == 0 {
						tq.WriteString(", (?, ?)")
						targs = append(targs, nextID, "3") // a second theme, unless it is the same
						if targs[len(targs)-3] == "3" {
							targs[len(targs)-1] = "2"
						}
					}
					nextID++
				}
				if _, err := tx.Exec(ctx, q.String(), args...); err != nil {
					return err
				}
				if _, err := tx.Exec(ctx, tq.String(), targs...); err != nil {
					return err
				}
				done += k
			}
			if err := activity.Reaggregate(ctx, tx, ws.w.ID); err != nil {
				return err
			}
			return periodicReports(ctx, tx, ws.w.ID, ws.p, r)
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	if d.Engine() == db.Postgres {
		if _, err := d.Exec(ctx, `select setval(pg_get_serial_sequence('activities', 'id'), (select max(id) from activities))`); err != nil {
			b.Fatal(err)
		}
		d.Exec(ctx, `analyze`)
	} else {
		d.Exec(ctx, `analyze`)
	}
	var n int
	d.QueryRow(ctx, `select count(*) from activities`).Scan(&n)
	return n
}

// periodicReports files most units' reports for July to November.
func periodicReports(ctx context.Context, tx *db.Tx, wardID int64, p *plan.Plan, r *rand.Rand) error {
	var q strings.Builder
	var args []any
	q.WriteString(`insert into unit_reports (ward_id, plan_id, unit_id, period, due_on, status, narrative, first_submitted_at, first_on_time, submitted_at) values `)
	first := true
	for _, unit := range plan.ReportingUnits(p) {
		for _, per := range plan.Periods(p)[:5] {
			if r.IntN(10) == 0 {
				continue
			}
			if !first {
				q.WriteString(", ")
			}
			first = false
			q.WriteString("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
			at := per.DueOn + "T01:00:00.000000Z" // 08:00 on the due day in Vietnam: on time
			args = append(args, wardID, p.ID, unit, per.Code, per.DueOn, "accepted", "Đã thực hiện.", at, 1, at)
		}
	}
	_, err := tx.Exec(ctx, q.String(), args...)
	return err
}
