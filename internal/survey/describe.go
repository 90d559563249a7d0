package survey

import "github.com/cchc-vn/cchc/internal/audit"

func init() {
	audit.Describe("survey",
		audit.Field{Key: "title", Label: "Tên cuộc khảo sát"},
		audit.Field{Key: "questions", Label: "Số câu hỏi"},
		audit.Field{Key: "waves", Label: "Số đợt"},
		audit.Field{Key: "status", Label: "Tình trạng", Name: StatusName})
}
