// Package vn formats values the way Vietnamese officials and residents read
// them: dates dd/mm/yyyy in Asia/Ho_Chi_Minh, money as 1.234.000 đ, text in NFC.
package vn

import (
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Zone is Vietnam's time zone. The offset is fixed (+07, no daylight saving),
// so a fixed zone is used when the system has no tz database.
var Zone = func() *time.Location {
	if z, err := time.LoadLocation("Asia/Ho_Chi_Minh"); err == nil {
		return z
	}
	return time.FixedZone("ICT", 7*3600)
}()

// Date formats t as dd/mm/yyyy in Vietnam's time zone.
func Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(Zone).Format("02/01/2006")
}

// DateTime formats t as "15:04 dd/mm/yyyy" in Vietnam's time zone.
func DateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(Zone).Format("15:04 02/01/2006")
}

// ParseISODate reads YYYY-MM-DD as a calendar day in Vietnam's time zone.
func ParseISODate(s string) (time.Time, error) {
	return time.ParseInLocation("2006-01-02", s, Zone)
}

// ISODate turns stored YYYY-MM-DD into dd/mm/yyyy; other text is returned unchanged.
func ISODate(s string) string {
	t, err := ParseISODate(s)
	if err != nil {
		return s
	}
	return t.Format("02/01/2006")
}

// ParseDate accepts dd/mm/yyyy (as people type it) or YYYY-MM-DD (as date inputs send it).
func ParseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := time.ParseInLocation("2/1/2006", s, Zone); err == nil {
		return t, nil
	}
	return ParseISODate(s)
}

// LongDate formats a document date line: "ngày 08 tháng 10 năm 2025"
// (Decree 30/2020 pads days below 10 and the months January and February).
func LongDate(t time.Time) string {
	t = t.In(Zone)
	month := strconv.Itoa(int(t.Month()))
	if t.Month() <= 2 {
		month = "0" + month
	}
	return "ngày " + t.Format("02") + " tháng " + month + " năm " + strconv.Itoa(t.Year())
}

// Money formats an amount of đồng: 1234000 → "1.234.000 đ".
func Money(amount int64) string {
	return Number(amount) + " đ"
}

// Number groups digits with dots: 1234000 → "1.234.000".
func Number(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// Storable returns s without what no database stores: bytes that are not
// UTF-8, and NUL (PostgreSQL refuses both, even as a query's argument). The
// web layer applies it to every value a request carries (path, query, form)
// before any handler sees them; Clean goes further for stored text.
func Storable(s string) string {
	if utf8.ValidString(s) && strings.IndexByte(s, 0) < 0 {
		return s
	}
	return strings.ReplaceAll(strings.ToValidUTF8(s, ""), "\x00", "")
}

// Clean returns s as the application stores people's text: valid UTF-8
// (bytes that are not are dropped), in NFC, without control characters but
// line breaks (a NUL that PostgreSQL refuses, a terminal escape), without
// the invisible direction overrides that make a title read backwards
// (U+202A–U+202E, U+2066–U+2069), Windows line ends as "\n", tabs as
// spaces, surrounding space trimmed. Every form's text goes through it, so
// the same word is stored as the same bytes.
func Clean(s string) string {
	s = strings.ToValidUTF8(s, "")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\n':
			return r
		case r == '\t', r == '\r':
			return ' '
		case r < 0x20, r >= 0x7f && r < 0xa0, r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
			return -1
		}
		return r
	}, s)
	return strings.TrimSpace(norm.NFC.String(s))
}

// Plain removes every Vietnamese diacritic and keeps the case: text for
// an SMS, which shows plain letters on every phone ("Đã trả lời" → "Da tra loi").
func Plain(s string) string { return strip(s, false) }

// Fold lowers s and removes every Vietnamese diacritic, including the bar of
// đ/Đ (which Unicode decomposition does not remove), so "Đăng ký" and
// "dang ky" compare equal.
func Fold(s string) string { return strip(s, true) }

// strip drops the combining marks of s decomposed, and the bar of đ/Đ;
// lower lowers the rest too, in the same pass.
func strip(s string, lower bool) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == 'đ':
			r = 'd'
		case r == 'Đ':
			r = 'D'
			if lower {
				r = 'd'
			}
		case lower:
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// LowerFirst lowers the first letter of s, a rune and not a byte, so that a
// label or a name reads inside a sentence: "Đơn vị tính" → "đơn vị tính",
// "Phường Phú Định" → "phường Phú Định".
func LowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 || r == utf8.RuneError {
		return s
	}
	return string(unicode.ToLower(r)) + s[n:]
}

// Excerpt cuts s to at most n runes, ending with "…" when it cut.
func Excerpt(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}
