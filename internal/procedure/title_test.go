package procedure

import (
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

func TestPlainTitle(t *testing.T) {
	for _, c := range []struct{ name, want string }{
		{"Thủ tục đăng ký khai sinh", "Đăng ký khai sinh"},
		{"Đăng ký thường trú", "Đăng ký thường trú"},
		{"Cấp lại chứng nhận đăng ký xe, biển số xe thực hiện bằng dịch vụ công trực tuyến một phần hoặc trực tiếp thực hiện tại cấp trung ương, cấp tỉnh, cấp xã",
			"Cấp lại chứng nhận đăng ký xe, biển số xe"},
		{"Khai thác thông tin người gốc Việt Nam chưa xác định được quốc tịch trong Cơ sở dữ liệu quốc gia về dân cư (thực hiện tại cấp xã)",
			"Khai thác thông tin người gốc Việt Nam chưa xác định được quốc tịch trong Cơ sở dữ liệu quốc gia về dân cư"},
		{"Cấp giấy phép xây dựng mới đối với công trình cấp III, cấp IV (Công trình không theo tuyến/Theo tuyến trong đô thị/Tín ngưỡng, tôn giáo/Tượng đài, tranh hoành tráng/Theo giai đoạn cho công trình không theo tuyến/Theo giai đoạn cho công trình theo tuyến trong đô thị/Dự án) và nhà ở riêng lẻ",
			"Cấp giấy phép xây dựng mới đối với công trình cấp III, cấp IV và nhà ở riêng lẻ"},
		{"Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan, tổ chức có thẩm quyền của Việt Nam; cơ quan, tổ chức có thẩm quyền của nước ngoài; cơ quan, tổ chức có thẩm quyền của Việt Nam liên kết với cơ quan, tổ chức có thẩm quyền của nước ngoài cấp hoặc chứng nhận",
			"Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan, tổ chức có thẩm quyền của Việt Nam"},
		{"Phê duyệt Phương án khai thác gỗ, thực vật rừng ngoài gỗ loài thông thường thuộc thẩm quyền giải quyết của Ủy ban nhân dân cấp xã",
			"Phê duyệt Phương án khai thác gỗ, thực vật rừng ngoài gỗ loài thông thường"},
		{"Thẩm định Thiết kế xây dựng triển khai sau thiết kế cơ sở/ Thiết kế xây dựng triển khai sau thiết kế cơ sở điều chỉnh;",
			"Thẩm định Thiết kế xây dựng triển khai sau thiết kế cơ sở/ Thiết kế xây dựng triển khai sau thiết kế cơ sở điều chỉnh"},
		{"Thủ tục ", "Thủ tục"},
	} {
		if got := plainTitle(c.name); got != c.want {
			t.Errorf("plainTitle(%q)\n got %q\nwant %q", c.name, got, c.want)
		}
	}
}

// Every shipped procedure gets a title in NFC; the ward's own, which
// residents browse, fit in three lines of a phone (160 characters) but for a
// few whose every clause matters. An editor's short name wins.
func TestShippedTitlesAreShort(t *testing.T) {
	ps, err := Catalogue()
	if err != nil {
		t.Fatal(err)
	}
	var ward, longBefore, longAfter, shortened int
	for _, p := range ps {
		ti := p.Title()
		if ti == "" || !norm.NFC.IsNormalString(ti) {
			t.Errorf("%s: title %q", p.Code, ti)
		}
		if ti != p.Name {
			shortened++
		}
		if p.Desk() == DeskOther {
			continue
		}
		ward++
		if utf8.RuneCountInString(p.Name) > 160 {
			longBefore++
		}
		if n := utf8.RuneCountInString(ti); n > 160 {
			longAfter++
			t.Logf("%s: %d runes: %s", p.Code, n, ti)
		}
	}
	t.Logf("%d of %d titles differ from the official name; of the ward's %d, %d names and %d titles run over 160 characters", shortened, len(ps), ward, longBefore, longAfter)
	if longAfter*10 > longBefore {
		t.Errorf("%d of the ward's titles still over 160 characters (names: %d)", longAfter, longBefore)
	}
	p := &Procedure{Name: "Thủ tục đăng ký khai sinh", ShortName: " Khai sinh cho con "}
	if p.Title() != "Khai sinh cho con" {
		t.Errorf("short name ignored: %q", p.Title())
	}
}
