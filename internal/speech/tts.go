package speech

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// Engine turns normalised Vietnamese text into an audio file (WAV or MP3):
// espeak-ng on the server by default, or a provider's HTTP API.
type Engine interface {
	// Name identifies the engine and its voice in the audio cache.
	Name() string
	Synthesize(ctx context.Context, text string, speed float64) ([]byte, error)
}

// ErrUnavailable is returned when the engine cannot run here (espeak-ng is
// not installed, or the provider refused the key).
var ErrUnavailable = errors.New("speech engine unavailable")

// maxAudio bounds what an engine may return.
const maxAudio = 32 << 20

// Espeak runs espeak-ng with its Vietnamese voice (Debian: espeak-ng).
type Espeak struct {
	Binary string // default "espeak-ng"
	Voice  string // default "vi"
}

func (e Espeak) binary() string { return cmp(e.Binary, "espeak-ng") }
func (e Espeak) voice() string  { return cmp(e.Voice, "vi") }

func cmp(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// Name implements Engine.
func (e Espeak) Name() string { return "espeak-ng/" + e.voice() }

// Available reports whether the program is installed.
func (e Espeak) Available() bool {
	_, err := exec.LookPath(e.binary())
	return err == nil
}

// Synthesize implements Engine: the text goes on standard input (never on
// the command line), the WAV comes on standard output. Speed 1 is 155
// words a minute, a calm reading pace for a loudspeaker.
func (e Espeak) Synthesize(ctx context.Context, text string, speed float64) ([]byte, error) {
	if !e.Available() {
		return nil, ErrUnavailable
	}
	wpm := int(math.Round(155 * clamp(speed, 0.6, 1.5)))
	cmd := exec.CommandContext(ctx, e.binary(), "-v", e.voice(), "-s", strconv.Itoa(wpm), "-b", "1", "--stdout")
	cmd.Stdin = strings.NewReader(text)
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("espeak-ng: %v: %s", err, strings.TrimSpace(stderr.String()))
	}
	if out.Len() > maxAudio {
		return nil, errors.New("espeak-ng: audio too large")
	}
	return out.Bytes(), nil
}

func clamp(v, lo, hi float64) float64 {
	if v == 0 {
		v = 1
	}
	return math.Max(lo, math.Min(hi, v))
}

// HTTP providers. Each sends the text with its key and voice, and either
// receives the audio or a link to fetch it from once it is ready.

// FPT is FPT.AI's text-to-speech v5: POST the text as the body with the
// key, voice and speed (−3 … 3) as headers; the answer is JSON whose
// "async" link serves the MP3 after a few seconds.
type FPT struct {
	Endpoint, APIKey, Voice string
	Client                  *http.Client
	Poll                    time.Duration // between tries of the link; default 2 s
}

// Name implements Engine.
func (f *FPT) Name() string { return "fpt/" + cmp(f.Voice, "banmai") }

// Synthesize implements Engine.
func (f *FPT) Synthesize(ctx context.Context, text string, speed float64) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, "POST", cmp(f.Endpoint, "https://api.fpt.ai/hmi/tts/v5"), strings.NewReader(text))
	if err != nil {
		return nil, err
	}
	req.Header.Set("api-key", f.APIKey)
	req.Header.Set("voice", cmp(f.Voice, "banmai"))
	req.Header.Set("speed", strconv.Itoa(int(math.Round((clamp(speed, 0.7, 1.3)-1)*10))))
	req.Header.Set("format", "mp3")
	var answer struct {
		Async   string `json:"async"`
		Error   int    `json:"error"`
		Message string `json:"message"`
	}
	if err := doJSON(client(f.Client), req, &answer); err != nil {
		return nil, fmt.Errorf("fpt.ai: %w", err)
	}
	if answer.Error != 0 || answer.Async == "" {
		return nil, fmt.Errorf("fpt.ai: error %d: %s", answer.Error, answer.Message)
	}
	return fetch(ctx, client(f.Client), answer.Async, f.Poll)
}

// Viettel is Viettel AI's speech synthesis: POST JSON with the text, voice,
// speed (0.7 … 1.3), the return option (3: MP3) and the token; the answer
// is the audio itself.
type Viettel struct {
	Endpoint, Token, Voice string
	Client                 *http.Client
}

// Name implements Engine.
func (v *Viettel) Name() string { return "viettel/" + cmp(v.Voice, "hcm-diemmy") }

// Synthesize implements Engine.
func (v *Viettel) Synthesize(ctx context.Context, text string, speed float64) ([]byte, error) {
	body, _ := json.Marshal(map[string]any{"text": text, "voice": cmp(v.Voice, "hcm-diemmy"), "speed": clamp(speed, 0.7, 1.3),
		"tts_return_option": 3, "token": v.Token, "without_filter": false})
	req, err := http.NewRequestWithContext(ctx, "POST", cmp(v.Endpoint, "https://viettelai.vn/tts/speech_synthesis"), bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "*/*")
	resp, err := client(v.Client).Do(req)
	if err != nil {
		return nil, fmt.Errorf("viettel ai: %w", err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxAudio+1))
	if err != nil {
		return nil, fmt.Errorf("viettel ai: %w", err)
	}
	if resp.StatusCode != http.StatusOK || strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		return nil, fmt.Errorf("viettel ai: %s: %s", resp.Status, snippet(data))
	}
	if len(data) > maxAudio {
		return nil, errors.New("viettel ai: audio too large")
	}
	return data, nil
}

// Zalo is Zalo AI's text-to-audio: POST a form with the input, speaker_id,
// speed (0.8 … 1.2) and encode_type (1: MP3), the key in the "apikey"
// header; the JSON answer's data.url serves the audio.
type Zalo struct {
	Endpoint, APIKey, Speaker string
	Client                    *http.Client
	Poll                      time.Duration
}

// Name implements Engine.
func (z *Zalo) Name() string { return "zalo/" + cmp(z.Speaker, "1") }

// Synthesize implements Engine.
func (z *Zalo) Synthesize(ctx context.Context, text string, speed float64) ([]byte, error) {
	form := url.Values{"input": {text}, "speaker_id": {cmp(z.Speaker, "1")},
		"speed": {strconv.FormatFloat(clamp(speed, 0.8, 1.2), 'f', 1, 64)}, "encode_type": {"1"}}
	req, err := http.NewRequestWithContext(ctx, "POST", cmp(z.Endpoint, "https://api.zalo.ai/v1/tts/synthesize"), strings.NewReader(form.Encode()))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("apikey", z.APIKey)
	var answer struct {
		Data struct {
			URL string `json:"url"`
		} `json:"data"`
		ErrorCode    int    `json:"error_code"`
		ErrorMessage string `json:"error_message"`
	}
	if err := doJSON(client(z.Client), req, &answer); err != nil {
		return nil, fmt.Errorf("zalo ai: %w", err)
	}
	if answer.ErrorCode != 0 || answer.Data.URL == "" {
		return nil, fmt.Errorf("zalo ai: error %d: %s", answer.ErrorCode, answer.ErrorMessage)
	}
	return fetch(ctx, client(z.Client), answer.Data.URL, z.Poll)
}

func client(c *http.Client) *http.Client {
	if c == nil {
		return &http.Client{Timeout: 60 * time.Second}
	}
	return c
}

func doJSON(c *http.Client, req *http.Request, v any) error {
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return err
	}
	if resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden {
		return fmt.Errorf("%w: %s", ErrUnavailable, resp.Status)
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s: %s", resp.Status, snippet(data))
	}
	return json.Unmarshal(data, v)
}

// fetch downloads a provider's audio link, trying again while it is not
// ready yet (404), up to ten times.
func fetch(ctx context.Context, c *http.Client, link string, poll time.Duration) ([]byte, error) {
	if poll == 0 {
		poll = 2 * time.Second
	}
	for try := 0; ; try++ {
		req, err := http.NewRequestWithContext(ctx, "GET", link, nil)
		if err != nil {
			return nil, err
		}
		resp, err := c.Do(req)
		if err != nil {
			return nil, err
		}
		data, err := io.ReadAll(io.LimitReader(resp.Body, maxAudio+1))
		resp.Body.Close()
		switch {
		case err != nil:
			return nil, err
		case resp.StatusCode == http.StatusOK && len(data) <= maxAudio:
			return data, nil
		case resp.StatusCode != http.StatusNotFound || try >= 9:
			return nil, fmt.Errorf("audio link: %s", resp.Status)
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(poll):
		}
	}
}

func snippet(b []byte) string {
	s := []rune(string(b))
	if len(s) > 200 {
		s = s[:200]
	}
	return string(s)
}

// ParseEngine reads an engine from its configuration: "" or "espeak-ng"
// (optionally espeak-ng://?voice=vi), fpt://?api_key=…&voice=banmai,
// viettel://?token=…&voice=hcm-diemmy, zalo://?api_key=…&speaker_id=1;
// each takes endpoint=… to reach another address (a test's fake).
func ParseEngine(spec string) (Engine, error) {
	if spec == "" || spec == "espeak-ng" {
		return Espeak{}, nil
	}
	u, err := url.Parse(spec)
	if err != nil {
		return nil, fmt.Errorf("text-to-speech engine: %v", err)
	}
	q := u.Query()
	switch u.Scheme {
	case "espeak-ng":
		return Espeak{Voice: q.Get("voice"), Binary: q.Get("binary")}, nil
	case "fpt":
		if q.Get("api_key") == "" {
			return nil, errors.New("fpt:// needs api_key")
		}
		return &FPT{Endpoint: q.Get("endpoint"), APIKey: q.Get("api_key"), Voice: q.Get("voice")}, nil
	case "viettel":
		if q.Get("token") == "" {
			return nil, errors.New("viettel:// needs token")
		}
		return &Viettel{Endpoint: q.Get("endpoint"), Token: q.Get("token"), Voice: q.Get("voice")}, nil
	case "zalo":
		if q.Get("api_key") == "" {
			return nil, errors.New("zalo:// needs api_key")
		}
		return &Zalo{Endpoint: q.Get("endpoint"), APIKey: q.Get("api_key"), Speaker: q.Get("speaker_id")}, nil
	}
	return nil, fmt.Errorf("text-to-speech engine must be espeak-ng, fpt://, viettel:// or zalo://, not %q", u.Scheme)
}
