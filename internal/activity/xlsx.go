package activity

import (
	"context"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/cchc-vn/cchc/internal/account"
	"github.com/cchc-vn/cchc/internal/audit"
	"github.com/cchc-vn/cchc/internal/check"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/media"
	"github.com/cchc-vn/cchc/internal/plan"
	"github.com/cchc-vn/cchc/internal/vn"
	"github.com/cchc-vn/cchc/internal/ward"
)

// The import template: one sheet of activities, one row each, with
// drop-down lists fed by a sheet of the plan's and ward's names.
const (
	importSheet = "Hoạt động"
	listSheet   = "Danh mục"
	guideSheet  = "Hướng dẫn"
	// MaxImportRows bounds one file; a unit's half-year fits easily.
	MaxImportRows = 5000
)

var importCols = []struct {
	title string
	width float64
	field string // the validation field its messages come under
}{
	{"Ngày thực hiện (dd/mm/yyyy) *", 16, "held_on"},
	{"Đơn vị thực hiện *", 32, "unit_id"},
	{"Hình thức tuyên truyền *", 32, "channel"},
	{"Nội dung (số thứ tự, ví dụ: 2, 3) *", 18, "themes"},
	{"Khu phố", 16, "place"},
	{"Địa điểm khác", 28, "place"},
	{"Số lượng *", 10, "quantity"},
	{"Đơn vị tính *", 18, "quantity_unit"},
	{"Số người được tuyên truyền", 14, "people"},
	{"Kinh phí (đồng)", 14, "cost"},
	{"Mô tả", 40, "description"},
	{"Đường dẫn bài đăng", 30, "link"},
}

var fieldLabels = map[string]string{"held_on": "Ngày", "unit_id": "Đơn vị", "channel": "Hình thức", "themes": "Nội dung",
	"place": "Địa điểm", "quantity": "Số lượng", "quantity_unit": "Đơn vị tính", "people": "Số người", "cost": "Kinh phí",
	"description": "Mô tả", "link": "Đường dẫn", "task_id": "Nhiệm vụ", "files": "Tệp"}

// WriteTemplate writes the import template for units the official may
// record for.
func WriteTemplate(w io.Writer, p *plan.Plan, units, khuPho []*ward.Unit) error {
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetName("Sheet1", importSheet)
	head, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"F1E4E3"}}})
	text, _ := f.NewStyle(&excelize.Style{NumFmt: 49}) // "@": typed dates stay as typed
	for i, c := range importCols {
		cell, _ := excelize.CoordinatesToCellName(i+1, 1)
		f.SetCellStr(importSheet, cell, c.title)
		col, _ := excelize.ColumnNumberToName(i + 1)
		f.SetColWidth(importSheet, col, col, c.width)
	}
	f.SetCellStyle(importSheet, "A1", "L1", head)
	f.SetCellStyle(importSheet, "A2", "A"+strconv.Itoa(MaxImportRows+1), text)
	f.SetCellStyle(importSheet, "D2", "D"+strconv.Itoa(MaxImportRows+1), text)
	f.SetPanes(importSheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})

	f.NewSheet(listSheet)
	lists := [][]string{{"Đơn vị"}, {"Hình thức"}, {"Khu phố"}, {"Đơn vị tính"}, {"Nội dung (số thứ tự – tên)"}}
	for _, u := range units {
		lists[0] = append(lists[0], u.Name)
	}
	for _, c := range p.Channels {
		lists[1] = append(lists[1], c.Name)
	}
	for _, u := range khuPho {
		lists[2] = append(lists[2], u.Name)
	}
	lists[3] = append(lists[3], QuantityUnits...)
	for _, t := range p.Themes {
		lists[4] = append(lists[4], t.Code+" – "+t.Title)
	}
	for i, l := range lists {
		col, _ := excelize.ColumnNumberToName(i + 1)
		for j, v := range l {
			f.SetCellStr(listSheet, col+strconv.Itoa(j+1), v)
		}
		f.SetColWidth(listSheet, col, col, 36)
		if i < 4 && len(l) > 1 { // drop-downs on columns B, C, E and H of the activities
			target := []string{"B", "C", "E", "H"}[i]
			dv := excelize.NewDataValidation(i != 2 && i != 3) // khu phố may be blank; units of quantity may be others
			dv.Sqref = target + "2:" + target + strconv.Itoa(MaxImportRows+1)
			dv.SetSqrefDropList("'" + listSheet + "'!$" + col + "$2:$" + col + "$" + strconv.Itoa(len(l)))
			if i < 2 {
				dv.SetError(excelize.DataValidationErrorStyleStop, "Giá trị không hợp lệ", "Vui lòng chọn trong danh sách.")
			} else {
				dv.SetError(excelize.DataValidationErrorStyleWarning, "Giá trị ngoài danh sách", "Giá trị này không có trong danh sách.")
			}
			f.AddDataValidation(importSheet, dv)
		}
	}
	f.SetCellStyle(listSheet, "A1", "E1", head)

	f.NewSheet(guideSheet)
	guide := []string{
		"Mẫu nhập hoạt động tuyên truyền CCHC – " + p.Number,
		"Mỗi dòng của trang \"" + importSheet + "\" là một hoạt động; các cột có dấu * là bắt buộc.",
		"Ngày ghi theo dạng dd/mm/yyyy, trong kỳ kế hoạch " + vn.ISODate(p.PeriodStart) + " – " + vn.ISODate(p.PeriodEnd) + ".",
		"Đơn vị, hình thức, khu phố chọn trong danh sách. Nội dung ghi số thứ tự, cách nhau bằng dấu phẩy (xem trang \"" + listSheet + "\").",
		"Ghi khu phố nếu hoạt động diễn ra tại khu phố; nếu không, ghi địa điểm khác (ví dụ: Trụ sở UBND phường).",
		"Tệp chỉ được nhập khi mọi dòng đều hợp lệ; nếu có lỗi, hệ thống báo lỗi theo từng dòng và không ghi dòng nào.",
		"Tối đa " + vn.Number(MaxImportRows) + " dòng mỗi tệp.",
	}
	for i, g := range guide {
		f.SetCellStr(guideSheet, "A"+strconv.Itoa(i+1), g)
	}
	f.SetColWidth(guideSheet, "A", "A", 120)
	return f.Write(w)
}

// RowError and ImportErrors are the shared shape of a refused file's rows.
type (
	RowError     = check.RowError
	ImportErrors = check.RowErrors
)

// ParseImport reads the rows of a filled template into inputs for unit
// names, channels and khu phố of the ward; rows whose names cannot be
// matched come back as errors.
func ParseImport(data []byte, p *plan.Plan, units []*ward.Unit) ([]Input, []int, ImportErrors, error) {
	f, problem := media.OpenWorkbook(data)
	if problem != "" {
		return nil, nil, nil, check.Errors{"file": problem}
	}
	defer f.Close()
	rows, err := f.GetRows(importSheet, excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, nil, nil, check.Errors{"file": "Tệp không có trang \"" + importSheet + "\" của mẫu nhập."}
	}
	if len(rows) > MaxImportRows+1 {
		return nil, nil, nil, check.Errors{"file": "Tệp có quá " + vn.Number(MaxImportRows) + " dòng; vui lòng chia thành nhiều tệp."}
	}
	byName := map[string]int64{}
	for _, u := range units {
		byName[vn.Fold(u.Name)] = u.ID
		byName[vn.Fold(u.Code)] = u.ID
	}
	channels := map[string]string{}
	for _, c := range p.Channels {
		channels[vn.Fold(c.Name)] = c.Code
		channels[vn.Fold(c.Code)] = c.Code
	}
	var inputs []Input
	var lines []int
	var errs ImportErrors
	for i, r := range rows {
		if i == 0 {
			continue
		}
		cell := func(c int) string {
			if c < len(r) {
				return strings.TrimSpace(r[c])
			}
			return ""
		}
		blank := true
		for c := range importCols {
			blank = blank && cell(c) == ""
		}
		if blank {
			continue
		}
		var msgs []string
		in := Input{HeldOn: excelDate(cell(0)), PlaceName: cell(5), Quantity: cell(6), QuantityUnit: cell(7), People: cell(8),
			Cost: cell(9), Description: cell(10), Link: cell(11)}
		if id, ok := byName[vn.Fold(cell(1))]; ok {
			in.UnitID = id
		} else if cell(1) != "" {
			msgs = append(msgs, "Đơn vị \""+cell(1)+"\" không có trong danh sách.")
		}
		in.ChannelCode = channels[vn.Fold(cell(2))]
		if in.ChannelCode == "" && cell(2) != "" {
			msgs = append(msgs, "Hình thức \""+cell(2)+"\" không có trong kế hoạch.")
		}
		for _, t := range strings.FieldsFunc(cell(3), func(r rune) bool { return r == ',' || r == ';' || r == ' ' }) {
			in.Themes = append(in.Themes, strings.TrimSuffix(t, "."))
		}
		if kp := cell(4); kp != "" {
			id, ok := byName[vn.Fold(kp)]
			if !ok {
				id, ok = byName[vn.Fold("Khu phố "+kp)] // "5" for Khu phố 5
			}
			if ok {
				in.PlaceUnitID = id
			} else {
				msgs = append(msgs, "Khu phố \""+kp+"\" không có trong danh sách.")
			}
		}
		if msgs != nil {
			errs = append(errs, RowError{Row: i + 1, Messages: msgs})
		}
		inputs = append(inputs, in)
		lines = append(lines, i+1)
	}
	if len(inputs) == 0 && errs == nil {
		return nil, nil, nil, check.Errors{"file": "Tệp không có dòng hoạt động nào."}
	}
	return inputs, lines, errs, nil
}

// excelDate accepts a date typed as text or stored by Excel as a serial
// number, and returns it as dd/mm/yyyy.
func excelDate(s string) string {
	if n, err := strconv.ParseFloat(s, 64); err == nil && n > 20000 && n < 80000 {
		if t, err := excelize.ExcelDateToTime(n, false); err == nil {
			return t.Format("02/01/2006")
		}
	}
	return s
}

// ImportFile reads an XLSX file of the template and, only when every row is
// valid, records all of them in one transaction with one audit entry, on
// the plan in force. It returns how many it recorded; a file it cannot read
// is a check.Errors, rows in error are ImportErrors.
func ImportFile(ctx context.Context, conn db.Conn, u *account.User, actor audit.Actor, data []byte, now time.Time) (int, error) {
	p, err := plan.Current(ctx, conn, u.WardID)
	if err != nil {
		return 0, err
	}
	us, err := ward.Units(ctx, conn, u.WardID)
	if err != nil {
		return 0, err
	}
	inputs, lines, parseErrs, err := ParseImport(data, p, us)
	if err != nil {
		return 0, err
	}
	var n int
	err = conn.InTx(ctx, func(tx *db.Tx) error {
		n, err = Import(ctx, tx, u, actor, p, inputs, lines, parseErrs, now)
		return err
	})
	return n, err
}

// Import validates every row of a parsed file and, only when all are valid,
// records them in tx with one audit entry. It returns how many were recorded.
func Import(ctx context.Context, tx *db.Tx, u *account.User, actor audit.Actor, p *plan.Plan, inputs []Input, lines []int, parseErrs ImportErrors, now time.Time) (int, error) {
	units, err := unitMap(ctx, tx, u.WardID)
	if err != nil {
		return 0, err
	}
	byLine := map[int]int{} // spreadsheet row → index in errs
	errs := append(ImportErrors(nil), parseErrs...)
	for i := range errs {
		byLine[errs[i].Row] = i
	}
	var valid []*Activity
	for i, in := range inputs {
		in.Files = nil
		a, _, e := in.validate(p, units, now)
		if in.UnitID != 0 && !CanRecordFor(u, in.UnitID) {
			e["unit_id"] = "Anh/chị không được ghi nhận cho đơn vị " + units[in.UnitID].Name + "."
		}
		if len(e) == 0 {
			if label, err := lockedBy(ctx, tx, p, a.UnitID, a.HeldOn); err != nil {
				return 0, err
			} else if label != "" {
				e["held_on"] = "Báo cáo " + label + " của đơn vị đã được chấp nhận nên không thêm được hoạt động thuộc kỳ này."
			}
		}
		if len(e) > 0 {
			var msgs []string
			for _, k := range []string{"held_on", "unit_id", "channel", "themes", "task_id", "place", "quantity", "quantity_unit", "people", "cost", "description", "link"} {
				if m, ok := e[k]; ok {
					if _, parsed := byLine[lines[i]]; parsed && (k == "unit_id" || k == "channel" || k == "place") {
						continue // already said more precisely while parsing
					}
					msgs = append(msgs, fieldLabels[k]+": "+m)
				}
			}
			if j, ok := byLine[lines[i]]; ok {
				errs[j].Messages = append(errs[j].Messages, msgs...)
			} else if len(msgs) > 0 {
				errs = append(errs, RowError{Row: lines[i], Messages: msgs})
			}
			continue
		}
		valid = append(valid, a)
	}
	if len(errs) > 0 {
		sort.Slice(errs, func(i, j int) bool { return errs[i].Row < errs[j].Row })
		return 0, errs
	}
	for _, a := range valid {
		if err := insert(ctx, tx, u, a); err != nil {
			return 0, err
		}
	}
	return len(valid), audit.Record(ctx, tx, actor, "activity.import", "plan", p.ID,
		"Nhập "+vn.Number(int64(len(valid)))+" hoạt động từ tệp Excel", nil, map[string]any{"rows": len(valid)})
}
