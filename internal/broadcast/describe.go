package broadcast

import (
	"github.com/cchc-vn/cchc/internal/audit"
	"github.com/cchc-vn/cchc/internal/vn"
)

func init() {
	yesNo := func(v string) string {
		if v == "true" {
			return "Có"
		}
		return "Không"
	}
	audit.Describe("bulletin",
		audit.Field{Key: "title", Label: "Tiêu đề"},
		audit.Field{Key: "body", Label: "Nội dung"},
		audit.Field{Key: "themes", Label: "Nội dung tuyên truyền"},
		audit.Field{Key: "priority", Label: "Mức độ ưu tiên", Name: PriorityName},
		audit.Field{Key: "all_khu_pho", Label: "Phát ở mọi khu phố", Name: yesNo},
		audit.Field{Key: "khu_pho", Label: "Khu phố"},
		audit.Field{Key: "starts_on", Label: "Ngày bắt đầu", Name: vn.ISODate},
		audit.Field{Key: "ends_on", Label: "Ngày kết thúc", Name: vn.ISODate},
		audit.Field{Key: "repeats", Label: "Số lần phát mỗi buổi"},
		audit.Field{Key: "status", Label: "Tình trạng", Name: StatusName},
		audit.Field{Key: "audio_source", Label: "Nguồn âm thanh", Name: SourceName},
		audit.Field{Key: "audio_ms", Label: "Độ dài (mili giây)"})
	audit.Describe("unit",
		audit.Field{Key: "times", Label: "Giờ phát thanh"})
	audit.Describe("ward",
		audit.Field{Key: "words", Label: "Từ điển đọc bản tin"})
}
