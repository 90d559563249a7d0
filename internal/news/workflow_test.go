package news_test

import (
	"context"
	"errors"
	"io/fs"
	"path/filepath"
	"testing"
	"time"

	"github.com/cchc-vn/cchc/internal/account"
	"github.com/cchc-vn/cchc/internal/activity"
	"github.com/cchc-vn/cchc/internal/audit"
	"github.com/cchc-vn/cchc/internal/check"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/db/dbtest"
	"github.com/cchc-vn/cchc/internal/filestore"
	"github.com/cchc-vn/cchc/internal/news"
	"github.com/cchc-vn/cchc/internal/seed"
	"github.com/cchc-vn/cchc/internal/social"
	"github.com/cchc-vn/cchc/internal/vn"
	"github.com/cchc-vn/cchc/internal/ward"
)

func at(s string) time.Time {
	t, _ := time.ParseInLocation("2006-01-02 15:04", s, vn.Zone)
	return t
}

// An approved article goes live at its time, once: it then counts as the
// office's activity on the portal channel and is queued for the networks.
// One archived before its time never goes out.
func TestScheduledPublicationGoesLiveOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if _, err := seed.Load(ctx, d); err != nil {
			t.Fatal(err)
		}
		w, _ := ward.ByCode(ctx, d, "27427")
		if err := news.EnsureColumns(ctx, d, w.ID); err != nil {
			t.Fatal(err)
		}
		if err := social.SetAccount(ctx, d, social.NewSealer(""), w.ID, social.Facebook, "4455", "fb-token"); err != nil {
			t.Fatal(err)
		}
		mk := func(name string, role account.Role) (*account.User, audit.Actor) {
			u, err := account.Create(ctx, d, w.ID, account.NewUser{Username: name, FullName: name, Role: role, Password: "mat-khau-du-dai"})
			if err != nil {
				t.Fatal(err)
			}
			return u, audit.Actor{WardID: w.ID, UserID: u.ID, Username: name}
		}
		editor, ea := mk("bientap", account.RoleEditor)
		leader, la := mk("lanhdao", account.RoleLeader)
		cols, _ := news.Columns(ctx, d, w.ID)
		files, _ := filestore.NewLocal(t.TempDir())
		write := func(title, publishAt string) *news.Article {
			a, err := news.Save(ctx, d, files, editor, ea, 0, news.Input{ColumnID: cols[0].ID, Title: title, Body: "Nội dung.", ThemeCodes: "3",
				PublishAt: publishAt}, at("2025-10-01 08:00"))
			if err != nil {
				t.Fatal(err)
			}
			if err := news.Submit(ctx, d, editor, ea, a.ID, at("2025-10-01 08:30")); err != nil {
				t.Fatal(err)
			}
			if a, err = news.Review(ctx, d, leader, la, a.ID, true, "", "https://phudinh.example", at("2025-10-01 09:00")); err != nil {
				t.Fatal(err)
			}
			return a
		}
		portal := func() int {
			var n int
			if err := d.QueryRow(ctx, `select count(*) from activities where ward_id = ? and channel_code = 'cong-ttdt-mxh'`, w.ID).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		queued := func(a *news.Article) int {
			states, err := social.States(ctx, d, a.ID)
			if err != nil {
				t.Fatal(err)
			}
			return len(states)
		}
		origin := func(int64) string { return "https://phudinh.example" }

		now := write("Hướng dẫn nộp hồ sơ trực tuyến", "")
		if portal() != 1 || queued(now) != 1 {
			t.Fatalf("an article approved for now: %d activities, %d posts queued", portal(), queued(now))
		}
		later := write("Lịch tiếp công dân tháng 10", "02/10/2025 08:00")
		gone := write("Thông báo sẽ lưu trữ", "03/10/2025 08:00")
		if portal() != 1 || queued(later) != 0 {
			t.Fatalf("a scheduled article went live early: %d activities, %d posts", portal(), queued(later))
		}
		if n, err := news.GoLive(ctx, d, origin, at("2025-10-02 07:59")); err != nil || n != 0 {
			t.Fatalf("before its time: %d went live (%v)", n, err)
		}
		if err := news.Archive(ctx, d, editor, ea, gone.ID, at("2025-10-02 10:00")); err != nil {
			t.Fatal(err)
		}
		if n, err := news.GoLive(ctx, d, origin, at("2025-10-04 08:00")); err != nil || n != 1 {
			t.Fatalf("at its time: %d went live (%v)", n, err)
		}
		if n, _ := news.GoLive(ctx, d, origin, at("2025-10-04 08:05")); n != 0 {
			t.Errorf("an article went live twice: %d", n)
		}
		if portal() != 2 || queued(later) != 1 || queued(gone) != 0 {
			t.Errorf("after going live: %d activities, %d and %d posts", portal(), queued(later), queued(gone))
		}
		as, _ := activity.List(ctx, d, w.ID, activity.Filter{Channel: "cong-ttdt-mxh"})
		if len(as) != 2 || as[0].HeldOn != "2025-10-02" || as[0].Link != "https://phudinh.example/bai-viet/"+later.Slug {
			t.Errorf("the scheduled article's activity: %+v", as[0])
		}
		post, err := news.Post(ctx, d, w.ID, later.ID, "https://phudinh.example")
		if err != nil || post.URL != "https://phudinh.example/bai-viet/"+later.Slug || post.Author != "UBND phường Phú Định" || post.Body != "Nội dung." {
			t.Errorf("post %+v (%v)", post, err)
		}
	})
}

// A document's PDF is checked by content, stored before the row, and the
// file it replaces is removed.
func TestDocumentAttachment(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		seed.Load(ctx, d)
		w, _ := ward.ByCode(ctx, d, "27427")
		news.EnsureColumns(ctx, d, w.ID)
		cols, _ := news.Columns(ctx, d, w.ID)
		docs := cols[5]
		editor, _ := account.Create(ctx, d, w.ID, account.NewUser{Username: "bientap", FullName: "Biên tập", Role: account.RoleEditor, Password: "mat-khau-du-dai"})
		actor := audit.Actor{WardID: w.ID, UserID: editor.ID}
		root := t.TempDir()
		files, _ := filestore.NewLocal(root)
		in := news.Input{ColumnID: docs.ID, Title: "Kế hoạch năm 2026", Body: "Ban hành kèm theo.", DocNumber: "12/KH-UBND", DocDate: "05/01/2026",
			DocIssuer: "UBND phường", Attachment: []byte("<html>not a pdf</html>")}
		var ce check.Errors
		if _, err := news.Save(ctx, d, files, editor, actor, 0, in, time.Now()); !errors.As(err, &ce) || ce["attachment"] == "" {
			t.Fatalf("a fake PDF: %v", err)
		}
		in.Attachment = []byte("%PDF-1.4 first\nstartxref\n0\n%%EOF")
		a, err := news.Save(ctx, d, files, editor, actor, 0, in, time.Now())
		if err != nil || a.AttachmentKey == "" {
			t.Fatalf("save: %+v %v", a, err)
		}
		first := a.AttachmentKey
		in.Attachment = []byte("%PDF-1.4 second\nstartxref\n0\n%%EOF")
		if a, err = news.Save(ctx, d, files, editor, actor, a.ID, in, time.Now()); err != nil || a.AttachmentKey == first {
			t.Fatalf("replace: %+v %v", a, err)
		}
		if _, _, err := files.Get(ctx, first); !errors.Is(err, filestore.ErrNotFound) {
			t.Errorf("the replaced PDF is still stored: %v", err)
		}
		if rc, _, err := files.Get(ctx, a.AttachmentKey); err != nil {
			t.Errorf("the new PDF is not stored: %v", err)
		} else {
			rc.Close()
		}
		// A save refused inside the transaction leaves no file behind.
		in.Title, in.Attachment = "", []byte("%PDF-1.4 third\nstartxref\n0\n%%EOF")
		before := countFiles(t, root)
		if _, err := news.Save(ctx, d, files, editor, actor, a.ID, in, time.Now()); !errors.As(err, &ce) {
			t.Fatalf("an article without a title: %v", err)
		}
		if after := countFiles(t, root); after != before {
			t.Errorf("a refused save left %d file(s)", after-before)
		}
	})
}

// countFiles counts the files under a local store's root.
func countFiles(t *testing.T, root string) int {
	t.Helper()
	n := 0
	err := filepath.WalkDir(root, func(_ string, e fs.DirEntry, err error) error {
		if err == nil && !e.IsDir() {
			n++
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}
