// Package docx writes Word documents in the layout of Decree 30/2020 on
// administrative documents (A4, Times New Roman, the national header, the
// signature block), from a few pieces of WordprocessingML: runs,
// paragraphs, tables. The official report and a meeting's minutes are
// built from it; the same document gives the same bytes.
package docx

import (
	"archive/zip"
	"encoding/xml"
	"io"
	"strconv"
	"strings"
	"time"
)

// Decree 30/2020 layout, in twentieths of a point (twips) and half-points.
const (
	PageW, PageH = 11906, 16838 // A4
	MarginTop    = 1134         // 20 mm
	MarginBottom = 1134         // 20 mm
	MarginLeft   = 1701         // 30 mm
	MarginRight  = 1134         // 20 mm
	TextW        = PageW - MarginLeft - MarginRight
	Sz13, Sz14   = 26, 28
	Sz12, Sz11   = 24, 22
	Indent       = 567 // first-line indent 1 cm
)

// Esc escapes text for XML.
func Esc(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

// Run is one stretch of text with its formatting.
type Run struct {
	Text         string
	Bold, Italic bool
	Size         int // half-points; 0 is 14 pt
	Break        bool
}

// XML returns the run's markup.
func (r Run) XML() string {
	var b strings.Builder
	b.WriteString("<w:r><w:rPr>")
	if r.Bold {
		b.WriteString("<w:b/>")
	}
	if r.Italic {
		b.WriteString("<w:i/>")
	}
	size := r.Size
	if size == 0 {
		size = Sz14
	}
	b.WriteString(`<w:sz w:val="` + strconv.Itoa(size) + `"/><w:szCs w:val="` + strconv.Itoa(size) + `"/></w:rPr>`)
	if r.Break {
		b.WriteString("<w:br/>")
	}
	if r.Text != "" {
		b.WriteString(`<w:t xml:space="preserve">` + Esc(r.Text) + `</w:t>`)
	}
	b.WriteString("</w:r>")
	return b.String()
}

// Para is one paragraph's layout.
type Para struct {
	Align           string // both (the default), center, left, right
	FirstLine       int
	Before, After   int
	KeepNext        bool
	Line            int // line spacing, 240 = single; 0 is 1.1 lines
	PageBreakBefore bool
}

// XML returns the paragraph holding runs.
func (p Para) XML(runs ...Run) string {
	var inner strings.Builder
	for _, r := range runs {
		inner.WriteString(r.XML())
	}
	return p.Wrap(inner.String())
}

// Wrap puts ready run markup (text or a drawing) in the paragraph.
func (p Para) Wrap(inner string) string {
	var b strings.Builder
	b.WriteString("<w:p><w:pPr>")
	if p.KeepNext {
		b.WriteString("<w:keepNext/>")
	}
	if p.PageBreakBefore {
		b.WriteString("<w:pageBreakBefore/>")
	}
	line := p.Line
	if line == 0 {
		line = 264 // 1.1 lines
	}
	b.WriteString(`<w:spacing w:before="` + strconv.Itoa(p.Before) + `" w:after="` + strconv.Itoa(p.After) + `" w:line="` + strconv.Itoa(line) + `" w:lineRule="auto"/>`)
	if p.FirstLine > 0 {
		b.WriteString(`<w:ind w:firstLine="` + strconv.Itoa(p.FirstLine) + `"/>`)
	}
	align := p.Align
	if align == "" {
		align = "both"
	}
	b.WriteString(`<w:jc w:val="` + align + `"/></w:pPr>`)
	b.WriteString(inner)
	b.WriteString("</w:p>")
	return b.String()
}

// Body is a body paragraph: justified, first-line indent, 6 pt after.
func Body(text string) string {
	return Para{FirstLine: Indent, After: 120}.XML(Run{Text: text})
}

// Heading is a bold heading kept with what follows.
func Heading(text string) string {
	return Para{FirstLine: Indent, Before: 120, After: 120, KeepNext: true}.XML(Run{Text: text, Bold: true})
}

// Caption is a table's or a chart's caption, centred in italics.
func Caption(s string) string {
	return Para{Align: "center", Before: 120, After: 60, KeepNext: true, Line: 240}.XML(Run{Text: s, Italic: true, Size: Sz13})
}

// Rule is a short horizontal line under a heading: an empty, tiny
// paragraph with a bottom border, indented by side on both sides.
func Rule(side int) string {
	return `<w:p><w:pPr><w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1" w:color="000000"/></w:pBdr><w:spacing w:before="0" w:after="60" w:line="60" w:lineRule="exact"/>` +
		`<w:ind w:left="` + strconv.Itoa(side) + `" w:right="` + strconv.Itoa(side) + `"/><w:jc w:val="center"/><w:rPr><w:sz w:val="4"/></w:rPr></w:pPr></w:p>`
}

// Cell is one table cell.
type Cell struct {
	Text  string
	Bold  bool
	Align string
	Span  int
}

// Table draws a bordered table; the first row is the header, repeated on
// each page.
func Table(widths []int, rows [][]Cell) string {
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
			span := max(c.Span, 1)
			w := sum(widths[col : col+span])
			col += span
			b.WriteString(`<w:tc><w:tcPr><w:tcW w:w="` + strconv.Itoa(w) + `" w:type="dxa"/>`)
			if span > 1 {
				b.WriteString(`<w:gridSpan w:val="` + strconv.Itoa(span) + `"/>`)
			}
			b.WriteString(`<w:vAlign w:val="center"/></w:tcPr>`)
			align := c.Align
			if align == "" {
				align = "left"
			}
			b.WriteString(Para{Align: align, Before: 40, After: 40, Line: 240}.XML(Run{Text: c.Text, Bold: c.Bold || i == 0, Size: Sz12}))
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

// LayoutTable is a borderless table of one row whose cells hold ready
// paragraphs: the header block and the signature block.
func LayoutTable(widths []int, cells ...string) string {
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

// IssuerLines splits "ỦY BAN NHÂN DÂN PHƯỜNG PHÚ ĐỊNH" into the two lines
// official headers use.
func IssuerLines(issuer string) []string {
	for _, lvl := range []string{" PHƯỜNG ", " XÃ ", " ĐẶC KHU ", " THỊ TRẤN "} {
		if i := strings.Index(issuer, lvl); i > 0 {
			return []string{issuer[:i], issuer[i+1:]}
		}
	}
	return []string{issuer}
}

// TitleCase writes an upper-case issuer as in running text: "Ủy ban nhân
// dân phường Phú Định".
func TitleCase(issuer string) string {
	il := IssuerLines(issuer)
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

func upperFirst(s string) string {
	r := []rune(s)
	if len(r) == 0 {
		return s
	}
	return strings.ToUpper(string(r[0])) + string(r[1:])
}

// Lines splits text typed in a form into its non-empty lines.
func Lines(s string) []string {
	var out []string
	for _, l := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// Header is the block at the top of an administrative document: the
// issuing body (under its parent, if any) and the document's number on the
// left, the national name and motto and the place and date on the right.
type Header struct {
	Parent, Issuer string // upper or any case; printed upper case
	Number         string // "Số: …" is printed before it
	PlaceDate      string // "Phú Định, ngày 05 tháng 12 năm 2025"
}

// XML returns the header block.
func (h Header) XML() string {
	var left strings.Builder
	if h.Parent != "" {
		left.WriteString(Para{Align: "center", Line: 240}.XML(Run{Text: strings.ToUpper(h.Parent), Size: Sz13}))
	}
	for _, l := range IssuerLines(h.Issuer) {
		left.WriteString(Para{Align: "center", Line: 240}.XML(Run{Text: strings.ToUpper(l), Bold: true, Size: Sz13}))
	}
	left.WriteString(Rule(1300))
	left.WriteString(Para{Align: "center", Before: 120, Line: 240}.XML(Run{Text: "Số: " + strings.TrimRight(h.Number, " "), Size: Sz13}))
	var right strings.Builder
	right.WriteString(Para{Align: "center", Line: 240}.XML(Run{Text: "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", Bold: true, Size: Sz12}))
	right.WriteString(Para{Align: "center", Line: 240}.XML(Run{Text: "Độc lập - Tự do - Hạnh phúc", Bold: true, Size: Sz13}))
	right.WriteString(Rule(1250))
	right.WriteString(Para{Align: "center", Before: 120, Line: 240}.XML(Run{Text: h.PlaceDate, Italic: true, Size: Sz13}))
	return LayoutTable([]int{3800, 5900}, left.String(), right.String())
}

// Signer is one signature: the capacity ("TM. ỦY BAN NHÂN DÂN", "CHỦ TRÌ"),
// the title under it, if any, and the name under the space for the signature.
type Signer struct {
	Capacity, Title, Name string
}

// XML returns the paragraphs of one signature.
func (s Signer) XML() string {
	var b strings.Builder
	after := 1400
	if s.Title != "" {
		b.WriteString(Para{Align: "center", Before: 120, Line: 240}.XML(Run{Text: strings.ToUpper(s.Capacity), Bold: true, Size: Sz13}))
		b.WriteString(Para{Align: "center", Line: 240, After: after}.XML(Run{Text: strings.ToUpper(s.Title), Bold: true, Size: Sz13}))
	} else {
		b.WriteString(Para{Align: "center", Before: 120, Line: 240, After: after}.XML(Run{Text: strings.ToUpper(s.Capacity), Bold: true, Size: Sz13}))
	}
	b.WriteString(Para{Align: "center", Line: 240}.XML(Run{Text: s.Name, Bold: true, Size: Sz14}))
	return b.String()
}

// Document is a Word document: its body (paragraphs and tables), its title
// and author, its date (written into the package, so the same document
// gives the same bytes) and, optionally, one chart part drawn where the
// body places ChartDrawing.
type Document struct {
	Title, Creator string
	Date           time.Time
	Body           string
	Chart          string // word/charts/chart1.xml, or empty
}

// ChartDrawing places the document's chart inline, 16 × 8 cm.
func ChartDrawing(name, descr string) string {
	return `<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="` + strconv.Itoa(ChartCX) + `" cy="` + strconv.Itoa(ChartCY) + `"/>` +
		`<wp:docPr id="1" name="` + Esc(name) + `" descr="` + Esc(descr) + `"/><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart">` +
		`<c:chart r:id="rIdChart1"/></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>`
}

// ChartCX and ChartCY are the chart's size in EMU.
const ChartCX, ChartCY = 5760000, 2880000

func (d Document) document() string {
	var b strings.Builder
	b.WriteString(xml.Header[:len(xml.Header)-1])
	b.WriteString(`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart"><w:body>`)
	b.WriteString(d.Body)
	b.WriteString(`<w:sectPr><w:headerReference w:type="default" r:id="rIdHeader"/><w:pgSz w:w="` + strconv.Itoa(PageW) + `" w:h="` + strconv.Itoa(PageH) + `"/>`)
	b.WriteString(`<w:pgMar w:top="` + strconv.Itoa(MarginTop) + `" w:right="` + strconv.Itoa(MarginRight) + `" w:bottom="` + strconv.Itoa(MarginBottom) +
		`" w:left="` + strconv.Itoa(MarginLeft) + `" w:header="567" w:footer="567" w:gutter="0"/><w:titlePg/></w:sectPr>`)
	b.WriteString(`</w:body></w:document>`)
	return b.String()
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

func (d Document) contentTypes() string {
	chart := ""
	if d.Chart != "" {
		chart = `<Override PartName="/word/charts/chart1.xml" ContentType="application/vnd.openxmlformats-officedocument.drawingml.chart+xml"/>`
	}
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
		`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
		`<Default Extension="xml" ContentType="application/xml"/>` +
		`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
		`<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>` +
		`<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>` +
		`<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>` +
		chart +
		`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
		`<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>`
}

const rootRelsXML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
	`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
	`<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>`

func (d Document) documentRels() string {
	chart := ""
	if d.Chart != "" {
		chart = `<Relationship Id="rIdChart1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart" Target="charts/chart1.xml"/>`
	}
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
		`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
		`<Relationship Id="rIdSettings" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>` +
		`<Relationship Id="rIdHeader" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/>` +
		chart + `</Relationships>`
}

func (d Document) core() string {
	stamp := d.Date.UTC().Format(time.RFC3339)
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
		`<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
		`<dc:title>` + Esc(d.Title) + `</dc:title><dc:creator>` + Esc(d.Creator) + `</dc:creator><dc:language>vi-VN</dc:language>` +
		`<dcterms:created xsi:type="dcterms:W3CDTF">` + stamp + `</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">` + stamp + `</dcterms:modified></cp:coreProperties>`
}

const appXML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
	`<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>cchc</Application></Properties>`

// Parts returns the package's parts by name, in writing order.
func (d Document) Parts() [][2]string {
	parts := [][2]string{
		{"[Content_Types].xml", d.contentTypes()},
		{"_rels/.rels", rootRelsXML},
		{"docProps/core.xml", d.core()},
		{"docProps/app.xml", appXML},
		{"word/document.xml", d.document()},
		{"word/_rels/document.xml.rels", d.documentRels()},
		{"word/styles.xml", stylesXML},
		{"word/settings.xml", settingsXML},
		{"word/header1.xml", headerXML},
	}
	if d.Chart != "" {
		parts = append(parts, [2]string{"word/charts/chart1.xml", d.Chart})
	}
	return parts
}

// Write writes the document as a .docx package.
func (d Document) Write(w io.Writer) error {
	z := zip.NewWriter(w)
	for _, part := range d.Parts() {
		f, err := z.CreateHeader(&zip.FileHeader{Name: part[0], Method: zip.Deflate, Modified: d.Date.UTC().Truncate(time.Second)})
		if err != nil {
			return err
		}
		if _, err := io.WriteString(f, part[1]); err != nil {
			return err
		}
	}
	return z.Close()
}
