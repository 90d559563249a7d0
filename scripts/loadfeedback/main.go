// Command loadfeedback loads the public feedback form as many residents
// would: each submission fetches the form (its challenge and CSRF token),
// solves the proof of work and posts. It prints the throughput and latency
// of the submissions and writes every acknowledged tracking code to a file,
// so that a later run with -check can prove none was lost.
//
//	go run ./scripts/loadfeedback -url http://127.0.0.1:8080 -c 64 -d 30s -out codes.txt
//	go run ./scripts/loadfeedback -url http://127.0.0.1:8080 -check codes.txt
package main

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"flag"
	"fmt"
	"io"
	"math/bits"
	"math/rand/v2"
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
)

var (
	challengeRe = regexp.MustCompile(`name="challenge" value="([^"]+)"`)
	csrfRe      = regexp.MustCompile(`name="csrf" value="([^"]+)"`)
	codeRe      = regexp.MustCompile(`PA-[0-9A-Z]{4}-[0-9A-Z]{4}`)
)

func solve(challenge string) string {
	parts := strings.Split(challenge, ".")
	need, _ := strconv.Atoi(parts[2])
	for i := 0; ; i++ {
		h := sha256.Sum256([]byte(challenge + ":" + strconv.Itoa(i)))
		n := 0
		for _, b := range h {
			if b != 0 {
				n += bits.LeadingZeros8(b)
				break
			}
			n += 8
		}
		if n >= need {
			return strconv.Itoa(i)
		}
	}
}

func fakeIP(r *rand.Rand) string {
	return fmt.Sprintf("10.%d.%d.%d", r.IntN(256), r.IntN(256), 1+r.IntN(254))
}

func main() {
	base := flag.String("url", "http://127.0.0.1:8080", "server")
	conns := flag.Int("c", 64, "concurrent residents")
	dur := flag.Duration("d", 30*time.Second, "duration")
	out := flag.String("out", "", "file to append acknowledged codes to")
	check := flag.String("check", "", "verify that every code in this file is stored")
	rate := flag.Int("rate", 0, "submissions per second to offer (0: as fast as the residents can)")
	flag.Parse()
	if *check != "" {
		os.Exit(verify(*base, *check))
	}
	var outFile *os.File
	var outMu sync.Mutex
	if *out != "" {
		f, err := os.OpenFile(*out, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		outFile = f
		defer f.Close()
	}
	transport := &http.Transport{MaxIdleConnsPerHost: *conns, MaxConnsPerHost: *conns}
	var ok, failed atomic.Int64
	var mu sync.Mutex
	var lat []time.Duration
	deadline := time.Now().Add(*dur)
	start := time.Now()
	// With -rate, submissions start on a fixed schedule (an open model, as
	// residents arrive independently), not as soon as the previous answered.
	var tokens chan struct{}
	if *rate > 0 {
		tokens = make(chan struct{}, *conns)
		go func() {
			tick := time.NewTicker(time.Second / time.Duration(*rate))
			defer tick.Stop()
			for time.Now().Before(deadline) {
				<-tick.C
				select {
				case tokens <- struct{}{}:
				default: // every resident busy: the offered load is not met, which the report shows
				}
			}
			close(tokens)
		}()
	}
	var wg sync.WaitGroup
	for w := 0; w < *conns; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(w), uint64(time.Now().UnixNano())))
			jar, _ := cookiejar.New(nil)
			client := &http.Client{Transport: transport, Jar: jar, Timeout: 10 * time.Second,
				CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
			var local []time.Duration
			for time.Now().Before(deadline) {
				if tokens != nil {
					if _, ok := <-tokens; !ok {
						break
					}
				}
				ip := fakeIP(r)
				req, _ := http.NewRequest("GET", *base+"/phan-anh", nil)
				req.Header.Set("X-Forwarded-For", ip)
				resp, err := client.Do(req)
				if err != nil {
					failed.Add(1)
					time.Sleep(50 * time.Millisecond)
					continue
				}
				page, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				ch, cs := challengeRe.FindSubmatch(page), csrfRe.FindSubmatch(page)
				if ch == nil || cs == nil {
					failed.Add(1)
					continue
				}
				phone := fmt.Sprintf("09%08d", r.IntN(100_000_000))
				form := url.Values{"csrf": {string(cs[1])}, "challenge": {string(ch[1])}, "nonce": {solve(string(ch[1]))}, "category": {"dich_vu"},
					"title": {"Chờ lâu tại quầy một cửa"}, "description": {"Tôi chờ hơn một giờ để nộp hồ sơ chứng thực. Đề nghị bố trí thêm người."},
					"name": {"Người dân thử tải"}, "phone": {phone}, "consent": {"1"}}
				req, _ = http.NewRequest("POST", *base+"/phan-anh", strings.NewReader(form.Encode()))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				req.Header.Set("X-Forwarded-For", ip)
				t0 := time.Now()
				resp, err = client.Do(req)
				if err != nil {
					failed.Add(1)
					continue
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				d := time.Since(t0)
				code := codeRe.Find(body)
				if resp.StatusCode != http.StatusCreated || code == nil {
					failed.Add(1)
					continue
				}
				ok.Add(1)
				local = append(local, d)
				if outFile != nil {
					outMu.Lock()
					fmt.Fprintf(outFile, "%s %s\n", code, phone[len(phone)-4:])
					outMu.Unlock()
				}
			}
			mu.Lock()
			lat = append(lat, local...)
			mu.Unlock()
		}(w)
	}
	wg.Wait()
	elapsed := time.Since(start)
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	pct := func(p float64) time.Duration {
		if len(lat) == 0 {
			return 0
		}
		return lat[int(p*float64(len(lat)-1))]
	}
	fmt.Printf("submissions acknowledged: %d in %.1fs = %.0f/s (failed or refused: %d)\n", ok.Load(), elapsed.Seconds(), float64(ok.Load())/elapsed.Seconds(), failed.Load())
	fmt.Printf("submission latency: p50 %.1f ms, p99 %.1f ms, max %.1f ms\n", ms(pct(0.5)), ms(pct(0.99)), ms(pct(1)))
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// verify looks every acknowledged code up on the tracking page.
func verify(base, path string) int {
	f, err := os.Open(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer f.Close()
	client := &http.Client{Timeout: 10 * time.Second}
	r := rand.New(rand.NewPCG(1, 2))
	total, missing := 0, 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) != 2 {
			continue
		}
		total++
		req, _ := http.NewRequest("GET", base+"/phan-anh/tra-cuu?ma="+fields[0]+"&so="+fields[1], nil)
		req.Header.Set("X-Forwarded-For", fakeIP(r))
		resp, err := client.Do(req)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || !bytes.Contains(body, []byte(fields[0])) {
			missing++
			fmt.Printf("missing: %s (%d)\n", fields[0], resp.StatusCode)
		}
	}
	fmt.Printf("acknowledged codes checked: %d, present: %d, missing: %d\n", total, total-missing, missing)
	if missing > 0 {
		return 1
	}
	return 0
}
