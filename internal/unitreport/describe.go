package unitreport

import "github.com/cchc-vn/cchc/internal/audit"

func init() {
	audit.Describe("unit_report",
		audit.Field{Key: "status", Label: "Tình trạng", Name: StatusName},
		audit.Field{Key: "activities", Label: "Số hoạt động"},
		audit.Field{Key: "people", Label: "Số lượt người"},
		audit.Field{Key: "cost", Label: "Kinh phí", Money: true},
		audit.Field{Key: "narrative", Label: "Nội dung báo cáo"},
		audit.Field{Key: "comment", Label: "Ý kiến khi duyệt"})
}
