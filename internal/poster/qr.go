package poster

import (
	"bytes"
	"fmt"
	"html"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"io"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"
	"github.com/skip2/go-qrcode"
	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"

	"github.com/cchc-vn/cchc/internal/fonts"
	"github.com/cchc-vn/cchc/internal/vn"
)

// PrintSizes are the QR code's printed widths offered, in centimetres: a
// leaflet, a poster, a panel, a banner seen from the street.
var PrintSizes = []int{3, 5, 8, 12, 20}

// DPI is the resolution PNGs are made for: what print shops ask.
const DPI = 300

// Short is a short address as printed under its code: no scheme.
func Short(link string) string {
	return strings.TrimPrefix(strings.TrimPrefix(link, "https://"), "http://")
}

// QRSVG draws link's QR code with its short address written under it, in
// one SVG that prints crisp at any size.
func QRSVG(link string) ([]byte, error) {
	q, err := qrcode.New(link, qrcode.Medium)
	if err != nil {
		return nil, err
	}
	bits := q.Bitmap() // with its quiet zone of 4 modules
	n := len(bits)
	h := n + 4
	var b bytes.Buffer
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" shape-rendering="crispEdges"><rect width="%d" height="%d" fill="#fff"/><path fill="#000" d="`, n, h, n, h)
	for y, row := range bits {
		for x, on := range row {
			if on {
				fmt.Fprintf(&b, "M%d %dh1v1h-1z", x, y)
			}
		}
	}
	fmt.Fprintf(&b, `"/><text x="%d" y="%d" font-family="Arial, Helvetica, sans-serif" font-size="2.4" text-anchor="middle" textLength="%d" lengthAdjust="spacingAndGlyphs">%s</text></svg>`,
		n/2, n+1, n-6, html.EscapeString(Short(link)))
	return b.Bytes(), nil
}

var face = func() *opentype.Font {
	f, err := opentype.Parse(fonts.SerifRegular)
	if err != nil {
		panic(err)
	}
	return f
}()

// QRPNG draws link's QR code cm centimetres wide at DPI, with its short
// address written under it.
func QRPNG(link string, cm int) ([]byte, error) {
	side := cm * DPI * 100 / 254
	q, err := qrcode.New(link, qrcode.Medium)
	if err != nil {
		return nil, err
	}
	band := side / 8
	img := image.NewRGBA(image.Rect(0, 0, side, side+band))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	draw.Draw(img, image.Rect(0, 0, side, side), q.Image(side), image.Point{}, draw.Src)
	text := Short(link)
	size := float64(band) * 0.6
	var ff font.Face
	for ; size > 4; size *= 0.9 { // shrink until the address fits the width
		if ff, err = opentype.NewFace(face, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingFull}); err != nil {
			return nil, err
		}
		if font.MeasureString(ff, text).Ceil() <= side*9/10 {
			break
		}
	}
	d := &font.Drawer{Dst: img, Src: image.NewUniform(color.Black), Face: ff}
	w := d.MeasureString(text).Ceil()
	d.Dot = fixed.P((side-w)/2, side+int(float64(band)*0.55))
	d.DrawString(text)
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// Labels writes an A4 sheet of QR labels, eight to a page, one per item:
// the code with its short address under it, the kind, the message and the
// place, to cut out and stick on each item. base is the portal's address
// ("https://host").
func Labels(w io.Writer, its []*Item, base, wardName string, now time.Time) error {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetCompression(true)
	pdf.AddUTF8FontFromBytes("Serif", "", fonts.SerifRegular)
	pdf.AddUTF8FontFromBytes("Serif", "B", fonts.SerifBold)
	pdf.SetCreationDate(now)
	pdf.SetModificationDate(now)
	pdf.SetTitle("Nhãn mã QR pano, áp phích – "+wardName, true)
	pdf.SetCreator("cchc", false)
	pdf.SetProducer("cchc", false)
	pdf.SetAutoPageBreak(false, 0)
	const cols, rows, mx, my, lw, lh = 2, 4, 10.0, 12.0, 95.0, 68.0
	for i, it := range its {
		if i%(cols*rows) == 0 {
			pdf.AddPage()
		}
		k := i % (cols * rows)
		x, y := mx+float64(k%cols)*lw, my+float64(k/cols)*lh
		pdf.SetDrawColor(160, 160, 160)
		pdf.SetDashPattern([]float64{1, 1}, 0)
		pdf.Rect(x, y, lw, lh, "D") // the cutting line
		pdf.SetDashPattern(nil, 0)
		link := base + it.ShortPath()
		png, err := qrcode.Encode(link, qrcode.Medium, 512)
		if err != nil {
			return err
		}
		name := "qr-" + it.Code
		pdf.RegisterImageOptionsReader(name, fpdf.ImageOptions{ImageType: "PNG"}, bytes.NewReader(png))
		pdf.ImageOptions(name, x+3, y+4, 44, 44, false, fpdf.ImageOptions{ImageType: "PNG"}, 0, "")
		pdf.SetTextColor(0, 0, 0)
		pdf.SetFont("Serif", "B", 9)
		pdf.SetXY(x+2, y+49)
		pdf.CellFormat(46, 5, Short(link), "", 2, "C", false, 0, "")
		pdf.SetFont("Serif", "", 8)
		pdf.SetX(x + 2)
		pdf.CellFormat(46, 4, "Quét mã bằng Zalo hoặc máy ảnh", "", 2, "C", false, 0, "")
		pdf.SetXY(x+49, y+5)
		pdf.SetFont("Serif", "B", 10)
		pdf.MultiCell(43, 5, KindName(it.Kind)+" · "+it.Code, "", "L", false)
		pdf.SetX(x + 49)
		pdf.SetFont("Serif", "", 10)
		pdf.MultiCell(43, 4.6, vn.Excerpt(it.Message, 150), "", "L", false)
		pdf.SetX(x + 49)
		pdf.SetFont("Serif", "", 8)
		pdf.MultiCell(43, 4, vn.Excerpt(it.Place(), 90), "", "L", false)
		pdf.SetXY(x+49, y+lh-10)
		pdf.MultiCell(43, 4, "Treo "+vn.ISODate(it.PutUpOn)+" – "+vn.ISODate(it.TakeDownOn), "", "L", false)
	}
	if len(its) == 0 {
		pdf.AddPage()
		pdf.SetFont("Serif", "", 12)
		pdf.SetXY(mx, my)
		pdf.CellFormat(190, 8, "Không có sản phẩm nào để in nhãn.", "", 2, "L", false, 0, "")
	}
	if err := pdf.Error(); err != nil {
		return err
	}
	return pdf.Output(w)
}
