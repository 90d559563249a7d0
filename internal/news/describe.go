package news

import "github.com/cchc-vn/cchc/internal/audit"

func init() {
	audit.Describe("article",
		audit.Field{Key: "status", Label: "Tình trạng", Name: func(s string) string {
			switch s {
			case Draft:
				return "Bản nháp"
			case Submitted:
				return "Chờ duyệt"
			case Published:
				return "Đã đăng"
			case Archived:
				return "Lưu trữ"
			}
			return s
		}},
		audit.Field{Key: "title", Label: "Tiêu đề"},
		audit.Field{Key: "approve", Label: "Duyệt đăng"},
		audit.Field{Key: "note", Label: "Ý kiến"})
	audit.Describe("news_column",
		audit.Field{Key: "name", Label: "Tên chuyên mục"})
}
