package procedure

import (
	"context"
	"sort"

	"github.com/cchc-vn/cchc/internal/audit"
	"github.com/cchc-vn/cchc/internal/check"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/vn"
)

// Synonym is a ward's own search synonym: a phrase residents use and the
// words the catalogue uses for it.
type Synonym struct {
	ID          int64
	Phrase      string
	Replacement string
}

// Synonyms lists the ward's own synonyms.
func Synonyms(ctx context.Context, q db.Querier, wardID int64) ([]Synonym, error) {
	rows, err := q.Query(ctx, `select id, phrase, replacement from search_synonyms where ward_id = ? order by phrase`, wardID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Synonym
	for rows.Next() {
		var s Synonym
		if err := rows.Scan(&s.ID, &s.Phrase, &s.Replacement); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// AddSynonym validates and stores a synonym. The catalogue's version counts
// synonyms, so every process rebuilds its index.
func AddSynonym(ctx context.Context, conn db.Conn, actor audit.Actor, wardID int64, phrase, replacement string) error {
	return conn.InTx(ctx, func(tx *db.Tx) error { return addSynonym(ctx, tx, actor, wardID, phrase, replacement) })
}

func addSynonym(ctx context.Context, tx *db.Tx, actor audit.Actor, wardID int64, phrase, replacement string) error {
	phrase, replacement = vn.Clean(phrase), vn.Clean(replacement)
	errs := check.Errors{}
	errs.Text("phrase", phrase, true, 100, "Cách người dân gọi")
	errs.Text("replacement", replacement, true, 200, "Từ trong tên thủ tục")
	if errs["phrase"] == "" && len(Tokens(Fold(phrase))) == 0 {
		errs["phrase"] = "Cách người dân gọi phải có chữ hoặc số."
	}
	if errs["phrase"] == "" && len(Tokens(Fold(phrase))) > 5 {
		errs["phrase"] = "Tối đa 5 từ."
	}
	if errs["replacement"] == "" && len(Tokens(Fold(replacement))) == 0 {
		errs["replacement"] = "Từ trong tên thủ tục phải có chữ hoặc số."
	}
	if err := errs.Err(); err != nil {
		return err
	}
	var id int64
	err := tx.QueryRow(ctx, `insert into search_synonyms (ward_id, phrase, replacement, created_at) values (?, ?, ?, ?) returning id`,
		wardID, phrase, replacement, db.Now()).Scan(&id)
	if db.IsUniqueViolation(err) {
		return check.Errors{"phrase": "Cách gọi này đã có."}
	}
	if err != nil {
		return err
	}
	return audit.Record(ctx, tx, actor, "search.synonym_add", "search_synonym", id, "Thêm từ đồng nghĩa “"+phrase+"” → “"+replacement+"”", nil,
		map[string]string{"phrase": phrase, "replacement": replacement})
}

// DeleteSynonym removes a ward's synonym.
func DeleteSynonym(ctx context.Context, conn db.Conn, actor audit.Actor, wardID, id int64) error {
	return conn.InTx(ctx, func(tx *db.Tx) error { return deleteSynonym(ctx, tx, actor, wardID, id) })
}

func deleteSynonym(ctx context.Context, tx *db.Tx, actor audit.Actor, wardID, id int64) error {
	var phrase, replacement string
	if err := tx.QueryRow(ctx, `select phrase, replacement from search_synonyms where ward_id = ? and id = ?`, wardID, id).Scan(&phrase, &replacement); err != nil {
		return db.ErrNotFound
	}
	if _, err := tx.Exec(ctx, `delete from search_synonyms where id = ?`, id); err != nil {
		return err
	}
	return audit.Record(ctx, tx, actor, "search.synonym_delete", "search_synonym", id, "Xóa từ đồng nghĩa “"+phrase+"”",
		map[string]string{"phrase": phrase, "replacement": replacement}, nil)
}

// BuiltinSynonyms lists the project's maintained synonyms, for display.
func BuiltinSynonyms() []Synonym {
	var out []Synonym
	for k, v := range synonyms {
		if v != "" {
			out = append(out, Synonym{Phrase: k, Replacement: v})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Phrase < out[j].Phrase })
	return out
}
