package meeting

import (
	"github.com/cchc-vn/cchc/internal/audit"
	"github.com/cchc-vn/cchc/internal/vn"
)

func init() {
	audit.Describe("meeting",
		audit.Field{Key: "kind", Label: "Loại", Name: KindName},
		audit.Field{Key: "title", Label: "Tên cuộc họp"},
		audit.Field{Key: "organiser_id", Label: "Đơn vị tổ chức (mã)"},
		audit.Field{Key: "khu_pho_id", Label: "Khu phố (mã)"},
		audit.Field{Key: "venue", Label: "Địa điểm"},
		audit.Field{Key: "starts_at", Label: "Bắt đầu"},
		audit.Field{Key: "ends_at", Label: "Kết thúc"},
		audit.Field{Key: "invited", Label: "Thành phần mời"},
		audit.Field{Key: "expected", Label: "Số người dự kiến"},
		audit.Field{Key: "public", Label: "Công khai trên Cổng", Name: func(v string) string {
			if v == "true" {
				return "Có"
			}
			return "Không"
		}},
		audit.Field{Key: "agenda", Label: "Chương trình"},
		audit.Field{Key: "status", Label: "Tình trạng", Name: StatusName},
		audit.Field{Key: "cancel_reason", Label: "Lý do hủy"},
		audit.Field{Key: "chair", Label: "Chủ trì"},
		audit.Field{Key: "secretary", Label: "Thư ký"},
		audit.Field{Key: "attendance", Label: "Số người tham dự"},
		audit.Field{Key: "cost", Label: "Kinh phí", Name: func(v string) string {
			if n, ok := number(v); ok {
				return vn.Money(n)
			}
			return v
		}},
		audit.Field{Key: "conclusion", Label: "Kết luận"},
		audit.Field{Key: "comment", Label: "Góp ý"})
}
