package web

import (
	"bytes"
	"context"
	"image"
	"image/jpeg"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/db/dbtest"
	"github.com/cchc-vn/cchc/internal/jobs"
	"github.com/cchc-vn/cchc/internal/news"
	"github.com/cchc-vn/cchc/internal/social"
	"github.com/cchc-vn/cchc/internal/social/socialtest"
)

func (c *client) postForm(path string, fields map[string]string, fileField, fileName string, file []byte) *http.Response {
	var mb bytes.Buffer
	mw := multipart.NewWriter(&mb)
	mw.WriteField("csrf", c.csrf)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	if file != nil {
		fw, _ := mw.CreateFormFile(fileField, fileName)
		fw.Write(file)
	}
	mw.Close()
	req, _ := http.NewRequest("POST", c.e.ts.URL+path, &mb)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req)
}

// TestArticleJourney: an editor writes an article with a picture, the
// leader approves it, it appears on the portal, in its column, the feed and
// the sitemap with its preview metadata, and the outbox delivers it to the
// (fake) Facebook Page and Zalo OA.
func TestArticleJourney(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		editor, leader, admin := e.as("bientap"), e.as("lanhdao"), e.as("admin")
		fake := socialtest.Start(t)
		admin.post("/quan-ly/mang-xa-hoi", url.Values{"provider": {"facebook"}, "page_id": {"4455"}, "token": {"fb-token"}}).Body.Close()
		admin.post("/quan-ly/mang-xa-hoi", url.Values{"provider": {"zalo"}, "token": {"zalo-token"}}).Body.Close()
		if b := body(t, admin.get("/quan-ly/mang-xa-hoi")); strings.Contains(b, "fb-token") || !strings.Contains(b, "4455") || !strings.Contains(b, "CCHC_SECRET_KEY") {
			t.Error("the social settings page shows a token, lacks the page, or hides that tokens are not encrypted")
		}

		resp := editor.postForm("/quan-ly/anh", map[string]string{"alt": "Người dân nộp hồ sơ tại Trung tâm", "back": "/quan-ly/bai-viet/moi"}, "image", "anh.jpg", bigPhoto())
		resp.Body.Close()
		imageID := regexp.MustCompile(`Đã tải ảnh số (\d+)`).FindStringSubmatch(flashOf(resp))
		if resp.StatusCode != http.StatusSeeOther || imageID == nil {
			t.Fatalf("image upload: %d %q", resp.StatusCode, flashOf(resp))
		}
		cols, _ := news.Columns(ctx, d, e.ward.ID)
		col := cols[2] // Dịch vụ công trực tuyến và chính quyền số
		body1 := "Từ tháng 12, người dân có thể **nộp hồ sơ trực tuyến** tại quầy hỗ trợ.\n\n<script>alert(1)</script>\n\n[bấm vào đây](javascript:alert(1))\n\n![Quầy hỗ trợ](/anh/" + imageID[1] + "-480.jpg)"
		resp = editor.postForm("/quan-ly/bai-viet", map[string]string{"column_id": itoa64(col.ID), "title": "Hướng dẫn nộp hồ sơ trực tuyến tại Trung tâm",
			"summary": "Ba bước để nộp hồ sơ không cần đến phường.", "body": body1, "cover_image_id": imageID[1], "procedure_codes": "1.001193", "theme_codes": "3"}, "", "", nil)
		loc := resp.Header.Get("Location")
		resp.Body.Close()
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("save: %d", resp.StatusCode)
		}
		a, _ := news.Workspace(ctx, d, e.ward.ID, "")
		if len(a) != 1 || a[0].Slug != "huong-dan-nop-ho-so-truc-tuyen-tai-trung-tam" {
			t.Fatalf("article: %+v", a)
		}
		slug := a[0].Slug
		if r := e.anon().get("/bai-viet/" + slug); r.StatusCode != http.StatusNotFound {
			t.Errorf("a draft is public: %d", r.StatusCode)
		}
		if b := body(t, editor.get(loc+"/xem-truoc")); !strings.Contains(b, "<strong>nộp hồ sơ trực tuyến</strong>") || strings.Contains(b, "<script>alert") || strings.Contains(b, "javascript:") {
			t.Error("preview is not rendered and sanitised")
		}
		editor.post(loc+"/gui-duyet", nil).Body.Close()
		if r := editor.post(loc+"/duyet", url.Values{"decision": {"approve"}}); r.StatusCode != http.StatusForbidden {
			t.Errorf("the editor approved: %d", r.StatusCode)
		}
		if r := leader.post(loc+"/duyet", url.Values{"decision": {"return"}}); r.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("returned without a reason: %d", r.StatusCode)
		}
		var before int
		d.QueryRow(ctx, `select count(*) from activities where ward_id = ? and channel_code = 'cong-ttdt-mxh'`, e.ward.ID).Scan(&before)
		leader.post(loc+"/duyet", url.Values{"decision": {"approve"}}).Body.Close()
		// The plan of the test data ended in 2025, so an article published today is outside it: not counted.
		var after int
		d.QueryRow(ctx, `select count(*) from activities where ward_id = ? and channel_code = 'cong-ttdt-mxh'`, e.ward.ID).Scan(&after)
		if after != before {
			t.Errorf("an article outside the plan's period was counted as an activity")
		}

		page := body(t, e.anon().get("/bai-viet/"+slug))
		for _, want := range []string{`property="og:title" content="Hướng dẫn nộp hồ sơ trực tuyến tại Trung tâm"`, `property="og:image" content="http://`,
			"-960.jpg", `srcset="/anh/`, "Thủ tục đăng ký khai sinh", `rel="canonical"`, "facebook.com/sharer", "data-share="} {
			if !strings.Contains(page, want) {
				t.Errorf("article page lacks %q", want)
			}
		}
		if strings.Contains(page, "<script>alert") || strings.Contains(page, "javascript:alert") {
			t.Error("the public page carries the script")
		}
		// The body named the picture by its old numbered address: it redirects to the unguessable one.
		if img := e.anon().get("/anh/" + imageID[1] + "-480.jpg"); img.StatusCode != http.StatusMovedPermanently || !regexp.MustCompile(`^/anh/[0-9a-f]{20}-480\.jpg$`).MatchString(img.Header.Get("Location")) {
			t.Errorf("image by number: %d → %q", img.StatusCode, img.Header.Get("Location"))
		} else if img := e.anon().get(img.Header.Get("Location")); img.StatusCode != 200 || !strings.Contains(img.Header.Get("Cache-Control"), "immutable") {
			t.Errorf("image: %d %s", img.StatusCode, img.Header.Get("Cache-Control"))
		}
		for path, want := range map[string]string{"/chuyen-muc/" + col.Slug: slug, "/tin-tuc/atom": "/bai-viet/" + slug, "/chuyen-muc/" + col.Slug + "/atom": slug,
			"/sitemap.xml": "/bai-viet/" + slug, "/": "Hướng dẫn nộp hồ sơ trực tuyến", "/robots.txt": "Disallow: /quan-ly"} {
			if b := body(t, e.anon().get(path)); !strings.Contains(b, want) {
				t.Errorf("%s lacks %q", path, want)
			}
		}

		background := jobs.Config{DB: d, Sealer: social.NewSealer(""), BaseURL: "https://phudinh.example",
			Posters: map[string]social.Poster{social.Facebook: social.FacebookPages{Base: fake.Facebook.URL}, social.Zalo: social.ZaloOA{Base: fake.Zalo.URL}}}
		n, err := background.Run(ctx, "social", time.Now())
		if err != nil || n != 2 {
			t.Fatalf("delivered %d: %v", n, err)
		}
		if fake.FBPosts[0]["page"] != "4455" || fake.FBPosts[0]["link"] != "https://phudinh.example/bai-viet/"+slug {
			t.Errorf("facebook got %v", fake.FBPosts[0])
		}
		if cover, _ := fake.ZaloPost[0]["cover"].(map[string]any); !strings.HasPrefix(cover["photo_url"].(string), "https://phudinh.example/anh/") {
			t.Errorf("zalo got %v", fake.ZaloPost[0])
		}
		if b := body(t, editor.get(loc)); strings.Count(b, "Đã đăng") < 3 {
			t.Error("the editor does not see both posts delivered")
		}

		// A scheduled article stays hidden until its time; an archived one disappears.
		resp = editor.postForm("/quan-ly/bai-viet", map[string]string{"column_id": itoa64(col.ID), "title": "Lịch tiếp công dân tháng sau",
			"body": "Nội dung.", "publish_at": time.Now().Add(48 * time.Hour).Format("02/01/2006 15:04")}, "", "", nil)
		loc2 := resp.Header.Get("Location")
		resp.Body.Close()
		editor.post(loc2+"/gui-duyet", nil).Body.Close()
		leader.post(loc2+"/duyet", url.Values{"decision": {"approve"}}).Body.Close()
		if r := e.anon().get("/bai-viet/lich-tiep-cong-dan-thang-sau"); r.StatusCode != http.StatusNotFound {
			t.Errorf("a scheduled article is public early: %d", r.StatusCode)
		}
		editor.post(loc+"/luu-tru", nil).Body.Close()
		if r := e.anon().get("/bai-viet/" + slug); r.StatusCode != http.StatusNotFound {
			t.Errorf("an archived article is still served: %d", r.StatusCode)
		}

		// A document with its PDF.
		docs := cols[5]
		resp = editor.postForm("/quan-ly/bai-viet", map[string]string{"column_id": itoa64(docs.ID), "title": "Kế hoạch tuyên truyền CCHC năm 2026",
			"body": "Ban hành kèm theo.", "doc_number": "12/KH-UBND", "doc_date": "05/01/2026", "doc_issuer": ""}, "attachment", "kh.pdf", []byte("%PDF-1.4\nstartxref\n0\n%%EOF"))
		if b := body(t, resp); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(b, "Cơ quan ban hành") {
			t.Errorf("a document without its issuer: %d", resp.StatusCode)
		}
		resp = editor.postForm("/quan-ly/bai-viet", map[string]string{"column_id": itoa64(docs.ID), "title": "Kế hoạch tuyên truyền CCHC năm 2026",
			"body": "Ban hành kèm theo.", "doc_number": "12/KH-UBND", "doc_date": "05/01/2026", "doc_issuer": "UBND phường Phú Định"}, "attachment", "kh.pdf", []byte("%PDF-1.4\nstartxref\n0\n%%EOF"))
		loc3 := resp.Header.Get("Location")
		resp.Body.Close()
		editor.post(loc3+"/gui-duyet", nil).Body.Close()
		leader.post(loc3+"/duyet", url.Values{"decision": {"approve"}}).Body.Close()
		if r := e.anon().get("/bai-viet/ke-hoach-tuyen-truyen-cchc-nam-2026/van-ban.pdf"); r.StatusCode != 200 || r.Header.Get("Content-Type") != "application/pdf" {
			t.Errorf("document PDF: %d", r.StatusCode)
		}
		// A video clip, checked by content, served with range requests.
		resp = editor.postForm("/quan-ly/video", map[string]string{"title": "Hướng dẫn bằng video"}, "video", "a.mp4", []byte("<html>not a video</html>"))
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("a fake video: %d", resp.StatusCode)
		}
		resp.Body.Close()
		clip := minimalMP4()
		resp = editor.postForm("/quan-ly/video", map[string]string{"title": "Hướng dẫn bằng video"}, "video", "a.mp4", clip)
		resp.Body.Close()
		vurl := regexp.MustCompile(`/video/[0-9a-f]{20}\.mp4`).FindString(flashOf(resp))
		req, _ := http.NewRequest("GET", e.ts.URL+vurl, nil)
		req.Header.Set("Range", "bytes=100-199")
		vr := editor.do(req) // no article shows it yet: officials only
		part := readAll(t, vr)
		if vr.StatusCode != http.StatusPartialContent || len(part) != 100 || vr.Header.Get("Content-Type") != "video/mp4" {
			t.Errorf("range request on %q: %d, %d bytes", vurl, vr.StatusCode, len(part))
		}
		body(t, editor.get("/quan-ly/bai-viet"))
		body(t, editor.get("/quan-ly/bai-viet/moi"))
		body(t, editor.get("/quan-ly/chuyen-muc"))
		body(t, e.anon().get("/tin-tuc"))
	})
}

// bigPhoto is a 1200×800 JPEG, wide enough for every served width but the largest.
func bigPhoto() []byte {
	img := image.NewRGBA(image.Rect(0, 0, 1200, 800))
	for i := range img.Pix {
		img.Pix[i] = uint8(i / 7)
	}
	var b bytes.Buffer
	jpeg.Encode(&b, img, nil)
	return b.Bytes()
}

func flashOf(resp *http.Response) string {
	for _, c := range resp.Cookies() {
		if c.Name == "cchc_flash" {
			v, _ := url.QueryUnescape(c.Value)
			return v
		}
	}
	return ""
}

// TestExemplarNominatedApprovedShown: a khu phố head nominates, the leader
// approves, the public sees the honour roll.
func TestExemplarNominatedApprovedShown(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		kp := e.as("kp01")
		if r := kp.post("/quan-ly/guong-dien-hinh", url.Values{"kind": {"ca_nhan"}, "name": {""}}); r.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("empty nomination: %d", r.StatusCode)
		}
		kp.post("/quan-ly/guong-dien-hinh", url.Values{"kind": {"ca_nhan"}, "name": {"Bà Nguyễn Thị Lệ"}, "unit_name": {"Khu phố 1"},
			"achievement": {"Lập nhóm Zalo khu phố giải đáp thủ tục hành chính cho 300 hộ."}, "results": {"Giảm một nửa số lần người dân phải đi lại."}}).Body.Close()
		if b := body(t, e.anon().get("/guong-dien-hinh")); strings.Contains(b, "Nguyễn Thị Lệ") {
			t.Error("a nomination is public before approval")
		}
		var id int64
		d.QueryRow(context.Background(), `select id from exemplars where ward_id = ?`, e.ward.ID).Scan(&id)
		if r := kp.post("/quan-ly/guong-dien-hinh/"+itoa64(id)+"/duyet", url.Values{"decision": {"approve"}}); r.StatusCode != http.StatusForbidden {
			t.Errorf("a khu phố head approved: %d", r.StatusCode)
		}
		e.as("lanhdao").post("/quan-ly/guong-dien-hinh/"+itoa64(id)+"/duyet", url.Values{"decision": {"approve"}}).Body.Close()
		if b := body(t, e.anon().get("/guong-dien-hinh")); !strings.Contains(b, "Nguyễn Thị Lệ") || !strings.Contains(b, "Giảm một nửa") {
			t.Error("the honour roll lacks the approved exemplar")
		}
		if b := body(t, e.anon().get("/")); !strings.Contains(b, "Nguyễn Thị Lệ") {
			t.Error("the home page does not show the exemplar (page cache not refreshed?)")
		}
		body(t, e.as("lanhdao").get("/quan-ly/guong-dien-hinh"))
	})
}

// TestMediaPublicOnlyOnceShown: an uploaded picture or clip is served to
// anyone only once something public shows it (a live article's cover or
// body, an approved exemplary model); before, to officials only, at an
// address nobody can guess. Before this, /anh/{n}-{w}.jpg served any
// upload, a draft's included, by its sequential number.
func TestMediaPublicOnlyOnceShown(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		editor, leader, anon := e.as("bientap"), e.as("lanhdao"), e.anon()
		upload := func(alt string) (id, url string) {
			resp := editor.postForm("/quan-ly/anh", map[string]string{"alt": alt, "back": "/quan-ly/bai-viet/moi"}, "image", "anh.jpg", bigPhoto())
			resp.Body.Close()
			m := regexp.MustCompile(`Đã tải ảnh số (\d+)\. Chèn vào bài: !\[[^\]]*\]\((/anh/[0-9a-f]{20}-\d+\.jpg)\)`).FindStringSubmatch(flashOf(resp))
			if m == nil {
				t.Fatalf("upload %s: %q", alt, flashOf(resp))
			}
			return m[1], m[2]
		}
		status := func(c *client, path string) int {
			resp := c.get(path)
			resp.Body.Close()
			return resp.StatusCode
		}
		coverID, cover := upload("Ảnh đại diện")
		_, inBody := upload("Ảnh trong bài")
		oldID, _ := upload("Ảnh dán theo số cũ")
		unusedID, unused := upload("Ảnh không dùng")
		exemplarID, forExemplar := upload("Ảnh gương điển hình")
		clip := minimalMP4()
		resp := editor.postForm("/quan-ly/video", map[string]string{"title": "Hướng dẫn bằng video"}, "video", "a.mp4", clip)
		resp.Body.Close()
		video := regexp.MustCompile(`/video/[0-9a-f]{20}\.mp4`).FindString(flashOf(resp))

		for _, p := range []string{cover, inBody, unused, video, "/anh/" + coverID + "-480.jpg", "/anh/" + unusedID + "-480.jpg", "/video/1.mp4"} {
			if got := status(anon, p); got != http.StatusNotFound {
				t.Errorf("%s before publication, to anyone: %d", p, got)
			}
		}
		if r := editor.get(cover); r.StatusCode != 200 || r.Header.Get("Cache-Control") != "private, no-store" {
			t.Errorf("an official previewing: %d %q", r.StatusCode, r.Header.Get("Cache-Control"))
		}

		cols, _ := news.Columns(context.Background(), d, e.ward.ID)
		resp = editor.postForm("/quan-ly/bai-viet", map[string]string{"column_id": itoa64(cols[2].ID), "title": "Bài có ảnh và video", "summary": "Tóm tắt.",
			"body": "Đoạn đầu.\n\n![a](" + inBody + ")\n\n![b](/anh/" + oldID + "-480.jpg)\n\n[Xem video](" + video + ")", "cover_image_id": coverID}, "", "", nil)
		loc := resp.Header.Get("Location")
		resp.Body.Close()
		editor.post(loc+"/gui-duyet", nil).Body.Close()
		leader.post(loc+"/duyet", url.Values{"decision": {"approve"}}).Body.Close()
		for _, p := range []string{cover, inBody, video} {
			if got := status(anon, p); got != 200 {
				t.Errorf("%s once the article is live: %d", p, got)
			}
		}
		if r := anon.get("/anh/" + oldID + "-480.jpg"); r.StatusCode != http.StatusMovedPermanently || status(anon, r.Header.Get("Location")) != 200 {
			t.Errorf("a picture the body names by number: %d", r.StatusCode)
		}
		if got := status(anon, unused); got != http.StatusNotFound {
			t.Errorf("a picture no article shows, after publication: %d", got)
		}

		// The honour roll shows an approved model's picture.
		kp := e.as("kp01")
		kp.post("/quan-ly/guong-dien-hinh", url.Values{"kind": {"ca_nhan"}, "name": {"Nguyễn Văn Tốt"}, "unit_name": {"Khu phố 1"},
			"achievement": {"Hướng dẫn 200 người cao tuổi dùng dịch vụ công trực tuyến."}, "results": {"200 hồ sơ nộp trực tuyến."}, "image_id": {exemplarID}}).Body.Close()
		if got := status(anon, forExemplar); got != http.StatusNotFound {
			t.Errorf("a nominated model's picture: %d", got)
		}
		var exID int64
		d.QueryRow(context.Background(), `select id from exemplars where name = 'Nguyễn Văn Tốt'`).Scan(&exID)
		leader.post("/quan-ly/guong-dien-hinh/"+itoa64(exID)+"/duyet", url.Values{"decision": {"approve"}}).Body.Close()
		if got := status(anon, forExemplar); exID == 0 || got != 200 {
			t.Errorf("an approved model's picture: %d (model %d)", got, exID)
		}
	})
}
