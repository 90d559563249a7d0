package meeting

import (
	"context"
	"io"
	"strconv"
	"strings"

	"github.com/cchc-vn/cchc/internal/account"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/docx"
	"github.com/cchc-vn/cchc/internal/feedback"
	"github.com/cchc-vn/cchc/internal/vn"
	"github.com/cchc-vn/cchc/internal/ward"
)

// WriteMinutes writes a closed meeting's minutes (biên bản) as a Word
// document in the Decree 30/2020 layout: the header under the ward's
// People's Committee, the time, place, participants, chair and secretary,
// the content point by point, residents' opinions (their words, never
// their names), the conclusion, the end, and the secretary's and the
// chair's signatures.
func WriteMinutes(ctx context.Context, q db.Querier, w io.Writer, u *account.User, id int64) error {
	m, err := Get(ctx, q, u.WardID, id)
	if err != nil {
		return err
	}
	if !Sees(u, m) {
		return ErrForbidden
	}
	if m.Status != Closed {
		return db.ErrNotFound
	}
	wd, err := ward.ByID(ctx, q, u.WardID)
	if err != nil {
		return err
	}
	ops, err := feedback.OfMeeting(ctx, q, u.WardID, m.ID)
	if err != nil {
		return err
	}
	return minutes(m, wd, ops).Write(w)
}

func minutes(m *Meeting, wd *ward.Ward, ops []*feedback.Item) docx.Document {
	var b strings.Builder
	start, end := m.StartsAt.In(vn.Zone), m.EndsAt.In(vn.Zone)
	number := m.Number
	if number == "" {
		number = "      /BB"
	}
	b.WriteString(docx.Header{Parent: "UBND " + wd.FullName, Issuer: m.Organiser, Number: number,
		PlaceDate: wd.Name + ", " + vn.LongDate(start)}.XML())
	b.WriteString(docx.Para{Align: "center", Before: 360, Line: 240}.XML(docx.Run{Text: "BIÊN BẢN", Bold: true}))
	b.WriteString(docx.Para{Align: "center", Line: 240}.XML(docx.Run{Text: KindName(m.Kind) + " " + vn.LowerFirst(m.Title), Bold: true}))
	b.WriteString(docx.Rule(3850))
	clock := func(h, mi int) string { return strconv.Itoa(h) + " giờ " + pad(mi) + " phút" }
	b.WriteString(docx.Body("Thời gian bắt đầu: " + clock(start.Hour(), start.Minute()) + ", " + vn.LongDate(start) + "."))
	b.WriteString(docx.Body("Địa điểm: " + m.Place() + "."))
	present := []string{}
	for _, g := range Groups {
		if n := m.Present[g.Code]; n > 0 {
			present = append(present, strings.ToLower(g.Name)+" "+vn.Number(int64(n)))
		}
	}
	line := "Thành phần tham dự: "
	if m.Participants != "" {
		line += strings.TrimSuffix(m.Participants, ".") + ". "
	}
	line += "Tổng số người tham dự: " + vn.Number(int64(m.Attendance))
	if len(present) > 1 {
		line += " (" + strings.Join(present, ", ") + ")"
	}
	b.WriteString(docx.Body(line + "."))
	b.WriteString(docx.Body("Chủ trì: " + m.Chair + "."))
	b.WriteString(docx.Body("Thư ký (người ghi biên bản): " + m.Secretary + "."))
	b.WriteString(docx.Heading("Nội dung cuộc họp:"))
	for i, it := range m.Agenda {
		b.WriteString(docx.Body(strconv.Itoa(i+1) + ". " + it.Body))
	}
	for _, l := range docx.Lines(m.Content) {
		b.WriteString(docx.Body(l))
	}
	if len(ops) > 0 {
		b.WriteString(docx.Heading("Ý kiến của người dân:"))
		for i, it := range ops {
			b.WriteString(docx.Body("- Ý kiến " + strconv.Itoa(i+1) + " (" + feedback.CategoryName(it.Category) + "): " + it.Title + ". " + it.Description +
				" (đã chuyển thành phản ánh " + it.Code + " để xử lý theo quy trình)"))
		}
	}
	if m.Conclusion != "" {
		b.WriteString(docx.Heading("Kết luận của chủ trì:"))
		for _, l := range docx.Lines(m.Conclusion) {
			b.WriteString(docx.Body(l))
		}
	}
	b.WriteString(docx.Body("Cuộc họp kết thúc vào " + clock(end.Hour(), end.Minute()) + " cùng ngày; biên bản đã được đọc lại cho những người tham dự cùng nghe và thống nhất."))
	b.WriteString(docx.LayoutTable([]int{4800, 4900}, docx.Signer{Capacity: "Thư ký", Name: m.Secretary}.XML(), docx.Signer{Capacity: "Chủ trì", Name: m.Chair}.XML()))
	return docx.Document{Title: "Biên bản " + vn.LowerFirst(KindName(m.Kind)) + " " + m.Title, Creator: m.Organiser, Date: m.ClosedAt, Body: b.String()}
}

func pad(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}
