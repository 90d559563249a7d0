package web

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/db/dbtest"
)

// postKeyed sends a multipart form with an Idempotency-Key, as the field
// app's outbox does.
func (c *client) postKeyed(path, key string, fields map[string]string) *http.Response {
	var mb bytes.Buffer
	mw := multipart.NewWriter(&mb)
	mw.WriteField("csrf", c.csrf)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	mw.Close()
	req, _ := http.NewRequest("POST", c.e.ts.URL+path, &mb)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Idempotency-Key", key)
	return c.do(req)
}

// TestIdempotentPosts: Khu phố 1's head's outbox sends an activity, then
// sends it again (a retry after a lost answer) and once more: one activity,
// the same answer each time. An entry refused by validation is not kept:
// corrected, it goes through with the same key. A key reused for another
// form, and a malformed key, are refused with a message.
func TestIdempotentPosts(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		kp := e.as("kp01")
		body(t, kp.get("/quan-ly/hoat-dong/moi"))
		unit := itoa64(e.users["kp01"].UnitID)
		fields := map[string]string{"unit_id": unit, "held_on": "16/09/2025", "channel": "hoi-nghi", "themes": "2", "place_unit_id": unit,
			"quantity": "1", "quantity_unit": "buổi", "people": "45", "cost": "0", "description": "Họp tổ dân phố 3, hướng dẫn nộp hồ sơ trực tuyến (gửi khi có mạng)"}
		count := func() int {
			var n int
			d.QueryRow(ctx, `select count(*) from activities where description = ?`, fields["description"]).Scan(&n)
			return n
		}
		key := "0b7c2f4e-8a1d-4c3b-9e6f-5d2a1b0c9e8f"
		var first string
		for i := range 3 {
			resp := kp.postKeyed("/quan-ly/hoat-dong", key, fields)
			resp.Body.Close()
			if resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("send %d: %d", i, resp.StatusCode)
			}
			if i == 0 {
				first = resp.Header.Get("Location")
			} else if resp.Header.Get("Location") != first || resp.Header.Get("Idempotent-Replayed") != "true" {
				t.Fatalf("send %d answered %q (replayed %q), the first %q", i, resp.Header.Get("Location"), resp.Header.Get("Idempotent-Replayed"), first)
			}
		}
		if n := count(); n != 1 {
			t.Fatalf("%d activities from three sends", n)
		}

		other := "5e1d9c2b-3f4a-4d6e-8b7c-1a0f2e3d4c5b"
		bad := map[string]string{}
		for k, v := range fields {
			bad[k] = v
		}
		bad["description"], bad["people"] = "Phát loa khu phố (gửi khi có mạng)", "rất đông"
		resp := kp.postKeyed("/quan-ly/hoat-dong", other, bad)
		if page := body(t, resp); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(page, "field-error") {
			t.Fatalf("a refused entry: %d", resp.StatusCode)
		}
		bad["people"] = "120"
		resp = kp.postKeyed("/quan-ly/hoat-dong", other, bad)
		resp.Body.Close()
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Idempotent-Replayed") != "" {
			t.Fatalf("the corrected entry with its key: %d %q", resp.StatusCode, resp.Header.Get("Idempotent-Replayed"))
		}

		resp = kp.postKeyed("/quan-ly/phan-anh", key, map[string]string{"title": "x"})
		if page := body(t, resp); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(page, "đã dùng cho một nội dung khác") {
			t.Fatalf("a key reused for another form: %d", resp.StatusCode)
		}
		resp = kp.postKeyed("/quan-ly/hoat-dong", "khóa có dấu", fields)
		if page := body(t, resp); resp.StatusCode != http.StatusBadRequest || !strings.Contains(page, "Mã chống gửi trùng") {
			t.Fatalf("a malformed key: %d", resp.StatusCode)
		}
		if n := count(); n != 1 {
			t.Fatalf("%d activities at the end", n)
		}
	})
}
