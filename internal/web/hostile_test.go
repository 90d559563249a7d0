package web

import (
	"archive/zip"
	"bytes"
	"compress/zlib"
	"context"
	"database/sql"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"image"
	"image/jpeg"
	"io"
	"maps"
	"math"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/net/html"
	"golang.org/x/text/unicode/norm"

	"github.com/cchc-vn/cchc/internal/account"
	"github.com/cchc-vn/cchc/internal/audit"
	"github.com/cchc-vn/cchc/internal/broadcast"
	"github.com/cchc-vn/cchc/internal/contest"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/db/dbtest"
	"github.com/cchc-vn/cchc/internal/demo"
	"github.com/cchc-vn/cchc/internal/feedback"
	"github.com/cchc-vn/cchc/internal/media"
	"github.com/cchc-vn/cchc/internal/meeting"
	"github.com/cchc-vn/cchc/internal/news"
	"github.com/cchc-vn/cchc/internal/pow"
	"github.com/cchc-vn/cchc/internal/survey"
	"github.com/cchc-vn/cchc/internal/vn"
	"github.com/cchc-vn/cchc/internal/ward"
)

// The hostile-input suite: every POST route of the table is sent what an
// attacker would, through the form a browser is shown (its fields, its
// hidden values, its proof of work), as a subject the route lets in.
//
// Text: every field gets each string of a corpus (markup, template and SQL
// syntax, control and direction characters, invalid UTF-8, decomposed
// Vietnamese, very long text), first the free-text fields only, then every
// field but the CSRF token. No answer is a server error, no page shows the
// markup unescaped, stored text is clean UTF-8 in NFC, and every page still
// renders afterwards.
//
// Files: every file field gets each file of a corpus (fake and polyglot
// pictures, script in SVG, HTML named .png, pixel floods, deep-colour PNG
// bombs, zip bombs, truncated archives, PDFs that are HTML, non-videos),
// after a control upload proved the rest of the form valid. Each is refused
// with a Vietnamese message and leaves nothing: no row, no stored file, no
// temporary file, and the heap stays bounded.

// attack is how the suite reaches one POST route.
type attack struct {
	as     string            // the subject who posts ("" is the public)
	page   string            // a page whose form posts to the route; {placeholders} name demo records
	path   string            // the route's address when no page shows its form in the demo's state
	fields map[string]string // values a valid submission needs, over the form's own
}

var attacks = map[string]attack{
	"POST /thu-tuc/{code}/huu-ich": {page: "/thu-tuc/1.001193"},
	"POST /phan-anh": {page: "/phan-anh", fields: map[string]string{"category": "thu_tuc", "title": "Hồ sơ bị trả lại",
		"description": "Tôi nộp hồ sơ hai lần.", "name": "Trần Thị Mai", "phone": "0912345678", "consent": "1"}},
	"POST /phan-anh/danh-gia":                 {path: "/phan-anh/danh-gia", fields: map[string]string{"code": "{feedbackCode}", "rating": "4", "comment": "Tốt"}},
	"POST /phan-anh/ngung-nhan":               {path: "/phan-anh/ngung-nhan", fields: map[string]string{"ma": "{feedbackCode}", "so": "5678"}},
	"POST /danh-gia-dich-vu":                  {page: "/danh-gia-dich-vu"},
	"POST /dang-nhap":                         {page: "/dang-nhap", fields: map[string]string{"username": "kp01", "password": "sai-mat-khau"}},
	"POST /open311/v2/{doc}":                  {path: "/open311/v2/requests.json", fields: map[string]string{"api_key": "{apiKey}", "service_code": "thu_tuc", "description": "Hồ sơ bị trả lại", "first_name": "Mai", "phone": "0912345678"}},
	"POST /dang-xuat":                         {as: "kp01", page: "/quan-ly"},
	"POST /quan-ly/mat-khau":                  {as: "kp01", page: "/quan-ly/mat-khau"},
	"POST /quan-ly/nhac-viec":                 {as: "kp01", page: "/quan-ly/nhac-viec"},
	"POST /quan-ly/don-vi":                    {as: "admin", page: "/quan-ly/don-vi"},
	"POST /quan-ly/don-vi/{id}":               {as: "admin", page: "/quan-ly/don-vi/{unit}"},
	"POST /quan-ly/phuong":                    {as: "admin", page: "/quan-ly/phuong"},
	"POST /quan-ly/phan-cong/{id}/trang-thai": {as: "kp01", page: "/quan-ly/phan-cong/{assignment}"},
	"POST /quan-ly/phan-cong/{id}/y-kien":     {as: "kp01", page: "/quan-ly/phan-cong/{assignment}"},
	"POST /quan-ly/ke-hoach/{id}/sua":         {as: "admin", page: "/quan-ly/ke-hoach/{plan}/sua"},
	"POST /quan-ly/ke-hoach/{id}/trang-thai":  {as: "admin", page: "/quan-ly/ke-hoach/{plan}"},
	"POST /quan-ly/ke-hoach/{id}/sao-chep":    {as: "admin", page: "/quan-ly/ke-hoach/{plan}/sao-chep"},
	"POST /quan-ly/ke-hoach/{id}/muc/{sid}/nhiem-vu": {as: "admin", path: "/quan-ly/ke-hoach/{plan}/muc/{section}/nhiem-vu",
		fields: map[string]string{"body": "Tuyên truyền", "due_on": "{planEnd}"}},
	"POST /quan-ly/nhiem-vu/{id}/sua": {as: "admin", page: "/quan-ly/nhiem-vu/{task}/sua"},
	"POST /quan-ly/nhiem-vu/{id}/xoa": {as: "admin", path: "/quan-ly/nhiem-vu/{task}/xoa"},
	"POST /quan-ly/hoat-dong": {as: "kp01", page: "/quan-ly/hoat-dong/moi", fields: map[string]string{"held_on": "{day}", "channel": "hoi-nghi", "themes": "2",
		"quantity": "1", "quantity_unit": "buổi", "people": "40", "description": "Họp khu phố"}},
	"POST /quan-ly/hoat-dong/{id}/sua": {as: "admin", page: "/quan-ly/hoat-dong/{activity}/sua"},
	"POST /quan-ly/hoat-dong/{id}/xoa": {as: "admin", page: "/quan-ly/hoat-dong/{activity}"},
	"POST /quan-ly/hoat-dong/nhap":     {as: "kp01", page: "/quan-ly/hoat-dong/nhap"},
	"POST /quan-ly/bao-cao-don-vi":     {as: "kp01", page: "/quan-ly/bao-cao-don-vi"},
	"POST /quan-ly/bao-cao-don-vi/{id}/duyet": {as: "vhxh", path: "/quan-ly/bao-cao-don-vi/{unitReport}/duyet",
		fields: map[string]string{"decision": "return", "comment": "Bổ sung số liệu"}},
	"POST /quan-ly/don-doc":                        {as: "vhxh", page: "/quan-ly/bao-cao-don-vi"},
	"POST /quan-ly/thong-bao/da-doc":               {as: "kp01", path: "/quan-ly/thong-bao/da-doc", fields: map[string]string{"id": "1", "link": "/quan-ly"}},
	"POST /quan-ly/ke-hoach/{id}/kinh-phi":         {as: "vhxh", page: "/quan-ly/ke-hoach/{plan}/kinh-phi"},
	"POST /quan-ly/bao-cao":                        {as: "vhxh", page: "/quan-ly/bao-cao"},
	"POST /quan-ly/phan-anh":                       {as: "kp01", page: "/quan-ly/phan-anh/moi", fields: map[string]string{"category": "thu_tuc", "title": "Hồ sơ bị trả lại", "description": "Tôi nộp hồ sơ hai lần.", "name": "Trần Thị Mai", "phone": "0912345678", "consent": "1"}},
	"POST /quan-ly/phan-anh/{id}/phan-loai":        {as: "admin", page: "/quan-ly/phan-anh/{feedbackReceived}"},
	"POST /quan-ly/phan-anh/{id}/tra-loi":          {as: "admin", page: "/quan-ly/phan-anh/{feedbackAssigned}"},
	"POST /quan-ly/phan-anh/{id}/ket-thuc":         {as: "admin", page: "/quan-ly/phan-anh/{feedbackAnswered}"},
	"POST /quan-ly/giam-sat":                       {as: "mttq", page: "/quan-ly/giam-sat"},
	"POST /quan-ly/giam-sat/{id}/tra-loi":          {as: "lanhdao", path: "/quan-ly/giam-sat/{supervision}/tra-loi", fields: map[string]string{"answer": "Đã chỉ đạo khắc phục"}},
	"POST /quan-ly/ngay-nghi":                      {as: "admin", page: "/quan-ly/ngay-nghi"},
	"POST /quan-ly/ngay-nghi/xoa":                  {as: "admin", path: "/quan-ly/ngay-nghi/xoa", fields: map[string]string{"day": "02/09/2026"}},
	"POST /quan-ly/bai-viet":                       {as: "bientap", page: "/quan-ly/bai-viet/moi", fields: map[string]string{"title": "Tin cải cách hành chính", "body": "Nội dung bài."}},
	"POST /quan-ly/bai-viet/{id}":                  {as: "bientap", page: "/quan-ly/bai-viet/{draft}"},
	"POST /quan-ly/bai-viet/{id}/gui-duyet":        {as: "bientap", page: "/quan-ly/bai-viet/{draft}"},
	"POST /quan-ly/bai-viet/{id}/duyet":            {as: "lanhdao", path: "/quan-ly/bai-viet/{draft}/duyet", fields: map[string]string{"decision": "return", "note": "Sửa lại"}},
	"POST /quan-ly/bai-viet/{id}/luu-tru":          {as: "bientap", page: "/quan-ly/bai-viet/{draft}"},
	"POST /quan-ly/bai-viet/{id}/gui-lai":          {as: "bientap", path: "/quan-ly/bai-viet/{draft}/gui-lai", fields: map[string]string{"post_id": "1"}},
	"POST /quan-ly/anh":                            {as: "bientap", page: "/quan-ly/bai-viet/moi", fields: map[string]string{"alt": "Người dân nộp hồ sơ"}},
	"POST /quan-ly/video":                          {as: "bientap", page: "/quan-ly/bai-viet/moi", fields: map[string]string{"title": "Hướng dẫn nộp hồ sơ"}},
	"POST /quan-ly/chuyen-muc":                     {as: "bientap", page: "/quan-ly/chuyen-muc"},
	"POST /quan-ly/mang-xa-hoi":                    {as: "admin", page: "/quan-ly/mang-xa-hoi"},
	"POST /quan-ly/guong-dien-hinh":                {as: "kp01", page: "/quan-ly/guong-dien-hinh"},
	"POST /quan-ly/guong-dien-hinh/{id}/duyet":     {as: "lanhdao", path: "/quan-ly/guong-dien-hinh/{exemplar}/duyet", fields: map[string]string{"decision": "reject", "note": "Chưa đủ"}},
	"POST /quan-ly/thu-tuc/tu-dong-nghia":          {as: "vanphong", page: "/quan-ly/thu-tuc/tu-dong-nghia"},
	"POST /quan-ly/thu-tuc/tu-dong-nghia/{id}/xoa": {as: "vanphong", path: "/quan-ly/thu-tuc/tu-dong-nghia/{synonym}/xoa"},
	"POST /quan-ly/thu-tuc/nhap":                   {as: "vanphong", page: "/quan-ly/thu-tuc"},
	"POST /quan-ly/thu-tuc/{code}/sua":             {as: "vanphong", page: "/quan-ly/thu-tuc/1.001193/sua"},
	"POST /quan-ly/thu-tuc/{code}/mau":             {as: "vanphong", page: "/quan-ly/thu-tuc/1.001193/sua", fields: map[string]string{"form_name": "Tờ khai đăng ký khai sinh"}},
	"POST /quan-ly/thu-tuc/{code}/mau/{id}/xoa":    {as: "vanphong", path: "/quan-ly/thu-tuc/1.001193/mau/{procedureForm}/xoa"},
	"POST /quan-ly/ban-nhap-thu-tuc/{id}":          {as: "lanhdao", path: "/quan-ly/ban-nhap-thu-tuc/{version}", fields: map[string]string{"decision": "reject", "note": "Chưa đúng"}},
	"POST /quan-ly/tai-khoan":                      {as: "admin", page: "/quan-ly/tai-khoan"},
	"POST /quan-ly/tai-khoan/{id}/mat-khau":        {as: "admin", page: "/quan-ly/tai-khoan/{user}"},
	"POST /quan-ly/tai-khoan/{id}/khoa":            {as: "admin", page: "/quan-ly/tai-khoan/{user}"},
	"POST /cuoc-thi/{slug}/dang-ky": {page: "/cuoc-thi/{contestSlug}/dang-ky", fields: map[string]string{"full_name": "Nguyễn Văn Thử", "birth_year": "1990",
		"phone": "0977000111", "consent": "1", "official": "0", "workplace": "Trường THCS Phú Định"}},
	"POST /cuoc-thi/{slug}/vao-thi":          {page: "/cuoc-thi/{contestSlug}/vao-thi", fields: map[string]string{"phone": "0901234567"}},
	"POST /cuoc-thi/{slug}/xac-minh":         {page: "/cuoc-thi/{contestSlug}/xac-minh?ma={contestCode}", fields: map[string]string{"code": "123456"}},
	"POST /cuoc-thi/{slug}/thoat":            {as: taker, page: "/cuoc-thi/{contestSlug}/cua-toi"},
	"POST /cuoc-thi/{slug}/vong/{n}/bat-dau": {as: taker, page: "/cuoc-thi/{contestSlug}/cua-toi"},
	"POST /cuoc-thi/{slug}/bai/{id}":         {as: taker, page: "/cuoc-thi/{contestSlug}/bai/{attempt}"},
	"POST /cuoc-thi/{slug}/bai/{id}/nop":     {as: taker, page: "/cuoc-thi/{contestSlug}/bai/{attempt}?xem-lai=1", fields: map[string]string{"prediction": "120"}},
	"POST /quan-ly/cau-hoi":                  {as: "vhxh", page: "/quan-ly/cau-hoi/moi", fields: map[string]string{"body": "Câu hỏi thử?", "option0": "Đúng", "option1": "Sai", "correct": "0", "explanation": "Vì vậy.", "source": "Nghị định 118/2025/NĐ-CP", "theme": "2", "difficulty": "1"}},
	"POST /quan-ly/cau-hoi/{id}":             {as: "vhxh", page: "/quan-ly/cau-hoi/{question}"},
	"POST /quan-ly/cau-hoi/nhap":             {as: "vhxh", page: "/quan-ly/cau-hoi"},
	"POST /quan-ly/cuoc-thi": {as: "vhxh", page: "/quan-ly/cuoc-thi/moi", fields: map[string]string{"title": "Hội thi tìm hiểu dịch vụ công trực tuyến",
		"rules": "Mỗi người trả lời 10 câu hỏi."}},
	"POST /quan-ly/cuoc-thi/{id}": {as: "vhxh", page: "/quan-ly/cuoc-thi/{contest}"},
	"POST /quan-ly/cuoc-thi/{cid}/vong-moi": {as: "vhxh", page: "/quan-ly/cuoc-thi/{contest}/vong-moi", fields: map[string]string{"opens": "01/02/2030 08:00",
		"closes": "08/02/2030 20:00"}},
	"POST /quan-ly/phat-thanh":                {as: "vanphong", page: "/quan-ly/phat-thanh/moi", fields: map[string]string{"themes": "2", "title": "Bản tin thử", "body": "Kính thưa bà con."}},
	"POST /quan-ly/phat-thanh/{id}":           {as: "vanphong", page: "/quan-ly/phat-thanh/{draftBulletin}"},
	"POST /quan-ly/phat-thanh/{id}/am-thanh":  {as: "vanphong", page: "/quan-ly/phat-thanh/{draftBulletin}"},
	"POST /quan-ly/phat-thanh/{id}/doc-may":   {as: "vanphong", page: "/quan-ly/phat-thanh/{draftBulletin}"},
	"POST /quan-ly/phat-thanh/{id}/gui":       {as: "vanphong", page: "/quan-ly/phat-thanh/{sendBulletin}"},
	"POST /quan-ly/phat-thanh/{id}/tham-dinh": {as: "vhxh", path: "/quan-ly/phat-thanh/{reviewBulletin}/tham-dinh", fields: map[string]string{"decision": "return", "note": "Sửa lại"}},
	"POST /quan-ly/phat-thanh/{id}/phe-duyet": {as: "lanhdao", path: "/quan-ly/phat-thanh/{reviewBulletin}/phe-duyet", fields: map[string]string{"decision": "return", "note": "Sửa lại"}},
	"POST /quan-ly/phat-thanh/{id}/ngung":     {as: "vhxh", page: "/quan-ly/phat-thanh/{stopBulletin}"},
	"POST /quan-ly/phat-thanh/tu-dien":        {as: "vhxh", page: "/quan-ly/phat-thanh"},
	"POST /quan-ly/phat-thanh/gio-phat":       {as: "kp01", page: "/quan-ly/phat-thanh/hom-nay"},
	"POST /quan-ly/phat-thanh/da-phat":        {as: "kp01", page: "/quan-ly/phat-thanh/hom-nay"},
	"POST /quan-ly/phat-thanh/ma-loa":         {as: "kp01", page: "/quan-ly/phat-thanh/hom-nay"},
	"POST /quan-ly/hop": {as: "kp01", page: "/quan-ly/hop/moi", fields: map[string]string{"title": "Họp dân khu phố 1", "agenda_1": "Hướng dẫn nộp hồ sơ trực tuyến",
		"agenda_1_themes": "2"}},
	"POST /quan-ly/hop/{id}":         {as: "kp01", page: "/quan-ly/hop/{comingMeeting}/sua"},
	"POST /quan-ly/hop/{id}/huy":     {as: "kp01", page: "/quan-ly/hop/{cancelMeeting}", fields: map[string]string{"cancel_reason": "Trùng lịch"}},
	"POST /quan-ly/hop/{id}/ket-qua": {as: "kp01", page: "/quan-ly/hop/{heldMeeting}/ket-qua", fields: map[string]string{"present_nguoi-dan": "30", "chair": "Võ Văn Bình", "secretary": "Lê Thị Thu"}},
	"POST /quan-ly/hop/{id}/y-kien": {as: "kp01", page: "/quan-ly/hop/{closedMeeting}/y-kien", fields: map[string]string{"title": "Cần hướng dẫn tại nhà",
		"description": "Người cao tuổi cần được hướng dẫn.", "name": "Trần Thị Mai", "phone": "0912345678"}},
	"POST /quan-ly/hop/{id}/gop-y":        {as: "mttq", page: "/quan-ly/hop/{closedMeeting}", fields: map[string]string{"comment": "Đề nghị bổ sung thời hạn trả lời."}},
	"POST /quan-ly/hop/lich-moi":          {as: "kp01", page: "/quan-ly/hop"},
	"POST /quan-ly/to-chuc/{id}/hoi-vien": {as: "phunu", page: "/quan-ly/to-chuc/{womenUnion}/hoi-vien"},
	"POST /quan-ly/to-chuc/giam-sat":      {as: "mttq", page: "/quan-ly/to-chuc", fields: map[string]string{"findings": "Khu phố 3 chưa họp dân."}},
	"POST /quan-ly/to-chuc/giam-sat/{id}/tra-loi": {as: "lanhdao", path: "/quan-ly/to-chuc/giam-sat/{planSupervision}/tra-loi",
		fields: map[string]string{"answer": "Đã giao Khu phố 3."}},
	"POST /khao-sat/{id}":                    {page: "/khao-sat/{openSurvey}", fields: map[string]string{"age_group": "30-44", "sex": "nu"}},
	"POST /quan-ly/khao-sat":                 {as: "vhxh", page: "/quan-ly/khao-sat/moi"},
	"POST /quan-ly/khao-sat/{id}/trang-thai": {as: "vhxh", page: "/quan-ly/khao-sat/{draftSurvey}"},
	"POST /quan-ly/khao-sat/{id}/phieu":      {as: "kp01", page: "/quan-ly/khao-sat/{openSurvey}/phieu", fields: map[string]string{"age_group": "tu-60", "sex": "nam"}},
	"POST /quan-ly/pano": {as: "kp01", page: "/quan-ly/pano/moi", fields: map[string]string{"message": "Nộp hồ sơ trực tuyến", "themes": "2",
		"address": "Nhà văn hóa khu phố 1", "place_kind": "nha-van-hoa"}},
	"POST /quan-ly/pano/{id}":                   {as: "kp01", page: "/quan-ly/pano/{plannedPoster}"},
	"POST /quan-ly/pano/{id}/treo":              {as: "kp01", page: "/quan-ly/pano/{plannedPoster}"},
	"POST /quan-ly/pano/{id}/thao":              {as: "kp01", page: "/quan-ly/pano/{standingPoster}"},
	"POST /loa/{token}/da-phat":                 {path: "/loa/{boxToken}/da-phat", fields: map[string]string{"bulletin_id": "{playingBulletin}", "slot": "06:00"}},
	"POST /quan-ly/vong-thi/{id}":               {as: "vhxh", page: "/quan-ly/vong-thi/{draftRound}"},
	"POST /quan-ly/vong-thi/{id}/gui-duyet":     {as: "vhxh", page: "/quan-ly/vong-thi/{draftRound}"},
	"POST /quan-ly/vong-thi/{id}/duyet":         {as: "lanhdao", path: "/quan-ly/vong-thi/{draftRound}/duyet", fields: map[string]string{"decision": "return", "note": "Sửa lại"}},
	"POST /quan-ly/vong-thi/{id}/ket-qua":       {as: "vhxh", path: "/quan-ly/vong-thi/{openRound}/ket-qua"},
	"POST /quan-ly/vong-thi/{id}/ket-qua/duyet": {as: "lanhdao", path: "/quan-ly/vong-thi/{closedRound}/ket-qua/duyet", fields: map[string]string{"decision": "return", "note": "Sửa lại"}},
	"POST /quan-ly/thi-sinh/{id}":               {as: "vhxh", page: "/quan-ly/cuoc-thi/{contest}", fields: map[string]string{"decision": "exclude", "note": "Đăng ký hai lần"}},
}

// hostileStrings are typed into fields; raw is what must never appear in a
// page as it was typed (it would be live markup).
var hostileStrings = []struct{ name, value, raw string }{
	{"script", `<script>alert("xss")</script>`, `<script>alert("xss")`},
	{"attribute", `" autofocus onfocus="alert(1)`, `onfocus="alert(1)`},
	{"image", `<img src=x onerror=alert(1)>`, `<img src=x onerror`},
	{"link", `javascript:alert(1)`, `href="javascript:`},
	{"template", `{{.CSRF}} {{template "layout"}} ${7*7} <%= 7*7 %>`, ""},
	{"sql", `'; drop table users; -- " or 1=1 /*`, ""},
	{"search syntax", `"NEAR( AND * OR ^ - : MATCH col:x`, ""},
	{"very long", strings.Repeat("Đăng ký khai sinh <b>", 15000), "<b>Đăng ký"},
	{"control", "a\x00b\x01c\x1b[31m\u0085d\r\n\te", ""},
	{"direction", "tệp\u202Egpj.exe\u2066 x", ""},
	{"invalid UTF-8", "\xff\xfe\xc3(\xed\xa0\x80 hồ sơ", ""},
	{"emoji", "👍🏽 Phường 👨‍👩‍👧 🇻🇳", ""},
	{"decomposed", norm.NFD.String("Ủy ban nhân dân phường Phú Định"), ""},
}

// A form as a browser holds it.
type pageForm struct {
	page      string // where it was found
	action    string
	multipart bool
	pow       bool
	fields    []formField
}

type formField struct {
	name, kind, value string // kind: text (typed), choice (picked, or left empty), fixed (a list without an empty option), hidden, file
}

func (f *pageForm) text() (names []string) {
	for _, x := range f.fields {
		if x.kind == "text" && !slices.Contains(names, x.name) {
			names = append(names, x.name)
		}
	}
	return names
}

func (f *pageForm) files() (names []string) {
	for _, x := range f.fields {
		if x.kind == "file" && !slices.Contains(names, x.name) {
			names = append(names, x.name)
		}
	}
	return names
}

// formsOf reads the POST forms of a page.
func formsOf(page, doc string) []*pageForm {
	var forms []*pageForm
	var cur *pageForm
	var selName, taName string
	var selFirst, selPicked *string
	var selEmpty bool // a select a person can leave empty
	z := html.NewTokenizer(strings.NewReader(doc))
	attr := func(t html.Token, k string) (string, bool) {
		for _, a := range t.Attr {
			if a.Key == k {
				return a.Val, true
			}
		}
		return "", false
	}
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return forms
		}
		t := z.Token()
		switch {
		case tt == html.StartTagToken && t.Data == "form":
			cur = nil
			if m, _ := attr(t, "method"); strings.EqualFold(m, "post") {
				action, _ := attr(t, "action")
				if action == "" {
					action = page
				}
				u, _ := url.Parse(action)
				enc, _ := attr(t, "enctype")
				_, p := attr(t, "data-pow")
				cur = &pageForm{page: page, action: u.Path, multipart: enc == "multipart/form-data", pow: p}
				forms = append(forms, cur)
			}
		case tt == html.EndTagToken && t.Data == "form":
			cur = nil
		case cur == nil:
		case (tt == html.StartTagToken || tt == html.SelfClosingTagToken) && t.Data == "input":
			name, _ := attr(t, "name")
			typ, _ := attr(t, "type")
			val, _ := attr(t, "value")
			_, checked := attr(t, "checked")
			switch typ {
			case "", "text", "search", "tel", "email", "url", "number", "password":
				cur.fields = append(cur.fields, formField{name, "text", val})
			case "hidden":
				cur.fields = append(cur.fields, formField{name, "hidden", val})
			case "radio", "checkbox":
				if checked {
					cur.fields = append(cur.fields, formField{name, "choice", val})
				}
			case "file":
				cur.fields = append(cur.fields, formField{name, "file", ""})
			}
		case tt == html.StartTagToken && t.Data == "textarea":
			taName, _ = attr(t, "name")
			cur.fields = append(cur.fields, formField{taName, "text", ""})
		case tt == html.TextToken && taName != "":
			cur.fields[len(cur.fields)-1].value += t.Data
		case tt == html.EndTagToken && t.Data == "textarea":
			taName = ""
		case tt == html.StartTagToken && t.Data == "select":
			selName, _ = attr(t, "name")
			selFirst, selPicked, selEmpty = nil, nil, false
		case tt == html.StartTagToken && t.Data == "option" && selName != "":
			v, _ := attr(t, "value")
			selEmpty = selEmpty || v == ""
			if _, ok := attr(t, "selected"); ok {
				selPicked = &v
			}
			if selFirst == nil && v != "" {
				selFirst = &v
			}
		case tt == html.EndTagToken && t.Data == "select" && selName != "":
			v := ""
			if selPicked != nil {
				v = *selPicked
			} else if selFirst != nil {
				v = *selFirst
			}
			kind := "fixed" // a list without an empty option always sends a value
			if selEmpty {
				kind = "choice"
			}
			cur.fields = append(cur.fields, formField{selName, kind, v})
			selName = ""
		}
	}
}

// routePattern turns a route's pattern into a regular expression of its paths.
func routePattern(pattern string) *regexp.Regexp {
	literal := regexp.MustCompile(`\{[^}]+\}`).Split(strings.TrimSuffix(pattern, "{$}"), -1)
	for i, l := range literal {
		literal[i] = regexp.QuoteMeta(l)
	}
	return regexp.MustCompile(`^` + strings.Join(literal, `[^/]+`) + `$`)
}

// hostileRun is one engine's run of the suite.
type hostileRun struct {
	t       *testing.T
	e       *env
	refs    map[string]string
	clients map[string]*client // by subject
	byKey   map[string]Route
	addr    atomic.Int64
	files   string // the file store's directory
	tmp     string // the temporary directory of the process
	ignored []string
}

// resolve fills a path's placeholders with the demo's records.
func (h *hostileRun) resolve(s string) string {
	return regexp.MustCompile(`\{[a-zA-Z]+\}`).ReplaceAllStringFunc(s, func(k string) string {
		v, ok := h.refs[strings.Trim(k, "{}")]
		if !ok {
			h.t.Fatalf("no demo record for %s", k)
		}
		return v
	})
}

// client returns a fresh client of subject from a fresh address, so that
// neither a logout nor the public forms' limits end the suite early.
func (h *hostileRun) client(subject string) *client {
	c := h.clients[subject]
	if c == nil {
		c = h.e.as(subject)
		h.clients[subject] = c
	}
	n := h.addr.Add(1)
	c.from = fmt.Sprintf("10.%d.%d.%d", n>>16&255, n>>8&255, n&255)
	return c
}

// sender is the client an attack posts with: its subject's, or a fresh one
// for the routes that end or change the session's standing.
func (h *hostileRun) sender(key, subject string) *client {
	if strings.Contains(key, "/dang-xuat") || strings.Contains(key, "/mat-khau") || strings.Contains(key, "/khoa") || strings.Contains(key, "/thoat") {
		c := h.e.as(subject)
		c.from = h.client(subject).from
		return c
	}
	return h.client(subject)
}

// form finds the form a route is sent through.
func (h *hostileRun) form(c *client, key string, a attack) *pageForm {
	pattern := routePattern(strings.SplitN(key, " ", 2)[1])
	if a.page == "" {
		return &pageForm{action: h.resolve(a.path), multipart: false}
	}
	page := h.resolve(a.page)
	resp := c.get(page)
	doc := body(h.t, resp)
	if resp.StatusCode != http.StatusOK {
		h.t.Fatalf("%s: page %s answered %d", key, page, resp.StatusCode)
	}
	for _, f := range formsOf(page, doc) {
		if pattern.MatchString(f.action) {
			return f
		}
	}
	h.t.Fatalf("%s: no form on %s posts to it", key, page)
	return nil
}

type filePart struct {
	field, name, contentType string
	data                     []byte
}

// send posts values (and files) through f as a browser would: the session's
// token, a fresh proof of work when the form asks for one.
func (h *hostileRun) send(c *client, f *pageForm, vals url.Values, files []filePart) *http.Response {
	vals.Set("csrf", c.token())
	if f.pow {
		page := body(h.t, c.get(f.page))
		m := regexp.MustCompile(`name="challenge" value="([^"]+)"`).FindStringSubmatch(page)
		if m != nil {
			vals.Set("challenge", html.UnescapeString(m[1]))
			vals.Set("nonce", pow.Solve(html.UnescapeString(m[1])))
		}
	}
	if !f.multipart && len(files) == 0 {
		req, _ := http.NewRequest("POST", c.e.ts.URL+f.action, strings.NewReader(vals.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		return c.do(req)
	}
	var mb bytes.Buffer
	mw := multipart.NewWriter(&mb)
	for _, k := range slices.Sorted(maps.Keys(vals)) {
		for _, v := range vals[k] {
			mw.WriteField(k, v)
		}
	}
	for _, p := range files {
		hdr := make(map[string][]string)
		hdr["Content-Disposition"] = []string{fmt.Sprintf(`form-data; name="%s"; filename="%s"`, p.field, strings.ReplaceAll(p.name, `"`, "%22"))}
		hdr["Content-Type"] = []string{p.contentType}
		w, _ := mw.CreatePart(hdr)
		w.Write(p.data)
	}
	mw.Close()
	req, _ := http.NewRequest("POST", c.e.ts.URL+f.action, &mb)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req)
}

// baseline is what the form holds plus what the attack adds.
func (h *hostileRun) baseline(f *pageForm, a attack) url.Values {
	vals := url.Values{}
	for _, x := range f.fields {
		if x.kind != "file" && x.name != "" && x.name != "csrf" && x.name != "challenge" && x.name != "nonce" {
			vals.Add(x.name, x.value)
		}
	}
	for k, v := range a.fields {
		vals.Set(k, h.resolve(v))
	}
	return vals
}

func TestHostileInput(t *testing.T) {
	if testing.Short() {
		t.Skip("the hostile-input suite takes a while")
	}
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		h := newHostileRun(t, d)
		keys := h.routes()
		h.strings(keys)
		h.filesPass(keys)
	})
}

func newHostileRun(t *testing.T, d *db.DB) *hostileRun {
	e := newEnvOf(t, d, demo.Full) // records in every state, so that every form shows
	e.s.TLSProxy = true            // each request comes from its own address, as a botnet's would
	h := &hostileRun{t: t, e: e, files: e.filesDir, refs: map[string]string{}, clients: map[string]*client{}, byKey: map[string]Route{}}
	ctx := context.Background()
	one := func(name, query string, args ...any) {
		var v string
		var n sql.NullString
		if err := d.QueryRow(ctx, query, args...).Scan(&n); err != nil || !n.Valid {
			t.Errorf("demo record %s: none (%v)", name, err)
		}
		v = n.String
		h.refs[name] = v
	}
	w := e.ward.ID
	h.refs["plan"] = strconv.FormatInt(e.plan.ID, 10)
	h.refs["section"] = strconv.FormatInt(e.plan.Sections[0].ID, 10)
	h.refs["task"] = strconv.FormatInt(e.plan.Sections[0].Tasks[0].ID, 10)
	h.refs["assignment"] = strconv.FormatInt(e.assignmentOf(8, 1, "Khu phố 1"), 10)
	h.refs["unit"] = strconv.FormatInt(e.users["kp01"].UnitID, 10)
	// The account the admin's forms reset and disable: not one the suite posts as.
	target, err := account.Create(ctx, d, w, account.NewUser{Username: "dich-tan-cong", FullName: "Tài khoản thử", Role: account.RoleKhuPhoHead,
		UnitID: e.users["kp01"].UnitID, Password: "mat-khau-thu-1"})
	if err != nil {
		t.Fatal(err)
	}
	h.refs["user"] = strconv.FormatInt(target.ID, 10)
	// The demo's plan in force holds today; its activities are recorded on it.
	h.refs["day"] = time.Now().In(vn.Zone).Format("02/01/2006")
	h.refs["planEnd"] = vn.ISODate(e.plan.PeriodEnd)
	// An activity of the plan in force (a closed plan's cannot be edited) by
	// the office, whose periodic reports the demo leaves to its account, so
	// that no accepted report locks it.
	office, err := ward.UnitByCode(ctx, d, w, "vp-hdnd-ubnd")
	if err != nil {
		t.Fatal(err)
	}
	one("activity", `select cast(min(id) as text) from activities where ward_id = ? and plan_id = ? and unit_id = ?`, w, e.plan.ID, office.ID)
	for _, st := range []string{feedback.Received, feedback.Assigned, feedback.Answered} {
		one("feedback"+strings.ToUpper(st[:1])+st[1:], `select cast(min(id) as text) from feedback where ward_id = ? and status = ?`, w, st)
	}
	one("feedbackCode", `select min(code) from feedback where ward_id = ? and status = 'answered'`, w)
	// A draft article and a supervision request, which the demo has none of.
	cols, _ := news.Columns(ctx, d, w)
	e.as("bientap").postForm("/quan-ly/bai-viet", map[string]string{"column_id": itoa64(cols[0].ID), "title": "Bản nháp", "body": "Nội dung."}, "", "", nil).Body.Close()
	e.as("mttq").post("/quan-ly/giam-sat", url.Values{"feedback_id": {h.refs["feedbackAssigned"]}, "body": {"Đề nghị trả lời đúng hạn."}}).Body.Close()
	one("draft", `select cast(min(id) as text) from articles where ward_id = ? and status = 'draft'`, w)
	one("unitReport", `select cast(min(id) as text) from unit_reports where ward_id = ?`, w)
	one("supervision", `select cast(min(id) as text) from supervisions where ward_id = ?`, w)
	one("exemplar", `select cast(min(id) as text) from exemplars where ward_id = ?`, w)
	one("synonym", `select cast(coalesce(min(id), 999999) as text) from search_synonyms where ward_id = ?`, w)
	one("procedureForm", `select cast(coalesce(min(id), 999999) as text) from procedure_forms where ward_id = ?`, w)
	one("version", `select cast(min(id) as text) from procedure_versions`)
	// The contest: its address, a code sent to the demo taker's phone, an
	// attempt of hers in the open round, a round still a draft.
	cs, _ := contest.Public(ctx, d, w)
	if len(cs) == 0 {
		t.Fatal("the demo has no contest")
	}
	ct := cs[0]
	h.refs["contestSlug"], h.refs["contest"] = ct.Slug, itoa64(ct.ID)
	codeID, err := contest.SignIn(ctx, d, e.texts, ct, demo.DemoTakerPhone, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	h.refs["contestCode"] = itoa64(codeID)
	var open, closed *contest.Round
	for _, r := range ct.Rounds {
		if r.Phase(time.Now()) == contest.PhaseOpen {
			open = r
		} else if r.Results == contest.ResultsApproved {
			closed = r
		}
	}
	h.refs["openRound"], h.refs["closedRound"] = itoa64(open.ID), itoa64(closed.ID)
	trang, _ := contest.TakersOf(ctx, d, ct.ID, demo.DemoTakerPhone)
	attempt, err := contest.Start(ctx, d, open, trang[0], "", contest.LayoutAll, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	h.refs["attempt"] = itoa64(attempt)
	// A second person on her phone, who has not started: the start form is theirs.
	units := map[int64]string{e.users["kp01"].UnitID: "Khu phố 1"}
	second, err := contest.Register(ctx, d, e.texts, ct, contest.TakerInput{FullName: "Trần Văn Thử", BirthYear: "1990", UnitID: e.users["kp01"].UnitID,
		Phone: demo.DemoTakerPhone, Consent: true}, units, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := contest.Verify(ctx, d, ct, second, e.texts.code(demo.DemoTakerPhone), "", time.Now()); err != nil {
		t.Fatal(err)
	}
	vhxh := e.users["vhxh"]
	themes := map[string]string{}
	for _, th := range e.plan.Themes {
		themes[th.Code] = th.Title
	}
	draft, err := contest.SaveRound(ctx, d, vhxh, audit.Actor{WardID: w, UserID: vhxh.ID}, ct.ID, 0, contest.RoundInput{Title: "Vòng 3", Opens: "01/01/2030 08:00",
		Closes: "08/01/2030 20:00", TimeLimit: 20, Attempts: 1, Draw: []contest.Stratum{{Count: 5}}}, themes, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	h.refs["draftRound"] = itoa64(draft)
	// Bulletins: the demo's, a draft of the office's to send, and a token for Khu phố 1's box.
	vanphong := e.users["vanphong"]
	sendB, _, err := broadcast.Save(ctx, d, vanphong, audit.Actor{WardID: w, UserID: vanphong.ID}, 0, broadcast.Input{Title: "Bản tin gửi duyệt", Body: "Kính thưa bà con.",
		Themes: []string{e.plan.Themes[0].Code}, Priority: broadcast.Normal, AllKhuPho: true, StartsOn: vn.Date(time.Now()), EndsOn: vn.Date(time.Now()), Repeats: 1}, themes, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := broadcast.SetAudio(ctx, d, e.s.Files, vanphong, audit.Actor{WardID: w, UserID: vanphong.ID}, sendB.ID, testWAV(3), broadcast.SourceUpload, time.Now()); err != nil {
		t.Fatal(err)
	}
	h.refs["sendBulletin"] = itoa64(sendB.ID)
	one("draftBulletin", `select cast(min(id) as text) from bulletins where status = 'draft' and id <> ?`, sendB.ID)
	one("reviewBulletin", `select cast(min(id) as text) from bulletins where status = 'review'`)
	one("stopBulletin", `select cast(min(id) as text) from bulletins where priority = 'khan_cap'`)
	one("playingBulletin", `select cast(min(id) as text) from bulletins where status = 'approved' and all_khu_pho <> 0`)
	if h.refs["boxToken"], err = broadcast.NewToken(ctx, d, e.users["kp01"], audit.Actor{WardID: w}, e.users["kp01"].UnitID); err != nil {
		t.Fatal(err)
	}
	// Surveys: the demo's, open; a draft of the lead unit's.
	one("openSurvey", `select cast(min(id) as text) from surveys where ward_id = ? and status = 'open'`, w)
	draftSurvey, err := survey.Create(ctx, d, vhxh, audit.Actor{WardID: w, UserID: vhxh.ID}, survey.Input{Title: "Khảo sát thử",
		Waves: []survey.WaveInput{{OpensOn: "01/01/2030", ClosesOn: "15/01/2030"}}, Questions: survey.Template}, themes, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	h.refs["draftSurvey"] = itoa64(draftSurvey.ID)
	// Posters of Khu phố 1 (the demo's, kp01's to keep): one planned, one standing.
	one("plannedPoster", `select cast(min(id) as text) from posters where ward_id = ? and status = 'planned' and unit_id = ?`, w, e.users["kp01"].UnitID)
	one("standingPoster", `select cast(min(id) as text) from posters where ward_id = ? and status = 'up' and unit_id = ?`, w, e.users["kp01"].UnitID)
	// Meetings of Khu phố 1 (the demo's): one held with its minutes, one
	// held whose minutes are late, one coming; and one to call off.
	kp1 := e.users["kp01"].UnitID
	one("closedMeeting", `select cast(min(id) as text) from meetings where ward_id = ? and status = 'closed' and khu_pho_id = ?`, w, kp1)
	one("heldMeeting", `select cast(min(id) as text) from meetings where ward_id = ? and status = 'scheduled' and khu_pho_id = ? and starts_at < ?`, w, kp1, db.FormatTime(time.Now()))
	one("comingMeeting", `select cast(min(id) as text) from meetings where ward_id = ? and status = 'scheduled' and khu_pho_id = ? and starts_at > ?`, w, kp1, db.FormatTime(time.Now()))
	cancel, err := meeting.Save(ctx, d, e.users["kp01"], audit.Actor{WardID: w}, 0, meeting.Input{Kind: "hop-dan", Title: "Họp dân thử", KhuPhoID: kp1, OrganiserID: kp1,
		Date: "01/02/2030", Starts: "19:30", Ends: "21:00", Agenda: []meeting.Item{{Body: "Hướng dẫn nộp hồ sơ", Themes: []string{"2"}}}}, themes, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	h.refs["cancelMeeting"] = itoa64(cancel.ID)
	// The Women's Union (the demo's phunu keeps it) and the Front's note on
	// the plan still unanswered.
	one("womenUnion", `select cast(id as text) from units where ward_id = ? and code = 'hoi-phu-nu'`, w)
	one("planSupervision", `select cast(min(id) as text) from plan_supervisions where ward_id = ? and answer = ''`, w)
	one("question", `select cast(min(id) as text) from contest_questions`)
	key, err := feedback.NewAPIKey(ctx, d, w, "Ứng dụng thử")
	if err != nil {
		t.Fatal(err)
	}
	h.refs["apiKey"] = key
	if t.Failed() {
		t.FailNow()
	}
	// The process's temporary directory, watched for leftovers: set after
	// the database and the store have their own directories.
	h.tmp = t.TempDir()
	t.Setenv("TMPDIR", h.tmp)
	return h
}

// routes checks that every POST route has its attack and returns them in order.
func (h *hostileRun) routes() []string {
	var keys []string
	for _, rt := range h.e.s.Routes() {
		if rt.Method == "GET" {
			continue
		}
		key := rt.Method + " " + rt.Pattern
		h.byKey[key] = rt
		if _, ok := attacks[key]; !ok {
			h.t.Errorf("route %s has no row in the hostile-input suite", key)
			continue
		}
		keys = append(keys, key)
	}
	for key := range attacks {
		if !slices.Contains(keys, key) {
			h.t.Errorf("hostile-input row %s names no route", key)
		}
	}
	sort.Strings(keys)
	return keys
}

// strings sends the text corpus to every route.
func (h *hostileRun) strings(keys []string) {
	t := h.t
	sent, shown, refused := 0, 0, 0
	for _, key := range keys {
		a := attacks[key]
		f := h.form(h.client(a.as), key, a)
		base := h.baseline(f, a)
		for _, mode := range []string{"text fields", "every field"} {
			var targets []string
			if mode == "text fields" {
				targets = f.text()
				for k := range a.fields {
					if !slices.Contains(targets, k) && !slices.Contains(f.text(), k) && f.page == "" {
						targets = append(targets, k)
					}
				}
			} else {
				for k := range base {
					targets = append(targets, k)
				}
			}
			if len(targets) == 0 {
				continue
			}
			for _, s := range hostileStrings {
				vals := url.Values{}
				for k, v := range base {
					vals[k] = slices.Clone(v)
				}
				for _, k := range targets {
					vals.Set(k, s.value)
				}
				resp := h.send(h.sender(key, a.as), f, vals, nil)
				b := body(t, resp)
				sent++
				if a.as != "" && !strings.Contains(key, "/dang-xuat") && (resp.StatusCode == http.StatusUnauthorized ||
					strings.HasPrefix(resp.Header.Get("Location"), "/dang-nhap")) {
					t.Fatalf("%s, %s, %s: %s lost its session, and the rest would test nothing", key, mode, s.name, a.as)
				}
				if resp.StatusCode >= 500 {
					t.Errorf("%s, %s, %s: server error %d", key, mode, s.name, resp.StatusCode)
				}
				if s.raw != "" && strings.Contains(b, s.raw) {
					t.Errorf("%s, %s, %s: the answer shows the markup unescaped", key, mode, s.name)
				}
				if resp.StatusCode >= 400 && resp.StatusCode < 500 {
					refused++
					if problem := messagesProblem(b); problem != "" {
						t.Errorf("%s, %s, %s: %s", key, mode, s.name, problem)
					}
				}
				if resp.StatusCode >= 400 && resp.StatusCode < 500 && !vietnamese.MatchString(refusal(b)) {
					t.Errorf("%s, %s, %s: refused (%d) without a Vietnamese message", key, mode, s.name, resp.StatusCode)
				}
				if s.raw != "" && strings.Contains(b, html.EscapeString(s.raw)) {
					shown++
				}
			}
		}
	}
	t.Logf("text corpus: %d requests to %d routes, %d refused with a Vietnamese message; %d answers showed the markup again, escaped", sent, len(keys), refused, shown)
	if shown == 0 {
		t.Error("no answer showed the markup again: the check of escaping saw nothing")
	}
	h.storedTextIsClean()
	h.pagesStillRender(keys)
}

// storedTextIsClean reads every text column of every table: what the
// corpus left is valid UTF-8 in NFC, without control or direction characters.
func (h *hostileRun) storedTextIsClean() {
	t, d, ctx := h.t, h.e.d, context.Background()
	var cols [][2]string
	q := `select table_name, column_name from information_schema.columns where table_schema = current_schema() and data_type in ('text', 'character varying')`
	if d.Engine() == db.SQLite {
		q = `select m.name, p.name from sqlite_master m join pragma_table_info(m.name) p where m.type = 'table' and upper(p.type) = 'TEXT'`
	}
	rows, err := d.Query(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var c [2]string
		rows.Scan(&c[0], &c[1])
		cols = append(cols, c)
	}
	rows.Close()
	bad := 0
	for _, c := range cols {
		rows, err := d.Query(ctx, `select `+c[1]+` from `+c[0]+` where `+c[1]+` is not null`)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var s string
			rows.Scan(&s)
			problem := ""
			switch {
			case !utf8.ValidString(s):
				problem = "invalid UTF-8"
			case !norm.NFC.IsNormalString(s):
				problem = "not NFC"
			case strings.ContainsFunc(s, func(r rune) bool {
				return r < 0x20 && r != '\n' && r != '\t' && r != '\r' || r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069
			}):
				problem = "control or direction characters"
			}
			if problem != "" && bad < 20 {
				bad++
				t.Errorf("%s.%s holds %s: %q", c[0], c[1], problem, excerpt(s))
			}
		}
		rows.Close()
	}
}

func excerpt(s string) string {
	if len(s) > 80 {
		return s[:80] + "…"
	}
	return s
}

// pagesStillRender reads, after the text corpus, the pages that show what
// it stored: the attacks' pages as their subjects and the public portal.
func (h *hostileRun) pagesStillRender(keys []string) {
	t := h.t
	type view struct{ as, page string }
	views := []view{{"", "/"}, {"", "/tin-tuc"}, {"", "/phan-anh/cong-khai"}, {"", "/phan-anh/thong-ke"}, {"", "/guong-dien-hinh"},
		{"", "/thu-tuc"}, {"", "/open311/v2/requests.json"}, {"", "/api/v1/units"}, {"", "/ke-hoach/" + h.refs["plan"]},
		{"admin", "/quan-ly"}, {"admin", "/quan-ly/nhat-ky"}, {"admin", "/quan-ly/hoat-dong"}, {"admin", "/quan-ly/phan-anh"},
		{"admin", "/quan-ly/ke-hoach"}, {"admin", "/quan-ly/thong-bao"}, {"admin", "/quan-ly/tong-quan"}, {"admin", "/quan-ly/bai-viet"},
		{"admin", "/quan-ly/thu-tuc/tu-dong-nghia"}, {"admin", "/quan-ly/ngay-nghi"}, {"admin", "/quan-ly/bao-cao/phu-luc.xlsx"}}
	for _, s := range hostileStrings {
		views = append(views, view{"", "/thu-tuc?q=" + url.QueryEscape(s.value)}, view{"admin", "/quan-ly/phan-anh?q=" + url.QueryEscape(s.value)})
	}
	for _, key := range keys {
		if a := attacks[key]; a.page != "" {
			views = append(views, view{a.as, h.resolve(a.page)})
		}
	}
	// Addresses with a NUL or bytes that are not UTF-8, which PostgreSQL
	// refuses even as a query's argument: not found, never a server error.
	for _, p := range []string{"/thu-tuc/%00%FF", "/thu-tuc/1.001193%00/qr.png", "/bai-viet/%FF%FE", "/chuyen-muc/a%00b", "/linh-vuc/%ED%A0%80",
		"/su-kien/%00", "/q/%FF", "/anh/%00-480.jpg", "/phan-anh/tra-cuu?ma=%00%FF", "/thu-tuc?q=%00%FF&linh-vuc=%FF", "/api/v1/procedures/%00",
		"/open311/v2/requests/%FF.json", "/quan-ly/thu-tuc/%00/sua", "/quan-ly/phan-anh?q=%00&trang-thai=%FF", "/quan-ly/hoat-dong?thang=%00%FF"} {
		resp := h.client("admin").get(p)
		resp.Body.Close()
		if resp.StatusCode >= 500 {
			t.Errorf("%s: server error %d", p, resp.StatusCode)
		}
	}
	t.Logf("after the text corpus: %d pages read again", len(views))
	for _, v := range views {
		resp := h.client(v.as).get(v.page)
		b := body(t, resp)
		if resp.StatusCode != http.StatusOK {
			t.Errorf("after the text corpus, %s as %q: %d", v.page, v.as, resp.StatusCode)
		}
		for _, s := range hostileStrings {
			if s.raw != "" && strings.Contains(b, s.raw) {
				t.Errorf("after the text corpus, %s as %q shows %s unescaped", v.page, v.as, s.name)
			}
		}
	}
}

// A hostile file and what a field may do with it: refuse it, or (a picture
// that really is one) keep only its pixels.
type hostileFile struct {
	name, fileName, contentType string
	data                        []byte
	pictureInside               bool // a real picture: a photo field may keep its re-encoded pixels
}

var hostileFiles = sync.OnceValue(func() []hostileFile {
	photo := plainJPEG()
	script := []byte(`<script>alert(document.cookie)</script>`)
	var polyglot bytes.Buffer
	polyglot.Write(photo)
	polyglot.Write(script)
	polyglot.Write(zipOf(map[string][]byte{"word/document.xml": script}, false))
	good := zipOf(map[string][]byte{"[Content_Types].xml": []byte("<Types/>"), "xl/workbook.xml": []byte("<workbook/>"), "xl/worksheets/sheet1.xml": bytes.Repeat([]byte("<row/>"), 2000)}, false)
	return []hostileFile{
		{name: "fake JPEG", fileName: "anh.jpg", contentType: "image/jpeg", data: append([]byte{0xff, 0xd8, 0xff, 0xe0}, bytes.Repeat([]byte("rác "), 500)...)},
		{name: "HTML named .png", fileName: "anh.png", contentType: "image/png", data: []byte("<!DOCTYPE html><html><body>" + string(script) + "</body></html>")},
		{name: "SVG with script", fileName: "anh.png", contentType: "image/svg+xml", data: []byte(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>`)},
		{name: "pixel flood", fileName: "lu.png", contentType: "image/png", data: pngHeader(100000, 100000, 1, 0)},
		{name: "deep-colour PNG bomb", fileName: "bom.png", contentType: "image/png", data: deepPNG(7000, 7000)},
		{name: "JPEG polyglot", fileName: "anh.jpg", contentType: "image/jpeg", data: polyglot.Bytes(), pictureInside: true},
		{name: "XLSX bomb", fileName: "bom.xlsx", contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
			data: zipOf(map[string][]byte{"[Content_Types].xml": []byte("<Types/>"), "xl/workbook.xml": []byte("<workbook/>"), "xl/worksheets/sheet1.xml": bytes.Repeat([]byte("<row/>"), 40<<20/6)}, false)},
		{name: "DOCX bomb with a lying header", fileName: "bom.docx", contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
			data: zipOf(map[string][]byte{"[Content_Types].xml": []byte("<Types/>"), "word/document.xml": bytes.Repeat([]byte("<w:p/>"), 100<<20/6)}, true)},
		{name: "truncated archive", fileName: "cat.xlsx", contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", data: good[:len(good)/2]},
		{name: "HTML named .pdf", fileName: "vanban.pdf", contentType: "application/pdf", data: []byte("<html>" + string(script) + "</html>")},
		{name: "HTML behind a PDF signature", fileName: "vanban.pdf", contentType: "application/pdf", data: []byte("%PDF-1.4\n<html>" + string(script) + "</html>\n")},
		{name: "not a video", fileName: "clip.mp4", contentType: "video/mp4", data: append([]byte{0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm'}, []byte("<html>"+string(script)+"</html>")...)},
		{name: "empty file", fileName: "trong.jpg", contentType: "image/jpeg", data: nil},
		{name: "HTML named .mp3", fileName: "ban-tin.mp3", contentType: "audio/mpeg", data: []byte("<html>" + string(script) + "</html>")},
		{name: "silent WAV", fileName: "ghi-am.wav", contentType: "audio/wav", data: (&media.WAV{Rate: 16000, Channels: 1, Samples: make([]int16, 48000)}).Encode()},
	}
})

// goodFile is what the control upload of a field sends: a file the field takes.
func (h *hostileRun) goodFile(key, field string) filePart {
	switch field {
	case "photos", "image", "files", "sheet":
		return filePart{field, "anh.jpg", "image/jpeg", plainJPEG()}
	case "attachment":
		return filePart{field, "vanban.pdf", "application/pdf", minimalPDF}
	case "video":
		return filePart{field, "clip.mp4", "video/mp4", minimalMP4()}
	case "audio":
		return filePart{field, "ghi-am.wav", "audio/wav", testWAV(2)}
	case "form_file":
		return filePart{field, "mau.pdf", "application/pdf", minimalPDF}
	case "file":
		if strings.Contains(key, "thu-tuc") {
			return filePart{field, "thu-tuc.xlsx", "application/octet-stream", readAll(h.t, h.client("vanphong").get("/quan-ly/thu-tuc/xuat.xlsx"))}
		}
		if strings.Contains(key, "cau-hoi") {
			return filePart{field, "ngan-hang.xlsx", "application/octet-stream", readAll(h.t, h.client("vhxh").get("/quan-ly/cau-hoi/xuat.xlsx"))}
		}
		x, err := excelize.OpenReader(bytes.NewReader(readAll(h.t, h.client("kp01").get("/quan-ly/hoat-dong/mau-nhap.xlsx"))))
		if err != nil {
			h.t.Fatal(err)
		}
		row := []any{h.refs["day"], "Khu phố 1", "Hội nghị, họp dân, họp khu phố", "2", "5", "", 1, "buổi", 40, 0, "Họp khu phố", ""}
		x.SetSheetRow("Hoạt động", "A2", &row)
		var b bytes.Buffer
		x.Write(&b)
		return filePart{field, "hoat-dong.xlsx", "application/octet-stream", b.Bytes()}
	}
	h.t.Fatalf("%s: no control file for field %q", key, field)
	return filePart{}
}

var minimalPDF = []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\nstartxref\n0\n%%EOF\n")

// filesPass sends the file corpus to every field of every form with files.
func (h *hostileRun) filesPass(keys []string) {
	t := h.t
	corpus := hostileFiles()
	var idle runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&idle)
	var peak atomic.Uint64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		var m runtime.MemStats
		for {
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
				runtime.ReadMemStats(&m)
				if m.HeapInuse > peak.Load() {
					peak.Store(m.HeapInuse)
				}
			}
		}
	})
	sent := 0
	for _, key := range keys {
		if !h.byKey[key].Files {
			continue
		}
		a := attacks[key]
		f := h.form(h.client(a.as), key, a)
		if len(f.files()) == 0 {
			t.Errorf("%s takes files, but its form has no file field", key)
		}
		for _, field := range f.files() {
			base := h.baseline(f, a)
			// The control: the form with a file the field takes is accepted,
			// so what refuses a hostile file is the file.
			resp := h.send(h.sender(key, a.as), f, cloneValues(base), []filePart{h.goodFile(key, field)})
			b := body(t, resp)
			if resp.StatusCode >= 400 || strings.Contains(b, `class="field-error"`) {
				t.Errorf("%s, field %s: the control upload was refused (%d): %s", key, field, resp.StatusCode, refusal(b))
				continue
			}
			for _, hf := range corpus {
				rows, stored, tmp := h.counts(), h.storedFiles(), h.tmpFiles()
				resp := h.send(h.sender(key, a.as), f, cloneValues(base), []filePart{{field, hf.fileName, hf.contentType, hf.data}})
				b := body(t, resp)
				sent++
				if hf.pictureInside && (field == "photos" || field == "image" || field == "files" || field == "sheet") && resp.StatusCode < 400 {
					// A real picture with a payload after it: only its pixels may be kept.
					for _, p := range h.newFiles(stored) {
						if data, _ := os.ReadFile(p); bytes.Contains(data, []byte("<script")) {
							t.Errorf("%s, field %s, %s: the stored file keeps the payload", key, field, hf.name)
						}
					}
					continue
				}
				if resp.StatusCode < 400 || resp.StatusCode >= 500 {
					t.Errorf("%s, field %s, %s: status %d, want a refusal", key, field, hf.name, resp.StatusCode)
				}
				if problem := messagesProblem(b); problem != "" {
					t.Errorf("%s, field %s, %s: %s", key, field, hf.name, problem)
				}
				if msg := refusal(b); !vietnamese.MatchString(msg) {
					t.Errorf("%s, field %s, %s: no Vietnamese message (%q)", key, field, hf.name, msg)
				}
				if after := h.counts(); !maps2Equal(rows, after) {
					t.Errorf("%s, field %s, %s: rows were written: %v", key, field, hf.name, diffCounts(rows, after))
				}
				if after := h.storedFiles(); len(after) != len(stored) {
					t.Errorf("%s, field %s, %s: %d files stored", key, field, hf.name, len(after)-len(stored))
				}
				if after := h.tmpFiles(); after != tmp {
					t.Errorf("%s, field %s, %s: %d files left in the temporary directory", key, field, hf.name, after-tmp)
				}
			}
		}
	}
	close(stop)
	wg.Wait()
	grew := int64(peak.Load()) - int64(idle.HeapInuse)
	t.Logf("file corpus: %d requests; heap peak %d MB above its idle %d MB", sent, grew>>20, idle.HeapInuse>>20)
	if grew > 250<<20 {
		t.Errorf("the heap grew %d MB under the file corpus, want under 250 MB", grew>>20)
	}
}

var (
	fieldErrors  = regexp.MustCompile(`(?s)class="field-error"[^>]*>(.*?)</p>`)
	summaryItems = regexp.MustCompile(`(?s)<li>(?:<a href="#[^"]*">)?(.*?)(?:</a>)?</li>`)
	summaryBlock = regexp.MustCompile(`(?s)<div class="error-summary".*?</ul></div>`)
)

// messagesProblem checks a refused form's messages as a person reads them:
// an error summary at the top listing each field's message, each message
// once beside its field.
func messagesProblem(doc string) string {
	fields := fieldErrors.FindAllStringSubmatch(doc, -1)
	summary := summaryBlock.FindString(doc)
	rest := strings.Replace(doc, summary, "", 1)
	listed := map[string]bool{}
	for _, m := range summaryItems.FindAllStringSubmatch(summary, -1) {
		listed[m[1]] = true
		if !strings.Contains(m[0], "<a ") && strings.Contains(rest, m[1]) {
			return "a message of the summary is shown again on the page: " + html.UnescapeString(m[1])
		}
	}
	if len(fields) == 0 {
		return ""
	}
	if summary == "" {
		return "field messages without an error summary"
	}
	seen := map[string]bool{}
	for _, m := range fields {
		switch {
		case seen[m[1]]:
			return "a message is shown twice: " + html.UnescapeString(m[1])
		case !listed[m[1]]:
			return "the error summary does not list: " + html.UnescapeString(m[1])
		}
		seen[m[1]] = true
	}
	return ""
}

var vietnamese = regexp.MustCompile(`[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]`)

// refusal is the text of a page's first field message, or of its alert,
// or the description of an API's error.
func refusal(doc string) string {
	if m := regexp.MustCompile(`"(?:description|message)":\s*"([^"]*)"`).FindStringSubmatch(doc); m != nil { // Open311's, the API's
		return m[1]
	}
	for _, re := range []*regexp.Regexp{regexp.MustCompile(`(?s)class="field-error"[^>]*>(.*?)</p>`), regexp.MustCompile(`(?s)role="alert"[^>]*>(.*?)</`),
		regexp.MustCompile(`(?s)<main[^>]*>(.*?)</main>`)} {
		if m := re.FindStringSubmatch(doc); m != nil {
			return html.UnescapeString(regexp.MustCompile(`<[^>]+>`).ReplaceAllString(m[1], " "))
		}
	}
	return ""
}

func cloneValues(v url.Values) url.Values {
	c := url.Values{}
	for k, x := range v {
		c[k] = slices.Clone(x)
	}
	return c
}

// Bookkeeping a refused request may write: its session, the limits and
// proofs it spent.
var bookkeeping = []string{"sessions", "rate_limits", "pow_spent", "schema_migrations"}

// counts returns the rows of every table.
func (h *hostileRun) counts() map[string]int {
	d, ctx := h.e.d, context.Background()
	q := `select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`
	if d.Engine() == db.SQLite {
		q = `select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and sql not like 'CREATE VIRTUAL%'`
	}
	rows, err := d.Query(ctx, q)
	if err != nil {
		h.t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var s string
		rows.Scan(&s)
		tables = append(tables, s)
	}
	rows.Close()
	out := map[string]int{}
	for _, tb := range tables {
		if slices.Contains(bookkeeping, tb) || strings.Contains(tb, "_fts") {
			continue
		}
		var n int
		if err := d.QueryRow(ctx, `select count(*) from `+tb).Scan(&n); err != nil {
			h.t.Fatalf("count %s: %v", tb, err)
		}
		out[tb] = n
	}
	return out
}

func maps2Equal(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func diffCounts(a, b map[string]int) map[string]int {
	out := map[string]int{}
	for k, v := range b {
		if a[k] != v {
			out[k] = v - a[k]
		}
	}
	return out
}

func (h *hostileRun) storedFiles() map[string]bool {
	out := map[string]bool{}
	filepath.WalkDir(h.files, func(p string, de os.DirEntry, err error) error {
		if err == nil && !de.IsDir() {
			out[p] = true
		}
		return nil
	})
	return out
}

func (h *hostileRun) newFiles(before map[string]bool) (paths []string) {
	for p := range h.storedFiles() {
		if !before[p] {
			paths = append(paths, p)
		}
	}
	return paths
}

func (h *hostileRun) tmpFiles() int {
	n := 0
	filepath.WalkDir(h.tmp, func(p string, de os.DirEntry, err error) error {
		if err == nil && p != h.tmp {
			n++
		}
		return nil
	})
	return n
}

// plainJPEG is a small honest photo.
func plainJPEG() []byte {
	img := image.NewRGBA(image.Rect(0, 0, 64, 48))
	for i := range img.Pix {
		img.Pix[i] = byte(i * 7)
	}
	var b bytes.Buffer
	jpeg.Encode(&b, img, nil) // into memory: it cannot fail
	return b.Bytes()
}

// minimalMP4 is a structurally valid MP4: its boxes, each sized, end at the
// end of the file.
func minimalMP4() []byte {
	box := func(typ string, payload []byte) []byte {
		b := binary.BigEndian.AppendUint32(nil, uint32(8+len(payload)))
		return append(append(b, typ...), payload...)
	}
	var out []byte
	out = append(out, box("ftyp", []byte("isom\x00\x00\x02\x00isomiso2mp41"))...)
	out = append(out, box("moov", box("mvhd", make([]byte, 100)))...)
	out = append(out, box("mdat", bytes.Repeat([]byte{7}, 4000))...)
	return out
}

// zipOf builds an archive; lying, its headers declare each part 1 KB.
func zipOf(parts map[string][]byte, lying bool) []byte {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, n := range slices.Sorted(maps.Keys(parts)) {
		w, _ := zw.CreateHeader(&zip.FileHeader{Name: n, Method: zip.Deflate}) // into memory, plain names: it cannot fail
		w.Write(parts[n])
	}
	zw.Close()
	data := b.Bytes()
	if lying { // rewrite the central directory's sizes
		for i := 0; i+46 < len(data); i++ {
			if binary.LittleEndian.Uint32(data[i:]) == 0x02014b50 {
				binary.LittleEndian.PutUint32(data[i+24:], 1024)
			}
		}
	}
	return data
}

// pngHeader is a PNG that declares w × h pixels of the given depth and
// colour type, with one small IDAT chunk.
func pngHeader(w, h uint32, depth, colour byte) []byte {
	return pngOf(w, h, depth, colour, func(z io.Writer) { z.Write(make([]byte, 1024)) })
}

// deepPNG is a small file that decodes to w × h pixels of 16-bit RGBA
// (8 bytes a pixel: 7000 × 7000 is 392 MB).
func deepPNG(w, h int) []byte {
	return pngOf(uint32(w), uint32(h), 16, 6, func(z io.Writer) {
		row := make([]byte, 1+w*8)
		for range h {
			z.Write(row)
		}
	})
}

// pngOf is a PNG's header, its pixel data as idat writes it (compressed),
// and its end.
func pngOf(w, h uint32, depth, colour byte, idat func(io.Writer)) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	chunk := func(typ string, data []byte) {
		binary.Write(&b, binary.BigEndian, uint32(len(data)))
		b.WriteString(typ)
		b.Write(data)
		binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(append([]byte(typ), data...)))
	}
	ihdr := binary.BigEndian.AppendUint32(binary.BigEndian.AppendUint32(nil, w), h)
	chunk("IHDR", append(ihdr, depth, colour, 0, 0, 0))
	var z bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&z, zlib.BestSpeed)
	idat(zw)
	zw.Close()
	chunk("IDAT", z.Bytes())
	chunk("IEND", nil)
	return b.Bytes()
}

// testWAV is a tone of seconds, as a phone's recording would be.
func testWAV(seconds float64) []byte {
	w := &media.WAV{Rate: 16000, Channels: 1, Samples: make([]int16, int(16000*seconds))}
	for i := range w.Samples {
		w.Samples[i] = int16(8000 * math.Sin(float64(i)/8))
	}
	return w.Encode()
}
