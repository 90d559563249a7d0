package meeting

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base32"
	"errors"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/emersion/go-ical"

	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/vn"
)

// FeedToken returns the secret part of a unit's calendar address (a
// phone's calendar subscribes without signing in), making it the first
// time. NewFeedToken replaces it when it has leaked.
func FeedToken(ctx context.Context, conn db.Conn, wardID, unitID int64) (string, error) {
	return db.Run(ctx, conn, func(tx *db.Tx) (string, error) {
		var t string
		err := tx.QueryRow(ctx, `select token from meeting_feeds where ward_id = ? and unit_id = ?`, wardID, unitID).Scan(&t)
		if err == nil {
			return t, nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return "", err
		}
		t = newToken()
		_, err = tx.Exec(ctx, `insert into meeting_feeds (ward_id, unit_id, token) values (?, ?, ?)`, wardID, unitID, t)
		return t, err
	})
}

// NewFeedToken gives a unit's calendar a new address; the old one stops.
func NewFeedToken(ctx context.Context, conn db.Conn, wardID, unitID int64) (string, error) {
	return db.Run(ctx, conn, func(tx *db.Tx) (string, error) {
		if _, err := tx.Exec(ctx, `delete from meeting_feeds where ward_id = ? and unit_id = ?`, wardID, unitID); err != nil {
			return "", err
		}
		t := newToken()
		_, err := tx.Exec(ctx, `insert into meeting_feeds (ward_id, unit_id, token) values (?, ?, ?)`, wardID, unitID, t)
		return t, err
	})
}

// FeedUnit finds the unit a calendar address belongs to.
func FeedUnit(ctx context.Context, q db.Querier, wardID int64, token string) (int64, error) {
	var id int64
	err := q.QueryRow(ctx, `select unit_id from meeting_feeds where ward_id = ? and token = ?`, wardID, token).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, db.ErrNotFound
	}
	return id, err
}

func newToken() string {
	b := make([]byte, 20)
	rand.Read(b)
	return strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b))
}

// Feed is what a calendar feed says about itself.
type Feed struct {
	Name   string // the calendar's name, "Lịch họp – Khu phố 5"
	Host   string // the ward's host name, for the events' UID
	Origin string // the portal's address, for the events' links
	Link   func(*Meeting) string
}

// WriteICS writes meetings as an iCalendar (RFC 5545) feed: times in UTC,
// a cancelled meeting kept with STATUS:CANCELLED so subscribed phones drop
// it, each event's sequence growing with its changes.
func WriteICS(w io.Writer, f Feed, ms []*Meeting, now time.Time) error {
	cal := ical.NewCalendar()
	cal.Props.SetText(ical.PropVersion, "2.0")
	cal.Props.SetText(ical.PropProductID, "-//cchc//Lich hop CCHC//VI")
	cal.Props.SetText(ical.PropCalendarScale, "GREGORIAN")
	cal.Props.SetText(ical.PropMethod, "PUBLISH")
	cal.Props.SetText("X-WR-CALNAME", f.Name)
	cal.Props.SetText("X-WR-TIMEZONE", "Asia/Ho_Chi_Minh")
	cal.Props.SetText("REFRESH-INTERVAL", "PT1H")
	cal.Props.Get("REFRESH-INTERVAL").SetValueType(ical.ValueDuration)
	// The zone comes first and always: events are in UTC, but a calendar
	// must hold a component (RFC 5545, 3.6) and an empty feed is valid.
	tz := ical.NewComponent(ical.CompTimezone)
	tz.Props.SetText(ical.PropTimezoneID, "Asia/Ho_Chi_Minh")
	std := ical.NewComponent(ical.CompTimezoneStandard)
	for name, v := range map[string]string{ical.PropDateTimeStart: "19750613T000000", ical.PropTimezoneOffsetFrom: "+0700",
		ical.PropTimezoneOffsetTo: "+0700", ical.PropTimezoneName: "+07"} {
		std.Props.Set(&ical.Prop{Name: name, Value: v, Params: ical.Params{}}) // their default types: no VALUE parameter
	}
	tz.Children = append(tz.Children, std)
	cal.Children = append(cal.Children, tz)
	for _, m := range ms {
		ev := ical.NewEvent()
		ev.Props.SetText(ical.PropUID, "hop-"+strconv.FormatInt(m.ID, 10)+"@"+f.Host)
		ev.Props.SetDateTime(ical.PropDateTimeStamp, now.UTC().Truncate(time.Second))
		ev.Props.SetDateTime(ical.PropLastModified, m.UpdatedAt.UTC().Truncate(time.Second))
		ev.Props.SetDateTime(ical.PropDateTimeStart, m.StartsAt.UTC())
		ev.Props.SetDateTime(ical.PropDateTimeEnd, m.EndsAt.UTC())
		ev.Props.SetText(ical.PropSequence, strconv.FormatInt(m.UpdatedAt.Unix()-m.CreatedAt.Unix(), 10))
		ev.Props.Get(ical.PropSequence).SetValueType(ical.ValueInt)
		ev.Props.SetText(ical.PropSummary, KindName(m.Kind)+": "+m.Title)
		if p := m.Place(); p != "" {
			ev.Props.SetText(ical.PropLocation, p)
		}
		var desc []string
		desc = append(desc, "Đơn vị tổ chức: "+m.Organiser)
		if m.Invited != "" {
			desc = append(desc, "Thành phần mời: "+m.Invited)
		}
		for i, it := range m.Agenda {
			desc = append(desc, strconv.Itoa(i+1)+". "+it.Body)
		}
		if m.Status == Closed && m.Attendance > 0 {
			desc = append(desc, "Số người tham dự: "+vn.Number(int64(m.Attendance)))
		}
		if m.Status == Cancelled && m.CancelReason != "" {
			desc = append(desc, "Đã hủy: "+m.CancelReason)
		}
		ev.Props.SetText(ical.PropDescription, strings.Join(desc, "\n"))
		status := ical.EventConfirmed
		if m.Status == Cancelled {
			status = ical.EventCancelled
		}
		ev.Props.SetText(ical.PropStatus, string(status))
		if f.Link != nil {
			ev.Props.SetText(ical.PropURL, f.Origin+f.Link(m))
			ev.Props.Get(ical.PropURL).SetValueType(ical.ValueURI)
		}
		cal.Children = append(cal.Children, ev.Component)
	}
	var buf bytes.Buffer
	if err := ical.NewEncoder(&buf).Encode(cal); err != nil {
		return err
	}
	_, err := w.Write(fold(buf.Bytes()))
	return err
}

// fold breaks content lines longer than 75 octets (RFC 5545, 3.1): CRLF
// and a space before the rest, never inside a UTF-8 sequence. The encoder
// writes each property on one line, however long.
func fold(b []byte) []byte {
	var out bytes.Buffer
	for _, line := range bytes.SplitAfter(b, []byte("\r\n")) {
		body := bytes.TrimSuffix(line, []byte("\r\n"))
		limit := 75
		for len(body) > limit {
			cut := limit
			for cut > 0 && !utf8.RuneStart(body[cut]) {
				cut--
			}
			out.Write(body[:cut])
			out.WriteString("\r\n ")
			body = body[cut:]
			limit = 74 // the leading space counts
		}
		out.Write(body)
		if len(body) < len(line) {
			out.WriteString("\r\n")
		}
	}
	return out.Bytes()
}
