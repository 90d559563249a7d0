// Package noticetest runs a local SMTP sink for tests: a real SMTP server
// (emersion/go-smtp) that keeps what it receives.
package noticetest

import (
	"io"
	"net"
	"sync"
	"testing"

	"github.com/emersion/go-smtp"
)

// Message is one received mail.
type Message struct {
	From string
	To   []string
	Data string // headers and body as sent
}

// Sink is a running SMTP server on the loopback.
type Sink struct {
	Addr string
	mu   sync.Mutex
	msgs []Message
	// Reject, when set, makes RCPT fail: a server that refuses.
	Reject bool
}

// Start runs a sink until the test ends.
func Start(t testing.TB) *Sink {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &Sink{Addr: l.Addr().String()}
	srv := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) { return &session{sink: s}, nil }))
	srv.Domain = "localhost"
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	return s
}

// URL is the setting that points cchc at the sink.
func (s *Sink) URL() string {
	return "smtp://" + s.Addr + "?from=" + "P.VHXH%20<vhxh@phudinh.example>&insecure=1"
}

// Messages returns what has been received so far.
func (s *Sink) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.msgs...)
}

type session struct {
	sink *Sink
	msg  Message
}

func (x *session) Reset()        { x.msg = Message{} }
func (x *session) Logout() error { return nil }
func (x *session) Mail(from string, _ *smtp.MailOptions) error {
	x.msg.From = from
	return nil
}
func (x *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	x.sink.mu.Lock()
	reject := x.sink.Reject
	x.sink.mu.Unlock()
	if reject {
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "mailbox unavailable"}
	}
	x.msg.To = append(x.msg.To, to)
	return nil
}
func (x *session) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	x.msg.Data = string(b)
	x.sink.mu.Lock()
	x.sink.msgs = append(x.sink.msgs, x.msg)
	x.sink.mu.Unlock()
	return nil
}

// SetReject makes the sink refuse (or accept again) recipients.
func (s *Sink) SetReject(v bool) {
	s.mu.Lock()
	s.Reject = v
	s.mu.Unlock()
}
