package exemplar

import "github.com/cchc-vn/cchc/internal/audit"

func init() {
	audit.Describe("exemplar",
		audit.Field{Key: "status", Label: "Tình trạng", Name: StatusName},
		audit.Field{Key: "Kind", Label: "Loại", Name: KindName},
		audit.Field{Key: "Name", Label: "Tên"},
		audit.Field{Key: "UnitName", Label: "Đơn vị"},
		audit.Field{Key: "Achievement", Label: "Thành tích"},
		audit.Field{Key: "Results", Label: "Kết quả"},
		audit.Field{Key: "note", Label: "Ý kiến"})
}
