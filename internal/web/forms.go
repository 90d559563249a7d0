package web

import (
	"strconv"
	"strings"

	"github.com/cchc-vn/cchc/internal/account"
	"github.com/cchc-vn/cchc/internal/activity"
	"github.com/cchc-vn/cchc/internal/broadcast"
	"github.com/cchc-vn/cchc/internal/contest"
	"github.com/cchc-vn/cchc/internal/exemplar"
	"github.com/cchc-vn/cchc/internal/feedback"
	"github.com/cchc-vn/cchc/internal/meeting"
	"github.com/cchc-vn/cchc/internal/news"
	"github.com/cchc-vn/cchc/internal/plan"
	"github.com/cchc-vn/cchc/internal/poster"
	"github.com/cchc-vn/cchc/internal/procedure"
	"github.com/cchc-vn/cchc/internal/report"
	"github.com/cchc-vn/cchc/internal/vn"
	"github.com/cchc-vn/cchc/internal/ward"
)

// Form decoding: one function per domain input, turning a posted form into
// what the domain takes. They read and convert; the domain validates, so a
// number typed wrong arrives as 0 or as text, and the domain says so.

func formID(c *request, name string) int64 {
	n, _ := strconv.ParseInt(c.r.PostFormValue(name), 10, 64)
	return n
}

// feedbackSubmission reads the feedback form, photos included.
//
// The procedure comes from the picker: its code, or what the person typed
// (a name or a code the catalogue knows, else their words, kept with the
// description so that nothing they wrote is lost).
func feedbackSubmission(c *request, ix *procedure.Index) (feedback.Submission, error) {
	f := c.r.PostFormValue
	sub := feedback.Submission{Input: feedback.Input{Category: f("category"), ProcedureCode: f("procedure_code"), Title: f("title"),
		Description: f("description"), KhuPhoID: formID(c, "khu_pho_id"), Name: f("name"), Address: f("address"), Phone: f("phone"), Email: f("email"),
		Notify: f("notify"), Consent: f("consent") == "1"}}
	if typed := strings.TrimSpace(f("procedure")); sub.Input.ProcedureCode == "" && typed != "" {
		if h, ok := ix.Find(typed); ok {
			sub.Input.ProcedureCode = h.Code
		} else if strings.TrimSpace(sub.Input.Description) != "" {
			sub.Input.Description = strings.TrimRight(sub.Input.Description, "\n ") + "\n\nThủ tục liên quan (người gửi ghi): " + typed
		}
	}
	var err error
	sub.Photos, err = uploadedFiles(c, "photos", feedback.MaxPhotos)
	return sub, err
}

// feedbackDecision reads how an official classifies an item.
func feedbackDecision(c *request) feedback.Decision {
	f := c.r.PostFormValue
	return feedback.Decision{Action: f("action"), UnitID: formID(c, "unit_id"), Forward: f("forward"), Reason: f("reason"), Note: f("note")}
}

// activityInput reads the activity form, evidence files included. An
// officer who picks no unit records for their own.
func activityInput(c *request) (activity.Input, error) {
	f := c.r.PostFormValue
	unit := formID(c, "unit_id")
	if unit == 0 {
		unit = c.user.UnitID
	}
	in := activity.Input{UnitID: unit, TaskID: formID(c, "task_id"), HeldOn: f("held_on"), ChannelCode: f("channel"), Themes: c.r.PostForm["themes"],
		PlaceUnitID: formID(c, "place_unit_id"), PlaceName: f("place_name"), Quantity: f("quantity"), QuantityUnit: f("quantity_unit"),
		People: f("people"), Cost: f("cost"), Description: f("description"), Link: f("link")}
	var err error
	in.Files, err = uploadedFiles(c, "files", activity.MaxEvidenceFiles)
	return in, err
}

// articleInput reads the article editor, a document's PDF included.
func articleInput(c *request) (news.Input, error) {
	f := c.r.PostFormValue
	in := news.Input{ColumnID: formID(c, "column_id"), Title: f("title"), Summary: f("summary"), Body: f("body"), PublishAt: f("publish_at"),
		ProcedureCodes: f("procedure_codes"), ThemeCodes: strings.Join(c.r.PostForm["theme_codes"], ","), DocNumber: f("doc_number"),
		DocDate: f("doc_date"), DocIssuer: f("doc_issuer"), CoverImageID: formID(c, "cover_image_id")}
	pdf, err := uploadedFiles(c, "attachment", 1)
	if len(pdf) > 0 {
		in.Attachment = pdf[0]
	}
	return in, err
}

// exemplarInput reads a nomination.
func exemplarInput(c *request) exemplar.Input {
	f := c.r.PostFormValue
	return exemplar.Input{Kind: f("kind"), Name: f("name"), UnitName: f("unit_name"), Achievement: f("achievement"), Results: f("results"),
		ImageID: formID(c, "image_id")}
}

// planHeaderInput reads the plan's header form.
func planHeaderInput(c *request) plan.HeaderInput {
	f := c.r.PostFormValue
	return plan.HeaderInput{Number: f("number"), IssuedOn: f("issued_on"), Title: f("title"), PeriodLabel: f("period_label"),
		PeriodStart: f("period_start"), PeriodEnd: f("period_end"), Basis: f("basis"), SignerTitle: f("signer_title"),
		SignerName: f("signer_name"), Recipients: f("recipients"), ReportCycle: f("report_cycle"), ReportDueDays: f("report_due_days")}
}

// planCopyInput reads the form copying a plan to the next period.
func planCopyInput(c *request) plan.CopyInput {
	f := c.r.PostFormValue
	return plan.CopyInput{Number: f("number"), IssuedOn: f("issued_on"), Title: f("title"), PeriodLabel: f("period_label"),
		PeriodStart: f("period_start"), PeriodEnd: f("period_end")}
}

// taskInput reads a task's form.
func taskInput(c *request) plan.TaskInput {
	f := c.r.PostFormValue
	return plan.TaskInput{Body: f("body"), Recurrence: f("recurrence"), DueOn: f("due_on")}
}

// unitInput reads a unit's form.
func unitInput(c *request) ward.UnitInput {
	f := c.r.PostFormValue
	return ward.UnitInput{Code: f("code"), Name: f("name"), ShortName: f("short_name"), HeadTitle: f("head_title"), Streets: f("streets"), Kind: ward.Kind(f("kind"))}
}

// newUserInput reads the administrator's form for a new account.
func newUserInput(c *request) account.NewUser {
	f := c.r.PostFormValue
	return account.NewUser{Username: f("username"), FullName: f("full_name"), Email: f("email"), Password: f("password"),
		Role: account.Role(f("role")), UnitID: formID(c, "unit_id")}
}

// narrativeInput reads the official report's edited text.
func narrativeInput(c *request) report.Narrative {
	f := func(k string) string { return vn.Clean(c.r.PostFormValue(k)) }
	return report.Narrative{Number: c.r.PostFormValue("number"), RecipientTo: f("recipient_to"), Direction: f("direction"), Models: f("models"),
		Shortcomings: f("shortcomings"), NextSteps: f("next_steps"), Proposals: f("proposals"), SignerTitle: f("signer_title"),
		SignerName: f("signer_name"), Recipients: f("recipients")}
}

// takerInput reads a contest's registration form.
func takerInput(c *request) contest.TakerInput {
	f := c.r.PostFormValue
	return contest.TakerInput{FullName: f("full_name"), BirthYear: f("birth_year"), UnitID: formID(c, "unit_id"), Address: f("address"),
		Workplace: f("workplace"), Phone: f("phone"), CitizenID: f("citizen_id"), Official: f("official") == "1", Consent: f("consent") == "1"}
}

// questionInput reads a question of the bank: options option0…option5,
// the correct ones ticked (correct=index).
func questionInput(c *request) contest.QuestionInput {
	f := c.r.PostFormValue
	in := contest.QuestionInput{Code: f("code"), Body: f("body"), Explanation: f("explanation"), Source: f("source"), Theme: f("theme"),
		Tags: f("tags"), Retired: f("retired") == "1"}
	in.Difficulty, _ = strconv.Atoi(f("difficulty"))
	for i := range contest.MaxOptions {
		in.Options = append(in.Options, f("option"+strconv.Itoa(i)))
	}
	for _, v := range c.r.PostForm["correct"] {
		if k, err := strconv.Atoi(v); err == nil {
			in.Correct = append(in.Correct, k)
		}
	}
	return in
}

// contestInput reads a contest's form.
func contestInput(c *request) contest.ContestInput {
	f := c.r.PostFormValue
	in := contest.ContestInput{Title: f("title"), Summary: f("summary"), Rules: f("rules"), Scope: f("scope"), UnitID: formID(c, "unit_id"),
		ChannelCode: f("channel")}
	if v := f("exclude_officials"); v == "1" || v == "0" {
		x := v == "1"
		in.ExcludeOfficials = &x
	}
	in.MinAge, _ = strconv.Atoi(strings.TrimSpace(f("min_age")))
	in.RetentionDays, _ = strconv.Atoi(strings.TrimSpace(f("retention_days")))
	return in
}

// roundInput reads a round's form: the draw as rows theme<i>, level<i>, count<i>.
func roundInput(c *request) contest.RoundInput {
	f := c.r.PostFormValue
	num := func(k string) int {
		n, err := strconv.Atoi(strings.TrimSpace(f(k)))
		if err != nil && strings.TrimSpace(f(k)) != "" {
			return -1
		}
		return n
	}
	in := contest.RoundInput{Title: f("title"), Opens: f("opens"), Closes: f("closes"), TimeLimit: num("time_limit"), Attempts: num("attempts"),
		Prediction: f("prediction"), Prizes: contest.Prizes{First: num("first"), Second: num("second"), Third: num("third"), Consolation: num("consolation")}}
	for i := range drawRows {
		k := strconv.Itoa(i)
		in.Draw = append(in.Draw, contest.Stratum{Theme: f("theme" + k), Difficulty: num("level" + k), Count: num("count" + k)})
	}
	return in
}

// bulletinInput reads a loudspeaker bulletin's form.
func bulletinInput(c *request) broadcast.Input {
	f := c.r.PostFormValue
	in := broadcast.Input{Title: f("title"), Body: f("body"), Themes: c.r.PostForm["themes"], Priority: f("priority"),
		AllKhuPho: f("target") != "list", KhuPho: f("khu_pho"), StartsOn: f("starts_on"), EndsOn: f("ends_on"), ArticleID: formID(c, "article")}
	in.Repeats, _ = strconv.Atoi(strings.TrimSpace(f("repeats")))
	return in
}

// posterInput reads the form of a poster, banner or panel; photos last.
func posterInput(c *request) (poster.Input, error) {
	f := c.r.PostFormValue
	in := poster.Input{Kind: f("kind"), Message: f("message"), Themes: c.r.PostForm["themes"], Size: f("size"), Address: f("address"),
		KhuPhoID: formID(c, "khu_pho_id"), PlaceKind: f("place_kind"), Quantity: f("quantity"), Cost: f("cost"), PutUpOn: f("put_up_on"),
		TakeDownOn: f("take_down_on"), UnitID: formID(c, "unit_id"), Target: f("target"), TargetRef: f("target_ref")}
	for _, v := range c.r.PostForm["remove_photos"] {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil {
			in.RemovePhotos = append(in.RemovePhotos, id)
		}
	}
	var err error
	in.Photos, err = uploadedFiles(c, "photos", poster.MaxPhotos)
	return in, err
}

// meetingInput reads the schedule form. The agenda's rows are agenda_N
// with agenda_N_themes and agenda_N_procedure; one row past the form's
// limit is read so that a longer agenda is refused, not cut.
func meetingInput(c *request) meeting.Input {
	f := c.r.PostFormValue
	in := meeting.Input{Kind: f("kind"), Title: f("title"), OrganiserID: formID(c, "organiser_id"), KhuPhoID: formID(c, "khu_pho_id"),
		Venue: f("venue"), Date: f("date"), Starts: f("starts"), Ends: f("ends"), Invited: f("invited"), Expected: f("expected"), Public: f("public") == "1"}
	if in.OrganiserID == 0 {
		in.OrganiserID = c.user.UnitID
	}
	for i := 1; i <= meeting.MaxAgenda+1; i++ {
		n := "agenda_" + strconv.Itoa(i)
		in.Agenda = append(in.Agenda, meeting.Item{Body: f(n), Themes: c.r.PostForm[n+"_themes"], ProcedureCode: f(n + "_procedure")})
	}
	return in
}

// meetingMinutes reads the result form: attendance by group, the minutes,
// photos and the sign-in sheet last.
func meetingMinutes(c *request) (meeting.Minutes, error) {
	f := c.r.PostFormValue
	in := meeting.Minutes{Present: map[string]string{}, Number: f("number"), Chair: f("chair"), Secretary: f("secretary"),
		Participants: f("participants"), Content: f("content"), Conclusion: f("conclusion"), Cost: f("cost")}
	for _, g := range meeting.Groups {
		in.Present[g.Code] = f("present_" + g.Code)
	}
	for _, v := range c.r.PostForm["remove_photos"] {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil {
			in.RemovePhotos = append(in.RemovePhotos, id)
		}
	}
	var err error
	if in.Photos, err = uploadedFiles(c, "photos", meeting.MaxPhotos); err != nil {
		return in, err
	}
	in.Sheet, err = uploadedFiles(c, "sheet", 1)
	return in, err
}
