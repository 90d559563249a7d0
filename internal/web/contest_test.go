package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"github.com/cchc-vn/cchc/internal/contest"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/db/dbtest"
	"github.com/cchc-vn/cchc/internal/pow"
	"github.com/cchc-vn/cchc/internal/vn"
)

func demoContest(t *testing.T, e *env) *contest.Contest {
	cs, err := contest.Public(context.Background(), e.d, e.ward.ID)
	if err != nil || len(cs) == 0 {
		t.Fatalf("demo contest: %v", err)
	}
	return cs[0]
}

var (
	challengeRe = regexp.MustCompile(`name="challenge" value="([^"]+)"`)
	attemptRe   = regexp.MustCompile(`/bai/(\d+)`)
	optionRe    = regexp.MustCompile(`name="a(\d+)" value="(\d+)"`)
)

// A resident registers with a phone, verifies the code the provider
// delivered, takes the open round (answers survive a reload, the clock is
// the server's), submits, and sees the score; answers and explanations wait
// for the round to close. The portal never shows the answers before.
func TestContestJourneyOverHTTP(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ct := demoContest(t, e)
		base := "/cuoc-thi/" + ct.Slug
		c := e.anon()
		page := body(t, c.get(base))
		if !strings.Contains(page, "Vòng 2 đang diễn ra") || !strings.Contains(page, "Giải Nhất") || !strings.Contains(page, "Tập thể có nhiều người dự thi nhất") {
			t.Fatalf("the contest page shows neither the open round nor the first round's winners, individual and collective")
		}
		// The winners list shows names and places only.
		if strings.Contains(page, "09") && regexp.MustCompile(`09\d{8}`).MatchString(page) {
			t.Fatal("the contest page shows a phone number")
		}
		form := body(t, c.get(base+"/dang-ky"))
		m := challengeRe.FindStringSubmatch(form)
		if m == nil {
			t.Fatal("no proof-of-work challenge on the registration form")
		}
		vals := url.Values{"full_name": {"Đoàn Thị Hoa"}, "birth_year": {"1979"}, "unit_id": {strconv.FormatInt(e.users["kp01"].UnitID, 10)},
			"phone": {"0987 654 321"}, "official": {"0"}, "consent": {"1"}, "challenge": {m[1]}, "nonce": {pow.Solve(m[1])}}
		bad := url.Values{}
		for k, v := range vals {
			bad[k] = v
		}
		bad.Set("birth_year", "2015")
		bad.Del("consent")
		if resp := c.post(base+"/dang-ky", bad); resp.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("an under-age registration without consent: %d", resp.StatusCode)
		} else if b := body(t, resp); !strings.Contains(b, "từ 15 tuổi trở lên") || !strings.Contains(b, "Cần sửa trước khi gửi") {
			t.Fatal("the refusal does not say why, with an error summary")
		}
		form = body(t, c.get(base+"/dang-ky"))
		m = challengeRe.FindStringSubmatch(form)
		vals.Set("challenge", m[1])
		vals.Set("nonce", pow.Solve(m[1]))
		resp := c.post(base+"/dang-ky", vals)
		resp.Body.Close()
		loc := resp.Header.Get("Location")
		if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, base+"/xac-minh?ma=") {
			t.Fatalf("registration: %d %s", resp.StatusCode, loc)
		}
		if b := body(t, c.get(loc)); !strings.Contains(b, "098****321") {
			t.Fatal("the code page does not say where the code went")
		}
		codeID := strings.TrimPrefix(loc, base+"/xac-minh?ma=")
		code := e.texts.code("0987654321")
		if len(code) != 6 {
			t.Fatalf("no code delivered: %q", code)
		}
		if resp := c.post(base+"/xac-minh", url.Values{"ma": {codeID}, "code": {"12345"}}); resp.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("a wrong code: %d", resp.StatusCode)
		}
		resp = c.post(base+"/xac-minh", url.Values{"ma": {codeID}, "code": {code}})
		resp.Body.Close()
		if resp.Header.Get("Location") != base+"/cua-toi" {
			t.Fatalf("verification: %d %s", resp.StatusCode, resp.Header.Get("Location"))
		}
		mine := body(t, c.get(base+"/cua-toi"))
		if !strings.Contains(mine, "Đoàn Thị Hoa") || !strings.Contains(mine, "Bắt đầu làm bài") {
			t.Fatal("the taker's page offers no start")
		}
		taker := regexp.MustCompile(`name="taker" value="(\d+)"`).FindStringSubmatch(mine)[1]
		resp = c.post(base+"/vong/2/bat-dau", url.Values{"taker": {taker}, "layout": {"one"}})
		resp.Body.Close()
		at := attemptRe.FindStringSubmatch(resp.Header.Get("Location"))
		if at == nil {
			t.Fatalf("start: %d %s", resp.StatusCode, resp.Header.Get("Location"))
		}
		paper := base + "/bai/" + at[1]
		q1 := body(t, c.get(paper))
		if !strings.Contains(q1, "Câu 1/10") || strings.Contains(q1, "Câu 2/10.") {
			t.Fatal("one question per page: the first page is not question 1 alone")
		}
		left := regexp.MustCompile(`data-deadline="(\d+)"`).FindStringSubmatch(q1)
		if n, _ := strconv.Atoi(left[1]); n < 19*60 || n > 20*60 {
			t.Fatalf("time left by the server: %s s", left[1])
		}
		// Nothing on the page says which option is right.
		if strings.Contains(q1, "correct") || strings.Contains(q1, "Giải thích") {
			t.Fatal("the paper leaks the answer")
		}
		o := optionRe.FindStringSubmatch(q1)
		// A choice saved in the background (app.js), then a reload: it stays.
		req, _ := http.NewRequest("POST", e.ts.URL+paper, strings.NewReader(url.Values{"csrf": {c.token()}, "q": {o[1]}, "a" + o[1]: {o[2]}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-Autosave", "1")
		if resp := c.do(req); resp.StatusCode != http.StatusNoContent {
			t.Fatalf("autosave: %d", resp.StatusCode)
		}
		if again := body(t, c.get(paper)); !strings.Contains(again, `value="`+o[2]+`" checked`) || !strings.Contains(again, "Đã trả lời 1/10") {
			t.Fatal("the saved choice is gone after a reload")
		}
		// Without JavaScript: the button saves and moves on.
		resp = c.post(paper, url.Values{"q": {"1"}, "a1": {"0"}, "cau": {"2"}, "di": {"sau"}})
		resp.Body.Close()
		if resp.Header.Get("Location") != paper+"?cau=3" {
			t.Fatalf("next: %s", resp.Header.Get("Location"))
		}
		review := body(t, c.get(paper+"?xem-lai=1"))
		if !strings.Contains(review, "Xem lại và nộp bài") || strings.Count(review, "chưa trả lời") != 8 || !strings.Contains(review, "Câu hỏi dự đoán") {
			t.Fatal("the review does not list what is unanswered, or asks no prediction")
		}
		if resp := c.post(paper+"/nop", url.Values{"prediction": {"nhiều"}}); resp.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("a prediction that is not a number: %d", resp.StatusCode)
		}
		resp = c.post(paper+"/nop", url.Values{"prediction": {"25"}})
		resp.Body.Close()
		if resp.Header.Get("Location") != paper+"/ket-qua" {
			t.Fatalf("submit: %d %s", resp.StatusCode, resp.Header.Get("Location"))
		}
		result := body(t, c.get(paper+"/ket-qua"))
		if !strings.Contains(result, "/10 câu đúng") || strings.Contains(result, "Đáp án đúng:") || !strings.Contains(result, "được công bố khi vòng thi kết thúc") {
			t.Fatal("the result before the round closes: a score, and no answers")
		}
		// An answer after submission is refused; the closed paper shows its result.
		if resp := c.post(paper, url.Values{"q": {"0"}, "a0": {"1"}}); resp.StatusCode != http.StatusSeeOther ||
			!strings.HasSuffix(resp.Header.Get("Location"), "/ket-qua") {
			t.Fatalf("an answer after submission: %d %s", resp.StatusCode, resp.Header.Get("Location"))
		}
		// Someone else's client cannot read the paper.
		if resp := e.anon().get(paper); resp.StatusCode != http.StatusSeeOther || !strings.HasSuffix(resp.Header.Get("Location"), "/vao-thi") {
			t.Fatalf("another visitor on the paper: %d", resp.StatusCode)
		}
		// The closed round's paper of a demo taker shows the answers with their explanations.
		_, r1, _ := contest.GetRound(context.Background(), d, e.ward.ID, ct.Rounds[0].ID)
		if r1.Results != contest.ResultsApproved {
			t.Fatal("the demo's first round has no approved results")
		}
		cert := regexp.MustCompile(`/chung-nhan/([A-Z0-9]{10})`).FindStringSubmatch(page)
		if cert == nil {
			var code string
			d.QueryRow(context.Background(), `select min(certificate) from contest_results where round_id = ?`, r1.ID).Scan(&code)
			cert = []string{"", code}
		}
		if b := body(t, c.get("/chung-nhan/"+cert[1])); !strings.Contains(b, "là giấy chứng nhận do") {
			t.Fatal("a certificate's code does not verify")
		}
		if resp := c.get("/chung-nhan/" + cert[1] + "/pdf"); resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/pdf" {
			t.Fatalf("the certificate's PDF: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
		} else if b := body(t, resp); !strings.HasPrefix(b, "%PDF-") {
			t.Fatal("the certificate's PDF is not a PDF")
		}
		if resp := c.get("/chung-nhan/KHONGCOMA/pdf"); resp.StatusCode != http.StatusNotFound {
			t.Fatalf("an unknown certificate's PDF: %d", resp.StatusCode)
		}
		// Open data: the contests and the published winners, names and places only.
		var api struct {
			Items []struct {
				ID     int64 `json:"id"`
				Rounds []struct {
					Phase  string `json:"phase"`
					Takers int    `json:"takers"`
				} `json:"rounds"`
			} `json:"items"`
		}
		json.Unmarshal([]byte(body(t, c.get("/api/v1/contests"))), &api)
		if len(api.Items) != 1 || len(api.Items[0].Rounds) != 2 || api.Items[0].Rounds[0].Phase != "closed" || api.Items[0].Rounds[1].Phase != "open" {
			t.Fatalf("the contests API: %+v", api)
		}
		one := body(t, c.get(fmt.Sprintf("/api/v1/contests/%d", api.Items[0].ID)))
		if !strings.Contains(one, `"prize":"Giải Nhất"`) || strings.Contains(one, "phone") || regexp.MustCompile(`09\d{8}`).MatchString(one) || strings.Contains(one, "birth") {
			t.Fatalf("the contest API: %s", one)
		}
		if resp := c.get("/api/v1/contests/999999"); resp.StatusCode != http.StatusNotFound {
			t.Fatalf("an unknown contest: %d", resp.StatusCode)
		}
	})
}

// Officials: the bank is imported from a spreadsheet, a round is written and
// sent, the leader approves it (not their own), results are proposed and
// approved, and the round counts on the plan.
func TestContestOfficialsJourney(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ct := demoContest(t, e)
		vhxh, lead := e.as("vhxh"), e.as("lanhdao")
		for _, p := range []string{"/quan-ly/cuoc-thi", "/quan-ly/cau-hoi", "/quan-ly/cau-hoi/moi", "/quan-ly/cuoc-thi/moi", "/quan-ly/cuoc-thi/" + itoa64(ct.ID),
			"/quan-ly/vong-thi/" + itoa64(ct.Rounds[0].ID), "/quan-ly/vong-thi/" + itoa64(ct.Rounds[1].ID)} {
			if resp := vhxh.get(p); resp.StatusCode != http.StatusOK {
				t.Fatalf("%s: %d", p, resp.StatusCode)
			}
		}
		if b := body(t, vhxh.get("/quan-ly/cuoc-thi/"+itoa64(ct.ID))); !strings.Contains(b, "Cùng số định danh cá nhân") {
			t.Fatal("the demo's duplicate registration is not flagged")
		}
		// Import: the exported bank with one row changed and one new row.
		resp := vhxh.get("/quan-ly/cau-hoi/xuat.xlsx")
		x, err := excelize.OpenReader(resp.Body)
		resp.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		x.SetCellStr("Câu hỏi", "J2", "Giải thích đã sửa.")
		row := []any{"", "Ai chủ trì cuộc thi trực tuyến của phường?", "Phòng Văn hóa – Xã hội", "Khu phố", "", "", "", "", "A", "Phòng VH-XH là đơn vị tổ chức.",
			"Kế hoạch tuyên truyền CCHC của phường", "4", "Dễ"}
		rows, _ := x.GetRows("Câu hỏi")
		x.SetSheetRow("Câu hỏi", fmt.Sprintf("A%d", len(rows)+1), &row)
		var file bytes.Buffer
		x.Write(&file)
		var mb bytes.Buffer
		mw := multipart.NewWriter(&mb)
		mw.WriteField("csrf", vhxh.token())
		fw, _ := mw.CreateFormFile("file", "ngan-hang.xlsx")
		fw.Write(file.Bytes())
		mw.Close()
		req, _ := http.NewRequest("POST", e.ts.URL+"/quan-ly/cau-hoi/nhap", &mb)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		resp = vhxh.do(req)
		resp.Body.Close()
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("import: %d", resp.StatusCode)
		}
		if b := body(t, vhxh.get("/quan-ly/cuoc-thi")); !strings.Contains(b, "1 câu hỏi mới, 1 câu sửa") {
			t.Fatal("the import does not say what it did")
		}
		// A new round, sent and approved by the leader.
		resp = vhxh.post("/quan-ly/cuoc-thi/"+itoa64(ct.ID)+"/vong-moi", url.Values{"title": {"Vòng 3"}, "opens": {time.Now().Add(time.Hour).In(vn.Zone).Format("02/01/2006 15:04")},
			"closes": {time.Now().Add(200 * time.Hour).In(vn.Zone).Format("02/01/2006 15:04")}, "time_limit": {"15"}, "attempts": {"1"}, "theme0": {"2"}, "level0": {"0"},
			"count0": {"5"}, "first": {"1"}, "second": {"0"}, "third": {"0"}, "consolation": {"0"}})
		resp.Body.Close()
		round := strings.TrimPrefix(resp.Header.Get("Location"), "/quan-ly/vong-thi/")
		if _, err := strconv.Atoi(round); err != nil {
			t.Fatalf("new round: %d %s", resp.StatusCode, resp.Header.Get("Location"))
		}
		if resp := vhxh.post("/quan-ly/vong-thi/"+round+"/gui-duyet", nil); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("sending the round: %d %s", resp.StatusCode, body(t, resp))
		}
		if resp := vhxh.post("/quan-ly/vong-thi/"+round+"/duyet", url.Values{"decision": {"approve"}}); resp.StatusCode != http.StatusForbidden {
			t.Fatalf("the organiser approved a round: %d", resp.StatusCode)
		}
		if resp := lead.post("/quan-ly/vong-thi/"+round+"/duyet", url.Values{"decision": {"approve"}}); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("the leader's approval: %d %s", resp.StatusCode, body(t, resp))
		}
		if b := body(t, e.anon().get("/cuoc-thi/"+ct.Slug)); !strings.Contains(b, "Vòng 3") || !strings.Contains(b, "Sắp mở") {
			t.Fatal("the approved round is not on the portal")
		}
		if resp := vhxh.get("/quan-ly/vong-thi/" + itoa64(ct.Rounds[0].ID) + "/ket-qua.xlsx"); resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != xlsxType {
			t.Fatalf("results export: %d", resp.StatusCode)
		}
		// The demo's first round counts on the plan as the organiser's activities.
		var people int
		d.QueryRow(context.Background(), `select coalesce(sum(people), 0) from activities where ward_id = ? and channel_code = 'thi-dua' and quantity_unit = 'lượt dự thi'`, e.ward.ID).Scan(&people)
		if people != ct.Rounds[0].Takers || people == 0 {
			t.Fatalf("the round's reach on the plan: %d, takers %d", people, ct.Rounds[0].Takers)
		}
	})
}

// TestBrowserTakesTheContestOnAPhone: a resident on a phone (390 × 844)
// registers, types the code the provider delivered, takes the open round
// one question per screen (each choice saved as it is made, a reload in the
// middle loses nothing), submits with a prediction, and once the round has
// closed reads the answers with their explanations.
func TestBrowserTakesTheContestOnAPhone(t *testing.T) {
	open := browser(t)
	e := newEnv(t, dbtest.Open(t, db.SQLite))
	ct := demoContest(t, e)
	ctx, cancel := open()
	defer cancel()
	run := func(what string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	run("register", chromedp.EmulateViewport(390, 844),
		chromedp.Navigate(e.ts.URL+"/cuoc-thi"),
		chromedp.Click(chromedp.CSS(`.contest-list a`)),
		chromedp.Click(chromedp.Search(`//a[normalize-space()="Đăng ký dự thi"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#full_name`)),
		chromedp.SendKeys(chromedp.CSS(`#full_name`), "Lý Thị Kim Ngân"),
		chromedp.SendKeys(chromedp.CSS(`#birth_year`), "1996"),
		chromedp.SetValue(chromedp.CSS(`#unit_id`), itoa64(e.users["kp01"].UnitID)),
		chromedp.SendKeys(chromedp.CSS(`#phone`), "0912 000 111"),
		chromedp.Click(chromedp.CSS(`#consent`)),
		chromedp.Click(chromedp.Search(`//button[normalize-space()="Gửi mã xác minh"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#code`)))
	code := e.texts.code("0912000111")
	if code == "" {
		t.Fatal("no code reached the phone")
	}
	run("verify", chromedp.SendKeys(chromedp.CSS(`#code`), code),
		chromedp.Click(chromedp.Search(`//button[normalize-space()="Xác minh"]`)),
		chromedp.WaitVisible(chromedp.Search(`//button[normalize-space()="Bắt đầu làm bài"]`)),
		chromedp.Click(chromedp.Search(`//button[normalize-space()="Bắt đầu làm bài"]`)),
		chromedp.WaitVisible(chromedp.CSS(`form.paper`)))
	if m, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](firstScreen(`form.paper label.radio:last-of-type`))); err != nil || m[1] > 844 || m[2] > 0 {
		t.Errorf("the first question and its options end at %.0f px (the phone shows 844), %.0f px too wide (%v)", m[1], m[2], err)
	}
	answer := func(n int) {
		run(fmt.Sprintf("answer question %d", n),
			chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf(`#cau-%d`, n))),
			chromedp.Click(chromedp.CSS(fmt.Sprintf(`#cau-%d label.radio:first-of-type input`, n))),
			chromedp.WaitVisible(chromedp.Search(`//*[@data-save-status][normalize-space()="Đã lưu câu trả lời."]`)))
	}
	total := ct.Rounds[1].Questions()
	for n := 1; n <= total; n++ {
		answer(n)
		if n == 4 { // a reload in the middle: the saved choice is still there, the clock goes on
			run("reload", chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(`#cau-4`)))
			if checked, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`!!document.querySelector('#cau-4 input:checked')`)); !checked {
				t.Fatal("the choice saved before the reload is gone")
			}
			if left := text(t, ctx, `[data-countdown]`); left > "19:59" || left < "15:00" {
				t.Errorf("time left after the reload: %s", left)
			}
		}
		next := `//button[normalize-space()="Lưu và sang câu sau"]`
		if n == total {
			next = `//button[normalize-space()="Lưu và xem lại trước khi nộp"]`
		}
		run("next", chromedp.Click(chromedp.Search(next)))
	}
	run("submit", chromedp.WaitVisible(chromedp.CSS(`#prediction`)),
		chromedp.SendKeys(chromedp.CSS(`#prediction`), "30"),
		chromedp.Click(chromedp.Search(`//button[normalize-space()="Nộp bài"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.big`)))
	if s := text(t, ctx, `.big`); !strings.Contains(s, fmt.Sprintf("/%d câu đúng", total)) {
		t.Fatalf("the result says %q", s)
	}
	if visibleIn(t, ctx, `ol.answers`) {
		t.Fatal("the answers show before the round closes")
	}
	// The round closes: the same page now explains every answer.
	if _, err := e.d.Exec(context.Background(), `update contest_rounds set closes_at = ? where id = ?`, db.FormatTime(time.Now().Add(-time.Minute)), ct.Rounds[1].ID); err != nil {
		t.Fatal(err)
	}
	e.s.changed(e.ward.ID) // as an official's change through the workspace would
	run("after closing", chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(`ol.answers`)))
	if s := text(t, ctx, `ol.answers`); strings.Count(s, "Căn cứ:") != total {
		t.Errorf("the answers after closing:\n%s", s)
	}
}
