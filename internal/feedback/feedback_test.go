package feedback_test

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/jpeg"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cchc-vn/cchc/internal/account"
	"github.com/cchc-vn/cchc/internal/check"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/db/dbtest"
	"github.com/cchc-vn/cchc/internal/feedback"
	"github.com/cchc-vn/cchc/internal/filestore"
	"github.com/cchc-vn/cchc/internal/notice"
	"github.com/cchc-vn/cchc/internal/seed"
	"github.com/cchc-vn/cchc/internal/vn"
	"github.com/cchc-vn/cchc/internal/ward"
)

func at(s string) time.Time {
	t, _ := time.ParseInLocation("2006-01-02 15:04", s, vn.Zone)
	return t
}

func TestFeedbackWorkflow(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		seed.Load(ctx, d)
		w, _ := ward.ByCode(ctx, d, "27427")
		unit := func(code string) *ward.Unit { u, _ := ward.UnitByCode(ctx, d, w.ID, code); return u }
		official := func(name string, role account.Role, code string) feedback.Official {
			var id int64
			if code != "" {
				id = unit(code).ID
			}
			u, err := account.Create(ctx, d, w.ID, account.NewUser{Username: name, FullName: name, Role: role, UnitID: id, Password: "mat-khau-du-dai"})
			if err != nil {
				t.Fatal(err)
			}
			return feedback.Official{User: u}
		}
		office := official("vanphong", account.RoleUnitOfficer, "vp-hdnd-ubnd")
		police := official("congan", account.RoleUnitOfficer, "cong-an")
		kp3 := official("kp03", account.RoleKhuPhoHead, "kp-03")
		front := official("mttq", account.RoleSupervisor, "")
		leader := official("lanhdao", account.RoleLeader, "")
		desk, err := feedback.LoadDesk(ctx, d, w.ID)
		if err != nil {
			t.Fatal(err)
		}
		files, _ := filestore.NewLocal(t.TempDir())
		submit := func(s feedback.Submission, now time.Time) (*feedback.Item, error) {
			return feedback.Submit(ctx, d, files, desk, s, now)
		}

		bad := feedback.Input{Category: "x", Title: "", Description: "<script>alert(1)</script>", Name: "", Phone: "12345", Email: "not-mail"}
		_, err = submit(feedback.Submission{Input: bad, Channel: feedback.ChannelPortal, Photos: [][]byte{[]byte("%PDF-1.4 not a photo")}}, at("2026-02-12 09:00"))
		var ce check.Errors
		if !errors.As(err, &ce) {
			t.Fatalf("bad input accepted: %v", err)
		}
		for _, f := range []string{"category", "title", "name", "phone", "email", "consent", "photos"} {
			if ce[f] == "" {
				t.Errorf("no message for %s", f)
			}
		}
		if n, _ := feedback.List(ctx, d, office, feedback.Filter{}, at("2026-02-12 09:00")); len(n) != 0 {
			t.Fatal("refused feedback was written")
		}
		in := feedback.Input{Category: "thu_tuc", ProcedureCode: "1.001193", Title: "Chờ lâu khi làm giấy khai sinh", KhuPhoID: unit("kp-03").ID,
			Description: "Tôi nộp hồ sơ trực tuyến nhưng phải đến bổ sung hai lần.", Name: "Trần Văn Dân", Phone: "+84 901 234 567",
			Email: "dan@example.vn", Consent: true}
		received := at("2026-02-12 10:00") // Thursday before the Tết week
		it, err := submit(feedback.Submission{Input: in, Channel: feedback.ChannelPortal, Challenge: "c1"}, received)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(it.Code, "PA-") || it.ClassifyDue != "2026-02-26" || it.Phone != "0901234567" {
			t.Errorf("code %s, classify by %s (want 2026-02-26, after Tết), phone %s", it.Code, it.ClassifyDue, it.Phone)
		}
		if ns, _ := notice.List(ctx, d, office.ID, 5); len(ns) != 1 || !strings.Contains(ns[0].Subject, it.Code) {
			t.Errorf("the one-stop desk was not told: %+v", ns)
		}
		if ns, _ := notice.List(ctx, d, police.ID, 5); len(ns) != 0 {
			t.Errorf("the police were told of unclassified feedback: %+v", ns)
		}
		if _, err := submit(feedback.Submission{Input: in, Channel: feedback.ChannelOfficer, Recorder: police.User}, received); !errors.Is(err, feedback.ErrForbidden) {
			t.Errorf("a police officer recorded feedback on a resident's behalf: %v", err)
		}
		_, err = submit(feedback.Submission{Input: in, Channel: feedback.ChannelPortal, Challenge: "c1"}, received)
		if !errors.Is(err, feedback.ErrReplay) {
			t.Errorf("a challenge admitted two items: %v", err)
		}
		if _, err := feedback.Track(ctx, d, w.ID, strings.ToLower(it.Code), "4567"); err != nil {
			t.Errorf("tracking with code and phone digits: %v", err)
		}
		for _, proof := range []string{"", "1234", "0901234567x", "other@example.vn"} {
			if _, err := feedback.Track(ctx, d, w.ID, it.Code, proof); !errors.Is(err, db.ErrNotFound) {
				t.Errorf("tracked with proof %q", proof)
			}
		}

		// Who sees it: the office (a receiver), the Front, the khu phố; not the police yet.
		for _, tc := range []struct {
			o    feedback.Official
			sees bool
		}{{office, true}, {front, true}, {kp3, true}, {police, false}} {
			if got := tc.o.CanSee(it); got != tc.sees {
				t.Errorf("%s sees: %v", tc.o.Username, got)
			}
			list, _ := feedback.List(ctx, d, tc.o, feedback.Filter{}, received)
			if (len(list) == 1) != tc.sees {
				t.Errorf("%s lists %d items", tc.o.Username, len(list))
			}
		}
		classify := func(o feedback.Official, dec feedback.Decision, now time.Time) (*feedback.Item, error) {
			return feedback.Classify(ctx, d, desk, o, it.ID, dec, now)
		}
		if _, err := classify(kp3, feedback.Decision{Action: "assign", UnitID: unit("cong-an").ID}, received); !errors.Is(err, feedback.ErrForbidden) {
			t.Errorf("khu phố head classified: %v", err)
		}
		if _, err := classify(office, feedback.Decision{Action: "assign", UnitID: unit("kp-05").ID}, received); !errors.As(err, &ce) {
			t.Errorf("assigned to a khu phố: %v", err)
		}
		it, err = classify(office, feedback.Decision{Action: "assign", UnitID: unit("cong-an").ID}, at("2026-02-13 09:00"))
		if err != nil {
			t.Fatal(err)
		}
		if it.Status != feedback.Assigned || it.AnswerDue != "2026-03-06" || !police.CanSee(it) {
			t.Errorf("assigned: %s due %s", it.Status, it.AnswerDue)
		}
		answer := func(o feedback.Official, text string, publish bool, now time.Time) error {
			_, err := feedback.Answer(ctx, d, o, it.ID, text, publish, now)
			return err
		}
		if err := answer(police, "Đã hướng dẫn.", true, at("2026-03-02 10:00")); !errors.As(err, &ce) || ce["publish"] == "" {
			t.Errorf("the handling unit published: %v", err)
		}
		if err := answer(police, "Công an phường đã liên hệ, hướng dẫn bổ sung hồ sơ một lần.", false, at("2026-03-02 10:00")); err != nil {
			t.Fatal(err)
		}
		if err := answer(office, "Công an phường đã liên hệ, hướng dẫn bổ sung hồ sơ một lần; quy trình đã được rút gọn.", true, at("2026-03-10 10:00")); err != nil {
			t.Fatal(err)
		}
		it, _ = feedback.Get(ctx, d, w.ID, it.ID)
		if !it.Published || !it.AnsweredOnTime() {
			t.Errorf("a revised answer lost its time or publication: on time %v, published %v", it.AnsweredOnTime(), it.Published)
		}
		rate := func(proof string, r int) error {
			_, err := feedback.Rate(ctx, d, w.ID, it.Code, proof, r, "", at("2026-03-11 08:00"))
			return err
		}
		if err := rate("0000", 5); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("rated without the phone digits: %v", err)
		}
		if err := rate("4567", 2); err != nil {
			t.Fatal(err)
		}
		if err := rate("4567", 5); !errors.As(err, &ce) {
			t.Error("rated twice")
		}
		evs, _ := feedback.Events(ctx, d, it.ID)
		if len(evs) != 5 || evs[0].Kind != "received" || evs[4].Kind != "rated" {
			t.Errorf("events: %+v", evs)
		}
		var mails int
		d.QueryRow(ctx, `select count(*) from mail_outbox where email_to = 'dan@example.vn'`).Scan(&mails)
		if mails != 3 { // received; taken up; answered (a revision sends nothing new)
			t.Errorf("%d mails queued for the resident", mails)
		}

		// A second item, left unclassified past its deadline, and a third rejected on time.
		late, err := submit(feedback.Submission{Input: in, Channel: feedback.ChannelOfficer, Recorder: kp3.User}, at("2026-03-02 08:00"))
		if err != nil {
			t.Fatal(err)
		}
		rejected, err := submit(feedback.Submission{Input: in, Channel: feedback.ChannelPortal}, at("2026-03-02 09:00"))
		if err != nil {
			t.Fatal(err)
		}
		it = rejected
		if _, err := classify(office, feedback.Decision{Action: "reject", Reason: "Nội dung khiếu nại, không thuộc phạm vi phản ánh, kiến nghị."}, at("2026-03-03 09:00")); err != nil {
			t.Fatal(err)
		}
		st, err := feedback.ComputeStats(ctx, d, w.ID, "2026-01-01", "2026-03-31", at("2026-03-20 09:00"))
		if err != nil {
			t.Fatal(err)
		}
		if st.Total.Received != 3 || st.Total.Finished != 2 || st.Total.OnTime != 2 || st.Total.Late != 1 || st.Total.Dissatisfied != 1 {
			t.Errorf("totals %+v", st.Total)
		}
		// Decision 766: (3 − 1 dissatisfied − 1 overdue) / 3 = 33 %; on time 2 of 3 due.
		if st.Total.SatisfactionRate() != 33 || st.Total.OnTimeRate() != 66 {
			t.Errorf("rates: satisfaction %d, on time %d", st.Total.SatisfactionRate(), st.Total.OnTimeRate())
		}
		if len(st.ByMonth) != 2 || st.ByMonth[0].Key != "2026-02" || st.ByCategory[0].Received != 3 {
			t.Errorf("by month %+v", st.ByMonth)
		}
		overdue, _ := feedback.List(ctx, d, office, feedback.Filter{Overdue: true}, at("2026-03-20 09:00"))
		if len(overdue) != 1 || overdue[0].ID != late.ID {
			t.Errorf("overdue list: %d", len(overdue))
		}

		// The automatic reminders tell the office (which must classify it), once.
		if n, err := feedback.Remind(ctx, d, at("2026-03-20 09:00")); err != nil || n < 1 {
			t.Errorf("reminders written: %d %v", n, err)
		}
		ns, _ := notice.List(ctx, d, office.ID, 20)
		found := 0
		for _, n := range ns {
			if strings.Contains(n.Subject, late.Code) && strings.Contains(n.Subject, "quá hạn phân loại") {
				found++
			}
		}
		if found != 1 {
			t.Errorf("the office got %d overdue reminders for %s", found, late.Code)
		}
		feedback.Remind(ctx, d, at("2026-03-20 10:00"))
		if ns2, _ := notice.List(ctx, d, office.ID, 20); len(ns2) != len(ns) {
			t.Error("the overdue reminder was repeated")
		}

		// The Front files a recommendation on the late item; the leader answers.
		var sid int64
		if sid, err = feedback.Supervise(ctx, d, front, late.ID, "Đề nghị xử lý phản ánh quá hạn.", at("2026-03-20 10:00")); err != nil {
			t.Fatal(err)
		}
		if err := feedback.AnswerSupervision(ctx, d, office, sid, "x", at("2026-03-21 10:00")); !errors.Is(err, feedback.ErrForbidden) {
			t.Errorf("an officer answered for the leader: %v", err)
		}
		if err := feedback.AnswerSupervision(ctx, d, leader, sid, "Đã chỉ đạo Văn phòng phân loại trong ngày.", at("2026-03-21 10:00")); err != nil {
			t.Fatal(err)
		}
		// A second recommendation left unanswered for a week reminds the leader, once.
		if _, err := feedback.Supervise(ctx, d, front, 0, "Đề nghị công khai kết quả xử lý hằng tháng.", at("2026-03-22 10:00")); err != nil {
			t.Fatal(err)
		}
		before, _ := notice.Unread(ctx, d, leader.ID)
		if n, err := feedback.Remind(ctx, d, at("2026-03-30 10:00")); err != nil || n < 1 {
			t.Errorf("supervision reminder: %d %v", n, err)
		}
		feedback.Remind(ctx, d, at("2026-03-30 11:00"))
		if after, _ := notice.Unread(ctx, d, leader.ID); after != before+1 {
			t.Errorf("leader's unread notices %d → %d, want one more", before, after)
		}
		ss, _ := feedback.Supervisions(ctx, d, w.ID)
		if len(ss) != 2 || ss[1].Code != late.Code || ss[1].AnsweredBy != "lanhdao" || ss[0].Answer != "" {
			t.Errorf("supervisions %+v", ss)
		}

		// SIPAS questionnaires.
		if err := feedback.SaveSurvey(ctx, d, w.ID, feedback.Survey{Counter: "1", Scores: map[string]int{"access": 5, "procedure": 4, "officials": 5, "result": 3}}); err == nil {
			t.Error("a questionnaire missing an element was saved")
		}
		feedback.SaveSurvey(ctx, d, w.ID, feedback.Survey{Counter: "1", Scores: map[string]int{"access": 5, "procedure": 4, "officials": 5, "result": 3, "handling": 2}})
		feedback.SaveSurvey(ctx, d, w.ID, feedback.Survey{Counter: "2", Scores: map[string]int{"access": 2, "procedure": 4, "officials": 4, "result": 5, "handling": 5}})
		rates, all, err := feedback.SurveyRates(ctx, d, w.ID, "2020-01-01", "2099-12-31")
		if err != nil || rates[0].Percent() != 50 || rates[1].Percent() != 100 || all.Percent() != 70 {
			t.Errorf("survey rates %+v %+v %v", rates, all, err)
		}
	})
}

// A submission refused inside its transaction (a replayed proof of work)
// leaves no photo in the file store; an accepted one keeps its photos.
func TestRefusedSubmissionLeavesNoPhoto(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		seed.Load(ctx, d)
		w, _ := ward.ByCode(ctx, d, "27427")
		desk, err := feedback.LoadDesk(ctx, d, w.ID)
		if err != nil {
			t.Fatal(err)
		}
		root := t.TempDir()
		files, _ := filestore.NewLocal(root)
		var b bytes.Buffer
		jpeg.Encode(&b, image.NewRGBA(image.Rect(0, 0, 40, 30)), nil)
		sub := feedback.Submission{Channel: feedback.ChannelPortal, Challenge: "c1", Photos: [][]byte{b.Bytes(), b.Bytes()},
			Input: feedback.Input{Category: "dich_vu", Title: "Chờ lâu", Description: "Chờ hơn một giờ.", Name: "Lê Văn A", Phone: "0901234567", Consent: true}}
		it, err := feedback.Submit(ctx, d, files, desk, sub, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		if got, _ := feedback.Get(ctx, d, w.ID, it.ID); len(got.Photos) != 2 {
			t.Fatalf("photos recorded: %d", len(got.Photos))
		}
		count := func() int {
			n := 0
			filepath.WalkDir(root, func(_ string, e fs.DirEntry, err error) error {
				if err == nil && !e.IsDir() && !strings.HasSuffix(e.Name(), ".type") { // the local store keeps a type beside each file
					n++
				}
				return err
			})
			return n
		}
		if count() != 2 {
			t.Fatalf("%d files stored, want 2", count())
		}
		if _, err := feedback.Submit(ctx, d, files, desk, sub, time.Now()); !errors.Is(err, feedback.ErrReplay) {
			t.Fatalf("replay: %v", err)
		}
		if count() != 2 {
			t.Errorf("a refused submission left %d photo(s) behind", count()-2)
		}
	})
}
