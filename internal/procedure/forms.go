package procedure

import (
	"archive/zip"
	"bytes"
	"context"
	"database/sql"
	"errors"

	"github.com/cchc-vn/cchc/internal/audit"
	"github.com/cchc-vn/cchc/internal/check"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/filestore"
	"github.com/cchc-vn/cchc/internal/media"
	"github.com/cchc-vn/cchc/internal/vn"
)

// MaxFormSize bounds a form file.
const MaxFormSize = 5 << 20

// maxFormUnpacked bounds what an Office or OpenDocument form may unpack to:
// a real form is a few megabytes.
const maxFormUnpacked = 64 << 20

// Form is a downloadable form file of a procedure.
type Form struct {
	ID          int64
	Code        string
	Name        string
	Key         string
	ContentType string
	Ext         string
	Size        int64
}

// SniffForm identifies a form file by its content, not its name: PDF, the
// Office Open XML and OpenDocument formats (zip files with known members),
// and legacy Word/Excel files. It returns the type and extension, or "".
func SniffForm(b []byte) (contentType, ext string) {
	switch {
	case media.IsPDF(b):
		return "application/pdf", "pdf"
	case bytes.HasPrefix(b, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}):
		return "application/msword", "doc" // OLE compound file: .doc (or .xls)
	case bytes.HasPrefix(b, []byte("PK\x03\x04")):
		z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			return "", ""
		}
		for _, f := range z.File {
			switch f.Name {
			case "word/document.xml":
				return "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"
			case "xl/workbook.xml":
				return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"
			case "mimetype":
				rc, err := f.Open()
				if err != nil {
					return "", ""
				}
				var m bytes.Buffer
				m.ReadFrom(rc)
				rc.Close()
				switch m.String() {
				case "application/vnd.oasis.opendocument.text":
					return m.String(), "odt"
				case "application/vnd.oasis.opendocument.spreadsheet":
					return m.String(), "ods"
				}
			}
		}
	}
	return "", ""
}

// AddForm checks a file, stores it and attaches it to the procedure. The file
// is stored before the transaction and removed again if the record cannot be.
func AddForm(ctx context.Context, conn db.Conn, files filestore.Store, actor audit.Actor, wardID int64, code, name string, data []byte) (*Form, error) {
	name = vn.Clean(name)
	errs := check.Errors{}
	errs.Text("form_name", name, true, 300, "Tên mẫu")
	ct, ext := SniffForm(data)
	switch {
	case len(data) == 0:
		errs["form_file"] = "Vui lòng chọn tệp mẫu."
	case len(data) > MaxFormSize:
		errs["form_file"] = "Tệp quá lớn (tối đa 5 MB)."
	case ct == "":
		errs["form_file"] = "Tệp phải là PDF, Word (DOC, DOCX), Excel (XLSX) hoặc OpenDocument (ODT, ODS)."
	case bytes.HasPrefix(data, []byte("PK")) && media.CheckArchive(data, maxFormUnpacked, maxFormUnpacked, 2000) != nil:
		// Residents' Word or Excel would choke on what a small file unpacks to.
		errs["form_file"] = "Tệp hỏng hoặc quá lớn khi giải nén (tối đa 64 MB). Vui lòng mở tệp, lưu lại rồi gửi."
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	if _, _, err := Get(ctx, conn, wardID, code); err != nil {
		return nil, err
	}
	staged, err := media.Stage(ctx, files, wardID, "forms", media.Upload{Data: data, ContentType: ct, Ext: ext})
	if err != nil {
		return nil, err
	}
	f := &Form{Code: code, Name: name, Key: staged.Keys[0], ContentType: ct, Ext: ext, Size: int64(len(data))}
	err = conn.InTx(ctx, func(tx *db.Tx) error {
		if err := tx.QueryRow(ctx, `insert into procedure_forms (ward_id, code, name, file_key, content_type, size, uploaded_by, uploaded_at)
			values (?, ?, ?, ?, ?, ?, ?, ?) returning id`, wardID, code, name, f.Key, ct, f.Size, nullID(actor.UserID), db.Now()).Scan(&f.ID); err != nil {
			return err
		}
		if err := touch(ctx, tx, wardID, code); err != nil {
			return err
		}
		return audit.Record(ctx, tx, actor, "procedure.form_add", "procedure_form", f.ID, "Thêm mẫu “"+name+"” cho thủ tục "+code, nil,
			map[string]any{"code": code, "name": name, "type": ct, "size": f.Size})
	})
	if err != nil {
		staged.Discard(ctx)
		return nil, err
	}
	return f, nil
}

// DeleteForm detaches a form; its file is removed once the record is.
func DeleteForm(ctx context.Context, conn db.Conn, files filestore.Store, actor audit.Actor, wardID, id int64) (*Form, error) {
	var f *Form
	err := conn.InTx(ctx, func(tx *db.Tx) error {
		var err error
		if f, err = FormByID(ctx, tx, wardID, id); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `delete from procedure_forms where id = ?`, f.ID); err != nil {
			return err
		}
		if err := touch(ctx, tx, wardID, f.Code); err != nil {
			return err
		}
		return audit.Record(ctx, tx, actor, "procedure.form_delete", "procedure_form", f.ID, "Gỡ mẫu “"+f.Name+"” khỏi thủ tục "+f.Code,
			map[string]any{"code": f.Code, "name": f.Name}, nil)
	})
	if err != nil {
		return nil, err
	}
	filestore.Remove(ctx, files, f.Key)
	return f, nil
}

// touch marks the procedure changed, so caches of its page are refreshed.
func touch(ctx context.Context, q db.Querier, wardID int64, code string) error {
	_, err := q.Exec(ctx, `update procedures set updated_at = ? where ward_id = ? and code = ?`, db.Now(), wardID, code)
	return err
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

const formCols = `id, code, name, file_key, content_type, size`

func scanForm(row interface{ Scan(...any) error }) (*Form, error) {
	var f Form
	if err := row.Scan(&f.ID, &f.Code, &f.Name, &f.Key, &f.ContentType, &f.Size); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, db.ErrNotFound
		}
		return nil, err
	}
	if i := bytes.LastIndexByte([]byte(f.Key), '.'); i >= 0 {
		f.Ext = f.Key[i+1:]
	}
	return &f, nil
}

// FormByID returns a form of the ward.
func FormByID(ctx context.Context, q db.Querier, wardID, id int64) (*Form, error) {
	return scanForm(q.QueryRow(ctx, `select `+formCols+` from procedure_forms where ward_id = ? and id = ?`, wardID, id))
}

// Forms lists a procedure's forms in upload order.
func Forms(ctx context.Context, q db.Querier, wardID int64, code string) ([]*Form, error) {
	rows, err := q.Query(ctx, `select `+formCols+` from procedure_forms where ward_id = ? and code = ? order by id`, wardID, code)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Form
	for rows.Next() {
		f, err := scanForm(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}
