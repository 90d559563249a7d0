package contest

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/cchc-vn/cchc/internal/account"
	"github.com/cchc-vn/cchc/internal/audit"
	"github.com/cchc-vn/cchc/internal/check"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/media"
	"github.com/cchc-vn/cchc/internal/vn"
)

// The bank's spreadsheet: one question per row; the same file is the
// export, the import template and, filled in, an import.
const (
	bankSheet  = "Câu hỏi"
	themeSheet = "Nội dung"
	// MaxBankRows bounds one file.
	MaxBankRows = 3000
)

var bankCols = []struct {
	title string
	width float64
}{
	{"Mã câu hỏi (để trống: câu mới)", 14},
	{"Câu hỏi *", 50},
	{"Phương án A *", 28}, {"Phương án B *", 28}, {"Phương án C", 28}, {"Phương án D", 28}, {"Phương án E", 20}, {"Phương án F", 20},
	{"Đáp án đúng * (ví dụ: B hoặc A, C)", 14},
	{"Giải thích đáp án *", 40},
	{"Căn cứ pháp lý *", 30},
	{"Nội dung (số thứ tự) *", 12},
	{"Mức độ * (Dễ, Trung bình, Khó)", 14},
	{"Từ khóa", 20},
	{"Ngừng sử dụng (x)", 10},
}

// WriteBank writes the ward's questions (none: the empty template) with the
// plan's themes on a second sheet.
func WriteBank(w io.Writer, questions []*Question, themes []ThemeName) error {
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetName("Sheet1", bankSheet)
	head, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"F1E4E3"}}})
	wrap, _ := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}, NumFmt: 49})
	for i, c := range bankCols {
		cell, _ := excelize.CoordinatesToCellName(i+1, 1)
		f.SetCellStr(bankSheet, cell, c.title)
		col, _ := excelize.ColumnNumberToName(i + 1)
		f.SetColWidth(bankSheet, col, col, c.width)
	}
	last, _ := excelize.ColumnNumberToName(len(bankCols))
	f.SetCellStyle(bankSheet, "A1", last+"1", head)
	f.SetCellStyle(bankSheet, "A2", last+strconv.Itoa(max(len(questions)+1, 200)), wrap)
	f.SetPanes(bankSheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
	for i, q := range questions {
		row := []any{q.Code, q.Body}
		for k := range MaxOptions {
			if k < len(q.Options) {
				row = append(row, q.Options[k])
			} else {
				row = append(row, "")
			}
		}
		retired := ""
		if q.Retired {
			retired = "x"
		}
		row = append(row, q.CorrectLetters(), q.Explanation, q.Source, q.Theme, DifficultyName(q.Difficulty), strings.Join(q.Tags, ", "), retired)
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		f.SetSheetRow(bankSheet, cell, &row)
	}
	f.NewSheet(themeSheet)
	f.SetCellStr(themeSheet, "A1", "Số thứ tự")
	f.SetCellStr(themeSheet, "B1", "Nội dung tuyên truyền của kế hoạch")
	f.SetColWidth(themeSheet, "B", "B", 80)
	for i, t := range themes {
		f.SetCellStr(themeSheet, fmt.Sprintf("A%d", i+2), t.Code)
		f.SetCellStr(themeSheet, fmt.Sprintf("B%d", i+2), t.Title)
	}
	dv := excelize.NewDataValidation(true)
	dv.Sqref = "M2:M" + strconv.Itoa(MaxBankRows+1)
	dv.SetDropList([]string{"Dễ", "Trung bình", "Khó"})
	f.AddDataValidation(bankSheet, dv)
	return f.Write(w)
}

// ThemeName is a theme of the plan as the bank names it.
type ThemeName struct{ Code, Title string }

// ImportResult is what an import did.
type ImportResult struct{ Added, Revised, Unchanged int }

// ImportBank reads a filled spreadsheet and, only when every row is valid,
// writes all of it in one transaction: rows without a code are new
// questions, rows with a code of the bank are new revisions of it (the
// rounds already approved keep theirs), unchanged rows are left alone.
func ImportBank(ctx context.Context, conn db.Conn, u *account.User, actor audit.Actor, data []byte, themes map[string]string, now time.Time) (ImportResult, error) {
	var res ImportResult
	if !CanManage(u) {
		return res, ErrForbidden
	}
	f, problem := media.OpenWorkbook(data)
	if problem != "" {
		return res, check.Errors{"file": problem}
	}
	defer f.Close()
	rows, err := f.GetRows(bankSheet, excelize.Options{RawCellValue: true})
	if err != nil {
		return res, check.Errors{"file": "Tệp không có trang \"" + bankSheet + "\" của mẫu ngân hàng câu hỏi."}
	}
	if len(rows) > MaxBankRows+1 {
		return res, check.Errors{"file": "Tệp có quá " + vn.Number(MaxBankRows) + " câu hỏi; vui lòng chia thành nhiều tệp."}
	}
	type row struct {
		line int
		in   QuestionInput
		rev  *Revision
	}
	var good []row
	var errs check.RowErrors
	codes := map[string]int{}
	bodies := map[string]int{}
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
		for c := range bankCols {
			blank = blank && cell(c) == ""
		}
		if blank {
			continue
		}
		in := QuestionInput{Code: cell(0), Body: cell(1), Explanation: cell(9), Source: cell(10), Theme: strings.TrimSuffix(cell(11), "."),
			Tags: cell(13), Retired: cell(14) != ""}
		for k := range MaxOptions {
			in.Options = append(in.Options, cell(2+k))
		}
		var msgs []string
		for _, l := range strings.FieldsFunc(strings.ToUpper(cell(8)), func(r rune) bool { return r == ',' || r == ';' || r == ' ' }) {
			if len(l) != 1 || l[0] < 'A' || l[0] >= 'A'+MaxOptions {
				msgs = append(msgs, "Đáp án đúng \""+l+"\" không phải một chữ từ A đến F.")
				continue
			}
			k := int(l[0] - 'A')
			if cell(2+k) == "" {
				msgs = append(msgs, "Đáp án đúng "+l+" là phương án để trống.")
			}
			in.Correct = append(in.Correct, k)
		}
		switch vn.Fold(cell(12)) {
		case "de", "1":
			in.Difficulty = Easy
		case "trung binh", "2":
			in.Difficulty = Medium
		case "kho", "3":
			in.Difficulty = Hard
		}
		e, rev := in.validate(themes)
		for _, k := range []string{"code", "body", "options", "correct", "explanation", "source", "theme", "difficulty", "tags"} {
			if m := e[k]; m != "" {
				msgs = append(msgs, m)
			}
		}
		if in.Code != "" {
			if first, ok := codes[in.Code]; ok {
				msgs = append(msgs, fmt.Sprintf("Mã %s trùng với dòng %d.", in.Code, first))
			} else {
				codes[in.Code] = i + 1
			}
		}
		if key := nameKey(in.Body); key != "" {
			if first, ok := bodies[key]; ok {
				msgs = append(msgs, fmt.Sprintf("Câu hỏi trùng với dòng %d.", first))
			} else {
				bodies[key] = i + 1
			}
		}
		if msgs != nil {
			errs = append(errs, check.RowError{Row: i + 1, Messages: msgs})
			continue
		}
		good = append(good, row{i + 1, in, rev})
	}
	if len(good) == 0 && errs == nil {
		return res, check.Errors{"file": "Tệp không có câu hỏi nào."}
	}
	if errs != nil {
		return res, errs
	}
	err = conn.InTx(ctx, func(tx *db.Tx) error {
		res = ImportResult{}
		for _, g := range good {
			var id int64
			if g.in.Code != "" {
				q, err := QuestionByCode(ctx, tx, u.WardID, g.in.Code)
				switch {
				case err == nil:
					id = q.ID
					if same(&q.Revision, g.rev) && q.Retired == g.in.Retired {
						res.Unchanged++
						continue
					}
				case err != db.ErrNotFound:
					return err
				}
			}
			if _, err := saveQuestion(ctx, tx, u, actor, id, g.in, g.rev, now); err != nil {
				if ce, ok := err.(check.Errors); ok {
					for _, m := range ce {
						errs = append(errs, check.RowError{Row: g.line, Messages: []string{m}})
					}
					continue
				}
				return err
			}
			if id == 0 {
				res.Added++
			} else {
				res.Revised++
			}
		}
		if errs != nil {
			return errs
		}
		return audit.Record(ctx, tx, actor, "contest.import", "contest_question", 0,
			fmt.Sprintf("Nhập ngân hàng câu hỏi từ tệp: %d câu mới, %d câu sửa", res.Added, res.Revised), nil, nil)
	})
	return res, err
}
