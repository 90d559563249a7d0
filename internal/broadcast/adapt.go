package broadcast

import (
	"regexp"
	"strings"

	"github.com/cchc-vn/cchc/internal/speech"
)

var (
	mdImage    = regexp.MustCompile(`!\[[^\]]*\]\([^)]*\)`)
	mdLink     = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`)
	mdTag      = regexp.MustCompile(`</?[a-zA-Z][^>]*>`)
	mdEmphasis = regexp.MustCompile("[*_`~]+")
	mdHeading  = regexp.MustCompile(`^\s{0,3}(#{1,6}|>+|[-*+]|\d+[.)])\s+`)
	mdRule     = regexp.MustCompile(`^\s*([-*_]\s*){3,}$`)
)

// Listenable adapts an article (Markdown) for the loudspeaker: pictures,
// tables, rules and markup go, links keep their words only, and numbers,
// dates and abbreviations are written as they are said.
func Listenable(md string, words map[string]string) string {
	var paras []string
	var cur []string
	flush := func() {
		if len(cur) > 0 {
			paras = append(paras, strings.Join(cur, " "))
			cur = nil
		}
	}
	for _, line := range strings.Split(md, "\n") {
		t := strings.TrimSpace(line)
		if t == "" || strings.HasPrefix(t, "|") || mdRule.MatchString(t) || strings.HasPrefix(t, "```") {
			flush()
			continue
		}
		t = mdImage.ReplaceAllString(t, "")
		t = mdLink.ReplaceAllString(t, "$1")
		t = mdTag.ReplaceAllString(t, "")
		t = mdHeading.ReplaceAllString(t, "")
		t = strings.TrimSpace(mdEmphasis.ReplaceAllString(t, ""))
		if t != "" {
			cur = append(cur, t)
		}
	}
	flush()
	for i, p := range paras {
		paras[i] = speech.Normalize(p, words)
	}
	return strings.Join(paras, "\n\n")
}

// Template is a bulletin's usual shape, for the writer to fill in.
type Template struct {
	Code, Name, Title, Body, Priority string
}

// Templates are the bulletins wards write most often.
var Templates = []Template{
	{"dich-vu-cong", "Hướng dẫn dịch vụ công trực tuyến", "Bà con nộp hồ sơ trực tuyến, không phải đến phường",
		"Kính thưa bà con khu phố. Ủy ban nhân dân phường thông báo: bà con có thể nộp hồ sơ [tên thủ tục] trên Cổng dịch vụ công quốc gia " +
			"hoặc ứng dụng định danh điện tử, không phải đến trụ sở phường. Khi cần hỗ trợ, bà con liên hệ bộ phận một cửa của phường " +
			"hoặc tổ công nghệ số cộng đồng ở khu phố. Xin cảm ơn bà con.", Normal},
	{"tiep-cong-dan", "Lịch tiếp công dân", "Lịch tiếp công dân của lãnh đạo phường",
		"Kính thưa bà con. Lãnh đạo Ủy ban nhân dân phường tiếp công dân vào [ngày, giờ] tại [địa điểm]. Bà con có kiến nghị, phản ánh " +
			"về thủ tục hành chính xin đến đúng giờ, mang theo giấy tờ liên quan. Bà con cũng có thể gửi phản ánh trên cổng thông tin của phường.", Normal},
	{"lay-y-kien", "Lấy ý kiến người dân", "Phường lấy ý kiến bà con về sự phục vụ của bộ phận một cửa",
		"Kính thưa bà con. Để phục vụ người dân ngày càng tốt hơn, phường đang lấy ý kiến về thái độ và thời gian giải quyết hồ sơ " +
			"từ [ngày] đến [ngày]. Bà con đã làm thủ tục tại phường xin dành ít phút trả lời phiếu khảo sát. Xin chân thành cảm ơn.", Priority},
	{"khan-cap", "Thông báo khẩn", "Thông báo khẩn của Ủy ban nhân dân phường",
		"Thông báo khẩn. Ủy ban nhân dân phường thông báo: [nội dung]. Đề nghị bà con [việc cần làm] ngay. " +
			"Mọi thông tin xin liên hệ [số điện thoại, đọc từng số].", Emergency},
}

// TemplateByCode finds a template.
func TemplateByCode(code string) (Template, bool) {
	for _, t := range Templates {
		if t.Code == code {
			return t, true
		}
	}
	return Template{}, false
}
