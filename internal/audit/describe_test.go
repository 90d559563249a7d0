package audit

import (
	"strings"
	"testing"
)

func TestChangesReadAsSentences(t *testing.T) {
	Describe("test_thing",
		Field{Key: "status", Label: "Tình trạng", Name: func(s string) string {
			return map[string]string{"received": "Đã tiếp nhận", "assigned": "Đã giao xử lý"}[s]
		}},
		Field{Key: "cost", Label: "Kinh phí", Money: true},
		Field{Key: "people", Label: "Số người"},
		Field{Key: "held_on", Label: "Ngày"},
		Field{Key: "published", Label: "Công khai"},
		Field{Key: "answer", Label: "Trả lời"})
	long := strings.Repeat("Đã tiếp thu ý kiến. ", 20)
	for _, tc := range []struct {
		before, after string
		want          []Change
	}{
		{`{"status":"received"}`, `{"status":"assigned","unit_id":4}`, []Change{{"Tình trạng", "Đã tiếp nhận", "Đã giao xử lý"}}},
		{``, `{"cost":564000,"people":1357,"held_on":"2025-09-15","published":false}`, []Change{
			{"Kinh phí", "", "564.000 đ"}, {"Số người", "", "1.357"}, {"Ngày", "", "15/09/2025"}, {"Công khai", "", "Không"}}},
		{`{"status":"assigned","people":10}`, `{"status":"assigned","people":12}`, []Change{{"Số người", "10", "12"}}},
		{`{"answer":""}`, `{"answer":"` + long + `"}`, []Change{{"Trả lời", "", string([]rune(long)[:maxShown]) + "…"}}},
		{`not json`, `{"Secret":"x"}`, nil},
	} {
		e := &Entry{Entity: "test_thing", Before: tc.before, After: tc.after}
		got := e.Changes()
		if len(got) != len(tc.want) {
			t.Errorf("%s → %s: %+v, want %+v", tc.before, tc.after, got, tc.want)
			continue
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("%s → %s: %+v, want %+v", tc.before, tc.after, got[i], tc.want[i])
			}
		}
	}
	if got := (&Entry{Entity: "not_described", After: `{"status":"x"}`}).Changes(); got != nil {
		t.Errorf("an entity nobody described shows %+v", got)
	}
}
