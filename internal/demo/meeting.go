package demo

import (
	"context"
	"strconv"
	"time"

	"github.com/cchc-vn/cchc/internal/account"
	"github.com/cchc-vn/cchc/internal/audit"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/feedback"
	"github.com/cchc-vn/cchc/internal/filestore"
	"github.com/cchc-vn/cchc/internal/meeting"
	"github.com/cchc-vn/cchc/internal/plan"
	"github.com/cchc-vn/cchc/internal/vn"
	"github.com/cchc-vn/cchc/internal/ward"
)

// demoMeetings are a month of the ward's meetings around today: the
// organiser's unit code, the khu phố (0 for none), the day from today and
// the hours, the plan's themes by position, and what became of it (the
// attendance by group when held, the reason when called off; neither for
// one that is still to come or whose minutes are late).
var demoMeetings = []struct {
	kind, organiser, title, venue, invited string
	khuPho, day, from, to                  int
	themes                                 []int
	agenda                                 []string
	procedure                              string
	public                                 bool
	present                                map[string]string
	cancelled                              string
}{
	{"hop-dan", "kp-01", "Họp dân khu phố 1: làm thủ tục trực tuyến tại nhà", "Nhà văn hóa khu phố 1", "Đại diện các hộ gia đình khu phố 1", 1, -20, 19, 21, []int{1, 2},
		[]string{"Hướng dẫn nộp hồ sơ đăng ký khai sinh trên Cổng dịch vụ công quốc gia", "Giới thiệu tài khoản định danh điện tử VNeID mức 2", "Lắng nghe ý kiến của bà con"}, "1.001193", true,
		map[string]string{"nguoi-dan": "58", "can-bo": "4", "dang-vien": "3"}, ""},
	{"hop-khu-pho", "kp-02", "Họp khu phố 2 định kỳ tháng", "Hội trường khu phố 2", "Tổ trưởng tổ dân phố, đại diện hộ gia đình", 2, -15, 19, 21, []int{0, 1},
		[]string{"Phổ biến kế hoạch cải cách hành chính của phường", "Thanh toán lệ phí trực tuyến"}, "", true, map[string]string{"nguoi-dan": "44", "can-bo": "4"}, ""},
	{"hoi-nghi", "vh-xh", "Hội nghị tuyên truyền cải cách hành chính cho cán bộ khu phố", "Hội trường Ủy ban nhân dân phường", "Trưởng, phó khu phố; cán bộ, công chức phường", 0, -12, 8, 11, []int{0, 2},
		[]string{"Quán triệt kế hoạch tuyên truyền cải cách hành chính 6 tháng", "Kỹ năng hướng dẫn người dân dùng dịch vụ công trực tuyến"}, "", true,
		map[string]string{"can-bo": "82", "dai-bieu": "38"}, ""},
	{"doi-thoai", "ubmttq", "Đối thoại với người dân về dịch vụ công trực tuyến", "Nhà văn hóa khu phố 5", "Người dân, đại diện Trung tâm Phục vụ hành chính công", 5, -8, 8, 10, []int{1, 3},
		[]string{"Người dân nêu khó khăn khi nộp hồ sơ trực tuyến", "Trung tâm Phục vụ hành chính công trả lời"}, "", true,
		map[string]string{"nguoi-dan": "71", "can-bo": "6", "dai-bieu": "8"}, ""},
	{"sinh-hoat", "doan-thanh-nien", "Sinh hoạt chuyên đề: đoàn viên hướng dẫn người dân cài đặt VNeID", "Trụ sở Đoàn phường", "Đoàn viên các chi đoàn khu phố", 0, -5, 18, 20, []int{1},
		[]string{"Tập huấn cài đặt, kích hoạt VNeID", "Phân công hỗ trợ tại các khu phố"}, "", false, map[string]string{"hoi-vien": "40"}, ""},
	{"hop-dan", "kp-03", "Họp dân khu phố 3 về dịch vụ công trực tuyến", "Nhà văn hóa khu phố 3", "Đại diện các hộ gia đình", 3, -6, 19, 21, []int{1},
		[]string{"Hướng dẫn nộp hồ sơ trực tuyến"}, "", true, nil, "Trùng lịch ra quân vệ sinh môi trường; sẽ họp lại vào tháng sau."},
	{"hop-khu-pho", "kp-01", "Họp khu phố 1: đánh giá việc làm thủ tục trực tuyến", "Nhà văn hóa khu phố 1", "Tổ trưởng tổ dân phố", 1, -2, 19, 21, []int{1},
		[]string{"Số hồ sơ trực tuyến của khu phố trong tháng", "Hộ còn khó khăn cần hỗ trợ"}, "", true, nil, ""},
	{"hoi-nghi", "hoi-phu-nu", "Sinh hoạt hội viên phụ nữ: thủ tục khai sinh, cư trú trực tuyến", "Nhà văn hóa khu phố 4", "Hội viên phụ nữ khu phố 4", 4, 3, 15, 17, []int{1, 2},
		[]string{"Liên thông khai sinh, thường trú, bảo hiểm y tế cho trẻ dưới 6 tuổi"}, "1.001193", true, nil, ""},
	{"hop-dan", "kp-01", "Họp dân khu phố 1 cuối năm", "Nhà văn hóa khu phố 1", "Đại diện các hộ gia đình khu phố 1", 1, 5, 19, 21, []int{0, 1},
		[]string{"Kết quả cải cách hành chính năm của phường", "Hướng dẫn thanh toán lệ phí trực tuyến"}, "", true, nil, ""},
	{"hop-dan", "kp-04", "Họp dân khu phố 4 về tài khoản định danh điện tử", "Sân khu phố 4", "Người dân khu phố 4", 4, 9, 19, 21, []int{1},
		[]string{"Kích hoạt VNeID mức 2 tại chỗ"}, "", true, nil, ""},
	{"hoi-nghi", "vh-xh", "Hội nghị sơ kết công tác tuyên truyền cải cách hành chính", "Hội trường Ủy ban nhân dân phường", "Các đơn vị, đoàn thể, khu phố", 0, 14, 8, 11, []int{0},
		[]string{"Báo cáo kết quả thực hiện kế hoạch", "Khen thưởng khu phố làm tốt"}, "", true, nil, ""},
}

// meetingDemo schedules the ward's meetings, records the result of those
// held (which counts them on the plan), two residents' opinions at the
// first and the Front's comment on its minutes.
func meetingDemo(ctx context.Context, tx *db.Tx, files filestore.Store, w *ward.Ward, users map[string]*account.User, now time.Time) error {
	p, err := plan.Current(ctx, tx, w.ID)
	if err != nil {
		return err
	}
	themes := map[string]string{}
	for _, t := range p.Themes {
		themes[t.Code] = t.Title
	}
	units, err := ward.Units(ctx, tx, w.ID)
	if err != nil {
		return err
	}
	byCode := map[string]*ward.Unit{}
	for _, u := range units {
		byCode[u.Code] = u
	}
	desk, err := feedback.LoadDesk(ctx, tx, w.ID)
	if err != nil {
		return err
	}
	lead := users["vhxh"]
	act := audit.Actor{WardID: w.ID, UserID: lead.ID, Username: lead.Username, IP: "demo"}
	today := now.In(vn.Zone)
	for i, d := range demoMeetings {
		in := meeting.Input{Kind: d.kind, Title: d.title, OrganiserID: byCode[d.organiser].ID, Venue: d.venue, Invited: d.invited, Public: d.public,
			Date: today.AddDate(0, 0, d.day).Format("02/01/2006"), Starts: strconv.Itoa(d.from) + ":00", Ends: strconv.Itoa(d.to) + ":00", Expected: "50"}
		if d.khuPho != 0 {
			in.KhuPhoID = byCode["kp-0"+strconv.Itoa(d.khuPho)].ID
		}
		var ts []string
		for _, n := range d.themes {
			ts = append(ts, p.Themes[n%len(p.Themes)].Code)
		}
		for j, body := range d.agenda {
			it := meeting.Item{Body: body, Themes: ts}
			if j == 0 {
				it.ProcedureCode = d.procedure
			}
			in.Agenda = append(in.Agenda, it)
		}
		m, err := meeting.Save(ctx, tx, lead, act, 0, in, themes, now.AddDate(0, 0, min(d.day, 0)-7))
		if err != nil {
			return err
		}
		switch {
		case d.cancelled != "":
			if err := meeting.Cancel(ctx, tx, lead, act, m.ID, d.cancelled, m.StartsAt.AddDate(0, 0, -1)); err != nil {
				return err
			}
		case d.present != nil:
			if i == 0 {
				if err := demoOpinions(ctx, tx, files, desk, users["kp01"], m); err != nil { // the khu phố head heard them
					return err
				}
			}
			content := ""
			for j, body := range d.agenda {
				content += strconv.Itoa(j+1) + ". " + body + ": cán bộ trình bày, bà con trao đổi.\n"
			}
			if _, err := meeting.Close(ctx, tx, files, lead, act, m.ID, meeting.Minutes{Present: d.present, Number: strconv.Itoa(i+1) + "/BB", Chair: "Ông Trần Văn Hùng, " + m.Organiser,
				Secretary: "Bà Lê Thị Thu", Participants: d.invited, Content: content, Conclusion: "Thống nhất các nội dung; giao các tổ dân phố tiếp tục hướng dẫn bà con.",
				Cost: "500.000"}, m.EndsAt.Add(time.Hour)); err != nil {
				return err
			}
			if i == 0 {
				if err := meeting.AddComment(ctx, tx, users["mttq"], audit.Actor{WardID: w.ID, UserID: users["mttq"].ID, Username: "mttq", IP: "demo"}, m.ID, "Biên bản đầy đủ; đề nghị ghi rõ thời hạn trả lời các ý kiến của bà con.", m.EndsAt.Add(24*time.Hour)); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// demoOpinions are what two residents said at a meeting, recorded as
// feedback by the official who heard them.
func demoOpinions(ctx context.Context, tx *db.Tx, files filestore.Store, desk *feedback.Desk, u *account.User, m *meeting.Meeting) error {
	for i, o := range []struct{ category, title, text, name, phone string }{
		{"dich_vu", "Người lớn tuổi cần được hướng dẫn tại nhà", "Tôi 70 tuổi, không biết dùng điện thoại để nộp hồ sơ; đề nghị khu phố cử người hướng dẫn tại nhà.", "Nguyễn Văn Tư", "0903111222"},
		{"thu_tuc", "Lệ phí trực tuyến có được giảm không", "Tôi muốn biết nộp hồ sơ khai sinh trực tuyến có được giảm lệ phí như khi nộp tại phường không.", "Trần Thị Bảy", "0918222333"},
	} {
		if _, err := meeting.Opinion(ctx, tx, files, desk, u, m.ID, feedback.Input{Category: o.category, Title: o.title, Description: o.text,
			Name: o.name, Phone: o.phone, Consent: true}, nil, m.StartsAt.Add(time.Duration(30+i*20)*time.Minute)); err != nil {
			return err
		}
	}
	return nil
}
