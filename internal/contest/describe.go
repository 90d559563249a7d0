package contest

import (
	"strconv"

	"github.com/cchc-vn/cchc/internal/audit"
)

func init() {
	yesNo := func(v string) string {
		if v == "true" {
			return "Có"
		}
		return "Không"
	}
	audit.Describe("contest",
		audit.Field{Key: "title", Label: "Tên cuộc thi"},
		audit.Field{Key: "summary", Label: "Giới thiệu ngắn"},
		audit.Field{Key: "scope", Label: "Đối tượng dự thi", Name: ScopeName},
		audit.Field{Key: "min_age", Label: "Tuổi tối thiểu"},
		audit.Field{Key: "exclude_officials", Label: "Không nhận cán bộ của cơ quan tổ chức", Name: yesNo},
		audit.Field{Key: "retention_days", Label: "Số ngày lưu dữ liệu cá nhân"},
		audit.Field{Key: "unit", Label: "Đơn vị tổ chức"},
		audit.Field{Key: "channel", Label: "Hình thức tuyên truyền"})
	audit.Describe("contest_round",
		audit.Field{Key: "title", Label: "Tên vòng thi"},
		audit.Field{Key: "opens", Label: "Mở lúc"},
		audit.Field{Key: "closes", Label: "Đóng lúc"},
		audit.Field{Key: "time_limit", Label: "Thời gian làm bài (phút)"},
		audit.Field{Key: "attempts", Label: "Số lượt dự thi"},
		audit.Field{Key: "questions", Label: "Số câu hỏi"},
		audit.Field{Key: "prediction", Label: "Câu hỏi dự đoán"},
		audit.Field{Key: "prizes", Label: "Cơ cấu giải"},
		audit.Field{Key: "status", Label: "Tình trạng", Name: RoundStatusName},
		audit.Field{Key: "results", Label: "Kết quả", Name: ResultsName},
		audit.Field{Key: "takers", Label: "Số người dự thi"},
		audit.Field{Key: "all_correct", Label: "Số người trả lời đúng tất cả"},
		audit.Field{Key: "note", Label: "Ý kiến"})
	audit.Describe("contest_question",
		audit.Field{Key: "body", Label: "Câu hỏi"},
		audit.Field{Key: "options", Label: "Phương án"},
		audit.Field{Key: "correct", Label: "Đáp án đúng"},
		audit.Field{Key: "theme", Label: "Nội dung"},
		audit.Field{Key: "difficulty", Label: "Mức độ", Name: func(v string) string { n, _ := strconv.Atoi(v); return DifficultyName(n) }},
		audit.Field{Key: "source", Label: "Căn cứ"},
		audit.Field{Key: "retired", Label: "Ngừng sử dụng", Name: yesNo})
	audit.Describe("contest_taker",
		audit.Field{Key: "excluded", Label: "Không công nhận", Name: yesNo},
		audit.Field{Key: "note", Label: "Lý do"})
}

// ResultsName is the Vietnamese label of a round's results status.
func ResultsName(s string) string {
	switch s {
	case ResultsProposed:
		return "Chờ lãnh đạo duyệt"
	case ResultsApproved:
		return "Đã duyệt, công bố"
	}
	return "Chưa trình"
}
