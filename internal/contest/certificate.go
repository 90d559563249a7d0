package contest

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/go-pdf/fpdf"
	"github.com/skip2/go-qrcode"

	"github.com/cchc-vn/cchc/internal/fonts"
	"github.com/cchc-vn/cchc/internal/vn"
)

// Issuer is who signs certificates: the ward's people's committee.
type Issuer struct {
	WardName     string // "Phường Phú Định"
	ProvinceName string // "Thành phố Hồ Chí Minh"
	Place        string // the place in the date line: "Phú Định"
}

// WritePDF writes the certificate of participation or of a prize: A4
// landscape, fonts embedded, dated the day its results were approved, with
// a QR code to the verification page (verifyURL) and the code beside it.
func (c *Certificate) WritePDF(w io.Writer, is Issuer, verifyURL string) error {
	pdf := fpdf.New("L", "mm", "A4", "")
	pdf.SetCompression(true)
	pdf.AddUTF8FontFromBytes("Serif", "", fonts.SerifRegular)
	pdf.AddUTF8FontFromBytes("Serif", "B", fonts.SerifBold)
	when := c.ApprovedAt
	if when.IsZero() {
		when = c.ClosesAt
	}
	pdf.SetCreationDate(when)
	pdf.SetModificationDate(when)
	pdf.SetTitle("Giấy chứng nhận "+c.Certificate, true)
	pdf.SetAuthor("Ủy ban nhân dân "+vn.LowerFirst(is.WardName), true)
	pdf.SetCreator("cchc", false)
	pdf.SetProducer("cchc", false)
	pdf.SetAutoPageBreak(false, 0)
	pdf.AddPage()
	const width, height = 297.0, 210.0
	red := func() { pdf.SetDrawColor(166, 28, 28); pdf.SetTextColor(166, 28, 28) }
	black := func() { pdf.SetDrawColor(0, 0, 0); pdf.SetTextColor(0, 0, 0) }
	red()
	pdf.SetLineWidth(1.2)
	pdf.Rect(10, 10, width-20, height-20, "D")
	pdf.SetLineWidth(0.4)
	pdf.Rect(13, 13, width-26, height-26, "D")
	black()
	// The Decree 30/2020 header: the issuer on the left, the national motto on the right.
	pdf.SetFont("Serif", "", 12)
	pdf.SetXY(20, 20)
	pdf.CellFormat(110, 6, "ỦY BAN NHÂN DÂN", "", 2, "C", false, 0, "")
	pdf.SetFont("Serif", "B", 12)
	pdf.CellFormat(110, 6, strings.ToUpper(is.WardName), "", 2, "C", false, 0, "")
	pdf.Line(60, 33, 90, 33)
	pdf.SetXY(140, 20)
	pdf.CellFormat(137, 6, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "", 2, "C", false, 0, "")
	pdf.SetFont("Serif", "B", 13)
	pdf.CellFormat(137, 6, "Độc lập - Tự do - Hạnh phúc", "", 2, "C", false, 0, "")
	pdf.Line(180, 33, 237, 33)
	red()
	pdf.SetFont("Serif", "B", 30)
	pdf.SetXY(15, 48)
	title := "GIẤY CHỨNG NHẬN"
	if c.Prize != "" {
		title = "GIẤY CHỨNG NHẬN ĐẠT GIẢI"
	}
	pdf.CellFormat(width-30, 14, title, "", 2, "C", false, 0, "")
	black()
	pdf.SetFont("Serif", "", 15)
	pdf.SetX(15)
	pdf.CellFormat(width-30, 10, "Ủy ban nhân dân "+vn.LowerFirst(is.WardName)+" chứng nhận", "", 2, "C", false, 0, "")
	pdf.SetFont("Serif", "B", 24)
	pdf.SetX(15)
	pdf.CellFormat(width-30, 14, c.Name, "", 2, "C", false, 0, "")
	pdf.SetFont("Serif", "", 14)
	if c.Place != "" {
		pdf.SetX(15)
		pdf.CellFormat(width-30, 8, c.Place, "", 2, "C", false, 0, "")
	}
	pdf.SetX(40)
	pdf.MultiCell(width-80, 8, "đã tham gia "+vn.LowerFirst(c.RoundTitle)+" – "+c.ContestTitle, "", "C", false)
	pdf.SetX(15)
	if c.Prize != "" {
		red()
		pdf.SetFont("Serif", "B", 20)
		pdf.CellFormat(width-30, 12, "Đạt "+PrizeName(c.Prize), "", 2, "C", false, 0, "")
		black()
		pdf.SetFont("Serif", "", 13)
		pdf.SetX(15)
	} else {
		pdf.SetFont("Serif", "", 14)
	}
	pdf.CellFormat(width-30, 8, fmt.Sprintf("Kết quả: %d/%d câu trả lời đúng; xếp hạng %d trên %s người dự thi.", c.Correct, c.Size, c.Rank, vn.Number(int64(c.Takers))),
		"", 2, "C", false, 0, "")
	// The date line and the signature block, on the right.
	day := when.In(vn.Zone)
	pdf.SetFont("Serif", "", 13)
	pdf.SetXY(160, 150)
	pdf.CellFormat(117, 6, fmt.Sprintf("%s, ngày %02d tháng %02d năm %d", is.Place, day.Day(), int(day.Month()), day.Year()), "", 2, "C", false, 0, "")
	pdf.SetFont("Serif", "B", 13)
	pdf.SetX(160)
	pdf.CellFormat(117, 6, "TM. ỦY BAN NHÂN DÂN", "", 2, "C", false, 0, "")
	pdf.SetX(160)
	pdf.CellFormat(117, 6, "CHỦ TỊCH", "", 2, "C", false, 0, "")
	// The QR code to the verification page, with the code beside it.
	png, err := qrcode.Encode(verifyURL, qrcode.Medium, 256)
	if err != nil {
		return err
	}
	pdf.RegisterImageOptionsReader("qr", fpdf.ImageOptions{ImageType: "PNG"}, bytes.NewReader(png))
	pdf.ImageOptions("qr", 22, 150, 34, 34, false, fpdf.ImageOptions{ImageType: "PNG"}, 0, "")
	pdf.SetFont("Serif", "", 10)
	pdf.SetXY(60, 158)
	pdf.MultiCell(95, 5, "Giấy chứng nhận điện tử số "+c.Certificate+".\nXác minh tại: "+verifyURL, "", "L", false)
	if err := pdf.Error(); err != nil {
		return err
	}
	return pdf.Output(w)
}
