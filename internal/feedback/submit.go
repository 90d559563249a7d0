package feedback

import (
	"context"
	"strconv"
	"time"

	"github.com/cchc-vn/cchc/internal/account"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/filestore"
	"github.com/cchc-vn/cchc/internal/media"
	"github.com/cchc-vn/cchc/internal/notice"
	"github.com/cchc-vn/cchc/internal/vn"
	"github.com/cchc-vn/cchc/internal/ward"
	"github.com/cchc-vn/cchc/internal/workday"
)

// MaxPhotos bounds the photos sent with one item.
const MaxPhotos = 3

// Desk is what feedback needs to know of a ward to take and route items:
// its units (the khu phố an item concerns, the one-stop desk that receives
// it) and its working-day calendar for deadlines. The public form reads it
// on every submission, so the web layer keeps one per ward for a short
// while (LoadDesk builds it).
type Desk struct {
	WardID   int64
	Units    []*ward.Unit
	Calendar *workday.Calendar
}

// LoadDesk reads a ward's desk.
func LoadDesk(ctx context.Context, q db.Querier, wardID int64) (*Desk, error) {
	units, err := ward.Units(ctx, q, wardID)
	if err != nil {
		return nil, err
	}
	cal, err := workday.Load(ctx, q, wardID)
	if err != nil {
		return nil, err
	}
	return &Desk{WardID: wardID, Units: units, Calendar: cal}, nil
}

// KhuPho lists the ward's khu phố, for the form.
func (d *Desk) KhuPho() []*ward.Unit {
	var out []*ward.Unit
	for _, u := range d.Units {
		if u.Kind == ward.KindKhuPho {
			out = append(out, u)
		}
	}
	return out
}

// Submission is an item as it arrives: from the portal, from a partner app
// (Open311), or recorded by an official on the resident's behalf.
type Submission struct {
	Input     Input
	Photos    [][]byte // as uploaded: checked by content, resized, stripped of metadata
	Channel   string
	Recorder  *account.User // the official recording on the resident's behalf, if any
	Challenge string        // the proof-of-work challenge it answered, stored to refuse replays
	App       *App          // the partner app filing it over Open311, if any: it may follow the item
	MeetingID int64         // the meeting where the resident said it (recorded by an official), if any
}

// Submit takes an item, all or nothing: it checks the input and the photos,
// stores the photos, then in one transaction writes the item, its photos
// and its first event, tells the one-stop desk and queues the resident's
// acknowledgement the way they chose. It returns the item with its tracking code,
// committed: an acknowledged item is never lost.
func Submit(ctx context.Context, conn db.Conn, files filestore.Store, desk *Desk, s Submission, now time.Time) (*Item, error) {
	if s.Channel == ChannelOfficer && (s.Recorder == nil || !(Official{User: s.Recorder}).CanRecord()) {
		return nil, ErrForbidden
	}
	kp := map[int64]*ward.Unit{}
	for _, u := range desk.KhuPho() {
		kp[u.ID] = u
	}
	e := s.Input.validate(kp)
	photos, problem := preparePhotos(s.Photos)
	if problem != "" {
		e["photos"] = problem
	}
	if err := e.Err(); err != nil {
		return nil, err
	}
	staged, err := media.Stage(ctx, files, desk.WardID, "feedback", photos...)
	if err != nil {
		return nil, err
	}
	var it *Item
	err = conn.InTx(ctx, func(tx *db.Tx) error {
		var err error
		if it, err = create(ctx, tx, desk.Calendar, desk.WardID, s, now); err != nil {
			return err
		}
		for i, p := range photos {
			if _, err := tx.Exec(ctx, `insert into feedback_photos (feedback_id, file_key, content_type, size) values (?, ?, ?, ?)`,
				it.ID, staged.Keys[i], p.ContentType, len(p.Data)); err != nil {
				return err
			}
		}
		receivers, err := desk.receivers(ctx, tx)
		if err != nil {
			return err
		}
		if _, err := notice.Add(ctx, tx, desk.WardID, receivers, notice.New{Kind: "feedback", Subject: "Phản ánh mới " + it.Code + ": " + it.Title,
			Body: CategoryName(it.Category) + ". Hạn phân loại: " + vn.ISODate(it.ClassifyDue) + ".", Link: "/quan-ly/phan-anh/" + strconv.FormatInt(it.ID, 10)}); err != nil {
			return err
		}
		return tell(ctx, tx, it, Received, "Đã tiếp nhận phản ánh "+it.Code,
			"Phường đã tiếp nhận phản ánh của anh/chị: \""+it.Title+"\".\nMã tra cứu: "+it.Code+
				". Phản ánh sẽ được phân loại trước ngày "+vn.ISODate(it.ClassifyDue)+"; anh/chị sẽ nhận thư ở mỗi bước xử lý.\n"+
				"Tra cứu bằng mã và địa chỉ thư điện tử này (hoặc 4 số cuối điện thoại).", now)
	})
	if err != nil {
		staged.Discard(ctx)
		return nil, err
	}
	return it, nil
}

// preparePhotos checks and prepares the photos of an item; a problem is a
// message for the photos field.
func preparePhotos(files [][]byte) ([]media.Upload, string) {
	if len(files) > MaxPhotos {
		return nil, "Tối đa " + strconv.Itoa(MaxPhotos) + " ảnh."
	}
	var out []media.Upload
	for i, f := range files {
		up, problem := media.PreparePhoto(f)
		if problem != "" {
			return nil, "Ảnh thứ " + strconv.Itoa(i+1) + ": " + problem
		}
		out = append(out, up)
	}
	return out, ""
}

// receivers are the officials told of new feedback: the officers of the
// office and of the public administration centre.
func (d *Desk) receivers(ctx context.Context, q db.Querier) ([]int64, error) {
	var out []int64
	for _, u := range d.Units {
		if u.Kind == ward.KindOffice || u.Kind == ward.KindCentre {
			ids, err := account.UnitMembers(ctx, q, d.WardID, u.ID)
			if err != nil {
				return nil, err
			}
			out = append(out, ids...)
		}
	}
	return out, nil
}
