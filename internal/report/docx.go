package report

import (
	"archive/zip"
	"encoding/xml"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/cchc-vn/cchc/internal/plan"
	"github.com/cchc-vn/cchc/internal/survey"
	"github.com/cchc-vn/cchc/internal/vn"
)

// Decree 30/2020 layout, in twentieths of a point (twips) and half-points.
const (
	pageW, pageH = 11906, 16838 // A4
	marginTop    = 1134         // 20 mm
	marginBottom = 1134         // 20 mm
	marginLeft   = 1701         // 30 mm
	marginRight  = 1134         // 20 mm
	textW        = pageW - marginLeft - marginRight
	sz13, sz14   = 26, 28
	sz12, sz11   = 24, 22
	indent       = 567 // first-line indent 1 cm
)

func esc(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

// run is one stretch of text with its formatting.
type run struct {
	text         string
	bold, italic bool
	size         int
	brk          bool
}

func (r run) xml() string {
	var b strings.Builder
	b.WriteString("<w:r><w:rPr>")
	if r.bold {
		b.WriteString("<w:b/>")
	}
	if r.italic {
		b.WriteString("<w:i/>")
	}
	size := r.size
	if size == 0 {
		size = sz14
	}
	b.WriteString(`<w:sz w:val="` + strconv.Itoa(size) + `"/><w:szCs w:val="` + strconv.Itoa(size) + `"/></w:rPr>`)
	if r.brk {
		b.WriteString("<w:br/>")
	}
	if r.text != "" {
		b.WriteString(`<w:t xml:space="preserve">` + esc(r.text) + `</w:t>`)
	}
	b.WriteString("</w:r>")
	return b.String()
}

// para is one paragraph.
type para struct {
	align        string // both, center, left, right
	firstLine    int
	before       int
	after        int
	keepNext     bool
	line         int // line spacing, 240 = single
	pageBreakBef bool
}

func (p para) xml(runs ...run) string {
	var inner strings.Builder
	for _, r := range runs {
		inner.WriteString(r.xml())
	}
	return p.wrap(inner.String())
}

// wrap puts ready run XML (text or a drawing) in the paragraph.
func (p para) wrap(inner string) string {
	var b strings.Builder
	b.WriteString("<w:p><w:pPr>")
	if p.keepNext {
		b.WriteString("<w:keepNext/>")
	}
	if p.pageBreakBef {
		b.WriteString("<w:pageBreakBefore/>")
	}
	line := p.line
	if line == 0 {
		line = 264 // 1.1 lines
	}
	b.WriteString(`<w:spacing w:before="` + strconv.Itoa(p.before) + `" w:after="` + strconv.Itoa(p.after) + `" w:line="` + strconv.Itoa(line) + `" w:lineRule="auto"/>`)
	if p.firstLine > 0 {
		b.WriteString(`<w:ind w:firstLine="` + strconv.Itoa(p.firstLine) + `"/>`)
	}
	align := p.align
	if align == "" {
		align = "both"
	}
	b.WriteString(`<w:jc w:val="` + align + `"/></w:pPr>`)
	b.WriteString(inner)
	b.WriteString("</w:p>")
	return b.String()
}

// body paragraphs: justified, first-line indent, 6 pt after.
func bodyPara(text string) string {
	return para{firstLine: indent, after: 120}.xml(run{text: text})
}

func heading(text string) string {
	return para{firstLine: indent, before: 120, after: 120, keepNext: true}.xml(run{text: text, bold: true})
}

// cell is one table cell.
type cell struct {
	text  string
	bold  bool
	align string
	span  int
}

// table draws a bordered table; the first row is the header, repeated on
// each page.
func table(widths []int, rows [][]cell) string {
	var b strings.Builder
	b.WriteString(`<w:tbl><w:tblPr><w:tblW w:w="` + strconv.Itoa(sum(widths)) + `" w:type="dxa"/><w:jc w:val="center"/><w:tblBorders>`)
	for _, side := range []string{"top", "left", "bottom", "right", "insideH", "insideV"} {
		b.WriteString(`<w:` + side + ` w:val="single" w:sz="4" w:space="0" w:color="000000"/>`)
	}
	b.WriteString(`</w:tblBorders><w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="80" w:type="dxa"/><w:right w:w="80" w:type="dxa"/></w:tblCellMar></w:tblPr><w:tblGrid>`)
	for _, w := range widths {
		b.WriteString(`<w:gridCol w:w="` + strconv.Itoa(w) + `"/>`)
	}
	b.WriteString(`</w:tblGrid>`)
	for i, r := range rows {
		b.WriteString("<w:tr>")
		if i == 0 {
			b.WriteString(`<w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>`)
		} else {
			b.WriteString(`<w:trPr><w:cantSplit/></w:trPr>`)
		}
		col := 0
		for _, c := range r {
			span := c.span
			if span == 0 {
				span = 1
			}
			w := sum(widths[col : col+span])
			col += span
			b.WriteString(`<w:tc><w:tcPr><w:tcW w:w="` + strconv.Itoa(w) + `" w:type="dxa"/>`)
			if span > 1 {
				b.WriteString(`<w:gridSpan w:val="` + strconv.Itoa(span) + `"/>`)
			}
			b.WriteString(`<w:vAlign w:val="center"/></w:tcPr>`)
			align := c.align
			if align == "" {
				align = "left"
			}
			b.WriteString(para{align: align, before: 40, after: 40, line: 240}.xml(run{text: c.text, bold: c.bold || i == 0, size: sz12}))
			b.WriteString("</w:tc>")
		}
		b.WriteString("</w:tr>")
	}
	b.WriteString("</w:tbl>")
	return b.String()
}

func sum(ws []int) int {
	n := 0
	for _, w := range ws {
		n += w
	}
	return n
}

// plainCell is a borderless layout cell holding ready paragraphs.
func layoutTable(widths []int, cells ...string) string {
	var b strings.Builder
	b.WriteString(`<w:tbl><w:tblPr><w:tblW w:w="` + strconv.Itoa(sum(widths)) + `" w:type="dxa"/><w:tblInd w:w="-300" w:type="dxa"/><w:tblBorders>`)
	for _, side := range []string{"top", "left", "bottom", "right", "insideH", "insideV"} {
		b.WriteString(`<w:` + side + ` w:val="nil"/>`)
	}
	b.WriteString(`</w:tblBorders><w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>`)
	for _, w := range widths {
		b.WriteString(`<w:gridCol w:w="` + strconv.Itoa(w) + `"/>`)
	}
	b.WriteString(`</w:tblGrid><w:tr>`)
	for i, c := range cells {
		b.WriteString(`<w:tc><w:tcPr><w:tcW w:w="` + strconv.Itoa(widths[i]) + `" w:type="dxa"/></w:tcPr>` + c + `</w:tc>`)
	}
	b.WriteString(`</w:tr></w:tbl>`)
	return b.String()
}

// issuerLines splits "ỦY BAN NHÂN DÂN PHƯỜNG PHÚ ĐỊNH" into the two lines
// official headers use.
func issuerLines(issuer string) []string {
	for _, lvl := range []string{" PHƯỜNG ", " XÃ ", " ĐẶC KHU ", " THỊ TRẤN "} {
		if i := strings.Index(issuer, lvl); i > 0 {
			return []string{issuer[:i], issuer[i+1:]}
		}
	}
	return []string{issuer}
}

func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// document returns word/document.xml.
func (r *Report) document() string {
	n := r.Narrative
	p := r.Plan
	var b strings.Builder
	b.WriteString(xml.Header[:len(xml.Header)-1])
	b.WriteString(`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart"><w:body>`)

	// Header block: issuing body on the left, national name and motto on the right.
	var left strings.Builder
	if p.ParentIssuer != "" {
		left.WriteString(para{align: "center", line: 240}.xml(run{text: strings.ToUpper(p.ParentIssuer), size: sz13}))
	}
	il := issuerLines(p.Issuer)
	for _, l := range il {
		left.WriteString(para{align: "center", line: 240}.xml(run{text: strings.ToUpper(l), bold: true, size: sz13}))
	}
	left.WriteString(rule(1300))
	left.WriteString(para{align: "center", before: 120, line: 240}.xml(run{text: "Số: " + strings.TrimRight(n.Number, " "), size: sz13}))
	var right strings.Builder
	right.WriteString(para{align: "center", line: 240}.xml(run{text: "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold: true, size: sz12}))
	right.WriteString(para{align: "center", line: 240}.xml(run{text: "Độc lập - Tự do - Hạnh phúc", bold: true, size: sz13}))
	right.WriteString(rule(1250))
	right.WriteString(para{align: "center", before: 120, line: 240}.xml(run{text: p.Place + ", " + vn.LongDate(r.Date), italic: true, size: sz13}))
	b.WriteString(layoutTable([]int{3800, 5900}, left.String(), right.String()))

	b.WriteString(para{align: "center", before: 360, line: 240}.xml(run{text: "BÁO CÁO", bold: true}))
	b.WriteString(para{align: "center", line: 240}.xml(run{text: "Kết quả công tác tuyên truyền cải cách hành chính " + r.PeriodLabel, bold: true}))
	b.WriteString(rule(3850))
	if n.RecipientTo != "" {
		b.WriteString(para{align: "center", before: 240, after: 240}.xml(run{text: "Kính gửi: " + n.RecipientTo}))
	}
	b.WriteString(bodyPara("Thực hiện Kế hoạch số " + p.Number + " ngày " + vn.ISODate(p.IssuedOn) + " của " + titleCase(p.Issuer) + " về " + vn.LowerFirst(p.Title) +
		", " + titleCase(p.Issuer) + " báo cáo kết quả công tác tuyên truyền cải cách hành chính " + r.PeriodLabel + " (từ ngày " + vn.ISODate(r.From) + " đến ngày " + vn.ISODate(r.To) + ") như sau:"))

	b.WriteString(heading("I. KẾT QUẢ THỰC HIỆN"))
	b.WriteString(heading("1. Công tác chỉ đạo, triển khai"))
	for _, l := range lines(n.Direction) {
		b.WriteString(bodyPara(l))
	}
	b.WriteString(heading("2. Kết quả chung"))
	b.WriteString(bodyPara("Tính đến ngày " + r.Figures.AsOfLabel() + ", trong kỳ các đơn vị và khu phố đã tổ chức " + vn.Number(r.Total.Activities) + " hoạt động tuyên truyền với " +
		vn.Number(r.Total.People) + " lượt người được tuyên truyền; kinh phí thực hiện " + vn.Money(r.Total.Cost) + ". Có " +
		strconv.Itoa(r.Reached) + "/" + strconv.Itoa(r.KhuPho) + " khu phố có hoạt động tuyên truyền tại địa bàn."))
	b.WriteString(bodyPara("Về thực hiện nhiệm vụ, tính đến ngày " + r.Figures.AsOfLabel() + ": trong " + strconv.Itoa(r.Figures.Tasks.Total) + " lượt nhiệm vụ được giao, có " +
		strconv.Itoa(r.Figures.Tasks.Of(plan.Done)) + " lượt đã hoàn thành, " + strconv.Itoa(r.Figures.Tasks.Of(plan.InProgress)) + " lượt đang thực hiện, " +
		strconv.Itoa(r.Figures.Tasks.Of(plan.NotStarted)) + " lượt chưa thực hiện và " + strconv.Itoa(r.Figures.Tasks.Of(plan.Overdue)) + " lượt quá hạn."))

	b.WriteString(heading("3. Kết quả theo nội dung tuyên truyền"))
	rows := [][]cell{{{text: "STT", align: "center"}, {text: "Nội dung tuyên truyền", align: "center"}, {text: "Số hoạt động", align: "center"}, {text: "Lượt người", align: "center"}}}
	for i, t := range r.ByTheme {
		rows = append(rows, []cell{{text: strconv.Itoa(i + 1), align: "center"}, {text: t.Label}, {text: vn.Number(t.Activities), align: "right"}, {text: vn.Number(t.People), align: "right"}})
	}
	b.WriteString(caption("Bảng 1. Kết quả theo nội dung tuyên truyền"))
	b.WriteString(table([]int{700, 5600, 1600, 1700}, rows))
	b.WriteString(bodyPara("Một hoạt động có thể tuyên truyền nhiều nội dung nên tổng theo nội dung có thể lớn hơn tổng số hoạt động."))

	b.WriteString(heading("4. Kết quả theo hình thức tuyên truyền"))
	rows = [][]cell{{{text: "STT", align: "center"}, {text: "Hình thức", align: "center"}, {text: "Số hoạt động", align: "center"}, {text: "Số lượng", align: "center"}, {text: "Lượt người", align: "center"}, {text: "Kinh phí (đồng)", align: "center"}}}
	for i, c := range r.ByChannel {
		rows = append(rows, []cell{{text: strconv.Itoa(i + 1), align: "center"}, {text: c.Label}, {text: vn.Number(c.Activities), align: "right"},
			{text: vn.Number(c.Quantity), align: "right"}, {text: vn.Number(c.People), align: "right"}, {text: vn.Number(c.Cost), align: "right"}})
	}
	rows = append(rows, []cell{{text: "Tổng cộng", bold: true, span: 2}, {text: vn.Number(r.Total.Activities), bold: true, align: "right"},
		{text: vn.Number(r.Total.Quantity), bold: true, align: "right"}, {text: vn.Number(r.Total.People), bold: true, align: "right"}, {text: vn.Number(r.Total.Cost), bold: true, align: "right"}})
	b.WriteString(caption("Bảng 2. Kết quả theo hình thức tuyên truyền"))
	b.WriteString(table([]int{700, 3600, 1300, 1200, 1300, 1600}, rows))
	b.WriteString(para{align: "center", before: 120, keepNext: true}.wrap(chartDrawing))
	b.WriteString(caption("Biểu đồ 1. Số hoạt động theo hình thức tuyên truyền"))

	b.WriteString(heading("5. Kết quả của các đơn vị, khu phố"))
	rows = [][]cell{{{text: "STT", align: "center"}, {text: "Đơn vị, khu phố", align: "center"}, {text: "Số hoạt động", align: "center"}, {text: "Lượt người", align: "center"}, {text: "Kinh phí (đồng)", align: "center"}, {text: "Báo cáo đúng hạn", align: "center"}}}
	var kp Row
	kps, silent := 0, 0
	i := 0
	for _, u := range r.ByUnit {
		if u.KhuPho { // each khu phố has its line in the annex; the document sums them
			kps++
			if u.Activities == 0 {
				silent++
			}
			kp.Activities, kp.People, kp.Cost = kp.Activities+u.Activities, kp.People+u.People, kp.Cost+u.Cost
			continue
		}
		i++
		rows = append(rows, []cell{{text: strconv.Itoa(i), align: "center"}, {text: u.Label}, {text: vn.Number(u.Activities), align: "right"},
			{text: vn.Number(u.People), align: "right"}, {text: vn.Number(u.Cost), align: "right"}, {text: dash(u.Reports), align: "center"}})
	}
	if kps > 0 {
		rows = append(rows, []cell{{text: strconv.Itoa(i + 1), align: "center"}, {text: strconv.Itoa(kps) + " khu phố (chi tiết ở phụ lục)"}, {text: vn.Number(kp.Activities), align: "right"},
			{text: vn.Number(kp.People), align: "right"}, {text: vn.Number(kp.Cost), align: "right"}, {text: "–", align: "center"}})
	}
	b.WriteString(caption("Bảng 3. Kết quả của các đơn vị, khu phố"))
	b.WriteString(table([]int{700, 3800, 1300, 1300, 1500, 1100}, rows))
	b.WriteString(bodyPara("Cột báo cáo đúng hạn: số kỳ báo cáo gửi đúng hạn trên số kỳ đã đến hạn trong kỳ này, tính đến ngày " + r.Figures.AsOfLabel() +
		". Kết quả của từng khu phố, kể cả " + strconv.Itoa(silent) + " khu phố chưa có hoạt động, ở phụ lục kèm theo (tệp Excel)."))

	models := "6"
	if len(r.Surveys) > 0 {
		b.WriteString(heading("6. Kết quả khảo sát mức độ hiểu biết của người dân"))
		b.WriteString(surveySection(r.Surveys))
		models = "7"
	}
	b.WriteString(heading(models + ". Gương điển hình, cách làm hay"))
	for _, l := range lines(n.Models) {
		b.WriteString(bodyPara(l))
	}
	b.WriteString(heading("II. TỒN TẠI, HẠN CHẾ"))
	for _, l := range lines(n.Shortcomings) {
		b.WriteString(bodyPara(l))
	}
	b.WriteString(heading("III. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI"))
	for _, l := range lines(n.NextSteps) {
		b.WriteString(bodyPara(l))
	}
	b.WriteString(heading("IV. ĐỀ XUẤT, KIẾN NGHỊ"))
	for _, l := range lines(n.Proposals) {
		b.WriteString(bodyPara(l))
	}
	b.WriteString(bodyPara("Trên đây là báo cáo kết quả công tác tuyên truyền cải cách hành chính " + r.PeriodLabel + " của " + titleCase(p.Issuer) + "./."))

	// Signature block: recipients on the left, the signer on the right.
	var rec strings.Builder
	rec.WriteString(para{align: "left", before: 120, line: 240}.xml(run{text: "Nơi nhận:", bold: true, italic: true, size: sz12}))
	for _, l := range lines(n.Recipients) {
		rec.WriteString(para{align: "left", line: 240}.xml(run{text: "- " + strings.TrimPrefix(l, "- "), size: sz11}))
	}
	var sign strings.Builder
	sign.WriteString(para{align: "center", before: 120, line: 240}.xml(run{text: "TM. " + issuerLines(strings.ToUpper(p.Issuer))[0], bold: true, size: sz13}))
	sign.WriteString(para{align: "center", line: 240, after: 1400}.xml(run{text: strings.ToUpper(n.SignerTitle), bold: true, size: sz13}))
	sign.WriteString(para{align: "center", line: 240}.xml(run{text: n.SignerName, bold: true, size: sz14}))
	b.WriteString(layoutTable([]int{4800, 4900}, rec.String(), sign.String()))

	b.WriteString(`<w:sectPr><w:headerReference w:type="default" r:id="rIdHeader"/><w:pgSz w:w="` + strconv.Itoa(pageW) + `" w:h="` + strconv.Itoa(pageH) + `"/>`)
	b.WriteString(`<w:pgMar w:top="` + strconv.Itoa(marginTop) + `" w:right="` + strconv.Itoa(marginRight) + `" w:bottom="` + strconv.Itoa(marginBottom) +
		`" w:left="` + strconv.Itoa(marginLeft) + `" w:header="567" w:footer="567" w:gutter="0"/><w:titlePg/></w:sectPr>`)
	b.WriteString(`</w:body></w:document>`)
	return b.String()
}

// rule is a short horizontal line under a heading: an empty, tiny
// paragraph with a bottom border, indented on both sides.
func rule(side int) string {
	return `<w:p><w:pPr><w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1" w:color="000000"/></w:pBdr><w:spacing w:before="0" w:after="60" w:line="60" w:lineRule="exact"/>` +
		`<w:ind w:left="` + strconv.Itoa(side) + `" w:right="` + strconv.Itoa(side) + `"/><w:jc w:val="center"/><w:rPr><w:sz w:val="4"/></w:rPr></w:pPr></w:p>`
}

func caption(s string) string {
	return para{align: "center", before: 120, after: 60, keepNext: true, line: 240}.xml(run{text: s, italic: true, size: sz13})
}

func dash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}

// titleCase writes an upper-case issuer as in running text: "Ủy ban nhân dân phường Phú Định".
func titleCase(issuer string) string {
	il := issuerLines(issuer)
	out := upperFirst(strings.ToLower(il[0]))
	if len(il) > 1 {
		words := strings.Fields(strings.ToLower(il[1]))
		for i := 1; i < len(words); i++ {
			words[i] = upperFirst(words[i])
		}
		out += " " + strings.Join(words, " ")
	}
	return out
}

const chartCX, chartCY = 5760000, 2880000 // EMU

func upperFirst(s string) string {
	r := []rune(s)
	if len(r) == 0 {
		return s
	}
	return strings.ToUpper(string(r[0])) + string(r[1:])
}

// chartDrawing places the chart part inline, 16 × 8 cm.
var chartDrawing = `<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="` + strconv.Itoa(chartCX) + `" cy="` + strconv.Itoa(chartCY) + `"/>` +
	`<wp:docPr id="1" name="Biểu đồ 1" descr="Số hoạt động theo hình thức tuyên truyền"/><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart">` +
	`<c:chart r:id="rIdChart1"/></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>`

// chartXML returns word/charts/chart1.xml: a bar chart of activities by
// channel with its values cached, which Word and LibreOffice draw as is.
func (r *Report) chartXML() string {
	var cats, vals strings.Builder
	n := strconv.Itoa(len(r.ByChannel))
	last := strconv.Itoa(len(r.ByChannel) + 1)
	// References into a sheet the document does not embed; both programs
	// draw from the cached values that follow them.
	cats.WriteString(`<c:strRef><c:f>Sheet1!$A$2:$A$` + last + `</c:f><c:strCache><c:ptCount val="` + n + `"/>`)
	vals.WriteString(`<c:numRef><c:f>Sheet1!$B$2:$B$` + last + `</c:f><c:numCache><c:formatCode>General</c:formatCode><c:ptCount val="` + n + `"/>`)
	for i, c := range r.ByChannel {
		cats.WriteString(`<c:pt idx="` + strconv.Itoa(i) + `"><c:v>` + esc(c.Label) + `</c:v></c:pt>`)
		vals.WriteString(`<c:pt idx="` + strconv.Itoa(i) + `"><c:v>` + strconv.FormatInt(c.Activities, 10) + `</c:v></c:pt>`)
	}
	cats.WriteString(`</c:strCache></c:strRef>`)
	vals.WriteString(`</c:numCache></c:numRef>`)
	font := `<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="1000"><a:latin typeface="Times New Roman"/><a:cs typeface="Times New Roman"/></a:defRPr></a:pPr><a:endParaRPr lang="vi-VN"/></a:p></c:txPr>`
	return xml.Header[:len(xml.Header)-1] + `<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
		`<c:roundedCorners val="0"/><c:chart><c:autoTitleDeleted val="1"/><c:plotArea><c:layout/><c:barChart><c:barDir val="bar"/><c:grouping val="clustered"/><c:varyColors val="0"/>` +
		`<c:ser><c:idx val="0"/><c:order val="0"/><c:tx><c:strRef><c:f>Sheet1!$B$1</c:f><c:strCache><c:ptCount val="1"/><c:pt idx="0"><c:v>Số hoạt động</c:v></c:pt></c:strCache></c:strRef></c:tx><c:spPr><a:solidFill><a:srgbClr val="A4161A"/></a:solidFill></c:spPr><c:invertIfNegative val="0"/>` +
		`<c:dLbls><c:numFmt formatCode="#,##0" sourceLinked="0"/><c:spPr><a:noFill/></c:spPr>` + font + `<c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/><c:showSerName val="0"/><c:showPercent val="0"/><c:showBubbleSize val="0"/></c:dLbls>` +
		`<c:cat>` + cats.String() + `</c:cat><c:val>` + vals.String() + `</c:val></c:ser>` +
		`<c:gapWidth val="60"/><c:axId val="1001"/><c:axId val="1002"/></c:barChart>` +
		`<c:catAx><c:axId val="1001"/><c:scaling><c:orientation val="maxMin"/></c:scaling><c:delete val="0"/><c:axPos val="l"/><c:numFmt formatCode="General" sourceLinked="0"/><c:tickLblPos val="nextTo"/>` + font + `<c:crossAx val="1002"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/></c:catAx>` +
		`<c:valAx><c:axId val="1002"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="b"/><c:majorGridlines/><c:numFmt formatCode="#,##0" sourceLinked="0"/><c:tickLblPos val="nextTo"/>` + font + `<c:crossAx val="1001"/><c:crosses val="autoZero"/><c:crossBetween val="between"/></c:valAx>` +
		`</c:plotArea><c:plotVisOnly val="1"/></c:chart></c:chartSpace>`
}

const stylesXML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
	`<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr>` +
	`<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="Times New Roman" w:cs="Times New Roman"/>` +
	`<w:color w:val="000000"/><w:sz w:val="28"/><w:szCs w:val="28"/><w:lang w:val="vi-VN" w:eastAsia="vi-VN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>` +
	`<w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>` +
	`<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>` +
	`<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>` +
	`<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>` +
	`</w:styles>`

// The page number, centred in the top margin; the section's titlePg hides
// it on the first page, as the decree asks.
const headerXML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
	`<w:hdr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:p><w:pPr><w:jc w:val="center"/></w:pPr>` +
	`<w:r><w:rPr><w:sz w:val="26"/></w:rPr><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:rPr><w:sz w:val="26"/></w:rPr><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>` +
	`<w:r><w:rPr><w:sz w:val="26"/></w:rPr><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:rPr><w:sz w:val="26"/></w:rPr><w:t>2</w:t></w:r><w:r><w:rPr><w:sz w:val="26"/></w:rPr><w:fldChar w:fldCharType="end"/></w:r></w:p></w:hdr>`

const settingsXML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
	`<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:zoom w:percent="100"/><w:defaultTabStop w:val="720"/>` +
	`<w:characterSpacingControl w:val="doNotCompress"/><w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>`

const contentTypesXML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
	`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
	`<Default Extension="xml" ContentType="application/xml"/>` +
	`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
	`<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>` +
	`<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>` +
	`<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>` +
	`<Override PartName="/word/charts/chart1.xml" ContentType="application/vnd.openxmlformats-officedocument.drawingml.chart+xml"/>` +
	`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
	`<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>`

const rootRelsXML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
	`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
	`<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>`

const documentRelsXML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
	`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
	`<Relationship Id="rIdSettings" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>` +
	`<Relationship Id="rIdHeader" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/>` +
	`<Relationship Id="rIdChart1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart" Target="charts/chart1.xml"/></Relationships>`

func (r *Report) coreXML() string {
	stamp := r.Date.UTC().Format(time.RFC3339)
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
		`<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
		`<dc:title>` + esc("Báo cáo kết quả công tác tuyên truyền cải cách hành chính "+r.PeriodLabel) + `</dc:title><dc:creator>` + esc(titleCase(r.Plan.Issuer)) + `</dc:creator><dc:language>vi-VN</dc:language>` +
		`<dcterms:created xsi:type="dcterms:W3CDTF">` + stamp + `</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">` + stamp + `</dcterms:modified></cp:coreProperties>`
}

const appXML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
	`<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>cchc</Application></Properties>`

// Parts returns the package's parts by name, in writing order.
func (r *Report) Parts() [][2]string {
	return [][2]string{
		{"[Content_Types].xml", contentTypesXML},
		{"_rels/.rels", rootRelsXML},
		{"docProps/core.xml", r.coreXML()},
		{"docProps/app.xml", appXML},
		{"word/document.xml", r.document()},
		{"word/_rels/document.xml.rels", documentRelsXML},
		{"word/styles.xml", stylesXML},
		{"word/settings.xml", settingsXML},
		{"word/header1.xml", headerXML},
		{"word/charts/chart1.xml", r.chartXML()},
	}
}

// WriteDOCX writes the report as a Word document. The same report gives
// the same bytes: entries carry the report's date, not the clock's.
func (r *Report) WriteDOCX(w io.Writer) error {
	z := zip.NewWriter(w)
	for _, part := range r.Parts() {
		f, err := z.CreateHeader(&zip.FileHeader{Name: part[0], Method: zip.Deflate, Modified: r.Date.UTC().Truncate(time.Second)})
		if err != nil {
			return err
		}
		if _, err := io.WriteString(f, part[1]); err != nil {
			return err
		}
	}
	return z.Close()
}

// surveySection writes each survey's measured change: a table of each
// question's favourable share per wave with its 95 % interval and the
// change, then the change in words. Tables are numbered after the three
// of section I.
func surveySection(rs []*survey.Results) string {
	var b strings.Builder
	pct := func(p survey.Proportion) string {
		if p.N == 0 {
			return "–"
		}
		return strconv.Itoa(survey.Percent(p.P)) + " % (" + strconv.Itoa(survey.Percent(p.Lo)) + "–" + strconv.Itoa(survey.Percent(p.Hi)) + " %)"
	}
	signed := func(f float64) string {
		n := survey.Percent(f)
		if n > 0 {
			return "+" + strconv.Itoa(n)
		}
		return strconv.Itoa(n)
	}
	for i, r := range rs {
		s := r.Survey
		var waves []string
		for wi, w := range s.Waves {
			waves = append(waves, vn.LowerFirst(w.Label)+" từ ngày "+vn.ISODate(w.OpensOn)+" đến ngày "+vn.ISODate(w.ClosesOn)+" ("+vn.Number(int64(r.Responses[wi]))+" phiếu)")
		}
		b.WriteString(bodyPara(s.Title + ": " + strings.Join(waves, "; ") + ". Tỷ lệ kèm khoảng tin cậy 95 % (phương pháp Wilson); thay đổi tính bằng điểm phần trăm, khoảng tin cậy 95 % theo phương pháp Newcombe."))
		head := []cell{{text: "STT", align: "center"}, {text: "Tỷ lệ người dân", align: "center"}}
		for _, w := range s.Waves {
			head = append(head, cell{text: w.Label, align: "center"})
		}
		two := len(s.Waves) == 2
		widths := []int{600, 4200, 2400}
		if two {
			head = append(head, cell{text: "Thay đổi (điểm)", align: "center"})
			widths = []int{600, 3000, 2000, 2000, 2000}
		}
		rows := [][]cell{head}
		var said []string
		for qi, q := range r.Questions {
			row := []cell{{text: strconv.Itoa(qi + 1), align: "center"}, {text: q.Question.Measure}}
			for _, p := range q.All.Waves {
				row = append(row, cell{text: pct(p), align: "center"})
			}
			if two {
				ch := q.All.Change
				if ch.Before.N > 0 && ch.After.N > 0 {
					row = append(row, cell{text: signed(ch.D) + " (" + signed(ch.Lo) + " đến " + signed(ch.Hi) + ")", align: "center"})
					said = append(said, q.Statement())
				} else {
					row = append(row, cell{text: "–", align: "center"})
				}
			}
			rows = append(rows, row)
		}
		b.WriteString(caption("Bảng " + strconv.Itoa(4+i) + ". " + s.Title))
		b.WriteString(table(widths, rows))
		for _, l := range said {
			b.WriteString(bodyPara("- " + l))
		}
	}
	return b.String()
}
