package plan

import "github.com/cchc-vn/cchc/internal/audit"

func init() {
	audit.Describe("task_assignment",
		audit.Field{Key: "status", Label: "Tình trạng", Name: TaskStatusName},
		audit.Field{Key: "note", Label: "Ghi chú"},
		audit.Field{Key: "body", Label: "Ý kiến"})
	audit.Describe("plan",
		audit.Field{Key: "status", Label: "Tình trạng", Name: StatusName},
		audit.Field{Key: "Number", Label: "Số kế hoạch"},
		audit.Field{Key: "IssuedOn", Label: "Ngày ban hành"},
		audit.Field{Key: "Title", Label: "Trích yếu"},
		audit.Field{Key: "PeriodLabel", Label: "Kỳ kế hoạch"},
		audit.Field{Key: "PeriodStart", Label: "Từ ngày"},
		audit.Field{Key: "PeriodEnd", Label: "Đến ngày"},
		audit.Field{Key: "Basis", Label: "Căn cứ"},
		audit.Field{Key: "SignerTitle", Label: "Chức vụ người ký"},
		audit.Field{Key: "SignerName", Label: "Người ký"},
		audit.Field{Key: "Recipients", Label: "Nơi nhận"},
		audit.Field{Key: "ReportCycle", Label: "Kỳ báo cáo", Name: func(s string) string {
			switch s {
			case "month":
				return "Hằng tháng"
			case "quarter":
				return "Hằng quý"
			}
			return s
		}},
		audit.Field{Key: "ReportDueDays", Label: "Số ngày gửi báo cáo sau kỳ"})
	audit.Describe("plan_task",
		audit.Field{Key: "Body", Label: "Nhiệm vụ"},
		audit.Field{Key: "Recurrence", Label: "Tần suất", Name: RecurrenceName},
		audit.Field{Key: "DueOn", Label: "Thời hạn"})
}
