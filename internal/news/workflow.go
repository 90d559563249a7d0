package news

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/cchc-vn/cchc/internal/account"
	"github.com/cchc-vn/cchc/internal/activity"
	"github.com/cchc-vn/cchc/internal/audit"
	"github.com/cchc-vn/cchc/internal/check"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/filestore"
	"github.com/cchc-vn/cchc/internal/media"
	"github.com/cchc-vn/cchc/internal/social"
	"github.com/cchc-vn/cchc/internal/vn"
	"github.com/cchc-vn/cchc/internal/ward"
)

// Save creates (id 0) or changes an article and keeps a revision. Editors
// change drafts and returned articles; a published article may be corrected
// by an editor or the leader, and stays published. A document's PDF is
// checked by its content and stored before the transaction; a replaced PDF
// is removed once the new one is recorded.
func Save(ctx context.Context, conn db.Conn, files filestore.Store, u *account.User, actor audit.Actor, id int64, in Input, now time.Time) (*Article, error) {
	var pdf *media.Staged
	if in.Attachment != nil {
		up, problem := media.PreparePDF(in.Attachment)
		if problem != "" {
			return nil, check.Errors{"attachment": "Tệp đính kèm: " + vn.LowerFirst(problem)}
		}
		var err error
		if pdf, err = media.Stage(ctx, files, u.WardID, "documents", up); err != nil {
			return nil, err
		}
	}
	var a *Article
	var replaced string
	err := conn.InTx(ctx, func(tx *db.Tx) error {
		var err error
		if a, err = save(ctx, tx, u, actor, id, in, now); err != nil || pdf == nil {
			return err
		}
		replaced = a.AttachmentKey
		a.AttachmentKey = pdf.Keys[0]
		_, err = tx.Exec(ctx, `update articles set attachment_key = ? where id = ?`, a.AttachmentKey, a.ID)
		return err
	})
	if err != nil {
		pdf.Discard(ctx)
		return nil, err
	}
	if replaced != "" {
		filestore.Remove(ctx, files, replaced)
	}
	return a, nil
}

// Submit sends a draft for review.
func Submit(ctx context.Context, conn db.Conn, u *account.User, actor audit.Actor, id int64, now time.Time) error {
	return conn.InTx(ctx, func(tx *db.Tx) error { return submit(ctx, tx, u, actor, id, now) })
}

// Review approves a submitted article or returns it to its author with a
// note; nobody approves their own article. An approved article is published
// at once or at its requested time; once its time has come it goes live
// (GoLive). origin is the portal's address, for the links it leaves.
func Review(ctx context.Context, conn db.Conn, u *account.User, actor audit.Actor, id int64, approve bool, note, origin string, now time.Time) (a *Article, err error) {
	err = conn.InTx(ctx, func(tx *db.Tx) error {
		if a, err = review(ctx, tx, u, actor, id, approve, note, now); err != nil {
			return err
		}
		if approve && !a.PublishedAt.After(now) {
			_, err = goLive(ctx, tx, actor, a, origin, now)
		}
		return err
	})
	return a, err
}

// Archive takes an article off the portal.
func Archive(ctx context.Context, conn db.Conn, u *account.User, actor audit.Actor, id int64, now time.Time) error {
	return conn.InTx(ctx, func(tx *db.Tx) error { return archive(ctx, tx, u, actor, id, now) })
}

// RetryPost queues an article's failed post to a social network again.
func RetryPost(ctx context.Context, q db.Querier, u *account.User, articleID, postID int64) error {
	if !CanWrite(u) && !CanReview(u) {
		return ErrForbidden
	}
	if _, err := Get(ctx, q, u.WardID, articleID); err != nil {
		return err
	}
	return social.Retry(ctx, q, u.WardID, articleID, postID)
}

// goLive does, once, what follows an article's publication: its pictures
// and clips become public, the article counts as the office's activity on
// the portal channel of the plan in force, and it is queued for the ward's
// Facebook Page and Zalo OA. It
// reports whether it did (another process may have done it first).
func goLive(ctx context.Context, tx *db.Tx, actor audit.Actor, a *Article, origin string, now time.Time) (bool, error) {
	res, err := tx.Exec(ctx, `update articles set live_at = ? where id = ? and live_at = ''`, db.FormatTime(now), a.ID)
	if err != nil {
		return false, err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return false, err
	}
	if err := publishMedia(ctx, tx, a); err != nil {
		return false, err
	}
	day := a.PublishedAt.In(vn.Zone).Format(time.DateOnly)
	if _, err := activity.RecordPublication(ctx, tx, actor, a.WardID, day, a.ThemeCodes, a.Title, origin+"/bai-viet/"+a.Slug); err != nil {
		return false, err
	}
	return true, social.Enqueue(ctx, tx, a.WardID, a.ID, now)
}

// GoLive is the scheduled publication: articles approved for a later time
// go live once it has come. Any number of processes may run it; each
// article goes live once. It returns how many went live.
func GoLive(ctx context.Context, d *db.DB, origin func(wardID int64) string, now time.Time) (int, error) {
	due, err := list(ctx, d, `where a.status = 'published' and a.live_at = '' and a.published_at <= ? order by a.published_at limit 100`, db.FormatTime(now))
	if err != nil {
		return 0, err
	}
	n := 0
	for _, a := range due {
		err := d.InTx(ctx, func(tx *db.Tx) error {
			live, err := goLive(ctx, tx, audit.Actor{WardID: a.WardID, Username: "system"}, a, origin(a.WardID), now)
			if live {
				n++
			}
			return err
		})
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// Post is what goes to Facebook and Zalo for an article: its title,
// summary, first paragraph, address and cover picture, by the ward's
// People's Committee.
func Post(ctx context.Context, q db.Querier, wardID, articleID int64, origin string) (social.Post, error) {
	a, err := Get(ctx, q, wardID, articleID)
	if err != nil {
		return social.Post{}, err
	}
	p := social.Post{Title: a.Title, Summary: a.Summary, Body: firstParagraph(a.Body), URL: origin + "/bai-viet/" + a.Slug, Author: "UBND phường"}
	w, err := ward.ByID(ctx, q, wardID)
	if err != nil {
		return social.Post{}, err
	}
	p.Author = "UBND " + vn.LowerFirst(w.FullName)
	if a.CoverImageID != 0 {
		switch im, err := GetImage(ctx, q, wardID, a.CoverImageID); {
		case err == nil:
			p.ImageURL = origin + im.URL(960)
		case !errors.Is(err, db.ErrNotFound):
			return social.Post{}, err
		}
	}
	return p, nil
}

func firstParagraph(md string) string {
	for _, p := range strings.Split(strings.ReplaceAll(md, "\r\n", "\n"), "\n\n") {
		p = strings.TrimSpace(p)
		if p != "" && !strings.HasPrefix(p, "#") && !strings.HasPrefix(p, "!") {
			return p
		}
	}
	return ""
}
