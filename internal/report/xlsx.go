package report

import (
	"io"
	"strconv"

	"github.com/xuri/excelize/v2"

	"github.com/cchc-vn/cchc/internal/docx"
	"github.com/cchc-vn/cchc/internal/vn"
)

// WriteXLSX writes the annex: a summary sheet and every activity of the
// period, one row each, streamed so a large ward stays within memory.
func (r *Report) WriteXLSX(w io.Writer) error {
	f := excelize.NewFile()
	defer f.Close()
	const list, summary = "Danh sách hoạt động", "Tổng hợp"
	f.SetSheetName("Sheet1", summary)
	f.NewSheet(list)
	head, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Family: "Times New Roman", Size: 12}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "center", Horizontal: "center"},
		Border: borders(), Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"F1E4E3"}}})
	cellStyle, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Family: "Times New Roman", Size: 12}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}, Border: borders()})
	num, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Family: "Times New Roman", Size: 12}, NumFmt: 3, Border: borders(), Alignment: &excelize.Alignment{Vertical: "top"}})
	title, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Family: "Times New Roman", Size: 14}})

	sw, err := f.NewStreamWriter(list)
	if err != nil {
		return err
	}
	widths := []float64{6, 12, 28, 28, 10, 22, 9, 16, 11, 14, 50, 30, 10}
	for i, wd := range widths {
		sw.SetColWidth(i+1, i+1, wd)
	}
	sw.SetRow("A1", []any{excelize.Cell{StyleID: title, Value: "Phụ lục: Danh sách hoạt động tuyên truyền CCHC " + r.PeriodLabel + " (từ " + vn.ISODate(r.From) + " đến " + vn.ISODate(r.To) + ")"}})
	header := []string{"STT", "Ngày", "Đơn vị thực hiện", "Hình thức", "Nội dung", "Địa điểm", "Số lượng", "Đơn vị tính", "Lượt người", "Kinh phí (đồng)", "Mô tả", "Đường dẫn", "Minh chứng"}
	row := make([]any, len(header))
	for i, h := range header {
		row[i] = excelize.Cell{StyleID: head, Value: h}
	}
	sw.SetRow("A3", row)
	for i, it := range r.Items {
		cell, _ := excelize.CoordinatesToCellName(1, i+4)
		if err := sw.SetRow(cell, []any{
			excelize.Cell{StyleID: num, Value: i + 1}, excelize.Cell{StyleID: cellStyle, Value: vn.ISODate(it.HeldOn)},
			excelize.Cell{StyleID: cellStyle, Value: it.Unit}, excelize.Cell{StyleID: cellStyle, Value: it.Channel},
			excelize.Cell{StyleID: cellStyle, Value: it.Themes}, excelize.Cell{StyleID: cellStyle, Value: it.Place},
			excelize.Cell{StyleID: num, Value: it.Quantity}, excelize.Cell{StyleID: cellStyle, Value: it.QtyUnit},
			excelize.Cell{StyleID: num, Value: it.People}, excelize.Cell{StyleID: num, Value: it.Cost},
			excelize.Cell{StyleID: cellStyle, Value: it.Description}, excelize.Cell{StyleID: cellStyle, Value: it.Link},
			excelize.Cell{StyleID: num, Value: it.Evidence},
		}); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}

	put := func(cell string, v any, style int) {
		f.SetCellValue(summary, cell, v)
		f.SetCellStyle(summary, cell, cell, style)
	}
	put("A1", "Tổng hợp kết quả tuyên truyền CCHC "+r.PeriodLabel+" – "+docx.TitleCase(r.Plan.Issuer), title)
	line := 3
	block := func(name string, rows []Row, withCost bool) {
		cols := []string{"STT", name, "Số hoạt động", "Lượt người"}
		if withCost {
			cols = append(cols, "Kinh phí (đồng)")
		}
		for i, c := range cols {
			cell, _ := excelize.CoordinatesToCellName(i+1, line)
			put(cell, c, head)
		}
		for i, rw := range rows {
			line++
			vals := []any{i + 1, rw.Label, rw.Activities, rw.People}
			if withCost {
				vals = append(vals, rw.Cost)
			}
			for j, v := range vals {
				cell, _ := excelize.CoordinatesToCellName(j+1, line)
				st := num
				if j == 1 {
					st = cellStyle
				}
				put(cell, v, st)
			}
		}
		line += 2
	}
	block("Nội dung tuyên truyền", r.ByTheme, false)
	block("Hình thức tuyên truyền", r.ByChannel, true)
	block("Đơn vị, khu phố", r.ByUnit, true)
	put("A"+strconv.Itoa(line), "Khu phố có hoạt động: "+strconv.Itoa(r.Reached)+"/"+strconv.Itoa(r.KhuPho), cellStyle)
	f.SetColWidth(summary, "A", "A", 6)
	f.SetColWidth(summary, "B", "B", 50)
	f.SetColWidth(summary, "C", "E", 16)
	return f.Write(w)
}

func borders() []excelize.Border {
	var out []excelize.Border
	for _, s := range []string{"left", "top", "right", "bottom"} {
		out = append(out, excelize.Border{Type: s, Color: "000000", Style: 1})
	}
	return out
}
