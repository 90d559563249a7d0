package news

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"sort"
	"strconv"
	"strings"

	"github.com/cchc-vn/cchc/internal/check"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/filestore"
	"github.com/cchc-vn/cchc/internal/media"
	"github.com/cchc-vn/cchc/internal/vn"
)

// Image is a picture stored at several widths.
type Image struct {
	ID     int64
	Key    string // variants are Key + "-" + width + ".jpg"
	Width  int
	Height int
	Widths []int
	Alt    string
}

// URL is the public address of the variant closest to width.
func (im *Image) URL(width int) string {
	best := im.Widths[len(im.Widths)-1]
	for _, w := range im.Widths {
		if w >= width {
			best = w
			break
		}
	}
	return "/anh/" + strconv.FormatInt(im.ID, 10) + "-" + strconv.Itoa(best) + ".jpg"
}

// Srcset lists every variant for the browser to choose from.
func (im *Image) Srcset() string {
	var parts []string
	for _, w := range im.Widths {
		parts = append(parts, "/anh/"+strconv.FormatInt(im.ID, 10)+"-"+strconv.Itoa(w)+".jpg "+strconv.Itoa(w)+"w")
	}
	return strings.Join(parts, ", ")
}

// SaveImage checks a picture by its content, strips its metadata, stores
// it at every width and records it. Files are written before the row and
// removed again if the row cannot be.
func SaveImage(ctx context.Context, q db.Querier, files filestore.Store, wardID, userID int64, data []byte, alt string) (*Image, error) {
	up, problem := media.PreparePhoto(data)
	alt = vn.Clean(strings.TrimSpace(alt))
	e := check.Errors{}
	if problem != "" {
		e["image"] = problem
	}
	e.Text("alt", alt, true, 200, "Mô tả ảnh (cho người khiếm thị)")
	if err := e.Err(); err != nil {
		return nil, err
	}
	variants, w, h, err := media.Variants(up.Data)
	if err != nil {
		return nil, check.Errors{"image": "Không xử lý được ảnh."}
	}
	key := filestore.NewKey(wardID, "images", "") // variants are key-WIDTH.jpg
	var widths []int
	var written []string
	for width, b := range variants {
		k := key + "-" + strconv.Itoa(width) + ".jpg"
		if err := files.Put(ctx, k, bytes.NewReader(b), int64(len(b)), "image/jpeg"); err != nil {
			filestore.Remove(ctx, files, written...)
			return nil, err
		}
		written = append(written, k)
		widths = append(widths, width)
	}
	sort.Ints(widths)
	ws := make([]string, len(widths))
	for i, x := range widths {
		ws[i] = strconv.Itoa(x)
	}
	im := &Image{Key: key, Width: w, Height: h, Widths: widths, Alt: alt}
	err = q.QueryRow(ctx, `insert into images (ward_id, file_key, width, height, widths, alt, created_by, created_at) values (?, ?, ?, ?, ?, ?, ?, ?) returning id`,
		wardID, key, w, h, strings.Join(ws, ","), alt, userID, db.Now()).Scan(&im.ID)
	if err != nil {
		filestore.Remove(ctx, files, written...)
		return nil, err
	}
	return im, nil
}

// GetImage returns a ward's image.
func GetImage(ctx context.Context, q db.Querier, wardID, id int64) (*Image, error) {
	im := &Image{ID: id}
	var ws string
	err := q.QueryRow(ctx, `select file_key, width, height, widths, alt from images where ward_id = ? and id = ?`, wardID, id).
		Scan(&im.Key, &im.Width, &im.Height, &ws, &im.Alt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, db.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	for _, s := range strings.Split(ws, ",") {
		if n, err := strconv.Atoi(s); err == nil {
			im.Widths = append(im.Widths, n)
		}
	}
	return im, nil
}

// MaxVideoSize bounds an uploaded clip; longer films belong on a video site.
const MaxVideoSize = 50 << 20

// Video is an uploaded clip.
type Video struct {
	ID          int64
	Key         string
	ContentType string
	Size        int64
	Title       string
}

// URL is the clip's public address.
func (v *Video) URL() string {
	ext := ".mp4"
	if v.ContentType == "video/webm" {
		ext = ".webm"
	}
	return "/video/" + strconv.FormatInt(v.ID, 10) + ext
}

// videoType recognises MP4 (an "ftyp" box first) and WebM (EBML header) by content.
func videoType(b []byte) string {
	switch {
	case len(b) > 12 && string(b[4:8]) == "ftyp":
		return "video/mp4"
	case len(b) > 4 && b[0] == 0x1A && b[1] == 0x45 && b[2] == 0xDF && b[3] == 0xA3:
		return "video/webm"
	}
	return ""
}

// SaveVideo checks a clip by its content and size and stores it.
func SaveVideo(ctx context.Context, q db.Querier, files filestore.Store, wardID, userID int64, data []byte, title string) (*Video, error) {
	title = vn.Clean(strings.TrimSpace(title))
	e := check.Errors{}
	ct := videoType(data)
	switch {
	case len(data) > MaxVideoSize:
		e["video"] = "Video quá lớn (tối đa 50 MB); video dài hơn nên đăng lên trang video và dán liên kết."
	case ct == "":
		e["video"] = "Chỉ nhận video MP4 hoặc WebM."
	}
	e.Text("title", title, true, 200, "Tên video")
	if err := e.Err(); err != nil {
		return nil, err
	}
	v := &Video{ContentType: ct, Size: int64(len(data)), Title: title}
	staged, err := media.Stage(ctx, files, wardID, "videos", media.Upload{Data: data, ContentType: ct})
	if err != nil {
		return nil, err
	}
	v.Key = staged.Keys[0]
	err = q.QueryRow(ctx, `insert into videos (ward_id, file_key, content_type, size, title, created_by, created_at) values (?, ?, ?, ?, ?, ?, ?) returning id`,
		wardID, v.Key, ct, v.Size, title, userID, db.Now()).Scan(&v.ID)
	if err != nil {
		staged.Discard(ctx)
		return nil, err
	}
	return v, nil
}

// GetVideo returns a ward's clip.
func GetVideo(ctx context.Context, q db.Querier, wardID, id int64) (*Video, error) {
	v := &Video{ID: id}
	err := q.QueryRow(ctx, `select file_key, content_type, size, title from videos where ward_id = ? and id = ?`, wardID, id).Scan(&v.Key, &v.ContentType, &v.Size, &v.Title)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, db.ErrNotFound
	}
	return v, err
}

// RecentImages returns the ward's latest pictures, newest first, for the
// editor to pick a cover from.
func RecentImages(ctx context.Context, q db.Querier, wardID int64, n int) ([]*Image, error) {
	rows, err := q.Query(ctx, `select id from images where ward_id = ? order by id desc limit ?`, wardID, n)
	if err != nil {
		return nil, err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]*Image, 0, len(ids))
	for _, id := range ids {
		im, err := GetImage(ctx, q, wardID, id)
		if err != nil {
			return nil, err
		}
		out = append(out, im)
	}
	return out, nil
}
