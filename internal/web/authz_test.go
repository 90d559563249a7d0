package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/db/dbtest"
)

// Who may do what, written independently of the route table: if a route's
// access rule changes, this table must be changed on purpose.
//
// Subjects: "" is the anonymous public; the others are demo accounts, one per
// role: admin, lanhdao (leader), vhxh (lead unit), vanphong (unit officer of
// Văn phòng), kp01 (head of Khu phố 1), mttq (supervisor), bientap (editor).
// Assignment routes address Khu phố 1's share of task VIII.1, so they also
// test the record-level rules (vanphong is another unit).
var matrix = map[string][]string{
	"GET /healthz":                   {"*"},
	"GET /readyz":                    {"*"},
	"GET /static/{file}":             {"*"},
	"GET /{$}":                       {"*"},
	"GET /ke-hoach/{id}":             {"*"},
	"GET /thu-tuc/moi-cap-nhat":      {"*"},
	"GET /thu-tuc/co-quan-khac":      {"*"},
	"GET /thu-tuc/moi-cap-nhat.atom": {"*"},
	// The catalogue: the office (vanphong) and editors write, leaders review.
	"GET /quan-ly/thu-tuc":                         {"admin", "lanhdao", "vhxh", "vanphong", "bientap"},
	"GET /quan-ly/thu-tuc/{code}/sua":              {"admin", "vanphong", "bientap"},
	"POST /quan-ly/thu-tuc/{code}/sua":             {"admin", "vanphong", "bientap"},
	"GET /quan-ly/ban-nhap-thu-tuc/{id}":           {"admin", "lanhdao", "vhxh", "vanphong", "bientap"},
	"POST /quan-ly/ban-nhap-thu-tuc/{id}":          {"admin", "lanhdao"},
	"GET /thu-tuc/{code}/qr.png":                   {"*"},
	"GET /thu-tuc/{code}/qr.svg":                   {"*"},
	"POST /thu-tuc/{code}/huu-ich":                 {"*"},
	"GET /q/{code}":                                {"*"},
	"GET /quan-ly/thu-tuc/thong-ke":                {"admin", "lanhdao", "vhxh", "vanphong", "bientap"},
	"GET /quan-ly/thu-tuc/xuat.xlsx":               {"admin", "lanhdao", "vhxh", "vanphong", "bientap"},
	"POST /quan-ly/thu-tuc/nhap":                   {"admin", "vanphong", "bientap"},
	"GET /thu-tuc/{code}/mau/{id}":                 {"*"},
	"POST /quan-ly/thu-tuc/{code}/mau":             {"admin", "vanphong", "bientap"},
	"POST /quan-ly/thu-tuc/{code}/mau/{id}/xoa":    {"admin", "vanphong", "bientap"},
	"GET /quan-ly/thu-tuc/tu-dong-nghia":           {"admin", "lanhdao", "vhxh", "vanphong", "bientap"},
	"POST /quan-ly/thu-tuc/tu-dong-nghia":          {"admin", "vanphong", "bientap"},
	"POST /quan-ly/thu-tuc/tu-dong-nghia/{id}/xoa": {"admin", "vanphong", "bientap"},
	"GET /quan-ly/hoat-dong":                       {"admin", "lanhdao", "vhxh", "vanphong", "kp01", "mttq"},
	"GET /quan-ly/hoat-dong/moi":                   {"admin", "vhxh", "vanphong", "kp01"},
	"POST /quan-ly/hoat-dong":                      {"admin", "vhxh", "vanphong", "kp01"},
	// Activity and evidence ids that do not exist: allowed subjects get 404.
	"GET /quan-ly/hoat-dong/{id}":   {"admin", "lanhdao", "vhxh", "vanphong", "kp01", "mttq"},
	"GET /quan-ly/minh-chung/{id}":  {"admin", "lanhdao", "vhxh", "vanphong", "kp01", "mttq"},
	"GET /quan-ly/hoat-dong/do-phu": {"admin", "lanhdao", "vhxh", "mttq"},
	// Editing and deleting activities that do not exist: allowed subjects get 404.
	"GET /quan-ly/hoat-dong/{id}/sua":         {"admin", "vhxh", "vanphong", "kp01"},
	"POST /quan-ly/hoat-dong/{id}/sua":        {"admin", "vhxh", "vanphong", "kp01"},
	"POST /quan-ly/hoat-dong/{id}/xoa":        {"admin", "vhxh", "vanphong", "kp01"},
	"GET /quan-ly/hoat-dong/nhap":             {"admin", "vhxh", "vanphong", "kp01"},
	"POST /quan-ly/hoat-dong/nhap":            {"admin", "vhxh", "vanphong", "kp01"},
	"GET /quan-ly/hoat-dong/mau-nhap.xlsx":    {"admin", "vhxh", "vanphong", "kp01"},
	"GET /quan-ly/tong-quan":                  {"admin", "lanhdao", "vhxh", "mttq"},
	"GET /quan-ly/bao-cao-don-vi":             {"admin", "lanhdao", "vhxh", "vanphong", "kp01", "mttq"},
	"POST /quan-ly/bao-cao-don-vi":            {"admin", "vhxh", "vanphong", "kp01"},
	"GET /quan-ly/bao-cao-don-vi/{id}":        {"admin", "lanhdao", "vhxh", "vanphong", "kp01", "mttq"},
	"POST /quan-ly/bao-cao-don-vi/{id}/duyet": {"admin", "lanhdao", "vhxh"},
	"POST /quan-ly/don-doc":                   {"admin", "lanhdao", "vhxh"},
	"GET /quan-ly/thong-bao":                  {"admin", "lanhdao", "vhxh", "vanphong", "kp01", "mttq", "bientap"},
	"POST /quan-ly/thong-bao/da-doc":          {"admin", "lanhdao", "vhxh", "vanphong", "kp01", "mttq", "bientap"},
	"GET /quan-ly/ke-hoach/{id}/kinh-phi":     {"admin", "lanhdao", "vhxh"},
	"POST /quan-ly/ke-hoach/{id}/kinh-phi":    {"admin", "lanhdao", "vhxh"},
	"GET /quan-ly/thanh-pho":                  {"admin", "lanhdao"},
	"GET /quan-ly/tin-nhan":                   {"admin", "lanhdao"},
	"GET /quan-ly/bao-cao":                    {"admin", "lanhdao", "vhxh"},
	"POST /quan-ly/bao-cao":                   {"admin", "lanhdao", "vhxh"},
	"GET /quan-ly/bao-cao/phu-luc.xlsx":       {"admin", "lanhdao", "vhxh"},
	// Feedback: the public form, tracking and figures; Open311 with its own key.
	"GET /phan-anh":                         {"*"},
	"POST /phan-anh":                        {"*"},
	"GET /phan-anh/tra-cuu":                 {"*"},
	"POST /phan-anh/danh-gia":               {"*"},
	"POST /phan-anh/ngung-nhan":             {"*"},
	"GET /phan-anh/cong-khai":               {"*"},
	"GET /phan-anh/thong-ke":                {"*"},
	"GET /danh-gia-dich-vu":                 {"*"},
	"POST /danh-gia-dich-vu":                {"*"},
	"GET /danh-gia-dich-vu/qr.svg":          {"*"},
	"GET /open311/v2/{doc}":                 {"*"},
	"POST /open311/v2/{doc}":                {"*"},
	"GET /open311/v2/services/{file}":       {"*"},
	"GET /open311/v2/requests/{file}":       {"*"},
	"GET /open311/v2/tokens/{file}":         {"*"},
	"GET /quan-ly/phan-anh":                 {"admin", "lanhdao", "vhxh", "vanphong", "kp01", "mttq"},
	"GET /quan-ly/phan-anh/moi":             {"admin", "lanhdao", "vanphong", "kp01", "mttq"},
	"POST /quan-ly/phan-anh":                {"admin", "lanhdao", "vanphong", "kp01", "mttq"},
	"GET /quan-ly/phan-anh/{id}":            {"admin", "lanhdao", "vhxh", "vanphong", "kp01", "mttq"},
	"POST /quan-ly/phan-anh/{id}/phan-loai": {"admin", "lanhdao", "vhxh", "vanphong"},
	"POST /quan-ly/phan-anh/{id}/tra-loi":   {"admin", "lanhdao", "vhxh", "vanphong"},
	"POST /quan-ly/phan-anh/{id}/ket-thuc":  {"admin", "lanhdao", "vhxh", "vanphong"},
	"GET /quan-ly/anh-phan-anh/{id}":        {"admin", "lanhdao", "vhxh", "vanphong", "kp01", "mttq"},
	"GET /quan-ly/giam-sat":                 {"admin", "lanhdao", "mttq"},
	"POST /quan-ly/giam-sat":                {"admin", "mttq"},
	"POST /quan-ly/giam-sat/{id}/tra-loi":   {"admin", "lanhdao"},
	"GET /quan-ly/ngay-nghi":                {"admin"},
	"POST /quan-ly/ngay-nghi":               {"admin"},
	"POST /quan-ly/ngay-nghi/xoa":           {"admin"},
	// News and exemplars: public pages; editors write, the leader reviews, officials nominate.
	"GET /tin-tuc":                             {"*"},
	"GET /tin-tuc/atom":                        {"*"},
	"GET /chuyen-muc/{slug}":                   {"*"},
	"GET /chuyen-muc/{slug}/atom":              {"*"},
	"GET /bai-viet/{slug}":                     {"*"},
	"GET /bai-viet/{slug}/van-ban.pdf":         {"*"},
	"GET /anh/{file}":                          {"*"},
	"GET /video/{file}":                        {"*"},
	"POST /quan-ly/video":                      {"admin", "bientap"},
	"GET /guong-dien-hinh":                     {"*"},
	"GET /sitemap.xml":                         {"*"},
	"GET /robots.txt":                          {"*"},
	"GET /manifest.webmanifest":                {"*"},
	"GET /sw.js":                               {"*"},
	"GET /quan-ly/bai-viet":                    {"admin", "lanhdao", "bientap"},
	"GET /quan-ly/bai-viet/moi":                {"admin", "bientap"},
	"POST /quan-ly/bai-viet":                   {"admin", "bientap"},
	"GET /quan-ly/bai-viet/{id}":               {"admin", "lanhdao", "bientap"},
	"POST /quan-ly/bai-viet/{id}":              {"admin", "lanhdao", "bientap"},
	"GET /quan-ly/bai-viet/{id}/xem-truoc":     {"admin", "lanhdao", "bientap"},
	"POST /quan-ly/bai-viet/{id}/gui-duyet":    {"admin", "bientap"},
	"POST /quan-ly/bai-viet/{id}/duyet":        {"admin", "lanhdao"},
	"POST /quan-ly/bai-viet/{id}/luu-tru":      {"admin", "lanhdao", "bientap"},
	"POST /quan-ly/bai-viet/{id}/gui-lai":      {"admin", "lanhdao", "bientap"},
	"POST /quan-ly/anh":                        {"admin", "lanhdao", "vhxh", "vanphong", "kp01", "mttq", "bientap"},
	"GET /quan-ly/chuyen-muc":                  {"admin", "lanhdao", "bientap"},
	"POST /quan-ly/chuyen-muc":                 {"admin", "bientap"},
	"GET /quan-ly/mang-xa-hoi":                 {"admin"},
	"POST /quan-ly/mang-xa-hoi":                {"admin"},
	"GET /quan-ly/guong-dien-hinh":             {"admin", "lanhdao", "vhxh", "vanphong", "kp01", "mttq"},
	"POST /quan-ly/guong-dien-hinh":            {"admin", "lanhdao", "vhxh", "vanphong", "kp01", "mttq"},
	"POST /quan-ly/guong-dien-hinh/{id}/duyet": {"admin", "lanhdao"},
	"GET /dang-nhap":                           {"*"},
	// Contests: the public takes part (the taker's pages ask for a verified
	// phone, not an account); the lead unit organises, the leader approves.
	"GET /cuoc-thi":                          {"*"},
	"GET /cuoc-thi/{slug}":                   {"*"},
	"GET /cuoc-thi/{slug}/dang-ky":           {"*"},
	"POST /cuoc-thi/{slug}/dang-ky":          {"*"},
	"GET /cuoc-thi/{slug}/vao-thi":           {"*"},
	"POST /cuoc-thi/{slug}/vao-thi":          {"*"},
	"GET /cuoc-thi/{slug}/xac-minh":          {"*"},
	"POST /cuoc-thi/{slug}/xac-minh":         {"*"},
	"POST /cuoc-thi/{slug}/thoat":            {"*"},
	"GET /cuoc-thi/{slug}/cua-toi":           {"*"},
	"POST /cuoc-thi/{slug}/vong/{n}/bat-dau": {"*"},
	"GET /cuoc-thi/{slug}/bai/{id}":          {"*"},
	"POST /cuoc-thi/{slug}/bai/{id}":         {"*"},
	"POST /cuoc-thi/{slug}/bai/{id}/nop":     {"*"},
	"GET /cuoc-thi/{slug}/bai/{id}/ket-qua":  {"*"},
	"GET /chung-nhan/{code}":                 {"*"},
	"GET /chung-nhan/{code}/pdf":             {"*"},
	"GET /quan-ly/cau-hoi":                   {"admin", "lanhdao", "vhxh"},
	"GET /quan-ly/cau-hoi/xuat.xlsx":         {"admin", "lanhdao", "vhxh"},
	"POST /quan-ly/cau-hoi/nhap":             {"admin", "lanhdao", "vhxh"},
	"POST /quan-ly/cau-hoi":                  {"admin", "lanhdao", "vhxh"},
	"GET /quan-ly/cau-hoi/{id}":              {"admin", "lanhdao", "vhxh"},
	"POST /quan-ly/cau-hoi/{id}":             {"admin", "lanhdao", "vhxh"},
	"GET /quan-ly/cuoc-thi":                  {"admin", "lanhdao", "vhxh"},
	"POST /quan-ly/cuoc-thi":                 {"admin", "lanhdao", "vhxh"},
	"GET /quan-ly/cuoc-thi/{id}":             {"admin", "lanhdao", "vhxh"},
	"POST /quan-ly/cuoc-thi/{id}":            {"admin", "lanhdao", "vhxh"},
	"GET /quan-ly/cuoc-thi/{cid}/vong-moi":   {"admin", "lanhdao", "vhxh"},
	"POST /quan-ly/cuoc-thi/{cid}/vong-moi":  {"admin", "lanhdao", "vhxh"},
	// Loudspeaker bulletins: units' officers and editors write, the lead unit
	// checks, the leader approves; khu phố heads play and confirm.
	"GET /phat-thanh":                         {"*"},
	"GET /phat-thanh/rss.xml":                 {"*"},
	"GET /phat-thanh/{id}/am-thanh":           {"*"},
	"GET /loa/{token}/danh-sach.json":         {"*"},
	"GET /loa/{token}/danh-sach.m3u":          {"*"},
	"POST /loa/{token}/da-phat":               {"*"},
	"GET /api/v1/bulletins":                   {"*"},
	"GET /quan-ly/phat-thanh":                 {"admin", "lanhdao", "vhxh", "vanphong", "bientap"},
	"POST /quan-ly/phat-thanh":                {"admin", "vhxh", "vanphong", "bientap"},
	"GET /quan-ly/phat-thanh/moi":             {"admin", "vhxh", "vanphong", "bientap"},
	"POST /quan-ly/phat-thanh/tu-dien":        {"admin", "vhxh"},
	"GET /quan-ly/phat-thanh/hom-nay":         {"admin", "vhxh", "kp01"},
	"POST /quan-ly/phat-thanh/da-phat":        {"admin", "vhxh", "kp01"},
	"POST /quan-ly/phat-thanh/ma-loa":         {"admin", "vhxh", "kp01"},
	"POST /quan-ly/phat-thanh/gio-phat":       {"admin", "vhxh", "kp01"},
	"GET /quan-ly/phat-thanh/{id}":            {"admin", "lanhdao", "vhxh", "vanphong", "bientap"},
	"POST /quan-ly/phat-thanh/{id}":           {"admin", "vhxh", "vanphong", "bientap"},
	"GET /quan-ly/phat-thanh/{id}/am-thanh":   {"admin", "lanhdao", "vhxh", "vanphong", "bientap"},
	"POST /quan-ly/phat-thanh/{id}/am-thanh":  {"admin", "vhxh", "vanphong", "bientap"},
	"POST /quan-ly/phat-thanh/{id}/doc-may":   {"admin", "vhxh", "vanphong", "bientap"},
	"POST /quan-ly/phat-thanh/{id}/gui":       {"admin", "vhxh", "vanphong", "bientap"},
	"POST /quan-ly/phat-thanh/{id}/tham-dinh": {"admin", "vhxh"},
	"POST /quan-ly/phat-thanh/{id}/phe-duyet": {"admin", "lanhdao"},
	"POST /quan-ly/phat-thanh/{id}/ngung":     {"admin", "lanhdao", "vhxh"},
	// Awareness surveys: the leader and the lead unit write them; officers and khu phố heads read and enter paper answers.
	"GET /khao-sat":                          {"*"},
	"GET /khao-sat/{id}":                     {"*"},
	"POST /khao-sat/{id}":                    {"*"},
	"GET /khao-sat/{id}/cam-on":              {"*"},
	"GET /khao-sat/{id}/ket-qua":             {"*"},
	"GET /api/v1/surveys":                    {"*"},
	"GET /api/v1/surveys/{id}/results":       {"*"},
	"GET /quan-ly/khao-sat":                  {"admin", "lanhdao", "vhxh", "vanphong", "kp01"},
	"POST /quan-ly/khao-sat":                 {"admin", "lanhdao", "vhxh"},
	"GET /quan-ly/khao-sat/moi":              {"admin", "lanhdao", "vhxh"},
	"GET /quan-ly/khao-sat/{id}":             {"admin", "lanhdao", "vhxh", "vanphong", "kp01"},
	"POST /quan-ly/khao-sat/{id}/trang-thai": {"admin", "lanhdao", "vhxh"},
	"GET /quan-ly/khao-sat/{id}/phieu":       {"admin", "vhxh", "vanphong", "kp01"},
	"POST /quan-ly/khao-sat/{id}/phieu":      {"admin", "vhxh", "vanphong", "kp01"},
	// Posters: those who follow the plan read; the lead unit, officers and khu phố heads keep them.
	"GET /p/{code}":       {"*"},
	"GET /api/v1/posters": {"*"},
	// Meetings: readers follow the plan; keepers organise (the organiser and
	// the khu phố where it is held, checked per meeting); the Front and the
	// leader comment on the minutes. No meeting 999999: allowed get 404.
	"GET /lich-hop":                       {"*"},
	"GET /lich-hop.ics":                   {"*"},
	"GET /lich/{token}":                   {"*"},
	"GET /api/v1/meetings":                {"*"},
	"GET /quan-ly/hop":                    {"admin", "lanhdao", "vhxh", "vanphong", "kp01", "mttq"},
	"POST /quan-ly/hop":                   {"admin", "vhxh", "vanphong", "kp01", "mttq"},
	"GET /quan-ly/hop/moi":                {"admin", "vhxh", "vanphong", "kp01", "mttq"},
	"POST /quan-ly/hop/lich-moi":          {"admin", "vhxh", "vanphong", "kp01", "mttq"},
	"GET /quan-ly/hop/{id}":               {"admin", "lanhdao", "vhxh", "vanphong", "kp01", "mttq"},
	"POST /quan-ly/hop/{id}":              {"admin", "vhxh", "vanphong", "kp01", "mttq"},
	"GET /quan-ly/hop/{id}/sua":           {"admin", "vhxh", "vanphong", "kp01", "mttq"},
	"POST /quan-ly/hop/{id}/huy":          {"admin", "vhxh", "vanphong", "kp01", "mttq"},
	"GET /quan-ly/hop/{id}/ket-qua":       {"admin", "vhxh", "vanphong", "kp01", "mttq"},
	"POST /quan-ly/hop/{id}/ket-qua":      {"admin", "vhxh", "vanphong", "kp01", "mttq"},
	"GET /quan-ly/hop/{id}/y-kien":        {"admin", "vhxh", "vanphong", "kp01", "mttq"},
	"POST /quan-ly/hop/{id}/y-kien":       {"admin", "vhxh", "vanphong", "kp01", "mttq"},
	"POST /quan-ly/hop/{id}/gop-y":        {"lanhdao", "mttq"},
	"GET /quan-ly/hop/{id}/bien-ban.docx": {"admin", "lanhdao", "vhxh", "vanphong", "kp01", "mttq"},
	"GET /quan-ly/hop/{id}/anh/{photo}":   {"admin", "lanhdao", "vhxh", "vanphong", "kp01", "mttq"},
	// The Front and the organisations: organisation 999999 does not exist.
	"GET /quan-ly/to-chuc":                        {"admin", "lanhdao", "vhxh", "vanphong", "kp01", "mttq"},
	"GET /quan-ly/to-chuc/{id}/hoi-vien":          {"admin", "vhxh", "vanphong", "mttq"},
	"POST /quan-ly/to-chuc/{id}/hoi-vien":         {"admin", "vhxh", "vanphong", "mttq"},
	"POST /quan-ly/to-chuc/giam-sat":              {"mttq"},
	"POST /quan-ly/to-chuc/giam-sat/{id}/tra-loi": {"lanhdao"},
	"GET /quan-ly/pano":                           {"admin", "lanhdao", "vhxh", "vanphong", "kp01", "mttq"},
	"POST /quan-ly/pano":                          {"admin", "vhxh", "vanphong", "kp01"},
	"GET /quan-ly/pano/moi":                       {"admin", "vhxh", "vanphong", "kp01"},
	"GET /quan-ly/pano/khu-pho":                   {"admin", "lanhdao", "vhxh", "vanphong", "kp01", "mttq"},
	"GET /quan-ly/pano/nhan-qr.pdf":               {"admin", "lanhdao", "vhxh", "vanphong", "kp01", "mttq"},
	"GET /quan-ly/pano/{id}":                      {"admin", "lanhdao", "vhxh", "vanphong", "kp01", "mttq"},
	"POST /quan-ly/pano/{id}":                     {"admin", "vhxh", "vanphong", "kp01"},
	"POST /quan-ly/pano/{id}/treo":                {"admin", "vhxh", "vanphong", "kp01"},
	"POST /quan-ly/pano/{id}/thao":                {"admin", "vhxh", "vanphong", "kp01"},
	"GET /quan-ly/pano/{id}/qr.svg":               {"admin", "lanhdao", "vhxh", "vanphong", "kp01", "mttq"},
	"GET /quan-ly/pano/{id}/qr.png":               {"admin", "lanhdao", "vhxh", "vanphong", "kp01", "mttq"},
	"GET /quan-ly/pano/{id}/anh/{photo}":          {"admin", "lanhdao", "vhxh", "vanphong", "kp01", "mttq"},
	"GET /quan-ly/vong-thi/{id}":                  {"admin", "lanhdao", "vhxh"},
	"POST /quan-ly/vong-thi/{id}":                 {"admin", "lanhdao", "vhxh"},
	"POST /quan-ly/vong-thi/{id}/gui-duyet":       {"admin", "lanhdao", "vhxh"},
	"POST /quan-ly/vong-thi/{id}/duyet":           {"admin", "lanhdao"},
	"POST /quan-ly/vong-thi/{id}/ket-qua":         {"admin", "lanhdao", "vhxh"},
	"POST /quan-ly/vong-thi/{id}/ket-qua/duyet":   {"admin", "lanhdao"},
	"GET /quan-ly/vong-thi/{id}/ket-qua.xlsx":     {"admin", "lanhdao", "vhxh"},
	"POST /quan-ly/thi-sinh/{id}":                 {"admin", "lanhdao", "vhxh"},
	"GET /thu-tuc":                                {"*"},
	"GET /thu-tuc/{code}":                         {"*"},
	"GET /thu-tuc/{code}/ban-in":                  {"*"},
	"GET /linh-vuc/{slug}":                        {"*"},
	"GET /su-kien/{slug}":                         {"*"},
	"GET /api/v1/procedures":                      {"*"},
	"GET /api/v1/procedures/{code}":               {"*"},
	"POST /dang-nhap":                             {"*"},
	"GET /api/v1/openapi.json":                    {"*"},
	"GET /api/v1/plans":                           {"*"},
	"GET /api/v1/plans/{id}":                      {"*"},
	"GET /api/v1/plans/{id}/figures":              {"*"},
	"GET /api/v1/units":                           {"*"},
	"GET /api/v1/contests":                        {"*"},
	"GET /api/v1/contests/{id}":                   {"*"},

	"POST /dang-xuat":                                {"admin", "lanhdao", "vhxh", "vanphong", "kp01", "mttq", "bientap"},
	"GET /quan-ly":                                   {"admin", "lanhdao", "vhxh", "vanphong", "kp01", "mttq", "bientap"},
	"GET /quan-ly/chua-gui":                          {"admin", "lanhdao", "vhxh", "vanphong", "kp01", "mttq", "bientap"},
	"GET /quan-ly/nhac-viec":                         {"admin", "lanhdao", "vhxh", "vanphong", "kp01", "mttq", "bientap"},
	"POST /quan-ly/nhac-viec":                        {"admin", "lanhdao", "vhxh", "vanphong", "kp01", "mttq", "bientap"},
	"GET /quan-ly/mat-khau":                          {"admin", "lanhdao", "vhxh", "vanphong", "kp01", "mttq", "bientap"},
	"POST /quan-ly/mat-khau":                         {"admin", "lanhdao", "vhxh", "vanphong", "kp01", "mttq", "bientap"},
	"GET /quan-ly/don-vi":                            {"admin", "lanhdao", "vhxh", "vanphong", "kp01", "mttq", "bientap"},
	"POST /quan-ly/don-vi":                           {"admin"},
	"GET /quan-ly/don-vi/{id}":                       {"admin"},
	"POST /quan-ly/don-vi/{id}":                      {"admin"},
	"GET /quan-ly/phuong":                            {"admin"},
	"POST /quan-ly/phuong":                           {"admin"},
	"GET /quan-ly/ke-hoach":                          {"admin", "lanhdao", "vhxh", "vanphong", "kp01", "mttq", "bientap"},
	"GET /quan-ly/ke-hoach/{id}":                     {"admin", "lanhdao", "vhxh", "vanphong", "kp01", "mttq", "bientap"},
	"GET /quan-ly/ke-hoach/{id}/tien-do":             {"admin", "lanhdao", "vhxh", "vanphong", "kp01", "mttq"},
	"GET /quan-ly/phan-cong/{id}":                    {"admin", "lanhdao", "vhxh", "kp01", "mttq"},
	"POST /quan-ly/phan-cong/{id}/trang-thai":        {"admin", "vhxh", "kp01"},
	"POST /quan-ly/phan-cong/{id}/y-kien":            {"admin", "lanhdao", "vhxh", "kp01", "mttq"},
	"GET /quan-ly/ke-hoach/{id}/sua":                 {"admin", "lanhdao", "vhxh"},
	"POST /quan-ly/ke-hoach/{id}/sua":                {"admin", "lanhdao", "vhxh"},
	"POST /quan-ly/ke-hoach/{id}/trang-thai":         {"admin", "lanhdao", "vhxh"},
	"GET /quan-ly/ke-hoach/{id}/sao-chep":            {"admin", "lanhdao", "vhxh"},
	"POST /quan-ly/ke-hoach/{id}/sao-chep":           {"admin", "lanhdao", "vhxh"},
	"POST /quan-ly/ke-hoach/{id}/muc/{sid}/nhiem-vu": {"admin", "lanhdao", "vhxh"},
	"GET /quan-ly/nhiem-vu/{id}/sua":                 {"admin", "lanhdao", "vhxh"},
	"POST /quan-ly/nhiem-vu/{id}/sua":                {"admin", "lanhdao", "vhxh"},
	"POST /quan-ly/nhiem-vu/{id}/xoa":                {"admin", "lanhdao", "vhxh"},
	"GET /quan-ly/nhat-ky":                           {"admin", "lanhdao", "vhxh", "mttq"},
	"GET /quan-ly/tai-khoan":                         {"admin"},
	"POST /quan-ly/tai-khoan":                        {"admin"},
	"GET /quan-ly/tai-khoan/{id}":                    {"admin"},
	"POST /quan-ly/tai-khoan/{id}/mat-khau":          {"admin"},
	"POST /quan-ly/tai-khoan/{id}/khoa":              {"admin"},
}

var subjects = []string{"", "admin", "lanhdao", "vhxh", "vanphong", "kp01", "mttq", "bientap"}

func allowed(route, subject string) bool {
	for _, s := range matrix[route] {
		if s == "*" || s == subject {
			return true
		}
	}
	return false
}

func TestRoleRouteMatrix(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		planID := strconv.FormatInt(e.plan.ID, 10)
		assignment := strconv.FormatInt(e.assignmentOf(8, 1, "Khu phố 1"), 10)
		task := strconv.FormatInt(e.plan.Sections[0].Tasks[0].ID, 10)
		section := strconv.FormatInt(e.plan.Sections[0].ID, 10)
		user := strconv.FormatInt(e.users["kp01"].ID, 10)
		unit := strconv.FormatInt(e.users["kp01"].UnitID, 10)
		var versionID int64
		d.QueryRow(context.Background(), `select min(id) from procedure_versions`).Scan(&versionID)
		version := strconv.FormatInt(versionID, 10)
		var asset string
		for hashed := range assets {
			asset = hashed
			break
		}
		cells := 0
		for _, rt := range e.s.Routes() {
			key := rt.Method + " " + rt.Pattern
			if _, ok := matrix[key]; !ok {
				t.Errorf("route %s has no row in the authorisation matrix", key)
				continue
			}
			path := strings.TrimSuffix(rt.Pattern, "{$}")
			id := planID
			switch {
			case strings.HasPrefix(path, "/quan-ly/phan-cong/"):
				id = assignment
			case strings.HasPrefix(path, "/quan-ly/nhiem-vu/"):
				id = task
			case strings.HasPrefix(path, "/quan-ly/tai-khoan/"):
				id = user
			case strings.HasPrefix(path, "/quan-ly/don-vi/"):
				id = unit
			case strings.HasPrefix(path, "/quan-ly/ban-nhap-thu-tuc/"):
				id = version
			case strings.Contains(path, "/mau/"), strings.Contains(path, "/tu-dong-nghia/"), strings.HasPrefix(path, "/quan-ly/hoat-dong/"), strings.HasPrefix(path, "/quan-ly/minh-chung/"),
				strings.HasPrefix(path, "/quan-ly/bao-cao-don-vi/"), strings.HasPrefix(path, "/quan-ly/phan-anh/"),
				strings.HasPrefix(path, "/quan-ly/anh-phan-anh/"), strings.HasPrefix(path, "/quan-ly/giam-sat/"),
				strings.HasPrefix(path, "/quan-ly/bai-viet/"), strings.HasPrefix(path, "/quan-ly/guong-dien-hinh/"),
				strings.HasPrefix(path, "/quan-ly/cuoc-thi/"), strings.HasPrefix(path, "/quan-ly/vong-thi/"), strings.HasPrefix(path, "/quan-ly/cau-hoi/"),
				strings.HasPrefix(path, "/quan-ly/thi-sinh/"), strings.HasPrefix(path, "/quan-ly/phat-thanh/"), strings.HasPrefix(path, "/quan-ly/pano/"), strings.HasPrefix(path, "/quan-ly/hop/"), strings.HasPrefix(path, "/quan-ly/to-chuc/"), strings.HasPrefix(path, "/quan-ly/khao-sat/"), strings.HasPrefix(path, "/khao-sat/"), strings.HasPrefix(path, "/api/v1/surveys/"):
				id = "999999" // no such form: allowed subjects get 404, others 403 or the login page
			}
			path = strings.NewReplacer("{id}", id, "{sid}", section, "{cid}", "999999", "{n}", "1", "{photo}", "1", "{file}", map[bool]string{true: "x.json", false: asset}[strings.HasPrefix(path, "/open311/")], "{doc}", "services.json", "{code}", "1.001193",
				"{slug}", map[bool]string{true: "ho-tich", false: "sinh-con"}[strings.HasPrefix(path, "/linh-vuc")]).Replace(path)
			for _, subj := range subjects {
				c := e.as(subj)
				var resp *http.Response
				if rt.Method == "GET" {
					resp = c.get(path)
				} else {
					resp = c.post(path, nil) // empty form: allowed subjects get a validation answer
				}
				resp.Body.Close()
				cells++
				denied := resp.StatusCode == http.StatusForbidden || resp.StatusCode == http.StatusUnauthorized ||
					(resp.StatusCode == http.StatusSeeOther && strings.HasPrefix(resp.Header.Get("Location"), "/dang-nhap"))
				if resp.StatusCode >= 500 {
					t.Errorf("%s %s as %q: server error %d", rt.Method, path, subj, resp.StatusCode)
				}
				if want := allowed(key, subj); want == denied {
					t.Errorf("%s %s as %q: status %d, want allowed=%v", rt.Method, path, subj, resp.StatusCode, want)
				}
				if subj == "" && denied && rt.Method == "GET" && resp.StatusCode != http.StatusSeeOther {
					t.Errorf("%s %s anonymously: %d, want a redirect to the login page", rt.Method, path, resp.StatusCode)
				}
			}
		}
		for key := range matrix {
			found := false
			for _, rt := range e.s.Routes() {
				found = found || rt.Method+" "+rt.Pattern == key
			}
			if !found {
				t.Errorf("matrix row %s names no route", key)
			}
		}
		t.Logf("role × route matrix: %d routes × %d subjects = %d cells", len(e.s.Routes()), len(subjects), cells)
	})
}
