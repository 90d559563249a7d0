package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/procedure"
	"github.com/cchc-vn/cchc/internal/ward"
)

// indexCache keeps one search index per ward in this process. Before use, an
// index older than a few seconds is checked against the catalogue's version
// in the database, so an edit made through another process shows up quickly.
type indexCache struct {
	mu      sync.Mutex
	entries map[int64]*indexEntry
	changes map[int64]uint64 // as pageCache.changes
}

type indexEntry struct {
	ix      *procedure.Index
	version string
	checked time.Time
}

const indexRecheck = 5 * time.Second

func (s *Server) index(ctx context.Context, wardID int64) (*procedure.Index, error) {
	s.indexes.mu.Lock()
	e, seen := s.indexes.entries[wardID], s.indexes.changes[wardID]
	s.indexes.mu.Unlock()
	if e != nil && time.Since(e.checked) < indexRecheck {
		return e.ix, nil
	}
	v, err := procedure.CatalogueVersion(ctx, s.DB, wardID)
	if err != nil {
		return nil, err
	}
	if e != nil && e.version == v {
		s.indexes.mu.Lock()
		e.checked = time.Now()
		s.indexes.mu.Unlock()
		return e.ix, nil
	}
	ps, err := procedure.All(ctx, s.DB, wardID)
	if err != nil {
		return nil, err
	}
	syn, err := procedure.Synonyms(ctx, s.DB, wardID)
	if err != nil {
		return nil, err
	}
	ne := &indexEntry{ix: procedure.NewIndex(ps, syn...), version: v, checked: time.Now()}
	s.indexes.mu.Lock()
	if s.indexes.changes[wardID] == seen { // a change made meanwhile wins: the next request rebuilds
		s.indexes.entries[wardID] = ne
	}
	s.indexes.mu.Unlock()
	return ne.ix, nil
}

type procedureSearchData struct {
	Query     string
	Hits      []procedure.Hit // the ward's own, best first
	Others    []procedure.Hit // those other agencies perform, best first
	Total     int
	Shelves   []procedure.Shelf
	Elsewhere int // how many procedures other agencies perform
	Events    []*procedure.LifeEvent
}

// The catalogue residents browse is the ward's: what its one-stop centre
// and police receive, by the groups residents know. What other agencies in
// the area perform stays one link away and in search, set apart.
func (s *Server) procedureSearch(c *request) error {
	ctx := c.r.Context()
	q := strings.TrimSpace(c.r.URL.Query().Get("q"))
	d := procedureSearchData{Query: q}
	ix, err := s.index(ctx, c.ward.ID)
	if err != nil {
		return err
	}
	if q != "" {
		var hits []procedure.Hit
		hits, d.Total = ix.Search(q, 20)
		for _, h := range hits {
			if h.Elsewhere() {
				d.Others = append(d.Others, h)
			} else {
				d.Hits = append(d.Hits, h)
			}
		}
	}
	d.Shelves = ix.Shelves()
	for _, sh := range ix.Elsewhere() {
		d.Elsewhere += sh.Count
	}
	if d.Events, err = procedure.LifeEvents(ctx, s.DB, c.ward.ID); err != nil {
		return err
	}
	title := "Thủ tục hành chính"
	if q != "" {
		title = "Tìm thủ tục: " + q
	}
	return c.render("procedures", title, d)
}

type shelfData struct {
	Shelf     procedure.Shelf
	Elsewhere bool // the shelf lists other agencies' procedures
	Intro     string
}

// procedureField shows one group of the ward's catalogue; an old link to a
// national field (/linh-vuc/ho-tich, /linh-vuc/thue) still finds its list.
func (s *Server) procedureField(c *request) error {
	ix, err := s.index(c.r.Context(), c.ward.ID)
	if err != nil {
		return err
	}
	sh, elsewhere, ok := ix.Shelf(c.r.PathValue("slug"))
	if !ok {
		return db.ErrNotFound
	}
	return c.render("procedure_list", sh.Name, shelfData{Shelf: sh, Elsewhere: elsewhere})
}

// elsewhere lists what other agencies perform in the area, by field.
func (s *Server) procedureElsewhere(c *request) error {
	ix, err := s.index(c.r.Context(), c.ward.ID)
	if err != nil {
		return err
	}
	sh := procedure.Shelf{Name: "Thủ tục do cơ quan khác thực hiện"}
	for _, o := range ix.Elsewhere() {
		sh.Count += o.Count
		sh.Fields = append(sh.Fields, o.Fields...)
	}
	return c.render("procedure_list", sh.Name, shelfData{Shelf: sh, Elsewhere: true,
		Intro: "Các thủ tục này do cơ quan thuế, hải quan, kho bạc, bảo hiểm xã hội… thực hiện; hồ sơ không nộp tại Ủy ban nhân dân phường. Mỗi trang thủ tục ghi nơi nộp."})
}

func (s *Server) lifeEvent(c *request) error {
	ctx := c.r.Context()
	es, err := procedure.LifeEvents(ctx, s.DB, c.ward.ID)
	if err != nil {
		return err
	}
	ix, err := s.index(ctx, c.ward.ID)
	if err != nil {
		return err
	}
	for _, e := range es {
		if e.Slug == c.r.PathValue("slug") {
			f := procedure.FieldShelf{}
			for _, p := range e.Procedures {
				if h, ok := ix.Lookup(p.Code); ok {
					f.Hits = append(f.Hits, h)
				}
			}
			return c.render("procedure_list", e.Name, shelfData{Shelf: procedure.Shelf{Name: e.Name, Count: len(f.Hits), Fields: []procedure.FieldShelf{f}}, Intro: e.Summary})
		}
	}
	return db.ErrNotFound
}

type procedureData struct {
	P         *procedure.Procedure
	Title     string // as lists show it; P.Name is the official name
	Facts     procedure.Facts
	Checklist procedure.Checklist
	Desk      procedure.Desk
	Office    string // where to submit, when the ward or its police receive it
	Case      int    // the group of papers shown open: the first situation, or the one asked for in print
	Updated   string
	Print     bool
	Editor    bool
	History   []*procedure.Version
	Forms     []*procedure.Form
}

// AtWard and AtPolice let the template tell the desks apart.
func (d *procedureData) AtWard() bool   { return d.Desk == procedure.DeskWard }
func (d *procedureData) AtPolice() bool { return d.Desk == procedure.DeskPolice }

func (s *Server) loadProcedure(c *request) (*procedureData, error) {
	p, updated, err := procedure.Get(c.r.Context(), s.DB, c.ward.ID, c.r.PathValue("code"))
	if err != nil {
		return nil, err
	}
	editor := c.user != nil && procedure.CanEdit(c.user)
	hist, err := procedure.History(c.r.Context(), s.DB, c.ward.ID, p.Code)
	if err != nil {
		return nil, err
	}
	if len(hist) > 0 {
		updated = db.FormatTime(hist[0].PublishedAt) // "Cập nhật ngày" is the last publication
	}
	forms, err := procedure.Forms(c.r.Context(), s.DB, c.ward.ID, p.Code)
	if err != nil {
		return nil, err
	}
	d := &procedureData{P: p, Title: p.Title(), Facts: p.Facts(), Checklist: p.Checklist(), Desk: p.Desk(), Updated: updated, Editor: editor, History: hist, Forms: forms, Case: -1}
	if ix, err := s.index(c.r.Context(), c.ward.ID); err != nil {
		return nil, err
	} else if h, ok := ix.Lookup(p.Code); ok {
		d.Title = h.Title // as the lists show it
	}
	for i, g := range d.Checklist.Groups {
		if g.Title != "" {
			d.Case = i
			break
		}
	}
	switch d.Desk {
	case procedure.DeskWard:
		d.Office, err = ward.Office(c.r.Context(), s.DB, c.ward, ward.KindCentre)
	case procedure.DeskPolice:
		d.Office, err = ward.Office(c.r.Context(), s.DB, c.ward, ward.KindPolice)
	}
	return d, err
}

func (s *Server) procedurePage(c *request) error {
	d, err := s.loadProcedure(c)
	if err != nil {
		return err
	}
	return c.render("procedure", d.P.Name, d)
}

func (s *Server) procedurePrint(c *request) error {
	d, err := s.loadProcedure(c)
	if err != nil {
		return err
	}
	d.Print = true
	if n, err := strconv.Atoi(c.r.URL.Query().Get("truong-hop")); err == nil && n >= 0 && n < len(d.Checklist.Groups) {
		d.Case = n
	}
	return c.render("procedure", d.P.Name, d)
}

// GET /api/v1/procedures?q=…&limit=N
func (s *Server) apiProcedures(c *request) error {
	q := c.r.URL.Query()
	limit, _ := strconv.Atoi(q.Get("limit"))
	if limit <= 0 || limit > 50 {
		limit = 10
	}
	ix, err := s.index(c.r.Context(), c.ward.ID)
	if err != nil {
		return err
	}
	hits, total := ix.Search(q.Get("q"), limit)
	h := c.w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Access-Control-Allow-Origin", "*")
	h.Set("Cache-Control", "public, max-age=60")
	_, err = c.w.Write(ix.AppendJSON(make([]byte, 0, 2048), hits, total))
	return err
}

// GET /api/v1/procedures/{code}: the whole record.
func (s *Server) apiProcedure(c *request) error {
	p, _, err := procedure.Get(c.r.Context(), s.DB, c.ward.ID, c.r.PathValue("code"))
	if err == db.ErrNotFound {
		return c.json(http.StatusNotFound, apiError{"not_found", "Không tìm thấy thủ tục."})
	}
	if err != nil {
		return err
	}
	return c.json(http.StatusOK, p)
}
