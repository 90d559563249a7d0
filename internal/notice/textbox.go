package notice

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/vn"
)

// Purposes of a text: a one-time code goes at any hour; anything else
// waits for the morning outside 07:00-21:00.
const (
	PurposeCode   = "code"
	PurposeNotice = "notice"
)

// States of a queued text.
const (
	TextPending = "pending"
	TextSent    = "sent"
	TextFailed  = "failed" // unreachable, refused for good, or out of tries
	textSending = "sending"
)

// textBackoff is how long a text waits after each failed try worth a
// retry; after the last, it is given up.
var textBackoff = []time.Duration{time.Minute, 5 * time.Minute, 30 * time.Minute, 2 * time.Hour, 6 * time.Hour}

// Quiet reports whether t falls in the hours no notice is texted: from
// 21:00 to 07:00 in Vietnam.
func Quiet(t time.Time) bool {
	h := t.In(vn.Zone).Hour()
	return h >= 21 || h < 7
}

// morning is the next 07:00 in Vietnam at or after t.
func morning(t time.Time) time.Time {
	l := t.In(vn.Zone)
	m := time.Date(l.Year(), l.Month(), l.Day(), 7, 0, 0, 0, vn.Zone)
	if !m.After(l) && l.Hour() >= 7 {
		m = m.AddDate(0, 0, 1)
	}
	return m
}

// due is when a text may go at the earliest after t.
func due(purpose string, t time.Time) time.Time {
	if purpose != PurposeCode && Quiet(t) {
		return morning(t)
	}
	return t
}

// QueueText puts a text in the durable outbox, for DeliverTexts.
func QueueText(ctx context.Context, q db.Querier, wardID int64, purpose string, t Text, now time.Time) (int64, error) {
	params, err := json.Marshal(t.Params)
	if err != nil {
		return 0, err
	}
	var id int64
	err = q.QueryRow(ctx, `insert into text_outbox (ward_id, phone, purpose, template, params, body, via, link, state, next_at, created_at)
		values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id`,
		wardID, t.Phone, purpose, t.Template, string(params), t.Body, t.Via, t.Link, TextPending, db.FormatTime(due(purpose, now)), db.FormatTime(now)).Scan(&id)
	return id, err
}

// Cancelled is the state of a text or mail its reader asked not to get.
const Cancelled = "cancelled"

// Cancel drops the texts and e-mails still waiting that point to link, in
// the caller's transaction: the person asked for no more. It returns how
// many were dropped.
func Cancel(ctx context.Context, q db.Querier, wardID int64, link string) (int64, error) {
	var n int64
	for _, stmt := range []string{
		`update text_outbox set state = ? where ward_id = ? and link = ? and state = ?`,
		`update mail_outbox set state = ? where ward_id = ? and link = ? and state = ?`,
	} {
		res, err := q.Exec(ctx, stmt, Cancelled, wardID, link, TextPending) // both queues call waiting "pending"
		if err != nil {
			return n, err
		}
		k, _ := res.RowsAffected()
		n += k
	}
	return n, nil
}

// Prices are what a message costs by provider, in đồng.
type Prices map[string]int64

// ParsePrices reads "zns:300,esms:750".
func ParsePrices(s string) (Prices, error) {
	p := Prices{}
	for _, part := range strings.Split(s, ",") {
		name, price, ok := strings.Cut(strings.TrimSpace(part), ":")
		n, err := strconv.ParseInt(price, 10, 64)
		if part == "" {
			continue
		}
		if !ok || name == "" || err != nil || n < 0 {
			return nil, errors.New("want provider:price pairs in đồng, as zns:300,esms:750")
		}
		p[name] = n
	}
	return p, nil
}

// DeliverTexts sends the texts due by now, oldest first, claiming each so
// that several app servers may run it at once. A refusal worth a retry
// waits (longer each time, and for the morning if it is a notice); a
// person no channel reaches, or a setting an administrator must fix, is
// given up with the provider's words. It returns how many were sent.
func DeliverTexts(ctx context.Context, q db.Querier, tx Texter, prices Prices, origin func(wardID int64) string, now time.Time, limit int) (int, error) {
	rows, err := q.Query(ctx, `select id, ward_id, phone, purpose, template, params, body, via, link, tries from text_outbox where state = ? and next_at <= ? order by id limit ?`,
		TextPending, db.FormatTime(now), limit)
	if err != nil {
		return 0, err
	}
	type item struct {
		id, ward                                          int64
		phone, purpose, template, params, body, via, link string
		tries                                             int
	}
	var items []item
	for rows.Next() {
		var it item
		if err := rows.Scan(&it.id, &it.ward, &it.phone, &it.purpose, &it.template, &it.params, &it.body, &it.via, &it.link, &it.tries); err != nil {
			rows.Close()
			return 0, err
		}
		items = append(items, it)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	sent := 0
	for _, it := range items {
		res, err := q.Exec(ctx, `update text_outbox set state = ? where id = ? and state = ?`, textSending, it.id, TextPending)
		if err != nil {
			return sent, err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			continue // another server took it
		}
		t := Text{Phone: it.phone, Template: it.template, Body: it.body, Via: it.via, ID: "cchc-text-" + strconv.FormatInt(it.id, 10)}
		if err := json.Unmarshal([]byte(it.params), &t.Params); err != nil {
			return sent, err
		}
		if it.link != "" { // the address as it is today: a ward's host name may have changed since
			t.Link = origin(it.ward) + it.link
			t.Body += " " + t.Link
			if t.Params == nil {
				t.Params = map[string]string{}
			}
			t.Params["link"] = t.Link
		}
		provider, err := deliverText(ctx, tx, t)
		if err == nil {
			sent++
			if _, err := q.Exec(ctx, `update text_outbox set state = ?, tries = tries + 1, provider = ?, cost = ?, error = '', sent_at = ? where id = ?`,
				TextSent, provider, prices[provider], db.FormatTime(now), it.id); err != nil {
				return sent, err
			}
			continue
		}
		state, next := TextPending, now
		if KindOf(err) != Retry || it.tries >= len(textBackoff) {
			state = TextFailed
		} else {
			next = due(it.purpose, now.Add(textBackoff[it.tries]))
		}
		if _, err := q.Exec(ctx, `update text_outbox set state = ?, tries = tries + 1, next_at = ?, error = ? where id = ?`,
			state, db.FormatTime(next), vn.Excerpt(err.Error(), 300), it.id); err != nil {
			return sent, err
		}
	}
	return sent, nil
}

// deliverText sends t and says which provider carried it.
func deliverText(ctx context.Context, tx Texter, t Text) (string, error) {
	switch x := tx.(type) {
	case Chain:
		var err error
		for _, c := range x {
			var p string
			if p, err = deliverText(ctx, c, t); err == nil || KindOf(err) != Unreachable {
				return p, err
			}
		}
		return "", err
	case *ZNS:
		return "zns", x.SendText(ctx, t)
	case *ESMS:
		return "esms", x.SendText(ctx, t)
	case Console:
		return "console", x.SendText(ctx, t)
	}
	return "text", tx.SendText(ctx, t)
}

// TextCost is what a ward's texts cost through one provider.
type TextCost struct {
	WardID   int64
	Provider string
	Messages int
	Cost     int64
}

// TextCosts counts the texts sent from..to (times) by ward and provider.
func TextCosts(ctx context.Context, q db.Querier, from, to time.Time) ([]TextCost, error) {
	if to.Before(from) {
		return nil, errors.New("notice.TextCosts: the range ends before it begins")
	}
	rows, err := q.Query(ctx, `select ward_id, provider, count(*), sum(cost) from text_outbox where state = ? and sent_at >= ? and sent_at < ?
		group by ward_id, provider order by ward_id, provider`, TextSent, db.FormatTime(from), db.FormatTime(to))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []TextCost
	for rows.Next() {
		var c TextCost
		if err := rows.Scan(&c.WardID, &c.Provider, &c.Messages, &c.Cost); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// FailedText is a text given up, for the administrator to act on.
type FailedText struct {
	At      time.Time
	Phone   string // masked: 0912 *** 678
	Purpose string
	Error   string
}

// TextReport is a ward's texts: what failed lately (first: it needs an
// administrator), what waits, and what was sent and its cost, by month.
type TextReport struct {
	Failed  []FailedText
	Pending int
	Months  []MonthCost
}

// MonthCost is one month's texts through one provider.
type MonthCost struct {
	Month    string // mm/yyyy
	Provider string
	Messages int
	Cost     int64
}

// WardTexts reports a ward's texts over the months up to now's.
func WardTexts(ctx context.Context, q db.Querier, wardID int64, now time.Time, months int) (*TextReport, error) {
	r := &TextReport{}
	if err := q.QueryRow(ctx, `select count(*) from text_outbox where ward_id = ? and state = ?`, wardID, TextPending).Scan(&r.Pending); err != nil {
		return nil, err
	}
	rows, err := q.Query(ctx, `select created_at, phone, purpose, error from text_outbox where ward_id = ? and state = ? order by id desc limit 20`, wardID, TextFailed)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var f FailedText
		var at string
		if err := rows.Scan(&at, &f.Phone, &f.Purpose, &f.Error); err != nil {
			rows.Close()
			return nil, err
		}
		f.At = db.ParseTime(at)
		if len(f.Phone) == 10 {
			f.Phone = f.Phone[:4] + " *** " + f.Phone[7:]
		}
		r.Failed = append(r.Failed, f)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	l := now.In(vn.Zone)
	first := time.Date(l.Year(), l.Month(), 1, 0, 0, 0, 0, vn.Zone)
	for i := 0; i < months; i++ {
		from, to := first.AddDate(0, -i, 0), first.AddDate(0, 1-i, 0)
		costs, err := TextCosts(ctx, q, from, to)
		if err != nil {
			return nil, err
		}
		for _, c := range costs {
			if c.WardID == wardID {
				r.Months = append(r.Months, MonthCost{Month: from.Format("01/2006"), Provider: c.Provider, Messages: c.Messages, Cost: c.Cost})
			}
		}
	}
	return r, nil
}
