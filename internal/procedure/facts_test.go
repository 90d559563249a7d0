package procedure

import (
	"strings"
	"testing"
)

func TestPlainFee(t *testing.T) {
	for _, tc := range []struct {
		in        Channel
		fee, note string
	}{
		{Channel{Fee: "Miễn phí", Free: true}, "Miễn phí", ""},
		{Channel{Fee: "Miễn phí", Free: true, Description: "((Miễn lệ phí. Phí cấp bản sao theo Thông tư 281.))"}, "Miễn phí", "Miễn lệ phí. Phí cấp bản sao theo Thông tư 281."},
		{Channel{Fee: "70,000 VNĐ(70.000 đồng/Giấy chứng nhận)"}, "70.000 đồng/Giấy chứng nhận", ""},
		{Channel{Fee: "50,000 Việt Nam Đồng(/văn bản)"}, "50.000 đ/văn bản", ""},
		{Channel{Fee: "100,000 VNĐ(Phí Thẩm tra, thẩm định)"}, "100.000 đ", "Phí Thẩm tra, thẩm định"},
		{Channel{Fee: "8,000 VNĐ"}, "8.000 đ", ""},
		{Channel{Fee: "4,500,000 Việt Nam Đồng"}, "4.500.000 đ", ""},
		// The leading amount is wrong in the source; the remark states the right one.
		{Channel{Fee: "20 VNĐ(20.000 đ/tờ khai)"}, "20.000 đ/tờ khai", ""},
		{Channel{Fee: "10 USD(/hộ chiếu)"}, "10 USD/hộ chiếu", ""},
		{Channel{Fee: "40 Việt Nam Đồng(4.000 đ/giấy thông hành (áp dụng đến hết ngày 31/12/2026)"}, "4.000 đ/giấy thông hành", "áp dụng đến hết ngày 31/12/2026"},
		{Channel{Fee: "70,000 VNĐ(70.000 đồng/Giấy chứng nhận.)"}, "70.000 đồng/Giấy chứng nhận", ""},
		{Channel{Fee: ""}, "", ""},
		{Channel{Fee: "Theo quy định"}, "Theo quy định", ""},
	} {
		fee, note := PlainFee(tc.in)
		if fee != tc.fee || note != tc.note {
			t.Errorf("PlainFee(%q, %q) = %q, %q; want %q, %q", tc.in.Fee, tc.in.Description, fee, note, tc.fee, tc.note)
		}
	}
}

func TestFactsLeaveOutTimesWithoutUnit(t *testing.T) {
	p := &Procedure{OnlineLevel: "toan_trinh", Channels: []Channel{
		{Method: MethodOnline, Time: "2 ngày làm việc", Fee: "Miễn phí", Free: true},
		{Method: MethodInPerson, Time: "3 ngày làm việc", Fee: "Miễn phí", Free: true},
	}}
	f := p.Facts()
	if f.Time != "3 ngày làm việc" || f.OnlineTime != "2 ngày làm việc" || f.Fee != "Miễn phí" || !f.Online || !f.FullOnline {
		t.Errorf("facts = %+v", f)
	}
	p.Channels[1] = Channel{Method: MethodInPerson, Time: "1", TimeUnknown: true}
	p.Channels[0].Time = "1"
	p.Channels[0].TimeUnknown = true
	if f := p.Facts(); f.Time != "" || f.OnlineTime != "" {
		t.Errorf("a time without its unit reached the resident: %+v", f)
	}
}

func TestDesk(t *testing.T) {
	for _, tc := range []struct {
		p    Procedure
		want Desk
	}{
		{Procedure{HCMCListed: true}, DeskWard},
		{Procedure{AgencyExecuting: "Ủy ban Nhân dân xã, phường, thị trấn."}, DeskWard},
		{Procedure{AgencyExecuting: "Chủ tịch UBND cấp xã"}, DeskWard},
		{Procedure{AgencyCompetent: "Chủ tịch Ủy ban nhân dân xã"}, DeskWard},
		{Procedure{AgencyExecuting: "Công an cấp Xã"}, DeskPolice},
		{Procedure{AgencyExecuting: "Công an tỉnh, Cục cảnh sát giao thông, Công an cấp Xã"}, DeskPolice},
		{Procedure{AgencyExecuting: "Chi cục Hải quan khu vực"}, DeskOther},
		{Procedure{AgencyExecuting: "Thuế tỉnh, thành phố, Thuế cơ sở"}, DeskOther},
		{Procedure{Field: "Thuế"}, DeskOther},
		{Procedure{Level: "Cấp xã"}, DeskWard},
		{Procedure{Level: "Cấp xã, Cơ quan khác"}, DeskOther},
		{Procedure{Level: "Cấp tỉnh, Cấp xã"}, DeskOther},
		{Procedure{Level: "Cấp xã", AgencyCompetent: "Bảo hiểm xã hội Việt Nam"}, DeskOther},
		{Procedure{Level: "Cấp xã", AgencyCompetent: "Bảo hiểm xã hội Việt Nam", Field: "Hộ tịch"}, DeskWard},
		{Procedure{Level: "Cấp xã, Cơ quan khác", AgencyExecuting: "Tổ chức hành nghề công chứng", Field: "Chứng thực"}, DeskWard},
		{Procedure{Level: "Cấp tỉnh", Field: "Hộ tịch"}, DeskOther},
	} {
		if got := tc.p.Desk(); got != tc.want {
			t.Errorf("%q/%q: desk %d, want %d", tc.p.AgencyExecuting, tc.p.AgencyCompetent, got, tc.want)
		}
	}
}

// TestChecklistOnShippedRecords sorts the shipped dossiers: every paper of
// the source lands in exactly one place, and on birth registration the
// common papers lead while the cases and remarks are set apart.
func TestChecklistOnShippedRecords(t *testing.T) {
	ps, err := Catalogue()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		c := p.Checklist()
		n := len(c.Cases) + len(c.Notes)
		for _, g := range c.Groups {
			n += len(g.Documents)
			if len(g.Documents) == 0 {
				t.Errorf("%s: empty group %q", p.Code, g.Title)
			}
		}
		total := 0
		for _, g := range p.Documents {
			total += len(g.Documents)
		}
		if n != total {
			t.Errorf("%s: checklist holds %d papers, the source %d", p.Code, n, total)
		}
		if p.Code != "1.001193" {
			continue
		}
		var names []string
		for _, g := range c.Groups {
			for _, d := range g.Documents {
				names = append(names, d.Name)
			}
		}
		all := strings.Join(names, "\n")
		if !strings.HasPrefix(all, "Tờ khai đăng ký khai sinh") || !strings.Contains(all, "Giấy chứng sinh") {
			t.Errorf("birth registration checklist:\n%s", all)
		}
		for _, name := range names {
			if caseRe.MatchString(name) || strings.HasSuffix(name, ":") {
				t.Errorf("a case or a remark among the papers: %q", name)
			}
		}
		if len(c.Cases) == 0 || len(c.Notes) < 10 {
			t.Errorf("birth registration: %d cases, %d notes", len(c.Cases), len(c.Notes))
		}
	}
}

func TestPaperHeadAndRest(t *testing.T) {
	for _, tc := range []struct{ name, head, rest string }{
		{"Giấy chứng sinh", "Giấy chứng sinh", ""},
		{"Giấy chứng nhận quyền sử dụng đất được cấp qua các thời kỳ. Trường hợp đã có trong Cơ sở dữ liệu thì thay thế.",
			"Giấy chứng nhận quyền sử dụng đất được cấp qua các thời kỳ.", "Trường hợp đã có trong Cơ sở dữ liệu thì thay thế."},
		{"Một trong những loại giấy tờ hợp pháp về đất đai bao gồm: + Giấy chứng nhận. + Giấy tờ khác.",
			"Một trong những loại giấy tờ hợp pháp về đất đai bao gồm:", "+ Giấy chứng nhận. + Giấy tờ khác."},
		{"Bản sao 1. Giấy tờ", "Bản sao 1. Giấy tờ", ""}, // too short a head: not cut
		{"Tờ khai theo mẫu số 01/2015/TT-BTP. đã ký", "Tờ khai theo mẫu số 01/2015/TT-BTP. đã ký", ""},
	} {
		d := Document{Name: tc.name}
		if d.Head() != tc.head || d.Rest() != tc.rest {
			t.Errorf("%q → %q | %q; want %q | %q", tc.name, d.Head(), d.Rest(), tc.head, tc.rest)
		}
	}
}
