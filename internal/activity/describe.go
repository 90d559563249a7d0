package activity

import "github.com/cchc-vn/cchc/internal/audit"

func init() {
	audit.Describe("activity",
		audit.Field{Key: "held_on", Label: "Ngày thực hiện"},
		audit.Field{Key: "quantity", Label: "Số lượng"},
		audit.Field{Key: "people", Label: "Số người"},
		audit.Field{Key: "cost", Label: "Kinh phí", Money: true})
}
