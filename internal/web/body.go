package web

import (
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strconv"

	"github.com/cchc-vn/cchc/internal/check"
	"github.com/cchc-vn/cchc/internal/media"
	"github.com/cchc-vn/cchc/internal/news"
	"github.com/cchc-vn/cchc/internal/procedure"
	"github.com/cchc-vn/cchc/internal/vn"
)

// maxFormText bounds the text fields of one form, files aside.
const maxFormText = 2 << 20

// bodyError is why a posted body could not be read whole: too large (413),
// too slow (408) or malformed (400). What arrived before it is kept.
type bodyError struct {
	status int
	msg    string
}

// readBody reads a posted form into memory before anything looks at it:
// the text fields into PostForm, the files into c.files, no temporary
// files. Browsers send a form's fields in the page's order, so with the
// file inputs last, everything typed arrives before the first file: a body
// cut at its limit, or stalled past the server's read timeout, still gives
// the handler what the person typed, to show the form again with the
// reason (bodyError), instead of a CSRF error and an empty form.
func (c *request) readBody(limit int64) *bodyError {
	vals := url.Values{}
	c.r.PostForm = vals
	c.r.Form = url.Values{}
	defer func() {
		for k, v := range c.r.URL.Query() {
			c.r.Form[k] = append(c.r.Form[k], v...)
		}
	}()
	mt, _, _ := mime.ParseMediaType(c.r.Header.Get("Content-Type"))
	var err error
	switch mt {
	case "multipart/form-data":
		err = c.readMultipart(vals)
	case "application/x-www-form-urlencoded":
		var b []byte
		if b, err = io.ReadAll(c.r.Body); err == nil {
			var parsed url.Values
			if parsed, err = url.ParseQuery(string(b)); err == nil {
				for k, v := range parsed {
					vals[k] = v
				}
			}
		}
	} // any other type carries no form fields: the form stays empty, as net/http would leave it
	for k, v := range vals {
		for i := range v {
			v[i] = vn.Storable(v[i])
		}
		c.r.Form[k] = append(c.r.Form[k], v...)
	}
	c.r.MultipartForm = &multipart.Form{Value: vals} // ParseMultipartForm and PostFormValue find it parsed
	if err == nil {
		return nil
	}
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig) || errors.Is(err, errTextTooLong):
		mb := max(1, (limit-1<<20)>>20)
		return &bodyError{http.StatusRequestEntityTooLarge, "Nội dung gửi lên quá lớn: mỗi lần gửi tối đa " + strconv.FormatInt(mb, 10) +
			" MB tệp đính kèm. Những gì anh/chị đã nhập vẫn được giữ bên dưới; vui lòng chọn lại tệp nhỏ hơn hoặc gửi ít tệp hơn."}
	case errors.Is(err, os.ErrDeadlineExceeded):
		return &bodyError{http.StatusRequestTimeout, "Kết nối gửi tệp quá chậm nên chưa gửi xong trong thời gian cho phép. Những gì anh/chị đã nhập vẫn được giữ bên dưới; " +
			"vui lòng chọn lại tệp nhỏ hơn hoặc gửi lại khi mạng ổn định hơn."}
	}
	return &bodyError{http.StatusBadRequest, "Biểu mẫu gửi lên bị hỏng hoặc không đầy đủ. Vui lòng tải lại trang và gửi lại."}
}

var errTextTooLong = errors.New("form text over the limit")

var wildcard = regexp.MustCompile(`\{([A-Za-z_]+)(?:\.\.\.)?\}`)

// storableRequest drops from a request's path values and query what no
// database stores (vn.Storable), before any handler reads them: a NUL or a
// stray byte in an address is a typing or an attack, never data. Form
// bodies get the same in readBody.
func storableRequest(r *http.Request, pattern string) {
	for _, m := range wildcard.FindAllStringSubmatch(pattern, -1) {
		if v := r.PathValue(m[1]); vn.Storable(v) != v {
			r.SetPathValue(m[1], vn.Storable(v))
		}
	}
	if q, err := url.QueryUnescape(r.URL.RawQuery); err == nil && vn.Storable(q) == q {
		return
	}
	q := r.URL.Query()
	for _, v := range q {
		for i := range v {
			v[i] = vn.Storable(v[i])
		}
	}
	r.URL.RawQuery = q.Encode()
}

func (c *request) readMultipart(vals url.Values) error {
	mr, err := c.r.MultipartReader()
	if err != nil {
		return err
	}
	c.files, c.fileNames = map[string][][]byte{}, map[string]string{}
	text := int64(0)
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		name := p.FormName()
		if p.FileName() == "" {
			b, err := io.ReadAll(io.LimitReader(p, maxFormText-text+1))
			text += int64(len(b))
			if err != nil {
				return err
			}
			if text > maxFormText {
				return errTextTooLong
			}
			if name != "" {
				vals.Add(name, string(b))
			}
			continue
		}
		b, err := io.ReadAll(p) // bounded by the route's MaxBody
		if err != nil {
			return err
		}
		if name != "" {
			c.files[name] = append(c.files[name], b)
			if _, ok := c.fileNames[name]; !ok {
				c.fileNames[name] = vn.Clean(p.FileName())
			}
		}
	}
}

// uploadedFiles returns the files of a multipart field, at most max of
// them (one more, so that the domain can say there are too many). When
// the body could not be read whole it returns the reason as the field's
// error, and no file: a cut file is never stored.
func uploadedFiles(c *request, field string, max int) ([][]byte, error) {
	if c.bodyErr != nil {
		return nil, check.Errors{field: c.bodyErr.msg}
	}
	files := c.files[field]
	if len(files) > max+1 {
		files = files[:max+1]
	}
	return files, nil
}

// uploadedFile is the first file of a field, nil when none was chosen.
func uploadedFile(c *request, field string) ([]byte, error) {
	files, err := uploadedFiles(c, field, 1)
	if err != nil || len(files) == 0 {
		return nil, err
	}
	return files[0], nil
}

// uploadLimits are the sizes pages give browsers, which check them before
// sending (app.js), so a file too large is named at once rather than after
// a long upload: each file's, and a form's files together.
var uploadLimits = map[string]int64{
	"photo": media.MaxSize, "evidence": media.MaxSize, "pdf": media.MaxSize, "video": news.MaxVideoSize,
	"xlsx": maxUpload, "form": procedure.MaxFormSize, "audio": media.MaxAudioSize,
	"feedback": maxFeedbackUpload - 1<<20, "activity": maxActivityUpload - 1<<20,
	"poster": maxPosterUpload - 1<<20, "meeting": maxMeetingUpload - 1<<20,
}

// uploadLimit is a template function; an unknown name fails the page, so a
// typo cannot pass the tests that render every template.
func uploadLimit(name string) (int64, error) {
	n, ok := uploadLimits[name]
	if !ok {
		return 0, errors.New("no upload limit " + name)
	}
	return n, nil
}
