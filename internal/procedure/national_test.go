package procedure

import (
	"encoding/json"
	"reflect"
	"testing"
	"unicode/utf8"
)

func TestParseChannels(t *testing.T) {
	tests := []struct {
		in   string
		want []Channel
		rest string
	}{
		{"Hình thức nộpThời gianPhí, lệ phíMô tảTrực tuyến1Miễn phíDịch vụ bưu chính1Miễn phíTrực tiếp1Miễn phí",
			[]Channel{{Method: "Trực tuyến", Time: "1", TimeUnknown: true, Fee: "Miễn phí", Free: true},
				{Method: "Dịch vụ bưu chính", Time: "1", TimeUnknown: true, Fee: "Miễn phí", Free: true},
				{Method: "Trực tiếp", Time: "1", TimeUnknown: true, Fee: "Miễn phí", Free: true}}, ""},
		{"Hình thức nộpThời gianPhí, lệ phíMô tảTrực tiếp7 Ngày làm việcKhông có thông tin- Nộp hồ sơ trực tiếp tại Công an cấp xã.Trực tuyến7 Ngày làm việcKhông có thông tin- Nộp hồ sơ trực tuyến qua Cổng dịch vụ công.",
			[]Channel{{Method: "Trực tiếp", Time: "7 ngày làm việc", Description: "- Nộp hồ sơ trực tiếp tại Công an cấp xã."},
				{Method: "Trực tuyến", Time: "7 ngày làm việc", Description: "- Nộp hồ sơ trực tuyến qua Cổng dịch vụ công."}}, ""},
		{"Hình thức nộpThời gianPhí, lệ phíMô tảTrực tiếpKhông có thông tin2,000 Việt Nam Đồng(/trang)Tại Ủy ban nhân dân cấp xã: 2.000 đồng/trang;",
			[]Channel{{Method: "Trực tiếp", Fee: "2,000 Việt Nam Đồng(/trang)", Description: "Tại Ủy ban nhân dân cấp xã: 2.000 đồng/trang;"}}, ""},
		{"không phải bảng", nil, "không phải bảng"},
	}
	for _, tt := range tests {
		got, rest := parseChannels(tt.in)
		if !reflect.DeepEqual(got, tt.want) || rest != tt.rest {
			t.Errorf("parseChannels(%.60q)\n got %+v rest %q\nwant %+v rest %q", tt.in, got, rest, tt.want, tt.rest)
		}
	}
}

func TestParseDocuments(t *testing.T) {
	in := "* Giấy tờ phải nộp:Tên giấy tờMẫu đơn, tờ khaiSố lượng- Tờ khai đăng ký khai sinh theo mẫu.ToKhaiKhaiSinh.docx1 bản chính- Giấy chứng sinh.1 bản chính* Giấy tờ phải xuất trình:Tên giấy tờMẫu đơn, tờ khaiSố lượng- Giấy tờ tùy thân có ảnh.1 bản chính- Phiếu đề nghị giải quyết thủ tục về căn cước.doc1 bản chính"
	got, rest := parseDocuments(in)
	want := []DocGroup{
		{Title: "Giấy tờ phải nộp", Documents: []Document{
			{Name: "Tờ khai đăng ký khai sinh theo mẫu", Template: "ToKhaiKhaiSinh.docx", Quantity: "1 bản chính"},
			{Name: "Giấy chứng sinh.", Quantity: "1 bản chính"}}},
		{Title: "Giấy tờ phải xuất trình", Documents: []Document{{Name: "Giấy tờ tùy thân có ảnh.", Quantity: "1 bản chính"},
			{Name: "Phiếu đề nghị giải quyết thủ tục về căn cước", Template: "Phiếu đề nghị giải quyết thủ tục về căn cước.doc", Quantity: "1 bản chính"}}},
	}
	if !reflect.DeepEqual(got, want) || rest != "" {
		t.Errorf("got %+v rest %q", got, rest)
	}
}

func TestParseLegal(t *testing.T) {
	tests := []struct {
		in   string
		want []Legal
		rest string
	}{
		{"Tên văn bản pháp lýMã văn bảnThông tư Hướng dẫn về phí và lệ phí85/2019/TT-BTCNghị định số 123/2015/NĐ-CP ngày 15/11/2015 quy định chi tiết Luật Hộ tịch123/2015/NĐ-CP",
			[]Legal{{"Thông tư Hướng dẫn về phí và lệ phí", "85/2019/TT-BTC"}, {"Nghị định số 123/2015/NĐ-CP ngày 15/11/2015 quy định chi tiết Luật Hộ tịch", "123/2015/NĐ-CP"}}, ""},
		{"Tên văn bản pháp lýMã văn bảnLuật 03/2011/QH1303/2011/QH13Thông tư 57/2021/TT-BCA57/2021/TT-BCA",
			[]Legal{{"Luật 03/2011/QH13", "03/2011/QH13"}, {"Thông tư 57/2021/TT-BCA", "57/2021/TT-BCA"}}, ""},
		{"Tên văn bản pháp lýMã văn bảnNghị quyết số 66.7/2025/NQ-CP của Chính phủ66.7/2025/NQ-CP",
			[]Legal{{"Nghị quyết số 66.7/2025/NQ-CP của Chính phủ", "66.7/2025/NQ-CP"}}, ""},
		{"Tên văn bản pháp lýMã văn bảnQuyết định của UBND tỉnh24/2024", nil, "Quyết định của UBND tỉnh24/2024"},
	}
	for _, tt := range tests {
		got, rest := parseLegal(tt.in)
		if !reflect.DeepEqual(got, tt.want) || rest != tt.rest {
			t.Errorf("parseLegal(%.50q)\n got %+v rest %q\nwant %+v rest %q", tt.in, got, rest, tt.want, tt.rest)
		}
	}
}

func TestParseResultsAndSteps(t *testing.T) {
	got, rest := parseResults("Giấy khai sinhMã: KQ.G15.000031Từ khóaKhông có thông tinMô tảKhông có thông tinChọn cơ quan thực hiện")
	if !reflect.DeepEqual(got, []Result{{"Giấy khai sinh", "KQ.G15.000031"}}) || rest != "" {
		t.Errorf("results = %+v %q", got, rest)
	}
	steps := parseSteps("Bước 1: Cá nhân chuẩn bị hồ sơ.\n Bước 2: Nộp hồ sơ đến Công an cấp xã\nhoặc qua Cổng dịch vụ công.\n- Trường hợp hồ sơ đủ điều kiện thì tiếp nhận.")
	want := []string{"Cá nhân chuẩn bị hồ sơ.", "Nộp hồ sơ đến Công an cấp xã hoặc qua Cổng dịch vụ công.", "Trường hợp hồ sơ đủ điều kiện thì tiếp nhận."}
	if !reflect.DeepEqual(steps, want) {
		t.Errorf("steps = %q", steps)
	}
}

func TestParseNationalRejectsBadRecords(t *testing.T) {
	for _, in := range []string{`{}`, `{"ma_thu_tuc":"abc","ten_thu_tuc":"x"}`, `{"ma_thu_tuc":"1.001193"}`, `not json`} {
		if _, err := ParseNational([]byte(in)); err == nil {
			t.Errorf("accepted %s", in)
		}
	}
}

// FuzzParseNational: any record either fails cleanly or yields valid UTF-8 text everywhere.
func FuzzParseNational(f *testing.F) {
	f.Add("Hình thức nộpThời gianPhí, lệ phíMô tảTrực tiếp7 Ngày làm việcMiễn phíTrực tuyến", "Tên giấy tờMẫu đơn, tờ khaiSố lượngĐơn1 bản chính", "Tên văn bản pháp lýMã văn bảnLuật 03/2011/QH1303/2011/QH13", "Giấy khai sinhMã: KQ.G15.000031")
	f.Fuzz(func(t *testing.T, channels, docs, legal, results string) {
		rec := NationalRecord{Code: "1.001193", Name: "Thủ tục thử", Channels: channels, Documents: docs, LegalBasis: legal, Results: results, Steps: docs}
		b, _ := json.Marshal(rec)
		p, err := ParseNational(b)
		if err != nil {
			return
		}
		out, _ := json.Marshal(p)
		if !utf8.Valid(out) {
			t.Fatalf("invalid UTF-8 in %s", out)
		}
	})
}
