package media

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
)

// Audio limits: a loudspeaker bulletin is a few minutes; a WAV recording of
// ten minutes at 16 kHz mono is 19 MB.
const (
	MaxAudioSize    = 24 << 20
	MaxAudioSeconds = 15 * 60
	minAudioSeconds = 1
)

// AudioTypes are the formats an audio field accepts, for its message.
const AudioTypes = "MP3, M4A, OGG hoặc WAV"

// Loudness targets for normalised PCM: an RMS level of −20 dBFS, with peaks
// held under −1 dBFS, so bulletins play at one volume on the speaker.
const (
	targetRMS = 0.1
	peakLimit = 0.89
	silentRMS = 0.002 // −54 dBFS: nothing but noise
)

// PrepareAudio checks an audio file by its structure (WAV, MP3, M4A, OGG),
// its size and its length, and returns it ready to store with its length
// in milliseconds. WAV (PCM) is normalised in loudness; compressed formats
// are kept as they are (the recording page normalises in the browser before
// sending). It returns a Vietnamese message when the file is refused.
func PrepareAudio(data []byte) (Upload, int, string) {
	if len(data) == 0 {
		return Upload{}, 0, "Tệp rỗng."
	}
	if len(data) > MaxAudioSize {
		return Upload{}, 0, fmt.Sprintf("Tệp âm thanh quá lớn (tối đa %d MB).", MaxAudioSize>>20)
	}
	var up Upload
	var seconds float64
	switch {
	case len(data) > 12 && string(data[:4]) == "RIFF" && string(data[8:12]) == "WAVE":
		w, problem := ParseWAV(data)
		if problem != "" {
			return Upload{}, 0, problem
		}
		if w.RMS() < silentRMS {
			return Upload{}, 0, "Tệp âm thanh không có tiếng (im lặng). Vui lòng ghi âm lại."
		}
		w.Normalise()
		up, seconds = Upload{Data: w.Encode(), ContentType: "audio/wav", Ext: "wav"}, w.Seconds()
	case bytes.HasPrefix(data, []byte("OggS")):
		s, ok := oggSeconds(data)
		if !ok {
			return Upload{}, 0, "Tệp OGG bị hỏng hoặc không phải âm thanh OGG (Vorbis, Opus)."
		}
		up, seconds = Upload{Data: data, ContentType: "audio/ogg", Ext: "ogg"}, s
	case len(data) > 12 && string(data[4:8]) == "ftyp":
		s, ok := m4aSeconds(data)
		if !ok {
			return Upload{}, 0, "Tệp M4A bị hỏng hoặc không phải âm thanh M4A."
		}
		up, seconds = Upload{Data: data, ContentType: "audio/mp4", Ext: "m4a"}, s
	default:
		s, ok := mp3Seconds(data)
		if !ok {
			return Upload{}, 0, "Chỉ nhận tệp âm thanh " + AudioTypes + "."
		}
		up, seconds = Upload{Data: data, ContentType: "audio/mpeg", Ext: "mp3"}, s
	}
	if seconds < minAudioSeconds {
		return Upload{}, 0, "Tệp âm thanh quá ngắn (dưới 1 giây)."
	}
	if seconds > MaxAudioSeconds {
		return Upload{}, 0, fmt.Sprintf("Tệp âm thanh quá dài (tối đa %d phút).", MaxAudioSeconds/60)
	}
	return up, int(math.Round(seconds * 1000)), ""
}

// WAV is 16-bit PCM audio.
type WAV struct {
	Rate     int
	Channels int
	Samples  []int16 // interleaved
}

// ParseWAV reads a 16-bit PCM WAV file. A data chunk whose declared size
// runs past the end (written by a stream that did not know its length, as
// espeak-ng --stdout does) is read to the end of the file.
func ParseWAV(data []byte) (*WAV, string) {
	const bad = "Tệp WAV bị hỏng hoặc không phải âm thanh PCM 16 bit."
	if len(data) < 12 || string(data[:4]) != "RIFF" || string(data[8:12]) != "WAVE" {
		return nil, bad
	}
	w := &WAV{}
	var haveFmt bool
	for off := 12; off+8 <= len(data); {
		id, size := string(data[off:off+4]), int(binary.LittleEndian.Uint32(data[off+4:]))
		body := data[off+8:]
		if size < 0 || size > len(body) {
			if id != "data" {
				return nil, bad
			}
			size = len(body)
		}
		body = body[:size]
		switch id {
		case "fmt ":
			if size < 16 {
				return nil, bad
			}
			format, ch, rate, bits := binary.LittleEndian.Uint16(body), binary.LittleEndian.Uint16(body[2:]),
				binary.LittleEndian.Uint32(body[4:]), binary.LittleEndian.Uint16(body[14:])
			if (format != 1 && format != 0xFFFE) || bits != 16 || ch < 1 || ch > 2 || rate < 8000 || rate > 48000 {
				return nil, "Tệp WAV phải là âm thanh PCM 16 bit, một hoặc hai kênh, tần số 8–48 kHz."
			}
			w.Rate, w.Channels, haveFmt = int(rate), int(ch), true
		case "data":
			if !haveFmt {
				return nil, bad
			}
			if len(body)/2 > MaxAudioSeconds*48000*2 {
				return nil, fmt.Sprintf("Tệp âm thanh quá dài (tối đa %d phút).", MaxAudioSeconds/60)
			}
			n := len(body) / 2 / w.Channels * w.Channels
			w.Samples = make([]int16, n)
			for i := range w.Samples {
				w.Samples[i] = int16(binary.LittleEndian.Uint16(body[2*i:]))
			}
			return w, ""
		}
		off += 8 + size + size&1
	}
	return nil, bad
}

// Seconds is the audio's length.
func (w *WAV) Seconds() float64 {
	if w.Rate == 0 || w.Channels == 0 {
		return 0
	}
	return float64(len(w.Samples)) / float64(w.Rate*w.Channels)
}

// RMS is the audio's root-mean-square level, 0 to 1.
func (w *WAV) RMS() float64 {
	if len(w.Samples) == 0 {
		return 0
	}
	var sum float64
	for _, s := range w.Samples {
		f := float64(s) / 32768
		sum += f * f
	}
	return math.Sqrt(sum / float64(len(w.Samples)))
}

// Peak is the largest absolute sample, 0 to 1.
func (w *WAV) Peak() float64 {
	var p int
	for _, s := range w.Samples {
		p = max(p, abs(int(s)))
	}
	return float64(p) / 32768
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// Normalise scales the audio to the target RMS level, or less when its
// peaks would pass the limit.
func (w *WAV) Normalise() {
	rms, peak := w.RMS(), w.Peak()
	if rms == 0 || peak == 0 {
		return
	}
	gain := min(targetRMS/rms, peakLimit/peak)
	for i, s := range w.Samples {
		w.Samples[i] = int16(max(-32768, min(32767, math.Round(float64(s)*gain))))
	}
}

// Encode writes the audio as a WAV file with exact chunk sizes.
func (w *WAV) Encode() []byte {
	n := len(w.Samples) * 2
	b := make([]byte, 44+n)
	copy(b, "RIFF")
	binary.LittleEndian.PutUint32(b[4:], uint32(36+n))
	copy(b[8:], "WAVEfmt ")
	binary.LittleEndian.PutUint32(b[16:], 16)
	binary.LittleEndian.PutUint16(b[20:], 1)
	binary.LittleEndian.PutUint16(b[22:], uint16(w.Channels))
	binary.LittleEndian.PutUint32(b[24:], uint32(w.Rate))
	binary.LittleEndian.PutUint32(b[28:], uint32(w.Rate*w.Channels*2))
	binary.LittleEndian.PutUint16(b[32:], uint16(w.Channels*2))
	binary.LittleEndian.PutUint16(b[34:], 16)
	copy(b[36:], "data")
	binary.LittleEndian.PutUint32(b[40:], uint32(n))
	for i, s := range w.Samples {
		binary.LittleEndian.PutUint16(b[44+2*i:], uint16(s))
	}
	return b
}

// mp3Seconds walks an MP3 file's frames (after an ID3v2 tag) to its end,
// allowing an ID3v1 tag or a little padding after the last frame, and
// returns its length; a file that is not a chain of MPEG audio frames is
// refused.
func mp3Seconds(b []byte) (float64, bool) {
	off := 0
	if len(b) > 10 && string(b[:3]) == "ID3" {
		size := int(b[6]&0x7f)<<21 | int(b[7]&0x7f)<<14 | int(b[8]&0x7f)<<7 | int(b[9]&0x7f)
		off = 10 + size
		if b[5]&0x10 != 0 {
			off += 10 // a footer
		}
	}
	var frames int
	var seconds float64
	for off+4 <= len(b) {
		n, samples, rate := mp3Frame(b[off:])
		if n == 0 {
			break
		}
		frames++
		seconds += float64(samples) / float64(rate)
		off += n
	}
	rest := len(b) - off
	if frames < 2 || (rest > 0 && !(rest == 128 && string(b[off:off+3]) == "TAG") && rest > 1024) {
		return 0, false
	}
	return seconds, true
}

var (
	mp3Bitrates = [2][16]int{ // kbit/s of layer III: MPEG-1, MPEG-2 and 2.5
		{0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 0},
		{0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160, 0},
	}
	mp3Rates = [4][3]int{{11025, 12000, 8000}, {}, {22050, 24000, 16000}, {44100, 48000, 32000}} // by version bits
)

// mp3Frame reads an MPEG layer III frame header and returns the frame's
// length in bytes, its samples and its sample rate, or 0.
func mp3Frame(h []byte) (n, samples, rate int) {
	if h[0] != 0xFF || h[1]&0xE0 != 0xE0 {
		return 0, 0, 0
	}
	version, layer := (h[1]>>3)&3, (h[1]>>1)&3
	bitrateIdx, rateIdx, padding := h[2]>>4, (h[2]>>2)&3, int(h[2]>>1)&1
	if version == 1 || layer != 1 || bitrateIdx == 0 || bitrateIdx == 15 || rateIdx == 3 {
		return 0, 0, 0
	}
	rate = mp3Rates[version][rateIdx]
	if version == 3 {
		return 144000*mp3Bitrates[0][bitrateIdx]/rate + padding, 1152, rate
	}
	return 72000*mp3Bitrates[1][bitrateIdx]/rate + padding, 576, rate
}

// oggSeconds walks an Ogg file's pages to its end and returns its length
// from the last page's granule position: Vorbis at its sample rate, Opus at
// 48 kHz less its pre-skip.
func oggSeconds(b []byte) (float64, bool) {
	var rate, preSkip int
	var granule uint64
	pages := 0
	for off := 0; off < len(b); {
		if len(b)-off < 27 || string(b[off:off+4]) != "OggS" {
			return 0, false
		}
		nseg := int(b[off+26])
		if len(b)-off < 27+nseg {
			return 0, false
		}
		size := 27 + nseg
		for _, s := range b[off+27 : off+27+nseg] {
			size += int(s)
		}
		if size > len(b)-off {
			return 0, false
		}
		body := b[off+27+nseg : off+size]
		if pages == 0 {
			switch {
			case len(body) >= 16 && string(body[:7]) == "\x01vorbis":
				rate = int(binary.LittleEndian.Uint32(body[12:]))
			case len(body) >= 19 && string(body[:8]) == "OpusHead":
				rate, preSkip = 48000, int(binary.LittleEndian.Uint16(body[10:]))
			default:
				return 0, false
			}
		}
		if g := binary.LittleEndian.Uint64(b[off+6:]); g != math.MaxUint64 {
			granule = g
		}
		pages++
		off += size
	}
	if rate <= 0 || pages < 2 || granule < uint64(preSkip) {
		return 0, false
	}
	return float64(granule-uint64(preSkip)) / float64(rate), true
}

// m4aSeconds reads an MP4 audio file: its boxes chain to the end of the
// file, it holds a sound track and no video, and its movie header gives
// the length.
func m4aSeconds(b []byte) (float64, bool) {
	if !mp4Boxes(b) {
		return 0, false
	}
	if !bytes.Contains(b, []byte("soun")) || bytes.Contains(b, []byte("vide")) {
		return 0, false
	}
	i := bytes.Index(b, []byte("mvhd"))
	if i < 0 || len(b) < i+4+28 {
		return 0, false
	}
	h := b[i+4:]
	var scale, dur uint64
	if h[0] == 1 {
		scale, dur = uint64(binary.BigEndian.Uint32(h[20:])), binary.BigEndian.Uint64(h[24:])
	} else {
		scale, dur = uint64(binary.BigEndian.Uint32(h[12:])), uint64(binary.BigEndian.Uint32(h[16:]))
	}
	if scale == 0 {
		return 0, false
	}
	return float64(dur) / float64(scale), true
}
