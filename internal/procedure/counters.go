package procedure

import (
	"context"
	"fmt"
	"strings"

	"github.com/skip2/go-qrcode"

	"github.com/cchc-vn/cchc/internal/db"
)

// CountScan records one scan of a procedure's QR code.
func CountScan(ctx context.Context, q db.Querier, wardID int64, code string) error {
	return bump(ctx, q, wardID, code, "qr_scans")
}

// CountHelpful records one answer to "Was this page helpful?".
func CountHelpful(ctx context.Context, q db.Querier, wardID int64, code string, helpful bool) error {
	col := "not_helpful"
	if helpful {
		col = "helpful"
	}
	return bump(ctx, q, wardID, code, col)
}

func bump(ctx context.Context, q db.Querier, wardID int64, code, col string) error {
	// col is one of three constants above, never user input.
	_, err := q.Exec(ctx, `insert into procedure_counters (ward_id, code, `+col+`) values (?, ?, 1)
		on conflict (ward_id, code) do update set `+col+` = procedure_counters.`+col+` + 1`, wardID, code)
	return err
}

// Counter is a procedure's counts.
type Counter struct {
	Code, Name                 string
	Helpful, NotHelpful, Scans int
}

// Counters lists the ward's procedures that have any count, most scanned first.
func Counters(ctx context.Context, q db.Querier, wardID int64) ([]Counter, error) {
	rows, err := q.Query(ctx, `select c.code, coalesce(p.name, ''), c.helpful, c.not_helpful, c.qr_scans from procedure_counters c
		left join procedures p on p.ward_id = c.ward_id and p.code = c.code
		where c.ward_id = ? order by c.qr_scans desc, c.helpful + c.not_helpful desc, c.code`, wardID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Counter
	for rows.Next() {
		var c Counter
		if err := rows.Scan(&c.Code, &c.Name, &c.Helpful, &c.NotHelpful, &c.Scans); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// QRPNG encodes url as a PNG QR code of size pixels (medium error correction,
// enough for a poster that gets a little dirty).
func QRPNG(url string, size int) ([]byte, error) {
	return qrcode.Encode(url, qrcode.Medium, size)
}

// QRSVG encodes url as an SVG QR code: one path of unit squares, crisp at any size.
func QRSVG(url string) (string, error) {
	q, err := qrcode.New(url, qrcode.Medium)
	if err != nil {
		return "", err
	}
	bits := q.Bitmap() // includes the quiet zone
	n := len(bits)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" shape-rendering="crispEdges"><rect width="%d" height="%d" fill="#fff"/><path fill="#000" d="`, n, n, n, n)
	for y, row := range bits {
		for x, on := range row {
			if on {
				fmt.Fprintf(&b, "M%d %dh1v1h-1z", x, y)
			}
		}
	}
	b.WriteString(`"/></svg>`)
	return b.String(), nil
}
