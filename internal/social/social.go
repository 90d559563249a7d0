// Package social posts published articles to the ward's Facebook Page
// (Graph API page feed) and Zalo Official Account (article API) through a
// durable outbox: a row per article and network, written with the
// publication, delivered in the background with retries and back-off, its
// state and the provider's answer kept for editors to see.
package social

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/cchc-vn/cchc/internal/check"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/vn"
)

// Providers.
const (
	Facebook = "facebook"
	Zalo     = "zalo"
)

// ProviderName is the name people know.
func ProviderName(p string) string {
	switch p {
	case Facebook:
		return "Facebook"
	case Zalo:
		return "Zalo OA"
	}
	return p
}

// Account is a ward's page on one network.
type Account struct {
	Provider string
	PageID   string // the Facebook Page id; unused by Zalo, whose token names the OA
	Token    string
}

// Post is what is published.
type Post struct {
	Title, Summary, Body, URL, ImageURL, Author string
}

// Error is a provider's refusal. Temporary ones are retried.
type Error struct {
	Provider  string
	Code      int
	Message   string
	Temporary bool
}

func (e *Error) Error() string { return fmt.Sprintf("%s error %d: %s", e.Provider, e.Code, e.Message) }

// Poster publishes to one network.
type Poster interface {
	Post(ctx context.Context, acc Account, p Post) (remoteID string, raw string, err error)
}

// FacebookPages posts to a Page's feed: POST {Base}/{page-id}/feed with
// message, link and the Page access token. Graph answers {"id": …} or
// {"error": {"message", "type", "code", "fbtrace_id"}}.
type FacebookPages struct {
	Base string // default https://graph.facebook.com/v21.0
	HTTP *http.Client
}

func (f FacebookPages) Post(ctx context.Context, acc Account, p Post) (string, string, error) {
	base := f.Base
	if base == "" {
		base = "https://graph.facebook.com/v21.0"
	}
	msg := p.Title
	if p.Summary != "" {
		msg += "\n\n" + p.Summary
	}
	form := url.Values{"message": {msg}, "link": {p.URL}, "access_token": {acc.Token}}
	req, err := http.NewRequestWithContext(ctx, "POST", base+"/"+url.PathEscape(acc.PageID)+"/feed", strings.NewReader(form.Encode()))
	if err != nil {
		return "", "", err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	raw, status, err := do(f.HTTP, req)
	if err != nil {
		return "", raw, &Error{Provider: Facebook, Message: err.Error(), Temporary: true}
	}
	var out struct {
		ID    string `json:"id"`
		Error *struct {
			Message string `json:"message"`
			Type    string `json:"type"`
			Code    int    `json:"code"`
		} `json:"error"`
	}
	if err := json.Unmarshal([]byte(raw), &out); err != nil {
		return "", raw, &Error{Provider: Facebook, Code: status, Message: "unreadable answer", Temporary: status >= 500}
	}
	if out.Error != nil {
		// 1, 2: temporary; 4, 17, 32, 613: rate limits; others (190 token, 200 permission, 100 parameter) need a person.
		switch out.Error.Code {
		case 1, 2, 4, 17, 32, 341, 613:
			return "", raw, &Error{Provider: Facebook, Code: out.Error.Code, Message: out.Error.Message, Temporary: true}
		}
		return "", raw, &Error{Provider: Facebook, Code: out.Error.Code, Message: out.Error.Message, Temporary: status >= 500}
	}
	if out.ID == "" {
		return "", raw, &Error{Provider: Facebook, Code: status, Message: "no post id in the answer", Temporary: true}
	}
	return out.ID, raw, nil
}

// ZaloOA creates an article on an Official Account: POST
// {Base}/v2.0/article/create with the access_token header and a JSON body
// (type normal, title ≤ 150, author ≤ 50, cover photo, description ≤ 300,
// body items). Zalo answers {"error": 0, "message", "data": {"token"}} or a
// non-zero error code.
type ZaloOA struct {
	Base string // default https://openapi.zalo.me
	HTTP *http.Client
}

func (z ZaloOA) Post(ctx context.Context, acc Account, p Post) (string, string, error) {
	base := z.Base
	if base == "" {
		base = "https://openapi.zalo.me"
	}
	desc := p.Summary
	if desc == "" {
		desc = p.Title
	}
	body := []map[string]string{{"type": "text", "content": p.Body}, {"type": "text", "content": "Xem đầy đủ: " + p.URL}}
	payload := map[string]any{"type": "normal", "title": vn.Excerpt(p.Title, 150), "author": vn.Excerpt(p.Author, 50), "description": vn.Excerpt(desc, 300),
		"body": body, "status": "show", "comment": "show", "tracking_link": p.URL}
	if p.ImageURL != "" {
		payload["cover"] = map[string]string{"cover_type": "photo", "photo_url": p.ImageURL, "status": "show"}
	}
	b, _ := json.Marshal(payload)
	req, err := http.NewRequestWithContext(ctx, "POST", base+"/v2.0/article/create", bytes.NewReader(b))
	if err != nil {
		return "", "", err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("access_token", acc.Token)
	raw, status, err := do(z.HTTP, req)
	if err != nil {
		return "", raw, &Error{Provider: Zalo, Message: err.Error(), Temporary: true}
	}
	var out struct {
		Error   int    `json:"error"`
		Message string `json:"message"`
		Data    struct {
			Token string `json:"token"`
		} `json:"data"`
	}
	if err := json.Unmarshal([]byte(raw), &out); err != nil {
		return "", raw, &Error{Provider: Zalo, Code: status, Message: "unreadable answer", Temporary: status >= 500}
	}
	if out.Error != 0 {
		// -32: rate limit; -216 invalid token, -201 bad parameter: a person must act.
		return "", raw, &Error{Provider: Zalo, Code: out.Error, Message: out.Message, Temporary: out.Error == -32 || status >= 500}
	}
	return out.Data.Token, raw, nil
}

func do(c *http.Client, req *http.Request) (string, int, error) {
	if c == nil {
		c = &http.Client{Timeout: 20 * time.Second}
	}
	resp, err := c.Do(req)
	if err != nil {
		return "", 0, err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	return string(b), resp.StatusCode, nil
}

// SetAccount saves a ward's page and token, sealed when the deployment has a
// secret; the token is never shown again.
func SetAccount(ctx context.Context, q db.Querier, sealer *Sealer, wardID int64, provider, pageID, token string) error {
	pageID, token = strings.TrimSpace(pageID), strings.TrimSpace(token)
	e := check.Errors{}
	if provider != Facebook && provider != Zalo {
		e["provider"] = "Mạng xã hội không hợp lệ."
	}
	switch {
	case provider == Facebook && pageID == "":
		e["page_id"] = "Vui lòng nhập mã Trang Facebook (Page ID)."
	case len(pageID) > 30 || strings.Trim(pageID, "0123456789") != "":
		e["page_id"] = "Mã Trang chỉ gồm chữ số (xem trong phần Giới thiệu của Trang), tối đa 30 chữ số."
	}
	switch {
	case token == "" || len(token) > 2000:
		e["token"] = "Vui lòng nhập mã truy cập (access token)."
	case strings.ContainsFunc(token, func(r rune) bool { return r <= ' ' || r > '~' }):
		// Both networks issue tokens of printable ASCII; anything else is a paste gone wrong.
		e["token"] = "Mã truy cập chỉ gồm chữ cái không dấu, chữ số và ký hiệu, không có khoảng trắng; vui lòng sao chép lại."
	}
	if err := e.Err(); err != nil {
		return err
	}
	_, err := q.Exec(ctx, `insert into social_accounts (ward_id, provider, page_id, token, updated_at) values (?, ?, ?, ?, ?)
		on conflict (ward_id, provider) do update set page_id = excluded.page_id, token = excluded.token, updated_at = excluded.updated_at`,
		wardID, provider, pageID, sealer.seal(token), db.Now())
	return err
}

// RemoveAccount stops posting to a network.
func RemoveAccount(ctx context.Context, q db.Querier, wardID int64, provider string) error {
	_, err := q.Exec(ctx, `delete from social_accounts where ward_id = ? and provider = ?`, wardID, provider)
	return err
}

// Configured lists a ward's networks with their page ids and when the
// token was set; tokens themselves never leave the database.
type Configured struct {
	Provider  string
	PageID    string
	UpdatedAt time.Time
}

// Accounts returns what is configured for a ward.
func Accounts(ctx context.Context, q db.Querier, wardID int64) ([]Configured, error) {
	rows, err := q.Query(ctx, `select provider, page_id, updated_at from social_accounts where ward_id = ? order by provider`, wardID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Configured
	for rows.Next() {
		var c Configured
		var at string
		if err := rows.Scan(&c.Provider, &c.PageID, &at); err != nil {
			return nil, err
		}
		c.UpdatedAt = db.ParseTime(at)
		out = append(out, c)
	}
	return out, rows.Err()
}

// Outbox states.
const (
	Pending = "pending"
	Sending = "sending"
	Sent    = "sent"
	Failed  = "failed"
)

// StateName is the Vietnamese label of a state.
func StateName(s string) string {
	switch s {
	case Pending:
		return "Chờ gửi"
	case Sending:
		return "Đang gửi"
	case Sent:
		return "Đã đăng"
	case Failed:
		return "Lỗi, cần xử lý"
	}
	return s
}

// Enqueue queues an article for every network the ward has, to go out at
// when (its publication time), in the caller's transaction.
func Enqueue(ctx context.Context, q db.Querier, wardID, articleID int64, when time.Time) error {
	_, err := q.Exec(ctx, `insert into social_posts (ward_id, article_id, provider, state, next_at, created_at, updated_at)
		select ward_id, ?, provider, ?, ?, ?, ? from social_accounts where ward_id = ?
		on conflict (article_id, provider) do nothing`, articleID, Pending, db.FormatTime(when), db.Now(), db.Now(), wardID)
	return err
}

// State is one article's post on one network.
type State struct {
	ID        int64
	Provider  string
	State     string
	Tries     int
	NextAt    time.Time
	RemoteID  string
	Response  string
	UpdatedAt time.Time
}

// States returns an article's posts.
func States(ctx context.Context, q db.Querier, articleID int64) ([]State, error) {
	rows, err := q.Query(ctx, `select id, provider, state, tries, next_at, remote_id, response, updated_at from social_posts where article_id = ? order by provider`, articleID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []State
	for rows.Next() {
		var s State
		var next, upd string
		if err := rows.Scan(&s.ID, &s.Provider, &s.State, &s.Tries, &next, &s.RemoteID, &s.Response, &upd); err != nil {
			return nil, err
		}
		s.NextAt, s.UpdatedAt = db.ParseTime(next), db.ParseTime(upd)
		out = append(out, s)
	}
	return out, rows.Err()
}

// Retry puts an article's failed post back in the queue.
func Retry(ctx context.Context, q db.Querier, wardID, articleID, id int64) error {
	_, err := q.Exec(ctx, `update social_posts set state = ?, tries = 0, next_at = ?, updated_at = ? where ward_id = ? and article_id = ? and id = ? and state = ?`,
		Pending, db.Now(), db.Now(), wardID, articleID, id, Failed)
	return err
}

// backoff is the wait after the n-th failure: 1 min, 5 min, 30 min, 2 h, 12 h.
func backoff(n int) time.Duration {
	steps := []time.Duration{time.Minute, 5 * time.Minute, 30 * time.Minute, 2 * time.Hour, 12 * time.Hour}
	if n-1 < len(steps) {
		return steps[max(n-1, 0)]
	}
	return 0
}

// maxTries is when a temporary failure becomes a failure for a person to see.
const maxTries = 6

// Compose builds the post of an article (news.Post, with the ward's address).
type Compose func(ctx context.Context, wardID, articleID int64) (Post, error)

// Deliver sends the posts that are due, claiming each first so that several
// servers may run it. It returns how many were delivered.
func Deliver(ctx context.Context, d *db.DB, sealer *Sealer, posters map[string]Poster, compose Compose, now time.Time, limit int) (int, error) {
	rows, err := d.Query(ctx, `select p.id, p.ward_id, p.article_id, p.provider, p.tries, a.page_id, a.token from social_posts p
		join social_accounts a on a.ward_id = p.ward_id and a.provider = p.provider
		where p.state = ? and p.next_at <= ? order by p.next_at limit ?`, Pending, db.FormatTime(now), limit)
	if err != nil {
		return 0, err
	}
	type job struct {
		id, ward, article int64
		provider          string
		tries             int
		acc               Account
	}
	var jobs []job
	for rows.Next() {
		var j job
		if err := rows.Scan(&j.id, &j.ward, &j.article, &j.provider, &j.tries, &j.acc.PageID, &j.acc.Token); err != nil {
			rows.Close()
			return 0, err
		}
		j.acc.Provider = j.provider
		jobs = append(jobs, j)
	}
	rows.Close()
	sent := 0
	for _, j := range jobs {
		res, err := d.Exec(ctx, `update social_posts set state = ?, updated_at = ? where id = ? and state = ?`, Sending, db.Now(), j.id, Pending)
		if err != nil {
			return sent, err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			continue
		}
		poster := posters[j.provider]
		post, err := compose(ctx, j.ward, j.article)
		if err == nil {
			j.acc.Token, err = sealer.open(j.acc.Token)
		}
		var remote, raw string
		switch {
		case err != nil:
		case poster == nil:
			err = &Error{Provider: j.provider, Message: "no client configured for this network"}
		default:
			remote, raw, err = poster.Post(ctx, j.acc, post)
		}
		state, next, tries := Sent, now, j.tries+1
		var pe *Error
		if err != nil {
			state = Failed
			if errors.As(err, &pe) && pe.Temporary && tries < maxTries {
				state, next = Pending, now.Add(backoff(tries))
			}
			if raw == "" {
				raw = err.Error()
			}
		} else {
			sent++
		}
		if len(raw) > 2000 {
			raw = raw[:2000]
		}
		if _, err := d.Exec(ctx, `update social_posts set state = ?, tries = ?, next_at = ?, remote_id = ?, response = ?, updated_at = ? where id = ?`,
			state, tries, db.FormatTime(next), remote, raw, db.Now(), j.id); err != nil {
			return sent, err
		}
	}
	return sent, nil
}
