package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/cchc-vn/cchc/internal/account"
	"github.com/cchc-vn/cchc/internal/audit"
	"github.com/cchc-vn/cchc/internal/contest"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/notice"
	"github.com/cchc-vn/cchc/internal/plan"
	"github.com/cchc-vn/cchc/internal/vn"
	"github.com/cchc-vn/cchc/internal/ward"
)

// The demonstration contest: a bank of questions on the plan's themes, a
// contest of the lead unit with a closed round (results approved, winners
// published, certificates, counted on the plan) and a round open today,
// with takers registered through their phones' codes like anyone else.

type demoQuestion struct {
	theme, level int
	body         string
	options      []string
	correct      []int
	explanation  string
	source       string
}

var demoBank = []demoQuestion{
	{1, 1, "Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021–2030 được ban hành kèm theo văn bản nào?",
		[]string{"Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ", "Nghị định số 118/2025/NĐ-CP của Chính phủ", "Quyết định số 766/QĐ-TTg của Thủ tướng Chính phủ", "Nghị định số 30/2020/NĐ-CP của Chính phủ"},
		[]int{0}, "Chính phủ ban hành Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021–2030 kèm theo Nghị quyết 76/NQ-CP.", "Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ"},
	{1, 2, "Những nội dung nào thuộc Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021–2030?",
		[]string{"Cải cách thể chế", "Cải cách tài chính công", "Xây dựng và phát triển Chính phủ điện tử, Chính phủ số", "Tăng thêm cấp hành chính trung gian"},
		[]int{0, 1, 2}, "Chương trình gồm sáu nội dung: cải cách thể chế, thủ tục hành chính, tổ chức bộ máy, chế độ công vụ, tài chính công và xây dựng Chính phủ điện tử, Chính phủ số.", "Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ"},
	{1, 3, "Mục tiêu chung của cải cách hành chính giai đoạn 2021–2030 là xây dựng nền hành chính như thế nào?",
		[]string{"Dân chủ, chuyên nghiệp, hiện đại, tinh gọn, hiệu lực, hiệu quả, có năng lực kiến tạo phát triển, liêm chính, phục vụ Nhân dân", "Tập trung, quan liêu, bao cấp", "Chỉ phục vụ cơ quan nhà nước", "Giữ nguyên như giai đoạn trước"},
		[]int{0}, "Đây là mục tiêu chung nêu trong Chương trình tổng thể.", "Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ"},
	{1, 1, "Từ ngày 01/7/2025, chính quyền địa phương được tổ chức theo mô hình nào?",
		[]string{"Hai cấp: cấp tỉnh và cấp xã", "Ba cấp: tỉnh, huyện, xã", "Bốn cấp: tỉnh, huyện, xã, thôn", "Một cấp: cấp tỉnh"},
		[]int{0}, "Cấp huyện kết thúc hoạt động; phường, xã trực tiếp giải quyết nhiều thủ tục trước đây ở quận, huyện.", "Luật Tổ chức chính quyền địa phương năm 2025"},
	{1, 2, "Sau sắp xếp đơn vị hành chính năm 2025, cả nước có bao nhiêu tỉnh, thành phố trực thuộc trung ương?",
		[]string{"34", "63", "28", "45"},
		[]int{0}, "Cả nước có 34 đơn vị hành chính cấp tỉnh từ ngày 12/6/2025.", "Nghị quyết số 202/2025/QH15 của Quốc hội về sắp xếp đơn vị hành chính cấp tỉnh"},
	{1, 2, "Văn bản hành chính của Ủy ban nhân dân phường được trình bày theo quy định nào?",
		[]string{"Nghị định số 30/2020/NĐ-CP về công tác văn thư", "Nghị định số 13/2023/NĐ-CP", "Luật Cư trú năm 2020", "Nghị định số 20/2008/NĐ-CP"},
		[]int{0}, "Nghị định 30/2020/NĐ-CP quy định thể thức, kỹ thuật trình bày văn bản hành chính.", "Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ"},
	{2, 1, "Người dân nộp hồ sơ thủ tục hành chính của phường trực tiếp ở đâu?",
		[]string{"Bộ phận Một cửa (Trung tâm Phục vụ hành chính công phường)", "Phòng làm việc của Chủ tịch UBND phường", "Nhà văn hóa khu phố", "Bất kỳ cán bộ nào của phường"},
		[]int{0}, "Hồ sơ được tiếp nhận và trả kết quả tập trung tại Bộ phận Một cửa; người dân cũng có thể nộp trực tuyến hoặc qua bưu chính.", "Nghị định số 118/2025/NĐ-CP của Chính phủ về thực hiện thủ tục hành chính theo cơ chế một cửa, một cửa liên thông"},
	{2, 2, "Khi hồ sơ được giải quyết trễ hạn, cơ quan giải quyết phải làm gì?",
		[]string{"Gửi người dân phiếu xin lỗi và hẹn lại ngày trả kết quả", "Yêu cầu người dân nộp lại hồ sơ", "Không cần thông báo", "Thu thêm phí"},
		[]int{0}, "Cơ quan để hồ sơ trễ hạn phải xin lỗi bằng văn bản và hẹn lại thời gian trả kết quả.", "Nghị định số 118/2025/NĐ-CP; Thông tư số 03/2025/TT-VPCP (mẫu phiếu)"},
	{2, 1, "Đăng ký khai sinh đúng hạn tại Ủy ban nhân dân cấp xã có phải nộp lệ phí không?",
		[]string{"Không, được miễn lệ phí", "Có, 50.000 đồng", "Có, 100.000 đồng", "Tùy cán bộ tiếp nhận"},
		[]int{0}, "Đăng ký khai sinh đúng hạn được miễn lệ phí.", "Luật Hộ tịch năm 2014, Điều 11"},
	{2, 2, "Lệ phí chứng thực chữ ký tại Ủy ban nhân dân cấp xã là bao nhiêu?",
		[]string{"10.000 đồng/trường hợp", "2.000 đồng/trang", "50.000 đồng/hợp đồng", "Miễn phí"},
		[]int{0}, "Chứng thực chữ ký (kể cả điểm chỉ) thu 10.000 đồng cho mỗi trường hợp.", "Thông tư số 226/2016/TT-BTC của Bộ Tài chính"},
	{2, 3, "Lệ phí chứng thực bản sao từ bản chính được tính thế nào?",
		[]string{"2.000 đồng/trang; từ trang thứ ba trở đi 1.000 đồng/trang, tối đa 200.000 đồng/bản", "10.000 đồng/bản", "5.000 đồng/trang, không giới hạn", "Miễn phí với mọi trường hợp"},
		[]int{0}, "Lệ phí tính theo trang, giảm từ trang thứ ba và có mức trần cho mỗi bản.", "Thông tư số 226/2016/TT-BTC của Bộ Tài chính"},
	{2, 2, "Thời hạn giải quyết đăng ký thường trú là bao lâu?",
		[]string{"7 ngày làm việc", "30 ngày", "Ngay trong ngày", "3 tháng"},
		[]int{0}, "Cơ quan đăng ký cư trú thẩm định, cập nhật thông tin trong 7 ngày làm việc kể từ khi nhận đủ hồ sơ.", "Luật Cư trú năm 2020, Điều 22"},
	{2, 1, "Phản ánh, kiến nghị của người dân về quy định hành chính được tiếp nhận, xử lý theo văn bản nào?",
		[]string{"Nghị định số 20/2008/NĐ-CP", "Nghị định số 30/2020/NĐ-CP", "Luật Căn cước năm 2023", "Nghị quyết số 76/NQ-CP"},
		[]int{0}, "Nghị định 20/2008/NĐ-CP (được sửa đổi, bổ sung) quy định tiếp nhận, xử lý phản ánh, kiến nghị của cá nhân, tổ chức về quy định hành chính.", "Nghị định số 20/2008/NĐ-CP ngày 14/02/2008 của Chính phủ"},
	{2, 3, "Khiếu nại, tố cáo có được giải quyết theo thủ tục phản ánh, kiến nghị về quy định hành chính không?",
		[]string{"Không; khiếu nại, tố cáo giải quyết theo Luật Khiếu nại, Luật Tố cáo", "Có, như mọi phản ánh khác", "Chỉ khi gửi qua mạng", "Chỉ khi có chữ ký của tổ trưởng"},
		[]int{0}, "Nghị định 20/2008/NĐ-CP không áp dụng với khiếu nại, tố cáo.", "Nghị định số 20/2008/NĐ-CP, Điều 1"},
	{2, 2, "Đăng ký kết hôn tại Ủy ban nhân dân cấp xã được giải quyết trong bao lâu?",
		[]string{"Ngay trong ngày nhận đủ hồ sơ; nếu cần xác minh thì không quá 5 ngày làm việc", "15 ngày", "1 tháng", "Chỉ giải quyết vào cuối tuần"},
		[]int{0}, "Công chức tư pháp – hộ tịch giải quyết ngay khi đủ điều kiện; trường hợp cần xác minh kéo dài không quá 5 ngày làm việc.", "Luật Hộ tịch năm 2014, Điều 18"},
	{2, 3, "Theo quy định về kiểm soát thủ tục hành chính, một thủ tục hành chính phải có những bộ phận nào?",
		[]string{"Tên thủ tục", "Trình tự thực hiện", "Thời hạn giải quyết", "Tên cán bộ tiếp nhận hồ sơ"},
		[]int{0, 1, 2}, "Thủ tục phải có tên, trình tự, cách thức thực hiện, hồ sơ, thời hạn giải quyết, đối tượng thực hiện…; tên cán bộ không phải bộ phận của thủ tục.", "Nghị định số 63/2010/NĐ-CP, Điều 8"},
	{2, 1, "Bản sao trích lục hộ tịch cấp từ cơ sở dữ liệu hộ tịch có lệ phí bao nhiêu?",
		[]string{"8.000 đồng/bản sao", "Miễn phí", "50.000 đồng/bản sao", "200.000 đồng/bản sao"},
		[]int{0}, "Mức thu ghi tại thủ tục 2.000635 trên Cơ sở dữ liệu quốc gia về thủ tục hành chính.", "Thủ tục 2.000635, Cơ sở dữ liệu quốc gia về thủ tục hành chính"},
	{3, 1, "Dịch vụ công trực tuyến toàn trình là gì?",
		[]string{"Người dân thực hiện trực tuyến mọi bước, kể cả nộp phí, và nhận kết quả trực tuyến hoặc qua bưu chính", "Chỉ xem thông tin thủ tục trên mạng", "Tải mẫu đơn về rồi nộp trực tiếp", "Gọi điện thoại để hỏi thủ tục"},
		[]int{0}, "Dịch vụ công trực tuyến toàn trình bảo đảm người dân không phải đến cơ quan nhà nước.", "Nghị định số 42/2022/NĐ-CP của Chính phủ"},
	{3, 1, "Cổng Dịch vụ công quốc gia có địa chỉ nào?",
		[]string{"dichvucong.gov.vn", "chinhphu.vn", "vneid.gov.vn", "baochinhphu.vn"},
		[]int{0}, "Cổng Dịch vụ công quốc gia tại dichvucong.gov.vn là đầu mối nộp hồ sơ trực tuyến.", "Nghị định số 118/2025/NĐ-CP"},
	{3, 2, "Tài khoản định danh điện tử mức độ 2 do cơ quan nào cấp?",
		[]string{"Cơ quan Công an, qua ứng dụng VNeID", "Ủy ban nhân dân khu phố", "Ngân hàng thương mại", "Nhà mạng điện thoại"},
		[]int{0}, "Bộ Công an cấp tài khoản định danh điện tử; mức độ 2 dùng để đăng nhập dịch vụ công.", "Nghị định số 69/2024/NĐ-CP về định danh và xác thực điện tử"},
	{3, 1, "Số định danh cá nhân của công dân Việt Nam có bao nhiêu chữ số?",
		[]string{"12", "9", "10", "15"},
		[]int{0}, "Số định danh cá nhân gồm 12 chữ số, cũng là số căn cước.", "Luật Căn cước năm 2023"},
	{3, 2, "Người dân Thành phố Hồ Chí Minh gọi số nào để phản ánh, kiến nghị với chính quyền?",
		[]string{"1022", "113", "115", "1900"},
		[]int{0}, "Tổng đài 1022 tiếp nhận phản ánh, kiến nghị của người dân Thành phố 24/7.", "Quy chế tiếp nhận, xử lý phản ánh, kiến nghị qua Tổng đài 1022 của UBND Thành phố Hồ Chí Minh"},
	{3, 3, "Nộp hồ sơ đăng ký thường trú trực tuyến thì lệ phí so với nộp trực tiếp thế nào?",
		[]string{"Thấp hơn: 10.000 đồng thay vì 20.000 đồng", "Cao hơn gấp đôi", "Bằng nhau", "Phải nộp thêm phí dịch vụ mạng"},
		[]int{0}, "Lệ phí đăng ký cư trú trực tuyến thấp hơn nộp trực tiếp, để khuyến khích dịch vụ công trực tuyến.", "Thủ tục 1.004222, Cơ sở dữ liệu quốc gia về thủ tục hành chính"},
	{3, 2, "Cơ quan nhà nước cung cấp thông tin cho người dân qua những kênh nào?",
		[]string{"Cổng thông tin điện tử", "Mạng xã hội", "Ứng dụng trên thiết bị di động", "Chỉ bằng văn bản giấy dán tại trụ sở"},
		[]int{0, 1, 2}, "Thông tin được cung cấp qua cổng thông tin điện tử, mạng xã hội, thư điện tử, ứng dụng di động, đường dây nóng.", "Nghị định số 42/2022/NĐ-CP, Điều 5"},
	{3, 3, "Văn bản nào quy định bảo vệ dữ liệu cá nhân khi người dân cung cấp thông tin?",
		[]string{"Nghị định số 13/2023/NĐ-CP về bảo vệ dữ liệu cá nhân", "Nghị định số 30/2020/NĐ-CP", "Nghị định số 63/2010/NĐ-CP", "Luật Hộ tịch năm 2014"},
		[]int{0}, "Dữ liệu cá nhân chỉ được xử lý khi có sự đồng ý của chủ thể, đúng mục đích đã thông báo.", "Nghị định số 13/2023/NĐ-CP ngày 17/4/2023 của Chính phủ"},
	{3, 1, "Để nộp hồ sơ trên Cổng Dịch vụ công quốc gia, người dân đăng nhập bằng tài khoản nào?",
		[]string{"Tài khoản định danh điện tử VNeID", "Tài khoản mạng xã hội bất kỳ", "Số điện thoại của cán bộ một cửa", "Không cần đăng nhập"},
		[]int{0}, "Cổng Dịch vụ công quốc gia dùng tài khoản định danh điện tử để xác thực người nộp.", "Nghị định số 69/2024/NĐ-CP"},
	{4, 1, "Theo Kế hoạch tuyên truyền CCHC của phường, gương điển hình, cách làm hay được tuyên truyền qua hình thức nào?",
		[]string{"Thi đua – khen thưởng: biểu dương, khen thưởng tập thể, cá nhân có thành tích", "Không tuyên truyền", "Chỉ đăng trên báo in", "Chỉ báo cáo nội bộ"},
		[]int{0}, "Kế hoạch nêu rõ việc biểu dương, khen thưởng tập thể, cá nhân có thành tích, cách làm hay, mô hình hiệu quả.", "Kế hoạch tuyên truyền cải cách hành chính của phường, mục hình thức tuyên truyền"},
	{4, 2, "Luật nào đang quy định về thi đua, khen thưởng?",
		[]string{"Luật Thi đua, khen thưởng năm 2022", "Luật Cư trú năm 2020", "Luật Hộ tịch năm 2014", "Luật Căn cước năm 2023"},
		[]int{0}, "Luật Thi đua, khen thưởng năm 2022 có hiệu lực từ ngày 01/01/2024.", "Luật Thi đua, khen thưởng số 06/2022/QH15"},
	{5, 1, "Cuộc vận động “Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh” do tổ chức nào chủ trì?",
		[]string{"Mặt trận Tổ quốc Việt Nam", "Ủy ban nhân dân khu phố", "Doanh nghiệp tư nhân", "Trường học"},
		[]int{0}, "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam phát động và chủ trì cuộc vận động.", "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam"},
	{5, 2, "Tổ chức nào được phát huy vai trò vận động đoàn viên, hội viên và nhân dân tham gia cải cách hành chính?",
		[]string{"Mặt trận Tổ quốc và các đoàn thể (Phụ nữ, Thanh niên, Cựu chiến binh…)", "Chỉ cán bộ một cửa", "Chỉ Công an phường", "Không tổ chức nào"},
		[]int{0}, "Kế hoạch giao Mặt trận và các đoàn thể vận động đoàn viên, hội viên, nhân dân thực hiện CCHC.", "Kế hoạch tuyên truyền cải cách hành chính của phường, mục tuyên truyền qua tổ chức chính trị – xã hội"},
}

var (
	familyNames = []string{"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"}
	middleNames = []string{"Văn", "Thị", "Minh", "Thanh", "Ngọc", "Hoàng", "Quốc", "Thu", "Đức", "Kim", "Hữu", "Mỹ"}
	givenNames  = []string{"An", "Bình", "Châu", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hiếu", "Hòa", "Hùng", "Hương", "Khang", "Lan", "Linh", "Long",
		"Mai", "Nam", "Ngân", "Nhung", "Phúc", "Phương", "Quân", "Sơn", "Tâm", "Thảo", "Thắng", "Trang", "Trung", "Tú", "Uyên", "Vy", "Yến"}
	workplaces = []string{"Trường THCS Phú Định", "Trường Tiểu học Xóm Củi", "Chợ Bình Đông", "Trạm Y tế phường"}
)

// DemoTakerPhone is a demonstration taker's phone: registered, with no
// attempt in the open round, for a visitor (and the tests) to take it.
const DemoTakerPhone = "0901234567"

// codes is the demonstration's "phone": it keeps the last code sent.
type codes struct {
	mu   sync.Mutex
	last map[string]string
}

func (c *codes) SendText(ctx context.Context, t notice.Text) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.last[t.Phone] = t.Params["otp"]
	return nil
}

func contestDemo(ctx context.Context, tx *db.Tx, w *ward.Ward, users map[string]*account.User, size Size, now time.Time) error {
	organ, leader := users["vhxh"], users["lanhdao"]
	actor := audit.Actor{WardID: w.ID, UserID: organ.ID, Username: organ.Username, IP: "demo"}
	lactor := audit.Actor{WardID: w.ID, UserID: leader.ID, Username: leader.Username, IP: "demo"}
	p, err := plan.Current(ctx, tx, w.ID)
	if err != nil {
		return err
	}
	themes, channels := map[string]string{}, map[string]string{}
	for _, t := range p.Themes {
		themes[t.Code] = t.Title
	}
	for _, c := range p.Channels {
		channels[c.Code] = c.Name
	}
	units, err := ward.Units(ctx, tx, w.ID)
	if err != nil {
		return err
	}
	names := map[int64]string{}
	var khuPho []*ward.Unit
	for _, u := range units {
		names[u.ID] = u.Name
		if u.Kind == ward.KindKhuPho {
			khuPho = append(khuPho, u)
		}
	}
	// The bank is written before the rounds, in the first weeks.
	bankAt := now.AddDate(0, -2, 0)
	for _, q := range demoBank {
		in := contest.QuestionInput{Body: q.body, Options: q.options, Correct: q.correct, Explanation: q.explanation, Source: q.source,
			Theme: fmt.Sprint(q.theme), Difficulty: q.level}
		if _, err := contest.SaveQuestion(ctx, tx, organ, actor, 0, in, themes, bankAt); err != nil {
			return fmt.Errorf("demo question %q: %w", q.body, err)
		}
	}
	year, yes := now.In(vn.Zone).Year(), true
	id, err := contest.SaveContest(ctx, tx, organ, actor, 0, contest.ContestInput{
		Title:   fmt.Sprintf("Cuộc thi trực tuyến “Tìm hiểu về cải cách hành chính” năm %d", year),
		Summary: "Mỗi tuần một vòng thi 10 câu hỏi về cải cách hành chính, thủ tục hành chính và dịch vụ công trực tuyến; trả lời trên điện thoại trong 20 phút.",
		Rules: `## Đối tượng
Người dân từ 15 tuổi trở lên sinh sống, làm việc, học tập trên địa bàn phường. Cán bộ, công chức của Ủy ban nhân dân phường không tham gia dự thi.

## Cách thức dự thi
- Đăng ký bằng họ tên, năm sinh, khu phố và số điện thoại di động; nhập mã xác minh phường gửi tới số điện thoại.
- Mỗi bài thi gồm 10 câu hỏi trắc nghiệm rút ngẫu nhiên; có câu một đáp án đúng, có câu nhiều đáp án đúng.
- Thời gian làm bài 20 phút tính theo đồng hồ của hệ thống; hết giờ bài được nộp tự động.
- Mỗi người dự thi tối đa 2 lượt mỗi vòng; tính lượt có kết quả cao nhất.

## Xếp giải
Người trả lời đúng nhiều câu hơn xếp trên; bằng nhau thì người làm bài trong thời gian ngắn hơn xếp trên; tiếp theo là người có số dự đoán gần đúng nhất số người trả lời đúng tất cả các câu hỏi; sau cùng là người nộp bài sớm hơn.

## Cơ cấu giải mỗi vòng
01 giải Nhất, 02 giải Nhì, 03 giải Ba, 05 giải Khuyến khích; giải tập thể cho khu phố có nhiều người dự thi nhất.`,
		Scope: contest.ScopeWard, MinAge: 15, RetentionDays: 180, ExcludeOfficials: &yes, UnitID: organ.UnitID, ChannelCode: "thi-dua"}, names, channels, bankAt)
	if err != nil {
		return fmt.Errorf("demo contest: %w", err)
	}
	c, err := contest.Get(ctx, tx, w.ID, id)
	if err != nil {
		return err
	}
	// The closed round closes two weeks ago, or at the end of the plan in
	// force when that is earlier (the light demo's plan is an old one).
	closes := now.AddDate(0, 0, -14)
	if end, err := vn.ParseISODate(p.PeriodEnd); err == nil && end.Add(20*time.Hour).Before(closes) {
		closes = end.Add(20 * time.Hour)
	}
	draw := []contest.Stratum{{Theme: "1", Count: 2}, {Theme: "2", Count: 4}, {Theme: "3", Count: 2}, {Theme: "4", Count: 1}, {Theme: "5", Count: 1}}
	prizes := contest.Prizes{First: 1, Second: 2, Third: 3, Consolation: 5}
	prediction := "Dự đoán có bao nhiêu người trả lời đúng tất cả các câu hỏi của vòng này?"
	mkRound := func(title string, opens, closes time.Time) (*contest.Round, error) {
		rid, err := contest.SaveRound(ctx, tx, organ, actor, c.ID, 0, contest.RoundInput{Title: title, Opens: contest.FormatTime(opens),
			Closes: contest.FormatTime(closes), TimeLimit: 20, Attempts: 2, Draw: draw, Prediction: prediction, Prizes: prizes}, themes, bankAt)
		if err != nil {
			return nil, fmt.Errorf("demo round: %w", err)
		}
		if err := contest.SubmitRound(ctx, tx, organ, actor, rid, themes, opens.Add(-48*time.Hour)); err != nil {
			return nil, err
		}
		if err := contest.DecideRound(ctx, tx, leader, lactor, rid, true, "", themes, opens.Add(-24*time.Hour)); err != nil {
			return nil, err
		}
		_, r, err := contest.GetRound(ctx, tx, w.ID, rid)
		return r, err
	}
	first, err := mkRound("Vòng 1", closes.Add(-7*24*time.Hour+12*time.Hour), closes)
	if err != nil {
		return err
	}
	open, err := mkRound("Vòng 2", now.Add(-72*time.Hour).Truncate(time.Hour), now.Add(96*time.Hour).Truncate(time.Hour))
	if err != nil {
		return err
	}
	// Takers register through the code sent to their phone.
	phone := &codes{last: map[string]string{}}
	r := rand.New(rand.NewPCG(13, 27427))
	n := 40
	if size == Full {
		n = 400
	}
	register := func(name, tel string, year int, unit int64, workplace, citizen string, at time.Time) (*contest.Taker, error) {
		codeID, err := contest.Register(ctx, tx, phone, c, contest.TakerInput{FullName: name, BirthYear: fmt.Sprint(year), UnitID: unit, Workplace: workplace,
			Phone: tel, CitizenID: citizen, Consent: true}, names, at)
		if err != nil {
			return nil, fmt.Errorf("demo taker %s: %w", name, err)
		}
		_, takerID, err := contest.Verify(ctx, tx, c, codeID, phone.last[tel], fmt.Sprintf("demo-%s", tel), at)
		if err != nil {
			return nil, err
		}
		return contest.TakerOf(ctx, tx, c.ID, tel, takerID)
	}
	take := func(t *contest.Taker, round *contest.Round, at time.Time, skill float64, device string) error {
		aid, err := contest.Start(ctx, tx, round, t, device, contest.LayoutOne, at)
		if err != nil {
			return err
		}
		a, err := contest.AttemptOf(ctx, tx, t.ID, aid, at)
		if err != nil {
			return err
		}
		revs, err := contest.PaperRevisions(ctx, tx, a)
		if err != nil {
			return err
		}
		spent := time.Duration(0)
		for i, it := range a.Paper {
			spent += time.Duration(20+r.IntN(70)) * time.Second
			choice := 1 << r.IntN(len(it.Order))
			if r.Float64() < skill {
				choice = 0
				for k, o := range it.Order {
					if revs[it.Rev].IsCorrect(o) {
						choice |= 1 << k
					}
				}
			}
			if err := contest.Answer(ctx, tx, t.ID, aid, i, choice, at.Add(spent)); err != nil {
				return err
			}
		}
		pred := int64(10 + r.IntN(80))
		return contest.Submit(ctx, tx, t.ID, aid, &pred, at.Add(spent+time.Duration(r.IntN(60))*time.Second))
	}
	for i := range n {
		name := familyNames[r.IntN(len(familyNames))] + " " + middleNames[r.IntN(len(middleNames))] + " " + givenNames[r.IntN(len(givenNames))]
		tel := fmt.Sprintf("%s%07d", []string{"090", "091", "093", "094", "096", "097", "098", "038", "086", "070"}[i%10], i*7919%10_000_000)
		unit, workplace := khuPho[r.IntN(min(len(khuPho), 20))].ID, ""
		if i%9 == 0 {
			unit, workplace = 0, workplaces[r.IntN(len(workplaces))]
		}
		at := first.OpensAt.Add(time.Duration(r.IntN(int(first.ClosesAt.Sub(first.OpensAt).Minutes())-60)) * time.Minute)
		t, err := register(name, tel, 1950+r.IntN(58), unit, workplace, "", at)
		if err != nil {
			return err
		}
		skill := 0.55 + r.Float64()*0.45
		if err := take(t, first, at.Add(time.Minute), skill, "demo-"+tel); err != nil {
			return fmt.Errorf("demo attempt: %w", err)
		}
		if r.IntN(3) == 0 && at.Add(4*time.Hour).Before(first.ClosesAt) { // a second try, better or not
			if err := take(t, first, at.Add(3*time.Hour), skill, "demo-"+tel); err != nil {
				return fmt.Errorf("demo attempt: %w", err)
			}
		}
		if i%2 == 0 && now.Sub(open.OpensAt) > time.Hour {
			at := open.OpensAt.Add(time.Duration(r.IntN(int(now.Sub(open.OpensAt).Minutes())-30)) * time.Minute)
			if err := take(t, open, at, skill, "demo-"+tel); err != nil {
				return fmt.Errorf("demo attempt: %w", err)
			}
		}
	}
	// One person registered twice with the same citizen ID, for the
	// officials to decide.
	for k, tel := range []string{"0938111222", "0938111333"} {
		t, err := register([]string{"Lâm Văn Phúc", "Lâm Văn Phước"}[k], tel, 1988, khuPho[0].ID, "", "079088001234", first.OpensAt.Add(time.Duration(k+2)*time.Hour))
		if err != nil {
			return err
		}
		if err := take(t, first, first.OpensAt.Add(time.Duration(k+3)*time.Hour), 0.9, "demo-may-chung"); err != nil {
			return err
		}
	}
	if _, err := register("Trần Thị Thu Trang", DemoTakerPhone, 1992, khuPho[0].ID, "", "", open.OpensAt.Add(time.Hour)); err != nil {
		return err
	}
	if err := contest.ProposeResults(ctx, tx, organ, actor, first.ID, first.ClosesAt.Add(20*time.Hour)); err != nil {
		return fmt.Errorf("demo results: %w", err)
	}
	return contest.DecideResults(ctx, tx, leader, lactor, first.ID, true, "", "/cuoc-thi/"+c.Slug, first.ClosesAt.Add(26*time.Hour))
}
