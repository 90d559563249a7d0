package survey

import "github.com/cchc-vn/cchc/internal/audit"

func init() {
	status := func(v string) string {
		return map[string]string{Draft: "Đang soạn", Open: "Đang nhận câu trả lời", Closed: "Đã kết thúc"}[v]
	}
	audit.Describe("survey",
		audit.Field{Key: "title", Label: "Tên cuộc khảo sát"},
		audit.Field{Key: "questions", Label: "Số câu hỏi"},
		audit.Field{Key: "waves", Label: "Số đợt"},
		audit.Field{Key: "status", Label: "Tình trạng", Name: status})
}
