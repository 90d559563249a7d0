package notice

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Text is a short message to a phone: a one-time code. Body is the whole
// message, for SMS and the console; Template and Params are the same message
// as a Zalo ZNS template (an approved template with its parameters).
type Text struct {
	Phone    string // 10 digits, starting with 0
	Body     string
	Template string // "otp": the one-time code template
	Params   map[string]string
	ID       string // the message's own id, so a provider drops a repeat (ZNS tracking_id, eSMS RequestId); made when empty
	Via      string // ViaSMS: only by SMS (the person chose it); empty: the configured order
	Link     string // a page of the portal (/phan-anh/tra-cuu?ma=…): queued as a path, sent as a full address
}

// ViaSMS holds a text to SMS: Zalo passes it on to the next channel.
const ViaSMS = "sms"

// Texter sends texts: Zalo ZNS in production, the log in the demonstration,
// a recorder in tests.
type Texter interface {
	SendText(ctx context.Context, t Text) error
}

// Console writes texts to the log, for the demonstration and development.
type Console struct{ Log *slog.Logger }

func (c Console) SendText(ctx context.Context, t Text) error {
	c.Log.Info("text message (not sent: console)", "phone", t.Phone, "body", t.Body)
	return nil
}

// FailureKind says what the outbox does after a provider refused a message.
type FailureKind int

const (
	// Retry: try again later (the network, a rate limit, the provider's own
	// error, a quota used up until it is topped up).
	Retry FailureKind = iota
	// Unreachable: this channel cannot reach this person (not a Zalo user,
	// a number the provider refuses): try the next channel.
	Unreachable
	// Permanent: the setting is wrong (a key, a template, a brand name):
	// nothing reaches anyone until an administrator acts.
	Permanent
)

// Failure is a provider's refusal, with its code and what it means for the
// outbox.
type Failure struct {
	Provider, Code, Message string
	Kind                    FailureKind
}

func (f *Failure) Error() string {
	return f.Provider + ": " + f.Code + " " + f.Message
}

// KindOf classifies an error from SendText: a Failure says; any other
// (the network, a timeout) is worth a retry.
func KindOf(err error) FailureKind {
	var f *Failure
	if errors.As(err, &f) {
		return f.Kind
	}
	return Retry
}

// httpKind is what an HTTP status alone says.
func httpKind(status int) FailureKind {
	switch {
	case status == http.StatusTooManyRequests || status >= 500:
		return Retry
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		return Permanent
	}
	return Retry
}

// Chain sends through each texter in turn while the earlier ones cannot
// reach the person: Zalo first, SMS when the number has no Zalo account.
type Chain []Texter

func (c Chain) SendText(ctx context.Context, t Text) error {
	var err error
	for _, tx := range c {
		if err = tx.SendText(ctx, t); err == nil || KindOf(err) != Unreachable {
			return err
		}
	}
	return err
}

func newID() string { return fmt.Sprintf("cchc-%d", time.Now().UnixNano()) }

// ZNS sends through Zalo Notification Service: POST /message/template with
// the Official Account's access token, the phone as 84…, an approved
// template's id and its parameters. Templates maps our template names
// ("otp") to Zalo's template ids. With Token set, the access token is
// refreshed before it expires and once more when Zalo calls it invalid.
type ZNS struct {
	Endpoint    string // https://business.openapi.zalo.me
	AccessToken string // a fixed token, when Token is nil
	Token       *ZaloToken
	Templates   map[string]string
	Client      *http.Client
}

// znsKinds classifies Zalo's error numbers (zalo.cloud, "Cách xử lý mã
// lỗi"); a number not listed is retried.
var znsKinds = map[int]FailureKind{
	-100: Retry,                                                                                          // unknown error, try again later
	-101: Permanent, -102: Permanent, -103: Permanent, -104: Permanent, -105: Permanent, -106: Permanent, // the application
	-108: Unreachable,                                                  // phone number invalid
	-109: Permanent, -111: Permanent, -112: Permanent, -117: Permanent, // the template, its data, the right to use it
	-114: Unreachable, // the user is inactive, refuses ZNS or runs an old Zalo
	-115: Retry,       // out of quota: retried once the account is topped up
	-118: Unreachable, // no Zalo account for the number
	-119: Unreachable, // the account cannot receive ZNS
	-124: Permanent,   // access token invalid (refreshed first when it can be)
}

// SendText sends one template message and reads Zalo's answer: error 0 is
// success, anything else a Failure.
func (z *ZNS) SendText(ctx context.Context, t Text) error {
	if t.Via == ViaSMS {
		return &Failure{Provider: "zns", Code: "via", Message: "the person chose SMS", Kind: Unreachable}
	}
	// A message without a template here is one Zalo cannot carry: the next
	// channel (SMS, which needs none) may.
	id := z.Templates[t.Template]
	if id == "" {
		return &Failure{Provider: "zns", Code: "template", Message: "no template configured for " + t.Template, Kind: Unreachable}
	}
	if t.ID == "" {
		t.ID = newID()
	}
	phone := t.Phone
	if strings.HasPrefix(phone, "0") {
		phone = "84" + phone[1:]
	}
	body, _ := json.Marshal(map[string]any{"phone": phone, "template_id": id, "template_data": t.Params, "tracking_id": t.ID})
	err := z.send(ctx, body, false)
	var f *Failure
	if errors.As(err, &f) && f.Code == "-124" && z.Token != nil { // revoked early: refresh once
		err = z.send(ctx, body, true)
	}
	return err
}

func (z *ZNS) send(ctx context.Context, body []byte, fresh bool) error {
	token := z.AccessToken
	if z.Token != nil {
		var err error
		if token, err = z.Token.Get(ctx, fresh); err != nil {
			return err
		}
	}
	req, err := http.NewRequestWithContext(ctx, "POST", strings.TrimRight(z.Endpoint, "/")+"/message/template", bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("access_token", token)
	resp, err := z.Client.Do(req)
	if err != nil {
		return fmt.Errorf("zns: %w", err)
	}
	defer resp.Body.Close()
	var out struct {
		Error   int    `json:"error"`
		Message string `json:"message"`
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<16)).Decode(&out); err != nil || resp.StatusCode != http.StatusOK {
		return &Failure{Provider: "zns", Code: "HTTP " + strconv.Itoa(resp.StatusCode), Message: out.Message, Kind: httpKind(resp.StatusCode)}
	}
	if out.Error != 0 {
		kind, ok := znsKinds[out.Error]
		if !ok {
			kind = Retry
		}
		return &Failure{Provider: "zns", Code: strconv.Itoa(out.Error), Message: out.Message, Kind: kind}
	}
	return nil
}

// ZaloToken keeps an Official Account's access token fresh through Zalo's
// OAuth v4: POST {OAuth}/v4/oa/access_token with the app's secret key as
// the secret_key header and app_id, refresh_token and
// grant_type=refresh_token as the form. Each refresh returns a new refresh
// token (the old one stops working), which Save must keep.
type ZaloToken struct {
	OAuth        string // https://oauth.zaloapp.com
	AppID        string
	SecretKey    string
	RefreshToken string
	Client       *http.Client
	// Save keeps a refreshed pair where every node reads it; Load reads
	// the pair kept, when another node (or this one before a restart) has
	// refreshed. Both may be nil.
	Save func(ctx context.Context, access, refresh string, expires time.Time) error
	Load func(ctx context.Context) (access, refresh string, expires time.Time, err error)

	mu      sync.Mutex
	access  string
	expires time.Time
	now     func() time.Time
}

// early is how long before its expiry a token is replaced.
const early = 5 * time.Minute

// Get returns an access token valid for a few minutes more, refreshing it
// when needed or when fresh is set.
func (z *ZaloToken) Get(ctx context.Context, fresh bool) (string, error) {
	z.mu.Lock()
	defer z.mu.Unlock()
	now := time.Now
	if z.now != nil {
		now = z.now
	}
	if z.access == "" && z.Load != nil {
		if err := z.adopt(ctx); err != nil {
			return "", err
		}
	}
	if !fresh && z.access != "" && now().Add(early).Before(z.expires) {
		return z.access, nil
	}
	used := z.RefreshToken
	access, err := z.refresh(ctx, now)
	var f *Failure
	if errors.As(err, &f) && f.Kind == Permanent && z.Load != nil {
		// Another node may have used the refresh token first: take the pair
		// it kept, and refresh with it if its access token is near its end.
		if lerr := z.adopt(ctx); lerr != nil {
			return "", lerr
		}
		if z.RefreshToken != used {
			if now().Add(early).Before(z.expires) {
				return z.access, nil
			}
			return z.refresh(ctx, now)
		}
	}
	return access, err
}

// adopt takes the kept pair, if any.
func (z *ZaloToken) adopt(ctx context.Context) error {
	access, refresh, expires, err := z.Load(ctx)
	if err != nil || refresh == "" {
		return err
	}
	z.access, z.RefreshToken, z.expires = access, refresh, expires
	return nil
}

func (z *ZaloToken) refresh(ctx context.Context, now func() time.Time) (string, error) {
	form := url.Values{"app_id": {z.AppID}, "refresh_token": {z.RefreshToken}, "grant_type": {"refresh_token"}}
	req, err := http.NewRequestWithContext(ctx, "POST", strings.TrimRight(z.OAuth, "/")+"/v4/oa/access_token", strings.NewReader(form.Encode()))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("secret_key", z.SecretKey)
	resp, err := z.Client.Do(req)
	if err != nil {
		return "", fmt.Errorf("zalo oauth: %w", err)
	}
	defer resp.Body.Close()
	var out struct {
		AccessToken  string `json:"access_token"`
		RefreshToken string `json:"refresh_token"`
		ExpiresIn    string `json:"expires_in"` // seconds, as a string
		Error        int    `json:"error"`
		Name         string `json:"error_name"`
		Reason       string `json:"error_reason"`
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<16)).Decode(&out); err != nil || resp.StatusCode != http.StatusOK {
		return "", &Failure{Provider: "zalo oauth", Code: "HTTP " + strconv.Itoa(resp.StatusCode), Kind: httpKind(resp.StatusCode)}
	}
	secs, err := strconv.Atoi(out.ExpiresIn)
	if out.Error != 0 || out.AccessToken == "" || out.RefreshToken == "" || err != nil {
		// A refresh token used or expired: an administrator grants access again.
		return "", &Failure{Provider: "zalo oauth", Code: strconv.Itoa(out.Error), Message: strings.TrimSpace(out.Name + " " + out.Reason), Kind: Permanent}
	}
	z.access, z.RefreshToken, z.expires = out.AccessToken, out.RefreshToken, now().Add(time.Duration(secs)*time.Second)
	if z.Save != nil {
		if err := z.Save(ctx, z.access, z.RefreshToken, z.expires); err != nil {
			return "", err
		}
	}
	return z.access, nil
}

// ESMS sends a brand-name SMS through eSMS.vn: POST
// /MainService.svc/json/SendMultipleMessage_V4_post_json/ with the API and
// secret keys, the brand name registered for the ward and SmsType 2
// (customer care); CodeResult 100 is accepted.
type ESMS struct {
	Endpoint  string // https://rest.esms.vn
	APIKey    string
	SecretKey string
	Brandname string
	Sandbox   bool
	Client    *http.Client
}

// esmsKinds classifies eSMS's result codes (its table of error codes).
var esmsKinds = map[string]FailureKind{
	"99":  Unreachable, // the number is blocked
	"101": Permanent,   // wrong API or secret key
	"102": Permanent,   // no price list
	"103": Retry,       // balance too low: retried once topped up
	"104": Permanent,   // brand name not registered
	"108": Unreachable, // phone number format
	"140": Permanent,   // this server's address is not allowed
	"146": Permanent,   // content does not match a registered template
	"177": Unreachable, // the brand name is not registered with this number's network
}

func (s *ESMS) SendText(ctx context.Context, t Text) error {
	if t.ID == "" {
		t.ID = newID()
	}
	content := t.Body
	if content == "" && t.Template == "otp" {
		content = "Ma xac minh cua ban la " + t.Params["otp"]
	}
	unicode := "0"
	for _, r := range content {
		if r > 127 {
			unicode = "1"
			break
		}
	}
	sandbox := "0"
	if s.Sandbox {
		sandbox = "1"
	}
	body, _ := json.Marshal(map[string]string{"ApiKey": s.APIKey, "SecretKey": s.SecretKey, "Content": content, "Phone": t.Phone,
		"Brandname": s.Brandname, "SmsType": "2", "IsUnicode": unicode, "Sandbox": sandbox, "RequestId": t.ID})
	req, err := http.NewRequestWithContext(ctx, "POST", strings.TrimRight(s.Endpoint, "/")+"/MainService.svc/json/SendMultipleMessage_V4_post_json/", bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := s.Client.Do(req)
	if err != nil {
		return fmt.Errorf("esms: %w", err)
	}
	defer resp.Body.Close()
	var out struct {
		CodeResult   string `json:"CodeResult"`
		ErrorMessage string `json:"ErrorMessage"`
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<16)).Decode(&out); err != nil || resp.StatusCode != http.StatusOK {
		return &Failure{Provider: "esms", Code: "HTTP " + strconv.Itoa(resp.StatusCode), Kind: httpKind(resp.StatusCode)}
	}
	switch out.CodeResult {
	case "100", "124": // accepted; 124 is a RequestId already accepted, a retry of a sent message
		return nil
	}
	kind, ok := esmsKinds[out.CodeResult]
	if !ok {
		kind = Retry
	}
	return &Failure{Provider: "esms", Code: out.CodeResult, Message: out.ErrorMessage, Kind: kind}
}

// ParseTexter reads the administrator's setting, one texter or several
// joined by "|" (tried in turn while one cannot reach the person):
// "console"; zns://?access_token=…&otp=<template id>[&feedback=<template id>][&contest_result=…][&reminder=…][&endpoint=…], or with
// app_id, secret_key and refresh_token in place of access_token to refresh
// it [&oauth=…]; esms://?api_key=…&secret_key=…&brandname=…[&endpoint=…][&sandbox=1].
func ParseTexter(s string, log *slog.Logger) (Texter, error) {
	if s == "" || s == "console" {
		return Console{Log: log}, nil
	}
	var chain Chain
	for _, part := range strings.Split(s, "|") {
		t, err := parseOne(strings.TrimSpace(part))
		if err != nil {
			return nil, err
		}
		chain = append(chain, t)
	}
	if len(chain) == 1 {
		return chain[0], nil
	}
	return chain, nil
}

func parseOne(s string) (Texter, error) {
	u, err := url.Parse(s)
	if err != nil {
		return nil, errors.New("text messages: want console, zns://… or esms://…")
	}
	q := u.Query()
	client := &http.Client{Timeout: 15 * time.Second}
	or := func(v, def string) string {
		if v == "" {
			return def
		}
		return v
	}
	switch u.Scheme {
	case "zns":
		z := &ZNS{Endpoint: or(q.Get("endpoint"), "https://business.openapi.zalo.me"), AccessToken: q.Get("access_token"),
			Templates: map[string]string{"otp": q.Get("otp"), "feedback": q.Get("feedback"), "contest_result": q.Get("contest_result"), "reminder": q.Get("reminder")}, Client: client}
		if q.Get("refresh_token") != "" {
			z.Token = &ZaloToken{OAuth: or(q.Get("oauth"), "https://oauth.zaloapp.com"), AppID: q.Get("app_id"), SecretKey: q.Get("secret_key"),
				RefreshToken: q.Get("refresh_token"), Client: client}
			if z.Token.AppID == "" || z.Token.SecretKey == "" {
				return nil, errors.New("text messages: zns with refresh_token needs app_id and secret_key")
			}
		}
		if (z.AccessToken == "" && z.Token == nil) || z.Templates["otp"] == "" {
			return nil, errors.New("text messages: zns needs access_token (or refresh_token) and otp (the template id of the one-time code)")
		}
		return z, nil
	case "esms":
		e := &ESMS{Endpoint: or(q.Get("endpoint"), "https://rest.esms.vn"), APIKey: q.Get("api_key"), SecretKey: q.Get("secret_key"),
			Brandname: q.Get("brandname"), Sandbox: q.Get("sandbox") == "1", Client: client}
		if e.APIKey == "" || e.SecretKey == "" || e.Brandname == "" {
			return nil, errors.New("text messages: esms needs api_key, secret_key and brandname")
		}
		return e, nil
	}
	return nil, errors.New("text messages: want console, zns://… or esms://…")
}
