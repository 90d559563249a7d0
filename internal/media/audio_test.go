package media

import (
	"bytes"
	"encoding/binary"
	"math"
	"strings"
	"testing"
)

// sine is a WAV of a tone at amplitude amp (0–1) for seconds.
func sine(rate int, seconds, amp float64) *WAV {
	w := &WAV{Rate: rate, Channels: 1, Samples: make([]int16, int(float64(rate)*seconds))}
	for i := range w.Samples {
		w.Samples[i] = int16(amp * 32767 * math.Sin(2*math.Pi*440*float64(i)/float64(rate)))
	}
	return w
}

// mp3Of is a stream of silent MPEG-1 layer III frames at 128 kbit/s, 44.1 kHz.
func mp3Of(frames int) []byte {
	var b bytes.Buffer
	b.WriteString("ID3\x04\x00\x00\x00\x00\x00\x05")
	b.Write(make([]byte, 5))
	for range frames {
		frame := make([]byte, 417)
		copy(frame, []byte{0xFF, 0xFB, 0x90, 0x64})
		b.Write(frame)
	}
	return b.Bytes()
}

// oggOf is an Ogg Vorbis stream of pages whose last granule is samples at 16 kHz.
func oggOf(samples uint64) []byte {
	page := func(granule uint64, body []byte) []byte {
		h := make([]byte, 28)
		copy(h, "OggS")
		binary.LittleEndian.PutUint64(h[6:], granule)
		h[26] = 1
		h[27] = byte(len(body))
		return append(h, body...)
	}
	id := make([]byte, 30)
	copy(id, "\x01vorbis")
	binary.LittleEndian.PutUint32(id[12:], 16000)
	out := page(0, id)
	out = append(out, page(samples/2, make([]byte, 100))...)
	return append(out, page(samples, make([]byte, 100))...)
}

// m4aOf is an MP4 audio file of the given seconds: ftyp, moov with a movie
// header and a sound handler, mdat.
func m4aOf(seconds uint32, handler string) []byte {
	box := func(typ string, body []byte) []byte {
		h := make([]byte, 8)
		binary.BigEndian.PutUint32(h, uint32(8+len(body)))
		copy(h[4:], typ)
		return append(h, body...)
	}
	mvhd := make([]byte, 100)
	binary.BigEndian.PutUint32(mvhd[12:], 1000)
	binary.BigEndian.PutUint32(mvhd[16:], seconds*1000)
	hdlr := append(make([]byte, 8), handler...)
	hdlr = append(hdlr, make([]byte, 16)...)
	moov := append(box("mvhd", mvhd), box("trak", box("mdia", box("hdlr", hdlr)))...)
	out := box("ftyp", []byte("M4A \x00\x00\x00\x00M4A isom"))
	out = append(out, box("moov", moov)...)
	return append(out, box("mdat", make([]byte, 2000))...)
}

func TestPrepareAudio(t *testing.T) {
	quiet := sine(16000, 3, 0.01)
	streamed := sine(22050, 2, 0.3).Encode()
	binary.LittleEndian.PutUint32(streamed[40:], 0x7ffff000) // espeak-ng --stdout does not know the length
	stereo8 := sine(16000, 2, 0.3)
	stereo8.Channels = 2
	header := sine(16000, 2, 0.3).Encode()
	binary.LittleEndian.PutUint16(header[34:], 8)
	cases := []struct {
		name    string
		data    []byte
		typ     string
		ms      int
		problem string
	}{
		{"quiet wav is normalised", quiet.Encode(), "audio/wav", 3000, ""},
		{"streamed wav header", streamed, "audio/wav", 2000, ""},
		{"stereo wav", stereo8.Encode(), "audio/wav", 1000, ""},
		{"mp3 frames", mp3Of(200), "audio/mpeg", 5224, ""},
		{"ogg vorbis", oggOf(48000), "audio/ogg", 3000, ""},
		{"m4a", m4aOf(95, "soun"), "audio/mp4", 95000, ""},
		{"empty", nil, "", 0, "Tệp rỗng"},
		{"silent wav", sine(16000, 3, 0).Encode(), "", 0, "im lặng"},
		{"8-bit wav", header, "", 0, "PCM 16 bit"},
		{"too short", sine(16000, 0.3, 0.3).Encode(), "", 0, "quá ngắn"},
		{"too long", sine(8000, MaxAudioSeconds+5, 0.3).Encode(), "", 0, "quá dài"},
		{"a photo", append([]byte{0xFF, 0xD8, 0xFF, 0xE0}, make([]byte, 4000)...), "", 0, "Chỉ nhận tệp âm thanh"},
		{"text", []byte(strings.Repeat("không phải âm thanh ", 100)), "", 0, "Chỉ nhận tệp âm thanh"},
		{"mp3 with junk after", append(mp3Of(20), make([]byte, 5000)...), "", 0, "Chỉ nhận tệp âm thanh"},
		{"cut ogg", oggOf(48000)[:150], "", 0, "OGG bị hỏng"},
		{"video in mp4", m4aOf(10, "vide"), "", 0, "M4A bị hỏng"},
		{"oversized", append(mp3Of(10), make([]byte, MaxAudioSize)...), "", 0, "quá lớn"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			up, ms, problem := PrepareAudio(c.data)
			if c.problem != "" {
				if !strings.Contains(problem, c.problem) {
					t.Fatalf("problem %q, want one saying %q", problem, c.problem)
				}
				return
			}
			if problem != "" {
				t.Fatalf("refused: %s", problem)
			}
			if up.ContentType != c.typ || math.Abs(float64(ms-c.ms)) > 30 {
				t.Fatalf("got %s of %d ms, want %s of %d ms", up.ContentType, ms, c.typ, c.ms)
			}
			if c.typ == "audio/wav" {
				w, p := ParseWAV(up.Data)
				if p != "" {
					t.Fatal(p)
				}
				if rms := w.RMS(); rms < targetRMS*0.9 || w.Peak() > peakLimit+0.01 {
					t.Errorf("not normalised: RMS %.3f, peak %.3f", rms, w.Peak())
				}
			}
		})
	}
}

func FuzzPrepareAudio(f *testing.F) {
	f.Add(sine(8000, 1.5, 0.3).Encode())
	f.Add(mp3Of(30))
	f.Add(oggOf(20000))
	f.Add(m4aOf(2, "soun"))
	f.Fuzz(func(t *testing.T, data []byte) {
		up, ms, problem := PrepareAudio(data)
		if problem == "" && (len(up.Data) == 0 || ms < 1000 || ms > MaxAudioSeconds*1000) {
			t.Fatalf("accepted %d bytes of %d ms", len(up.Data), ms)
		}
	})
}
