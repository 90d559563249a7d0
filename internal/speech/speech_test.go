package speech

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestNumber(t *testing.T) {
	for _, c := range []struct {
		n    int64
		want string
	}{
		{0, "không"}, {1, "một"}, {4, "bốn"}, {5, "năm"}, {10, "mười"}, {11, "mười một"}, {14, "mười bốn"}, {15, "mười lăm"},
		{20, "hai mươi"}, {21, "hai mươi mốt"}, {24, "hai mươi tư"}, {25, "hai mươi lăm"}, {55, "năm mươi lăm"}, {99, "chín mươi chín"},
		{100, "một trăm"}, {101, "một trăm lẻ một"}, {105, "một trăm lẻ năm"}, {110, "một trăm mười"}, {115, "một trăm mười lăm"},
		{121, "một trăm hai mươi mốt"}, {1000, "một nghìn"}, {1005, "một nghìn không trăm lẻ năm"}, {1010, "một nghìn không trăm mười"},
		{2025, "hai nghìn không trăm hai mươi lăm"}, {2100, "hai nghìn một trăm"}, {10000, "mười nghìn"}, {150389, "một trăm năm mươi nghìn ba trăm tám mươi chín"},
		{1234000, "một triệu hai trăm ba mươi tư nghìn"}, {1000000, "một triệu"}, {1000005, "một triệu không trăm lẻ năm"},
		{2000000000, "hai tỷ"}, {-3, "âm ba"},
	} {
		if got := Number(c.n); got != c.want {
			t.Errorf("Number(%d) = %q, want %q", c.n, got, c.want)
		}
	}
}

// TestNormalize: what a loudspeaker should say for what officials write.
func TestNormalize(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		// Money and numbers.
		{"Lệ phí 1.234.000 đồng.", "Lệ phí một triệu hai trăm ba mươi tư nghìn đồng."},
		{"Phí 50.000đ mỗi hồ sơ", "Phí năm mươi nghìn đồng mỗi hồ sơ"},
		{"Phí 10.000 đ", "Phí mười nghìn đồng"},
		{"Chứng thực 2.000 đồng/trang", "Chứng thực hai nghìn đồng/trang"},
		{"Có 150.389 người dân", "Có một trăm năm mươi nghìn ba trăm tám mươi chín người dân"},
		{"Có 59 khu phố", "Có năm mươi chín khu phố"},
		{"Giải thưởng 500.000 VNĐ", "Giải thưởng năm trăm nghìn đồng"},
		{"Tỷ lệ đúng hạn 93,77%", "Tỷ lệ đúng hạn chín mươi ba phẩy bảy mươi bảy phần trăm"},
		{"Đạt 100%", "Đạt một trăm phần trăm"},
		{"Diện tích 5,85 km", "Diện tích năm phẩy tám mươi lăm ki lô mét"},
		{"Nhà 120 m2", "Nhà một trăm hai mươi mét vuông"},
		{"Khoảng 2,5 ha", "Khoảng hai phẩy năm héc ta"},
		{"Lãi 1,05", "Lãi một phẩy không năm"},
		{"Vòng 1 có 10 câu hỏi", "Vòng một có mười câu hỏi"},
		{"Năm 2025", "Năm hai nghìn không trăm hai mươi lăm"},
		{"Giải 01 giải Nhất", "Giải một giải Nhất"},
		// Dates.
		{"Ngày 08/10/2025 phường ban hành kế hoạch.", "ngày mùng tám tháng mười năm hai nghìn không trăm hai mươi lăm phường ban hành kế hoạch."},
		{"Hạn chót 31/12/2025", "Hạn chót ngày ba mươi mốt tháng mười hai năm hai nghìn không trăm hai mươi lăm"},
		{"từ 01/7/2025", "từ ngày mùng một tháng bảy năm hai nghìn không trăm hai mươi lăm"},
		{"ngày 15/4/2026", "ngày mười lăm tháng tư năm hai nghìn không trăm hai mươi sáu"},
		{"họp ngày 10/11", "họp ngày mùng mười tháng mười một"},
		{"đến 20/01", "đến ngày hai mươi tháng một"},
		{"ngày 32/13/2025", "ngày ba mươi hai/mười ba/hai nghìn không trăm hai mươi lăm"},
		// Times.
		{"Phát lúc 6:00 và 17:00", "Phát lúc sáu giờ và mười bảy giờ"},
		{"Mở cửa 7h30", "Mở cửa bảy giờ ba mươi phút"},
		{"từ 7 giờ 30 đến 11 giờ 30", "từ bảy giờ ba mươi phút đến mười một giờ ba mươi phút"},
		{"đóng lúc 20h", "đóng lúc hai mươi giờ"},
		{"lúc 13:05", "lúc mười ba giờ năm phút"},
		// Phone numbers, digit by digit.
		{"Gọi 0912345678", "Gọi không chín một hai ba bốn năm sáu bảy tám"},
		{"Điện thoại 028 3850 1234", "Điện thoại không hai tám ba tám năm không một hai ba bốn"},
		{"Hotline 0283.850.1234", "Hotline không hai tám ba tám năm không một hai ba bốn"},
		{"số +84 912 345 678", "số không chín một hai ba bốn năm sáu bảy tám"},
		{"Tổng đài 1022", "Tổng đài một nghìn không trăm hai mươi hai"},
		// Abbreviations.
		{"UBND phường", "Ủy ban nhân dân phường"},
		{"Công tác CCHC năm nay", "Công tác cải cách hành chính năm nay"},
		{"Giải quyết TTHC", "Giải quyết thủ tục hành chính"},
		{"MTTQ và các đoàn thể", "Mặt trận Tổ quốc và các đoàn thể"},
		{"Mang theo CCCD", "Mang theo căn cước công dân"},
		{"Cài đặt VNeID", "Cài đặt vê en ê ai đi"},
		{"HĐND phường", "Hội đồng nhân dân phường"},
		{"Nộp hồ sơ DVCTT", "Nộp hồ sơ dịch vụ công trực tuyến"},
		{"Cổng DVC quốc gia", "Cổng dịch vụ công quốc gia"},
		{"thẻ BHYT", "thẻ bảo hiểm y tế"},
		{"người dân TP.HCM", "người dân Thành phố Hồ Chí Minh"},
		{"KP 5", "khu phố năm"},
		{"(UBND)", "(Ủy ban nhân dân)"},
		{"UBNDX giữ nguyên", "UBNDX giữ nguyên"},
		{"gửi PAKN", "gửi phản ánh, kiến nghị"},
		// Document numbers.
		{"Nghị định số 118/2025/NĐ-CP", "Nghị định số một trăm mười tám năm hai nghìn không trăm hai mươi lăm của Chính phủ"},
		{"Kế hoạch 88/KH-UBND", "Kế hoạch tám mươi tám của Ủy ban nhân dân"},
		{"Quyết định 766/QĐ-TTg", "Quyết định bảy trăm sáu mươi sáu của Thủ tướng Chính phủ"},
		{"Nghị quyết 202/2025/QH15", "Nghị quyết hai trăm lẻ hai năm hai nghìn không trăm hai mươi lăm của Quốc hội khóa mười lăm"},
		{"Thông tư 39/2020/TT-BTTTT", "Thông tư ba mươi chín năm hai nghìn không trăm hai mươi của Bộ Thông tin và Truyền thông"},
		{"Văn bản 12/UBND-VX", "Văn bản mười hai của Ủy ban nhân dân"},
		{"Quyết định 5/XYZ-ABC", "Quyết định năm"},
		// Links, e-mail, punctuation.
		{"Xem tại https://phudinh.example/thu-tuc nhé", "Xem tại nhé"},
		{"Truy cập www.dichvucong.gov.vn", "Truy cập"},
		{"Thư gửi vhxh@phudinh.gov.vn", "Thư gửi vhxh a còng phudinh chấm gov chấm vn"},
		{"Tuyên truyền – vận động", "Tuyên truyền, vận động"},
		{"Phụ nữ & thanh niên", "Phụ nữ và thanh niên"},
		{"Còn nữa…", "Còn nữa."},
		{"  nhiều   khoảng   trắng  ", "nhiều khoảng trắng"},
		{"Dòng một\nDòng 2", "Dòng một\nDòng hai"},
		// A whole announcement.
		{"UBND phường thông báo: từ 7h30 ngày 08/10/2025, người dân nộp hồ sơ TTHC qua Cổng DVC, lệ phí 10.000đ; hỏi đáp gọi 0283.850.1234.",
			"Ủy ban nhân dân phường thông báo: từ bảy giờ ba mươi phút ngày mùng tám tháng mười năm hai nghìn không trăm hai mươi lăm, người dân nộp hồ sơ thủ tục hành chính qua Cổng dịch vụ công, lệ phí mười nghìn đồng; hỏi đáp gọi không hai tám ba tám năm không một hai ba bốn."},
	} {
		got := Normalize(c.in, nil)
		if got != c.want {
			t.Errorf("Normalize(%q)\n got %q\nwant %q", c.in, got, c.want)
		}
		if !utf8.ValidString(got) || strings.ContainsAny(got, "0123456789") && !strings.Contains(c.want, "/") && !strings.ContainsAny(c.want, "0123456789") {
			t.Errorf("Normalize(%q) left digits: %q", c.in, got)
		}
	}
}

func TestNormalizeTakesTheWardsDictionary(t *testing.T) {
	got := Normalize("VP HĐND-UBND và KP 5", map[string]string{"VP HĐND-UBND": "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân", "KP": "khu phố số"})
	if got != "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân và khu phố số năm" {
		t.Errorf("with the ward's dictionary: %q", got)
	}
}

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"1.234.000 đồng", "08/10/2025", "0912345678", "118/2025/NĐ-CP", "7h30", "93,77%", "UBND"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Normalize(s, nil)
		if utf8.ValidString(s) && !utf8.ValidString(got) {
			t.Fatalf("Normalize(%q) = %q is not UTF-8", s, got)
		}
	})
}
