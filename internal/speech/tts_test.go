package speech

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/cchc-vn/cchc/internal/media"
)

// bulletin is a paragraph of a loudspeaker bulletin, already normalised.
const bulletin = "Ủy ban nhân dân phường Phú Định thông báo: từ ngày mùng một tháng mười, người dân có thể nộp hồ sơ " +
	"đăng ký khai sinh, thường trú và chứng thực trên Cổng dịch vụ công quốc gia, không cần đến trụ sở. " +
	"Mọi thắc mắc xin liên hệ bộ phận một cửa của phường trong giờ hành chính. "

func needEspeak(t testing.TB) Espeak {
	e := Espeak{}
	if !e.Available() {
		if os.Getenv("CCHC_TEST_STRICT") != "" {
			t.Fatal("espeak-ng is not installed (apt-get install espeak-ng)")
		}
		t.Skip("espeak-ng is not installed; install it (apt-get install espeak-ng) to test synthesis")
	}
	return e
}

// TestEspeakVietnamese synthesises a bulletin: the audio is a WAV that is
// not silent and lasts about as long as reading its words at the pace asked.
func TestEspeakVietnamese(t *testing.T) {
	e := needEspeak(t)
	for _, speed := range []float64{1, 1.3} {
		data, err := e.Synthesize(context.Background(), bulletin, speed)
		if err != nil {
			t.Fatal(err)
		}
		up, ms, problem := media.PrepareAudio(data)
		if problem != "" {
			t.Fatal(problem)
		}
		raw, _ := media.ParseWAV(data) // as the engine made it, before normalisation
		words := len(strings.Fields(bulletin))
		want := float64(words) / (155 * speed) * 60 // seconds at the engine's pace
		got := float64(ms) / 1000
		if got < want*0.5 || got > want*2 {
			t.Errorf("speed %.1f: %d words lasted %.1f s, want about %.1f s", speed, words, got, want)
		}
		if raw.RMS() < 0.02 {
			t.Errorf("speed %.1f: the audio is nearly silent (RMS %.4f)", speed, raw.RMS())
		}
		t.Logf("speed %.1f: %d words, %.1f s, RMS %.3f (%s)", speed, words, got, raw.RMS(), up.ContentType)
	}
}

// BenchmarkEspeakTwoMinutes synthesises a bulletin of about two minutes
// and reports how many seconds of audio one second of work makes.
func BenchmarkEspeakTwoMinutes(b *testing.B) {
	e := needEspeak(b)
	text := strings.Repeat(bulletin, 360/len(strings.Fields(bulletin))+1)
	var audio float64
	start := time.Now()
	for b.Loop() {
		data, err := e.Synthesize(context.Background(), text, 1)
		if err != nil {
			b.Fatal(err)
		}
		w, _ := media.ParseWAV(data)
		audio = w.Seconds()
	}
	per := time.Since(start).Seconds() / float64(b.N)
	b.ReportMetric(audio, "audio-s")
	b.ReportMetric(audio/per, "audio-s/s")
}

// fakeProvider serves a provider's documented request shape and records
// what it was sent; the audio link answers 404 once before the audio.
type fakeProvider struct {
	*httptest.Server
	header http.Header
	body   string
	tries  int
}

func newFake(t *testing.T, answer func(f *fakeProvider, w http.ResponseWriter)) *fakeProvider {
	f := &fakeProvider{}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /api", func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		f.header, f.body = r.Header.Clone(), string(b)
		answer(f, w)
	})
	mux.HandleFunc("GET /audio.mp3", func(w http.ResponseWriter, r *http.Request) {
		if f.tries++; f.tries == 1 {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "audio/mpeg")
		w.Write([]byte("MP3 AUDIO"))
	})
	f.Server = httptest.NewServer(mux)
	t.Cleanup(f.Close)
	return f
}

func TestProviders(t *testing.T) {
	ctx := context.Background()
	t.Run("fpt", func(t *testing.T) {
		f := newFake(t, func(f *fakeProvider, w http.ResponseWriter) {
			json.NewEncoder(w).Encode(map[string]any{"async": f.URL + "/audio.mp3", "error": 0, "message": "The content will be returned after a few seconds under the async link.", "request_id": "x"})
		})
		e, err := ParseEngine("fpt://?api_key=K1&voice=lannhi&endpoint=" + f.URL + "/api")
		if err != nil {
			t.Fatal(err)
		}
		e.(*FPT).Poll = time.Millisecond
		data, err := e.Synthesize(ctx, "xin chào bà con", 1.2)
		if err != nil || string(data) != "MP3 AUDIO" {
			t.Fatalf("got %q, %v", data, err)
		}
		if f.body != "xin chào bà con" || f.header.Get("api-key") != "K1" || f.header.Get("voice") != "lannhi" || f.header.Get("speed") != "2" {
			t.Errorf("sent %q with %v", f.body, f.header)
		}
		if e.Name() != "fpt/lannhi" || f.tries != 2 {
			t.Errorf("name %s, %d tries of the link", e.Name(), f.tries)
		}
	})
	t.Run("viettel", func(t *testing.T) {
		f := newFake(t, func(f *fakeProvider, w http.ResponseWriter) {
			var req map[string]any
			json.Unmarshal([]byte(f.body), &req)
			if req["token"] != "T1" {
				w.Header().Set("Content-Type", "application/json")
				w.Write([]byte(`{"vi_message":"Token không hợp lệ","code":401}`))
				return
			}
			w.Header().Set("Content-Type", "audio/mpeg")
			w.Write([]byte("MP3 AUDIO"))
		})
		e, _ := ParseEngine("viettel://?token=T1&voice=hcm-diemmy&endpoint=" + f.URL + "/api")
		data, err := e.Synthesize(ctx, "xin chào", 1)
		if err != nil || string(data) != "MP3 AUDIO" {
			t.Fatalf("got %q, %v", data, err)
		}
		var req map[string]any
		json.Unmarshal([]byte(f.body), &req)
		if req["text"] != "xin chào" || req["voice"] != "hcm-diemmy" || req["speed"] != 1.0 || req["tts_return_option"] != 3.0 || req["without_filter"] != false {
			t.Errorf("sent %s", f.body)
		}
		bad, _ := ParseEngine("viettel://?token=WRONG&endpoint=" + f.URL + "/api")
		if _, err := bad.Synthesize(ctx, "xin chào", 1); err == nil || !strings.Contains(err.Error(), "Token không hợp lệ") {
			t.Errorf("a refused token gave %v", err)
		}
	})
	t.Run("zalo", func(t *testing.T) {
		f := newFake(t, func(f *fakeProvider, w http.ResponseWriter) {
			json.NewEncoder(w).Encode(map[string]any{"data": map[string]string{"url": f.URL + "/audio.mp3"}, "error_code": 0, "error_message": "Successful."})
		})
		e, _ := ParseEngine("zalo://?api_key=Z1&speaker_id=2&endpoint=" + f.URL + "/api")
		e.(*Zalo).Poll = time.Millisecond
		data, err := e.Synthesize(ctx, "xin chào", 2)
		if err != nil || string(data) != "MP3 AUDIO" {
			t.Fatalf("got %q, %v", data, err)
		}
		if f.header.Get("apikey") != "Z1" || f.body != "encode_type=1&input=xin+ch%C3%A0o&speaker_id=2&speed=1.2" {
			t.Errorf("sent %q with %v", f.body, f.header)
		}
	})
	t.Run("zalo error", func(t *testing.T) {
		f := newFake(t, func(f *fakeProvider, w http.ResponseWriter) {
			json.NewEncoder(w).Encode(map[string]any{"error_code": -1, "error_message": "Invalid speaker"})
		})
		e, _ := ParseEngine("zalo://?api_key=Z1&endpoint=" + f.URL + "/api")
		if _, err := e.Synthesize(ctx, "xin chào", 1); err == nil || !strings.Contains(err.Error(), "Invalid speaker") {
			t.Errorf("got %v", err)
		}
	})
	for _, bad := range []string{"fpt://", "viettel://?voice=x", "zalo://", "google://?key=1"} {
		if _, err := ParseEngine(bad); err == nil {
			t.Errorf("ParseEngine(%q) accepted it", bad)
		}
	}
}
