// Package check is the validation contract shared by the domain packages:
// bad input comes back as field → Vietnamese message, and the web layer shows
// each message beside its field.
package check

import (
	"errors"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/cchc-vn/cchc/internal/vn"
)

// ErrForbidden is returned by every domain when an official may not do
// what they asked; the web layer answers 403. Each package re-exports it.
var ErrForbidden = errors.New("forbidden")

// Errors maps a form field name to a Vietnamese message for people.
type Errors map[string]string

func (e Errors) Error() string {
	keys := make([]string, 0, len(e))
	for k := range e {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteString("invalid input:")
	for _, k := range keys {
		b.WriteString(" " + k + ": " + e[k] + ";")
	}
	return b.String()
}

// Err returns e as an error, or nil when it holds no message.
func (e Errors) Err() error {
	if len(e) == 0 {
		return nil
	}
	return e
}

// Text records a message when s is empty (if required) or longer than max runes,
// or not valid UTF-8.
func (e Errors) Text(field, s string, required bool, max int, label string) {
	switch {
	case !utf8.ValidString(s):
		e[field] = label + " chứa ký tự không hợp lệ."
	case required && strings.TrimSpace(s) == "":
		e[field] = "Vui lòng nhập " + vn.LowerFirst(label) + "."
	case utf8.RuneCountInString(s) > max:
		e[field] = label + " quá dài (tối đa " + itoa(max) + " ký tự)."
	}
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for n > 0 {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
	}
	// Group thousands the Vietnamese way.
	s := string(b)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "." + s[i:]
	}
	return s
}

// RowError is what is wrong with one row of an imported file.
type RowError struct {
	Row      int // as numbered in the spreadsheet
	Messages []string
}

// RowErrors is returned when a file cannot be imported; nothing is written.
type RowErrors []RowError

func (e RowErrors) Error() string { return itoa(len(e)) + " rows with errors" }
