// Package socialtest runs local fakes of the Facebook Graph page-feed and
// Zalo OA article endpoints, answering as the providers document, errors
// included, and keeping what they receive.
package socialtest

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"
)

// Fake is a running pair of fake providers.
type Fake struct {
	Facebook *httptest.Server
	Zalo     *httptest.Server

	mu       sync.Mutex
	FBPosts  []map[string]string // form fields received
	ZaloPost []map[string]any    // JSON bodies received
	// FailNext makes the next N calls of a provider answer a rate-limit error.
	FailNext map[string]int
}

// Start runs the fakes until the test ends. Valid tokens are "fb-token"
// and "zalo-token"; any other is refused as the providers refuse them.
func Start(t testing.TB) *Fake {
	f := &Fake{FailNext: map[string]int{}}
	f.Facebook = httptest.NewServer(http.HandlerFunc(f.facebook))
	f.Zalo = httptest.NewServer(http.HandlerFunc(f.zalo))
	t.Cleanup(func() { f.Facebook.Close(); f.Zalo.Close() })
	return f
}

func (f *Fake) fail(provider string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.FailNext[provider] > 0 {
		f.FailNext[provider]--
		return true
	}
	return false
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func fbError(w http.ResponseWriter, status, code int, typ, msg string) {
	writeJSON(w, status, map[string]any{"error": map[string]any{"message": msg, "type": typ, "code": code, "fbtrace_id": "AbCdEf123"}})
}

// facebook answers POST /{page-id}/feed.
func (f *Fake) facebook(w http.ResponseWriter, r *http.Request) {
	parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	if r.Method != "POST" || len(parts) != 2 || parts[1] != "feed" {
		fbError(w, 400, 100, "GraphMethodException", "Unsupported post request.")
		return
	}
	r.ParseForm()
	if f.fail("facebook") {
		fbError(w, 400, 4, "OAuthException", "Application request limit reached")
		return
	}
	if r.PostFormValue("access_token") != "fb-token" {
		fbError(w, 400, 190, "OAuthException", "Invalid OAuth access token - Cannot parse access token")
		return
	}
	if r.PostFormValue("message") == "" && r.PostFormValue("link") == "" {
		fbError(w, 400, 100, "OAuthException", "(#100) Missing message or attachment")
		return
	}
	f.mu.Lock()
	post := map[string]string{"page": parts[0], "message": r.PostFormValue("message"), "link": r.PostFormValue("link")}
	f.FBPosts = append(f.FBPosts, post)
	n := len(f.FBPosts)
	f.mu.Unlock()
	writeJSON(w, 200, map[string]string{"id": parts[0] + "_" + strconv.Itoa(1000+n)})
}

// zalo answers POST /v2.0/article/create.
func (f *Fake) zalo(w http.ResponseWriter, r *http.Request) {
	if r.Method != "POST" || r.URL.Path != "/v2.0/article/create" {
		writeJSON(w, 404, map[string]any{"error": 404, "message": "Not found"})
		return
	}
	if f.fail("zalo") {
		writeJSON(w, 200, map[string]any{"error": -32, "message": "Request exceeds rate limit"})
		return
	}
	if r.Header.Get("access_token") != "zalo-token" {
		writeJSON(w, 200, map[string]any{"error": -216, "message": "Access token is invalid"})
		return
	}
	var body map[string]any
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		writeJSON(w, 200, map[string]any{"error": -201, "message": "Parameters are invalid"})
		return
	}
	title, _ := body["title"].(string)
	author, _ := body["author"].(string)
	desc, _ := body["description"].(string)
	items, _ := body["body"].([]any)
	if body["type"] != "normal" || title == "" || utf8.RuneCountInString(title) > 150 || author == "" || utf8.RuneCountInString(author) > 50 ||
		desc == "" || utf8.RuneCountInString(desc) > 300 || len(items) == 0 {
		writeJSON(w, 200, map[string]any{"error": -201, "message": "Parameters are invalid"})
		return
	}
	f.mu.Lock()
	f.ZaloPost = append(f.ZaloPost, body)
	n := len(f.ZaloPost)
	f.mu.Unlock()
	writeJSON(w, 200, map[string]any{"error": 0, "message": "Success", "data": map[string]any{"token": "zalo-article-" + strconv.Itoa(n)}})
}

// Received returns how many posts each fake accepted.
func (f *Fake) Received() (facebook, zalo int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.FBPosts), len(f.ZaloPost)
}
