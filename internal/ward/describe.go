package ward

import "github.com/cchc-vn/cchc/internal/audit"

func init() {
	audit.Describe("ward",
		audit.Field{Key: "Address", Label: "Địa chỉ"},
		audit.Field{Key: "Phone", Label: "Điện thoại"},
		audit.Field{Key: "Email", Label: "Thư điện tử"},
		audit.Field{Key: "OfficeHours", Label: "Giờ tiếp nhận hồ sơ"})
	audit.Describe("unit",
		audit.Field{Key: "code", Label: "Mã đơn vị"},
		audit.Field{Key: "name", Label: "Tên đơn vị"},
		audit.Field{Key: "short_name", Label: "Tên viết tắt"},
		audit.Field{Key: "kind", Label: "Loại", Name: func(s string) string { return KindName(Kind(s)) }},
		audit.Field{Key: "head_title", Label: "Chức danh người đứng đầu"},
		audit.Field{Key: "streets", Label: "Các tuyến đường, hẻm"})
}
