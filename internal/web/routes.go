package web

import (
	"net/url"

	"github.com/cchc-vn/cchc/internal/account"
	"github.com/cchc-vn/cchc/internal/media"
	"github.com/cchc-vn/cchc/internal/news"
	"github.com/cchc-vn/cchc/internal/procedure"
)

// Access says who may use a route. The zero value is public.
type Access struct {
	Roles []account.Role // nil: public
}

func (a Access) public() bool { return a.Roles == nil }

func (a Access) allows(r account.Role) bool {
	for _, x := range a.Roles {
		if x == r {
			return true
		}
	}
	return false
}

var (
	public = Access{}
	// Every official, whatever the role.
	officials = Access{Roles: []account.Role{account.RoleAdmin, account.RoleLeader, account.RoleLeadOfficer,
		account.RoleUnitOfficer, account.RoleKhuPhoHead, account.RoleSupervisor, account.RoleEditor}}
	// Those who follow the plan's progress (editors work on the portal only).
	progressReaders = Access{Roles: []account.Role{account.RoleAdmin, account.RoleLeader, account.RoleLeadOfficer,
		account.RoleUnitOfficer, account.RoleKhuPhoHead, account.RoleSupervisor}}
	// Those who report progress on assignments (record-level rules narrow it further).
	progressWriters = Access{Roles: []account.Role{account.RoleAdmin, account.RoleLeadOfficer,
		account.RoleUnitOfficer, account.RoleKhuPhoHead}}
	commenters = Access{Roles: []account.Role{account.RoleAdmin, account.RoleLeader, account.RoleLeadOfficer,
		account.RoleUnitOfficer, account.RoleKhuPhoHead, account.RoleSupervisor}}
	planEditors  = Access{Roles: []account.Role{account.RoleAdmin, account.RoleLeader, account.RoleLeadOfficer}}
	auditReaders = Access{Roles: []account.Role{account.RoleAdmin, account.RoleLeader, account.RoleLeadOfficer, account.RoleSupervisor}}
	admins       = Access{Roles: []account.Role{account.RoleAdmin}}
	// The leader and the lead unit review units' reports, send reminders and
	// write the official report.
	reviewers = Access{Roles: []account.Role{account.RoleAdmin, account.RoleLeader, account.RoleLeadOfficer}}
	// Feedback: everyone with a workspace scope reads (record-level rules
	// narrow it); handlers are checked per item (receivers, the assigned unit).
	feedbackReaders    = progressReaders
	feedbackHandlers   = Access{Roles: []account.Role{account.RoleAdmin, account.RoleLeader, account.RoleLeadOfficer, account.RoleUnitOfficer}}
	supervisionReaders = Access{Roles: []account.Role{account.RoleAdmin, account.RoleLeader, account.RoleSupervisor}}
	supervisors        = Access{Roles: []account.Role{account.RoleAdmin, account.RoleSupervisor}}
	leaders            = Access{Roles: []account.Role{account.RoleAdmin, account.RoleLeader}}
	// The portal's content: editors write, the leader reviews; officials nominate exemplars.
	newsWriters    = Access{Roles: []account.Role{account.RoleAdmin, account.RoleEditor}}
	newsStaff      = Access{Roles: []account.Role{account.RoleAdmin, account.RoleLeader, account.RoleEditor}}
	nominators     = Access{Roles: []account.Role{account.RoleAdmin, account.RoleLeader, account.RoleLeadOfficer, account.RoleUnitOfficer, account.RoleKhuPhoHead, account.RoleSupervisor}}
	imageUploaders = Access{Roles: []account.Role{account.RoleAdmin, account.RoleLeader, account.RoleEditor, account.RoleLeadOfficer, account.RoleUnitOfficer, account.RoleKhuPhoHead, account.RoleSupervisor}}
	// Comparing wards is for the ward's leadership and administrators.
	cityReaders = Access{Roles: []account.Role{account.RoleAdmin, account.RoleLeader}}
	// The catalogue: editors and the office/centre officers write drafts (the
	// unit is checked in the handler), leaders review, and all of them read.
	catalogueStaff = Access{Roles: []account.Role{account.RoleAdmin, account.RoleLeader, account.RoleEditor,
		account.RoleUnitOfficer, account.RoleLeadOfficer}}
	catalogueEditors   = Access{Roles: []account.Role{account.RoleAdmin, account.RoleEditor, account.RoleUnitOfficer, account.RoleLeadOfficer}}
	catalogueReviewers = Access{Roles: []account.Role{account.RoleAdmin, account.RoleLeader}}
	// Contests: the lead unit organises, the leader approves rounds and results.
	contestStaff = Access{Roles: []account.Role{account.RoleAdmin, account.RoleLeader, account.RoleLeadOfficer}}
	// Loudspeaker bulletins: units' officers and editors write, the lead unit
	// checks, the leader approves; khu phố heads play and confirm.
	bulletinStaff    = Access{Roles: []account.Role{account.RoleAdmin, account.RoleLeader, account.RoleLeadOfficer, account.RoleUnitOfficer, account.RoleEditor}}
	bulletinWriters  = Access{Roles: []account.Role{account.RoleAdmin, account.RoleLeadOfficer, account.RoleUnitOfficer, account.RoleEditor}}
	bulletinCheckers = Access{Roles: []account.Role{account.RoleAdmin, account.RoleLeadOfficer}}
	players          = Access{Roles: []account.Role{account.RoleAdmin, account.RoleLeadOfficer, account.RoleKhuPhoHead}}
	// Posters, banners and panels: those who follow the plan read the
	// inventory; the lead unit, units' officers and khu phố heads keep it
	// (their own unit's items, checked per item).
	posterReaders = progressReaders
	posterKeepers = progressWriters
	// Awareness surveys: the leader and the lead unit write them and read
	// every result; officers and khu phố heads also enter paper answers.
	surveyStaff = Access{Roles: []account.Role{account.RoleAdmin, account.RoleLeader, account.RoleLeadOfficer}}
	surveyEntry = progressWriters
	// Meetings: those who follow the plan read the calendar; the lead unit,
	// units' officers, khu phố heads and the Front organise their own (the
	// organiser and the khu phố where it is held, checked per meeting); the
	// Front and the leader comment on the minutes.
	meetingReaders    = progressReaders
	meetingKeepers    = Access{Roles: []account.Role{account.RoleAdmin, account.RoleLeadOfficer, account.RoleUnitOfficer, account.RoleKhuPhoHead, account.RoleSupervisor}}
	meetingCommenters = Access{Roles: []account.Role{account.RoleLeader, account.RoleSupervisor}}
	// The Front and the organisations: their officials (and the lead unit)
	// keep their members; the Front supervises the plan, the leader answers.
	memberKeepers = Access{Roles: []account.Role{account.RoleAdmin, account.RoleLeadOfficer, account.RoleUnitOfficer, account.RoleSupervisor}}
	theFront      = Access{Roles: []account.Role{account.RoleSupervisor}}
	theLeader     = Access{Roles: []account.Role{account.RoleLeader}}
	surveyReaders = Access{Roles: []account.Role{account.RoleAdmin, account.RoleLeader, account.RoleLeadOfficer, account.RoleUnitOfficer, account.RoleKhuPhoHead}}
)

// Route is one method and path pattern with its access rule and handler.
type Route struct {
	Method  string
	Pattern string
	Access  Access
	Bare    bool  // no ward, session or CSRF: health checks and static files
	API     bool  // public JSON: the ward, but no session or CSRF cookie
	Cache   bool  // anonymous GETs are served from the page cache
	Changes bool  // a success changes what the public sees or the ward's reference data: this process's caches of the ward are dropped
	MaxBody int64 // request body limit; 0 means 1 MiB
	Files   bool  // the form takes files: a body cut at MaxBody or by the read timeout reaches the handler, whose files report it, so the form comes back as typed
	Handle  func(*request) error
}

// routeTable lists every route of the application in one place.
func (s *Server) routeTable() []Route {
	return []Route{
		// Operations.
		{Method: "GET", Pattern: "/healthz", Bare: true, Handle: s.healthz},
		{Method: "GET", Pattern: "/readyz", Bare: true, Handle: s.readyz},
		{Method: "GET", Pattern: "/static/{file}", Bare: true, Handle: s.static},

		// Public portal.
		{Method: "GET", Pattern: "/{$}", Access: public, Cache: true, Handle: s.home},
		{Method: "GET", Pattern: "/ke-hoach/{id}", Access: public, Handle: s.publicPlan},
		{Method: "GET", Pattern: "/thu-tuc", Access: public, Cache: true, Handle: s.procedureSearch},
		{Method: "GET", Pattern: "/thu-tuc/{code}", Access: public, Cache: true, Handle: s.procedurePage},
		{Method: "GET", Pattern: "/thu-tuc/moi-cap-nhat", Access: public, Handle: s.recentlyAmended},
		{Method: "GET", Pattern: "/thu-tuc/co-quan-khac", Access: public, Cache: true, Handle: s.procedureElsewhere},
		{Method: "GET", Pattern: "/thu-tuc/{code}/qr.png", Access: public, Handle: s.procedureQR},
		{Method: "GET", Pattern: "/thu-tuc/{code}/qr.svg", Access: public, Handle: s.procedureQR},
		{Method: "POST", Pattern: "/thu-tuc/{code}/huu-ich", Access: public, Handle: s.helpful},
		{Method: "GET", Pattern: "/q/{code}", Access: public, Handle: s.qrScan},
		{Method: "GET", Pattern: "/p/{code}", Access: public, Handle: s.posterScan},
		{Method: "GET", Pattern: "/khao-sat", Access: public, Handle: s.awarenessList},
		{Method: "GET", Pattern: "/khao-sat/{id}", Access: public, Handle: s.awarenessForm},
		{Method: "POST", Pattern: "/khao-sat/{id}", Access: public, Handle: s.awarenessSubmit},
		{Method: "GET", Pattern: "/khao-sat/{id}/cam-on", Access: public, Handle: s.awarenessThanks},
		{Method: "GET", Pattern: "/khao-sat/{id}/ket-qua", Access: public, Handle: s.awarenessPublicResults},
		{Method: "GET", Pattern: "/lich-hop", Access: public, Handle: s.portalMeetings}, // not page-cached: what is "coming" changes with the clock
		{Method: "GET", Pattern: "/lich-hop.ics", Access: public, API: true, Handle: s.portalMeetingsICS},
		// A unit's calendar for a phone: its secret address names it.
		{Method: "GET", Pattern: "/lich/{token}", Access: public, API: true, Handle: s.meetingFeed},
		{Method: "GET", Pattern: "/thu-tuc/{code}/mau/{id}", Access: public, Handle: s.formDownload},
		{Method: "GET", Pattern: "/thu-tuc/moi-cap-nhat.atom", Access: public, Handle: s.recentlyAmendedFeed},
		{Method: "GET", Pattern: "/thu-tuc/{code}/ban-in", Access: public, Cache: true, Handle: s.procedurePrint},
		{Method: "GET", Pattern: "/linh-vuc/{slug}", Access: public, Cache: true, Handle: s.procedureField},
		{Method: "GET", Pattern: "/su-kien/{slug}", Access: public, Cache: true, Handle: s.lifeEvent},
		{Method: "GET", Pattern: "/phan-anh", Access: public, Handle: s.feedbackForm},
		{Method: "POST", Pattern: "/phan-anh", Access: public, MaxBody: maxFeedbackUpload, Files: true, Handle: s.feedbackSubmit},
		{Method: "GET", Pattern: "/phan-anh/tra-cuu", Access: public, Handle: s.feedbackTrack},
		{Method: "POST", Pattern: "/phan-anh/danh-gia", Access: public, Handle: s.feedbackRate},
		{Method: "POST", Pattern: "/phan-anh/ngung-nhan", Access: public, Handle: s.feedbackStop},
		{Method: "GET", Pattern: "/phan-anh/cong-khai", Access: public, Handle: s.feedbackPublic},
		{Method: "GET", Pattern: "/phan-anh/thong-ke", Access: public, Handle: s.feedbackStats},
		{Method: "GET", Pattern: "/danh-gia-dich-vu", Access: public, Handle: s.surveyForm},
		{Method: "POST", Pattern: "/danh-gia-dich-vu", Access: public, Handle: s.surveySubmit},
		{Method: "GET", Pattern: "/danh-gia-dich-vu/qr.svg", Access: public, Handle: s.surveyQR},
		{Method: "GET", Pattern: "/tin-tuc", Access: public, Cache: true, Handle: s.newsIndex},
		{Method: "GET", Pattern: "/tin-tuc/atom", Access: public, Handle: s.newsFeed},
		{Method: "GET", Pattern: "/chuyen-muc/{slug}", Access: public, Cache: true, Handle: s.newsColumn},
		{Method: "GET", Pattern: "/chuyen-muc/{slug}/atom", Access: public, Handle: s.newsFeed},
		{Method: "GET", Pattern: "/bai-viet/{slug}", Access: public, Cache: true, Handle: s.article},
		{Method: "GET", Pattern: "/bai-viet/{slug}/van-ban.pdf", Access: public, Handle: s.attachment},
		{Method: "GET", Pattern: "/anh/{file}", Access: public, Handle: s.image},
		{Method: "GET", Pattern: "/video/{file}", Access: public, Handle: s.video},
		{Method: "GET", Pattern: "/guong-dien-hinh", Access: public, Cache: true, Handle: s.honourRoll},
		{Method: "GET", Pattern: "/sitemap.xml", Access: public, API: true, Handle: s.sitemap},
		{Method: "GET", Pattern: "/robots.txt", Access: public, API: true, Handle: s.robots},
		{Method: "GET", Pattern: "/manifest.webmanifest", Access: public, API: true, Handle: s.manifest},
		{Method: "GET", Pattern: "/sw.js", Bare: true, Handle: s.sw},
		{Method: "GET", Pattern: "/phat-thanh", Access: public, Cache: true, Handle: s.publicBulletins},
		{Method: "GET", Pattern: "/phat-thanh/rss.xml", Access: public, Cache: true, Handle: s.bulletinsRSS},
		{Method: "GET", Pattern: "/phat-thanh/{id}/am-thanh", Access: public, Handle: s.publicBulletinFile},
		// The khu phố's speaker box: its token names it.
		{Method: "GET", Pattern: "/loa/{token}/danh-sach.json", Access: public, API: true, Handle: s.boxJSON},
		{Method: "GET", Pattern: "/loa/{token}/danh-sach.m3u", Access: public, API: true, Handle: s.boxM3U},
		{Method: "POST", Pattern: "/loa/{token}/da-phat", Access: public, API: true, Handle: s.boxConfirm},
		{Method: "GET", Pattern: "/cuoc-thi", Access: public, Handle: s.contests},
		{Method: "GET", Pattern: "/cuoc-thi/{slug}", Access: public, Handle: s.contestPage},
		{Method: "GET", Pattern: "/cuoc-thi/{slug}/dang-ky", Access: public, Handle: s.contestRegisterForm},
		{Method: "POST", Pattern: "/cuoc-thi/{slug}/dang-ky", Access: public, Handle: s.contestRegister},
		{Method: "GET", Pattern: "/cuoc-thi/{slug}/vao-thi", Access: public, Handle: s.contestSignInForm},
		{Method: "POST", Pattern: "/cuoc-thi/{slug}/vao-thi", Access: public, Handle: s.contestSignIn},
		{Method: "GET", Pattern: "/cuoc-thi/{slug}/xac-minh", Access: public, Handle: s.contestVerifyForm},
		{Method: "POST", Pattern: "/cuoc-thi/{slug}/xac-minh", Access: public, Handle: s.contestVerify},
		{Method: "POST", Pattern: "/cuoc-thi/{slug}/thoat", Access: public, Handle: s.contestSignOut},
		{Method: "GET", Pattern: "/cuoc-thi/{slug}/cua-toi", Access: public, Handle: s.contestMine},
		{Method: "POST", Pattern: "/cuoc-thi/{slug}/vong/{n}/bat-dau", Access: public, Handle: s.contestStart},
		{Method: "GET", Pattern: "/cuoc-thi/{slug}/bai/{id}", Access: public, Handle: s.contestAttempt},
		{Method: "POST", Pattern: "/cuoc-thi/{slug}/bai/{id}", Access: public, Handle: s.contestAnswer},
		{Method: "POST", Pattern: "/cuoc-thi/{slug}/bai/{id}/nop", Access: public, Handle: s.contestSubmit},
		{Method: "GET", Pattern: "/cuoc-thi/{slug}/bai/{id}/ket-qua", Access: public, Handle: s.contestResult},
		{Method: "GET", Pattern: "/chung-nhan/{code}", Access: public, Handle: s.certificatePage},
		{Method: "GET", Pattern: "/chung-nhan/{code}/pdf", Access: public, Handle: s.certificatePDF},
		{Method: "GET", Pattern: "/dang-nhap", Access: public, Handle: s.loginForm},
		{Method: "POST", Pattern: "/dang-nhap", Access: public, Handle: s.login},

		// Read-only JSON API.
		{Method: "GET", Pattern: "/api/v1/openapi.json", Bare: true, Handle: s.openAPI},
		{Method: "GET", Pattern: "/api/v1/plans", Access: public, API: true, Handle: s.apiPlans},
		{Method: "GET", Pattern: "/api/v1/plans/{id}", Access: public, API: true, Handle: s.apiPlan},
		{Method: "GET", Pattern: "/api/v1/plans/{id}/figures", Access: public, API: true, Handle: s.apiFigures},
		{Method: "GET", Pattern: "/api/v1/units", Access: public, API: true, Handle: s.apiUnits},
		{Method: "GET", Pattern: "/api/v1/procedures", Access: public, API: true, Handle: s.apiProcedures},
		{Method: "GET", Pattern: "/api/v1/procedures/{code}", Access: public, API: true, Handle: s.apiProcedure},
		{Method: "GET", Pattern: "/api/v1/contests", Access: public, API: true, Handle: s.apiContests},
		{Method: "GET", Pattern: "/api/v1/bulletins", Access: public, API: true, Handle: s.apiBulletins},
		{Method: "GET", Pattern: "/api/v1/posters", Access: public, API: true, Handle: s.apiPosters},
		{Method: "GET", Pattern: "/api/v1/surveys", Access: public, API: true, Handle: s.apiSurveys},
		{Method: "GET", Pattern: "/api/v1/surveys/{id}/results", Access: public, API: true, Handle: s.apiSurveyResults},
		{Method: "GET", Pattern: "/api/v1/meetings", Access: public, API: true, Handle: s.apiMeetings},
		{Method: "GET", Pattern: "/api/v1/contests/{id}", Access: public, API: true, Handle: s.apiContest},

		// Open311 GeoReport v2 for partner apps.
		{Method: "GET", Pattern: "/open311/v2/{doc}", Access: public, API: true, Handle: s.open311Doc},
		{Method: "POST", Pattern: "/open311/v2/{doc}", Access: public, API: true, Handle: s.open311Post},
		{Method: "GET", Pattern: "/open311/v2/services/{file}", Access: public, API: true, Handle: s.open311Service},
		{Method: "GET", Pattern: "/open311/v2/requests/{file}", Access: public, API: true, Handle: s.open311Request},
		{Method: "GET", Pattern: "/open311/v2/tokens/{file}", Access: public, API: true, Handle: s.open311Token},

		// Officials' workspace.
		{Method: "POST", Pattern: "/dang-xuat", Access: officials, Handle: s.logout},
		{Method: "GET", Pattern: "/quan-ly", Access: officials, Handle: s.dashboard},
		{Method: "GET", Pattern: "/quan-ly/chua-gui", Access: officials, Handle: s.outboxPage},
		{Method: "GET", Pattern: "/quan-ly/mat-khau", Access: officials, Handle: s.passwordForm},
		{Method: "POST", Pattern: "/quan-ly/mat-khau", Access: officials, Handle: s.changePassword},
		{Method: "GET", Pattern: "/quan-ly/nhac-viec", Access: officials, Handle: s.remindersForm},
		{Method: "POST", Pattern: "/quan-ly/nhac-viec", Access: officials, Handle: s.saveReminders},
		{Method: "GET", Pattern: "/quan-ly/don-vi", Access: officials, Handle: s.units},
		{Method: "POST", Pattern: "/quan-ly/don-vi", Access: admins, Changes: true, Handle: s.unitSave},
		{Method: "GET", Pattern: "/quan-ly/don-vi/{id}", Access: admins, Handle: s.unitForm},
		{Method: "GET", Pattern: "/quan-ly/phuong", Access: admins, Handle: s.wardContactForm},
		{Method: "POST", Pattern: "/quan-ly/phuong", Access: admins, Changes: true, Handle: s.wardContactSave},
		{Method: "POST", Pattern: "/quan-ly/don-vi/{id}", Access: admins, Changes: true, Handle: s.unitSave},
		{Method: "GET", Pattern: "/quan-ly/ke-hoach", Access: officials, Handle: s.plans},
		{Method: "GET", Pattern: "/quan-ly/ke-hoach/{id}", Access: officials, Handle: s.planDocument},
		{Method: "GET", Pattern: "/quan-ly/ke-hoach/{id}/tien-do", Access: progressReaders, Handle: s.progress},
		{Method: "GET", Pattern: "/quan-ly/phan-cong/{id}", Access: progressReaders, Handle: s.assignment},
		{Method: "POST", Pattern: "/quan-ly/phan-cong/{id}/trang-thai", Access: progressWriters, Changes: true, Handle: s.updateStatus},
		{Method: "POST", Pattern: "/quan-ly/phan-cong/{id}/y-kien", Access: commenters, Handle: s.comment},
		{Method: "GET", Pattern: "/quan-ly/ke-hoach/{id}/sua", Access: planEditors, Handle: s.planEditForm},
		{Method: "POST", Pattern: "/quan-ly/ke-hoach/{id}/sua", Access: planEditors, Changes: true, Handle: s.planEdit},
		{Method: "POST", Pattern: "/quan-ly/ke-hoach/{id}/trang-thai", Access: planEditors, Changes: true, Handle: s.planStatus},
		{Method: "GET", Pattern: "/quan-ly/ke-hoach/{id}/sao-chep", Access: planEditors, Handle: s.planCopyForm},
		{Method: "POST", Pattern: "/quan-ly/ke-hoach/{id}/sao-chep", Access: planEditors, Handle: s.planCopy},
		{Method: "POST", Pattern: "/quan-ly/ke-hoach/{id}/muc/{sid}/nhiem-vu", Access: planEditors, Handle: s.taskAdd},
		{Method: "GET", Pattern: "/quan-ly/nhiem-vu/{id}/sua", Access: planEditors, Handle: s.taskEditForm},
		{Method: "POST", Pattern: "/quan-ly/nhiem-vu/{id}/sua", Access: planEditors, Handle: s.taskEdit},
		{Method: "POST", Pattern: "/quan-ly/nhiem-vu/{id}/xoa", Access: planEditors, Handle: s.taskDelete},
		{Method: "GET", Pattern: "/quan-ly/nhat-ky", Access: auditReaders, Handle: s.auditLog},
		{Method: "GET", Pattern: "/quan-ly/hoat-dong", Access: progressReaders, Handle: s.activities},
		{Method: "GET", Pattern: "/quan-ly/hoat-dong/moi", Access: progressWriters, Handle: s.activityForm},
		{Method: "GET", Pattern: "/quan-ly/hoat-dong/do-phu", Access: auditReaders, Handle: s.coverage},
		{Method: "POST", Pattern: "/quan-ly/hoat-dong", Access: progressWriters, MaxBody: maxActivityUpload, Files: true, Handle: s.activityCreate},
		{Method: "GET", Pattern: "/quan-ly/hoat-dong/{id}", Access: progressReaders, Handle: s.activityPage},
		{Method: "GET", Pattern: "/quan-ly/hoat-dong/{id}/sua", Access: progressWriters, Handle: s.activityEditForm},
		{Method: "POST", Pattern: "/quan-ly/hoat-dong/{id}/sua", Access: progressWriters, MaxBody: maxActivityUpload, Files: true, Handle: s.activityEdit},
		{Method: "POST", Pattern: "/quan-ly/hoat-dong/{id}/xoa", Access: progressWriters, Handle: s.activityDelete},
		{Method: "GET", Pattern: "/quan-ly/hoat-dong/nhap", Access: progressWriters, Handle: s.importForm},
		{Method: "POST", Pattern: "/quan-ly/hoat-dong/nhap", Access: progressWriters, MaxBody: maxUpload + 1<<20, Files: true, Handle: s.importUpload},
		{Method: "GET", Pattern: "/quan-ly/hoat-dong/mau-nhap.xlsx", Access: progressWriters, Handle: s.importTemplate},
		{Method: "GET", Pattern: "/quan-ly/minh-chung/{id}", Access: progressReaders, Handle: s.evidence},
		{Method: "GET", Pattern: "/quan-ly/tong-quan", Access: auditReaders, Handle: s.overview},
		{Method: "GET", Pattern: "/quan-ly/bao-cao-don-vi", Access: progressReaders, Handle: s.unitReports},
		{Method: "POST", Pattern: "/quan-ly/bao-cao-don-vi", Access: progressWriters, Handle: s.unitReportSubmit},
		{Method: "GET", Pattern: "/quan-ly/bao-cao-don-vi/{id}", Access: progressReaders, Handle: s.unitReport},
		{Method: "POST", Pattern: "/quan-ly/bao-cao-don-vi/{id}/duyet", Access: reviewers, Handle: s.unitReportReview},
		{Method: "POST", Pattern: "/quan-ly/don-doc", Access: reviewers, Handle: s.sendReminder},
		{Method: "GET", Pattern: "/quan-ly/thong-bao", Access: officials, Handle: s.notices},
		{Method: "POST", Pattern: "/quan-ly/thong-bao/da-doc", Access: officials, Handle: s.noticesRead},
		{Method: "GET", Pattern: "/quan-ly/ke-hoach/{id}/kinh-phi", Access: planEditors, Handle: s.budgetForm},
		{Method: "POST", Pattern: "/quan-ly/ke-hoach/{id}/kinh-phi", Access: planEditors, Handle: s.budgetSave},
		{Method: "GET", Pattern: "/quan-ly/thanh-pho", Access: cityReaders, Handle: s.city},
		{Method: "GET", Pattern: "/quan-ly/bao-cao", Access: reviewers, Handle: s.officialReport},
		{Method: "POST", Pattern: "/quan-ly/bao-cao", Access: reviewers, Handle: s.officialReportDownload},
		{Method: "GET", Pattern: "/quan-ly/bao-cao/phu-luc.xlsx", Access: reviewers, Handle: s.officialReportAnnex},
		{Method: "GET", Pattern: "/quan-ly/phan-anh", Access: feedbackReaders, Handle: s.feedbackList},
		{Method: "GET", Pattern: "/quan-ly/phan-anh/moi", Access: feedbackReaders, Handle: s.feedbackRecordForm},
		{Method: "POST", Pattern: "/quan-ly/phan-anh", Access: feedbackReaders, MaxBody: maxFeedbackUpload, Files: true, Handle: s.feedbackRecord},
		{Method: "GET", Pattern: "/quan-ly/phan-anh/{id}", Access: feedbackReaders, Handle: s.feedbackItem},
		{Method: "POST", Pattern: "/quan-ly/phan-anh/{id}/phan-loai", Access: feedbackHandlers, Handle: s.feedbackClassify},
		{Method: "POST", Pattern: "/quan-ly/phan-anh/{id}/tra-loi", Access: feedbackHandlers, Handle: s.feedbackAnswer},
		{Method: "POST", Pattern: "/quan-ly/phan-anh/{id}/ket-thuc", Access: feedbackHandlers, Handle: s.feedbackClose},
		{Method: "GET", Pattern: "/quan-ly/anh-phan-anh/{id}", Access: feedbackReaders, Handle: s.feedbackPhoto},
		{Method: "GET", Pattern: "/quan-ly/giam-sat", Access: supervisionReaders, Handle: s.supervisions},
		{Method: "POST", Pattern: "/quan-ly/giam-sat", Access: supervisors, Handle: s.superviseCreate},
		{Method: "POST", Pattern: "/quan-ly/giam-sat/{id}/tra-loi", Access: leaders, Handle: s.superviseAnswer},
		{Method: "GET", Pattern: "/quan-ly/ngay-nghi", Access: admins, Handle: s.holidays},
		{Method: "POST", Pattern: "/quan-ly/ngay-nghi", Access: admins, Changes: true, Handle: s.holidayAdd},
		{Method: "POST", Pattern: "/quan-ly/ngay-nghi/xoa", Access: admins, Changes: true, Handle: s.holidayRemove},
		{Method: "GET", Pattern: "/quan-ly/bai-viet", Access: newsStaff, Handle: s.articlesAdmin},
		{Method: "GET", Pattern: "/quan-ly/bai-viet/moi", Access: newsStaff, Handle: s.articleNew},
		{Method: "POST", Pattern: "/quan-ly/bai-viet", Access: newsStaff, MaxBody: maxNewsUpload, Files: true, Changes: true, Handle: s.articleSave},
		{Method: "GET", Pattern: "/quan-ly/bai-viet/{id}", Access: newsStaff, Handle: s.articleEdit},
		{Method: "POST", Pattern: "/quan-ly/bai-viet/{id}", Access: newsStaff, MaxBody: maxNewsUpload, Files: true, Changes: true, Handle: s.articleSave},
		{Method: "GET", Pattern: "/quan-ly/bai-viet/{id}/xem-truoc", Access: newsStaff, Handle: s.articlePreview},
		{Method: "POST", Pattern: "/quan-ly/bai-viet/{id}/gui-duyet", Access: newsWriters, Changes: true, Handle: s.articleSubmit},
		{Method: "POST", Pattern: "/quan-ly/bai-viet/{id}/duyet", Access: leaders, Changes: true, Handle: s.articleReview},
		{Method: "POST", Pattern: "/quan-ly/bai-viet/{id}/luu-tru", Access: newsStaff, Changes: true, Handle: s.articleArchive},
		{Method: "POST", Pattern: "/quan-ly/bai-viet/{id}/gui-lai", Access: newsStaff, Changes: true, Handle: s.socialRetry},
		{Method: "POST", Pattern: "/quan-ly/anh", Access: imageUploaders, MaxBody: maxNewsUpload, Files: true, Handle: s.imageUpload},
		{Method: "POST", Pattern: "/quan-ly/video", Access: newsWriters, MaxBody: news.MaxVideoSize + 1<<20, Files: true, Handle: s.videoUpload},
		{Method: "GET", Pattern: "/quan-ly/chuyen-muc", Access: newsStaff, Handle: s.columnsAdmin},
		{Method: "POST", Pattern: "/quan-ly/chuyen-muc", Access: newsStaff, Changes: true, Handle: s.columnSave},
		{Method: "GET", Pattern: "/quan-ly/mang-xa-hoi", Access: admins, Handle: s.socialSettings},
		{Method: "GET", Pattern: "/quan-ly/tin-nhan", Access: cityReaders, Handle: s.texts},
		{Method: "POST", Pattern: "/quan-ly/mang-xa-hoi", Access: admins, Handle: s.socialSave},
		{Method: "GET", Pattern: "/quan-ly/guong-dien-hinh", Access: nominators, Handle: s.exemplarsAdmin},
		{Method: "POST", Pattern: "/quan-ly/guong-dien-hinh", Access: nominators, Handle: s.exemplarNominate},
		{Method: "POST", Pattern: "/quan-ly/guong-dien-hinh/{id}/duyet", Access: leaders, Changes: true, Handle: s.exemplarDecide},
		{Method: "GET", Pattern: "/quan-ly/thu-tuc", Access: catalogueStaff, Handle: s.catalogueAdmin},
		{Method: "GET", Pattern: "/quan-ly/thu-tuc/thong-ke", Access: catalogueStaff, Handle: s.procedureStats},
		{Method: "GET", Pattern: "/quan-ly/thu-tuc/tu-dong-nghia", Access: catalogueStaff, Handle: s.synonymsPage},
		{Method: "POST", Pattern: "/quan-ly/thu-tuc/tu-dong-nghia", Access: catalogueEditors, Changes: true, Handle: s.synonymAdd},
		{Method: "POST", Pattern: "/quan-ly/thu-tuc/tu-dong-nghia/{id}/xoa", Access: catalogueEditors, Changes: true, Handle: s.synonymDelete},
		{Method: "GET", Pattern: "/quan-ly/thu-tuc/xuat.xlsx", Access: catalogueStaff, Handle: s.procedureExport},
		{Method: "POST", Pattern: "/quan-ly/thu-tuc/nhap", Access: catalogueEditors, MaxBody: maxUpload, Files: true, Handle: s.procedureImport},
		{Method: "GET", Pattern: "/quan-ly/thu-tuc/{code}/sua", Access: catalogueEditors, Handle: s.procedureEditForm},
		{Method: "POST", Pattern: "/quan-ly/thu-tuc/{code}/sua", Access: catalogueEditors, Handle: s.procedureEdit},
		{Method: "POST", Pattern: "/quan-ly/thu-tuc/{code}/mau", Access: catalogueEditors, MaxBody: procedure.MaxFormSize + 1<<20, Files: true, Changes: true, Handle: s.formUpload},
		{Method: "POST", Pattern: "/quan-ly/thu-tuc/{code}/mau/{id}/xoa", Access: catalogueEditors, Changes: true, Handle: s.formDelete},
		{Method: "GET", Pattern: "/quan-ly/ban-nhap-thu-tuc/{id}", Access: catalogueStaff, Handle: s.draft},
		{Method: "POST", Pattern: "/quan-ly/ban-nhap-thu-tuc/{id}", Access: catalogueReviewers, Changes: true, Handle: s.draftReview},
		{Method: "GET", Pattern: "/quan-ly/phat-thanh", Access: bulletinStaff, Handle: s.bulletins},
		{Method: "POST", Pattern: "/quan-ly/phat-thanh", Access: bulletinWriters, Handle: s.bulletinSave},
		{Method: "GET", Pattern: "/quan-ly/phat-thanh/moi", Access: bulletinWriters, Handle: s.bulletinNew},
		{Method: "POST", Pattern: "/quan-ly/phat-thanh/tu-dien", Access: bulletinCheckers, Handle: s.bulletinWords},
		{Method: "GET", Pattern: "/quan-ly/phat-thanh/hom-nay", Access: players, Handle: s.playlist},
		{Method: "POST", Pattern: "/quan-ly/phat-thanh/da-phat", Access: players, Handle: s.playConfirm},
		{Method: "POST", Pattern: "/quan-ly/phat-thanh/ma-loa", Access: players, Handle: s.playToken},
		{Method: "POST", Pattern: "/quan-ly/phat-thanh/gio-phat", Access: players, Handle: s.playSlots},
		{Method: "GET", Pattern: "/quan-ly/phat-thanh/{id}", Access: bulletinStaff, Handle: s.bulletinPage},
		{Method: "POST", Pattern: "/quan-ly/phat-thanh/{id}", Access: bulletinWriters, Handle: s.bulletinSave},
		{Method: "GET", Pattern: "/quan-ly/phat-thanh/{id}/am-thanh", Access: bulletinStaff, Handle: s.bulletinFile},
		{Method: "POST", Pattern: "/quan-ly/phat-thanh/{id}/am-thanh", Access: bulletinWriters, MaxBody: media.MaxAudioSize + 1<<20, Files: true, Handle: s.bulletinAudio},
		{Method: "POST", Pattern: "/quan-ly/phat-thanh/{id}/doc-may", Access: bulletinWriters, Handle: s.bulletinSpeak},
		{Method: "POST", Pattern: "/quan-ly/phat-thanh/{id}/gui", Access: bulletinWriters, Handle: s.bulletinSubmit},
		{Method: "POST", Pattern: "/quan-ly/phat-thanh/{id}/tham-dinh", Access: bulletinCheckers, Handle: s.bulletinCheck},
		{Method: "POST", Pattern: "/quan-ly/phat-thanh/{id}/phe-duyet", Access: leaders, Changes: true, Handle: s.bulletinApprove},
		{Method: "POST", Pattern: "/quan-ly/phat-thanh/{id}/ngung", Access: reviewers, Changes: true, Handle: s.bulletinStop},
		{Method: "GET", Pattern: "/quan-ly/khao-sat", Access: surveyReaders, Handle: s.awarenessAdmin},
		{Method: "POST", Pattern: "/quan-ly/khao-sat", Access: surveyStaff, Handle: s.awarenessCreate},
		{Method: "GET", Pattern: "/quan-ly/khao-sat/moi", Access: surveyStaff, Handle: s.awarenessNew},
		{Method: "GET", Pattern: "/quan-ly/khao-sat/{id}", Access: surveyReaders, Handle: s.awarenessAdminPage},
		{Method: "POST", Pattern: "/quan-ly/khao-sat/{id}/trang-thai", Access: surveyStaff, Handle: s.awarenessStatus},
		{Method: "GET", Pattern: "/quan-ly/khao-sat/{id}/phieu", Access: surveyEntry, Handle: s.awarenessPaperForm},
		{Method: "POST", Pattern: "/quan-ly/khao-sat/{id}/phieu", Access: surveyEntry, Handle: s.awarenessPaper},
		{Method: "GET", Pattern: "/quan-ly/pano", Access: posterReaders, Handle: s.posters},
		{Method: "POST", Pattern: "/quan-ly/pano", Access: posterKeepers, MaxBody: maxPosterUpload, Files: true, Handle: s.posterSave},
		{Method: "GET", Pattern: "/quan-ly/pano/moi", Access: posterKeepers, Handle: s.posterNew},
		{Method: "GET", Pattern: "/quan-ly/pano/khu-pho", Access: posterReaders, Handle: s.postersByKhuPho},
		{Method: "GET", Pattern: "/quan-ly/pano/nhan-qr.pdf", Access: posterReaders, Handle: s.posterLabels},
		{Method: "GET", Pattern: "/quan-ly/pano/{id}", Access: posterReaders, Handle: s.posterPage},
		{Method: "POST", Pattern: "/quan-ly/pano/{id}", Access: posterKeepers, MaxBody: maxPosterUpload, Files: true, Handle: s.posterSave},
		{Method: "POST", Pattern: "/quan-ly/pano/{id}/treo", Access: posterKeepers, Handle: s.posterPutUp},
		{Method: "POST", Pattern: "/quan-ly/pano/{id}/thao", Access: posterKeepers, Handle: s.posterTakeDown},
		{Method: "GET", Pattern: "/quan-ly/pano/{id}/qr.svg", Access: posterReaders, Handle: s.posterQR},
		{Method: "GET", Pattern: "/quan-ly/pano/{id}/qr.png", Access: posterReaders, Handle: s.posterQR},
		{Method: "GET", Pattern: "/quan-ly/pano/{id}/anh/{photo}", Access: posterReaders, Handle: s.posterPhoto},
		{Method: "GET", Pattern: "/quan-ly/hop", Access: meetingReaders, Handle: s.meetings},
		{Method: "POST", Pattern: "/quan-ly/hop", Access: meetingKeepers, Changes: true, Handle: s.meetingSave},
		{Method: "GET", Pattern: "/quan-ly/hop/moi", Access: meetingKeepers, Handle: s.meetingNew},
		{Method: "POST", Pattern: "/quan-ly/hop/lich-moi", Access: meetingKeepers, Handle: s.meetingFeedRenew},
		{Method: "GET", Pattern: "/quan-ly/hop/{id}", Access: meetingReaders, Handle: s.meetingPage},
		{Method: "POST", Pattern: "/quan-ly/hop/{id}", Access: meetingKeepers, Changes: true, Handle: s.meetingSave},
		{Method: "GET", Pattern: "/quan-ly/hop/{id}/sua", Access: meetingKeepers, Handle: s.meetingEdit},
		{Method: "POST", Pattern: "/quan-ly/hop/{id}/huy", Access: meetingKeepers, Changes: true, Handle: s.meetingCancel},
		{Method: "GET", Pattern: "/quan-ly/hop/{id}/ket-qua", Access: meetingKeepers, Handle: s.meetingMinutesForm},
		{Method: "POST", Pattern: "/quan-ly/hop/{id}/ket-qua", Access: meetingKeepers, Changes: true, MaxBody: maxMeetingUpload, Files: true, Handle: s.meetingClose},
		{Method: "GET", Pattern: "/quan-ly/hop/{id}/y-kien", Access: meetingKeepers, Handle: s.meetingOpinionForm},
		{Method: "POST", Pattern: "/quan-ly/hop/{id}/y-kien", Access: meetingKeepers, MaxBody: maxFeedbackUpload, Files: true, Handle: s.meetingOpinion},
		{Method: "POST", Pattern: "/quan-ly/hop/{id}/gop-y", Access: meetingCommenters, Handle: s.meetingComment},
		{Method: "GET", Pattern: "/quan-ly/hop/{id}/bien-ban.docx", Access: meetingReaders, Handle: s.meetingMinutes},
		{Method: "GET", Pattern: "/quan-ly/hop/{id}/anh/{photo}", Access: meetingReaders, Handle: s.meetingPhoto},
		{Method: "GET", Pattern: "/quan-ly/to-chuc", Access: progressReaders, Handle: s.organisations},
		{Method: "GET", Pattern: "/quan-ly/to-chuc/{id}/hoi-vien", Access: memberKeepers, Handle: s.organisationMembersForm},
		{Method: "POST", Pattern: "/quan-ly/to-chuc/{id}/hoi-vien", Access: memberKeepers, Handle: s.organisationMembers},
		{Method: "POST", Pattern: "/quan-ly/to-chuc/giam-sat", Access: theFront, Handle: s.planSupervise},
		{Method: "POST", Pattern: "/quan-ly/to-chuc/giam-sat/{id}/tra-loi", Access: theLeader, Handle: s.planSupervisionAnswer},
		{Method: "GET", Pattern: "/quan-ly/cau-hoi", Access: contestStaff, Handle: s.questionBank},
		{Method: "GET", Pattern: "/quan-ly/cau-hoi/xuat.xlsx", Access: contestStaff, Handle: s.questionExport},
		{Method: "POST", Pattern: "/quan-ly/cau-hoi/nhap", Access: contestStaff, MaxBody: maxUpload + 1<<20, Files: true, Handle: s.questionImport},
		{Method: "POST", Pattern: "/quan-ly/cau-hoi", Access: contestStaff, Handle: s.questionSave},
		{Method: "GET", Pattern: "/quan-ly/cau-hoi/{id}", Access: contestStaff, Handle: s.questionPage},
		{Method: "POST", Pattern: "/quan-ly/cau-hoi/{id}", Access: contestStaff, Handle: s.questionSave},
		{Method: "GET", Pattern: "/quan-ly/cuoc-thi", Access: contestStaff, Handle: s.contestsAdmin},
		{Method: "POST", Pattern: "/quan-ly/cuoc-thi", Access: contestStaff, Changes: true, Handle: s.contestSave},
		{Method: "GET", Pattern: "/quan-ly/cuoc-thi/{id}", Access: contestStaff, Handle: s.contestPageAdmin},
		{Method: "POST", Pattern: "/quan-ly/cuoc-thi/{id}", Access: contestStaff, Changes: true, Handle: s.contestSave},
		{Method: "GET", Pattern: "/quan-ly/cuoc-thi/{cid}/vong-moi", Access: contestStaff, Handle: s.roundPage},
		{Method: "POST", Pattern: "/quan-ly/cuoc-thi/{cid}/vong-moi", Access: contestStaff, Handle: s.roundSave},
		{Method: "GET", Pattern: "/quan-ly/vong-thi/{id}", Access: contestStaff, Handle: s.roundPage},
		{Method: "POST", Pattern: "/quan-ly/vong-thi/{id}", Access: contestStaff, Handle: s.roundSave},
		{Method: "POST", Pattern: "/quan-ly/vong-thi/{id}/gui-duyet", Access: contestStaff, Handle: s.roundSubmit},
		{Method: "POST", Pattern: "/quan-ly/vong-thi/{id}/duyet", Access: leaders, Changes: true, Handle: s.roundDecide},
		{Method: "POST", Pattern: "/quan-ly/vong-thi/{id}/ket-qua", Access: contestStaff, Handle: s.resultsPropose},
		{Method: "POST", Pattern: "/quan-ly/vong-thi/{id}/ket-qua/duyet", Access: leaders, Changes: true, Handle: s.resultsDecide},
		{Method: "GET", Pattern: "/quan-ly/vong-thi/{id}/ket-qua.xlsx", Access: contestStaff, Handle: s.resultsExport},
		{Method: "POST", Pattern: "/quan-ly/thi-sinh/{id}", Access: contestStaff, Handle: s.takerDecide},
		{Method: "GET", Pattern: "/quan-ly/tai-khoan", Access: admins, Handle: s.users},
		{Method: "POST", Pattern: "/quan-ly/tai-khoan", Access: admins, Handle: s.userCreate},
		{Method: "GET", Pattern: "/quan-ly/tai-khoan/{id}", Access: admins, Handle: s.user},
		{Method: "POST", Pattern: "/quan-ly/tai-khoan/{id}/mat-khau", Access: admins, Handle: s.userResetPassword},
		{Method: "POST", Pattern: "/quan-ly/tai-khoan/{id}/khoa", Access: admins, Handle: s.userDisable},
	}
}

func urlQueryEscape(s string) string { return url.QueryEscape(s) }
