package report

import (
	"encoding/xml"
	"io"
	"strconv"
	"strings"

	"github.com/cchc-vn/cchc/internal/docx"
	"github.com/cchc-vn/cchc/internal/plan"
	"github.com/cchc-vn/cchc/internal/survey"
	"github.com/cchc-vn/cchc/internal/vn"
)

// document is the report as a Word document in the Decree 30/2020 layout.
func (r *Report) document() docx.Document {
	return docx.Document{Title: "Báo cáo kết quả công tác tuyên truyền cải cách hành chính " + r.PeriodLabel, Creator: docx.TitleCase(r.Plan.Issuer),
		Date: r.Date, Body: r.body(), Chart: r.chartXML()}
}

// Parts returns the package's parts by name, in writing order.
func (r *Report) Parts() [][2]string { return r.document().Parts() }

// WriteDOCX writes the report as a Word document. The same report gives
// the same bytes: entries carry the report's date, not the clock's.
func (r *Report) WriteDOCX(w io.Writer) error { return r.document().Write(w) }

func dash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}

// body returns the body of word/document.xml.
func (r *Report) body() string {
	n := r.Narrative
	p := r.Plan
	var b strings.Builder
	b.WriteString(docx.Header{Parent: p.ParentIssuer, Issuer: p.Issuer, Number: n.Number, PlaceDate: p.Place + ", " + vn.LongDate(r.Date)}.XML())

	b.WriteString(docx.Para{Align: "center", Before: 360, Line: 240}.XML(docx.Run{Text: "BÁO CÁO", Bold: true}))
	b.WriteString(docx.Para{Align: "center", Line: 240}.XML(docx.Run{Text: "Kết quả công tác tuyên truyền cải cách hành chính " + r.PeriodLabel, Bold: true}))
	b.WriteString(docx.Rule(3850))
	if n.RecipientTo != "" {
		b.WriteString(docx.Para{Align: "center", Before: 240, After: 240}.XML(docx.Run{Text: "Kính gửi: " + n.RecipientTo}))
	}
	b.WriteString(docx.Body("Thực hiện Kế hoạch số " + p.Number + " ngày " + vn.ISODate(p.IssuedOn) + " của " + docx.TitleCase(p.Issuer) + " về " + vn.LowerFirst(p.Title) +
		", " + docx.TitleCase(p.Issuer) + " báo cáo kết quả công tác tuyên truyền cải cách hành chính " + r.PeriodLabel + " (từ ngày " + vn.ISODate(r.From) + " đến ngày " + vn.ISODate(r.To) + ") như sau:"))

	b.WriteString(docx.Heading("I. KẾT QUẢ THỰC HIỆN"))
	b.WriteString(docx.Heading("1. Công tác chỉ đạo, triển khai"))
	for _, l := range docx.Lines(n.Direction) {
		b.WriteString(docx.Body(l))
	}
	b.WriteString(docx.Heading("2. Kết quả chung"))
	b.WriteString(docx.Body("Tính đến ngày " + r.Figures.AsOfLabel() + ", trong kỳ các đơn vị và khu phố đã tổ chức " + vn.Number(r.Total.Activities) + " hoạt động tuyên truyền với " +
		vn.Number(r.Total.People) + " lượt người được tuyên truyền; kinh phí thực hiện " + vn.Money(r.Total.Cost) + ". Có " +
		strconv.Itoa(r.Reached) + "/" + strconv.Itoa(r.KhuPho) + " khu phố có hoạt động tuyên truyền tại địa bàn."))
	b.WriteString(docx.Body("Về thực hiện nhiệm vụ, tính đến ngày " + r.Figures.AsOfLabel() + ": trong " + strconv.Itoa(r.Figures.Tasks.Total) + " lượt nhiệm vụ được giao, có " +
		strconv.Itoa(r.Figures.Tasks.Of(plan.Done)) + " lượt đã hoàn thành, " + strconv.Itoa(r.Figures.Tasks.Of(plan.InProgress)) + " lượt đang thực hiện, " +
		strconv.Itoa(r.Figures.Tasks.Of(plan.NotStarted)) + " lượt chưa thực hiện và " + strconv.Itoa(r.Figures.Tasks.Of(plan.Overdue)) + " lượt quá hạn."))

	b.WriteString(docx.Heading("3. Kết quả theo nội dung tuyên truyền"))
	rows := [][]docx.Cell{{{Text: "STT", Align: "center"}, {Text: "Nội dung tuyên truyền", Align: "center"}, {Text: "Số hoạt động", Align: "center"}, {Text: "Lượt người", Align: "center"}}}
	for i, t := range r.ByTheme {
		rows = append(rows, []docx.Cell{{Text: strconv.Itoa(i + 1), Align: "center"}, {Text: t.Label}, {Text: vn.Number(t.Activities), Align: "right"}, {Text: vn.Number(t.People), Align: "right"}})
	}
	b.WriteString(docx.Caption("Bảng 1. Kết quả theo nội dung tuyên truyền"))
	b.WriteString(docx.Table([]int{700, 5600, 1600, 1700}, rows))
	b.WriteString(docx.Body("Một hoạt động có thể tuyên truyền nhiều nội dung nên tổng theo nội dung có thể lớn hơn tổng số hoạt động."))

	b.WriteString(docx.Heading("4. Kết quả theo hình thức tuyên truyền"))
	rows = [][]docx.Cell{{{Text: "STT", Align: "center"}, {Text: "Hình thức", Align: "center"}, {Text: "Số hoạt động", Align: "center"}, {Text: "Số lượng", Align: "center"}, {Text: "Lượt người", Align: "center"}, {Text: "Kinh phí (đồng)", Align: "center"}}}
	for i, c := range r.ByChannel {
		rows = append(rows, []docx.Cell{{Text: strconv.Itoa(i + 1), Align: "center"}, {Text: c.Label}, {Text: vn.Number(c.Activities), Align: "right"},
			{Text: vn.Number(c.Quantity), Align: "right"}, {Text: vn.Number(c.People), Align: "right"}, {Text: vn.Number(c.Cost), Align: "right"}})
	}
	rows = append(rows, []docx.Cell{{Text: "Tổng cộng", Bold: true, Span: 2}, {Text: vn.Number(r.Total.Activities), Bold: true, Align: "right"},
		{Text: vn.Number(r.Total.Quantity), Bold: true, Align: "right"}, {Text: vn.Number(r.Total.People), Bold: true, Align: "right"}, {Text: vn.Number(r.Total.Cost), Bold: true, Align: "right"}})
	b.WriteString(docx.Caption("Bảng 2. Kết quả theo hình thức tuyên truyền"))
	b.WriteString(docx.Table([]int{700, 3600, 1300, 1200, 1300, 1600}, rows))
	b.WriteString(docx.Para{Align: "center", Before: 120, KeepNext: true}.Wrap(docx.ChartDrawing("Biểu đồ 1", "Số hoạt động theo hình thức tuyên truyền")))
	b.WriteString(docx.Caption("Biểu đồ 1. Số hoạt động theo hình thức tuyên truyền"))

	b.WriteString(docx.Heading("5. Kết quả của các đơn vị, khu phố"))
	rows = [][]docx.Cell{{{Text: "STT", Align: "center"}, {Text: "Đơn vị, khu phố", Align: "center"}, {Text: "Số hoạt động", Align: "center"}, {Text: "Lượt người", Align: "center"}, {Text: "Kinh phí (đồng)", Align: "center"}, {Text: "Báo cáo đúng hạn", Align: "center"}}}
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
		rows = append(rows, []docx.Cell{{Text: strconv.Itoa(i), Align: "center"}, {Text: u.Label}, {Text: vn.Number(u.Activities), Align: "right"},
			{Text: vn.Number(u.People), Align: "right"}, {Text: vn.Number(u.Cost), Align: "right"}, {Text: dash(u.Reports), Align: "center"}})
	}
	if kps > 0 {
		rows = append(rows, []docx.Cell{{Text: strconv.Itoa(i + 1), Align: "center"}, {Text: strconv.Itoa(kps) + " khu phố (chi tiết ở phụ lục)"}, {Text: vn.Number(kp.Activities), Align: "right"},
			{Text: vn.Number(kp.People), Align: "right"}, {Text: vn.Number(kp.Cost), Align: "right"}, {Text: "–", Align: "center"}})
	}
	b.WriteString(docx.Caption("Bảng 3. Kết quả của các đơn vị, khu phố"))
	b.WriteString(docx.Table([]int{700, 3800, 1300, 1300, 1500, 1100}, rows))
	b.WriteString(docx.Body("Cột báo cáo đúng hạn: số kỳ báo cáo gửi đúng hạn trên số kỳ đã đến hạn trong kỳ này, tính đến ngày " + r.Figures.AsOfLabel() +
		". Kết quả của từng khu phố, kể cả " + strconv.Itoa(silent) + " khu phố chưa có hoạt động, ở phụ lục kèm theo (tệp Excel)."))

	models := "6"
	if len(r.Surveys) > 0 {
		b.WriteString(docx.Heading("6. Kết quả khảo sát mức độ hiểu biết của người dân"))
		b.WriteString(surveySection(r.Surveys))
		models = "7"
	}
	b.WriteString(docx.Heading(models + ". Gương điển hình, cách làm hay"))
	for _, l := range docx.Lines(n.Models) {
		b.WriteString(docx.Body(l))
	}
	b.WriteString(docx.Heading("II. TỒN TẠI, HẠN CHẾ"))
	for _, l := range docx.Lines(n.Shortcomings) {
		b.WriteString(docx.Body(l))
	}
	b.WriteString(docx.Heading("III. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI"))
	for _, l := range docx.Lines(n.NextSteps) {
		b.WriteString(docx.Body(l))
	}
	b.WriteString(docx.Heading("IV. ĐỀ XUẤT, KIẾN NGHỊ"))
	for _, l := range docx.Lines(n.Proposals) {
		b.WriteString(docx.Body(l))
	}
	b.WriteString(docx.Body("Trên đây là báo cáo kết quả công tác tuyên truyền cải cách hành chính " + r.PeriodLabel + " của " + docx.TitleCase(p.Issuer) + "./."))

	// Signature block: recipients on the left, the signer on the right.
	var rec strings.Builder
	rec.WriteString(docx.Para{Align: "left", Before: 120, Line: 240}.XML(docx.Run{Text: "Nơi nhận:", Bold: true, Italic: true, Size: docx.Sz12}))
	for _, l := range docx.Lines(n.Recipients) {
		rec.WriteString(docx.Para{Align: "left", Line: 240}.XML(docx.Run{Text: "- " + strings.TrimPrefix(l, "- "), Size: docx.Sz11}))
	}
	signer := docx.Signer{Capacity: "TM. " + docx.IssuerLines(strings.ToUpper(p.Issuer))[0], Title: n.SignerTitle, Name: n.SignerName}
	b.WriteString(docx.LayoutTable([]int{4800, 4900}, rec.String(), signer.XML()))
	return b.String()
}

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
		cats.WriteString(`<c:pt idx="` + strconv.Itoa(i) + `"><c:v>` + docx.Esc(c.Label) + `</c:v></c:pt>`)
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
		b.WriteString(docx.Body(s.Title + ": " + strings.Join(waves, "; ") + ". Tỷ lệ kèm khoảng tin cậy 95 % (phương pháp Wilson); thay đổi tính bằng điểm phần trăm, khoảng tin cậy 95 % theo phương pháp Newcombe."))
		head := []docx.Cell{{Text: "STT", Align: "center"}, {Text: "Tỷ lệ người dân", Align: "center"}}
		for _, w := range s.Waves {
			head = append(head, docx.Cell{Text: w.Label, Align: "center"})
		}
		two := len(s.Waves) == 2
		widths := []int{600, 4200, 2400}
		if two {
			head = append(head, docx.Cell{Text: "Thay đổi (điểm)", Align: "center"})
			widths = []int{600, 3000, 2000, 2000, 2000}
		}
		rows := [][]docx.Cell{head}
		var said []string
		for qi, q := range r.Questions {
			row := []docx.Cell{{Text: strconv.Itoa(qi + 1), Align: "center"}, {Text: q.Question.Measure}}
			for _, p := range q.All.Waves {
				row = append(row, docx.Cell{Text: pct(p), Align: "center"})
			}
			if two {
				ch := q.All.Change
				if ch.Before.N > 0 && ch.After.N > 0 {
					row = append(row, docx.Cell{Text: signed(ch.D) + " (" + signed(ch.Lo) + " đến " + signed(ch.Hi) + ")", Align: "center"})
					said = append(said, q.Statement())
				} else {
					row = append(row, docx.Cell{Text: "–", Align: "center"})
				}
			}
			rows = append(rows, row)
		}
		b.WriteString(docx.Caption("Bảng " + strconv.Itoa(4+i) + ". " + s.Title))
		b.WriteString(docx.Table(widths, rows))
		for _, l := range said {
			b.WriteString(docx.Body("- " + l))
		}
	}
	return b.String()
}
