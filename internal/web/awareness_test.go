package web

import (
	"context"
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cchc-vn/cchc/internal/audit"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/db/dbtest"
	"github.com/cchc-vn/cchc/internal/survey"
	"github.com/cchc-vn/cchc/internal/vn"
)

var (
	surveyLink    = regexp.MustCompile(`^/quan-ly/khao-sat/(\d+)$`)
	questionNames = regexp.MustCompile(`name="(q\d+)" value="0"`)
)

// TestSurveyJourney: the lead unit writes a survey from the template and
// opens it; a resident answers on the portal (a partial form is refused
// with the question named, a second answer from the same phone is kept and
// flagged); Khu phố 1's head enters paper forms of both waves; the public
// sees no figure while a wave is open, then, once it closes, the change
// with its interval, in words, on the page and in the open data.
func TestSurveyJourney(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		lead, kp, anon := e.as("vhxh"), e.as("kp01"), e.as("")
		now := time.Now().In(vn.Zone)
		form := body(t, lead.get("/quan-ly/khao-sat/moi"))
		if !strings.Contains(form, html.EscapeString(survey.Template[0].Body)) {
			t.Fatal("the new survey is not filled from the template")
		}
		fields := url.Values{"title": {"Khảo sát thử"}, "w1_opens": {vn.Date(now.AddDate(0, 0, -1))}, "w1_closes": {vn.Date(now.AddDate(0, 0, 1))},
			"w2_opens": {vn.Date(now)}, "w2_closes": {vn.Date(now.AddDate(0, 0, 40))}}
		for i, q := range survey.Template {
			n := "q" + string(rune('1'+i))
			fields.Set(n+"_kind", q.Kind)
			fields.Set(n+"_body", q.Body)
			fields.Set(n+"_options", q.Options)
			fields.Set(n+"_measure", q.Measure)
			if q.Correct > 0 {
				fields.Set(n+"_correct", string(rune('0'+q.Correct)))
			}
		}
		resp := lead.post("/quan-ly/khao-sat", fields)
		if page := body(t, resp); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(page, "Đợt 2 phải mở sau khi đợt 1 đã đóng.") {
			t.Fatalf("overlapping waves: %d %s", resp.StatusCode, refusal(page))
		}
		fields.Set("w2_opens", vn.Date(now.AddDate(0, 0, 30)))
		resp = lead.post("/quan-ly/khao-sat", fields)
		m := surveyLink.FindStringSubmatch(resp.Header.Get("Location"))
		if resp.StatusCode != http.StatusSeeOther || m == nil {
			t.Fatalf("create: %d %s", resp.StatusCode, refusal(body(t, resp)))
		}
		resp.Body.Close()
		id := m[1]
		for _, path := range []string{"/khao-sat/" + id, "/khao-sat/" + id + "/cam-on"} {
			if resp := anon.get(path); resp.StatusCode != http.StatusNotFound {
				t.Fatalf("a draft is public at %s: %d", path, resp.StatusCode)
			}
		}
		body(t, anon.get("/khao-sat")) // the public's form token
		if resp := anon.post("/khao-sat/"+id, url.Values{"age_group": {"30-44"}}); resp.StatusCode != http.StatusNotFound {
			t.Fatalf("a draft takes answers: %d", resp.StatusCode)
		}
		if resp := lead.post("/quan-ly/khao-sat/"+id+"/trang-thai", url.Values{"status": {"open"}}); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("open: %d", resp.StatusCode)
		}

		page := body(t, anon.get("/khao-sat/"+id))
		var qs []string
		for _, x := range questionNames.FindAllStringSubmatch(page, -1) {
			qs = append(qs, x[1])
		}
		if len(qs) != len(survey.Template) {
			t.Fatalf("the form has %d questions", len(qs))
		}
		answers := url.Values{"age_group": {"30-44"}, "sex": {"nu"}, "khu_pho_id": {itoa64(e.users["kp01"].UnitID)}}
		answers.Set(qs[0], "0")
		resp = anon.post("/khao-sat/"+id, answers)
		if page := body(t, resp); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(page, "Vui lòng trả lời câu 2.") || !strings.Contains(page, `class="error-summary"`) {
			t.Fatalf("a partial form: %d %s", resp.StatusCode, refusal(page))
		}
		for _, q := range qs {
			answers.Set(q, "0")
		}
		for range 2 { // the same phone twice
			resp = anon.post("/khao-sat/"+id, answers)
			if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/khao-sat/"+id+"/cam-on" {
				t.Fatalf("answer: %d %s", resp.StatusCode, refusal(body(t, resp)))
			}
			resp.Body.Close()
		}

		if thanks := body(t, anon.get("/khao-sat/"+id+"/cam-on")); !strings.Contains(thanks, "Cảm ơn anh/chị đã trả lời") {
			t.Fatal("no thanks page")
		}
		if list := body(t, anon.get("/khao-sat")); !strings.Contains(list, `href="/khao-sat/`+id+`"`) || !strings.Contains(list, "đang nhận câu trả lời") {
			t.Fatal("the portal's list does not offer the open survey")
		}
		if list := body(t, kp.get("/quan-ly/khao-sat")); !strings.Contains(list, "Khảo sát thử") || strings.Contains(list, "Tạo cuộc khảo sát") {
			t.Fatal("the workspace list: a khu phố head sees the survey but cannot create one")
		}
		paper := body(t, kp.get("/quan-ly/khao-sat/"+id+"/phieu"))
		waves := regexp.MustCompile(`name="wave_id" value="(\d+)"`).FindAllStringSubmatch(paper, -1)
		if len(waves) != 2 {
			t.Fatalf("paper form waves: %v", waves)
		}
		enter := func(wave string, n, yes int) {
			for i := range n {
				f := url.Values{"wave_id": {wave}, "age_group": {"tu-60"}, "sex": {"nam"}, "khu_pho_id": {itoa64(e.users["kp01"].UnitID)}}
				for _, q := range qs {
					f.Set(q, "1")
				}
				if i < yes {
					f.Set(qs[0], "0")
				}
				if resp := kp.post("/quan-ly/khao-sat/"+id+"/phieu", f); resp.StatusCode != http.StatusSeeOther {
					t.Fatalf("paper: %d %s", resp.StatusCode, refusal(body(t, resp)))
				}
			}
		}
		enter(waves[0][1], 20, 10)
		enter(waves[1][1], 20, 18)

		admin := body(t, lead.get("/quan-ly/khao-sat/"+id))
		if !strings.Contains(admin, "<strong>22</strong> phiếu") || !strings.Contains(admin, "1 phiếu gửi lặp từ một thiết bị") {
			t.Fatalf("the lead unit's counts: %s", regexp.MustCompile(`(?s)<ul class="stats">.*?</ul>`).FindString(admin))
		}
		open := body(t, anon.get("/khao-sat/"+id+"/ket-qua"))
		if strings.Contains(open, "22</strong> phiếu") || !strings.Contains(open, "đang thu phiếu") {
			t.Fatal("the public sees figures of a wave still open")
		}
		if resp := lead.post("/quan-ly/khao-sat/"+id+"/trang-thai", url.Values{"status": {"closed"}}); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("close: %d", resp.StatusCode)
		}
		want := survey.Difference(survey.Wilson(12, 22), survey.Wilson(18, 20)).Statement(survey.Template[0].Measure)
		closed := body(t, anon.get("/khao-sat/"+id+"/ket-qua"))
		if !strings.Contains(closed, want) || !strings.Contains(closed, "<strong>22</strong> phiếu") {
			t.Fatalf("public results want %q", want)
		}
		raw := body(t, anon.get("/api/v1/surveys/"+id+"/results"))
		var out struct {
			Responses []int `json:"responses"`
			Questions []struct {
				Waves []struct {
					Answers, Favourable int
					Low                 float64 `json:"ci_low"`
				} `json:"waves"`
				Change *struct {
					BeyondChance bool `json:"beyond_chance"`
				} `json:"change"`
				Statement string            `json:"statement"`
				KhuPho    []json.RawMessage `json:"khu_pho"`
			} `json:"questions"`
		}
		if err := json.Unmarshal([]byte(raw), &out); err != nil {
			t.Fatal(err)
		}
		q1 := out.Questions[0]
		if out.Responses[0] != 22 || out.Responses[1] != 20 || q1.Waves[0].Favourable != 12 || q1.Waves[1].Favourable != 18 ||
			q1.Statement != want || q1.Change == nil || !q1.Change.BeyondChance || len(q1.KhuPho) != 1 {
			t.Fatalf("api: %s", raw)
		}
		if strings.Contains(raw, "device") || strings.Contains(raw, "hash") {
			t.Fatalf("the open data holds more than counts: %s", raw)
		}
	})
}

// TestSurveyTakesARoom: residents at a meeting answer from the community
// house's one connection, more of them within the hour than the feedback
// form takes from one address.
func TestSurveyTakesARoom(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		lead := e.users["vhxh"]
		act := audit.Actor{WardID: e.ward.ID, UserID: lead.ID}
		today := time.Now().In(vn.Zone)
		sv, err := survey.Create(ctx, d, lead, act, survey.Input{Title: "Khảo sát tại buổi họp dân",
			Waves: []survey.WaveInput{{OpensOn: vn.Date(today), ClosesOn: vn.Date(today.AddDate(0, 0, 7))}}, Questions: survey.Template[:1]}, map[string]string{"2": ""}, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		if err := survey.SetStatus(ctx, d, lead, act, sv.ID, survey.Open, time.Now()); err != nil {
			t.Fatal(err)
		}
		path := "/khao-sat/" + itoa64(sv.ID)
		anon := e.anon()
		page := body(t, anon.get(path))
		q := questionNames.FindStringSubmatch(page)
		if q == nil {
			t.Fatal("no question on the form")
		}
		answers := url.Values{"age_group": {"30-44"}, "sex": {"nu"}, q[1]: {"0"}, "csrf": {anon.csrf}}
		for i := range 25 {
			req, _ := http.NewRequest("POST", e.ts.URL+path, strings.NewReader(answers.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("User-Agent", "Mozilla/5.0 (Linux; Android 14) Mobile "+strconv.Itoa(i))
			resp := anon.do(req)
			resp.Body.Close()
			if resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("answer %d from the meeting room: %d", i, resp.StatusCode)
			}
		}
	})
}
