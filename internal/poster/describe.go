package poster

import (
	"github.com/cchc-vn/cchc/internal/audit"
	"github.com/cchc-vn/cchc/internal/vn"
)

func init() {
	money := func(v string) string {
		n, ok := number(v)
		if !ok {
			return v
		}
		return vn.Money(n)
	}
	audit.Describe("poster",
		audit.Field{Key: "kind", Label: "Loại", Name: KindName},
		audit.Field{Key: "message", Label: "Nội dung, khẩu hiệu"},
		audit.Field{Key: "themes", Label: "Nội dung tuyên truyền"},
		audit.Field{Key: "size", Label: "Kích thước"},
		audit.Field{Key: "address", Label: "Địa chỉ"},
		audit.Field{Key: "khu_pho_id", Label: "Khu phố (mã)"},
		audit.Field{Key: "place_kind", Label: "Loại địa điểm", Name: PlaceKindName},
		audit.Field{Key: "quantity", Label: "Số lượng"},
		audit.Field{Key: "cost", Label: "Kinh phí", Name: money},
		audit.Field{Key: "put_up_on", Label: "Ngày treo", Name: vn.ISODate},
		audit.Field{Key: "take_down_on", Label: "Ngày tháo dự kiến", Name: vn.ISODate},
		audit.Field{Key: "unit_id", Label: "Đơn vị phụ trách (mã)"},
		audit.Field{Key: "target", Label: "Mã QR dẫn tới", Name: func(v string) string { return nameOf(Targets, v) }},
		audit.Field{Key: "target_ref", Label: "Trang"},
		audit.Field{Key: "status", Label: "Tình trạng", Name: StatusName},
		audit.Field{Key: "taken_down_on", Label: "Ngày tháo", Name: vn.ISODate})
}
