package notice

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"mime"
	"net"
	"net/smtp"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/vn"
)

// E-mail states of a notice.
const (
	MailPending = "pending"
	MailSent    = "sent"
	MailFailed  = "failed" // gave up after maxTries
	mailSending = "sending"
)

const maxTries = 5

// Mail is one message.
type Mail struct {
	To, Subject, Body string
}

// Mailer sends mail: SMTP in production, a recorder in tests.
type Mailer interface {
	Send(ctx context.Context, m Mail) error
}

// SMTP sends through an SMTP server: STARTTLS when the server offers it
// (required unless Insecure), or implicit TLS on port 465.
type SMTP struct {
	Host     string
	Port     int
	Username string
	Password string
	From     string // "Phòng VH-XH <vhxh@phudinh.gov.vn>"
	Insecure bool   // allow plain text to a local relay
	Timeout  time.Duration
}

// ParseSMTP reads smtp://user:pass@host:port?from=...&insecure=1 (or
// smtps:// for implicit TLS), as an administrator writes it in one setting.
func ParseSMTP(s string) (*SMTP, error) {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "smtp" && u.Scheme != "smtps") || u.Hostname() == "" {
		return nil, fmt.Errorf("smtp: want smtp://user:password@host:port?from=address")
	}
	m := &SMTP{Host: u.Hostname(), Port: 587, From: u.Query().Get("from"), Insecure: u.Query().Get("insecure") == "1", Timeout: 20 * time.Second}
	if u.Scheme == "smtps" {
		m.Port = 465
	}
	if p := u.Port(); p != "" {
		if m.Port, err = strconv.Atoi(p); err != nil {
			return nil, fmt.Errorf("smtp: bad port %q", p)
		}
	}
	if u.User != nil {
		m.Username = u.User.Username()
		m.Password, _ = u.User.Password()
	}
	if m.From == "" {
		return nil, errors.New("smtp: the from= parameter is required")
	}
	return m, nil
}

// Send delivers m.
func (s *SMTP) Send(ctx context.Context, m Mail) error {
	addr := net.JoinHostPort(s.Host, strconv.Itoa(s.Port))
	dialer := &net.Dialer{Timeout: s.Timeout}
	var conn net.Conn
	var err error
	if s.Port == 465 {
		conn, err = tls.DialWithDialer(dialer, "tcp", addr, &tls.Config{ServerName: s.Host})
	} else {
		conn, err = dialer.DialContext(ctx, "tcp", addr)
	}
	if err != nil {
		return err
	}
	conn.SetDeadline(time.Now().Add(s.Timeout))
	c, err := smtp.NewClient(conn, s.Host)
	if err != nil {
		conn.Close()
		return err
	}
	defer c.Close()
	if ok, _ := c.Extension("STARTTLS"); ok && s.Port != 465 {
		if err := c.StartTLS(&tls.Config{ServerName: s.Host}); err != nil {
			return err
		}
	} else if s.Port != 465 && !s.Insecure {
		return errors.New("smtp: server offers no STARTTLS; set insecure=1 only for a local relay")
	}
	if s.Username != "" {
		if err := c.Auth(smtp.PlainAuth("", s.Username, s.Password, s.Host)); err != nil {
			return err
		}
	}
	from, err := mailAddress(s.From)
	if err != nil {
		return err
	}
	if err := c.Mail(from); err != nil {
		return err
	}
	if err := c.Rcpt(m.To); err != nil {
		return err
	}
	w, err := c.Data()
	if err != nil {
		return err
	}
	if _, err := w.Write(message(s.From, m)); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	return c.Quit()
}

func mailAddress(s string) (string, error) {
	if i := strings.LastIndex(s, "<"); i >= 0 && strings.HasSuffix(s, ">") {
		s = s[i+1 : len(s)-1]
	}
	if !strings.Contains(s, "@") {
		return "", fmt.Errorf("smtp: bad from address %q", s)
	}
	return s, nil
}

// message formats a UTF-8 plain-text mail with encoded Vietnamese headers.
func message(from string, m Mail) []byte {
	if i := strings.LastIndex(from, "<"); i > 0 {
		from = mime.QEncoding.Encode("utf-8", strings.TrimSpace(from[:i])) + " " + from[i:]
	}
	var b strings.Builder
	b.WriteString("From: " + from + "\r\n")
	b.WriteString("To: " + m.To + "\r\n")
	b.WriteString("Subject: " + mime.QEncoding.Encode("utf-8", m.Subject) + "\r\n")
	b.WriteString("Date: " + time.Now().Format(time.RFC1123Z) + "\r\n")
	b.WriteString("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n")
	for _, line := range strings.Split(strings.ReplaceAll(m.Body, "\r\n", "\n"), "\n") {
		if strings.HasPrefix(line, ".") {
			line = "." + line
		}
		b.WriteString(line + "\r\n")
	}
	return []byte(b.String())
}

// outbox names the columns of a table of queued mails: officials' notices
// and residents' mails are delivered by the same loop.
type outbox struct {
	table, to, state, tries, errCol, footer string
}

var (
	noticeMail = outbox{"notices", "email_to", "email_state", "email_tries", "email_error",
		"Thư tự động từ hệ thống theo dõi tuyên truyền cải cách hành chính. Vui lòng không trả lời thư này."}
	residentMail = outbox{"mail_outbox", "email_to", "state", "tries", "error", "Thư tự động. Vui lòng không trả lời thư này."}
)

// Deliver sends up to limit pending e-mails of each queue and records each
// outcome; a failed send is retried on later runs, up to maxTries. baseURL
// turns a link into an address the reader can open.
func Deliver(ctx context.Context, q db.Querier, m Mailer, baseURL func(wardID int64) string, limit int) (int, error) {
	a, err := deliver(ctx, q, m, baseURL, limit, residentMail)
	if err != nil {
		return a, err
	}
	b, err := deliver(ctx, q, m, baseURL, limit, noticeMail)
	return a + b, err
}

func deliver(ctx context.Context, q db.Querier, m Mailer, baseURL func(wardID int64) string, limit int, o outbox) (sent int, err error) {
	rows, err := q.Query(ctx, `select id, ward_id, `+o.to+`, subject, body, link, `+o.tries+` from `+o.table+` where `+o.state+` = ? order by id limit ?`, MailPending, limit)
	if err != nil {
		return 0, err
	}
	type item struct {
		id, ward                int64
		to, subject, body, link string
		tries                   int
	}
	var items []item
	for rows.Next() {
		var it item
		if err := rows.Scan(&it.id, &it.ward, &it.to, &it.subject, &it.body, &it.link, &it.tries); err != nil {
			rows.Close()
			return 0, err
		}
		items = append(items, it)
	}
	rows.Close()
	for _, it := range items {
		// Claim the row first: several app servers may deliver at once.
		res, err := q.Exec(ctx, `update `+o.table+` set `+o.state+` = ? where id = ? and `+o.state+` = ?`, mailSending, it.id, MailPending)
		if err != nil {
			return sent, err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			continue
		}
		body := it.body
		if it.link != "" {
			body += "\n\nXem chi tiết: " + baseURL(it.ward) + it.link
		}
		body += "\n\n-- \n" + o.footer
		state, msg := MailSent, ""
		if err := m.Send(ctx, Mail{To: it.to, Subject: it.subject, Body: body}); err != nil {
			state, msg = MailPending, err.Error()
			if it.tries+1 >= maxTries {
				state = MailFailed
			}
			msg = vn.Excerpt(msg, 300) // a provider's words may be Vietnamese: cut by rune
		} else {
			sent++
		}
		if _, err := q.Exec(ctx, `update `+o.table+` set `+o.state+` = ?, `+o.tries+` = `+o.tries+` + 1, `+o.errCol+` = ? where id = ?`, state, msg, it.id); err != nil {
			return sent, err
		}
	}
	return sent, nil
}

// QueueMail queues an e-mail to someone without an account (a resident
// following their feedback), in the caller's transaction.
func QueueMail(ctx context.Context, q db.Querier, wardID int64, to, subject, body, link string) error {
	if !strings.Contains(to, "@") {
		return nil
	}
	_, err := q.Exec(ctx, `insert into mail_outbox (ward_id, email_to, subject, body, link, state, created_at) values (?, ?, ?, ?, ?, ?, ?)`,
		wardID, to, subject, body, link, MailPending, db.Now())
	return err
}
