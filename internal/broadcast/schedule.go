package broadcast

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/cchc-vn/cchc/internal/account"
	"github.com/cchc-vn/cchc/internal/activity"
	"github.com/cchc-vn/cchc/internal/audit"
	"github.com/cchc-vn/cchc/internal/check"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/vn"
	"github.com/cchc-vn/cchc/internal/ward"
)

// DefaultSlots are the usual broadcasting times when a ward has set none:
// early morning and late afternoon, when people are at home.
var DefaultSlots = []string{"06:00", "17:00"}

// dueAfter is how long after its time a slot counts as missed.
const dueAfter = 2 * time.Hour

// Slots reads the ward's usual slots and each khu phố's own.
func Slots(ctx context.Context, q db.Querier, wardID int64) ([]string, map[int64][]string, error) {
	rows, err := q.Query(ctx, `select unit_id, times from broadcast_slots where ward_id = ?`, wardID)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	usual, own := DefaultSlots, map[int64][]string{}
	for rows.Next() {
		var unit int64
		var times string
		if err := rows.Scan(&unit, &times); err != nil {
			return nil, nil, err
		}
		if unit == 0 {
			usual = strings.Split(times, ",")
		} else {
			own[unit] = strings.Split(times, ",")
		}
	}
	return usual, own, rows.Err()
}

// SlotsFor is khu phố unit's slots.
func SlotsFor(ctx context.Context, q db.Querier, wardID, unit int64) ([]string, error) {
	usual, own, err := Slots(ctx, q, wardID)
	if own[unit] != nil {
		return own[unit], err
	}
	return usual, err
}

var clock = regexp.MustCompile(`^(\d{1,2})(?:[:h](\d{2}))?$`)

// ParseSlots reads "6:00, 17h30" as sorted times "06:00,17:30".
func ParseSlots(s string) ([]string, string) {
	var out []string
	for part := range strings.FieldsFuncSeq(s, func(r rune) bool { return r == ',' || r == ';' || r == ' ' }) {
		m := clock.FindStringSubmatch(strings.ToLower(part))
		h, _ := strconv.Atoi(m0(m, 1))
		mm, _ := strconv.Atoi(m0(m, 2))
		if m == nil || h > 23 || mm > 59 {
			return nil, "Không đọc được giờ “" + part + "”. Ghi giờ như 6:00 hoặc 17:30, cách nhau bằng dấu phẩy."
		}
		t := twoDigits(h) + ":" + twoDigits(mm)
		if !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	if len(out) == 0 || len(out) > 6 {
		return nil, "Vui lòng ghi từ 1 đến 6 giờ phát trong ngày, ví dụ 6:00, 17:00."
	}
	slices.Sort(out)
	return out, ""
}

func m0(m []string, i int) string {
	if m == nil || m[i] == "" {
		return "0"
	}
	return m[i]
}

func twoDigits(n int) string { return string([]byte{byte('0' + n/10), byte('0' + n%10)}) }

// SaveSlots sets the ward's usual slots (unit 0), or a khu phố's own; an
// empty list for a khu phố returns it to the ward's.
func SaveSlots(ctx context.Context, conn db.Conn, u *account.User, actor audit.Actor, unit int64, times string) error {
	if unit == 0 && !CanReview(u) || unit != 0 && !CanPlay(u, unit) {
		return ErrForbidden
	}
	var slots []string
	if strings.TrimSpace(times) != "" || unit == 0 {
		var problem string
		if slots, problem = ParseSlots(times); problem != "" {
			return check.Errors{"times": problem}
		}
	}
	return conn.InTx(ctx, func(tx *db.Tx) error {
		if unit != 0 {
			if k, err := ward.UnitByID(ctx, tx, u.WardID, unit); err != nil || k.Kind != ward.KindKhuPho {
				return check.Errors{"unit": "Vui lòng chọn khu phố."}
			}
		}
		if _, err := tx.Exec(ctx, `delete from broadcast_slots where ward_id = ? and unit_id = ?`, u.WardID, unit); err != nil {
			return err
		}
		if slots != nil {
			if _, err := tx.Exec(ctx, `insert into broadcast_slots (ward_id, unit_id, times) values (?, ?, ?)`, u.WardID, unit, strings.Join(slots, ",")); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, actor, "broadcast.slots", "unit", unit, "Giờ phát thanh", nil, map[string]any{"times": strings.Join(slots, ", ")})
	})
}

// Item is a bulletin in a slot of a khu phố's day.
type Item struct {
	Bulletin *Bulletin
	PlayedAt time.Time // zero: not confirmed
}

// SlotPlan is one slot of a khu phố's day.
type SlotPlan struct {
	Time  string // HH:MM
	Items []*Item
}

// Played reports whether every bulletin of the slot was confirmed.
func (s *SlotPlan) Played() bool {
	for _, it := range s.Items {
		if it.PlayedAt.IsZero() {
			return false
		}
	}
	return len(s.Items) > 0
}

// Playlist is what a khu phố plays on a day.
type Playlist struct {
	Unit  *ward.Unit
	Day   string // YYYY-MM-DD
	Slots []*SlotPlan
}

// Empty reports whether nothing plays that day.
func (p *Playlist) Empty() bool { return len(p.Slots) == 0 || len(p.Slots[0].Items) == 0 }

// playing reads the bulletins that play in the ward between two days,
// the most urgent first.
func playing(ctx context.Context, q db.Querier, wardID int64, from, to string) ([]*Bulletin, error) {
	bs, err := list(ctx, q, `b.ward_id = ? and b.status = 'approved' and b.audio_key <> '' and b.starts_on <= ? and b.ends_on >= ?
		order by b.approved_at, b.id`, wardID, to, from)
	sort.SliceStable(bs, func(i, j int) bool { return rank(bs[i].Priority) < rank(bs[j].Priority) })
	return bs, err
}

// PlaylistFor reads khu phố unit's playlist for day (YYYY-MM-DD): each of
// its slots plays every bulletin for it that day, the most urgent first.
func PlaylistFor(ctx context.Context, q db.Querier, wardID, unit int64, day string) (*Playlist, error) {
	u, err := ward.UnitByID(ctx, q, wardID, unit)
	if err != nil {
		return nil, err
	}
	if u.Kind != ward.KindKhuPho {
		return nil, db.ErrNotFound
	}
	bs, err := playing(ctx, q, wardID, day, day)
	if err != nil {
		return nil, err
	}
	slots, err := SlotsFor(ctx, q, wardID, unit)
	if err != nil {
		return nil, err
	}
	played := map[string]time.Time{}
	rows, err := q.Query(ctx, `select bulletin_id, slot, played_at from broadcast_plays where ward_id = ? and unit_id = ? and day = ?`, wardID, unit, day)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id int64
		var slot, at string
		if err := rows.Scan(&id, &slot, &at); err != nil {
			rows.Close()
			return nil, err
		}
		played[strconv.FormatInt(id, 10)+"@"+slot] = db.ParseTime(at)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	p := &Playlist{Unit: u, Day: day}
	for _, t := range slots {
		s := &SlotPlan{Time: t}
		for _, b := range bs {
			if b.For(unit) {
				s.Items = append(s.Items, &Item{Bulletin: b, PlayedAt: played[strconv.FormatInt(b.ID, 10)+"@"+t]})
			}
		}
		p.Slots = append(p.Slots, s)
	}
	return p, nil
}

// NewToken makes a fresh token for khu phố unit's speaker box, replacing
// the previous one, and returns it: it is shown once, and only its hash is
// kept.
func NewToken(ctx context.Context, conn db.Conn, u *account.User, actor audit.Actor, unit int64) (string, error) {
	if !CanPlay(u, unit) {
		return "", ErrForbidden
	}
	b := make([]byte, 16)
	rand.Read(b)
	token := hex.EncodeToString(b)
	err := conn.InTx(ctx, func(tx *db.Tx) error {
		if k, err := ward.UnitByID(ctx, tx, u.WardID, unit); err != nil || k.Kind != ward.KindKhuPho {
			return check.Errors{"unit": "Vui lòng chọn khu phố."}
		}
		if _, err := tx.Exec(ctx, `delete from broadcast_tokens where ward_id = ? and unit_id = ?`, u.WardID, unit); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `insert into broadcast_tokens (ward_id, unit_id, token_hash, created_at) values (?, ?, ?, ?)`,
			u.WardID, unit, hashToken(token), db.Now()); err != nil {
			return err
		}
		return audit.Record(ctx, tx, actor, "broadcast.token", "unit", unit, "Tạo mã mới cho loa của khu phố", nil, nil)
	})
	return token, err
}

func hashToken(t string) string {
	sum := sha256.Sum256([]byte(t))
	return hex.EncodeToString(sum[:])
}

// TokenSince is when khu phố unit's current token was made (zero: none).
func TokenSince(ctx context.Context, q db.Querier, wardID, unit int64) (time.Time, error) {
	var at string
	err := q.QueryRow(ctx, `select created_at from broadcast_tokens where ward_id = ? and unit_id = ?`, wardID, unit).Scan(&at)
	if err != nil {
		return time.Time{}, nil
	}
	return db.ParseTime(at), nil
}

// ErrUnknownToken is returned for a token that names no khu phố's box.
var ErrUnknownToken = errors.New("unknown speaker token")

// UnitByToken is the khu phố whose box has token.
func UnitByToken(ctx context.Context, q db.Querier, wardID int64, token string) (int64, error) {
	if len(token) != 32 {
		return 0, ErrUnknownToken
	}
	var unit int64
	if err := q.QueryRow(ctx, `select unit_id from broadcast_tokens where ward_id = ? and token_hash = ?`, wardID, hashToken(token)).Scan(&unit); err != nil {
		return 0, ErrUnknownToken
	}
	return unit, nil
}

// Play is a play to confirm.
type Play struct {
	Unit, Bulletin int64
	Day            string // YYYY-MM-DD; empty: today
	Slot           string // HH:MM; empty: the latest slot begun (or the first)
	Source         string // "button" (the head's phone) or "box"
	UserID         int64
}

// Confirm logs a play of a bulletin in a khu phố's slot. The first
// confirmation of a slot counts on the plan: the khu phố's loudspeaker
// activity of the day gets a play and the bulletin's themes. It reports
// whether this play was new.
func Confirm(ctx context.Context, conn db.Conn, actor audit.Actor, wardID int64, p Play, now time.Time) (bool, error) {
	today := now.In(vn.Zone).Format(time.DateOnly)
	if p.Day == "" {
		p.Day = today
	}
	if p.Day > today {
		return false, check.Errors{"day": "Chưa đến ngày phát này."}
	}
	if p.Source != "box" {
		p.Source = "button"
	}
	created := false
	err := conn.InTx(ctx, func(tx *db.Tx) error {
		pl, err := PlaylistFor(ctx, tx, wardID, p.Unit, p.Day)
		if errors.Is(err, db.ErrNotFound) {
			return check.Errors{"unit": "Không có khu phố này."}
		}
		if err != nil {
			return err
		}
		slot := slotOf(pl, p.Slot, p.Day == today, now)
		if slot == nil {
			return check.Errors{"slot": "Khu phố không có buổi phát lúc " + p.Slot + "."}
		}
		var item *Item
		for _, it := range slot.Items {
			if it.Bulletin.ID == p.Bulletin {
				item = it
			}
		}
		if item == nil {
			return check.Errors{"bulletin": "Bản tin này không có trong danh sách phát của khu phố ngày " + vn.ISODate(p.Day) + "."}
		}
		if !item.PlayedAt.IsZero() {
			return nil
		}
		var activityID int64
		if err := tx.QueryRow(ctx, `select coalesce(max(activity_id), 0) from broadcast_plays where ward_id = ? and unit_id = ? and day = ?`,
			wardID, p.Unit, p.Day).Scan(&activityID); err != nil {
			return err
		}
		b := item.Bulletin
		if activityID, err = activity.RecordBroadcastPlay(ctx, tx, actor, wardID, activity.BroadcastPlay{KhuPho: p.Unit, HeldOn: p.Day,
			Themes: b.Themes, Title: b.Title, Activity: activityID}); err != nil {
			return err
		}
		res, err := tx.Exec(ctx, `insert into broadcast_plays (ward_id, bulletin_id, unit_id, day, slot, played_at, source, user_id, activity_id)
			values (?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (bulletin_id, unit_id, day, slot) do nothing`,
			wardID, b.ID, p.Unit, p.Day, slot.Time, db.FormatTime(now), p.Source, nullID(p.UserID), activityID)
		if err != nil {
			return err
		}
		n, _ := res.RowsAffected()
		created = n == 1
		return nil
	})
	return created, err
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// slotOf finds the slot a confirmation names; with no time, the latest
// slot already begun today (or the day's first).
func slotOf(pl *Playlist, t string, today bool, now time.Time) *SlotPlan {
	if len(pl.Slots) == 0 {
		return nil
	}
	if t != "" {
		if ts, problem := ParseSlots(t); problem == "" && len(ts) == 1 {
			t = ts[0]
		}
		for _, s := range pl.Slots {
			if s.Time == t {
				return s
			}
		}
		return nil
	}
	pick := pl.Slots[0]
	if today {
		hm := now.In(vn.Zone).Format("15:04")
		for _, s := range pl.Slots {
			if s.Time <= hm {
				pick = s
			}
		}
	}
	return pick
}

// Missed counts, for each khu phố, the slots of a month (YYYY-MM) that
// had bulletins to play and no confirmed play, up to now (a slot is missed
// two hours after its time).
func Missed(ctx context.Context, q db.Querier, wardID int64, month string, now time.Time) (map[int64]int, error) {
	first, err := time.ParseInLocation("2006-01", month, vn.Zone)
	if err != nil {
		return nil, err
	}
	last := first.AddDate(0, 1, -1)
	bs, err := playing(ctx, q, wardID, first.Format(time.DateOnly), last.Format(time.DateOnly))
	if err != nil || len(bs) == 0 {
		return map[int64]int{}, err
	}
	units, err := ward.Units(ctx, q, wardID)
	if err != nil {
		return nil, err
	}
	usual, own, err := Slots(ctx, q, wardID)
	if err != nil {
		return nil, err
	}
	played := map[string]bool{}
	rows, err := q.Query(ctx, `select distinct unit_id, day, slot from broadcast_plays where ward_id = ? and day >= ? and day <= ?`,
		wardID, first.Format(time.DateOnly), last.Format(time.DateOnly))
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var unit int64
		var day, slot string
		if err := rows.Scan(&unit, &day, &slot); err != nil {
			rows.Close()
			return nil, err
		}
		played[strconv.FormatInt(unit, 10)+" "+day+" "+slot] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := map[int64]int{}
	for d := first; !d.After(last); d = d.AddDate(0, 0, 1) {
		day := d.Format(time.DateOnly)
		for _, u := range units {
			if u.Kind != ward.KindKhuPho {
				continue
			}
			has := false
			for _, b := range bs {
				if b.Playing(day) && b.For(u.ID) {
					has = true
					break
				}
			}
			if !has {
				continue
			}
			slots := usual
			if own[u.ID] != nil {
				slots = own[u.ID]
			}
			for _, t := range slots {
				at, _ := time.ParseInLocation("2006-01-02 15:04", day+" "+t, vn.Zone)
				if now.Sub(at) >= dueAfter && !played[strconv.FormatInt(u.ID, 10)+" "+day+" "+t] {
					out[u.ID]++
				}
			}
		}
	}
	return out, nil
}
