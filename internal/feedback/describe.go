package feedback

import "github.com/cchc-vn/cchc/internal/audit"

func init() {
	audit.Describe("feedback",
		audit.Field{Key: "status", Label: "Tình trạng", Name: StatusName},
		audit.Field{Key: "forward", Label: "Chuyển tới"},
		audit.Field{Key: "reason", Label: "Lý do"},
		audit.Field{Key: "answer", Label: "Trả lời"},
		audit.Field{Key: "published", Label: "Công khai câu trả lời"})
	audit.Describe("supervision",
		audit.Field{Key: "body", Label: "Kiến nghị giám sát"},
		audit.Field{Key: "answer", Label: "Trả lời"})
}
