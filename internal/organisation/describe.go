package organisation

import "github.com/cchc-vn/cchc/internal/audit"

func init() {
	audit.Describe("unit", audit.Field{Key: "members", Label: "Số hội viên"})
	audit.Describe("plan",
		audit.Field{Key: "findings", Label: "Kết quả giám sát"},
		audit.Field{Key: "recommendations", Label: "Kiến nghị"},
		audit.Field{Key: "answer", Label: "Trả lời giám sát"})
}
