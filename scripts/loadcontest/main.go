// Command loadcontest simulates a city-size round of an online contest on
// a server at 127.0.0.1, as residents' phones would drive it: each taker
// fetches the registration form, solves its proof of work, registers, reads
// the one-time code from the text provider (a local Zalo ZNS fake that this
// program serves), verifies, starts the paper, saves each of its answers as
// app.js does, and submits. It prints, per request type, counts, errors and
// p50/p99 latency, and writes every acknowledged answer and submission to a
// file that -check later compares with the database.
//
//	loadcontest -prepare -db URL -data DIR            make the round to load (prints its address)
//	loadcontest -saturate -url http://127.0.0.1:18411 -slug S -db URL -data DIR
//	loadcontest -run -url http://127.0.0.1:18411 -slug S -takers 10000 -out acks.txt
//	loadcontest -check -db URL -data DIR -out acks.txt
//
// scripts/load-contest.sh runs the whole measurement on SQLite or PostgreSQL.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cchc-vn/cchc/internal/account"
	"github.com/cchc-vn/cchc/internal/audit"
	"github.com/cchc-vn/cchc/internal/contest"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/demo"
	"github.com/cchc-vn/cchc/internal/filestore"
	"github.com/cchc-vn/cchc/internal/plan"
	"github.com/cchc-vn/cchc/internal/pow"
	"github.com/cchc-vn/cchc/internal/seed"
	"github.com/cchc-vn/cchc/internal/ward"
)

var (
	challengeRe = regexp.MustCompile(`name="challenge" value="([^"]+)"`)
	csrfRe      = regexp.MustCompile(`name="csrf" value="([^"]+)"`)
	takerRe     = regexp.MustCompile(`name="taker" value="(\d+)"`)
	attemptRe   = regexp.MustCompile(`/bai/(\d+)$`)
	deadlineRe  = regexp.MustCompile(`data-deadline="(\d+)"`)
	optionRe    = regexp.MustCompile(`name="a(\d+)" value="(\d+)"`)
)

func main() {
	prepare := flag.Bool("prepare", false, "create the round to load in the database")
	saturate := flag.Bool("saturate", false, "measure answer saves at saturation, over HTTP and in-process")
	run := flag.Bool("run", false, "simulate the round")
	check := flag.Bool("check", false, "compare the acknowledged answers and submissions with the database")
	dbURL := flag.String("db", "", "database URL (empty: SQLite in -data)")
	data := flag.String("data", "data", "data directory of the server")
	base := flag.String("url", "http://127.0.0.1:18411", "server (loopback only)")
	slug := flag.String("slug", "", "the contest's address")
	takers := flag.Int("takers", 10000, "takers in the round")
	arrive := flag.Duration("arrive", 60*time.Second, "window in which takers register and start")
	answering := flag.Duration("answering", 120*time.Second, "time from the end of arrivals to the first submissions")
	submit := flag.Duration("submit", 60*time.Second, "window in which every taker submits")
	conns := flag.Int("c", 256, "connections to the server")
	workers := flag.Int("workers", 64, "saturation: concurrent savers")
	satFor := flag.Duration("for", 20*time.Second, "saturation: duration of each measurement")
	znsAddr := flag.String("zns", "127.0.0.1:18412", "address of the local Zalo ZNS fake")
	out := flag.String("out", "acks.txt", "acknowledged answers and submissions")
	flag.Parse()
	ctx := context.Background()
	var err error
	switch {
	case *prepare:
		err = prepareRound(ctx, *dbURL, *data)
	case *saturate:
		err = saturation(ctx, *base, *slug, *znsAddr, *dbURL, *data, *workers, *satFor)
	case *run:
		err = simulate(*base, *slug, *znsAddr, *out, *takers, *arrive, *answering, *submit, *conns)
	case *check:
		err = checkAcks(ctx, *dbURL, *data, *out)
	default:
		err = errors.New("one of -prepare, -saturate, -run, -check")
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "loadcontest:", err)
		os.Exit(1)
	}
}

// prepareRound loads the ward, the demonstration accounts and their bank,
// and a round of 20 questions open now for 15 minutes, approved.
func prepareRound(ctx context.Context, url, data string) error {
	d, err := db.Open(ctx, url, data)
	if err != nil {
		return err
	}
	defer d.Close()
	if _, err := d.Migrate(ctx); err != nil {
		return err
	}
	if _, err := seed.Load(ctx, d); err != nil {
		return err
	}
	files, err := filestore.NewLocal(data + "/files")
	if err != nil {
		return err
	}
	if _, err := demo.Load(ctx, d, files, "27427", demo.Light); err != nil {
		return err
	}
	w, err := ward.ByCode(ctx, d, "27427")
	if err != nil {
		return err
	}
	organ, err := account.ByUsername(ctx, d, w.ID, "vhxh")
	if err != nil {
		return err
	}
	leader, err := account.ByUsername(ctx, d, w.ID, "lanhdao")
	if err != nil {
		return err
	}
	p, err := plan.Current(ctx, d, w.ID)
	if err != nil {
		return err
	}
	themes, channels, units := map[string]string{}, map[string]string{}, map[int64]string{}
	for _, t := range p.Themes {
		themes[t.Code] = t.Title
	}
	for _, c := range p.Channels {
		channels[c.Code] = c.Name
	}
	us, _ := ward.Units(ctx, d, w.ID)
	for _, u := range us {
		units[u.ID] = u.Name
	}
	now := time.Now()
	oa, la := audit.Actor{WardID: w.ID, UserID: organ.ID, Username: organ.Username}, audit.Actor{WardID: w.ID, UserID: leader.ID, Username: leader.Username}
	no := false
	id, err := contest.SaveContest(ctx, d, organ, oa, 0, contest.ContestInput{Title: "Cuộc thi trực tuyến toàn thành phố (thử tải)",
		Rules: "Mỗi bài thi 20 câu hỏi, làm trong 20 phút.", Scope: contest.ScopeCity, MinAge: 15, RetentionDays: 30, ExcludeOfficials: &no,
		UnitID: organ.UnitID, ChannelCode: "thi-dua"}, units, channels, now)
	if err != nil {
		return err
	}
	rid, err := contest.SaveRound(ctx, d, organ, oa, id, 0, contest.RoundInput{Title: "Vòng thi thử tải", Opens: contest.FormatTime(now.Add(-2 * time.Minute)),
		Closes: contest.FormatTime(now.Add(15 * time.Minute)), TimeLimit: 20, Attempts: 1, Draw: []contest.Stratum{{Count: 20}},
		Prediction: "Dự đoán có bao nhiêu người trả lời đúng tất cả các câu hỏi?", Prizes: contest.Prizes{First: 1, Second: 2, Third: 3, Consolation: 10}}, themes, now)
	if err != nil {
		return err
	}
	if err := contest.SubmitRound(ctx, d, organ, oa, rid, themes, now); err != nil {
		return err
	}
	if err := contest.DecideRound(ctx, d, leader, la, rid, true, "", themes, now); err != nil {
		return err
	}
	c, err := contest.Get(ctx, d, w.ID, id)
	if err != nil {
		return err
	}
	fmt.Println(c.Slug)
	return nil
}

// codes is the local Zalo ZNS: it keeps the code sent to each phone.
type codes struct {
	mu      sync.Mutex
	byPhone map[string]string
	waiting map[string]chan string
}

func serveZNS(addr string) (*codes, error) {
	c := &codes{byPhone: map[string]string{}, waiting: map[string]chan string{}}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	go http.Serve(ln, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var m struct {
			Phone string            `json:"phone"`
			Data  map[string]string `json:"template_data"`
		}
		if r.URL.Path != "/message/template" || r.Header.Get("access_token") == "" || json.NewDecoder(r.Body).Decode(&m) != nil {
			w.WriteHeader(400)
			io.WriteString(w, `{"error": -1, "message": "bad request"}`)
			return
		}
		phone := "0" + strings.TrimPrefix(m.Phone, "84")
		c.mu.Lock()
		c.byPhone[phone] = m.Data["otp"]
		if ch := c.waiting[phone]; ch != nil {
			select {
			case ch <- m.Data["otp"]:
			default:
			}
		}
		c.mu.Unlock()
		io.WriteString(w, `{"error": 0, "message": "Success", "data": {"msg_id": "1"}}`)
	}))
	return c, nil
}

// wait returns the code sent to phone after since was taken, within 15 s.
func (c *codes) wait(phone string) (string, error) {
	ch := make(chan string, 1)
	c.mu.Lock()
	c.waiting[phone] = ch
	code := c.byPhone[phone]
	c.mu.Unlock()
	defer func() { c.mu.Lock(); delete(c.waiting, phone); c.mu.Unlock() }()
	if code != "" {
		return code, nil
	}
	select {
	case code = <-ch:
		return code, nil
	case <-time.After(15 * time.Second):
		return "", errors.New("no code reached " + phone)
	}
}

func (c *codes) forget(phone string) { c.mu.Lock(); delete(c.byPhone, phone); c.mu.Unlock() }

// stats keeps the latency and outcome of each request type.
type stats struct {
	mu   sync.Mutex
	lat  map[string][]time.Duration
	errs map[string]int
	last map[string]string
}

func newStats() *stats {
	return &stats{lat: map[string][]time.Duration{}, errs: map[string]int{}, last: map[string]string{}}
}

// downAt is when the server was first found gone (the SIGKILL); requests
// sent in the 10 s after it are counted apart, as the restart's.
var downAt atomic.Int64

const restartWindow = 10 * time.Second

// arrivalsEnd is when the last taker arrives: answers and papers sent
// before it share the machine with the registrations, and are counted apart.
var arrivalsEnd atomic.Int64

func (s *stats) ok(kind string, sent time.Time, d time.Duration) {
	if down := downAt.Load(); down != 0 && sent.UnixNano() >= down && sent.Before(time.Unix(0, down).Add(restartWindow)) {
		kind += "@restart"
	} else if end := arrivalsEnd.Load(); (kind == "answer" || kind == "paper") && sent.UnixNano() < end {
		kind += "@arrivals"
	}
	s.mu.Lock()
	s.lat[kind] = append(s.lat[kind], d)
	s.mu.Unlock()
}

func (s *stats) fail(kind, why string) {
	s.mu.Lock()
	s.errs[kind]++
	s.last[kind] = why
	s.mu.Unlock()
}

func (s *stats) print(kinds []string, window map[string]time.Duration) {
	fmt.Printf("%-9s %8s %7s %9s %9s %9s %s\n", "request", "ok", "errors", "p50 ms", "p99 ms", "max ms", "rate")
	for _, k := range kinds {
		l := s.lat[k]
		sort.Slice(l, func(i, j int) bool { return l[i] < l[j] })
		p := func(q float64) float64 {
			if len(l) == 0 {
				return 0
			}
			return float64(l[int(q*float64(len(l)-1))].Microseconds()) / 1000
		}
		rate := ""
		if w := window[k]; w > 0 {
			rate = fmt.Sprintf("%.0f/s over %.0f s", float64(len(l))/w.Seconds(), w.Seconds())
		}
		fmt.Printf("%-9s %8d %7d %9.1f %9.1f %9.1f %s\n", k, len(l), s.errs[k], p(0.5), p(0.99), p(1), rate)
		if s.errs[k] > 0 {
			fmt.Printf("          last error: %s\n", s.last[k])
		}
	}
}

// taker is one simulated phone.
type taker struct {
	base, slug, phone, ip string
	client                *http.Client
	st                    *stats
	takerID, attemptID    int64
	options               map[int][]string // position → option values as shown
	remaining             time.Duration    // the server's figure at the first paper
	fetched               time.Time
	retried               bool // a request had to wait for the server to come back
}

func newTaker(base, slug string, i int, transport *http.Transport, st *stats) *taker {
	jar, _ := cookiejar.New(nil)
	return &taker{base: base, slug: slug, phone: fmt.Sprintf("03%08d", 10000000+i), ip: fmt.Sprintf("10.%d.%d.%d", 1+i>>16&255, i>>8&255, i&255), st: st,
		client: &http.Client{Transport: transport, Jar: jar, Timeout: 30 * time.Second,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// do sends one request; a connection error or a 5xx is retried for up to
// retry (the server being restarted), and the attempt that succeeds counts.
func (t *taker) do(kind, method, path string, form url.Values, header map[string]string, want int, retry time.Duration) (*http.Response, []byte, error) {
	giveUp := time.Now().Add(retry)
	for {
		var body io.Reader
		if form != nil {
			body = strings.NewReader(form.Encode())
		}
		req, _ := http.NewRequest(method, t.base+path, body)
		if form != nil {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		req.Header.Set("X-Forwarded-For", t.ip)
		for k, v := range header {
			req.Header.Set(k, v)
		}
		t0 := time.Now()
		resp, err := t.client.Do(req)
		var b []byte
		if err == nil {
			b, err = io.ReadAll(resp.Body)
			resp.Body.Close()
		}
		d := time.Since(t0)
		switch {
		case err == nil && resp.StatusCode == want:
			t.st.ok(kind, t0, d)
			return resp, b, nil
		case err == nil && resp.StatusCode < 500:
			t.st.fail(kind, fmt.Sprintf("%d %s", resp.StatusCode, excerpt(b)))
			return resp, b, fmt.Errorf("%s: %d", kind, resp.StatusCode)
		}
		why := ""
		if err != nil {
			downAt.CompareAndSwap(0, t0.UnixNano())
			why = err.Error()
		} else {
			why = fmt.Sprintf("%d", resp.StatusCode)
		}
		if time.Now().After(giveUp) {
			t.st.fail(kind, why)
			return nil, nil, fmt.Errorf("%s: %s", kind, why)
		}
		t.st.fail(kind+"-retry", why)
		t.retried = true
		time.Sleep(200 * time.Millisecond)
	}
}

func excerpt(b []byte) string {
	s := regexp.MustCompile(`<[^>]+>`).ReplaceAllString(string(b), " ")
	s = strings.Join(strings.Fields(s), " ")
	if i := strings.Index(s, "Cần sửa trước khi gửi"); i >= 0 {
		s = s[i:]
	}
	if len(s) > 160 {
		s = s[:160]
	}
	return s
}

func (t *taker) csrf() string {
	u, _ := url.Parse(t.base)
	for _, c := range t.client.Jar.Cookies(u) {
		if c.Name == "cchc_csrf" {
			return c.Value
		}
	}
	return ""
}

// enter registers, verifies, starts and reads the paper.
func (t *taker) enter(zns *codes, retry time.Duration) error {
	path := "/cuoc-thi/" + t.slug
	_, page, err := t.do("form", "GET", path+"/dang-ky", nil, nil, 200, retry)
	if err != nil {
		return err
	}
	ch := challengeRe.FindSubmatch(page)
	if ch == nil {
		return errors.New("no challenge")
	}
	zns.forget(t.phone)
	form := url.Values{"csrf": {t.csrf()}, "challenge": {string(ch[1])}, "nonce": {pow.Solve(string(ch[1]))}, "full_name": {"Người Dự Thi"},
		"birth_year": {"1990"}, "address": {"Phường Phú Định"}, "phone": {t.phone}, "official": {"0"}, "consent": {"1"}}
	resp, _, err := t.do("register", "POST", path+"/dang-ky", form, nil, 303, retry)
	if err != nil {
		return err
	}
	codeID := strings.TrimPrefix(resp.Header.Get("Location"), path+"/xac-minh?ma=")
	code, err := zns.wait(t.phone)
	if err != nil {
		t.st.fail("verify", err.Error())
		return err
	}
	if _, _, err := t.do("verify", "POST", path+"/xac-minh", url.Values{"csrf": {t.csrf()}, "ma": {codeID}, "code": {code}}, nil, 303, retry); err != nil {
		return err
	}
	_, page, err = t.do("mine", "GET", path+"/cua-toi", nil, nil, 200, retry)
	if err != nil {
		return err
	}
	m := takerRe.FindSubmatch(page)
	if m == nil {
		t.st.fail("mine", "no start form")
		return errors.New("no start form")
	}
	t.takerID, _ = strconv.ParseInt(string(m[1]), 10, 64)
	resp, _, err = t.do("start", "POST", path+"/vong/1/bat-dau", url.Values{"csrf": {t.csrf()}, "taker": {string(m[1])}, "layout": {"all"}}, nil, 303, retry)
	if err != nil {
		return err
	}
	a := attemptRe.FindStringSubmatch(resp.Header.Get("Location"))
	if a == nil {
		t.st.fail("start", "no paper: "+resp.Header.Get("Location"))
		return errors.New("no paper")
	}
	t.attemptID, _ = strconv.ParseInt(a[1], 10, 64)
	return t.paper(retry)
}

// paper reads the paper: the options of each question, the time left.
func (t *taker) paper(retry time.Duration) error {
	_, page, err := t.do("paper", "GET", fmt.Sprintf("/cuoc-thi/%s/bai/%d", t.slug, t.attemptID), nil, nil, 200, retry)
	if err != nil {
		return err
	}
	t.options = map[int][]string{}
	for _, m := range optionRe.FindAllSubmatch(page, -1) {
		p, _ := strconv.Atoi(string(m[1]))
		t.options[p] = append(t.options[p], string(m[2]))
	}
	dl := deadlineRe.FindSubmatch(page)
	if dl == nil || len(t.options) == 0 {
		return errors.New("the paper has no questions")
	}
	secs, _ := strconv.Atoi(string(dl[1]))
	t.remaining, t.fetched = time.Duration(secs)*time.Second, time.Now()
	return nil
}

func (t *taker) answer(p int, choice string, retry time.Duration) error {
	form := url.Values{"csrf": {t.csrf()}, "q": {strconv.Itoa(p)}, "a" + strconv.Itoa(p): {choice}}
	_, _, err := t.do("answer", "POST", fmt.Sprintf("/cuoc-thi/%s/bai/%d", t.slug, t.attemptID), form, map[string]string{"X-Autosave": "1"}, 204, retry)
	return err
}

// acks writes what the server acknowledged, one line each.
type acks struct {
	mu sync.Mutex
	w  *bufio.Writer
}

func (a *acks) line(format string, args ...any) {
	a.mu.Lock()
	fmt.Fprintf(a.w, format+"\n", args...)
	a.mu.Unlock()
}

func loopback(base string) error {
	u, err := url.Parse(base)
	if err != nil {
		return err
	}
	if ip := net.ParseIP(u.Hostname()); ip == nil || !ip.IsLoopback() {
		return errors.New("-url must be a loopback address: this program loads only the machine it runs on")
	}
	return nil
}

// simulate runs the round: n takers arrive evenly over arrive, answer their
// 20 questions spread over the time until their submission, and submit
// evenly in the last window.
func simulate(base, slug, znsAddr, out string, n int, arrive, answering, submitWin time.Duration, conns int) error {
	if err := loopback(base); err != nil {
		return err
	}
	zns, err := serveZNS(znsAddr)
	if err != nil {
		return err
	}
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	defer f.Close()
	ack := &acks{w: bufio.NewWriter(f)}
	defer ack.w.Flush()
	transport := &http.Transport{MaxConnsPerHost: conns, MaxIdleConnsPerHost: conns, IdleConnTimeout: time.Minute}
	st := newStats()
	start := time.Now()
	submitAt := start.Add(arrive + answering)
	arrivalsEnd.Store(start.Add(arrive).UnixNano())
	var wg sync.WaitGroup
	var entered, submitted, resumed, wrongClock atomic.Int64
	const retry = 30 * time.Second
	for i := range n {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			time.Sleep(time.Until(start.Add(time.Duration(int64(arrive) * int64(i) / int64(n)))))
			t := newTaker(base, slug, i, transport, st)
			if err := t.enter(zns, retry); err != nil {
				return
			}
			entered.Add(1)
			r := rand.New(rand.NewPCG(uint64(i), 27427))
			at := submitAt.Add(time.Duration(r.Int64N(int64(submitWin))))
			positions := make([]int, 0, len(t.options))
			for p := range t.options {
				positions = append(positions, p)
			}
			sort.Ints(positions)
			gap := time.Until(at) / time.Duration(len(positions)+1)
			for k, p := range positions {
				time.Sleep(time.Until(at.Add(-gap * time.Duration(len(positions)-k))))
				choice := t.options[p][r.IntN(len(t.options[p]))]
				t.retried = false
				if err := t.answer(p, choice, retry); err != nil {
					continue
				}
				ack.line("a %d %d %d %s", t.takerID, t.attemptID, p, choice)
				if t.retried { // the server went away and came back: the paper resumes
					clock := t.remaining - time.Since(t.fetched)
					if err := t.paper(retry); err == nil {
						resumed.Add(1)
						if d := t.remaining - clock; d > 3*time.Second || d < -3*time.Second {
							wrongClock.Add(1)
							st.fail("resume", fmt.Sprintf("time left %v, expected %v", t.remaining, clock.Round(time.Second)))
						}
					}
				}
			}
			time.Sleep(time.Until(at))
			pred := url.Values{"csrf": {t.csrf()}, "prediction": {strconv.Itoa(r.IntN(500))}}
			if _, _, err := t.do("submit", "POST", fmt.Sprintf("/cuoc-thi/%s/bai/%d/nop", slug, t.attemptID), pred, nil, 303, retry); err != nil {
				return
			}
			submitted.Add(1)
			ack.line("s %d %d", t.takerID, t.attemptID)
		}(i)
	}
	wg.Wait()
	elapsed := time.Since(start)
	fmt.Printf("round of %d takers: arrivals over %v, submissions over the last %v; %.0f s in all\n", n, arrive, submitWin, elapsed.Seconds())
	fmt.Printf("entered (registered, verified, started): %d; submitted: %d; resumed after the restart: %d, with a wrong clock: %d\n",
		entered.Load(), submitted.Load(), resumed.Load(), wrongClock.Load())
	fmt.Printf("(…@arrivals: sent while takers were still registering; …@restart: sent in the %v after the server was found gone, retried until it answered)\n", restartWindow)
	st.print([]string{"form", "register", "verify", "mine", "start", "paper@arrivals", "paper", "answer@arrivals", "answer", "submit", "answer@restart", "paper@restart",
		"submit@restart", "answer-retry", "submit-retry", "resume"},
		map[string]time.Duration{"answer": elapsed - arrive, "register": arrive, "submit": submitWin})
	return nil
}

// saturation measures answer saves as fast as they go: workers takers
// saving over HTTP for d, then the same rows written by contest.Answer
// through the same driver in this process, with as many goroutines.
func saturation(ctx context.Context, base, slug, znsAddr, url, data string, workers int, d time.Duration) error {
	if err := loopback(base); err != nil {
		return err
	}
	zns, err := serveZNS(znsAddr)
	if err != nil {
		return err
	}
	transport := &http.Transport{MaxConnsPerHost: workers, MaxIdleConnsPerHost: workers}
	st := newStats()
	ts := make([]*taker, workers)
	var wg sync.WaitGroup
	for i := range workers {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			t := newTaker(base, slug, 900000+i, transport, st)
			if err := t.enter(zns, 0); err == nil {
				ts[i] = t
			}
		}(i)
	}
	wg.Wait()
	for _, t := range ts {
		if t == nil {
			st.print([]string{"form", "register", "verify", "mine", "start", "paper"}, nil)
			return errors.New("saturation: a taker could not start")
		}
	}
	loop := func(save func(t *taker, p int, choice string) error) (int64, int64) {
		var ok, bad atomic.Int64
		stop := time.Now().Add(d)
		var wg sync.WaitGroup
		for _, t := range ts {
			wg.Add(1)
			go func(t *taker) {
				defer wg.Done()
				for k := 0; time.Now().Before(stop); k++ {
					p := k % len(t.options)
					if save(t, p, t.options[p][k%len(t.options[p])]) == nil {
						ok.Add(1)
					} else {
						bad.Add(1)
					}
				}
			}(t)
		}
		wg.Wait()
		return ok.Load(), bad.Load()
	}
	httpOK, httpBad := loop(func(t *taker, p int, choice string) error { return t.answer(p, choice, 0) })
	dbh, err := db.Open(ctx, url, data)
	if err != nil {
		return err
	}
	defer dbh.Close()
	w, err := ward.ByCode(ctx, dbh, "27427")
	if err != nil {
		return err
	}
	c, err := contest.BySlug(ctx, dbh, w.ID, slug)
	if err != nil {
		return err
	}
	// The statement the server runs for each save, through the same driver.
	bareOK, bareBad := loop(func(t *taker, p int, choice string) error {
		k, _ := strconv.Atoi(choice)
		return contest.AnswerAs(ctx, dbh, c.ID, t.phone, t.attemptID, p, 1<<k, time.Now())
	})
	h, b := float64(httpOK)/d.Seconds(), float64(bareOK)/d.Seconds()
	fmt.Printf("answer saves at saturation, %d concurrent takers, %v each:\n", workers, d)
	fmt.Printf("  over HTTP (POST with X-Autosave, the server's whole path): %.0f/s (%d refused or failed)\n", h, httpBad)
	fmt.Printf("  bare loop (contest.AnswerAs, the server's statement, through the same driver, no HTTP): %.0f/s (%d failed)\n", b, bareBad)
	fmt.Printf("  ratio HTTP / bare: %.2f (goal ≥ 0.4)\n", h/b)
	st.print([]string{"answer"}, map[string]time.Duration{"answer": d})
	return nil
}

// checkAcks reads the acknowledged lines and the database: every
// acknowledged answer is stored with its choice, every acknowledged
// submission's attempt is closed.
func checkAcks(ctx context.Context, url, data, path string) error {
	d, err := db.Open(ctx, url, data)
	if err != nil {
		return err
	}
	defer d.Close()
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	type key struct {
		attempt int64
		pos     int
	}
	answers := map[key]int{}
	subs := map[int64]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		x := strings.Fields(sc.Text())
		switch {
		case len(x) == 5 && x[0] == "a":
			a, _ := strconv.ParseInt(x[2], 10, 64)
			p, _ := strconv.Atoi(x[3])
			c, _ := strconv.Atoi(x[4])
			answers[key{a, p}] = 1 << c
		case len(x) == 3 && x[0] == "s":
			a, _ := strconv.ParseInt(x[2], 10, 64)
			subs[a] = true
		}
	}
	missing, wrong := 0, 0
	rows, err := d.Query(ctx, `select attempt_id, position, choice from contest_answers`)
	if err != nil {
		return err
	}
	stored := map[key]int{}
	for rows.Next() {
		var k key
		var c int
		rows.Scan(&k.attempt, &k.pos, &c)
		stored[k] = c
	}
	rows.Close()
	for k, c := range answers {
		switch s, ok := stored[k]; {
		case !ok:
			missing++
		case s != c:
			wrong++
		}
	}
	open := 0
	rows, err = d.Query(ctx, `select id, open from contest_attempts`)
	if err != nil {
		return err
	}
	state := map[int64]int{}
	for rows.Next() {
		var id int64
		var o int
		rows.Scan(&id, &o)
		state[id] = o
	}
	rows.Close()
	lost := 0
	for a := range subs {
		if o, ok := state[a]; !ok {
			lost++
		} else if o != 0 {
			open++
		}
	}
	fmt.Printf("acknowledged answers: %d; stored: %d, missing: %d, with another choice: %d\n", len(answers), len(answers)-missing-wrong, missing, wrong)
	fmt.Printf("acknowledged submissions: %d; closed: %d, still open: %d, missing: %d\n", len(subs), len(subs)-open-lost, open, lost)
	if missing+wrong+open+lost > 0 {
		return errors.New("acknowledged work was lost")
	}
	return nil
}
