package poster

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/cchc-vn/cchc/internal/account"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/notice"
	"github.com/cchc-vn/cchc/internal/vn"
)

// Robots and link previews that open a QR code's address without anyone
// reading the poster: crawlers, chat apps fetching a preview, scripts.
var robots = []string{"bot", "crawl", "spider", "slurp", "preview", "facebookexternalhit", "facebookcatalog", "whatsapp", "telegram",
	"skype", "discord", "curl", "wget", "python", "go-http-client", "java/", "okhttp", "headless", "lighthouse", "pingdom", "uptime",
	"monitor", "scan", "http-client", "libwww", "axios", "node-fetch"}

// Reader reports whether a request for a short address is a person's scan:
// a GET from a browser that names itself, not a robot, a link preview or
// the browser fetching it in advance (purpose: the Purpose or Sec-Purpose
// header).
func Reader(method, userAgent, purpose string) bool {
	if method != "GET" || strings.Contains(strings.ToLower(purpose), "prefetch") || strings.Contains(strings.ToLower(purpose), "prerender") {
		return false
	}
	ua := strings.ToLower(userAgent)
	if !strings.HasPrefix(ua, "mozilla/") {
		return false
	}
	return !slices.ContainsFunc(robots, func(r string) bool { return strings.Contains(ua, r) })
}

// CountScan counts one reader's scan of an item on the day of now.
func CountScan(ctx context.Context, q db.Querier, it *Item, now time.Time) error {
	_, err := q.Exec(ctx, `insert into poster_scans (poster_id, day, scans) values (?, ?, 1)
		on conflict (poster_id, day) do update set scans = poster_scans.scans + 1`, it.ID, now.In(vn.Zone).Format(time.DateOnly))
	return err
}

// Read is one item's scans over a range.
type Read struct {
	Item  *Item
	Scans int
}

// Place is the scans of items at one kind of place in one khu phố.
type Place struct {
	KhuPho    string // "" when not in a khu phố
	PlaceKind string
	Items     int
	Scans     int
}

// Name is the place in words: "Chợ, trung tâm thương mại – Khu phố 5".
func (p Place) Name() string {
	if p.KhuPho == "" {
		return PlaceKindName(p.PlaceKind)
	}
	return PlaceKindName(p.PlaceKind) + " – " + p.KhuPho
}

// Readers is who read the ward's items over a range: the figure the
// dashboard and the items' pages show.
type Readers struct {
	Total  int
	Items  []Read  // items scanned, most first
	Places []Place // places with items scanned, most first
	Days   map[string]int
}

// Readership counts the scans of a ward's items on the days from–to
// (YYYY-MM-DD), by item, by place and by day.
func Readership(ctx context.Context, q db.Querier, wardID int64, from, to string) (*Readers, error) {
	rows, err := q.Query(ctx, `select s.poster_id, s.day, s.scans from poster_scans s join posters p on p.id = s.poster_id
		where p.ward_id = ? and s.day >= ? and s.day <= ?`, wardID, from, to)
	if err != nil {
		return nil, err
	}
	byItem := map[int64]int{}
	r := &Readers{Days: map[string]int{}}
	for rows.Next() {
		var id int64
		var day string
		var n int
		if err := rows.Scan(&id, &day, &n); err != nil {
			rows.Close()
			return nil, err
		}
		byItem[id] += n
		r.Days[day] += n
		r.Total += n
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(byItem) == 0 {
		return r, err
	}
	its, err := list(ctx, q, "p.ward_id = ? order by p.id", wardID)
	if err != nil {
		return nil, err
	}
	places := map[[2]string]*Place{}
	for _, it := range its {
		n := byItem[it.ID]
		if n == 0 {
			continue
		}
		r.Items = append(r.Items, Read{Item: it, Scans: n})
		key := [2]string{it.KhuPhoName, it.PlaceKind}
		if places[key] == nil {
			places[key] = &Place{KhuPho: it.KhuPhoName, PlaceKind: it.PlaceKind}
		}
		places[key].Items++
		places[key].Scans += n
	}
	slices.SortStableFunc(r.Items, func(a, b Read) int { return b.Scans - a.Scans })
	for _, p := range places {
		r.Places = append(r.Places, *p)
	}
	slices.SortFunc(r.Places, func(a, b Place) int {
		if a.Scans != b.Scans {
			return b.Scans - a.Scans
		}
		return strings.Compare(a.Name(), b.Name())
	})
	return r, nil
}

// Remind tells each responsible unit's officials, once per item and
// take-down day, of the items standing within DueDays of their take-down
// day or past it. It returns how many notices it wrote.
func Remind(ctx context.Context, conn *db.DB, now time.Time) (int, error) {
	day := now.In(vn.Zone).Format(time.DateOnly)
	rows, err := conn.Query(ctx, `select id, ward_id from posters where status = 'up' and take_down_on <= ? and unit_id is not null order by id`, addDays(day, DueDays))
	if err != nil {
		return 0, err
	}
	type ref struct{ id, ward int64 }
	var due []ref
	for rows.Next() {
		var r ref
		if err := rows.Scan(&r.id, &r.ward); err != nil {
			rows.Close()
			return 0, err
		}
		due = append(due, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	written := 0
	for _, r := range due {
		it, err := Get(ctx, conn, r.ward, r.id)
		if err != nil {
			return written, err
		}
		users, err := account.UnitMembers(ctx, conn, r.ward, it.UnitID)
		if err != nil || len(users) == 0 {
			if err != nil {
				return written, err
			}
			continue
		}
		subject, key := "Đến hạn tháo, thay "+strings.ToLower(KindName(it.Kind))+" ngày "+vn.ISODate(it.TakeDownOn), "poster-due:"+itoa(it.ID)+":"+it.TakeDownOn
		if it.TakeDownOn < day { // a second notice once it is late
			subject, key = "Quá hạn tháo, thay "+strings.ToLower(KindName(it.Kind))+" từ ngày "+vn.ISODate(it.TakeDownOn), key+":late"
		}
		n, err := notice.Add(ctx, conn, r.ward, users, notice.New{Kind: notice.KindPosterDue, Subject: subject,
			Body: "“" + vn.Excerpt(it.Message, 120) + "” tại " + it.Place() + ". Vui lòng tháo hoặc thay mới, rồi ghi nhận trên phần mềm.",
			Link: "/quan-ly/pano/" + itoa(it.ID), Dedupe: key})
		written += n
		if err != nil {
			return written, err
		}
	}
	return written, nil
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
