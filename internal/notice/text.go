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
	"strings"
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
}

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

// ZNS sends through Zalo Notification Service: POST /message/template with
// the Official Account's access token, the phone as 84…, an approved
// template's id and its parameters. Templates maps our template names
// ("otp") to Zalo's template ids.
type ZNS struct {
	Endpoint    string // https://business.openapi.zalo.me
	AccessToken string
	Templates   map[string]string
	Client      *http.Client
}

// ParseTexter reads the administrator's setting: "console", or
// zns://?access_token=…&otp=<template id>[&endpoint=https://…].
func ParseTexter(s string, log *slog.Logger) (Texter, error) {
	if s == "" || s == "console" {
		return Console{Log: log}, nil
	}
	u, err := url.Parse(s)
	if err != nil || u.Scheme != "zns" {
		return nil, errors.New("text messages: want console or zns://?access_token=…&otp=<template id>")
	}
	q := u.Query()
	z := &ZNS{Endpoint: q.Get("endpoint"), AccessToken: q.Get("access_token"), Templates: map[string]string{"otp": q.Get("otp")},
		Client: &http.Client{Timeout: 15 * time.Second}}
	if z.Endpoint == "" {
		z.Endpoint = "https://business.openapi.zalo.me"
	}
	if z.AccessToken == "" || z.Templates["otp"] == "" {
		return nil, errors.New("text messages: zns needs access_token and otp (the template id of the one-time code)")
	}
	return z, nil
}

// SendText sends one template message and reads Zalo's answer: error 0 is
// success, anything else is Zalo's refusal with its message.
func (z *ZNS) SendText(ctx context.Context, t Text) error {
	id := z.Templates[t.Template]
	if id == "" {
		return fmt.Errorf("zns: no template configured for %q", t.Template)
	}
	phone := t.Phone
	if strings.HasPrefix(phone, "0") {
		phone = "84" + phone[1:]
	}
	body, _ := json.Marshal(map[string]any{"phone": phone, "template_id": id, "template_data": t.Params,
		"tracking_id": fmt.Sprintf("cchc-%d", time.Now().UnixNano())})
	req, err := http.NewRequestWithContext(ctx, "POST", strings.TrimRight(z.Endpoint, "/")+"/message/template", bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("access_token", z.AccessToken)
	resp, err := z.Client.Do(req)
	if err != nil {
		return fmt.Errorf("zns: %w", err)
	}
	defer resp.Body.Close()
	var out struct {
		Error   int    `json:"error"`
		Message string `json:"message"`
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<16)).Decode(&out); err != nil {
		return fmt.Errorf("zns: HTTP %d, unreadable answer: %w", resp.StatusCode, err)
	}
	if resp.StatusCode != http.StatusOK || out.Error != 0 {
		return fmt.Errorf("zns: HTTP %d, error %d: %s", resp.StatusCode, out.Error, out.Message)
	}
	return nil
}
