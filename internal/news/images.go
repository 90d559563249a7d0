package news

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"regexp"
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
	Token  string // the unguessable part of its address
	Public bool   // something public shows it (a live article, an approved model): served to anyone
	Width  int
	Height int
	Widths []int
	Alt    string
}

// Media are served to anyone only once public; until then to officials,
// at addresses nobody can guess (an uploaded picture was reachable by its
// sequential number, a draft's included).

// newToken is the unguessable part of a picture's or a clip's address.
func newToken() string {
	b := make([]byte, 10)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// tokenLen tells a token from a legacy numeric address.
const tokenLen = 20

// URL is the address of the variant closest to width.
func (im *Image) URL(width int) string {
	best := im.Widths[len(im.Widths)-1]
	for _, w := range im.Widths {
		if w >= width {
			best = w
			break
		}
	}
	return "/anh/" + im.Token + "-" + strconv.Itoa(best) + ".jpg"
}

// Srcset lists every variant for the browser to choose from.
func (im *Image) Srcset() string {
	var parts []string
	for _, w := range im.Widths {
		parts = append(parts, "/anh/"+im.Token+"-"+strconv.Itoa(w)+".jpg "+strconv.Itoa(w)+"w")
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
	im := &Image{Key: key, Token: newToken(), Width: w, Height: h, Widths: widths, Alt: alt}
	err = q.QueryRow(ctx, `insert into images (ward_id, file_key, token, width, height, widths, alt, created_by, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?) returning id`,
		wardID, key, im.Token, w, h, strings.Join(ws, ","), alt, userID, db.Now()).Scan(&im.ID)
	if err != nil {
		filestore.Remove(ctx, files, written...)
		return nil, err
	}
	return im, nil
}

// GetImage returns a ward's image.
func GetImage(ctx context.Context, q db.Querier, wardID, id int64) (*Image, error) {
	return scanImage(q.QueryRow(ctx, `select `+imageCols+` from images where ward_id = ? and id = ?`, wardID, id))
}

// ImageAt returns the image an address names: its token, or the number of
// the addresses before tokens (pasted into older articles), which the
// caller redirects.
func ImageAt(ctx context.Context, q db.Querier, wardID int64, ref string) (*Image, error) {
	if len(ref) == tokenLen {
		return scanImage(q.QueryRow(ctx, `select `+imageCols+` from images where ward_id = ? and token = ?`, wardID, ref))
	}
	id, err := strconv.ParseInt(ref, 10, 64)
	if err != nil {
		return nil, db.ErrNotFound
	}
	return GetImage(ctx, q, wardID, id)
}

const imageCols = `id, file_key, token, public, width, height, widths, alt`

func scanImage(row *sql.Row) (*Image, error) {
	im := &Image{}
	var ws string
	err := row.Scan(&im.ID, &im.Key, &im.Token, db.Bool(&im.Public), &im.Width, &im.Height, &ws, &im.Alt)
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
	Token       string // the unguessable part of its address
	Public      bool   // a live article shows it: served to anyone
	ContentType string
	Size        int64
	Title       string
}

// URL is the clip's address.
func (v *Video) URL() string {
	ext := ".mp4"
	if v.ContentType == "video/webm" {
		ext = ".webm"
	}
	return "/video/" + v.Token + ext
}

// SaveVideo checks a clip by its content and size and stores it.
func SaveVideo(ctx context.Context, q db.Querier, files filestore.Store, wardID, userID int64, data []byte, title string) (*Video, error) {
	title = vn.Clean(strings.TrimSpace(title))
	e := check.Errors{}
	ct := media.VideoType(data)
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
	v := &Video{Token: newToken(), ContentType: ct, Size: int64(len(data)), Title: title}
	staged, err := media.Stage(ctx, files, wardID, "videos", media.Upload{Data: data, ContentType: ct})
	if err != nil {
		return nil, err
	}
	v.Key = staged.Keys[0]
	err = q.QueryRow(ctx, `insert into videos (ward_id, file_key, token, content_type, size, title, created_by, created_at) values (?, ?, ?, ?, ?, ?, ?, ?) returning id`,
		wardID, v.Key, v.Token, ct, v.Size, title, userID, db.Now()).Scan(&v.ID)
	if err != nil {
		staged.Discard(ctx)
		return nil, err
	}
	return v, nil
}

// VideoAt returns the clip an address names: its token, or the number of
// the addresses before tokens, which the caller redirects.
func VideoAt(ctx context.Context, q db.Querier, wardID int64, ref string) (*Video, error) {
	where, arg := `token = ?`, any(ref)
	if len(ref) != tokenLen {
		id, err := strconv.ParseInt(ref, 10, 64)
		if err != nil {
			return nil, db.ErrNotFound
		}
		where, arg = `id = ?`, id
	}
	v := &Video{}
	err := q.QueryRow(ctx, `select id, file_key, token, public, content_type, size, title from videos where ward_id = ? and `+where, wardID, arg).
		Scan(&v.ID, &v.Key, &v.Token, db.Bool(&v.Public), &v.ContentType, &v.Size, &v.Title)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, db.ErrNotFound
	}
	return v, err
}

// mediaRef finds the pictures and clips an article's body shows, by token
// or by the numbers of older addresses.
var mediaRef = regexp.MustCompile(`/(anh|video)/([0-9a-f]{20}|[0-9]+)(?:-[0-9]+\.jpg|\.mp4|\.webm)`)

// publishMedia makes public the pictures and clips a public article
// shows: its cover and those its body names.
func publishMedia(ctx context.Context, q db.Querier, a *Article) error {
	if err := PublishImage(ctx, q, a.WardID, a.CoverImageID); err != nil {
		return err
	}
	for _, m := range mediaRef.FindAllStringSubmatch(a.Body, -1) {
		table, col := map[string]string{"anh": "images", "video": "videos"}[m[1]], "id"
		if len(m[2]) == tokenLen {
			col = "token"
		}
		if _, err := q.Exec(ctx, `update `+table+` set public = 1 where ward_id = ? and `+col+` = ? and public = 0`, a.WardID, m[2]); err != nil {
			return err
		}
	}
	return nil
}

// PublishImage makes a picture public: something public now shows it (an
// approved exemplary model, a live article's cover). 0 is no picture.
func PublishImage(ctx context.Context, q db.Querier, wardID, id int64) error {
	if id == 0 {
		return nil
	}
	_, err := q.Exec(ctx, `update images set public = 1 where ward_id = ? and id = ? and public = 0`, wardID, id)
	return err
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
