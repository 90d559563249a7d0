package demo

import (
	"context"
	"time"

	"github.com/cchc-vn/cchc/internal/account"
	"github.com/cchc-vn/cchc/internal/audit"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/exemplar"
	"github.com/cchc-vn/cchc/internal/filestore"
	"github.com/cchc-vn/cchc/internal/news"
	"github.com/cchc-vn/cchc/internal/ward"
)

var demoArticles = []struct{ column, title, summary, body, procedures, themes string }{
	{"dich-vu-cong-truc-tuyen", "Ba bước nộp hồ sơ đăng ký khai sinh trực tuyến", "Cha mẹ có thể đăng ký khai sinh cho con mà không cần đến phường.",
		"Từ nay, cha mẹ có thể **đăng ký khai sinh** cho con trên Cổng Dịch vụ công quốc gia:\n\n1. Đăng nhập bằng tài khoản định danh điện tử VNeID.\n2. Chọn thủ tục *Đăng ký khai sinh*, khai thông tin và tải ảnh giấy chứng sinh.\n3. Nhận kết quả điện tử, hoặc bản giấy tại Trung tâm Phục vụ hành chính công.\n\nCần hỗ trợ, người dân liên hệ quầy hướng dẫn của Trung tâm.", "1.001193", "2,3"},
	{"cai-cach-hanh-chinh", "Phường triển khai Kế hoạch tuyên truyền cải cách hành chính 6 tháng cuối năm 2025", "Kế hoạch 88/KH-UBND giao nhiệm vụ cho các đơn vị và 59 khu phố.",
		"Ủy ban nhân dân phường ban hành Kế hoạch số 88/KH-UBND về tuyên truyền cải cách hành chính.\n\nKế hoạch tập trung vào thủ tục hành chính, dịch vụ công trực tuyến và chính quyền số; giao Phòng Văn hóa – Xã hội chủ trì, đôn đốc.", "", "1"},
	{"huong-dan-thu-tuc", "Những giấy tờ không còn phải nộp khi đăng ký thường trú", "Thông tin cư trú đã có trong Cơ sở dữ liệu quốc gia về dân cư.",
		"Khi đăng ký thường trú, người dân **không phải nộp** các giấy tờ mà cơ quan đăng ký cư trú đã khai thác được từ Cơ sở dữ liệu quốc gia về dân cư.\n\nCông an phường hướng dẫn chi tiết tại bộ phận một cửa.", "", "2"},
	{"guong-dien-hinh", "Nhóm Zalo khu phố giải đáp thủ tục cho người dân", "Cách làm hay của khu phố 3 được Ủy ban nhân dân phường biểu dương.",
		"Ban điều hành khu phố 3 lập nhóm Zalo để giải đáp thủ tục hành chính cho hơn 300 hộ dân, giúp giảm số lần người dân phải đi lại.", "", "4"},
	{"tiep-cong-dan", "Lịch tiếp công dân của lãnh đạo Ủy ban nhân dân phường", "Lãnh đạo phường tiếp công dân vào sáng thứ Năm hằng tuần.",
		"Lãnh đạo Ủy ban nhân dân phường tiếp công dân định kỳ vào **sáng thứ Năm** hằng tuần tại trụ sở Ủy ban nhân dân phường.", "", ""},
}

// newsDemo publishes a few articles (written by the editor, approved by the
// leader) and two approved exemplars.
func newsDemo(ctx context.Context, tx *db.Tx, files filestore.Store, w *ward.Ward, users map[string]*account.User) error {
	if err := news.EnsureColumns(ctx, tx, w.ID); err != nil {
		return err
	}
	cols, err := news.Columns(ctx, tx, w.ID)
	if err != nil {
		return err
	}
	bySlug := map[string]int64{}
	for _, c := range cols {
		bySlug[c.Slug] = c.ID
	}
	editor, leader := users["bientap"], users["lanhdao"]
	ea := audit.Actor{WardID: w.ID, UserID: editor.ID, Username: editor.Username, IP: "demo"}
	la := audit.Actor{WardID: w.ID, UserID: leader.ID, Username: leader.Username, IP: "demo"}
	now := time.Now()
	for i, a := range demoArticles {
		at := now.AddDate(0, 0, -3*(len(demoArticles)-i))
		art, err := news.Save(ctx, tx, nil, editor, ea, 0, news.Input{ColumnID: bySlug[a.column], Title: a.title, Summary: a.summary, Body: a.body,
			ProcedureCodes: a.procedures, ThemeCodes: a.themes}, at)
		if err != nil {
			return err
		}
		if err := news.Submit(ctx, tx, editor, ea, art.ID, at); err != nil {
			return err
		}
		if _, err := news.Review(ctx, tx, leader, la, art.ID, true, "", w.Origin(""), at.Add(time.Hour)); err != nil {
			return err
		}
	}
	for _, x := range []exemplar.Input{
		{Kind: exemplar.Collective, Name: "Ban điều hành khu phố 3", UnitName: "Khu phố 3", Achievement: "Lập nhóm Zalo khu phố giải đáp thủ tục hành chính cho hơn 300 hộ dân.", Results: "Số lần người dân phải bổ sung hồ sơ giảm một nửa."},
		{Kind: exemplar.Individual, Name: "Chị Phan Thị Mỹ", UnitName: "Trung tâm Phục vụ hành chính công", Achievement: "Hướng dẫn người cao tuổi kích hoạt định danh điện tử ngay tại quầy.", Results: "Hơn 500 người được hỗ trợ trong 6 tháng."},
	} {
		if files != nil { // the honour roll shows each with a picture
			im, err := news.SaveImage(ctx, tx, files, w.ID, users["vhxh"].ID, picture(uint64(len(x.Name))), "Ảnh minh họa: "+x.Name)
			if err != nil {
				return err
			}
			x.ImageID = im.ID
		}
		id, err := exemplar.Nominate(ctx, tx, users["vhxh"], audit.Actor{WardID: w.ID, UserID: users["vhxh"].ID, Username: "vhxh", IP: "demo"}, x, now.AddDate(0, 0, -10))
		if err != nil {
			return err
		}
		if err := exemplar.Decide(ctx, tx, leader, la, id, true, "", now.AddDate(0, 0, -8)); err != nil {
			return err
		}
	}
	return nil
}
