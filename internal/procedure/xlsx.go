package procedure

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/cchc-vn/cchc/internal/check"
	"github.com/cchc-vn/cchc/internal/media"
)

// The XLSX exchange format: a sheet of procedures, one row each, and a sheet
// per table (steps, channels, documents, legal basis, results), one row per
// entry with the procedure's code. A table in one cell would not fit: Excel
// cells hold at most 32,767 characters, and some dossiers are longer.
type xlsxCol struct{ key, title string }

var (
	mainCols = []xlsxCol{
		{"code", "Mã thủ tục"}, {"name", "Tên thủ tục"}, {"field", "Lĩnh vực"}, {"subjects", "Đối tượng thực hiện"},
		{"agency_executing", "Cơ quan thực hiện"}, {"agency_competent", "Cơ quan có thẩm quyền"}, {"address", "Địa chỉ tiếp nhận"},
		{"conditions", "Yêu cầu, điều kiện"}, {"decision", "Quyết định công bố"}, {"online_level", "Mức độ trực tuyến (toan_trinh, mot_phan)"},
		{"portal_url", "Liên kết Cổng DVC"}, {"keywords", "Từ khóa"}, {"popularity", "Phổ biến (0–100)"}, {"short_name", "Tên ngắn"},
	}
	tableSheets = []struct {
		sheet string
		cols  []xlsxCol
	}{
		{"Trình tự", []xlsxCol{{"code", "Mã thủ tục"}, {"step", "Bước"}}},
		{"Cách thức", []xlsxCol{{"code", "Mã thủ tục"}, {"method", "Cách nộp"}, {"time", "Thời hạn"}, {"fee", "Phí, lệ phí"}, {"description", "Mô tả"}}},
		{"Hồ sơ", []xlsxCol{{"code", "Mã thủ tục"}, {"group", "Nhóm"}, {"name", "Tên giấy tờ"}, {"quantity", "Số lượng"}, {"template", "Mẫu"}}},
		{"Căn cứ pháp lý", []xlsxCol{{"code", "Mã thủ tục"}, {"name", "Tên văn bản"}, {"number", "Số hiệu"}}},
		{"Kết quả", []xlsxCol{{"code", "Mã thủ tục"}, {"name", "Tên kết quả"}, {"result_code", "Mã kết quả"}}},
	}
)

const xlsxSheet = "Thủ tục"

// WriteXLSX writes procedures in the exchange format.
func WriteXLSX(w io.Writer, ps []*Procedure) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", xlsxSheet); err != nil {
		return err
	}
	head, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"F1E4E3"}}})
	header := func(sheet string, cols []xlsxCol) {
		for i, c := range cols {
			cell, _ := excelize.CoordinatesToCellName(i+1, 1)
			f.SetCellStr(sheet, cell, c.title)
			name, _ := excelize.ColumnNumberToName(i + 1)
			width := 40.0
			if c.key == "code" || c.key == "popularity" || c.key == "quantity" || c.key == "method" || c.key == "time" {
				width = 16
			}
			f.SetColWidth(sheet, name, name, width)
		}
		last, _ := excelize.ColumnNumberToName(len(cols))
		f.SetCellStyle(sheet, "A1", last+"1", head)
		f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
	}
	put := func(sheet string, row int, vals ...any) error {
		cell, _ := excelize.CoordinatesToCellName(1, row)
		return f.SetSheetRow(sheet, cell, &vals)
	}
	header(xlsxSheet, mainCols)
	for _, t := range tableSheets {
		if _, err := f.NewSheet(t.sheet); err != nil {
			return err
		}
		header(t.sheet, t.cols)
	}
	rows := map[string]int{}
	next := func(sheet string) int { rows[sheet]++; return rows[sheet] + 1 }
	for _, p := range ps {
		if err := put(xlsxSheet, next(xlsxSheet), p.Code, p.Name, p.Field, p.Subjects, p.AgencyExecuting, p.AgencyCompetent, p.Address,
			p.Conditions, p.Decision, p.OnlineLevel, p.PortalURL, p.Keywords, p.Popularity, p.ShortName); err != nil {
			return fmt.Errorf("procedure %s: %w", p.Code, err)
		}
		for _, s := range p.Steps {
			if err := put("Trình tự", next("Trình tự"), p.Code, s); err != nil {
				return err
			}
		}
		for _, c := range p.Channels {
			fee := c.Fee
			if c.Free {
				fee = "Miễn phí"
			}
			if err := put("Cách thức", next("Cách thức"), p.Code, c.Method, c.Time, fee, c.Description); err != nil {
				return err
			}
		}
		for _, g := range p.Documents {
			for _, d := range g.Documents {
				if err := put("Hồ sơ", next("Hồ sơ"), p.Code, g.Title, d.Name, d.Quantity, d.Template); err != nil {
					return err
				}
			}
		}
		for _, l := range p.LegalBasis {
			if err := put("Căn cứ pháp lý", next("Căn cứ pháp lý"), p.Code, l.Name, l.Number); err != nil {
				return err
			}
		}
		for _, r := range p.Results {
			if err := put("Kết quả", next("Kết quả"), p.Code, r.Name, r.Code); err != nil {
				return err
			}
		}
	}
	return f.Write(w)
}

// RowError is a problem with one row of an imported workbook, in Vietnamese.
type RowError struct {
	Sheet   string
	Row     int
	Message string
}

func (e RowError) String() string {
	return fmt.Sprintf("Trang “%s”, dòng %d: %s", e.Sheet, e.Row, e.Message)
}

// sheetRows reads a sheet's rows as maps from column key to value, finding
// columns by their titles so that reordered columns still read.
func sheetRows(f *excelize.File, sheet string, cols []xlsxCol, required ...string) ([]map[string]string, []RowError, bool) {
	if idx, _ := f.GetSheetIndex(sheet); idx < 0 {
		return nil, nil, false
	}
	rows, err := f.GetRows(sheet)
	if err != nil || len(rows) == 0 {
		return nil, []RowError{{sheet, 1, "Không đọc được dòng tiêu đề."}}, true
	}
	at := map[string]int{}
	for i, title := range rows[0] {
		for _, c := range cols {
			if strings.TrimSpace(title) == c.title {
				at[c.key] = i
			}
		}
	}
	var errs []RowError
	for _, need := range required {
		if _, ok := at[need]; !ok {
			for _, c := range cols {
				if c.key == need {
					errs = append(errs, RowError{sheet, 1, "Thiếu cột “" + c.title + "”."})
				}
			}
		}
	}
	if len(errs) > 0 {
		return nil, errs, true
	}
	var out []map[string]string
	for _, row := range rows[1:] {
		m := map[string]string{}
		for k, i := range at {
			if i < len(row) {
				m[k] = clean(row[i])
			}
		}
		out = append(out, m) // empty rows are kept so row numbers stay right
	}
	return out, nil, true
}

// ReadXLSX reads procedures from the exchange format. Every row is checked;
// when any row is wrong, no procedure is returned and every error is. A
// workbook that cannot be opened is a check.Errors on "file", saying why.
func ReadXLSX(data []byte) ([]*Procedure, []RowError, error) {
	f, problem := media.OpenWorkbook(data)
	if problem != "" {
		return nil, nil, check.Errors{"file": problem}
	}
	defer f.Close()
	main, errs, ok := sheetRows(f, xlsxSheet, mainCols, "code", "name")
	if !ok {
		return nil, []RowError{{xlsxSheet, 1, "Không có trang “" + xlsxSheet + "”."}}, nil
	}
	if len(errs) > 0 {
		return nil, errs, nil
	}
	var out []*Procedure
	byCode := map[string]*Procedure{}
	rowOf := map[string]int{}
	for i, m := range main {
		row := i + 2
		if strings.Join(mapValues(m), "") == "" {
			continue
		}
		code := m["code"]
		if !codeRe.MatchString(code) {
			errs = append(errs, RowError{xlsxSheet, row, "Mã thủ tục “" + code + "” không đúng dạng 1.001193."})
			continue
		}
		if prev, dup := rowOf[code]; dup {
			errs = append(errs, RowError{xlsxSheet, row, fmt.Sprintf("Mã thủ tục %s đã có ở dòng %d.", code, prev)})
			continue
		}
		rowOf[code] = row
		p := &Procedure{Code: code, Name: m["name"], Field: m["field"], Subjects: m["subjects"], AgencyExecuting: m["agency_executing"],
			AgencyCompetent: m["agency_competent"], Address: m["address"], Conditions: m["conditions"], Decision: m["decision"],
			OnlineLevel: m["online_level"], PortalURL: m["portal_url"], Keywords: m["keywords"], ShortName: m["short_name"]}
		if v := m["popularity"]; v != "" {
			n, err := strconv.Atoi(v)
			if err != nil {
				errs = append(errs, RowError{xlsxSheet, row, "Phổ biến là số từ 0 đến 100."})
				continue
			}
			p.Popularity = n
		}
		byCode[code] = p
		out = append(out, p)
	}
	for _, t := range tableSheets {
		rows, serrs, ok := sheetRows(f, t.sheet, t.cols, "code")
		errs = append(errs, serrs...)
		if !ok {
			continue // a workbook may leave a table out
		}
		for i, m := range rows {
			row := i + 2
			if strings.Join(mapValues(m), "") == "" {
				continue
			}
			p := byCode[m["code"]]
			if p == nil {
				errs = append(errs, RowError{t.sheet, row, "Mã thủ tục “" + m["code"] + "” không có trên trang “" + xlsxSheet + "”."})
				continue
			}
			switch t.sheet {
			case "Trình tự":
				p.Steps = append(p.Steps, m["step"])
			case "Cách thức":
				switch m["method"] {
				case MethodInPerson, MethodOnline, MethodPost:
				default:
					errs = append(errs, RowError{t.sheet, row, fmt.Sprintf("Cách nộp phải là “%s”, “%s” hoặc “%s”.", MethodInPerson, MethodOnline, MethodPost)})
					continue
				}
				p.Channels = append(p.Channels, Channel{Method: m["method"], Time: m["time"], TimeUnknown: bareNumber.MatchString(m["time"]),
					Fee: m["fee"], Free: strings.EqualFold(m["fee"], "Miễn phí"), Description: m["description"]})
			case "Hồ sơ":
				if m["name"] == "" {
					errs = append(errs, RowError{t.sheet, row, "Thiếu tên giấy tờ."})
					continue
				}
				if n := len(p.Documents); n == 0 || p.Documents[n-1].Title != m["group"] {
					p.Documents = append(p.Documents, DocGroup{Title: m["group"]})
				}
				g := &p.Documents[len(p.Documents)-1]
				g.Documents = append(g.Documents, Document{Name: m["name"], Quantity: m["quantity"], Template: m["template"]})
			case "Căn cứ pháp lý":
				p.LegalBasis = append(p.LegalBasis, Legal{Name: m["name"], Number: m["number"]})
			case "Kết quả":
				p.Results = append(p.Results, Result{Name: m["name"], Code: m["result_code"]})
			}
		}
	}
	for _, p := range out {
		e := (&Edit{P: p, EffectiveOn: "01/01/2000", Decision: "x", ChangeSummary: "x"}).validate(nil)
		for _, c := range mainCols {
			if msg, bad := e[c.key]; bad {
				errs = append(errs, RowError{xlsxSheet, rowOf[p.Code], c.title + ": " + msg})
			}
		}
		if msg, bad := e["steps"]; bad {
			errs = append(errs, RowError{"Trình tự", 1, "Thủ tục " + p.Code + ": " + msg})
		}
	}
	if len(errs) > 0 {
		return nil, errs, nil
	}
	return out, nil, nil
}

func mapValues(m map[string]string) []string {
	var out []string
	for _, v := range m {
		out = append(out, v)
	}
	return out
}
