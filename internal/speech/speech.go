// Package speech turns written Vietnamese into the words a loudspeaker
// says (issue 14): numbers, money, dates, times, phone numbers,
// percentages, units, document numbers and the administration's
// abbreviations are spelled out the southern way (lẻ, tư, nghìn, mùng),
// links are dropped. A text-to-speech engine reads the result; a resident
// who cannot hear the street reads the original.
package speech

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
)

var digits = []string{"không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"}

// tens reads 0–99 after a hundreds digit (full: the group stands after a
// higher one, so a lone unit takes "lẻ").
func tens(n int, full bool) string {
	t, u := n/10, n%10
	switch {
	case t == 0 && u == 0:
		return ""
	case t == 0:
		if full {
			return "lẻ " + digits[u]
		}
		return digits[u]
	case t == 1:
		switch u {
		case 0:
			return "mười"
		case 5:
			return "mười lăm"
		}
		return "mười " + digits[u]
	}
	s := digits[t] + " mươi"
	switch u {
	case 0:
		return s
	case 1:
		return s + " mốt"
	case 4:
		return s + " tư"
	case 5:
		return s + " lăm"
	}
	return s + " " + digits[u]
}

// group reads 0–999; lead says whether a higher group stands before it,
// so that 5 reads "không trăm lẻ năm" there.
func group(n int, lead bool) string {
	h, rest := n/100, n%100
	if h == 0 && !lead {
		return tens(rest, false)
	}
	s := digits[h] + " trăm"
	if rest == 0 {
		return s
	}
	return s + " " + tens(rest, true)
}

var scales = []string{"", "nghìn", "triệu", "tỷ", "nghìn tỷ", "triệu tỷ"}

// Number spells a whole number: 1234000 → "một triệu hai trăm ba mươi tư nghìn".
func Number(n int64) string {
	if n < 0 {
		return "âm " + Number(-n)
	}
	if n == 0 {
		return "không"
	}
	var groups []int
	for n > 0 {
		groups = append(groups, int(n%1000))
		n /= 1000
	}
	var out []string
	for i := len(groups) - 1; i >= 0; i-- {
		g := groups[i]
		if g == 0 {
			continue
		}
		words := group(g, len(out) > 0)
		if scales[i] != "" {
			words += " " + scales[i]
		}
		out = append(out, words)
	}
	return strings.Join(out, " ")
}

// Digits reads a string of digits one by one: "0912" → "không chín một hai".
func Digits(s string) string {
	var out []string
	for _, r := range s {
		if r >= '0' && r <= '9' {
			out = append(out, digits[r-'0'])
		}
	}
	return strings.Join(out, " ")
}

// integer reads "1.234.000" (dots group thousands) or "2025".
func integer(s string) string {
	n, err := strconv.ParseInt(strings.ReplaceAll(s, ".", ""), 10, 64)
	if err != nil {
		return Digits(s)
	}
	return Number(n)
}

// decimal reads "2,5" → "hai phẩy năm", "1,05" → "một phẩy không năm".
func decimal(whole, frac string) string {
	s := integer(whole) + " phẩy "
	if strings.HasPrefix(frac, "0") || len(frac) > 2 {
		return s + Digits(frac)
	}
	return s + integer(frac)
}

// Day and month read the calendar way: mùng for the first ten days, tư for April.
func day(d int) string {
	if d <= 10 {
		return "mùng " + Number(int64(d))
	}
	return Number(int64(d))
}

func month(m int) string {
	if m == 4 {
		return "tư"
	}
	return Number(int64(m))
}

// Abbreviations is the dictionary shipped with the package; a ward adds or
// overrides entries (Normalize's dict).
var Abbreviations = map[string]string{
	"UBND": "Ủy ban nhân dân", "HĐND": "Hội đồng nhân dân", "CCHC": "cải cách hành chính", "TTHC": "thủ tục hành chính",
	"MTTQ": "Mặt trận Tổ quốc", "CCCD": "căn cước công dân", "VNeID": "vê en ê ai đi", "DVC": "dịch vụ công",
	"DVCTT": "dịch vụ công trực tuyến", "BHYT": "bảo hiểm y tế", "BHXH": "bảo hiểm xã hội", "TP.HCM": "Thành phố Hồ Chí Minh",
	"TPHCM": "Thành phố Hồ Chí Minh", "KP": "khu phố", "VH-XH": "Văn hóa – Xã hội", "CA": "Công an", "CAP": "Công an phường",
	"PAKN": "phản ánh, kiến nghị", "THCS": "trung học cơ sở", "THPT": "trung học phổ thông", "Zalo OA": "Da lô ô a",
	"CSDL": "cơ sở dữ liệu", "GCN": "giấy chứng nhận", "QSDĐ": "quyền sử dụng đất", "NLV": "ngày làm việc",
}

// issuers spell the tail of a document number: 118/2025/NĐ-CP is a decree "của Chính phủ".
var issuers = map[string]string{
	"NĐ-CP": "của Chính phủ", "NQ-CP": "của Chính phủ", "QĐ-TTg": "của Thủ tướng Chính phủ", "KH-UBND": "của Ủy ban nhân dân",
	"QĐ-UBND": "của Ủy ban nhân dân", "TB-UBND": "của Ủy ban nhân dân", "UBND-VX": "của Ủy ban nhân dân", "TT-BTTTT": "của Bộ Thông tin và Truyền thông",
	"TT-BCA": "của Bộ Công an", "TT-BTC": "của Bộ Tài chính", "TT-BTP": "của Bộ Tư pháp", "TT-VPCP": "của Văn phòng Chính phủ",
	"QĐ-BNV": "của Bộ Nội vụ", "QĐ-BTP": "của Bộ Tư pháp",
}

// units are spoken after a number.
var units = map[string]string{
	"km": "ki lô mét", "m": "mét", "m2": "mét vuông", "m²": "mét vuông", "ha": "héc ta", "kg": "ki lô gam", "g": "gam",
	"cm": "xăng ti mét", "mm": "mi li mét", "l": "lít", "%": "phần trăm", "đ": "đồng", "đồng": "đồng", "VNĐ": "đồng", "vnđ": "đồng",
}

var (
	link     = regexp.MustCompile(`(?i)\b(?:https?://|www\.)\S+`)
	email    = regexp.MustCompile(`\b[\w.+-]+@[\w-]+\.[\w.]+\b`)
	docNum   = regexp.MustCompile(`\b(\d{1,5})/(\d{4})/([A-ZĐ]+(?:-[A-Za-zĐđ]+)+|QH\d{2})\b`)
	docShort = regexp.MustCompile(`\b(\d{1,5})/([A-ZĐ]+(?:-[A-Za-zĐđ]+)+)\b`)
	fullDate = regexp.MustCompile(`(?i)\b(ngày\s+)?(\d{1,2})/(\d{1,2})/(\d{4})\b`)
	dayMonth = regexp.MustCompile(`(?i)\b(ngày\s+)?(\d{1,2})/(\d{1,2})\b`)
	clock    = regexp.MustCompile(`(?i)\b(\d{1,2})\s*(?:giờ|h|:)\s*(\d{2})(?:\s*phút)?\b`)
	hour     = regexp.MustCompile(`(?i)\b(\d{1,2})\s*h\b`)
	phone    = regexp.MustCompile(`(?:\+84[ .]?|\b0)\d{1,3}(?:[ .]?\d{2,4}){2,3}\b`)
	decNum   = regexp.MustCompile(`\b(\d{1,3}(?:\.\d{3})+|\d+),(\d+)\b`)
	grouped  = regexp.MustCompile(`\b\d{1,3}(?:\.\d{3})+\b`)
	plain    = regexp.MustCompile(`\b\d+\b`)
	unitAft  = regexp.MustCompile(`(\d)\s?(km|m2|m²|ha|kg|cm|mm|VNĐ|vnđ|đồng|đ|%|m|g|l)(\s|$|[.,;:!?)])`)
	spaces   = regexp.MustCompile(`[ \t]+`)
)

// abbrevs is the shipped dictionary as one pattern, the longest keys first
// so that DVCTT is not read as DVC + TT.
var abbrevs = sync.OnceValue(func() *regexp.Regexp { return pattern(Abbreviations) })

func pattern(dict map[string]string) *regexp.Regexp {
	keys := make([]string, 0, len(dict))
	for k := range dict {
		keys = append(keys, regexp.QuoteMeta(k))
	}
	sort.Slice(keys, func(i, j int) bool {
		return len(keys[i]) > len(keys[j]) || len(keys[i]) == len(keys[j]) && keys[i] < keys[j]
	})
	return regexp.MustCompile(`(^|[^\p{L}\p{N}])(` + strings.Join(keys, "|") + `)($|[^\p{L}\p{N}])`)
}

// expand spells out the abbreviations: the shipped ones and the ward's.
func expand(s string, dict map[string]string) string {
	re, all := abbrevs(), Abbreviations
	if len(dict) > 0 {
		all = map[string]string{}
		for k, v := range Abbreviations {
			all[k] = v
		}
		for k, v := range dict {
			all[k] = v
		}
		re = pattern(all)
	}
	for { // neighbours share the character between them: again until none is left
		next := re.ReplaceAllStringFunc(s, func(m string) string {
			x := re.FindStringSubmatch(m)
			return x[1] + all[x[2]] + x[3]
		})
		if next == s {
			return s
		}
		s = next
	}
}

// Normalize returns text as it should be spoken. dict adds or overrides
// abbreviations (the ward's own: its khu phố names, its units).
func Normalize(text string, dict map[string]string) string {
	s := link.ReplaceAllString(text, "")
	s = email.ReplaceAllStringFunc(s, func(m string) string {
		return strings.NewReplacer("@", " a còng ", ".", " chấm ").Replace(m)
	})
	// Document numbers before dates: 118/2025/NĐ-CP is not a day.
	s = docNum.ReplaceAllStringFunc(s, func(m string) string {
		x := docNum.FindStringSubmatch(m)
		tail := issuers[x[3]]
		if strings.HasPrefix(x[3], "QH") {
			tail = "của Quốc hội khóa " + integer(x[3][2:])
		}
		out := integer(x[1]) + " năm " + integer(x[2])
		if tail != "" {
			out += " " + tail
		}
		return out
	})
	s = docShort.ReplaceAllStringFunc(s, func(m string) string {
		x := docShort.FindStringSubmatch(m)
		if tail := issuers[x[2]]; tail != "" {
			return integer(x[1]) + " " + tail
		}
		return integer(x[1])
	})
	s = fullDate.ReplaceAllStringFunc(s, func(m string) string {
		x := fullDate.FindStringSubmatch(m)
		d, _ := strconv.Atoi(x[2])
		mo, _ := strconv.Atoi(x[3])
		if d < 1 || d > 31 || mo < 1 || mo > 12 {
			return m
		}
		return "ngày " + day(d) + " tháng " + month(mo) + " năm " + integer(x[4])
	})
	s = phone.ReplaceAllStringFunc(s, func(m string) string {
		d := strings.NewReplacer(" ", "", ".", "", "+84", "0").Replace(m)
		if len(d) < 10 || len(d) > 11 {
			return m
		}
		return Digits(d)
	})
	s = dayMonth.ReplaceAllStringFunc(s, func(m string) string {
		x := dayMonth.FindStringSubmatch(m)
		d, _ := strconv.Atoi(x[2])
		mo, _ := strconv.Atoi(x[3])
		if d < 1 || d > 31 || mo < 1 || mo > 12 {
			return m
		}
		return "ngày " + day(d) + " tháng " + month(mo)
	})
	s = clock.ReplaceAllStringFunc(s, func(m string) string {
		x := clock.FindStringSubmatch(m)
		h, _ := strconv.Atoi(x[1])
		mi, _ := strconv.Atoi(x[2])
		if h > 23 || mi > 59 {
			return m
		}
		if mi == 0 {
			return Number(int64(h)) + " giờ"
		}
		return Number(int64(h)) + " giờ " + Number(int64(mi)) + " phút"
	})
	s = hour.ReplaceAllStringFunc(s, func(m string) string {
		h, _ := strconv.Atoi(hour.FindStringSubmatch(m)[1])
		if h > 23 {
			return m
		}
		return Number(int64(h)) + " giờ"
	})
	// Units right after a number: 50.000đ, 5,8 km, 93,77%.
	for {
		next := unitAft.ReplaceAllStringFunc(s, func(m string) string {
			x := unitAft.FindStringSubmatch(m)
			return x[1] + " " + units[x[2]] + x[3]
		})
		if next == s {
			break
		}
		s = next
	}
	s = decNum.ReplaceAllStringFunc(s, func(m string) string {
		x := decNum.FindStringSubmatch(m)
		return decimal(x[1], x[2])
	})
	s = grouped.ReplaceAllStringFunc(s, integer)
	s = plain.ReplaceAllStringFunc(s, func(m string) string {
		if len(m) > 15 {
			return Digits(m)
		}
		return integer(m)
	})
	s = expand(s, dict)
	s = strings.NewReplacer(" – ", ", ", " - ", ", ", "…", ".", "&", " và ").Replace(s)
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSpace(spaces.ReplaceAllString(l, " "))
	}
	return strings.TrimSpace(strings.Join(lines, "\n"))
}
