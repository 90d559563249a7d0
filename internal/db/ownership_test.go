package db

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// owners says which package owns each table: only the owner writes it or
// reads it. Another package asks the owner's functions. A new table gets
// its line here in the commit that creates it.
var owners = map[string][]string{
	"db":         {"schema_migrations"},
	"ward":       {"wards", "units"},
	"account":    {"users", "sessions"},
	"ratelimit":  {"rate_limits"},
	"pow":        {"settings", "pow_spent"},
	"audit":      {"audit_log"},
	"plan":       {"plans", "plan_themes", "plan_channels", "plan_sections", "plan_tasks", "task_assignments", "assignment_events", "plan_budgets"},
	"procedure":  {"procedures", "life_events", "life_event_procedures", "procedure_versions", "procedure_counters", "procedure_forms", "search_synonyms"},
	"activity":   {"activities", "activity_themes", "activity_evidence", "activity_monthly", "activity_theme_monthly", "activity_ward_monthly", "activity_place_monthly", "activity_locks"},
	"unitreport": {"unit_reports"},
	"notice":     {"notices", "mail_outbox", "provider_tokens", "text_outbox"},
	"remind":     {"reminders"},
	"workday":    {"holidays"},
	"feedback":   {"feedback", "feedback_events", "feedback_photos", "supervisions", "satisfaction", "open311_keys"},
	"news":       {"news_columns", "articles", "article_revisions", "images", "videos"},
	"exemplar":   {"exemplars"},
	"social":     {"social_accounts", "social_posts"},
	"contest": {"contest_questions", "contest_question_revisions", "contests", "contest_rounds", "contest_round_questions", "contest_takers",
		"contest_codes", "contest_sessions", "contest_attempts", "contest_answers", "contest_results"},
	"broadcast":    {"bulletins", "bulletin_places", "broadcast_slots", "broadcast_plays", "broadcast_tokens", "broadcast_words", "speech_cache"},
	"poster":       {"posters", "poster_photos", "poster_scans"},
	"survey":       {"surveys", "survey_waves", "survey_questions", "survey_responses", "survey_answers"},
	"meeting":      {"meetings", "meeting_agenda", "meeting_attendance", "meeting_photos", "meeting_comments", "meeting_feeds"},
	"organisation": {"organisation_members", "plan_supervisions"},
	"idempotency":  {"idempotency_keys"},
}

// directory is what any package may join to show a name beside its own
// rows: the ward's units and the officials' accounts. Joined only, never
// read on their own or written.
var directory = map[string]bool{"units": true, "users": true}

var tableRef = regexp.MustCompile(`(?i)\b(from|join|into|update|table)\s+([a-z_][a-z0-9_]*)`)

// TestEachDomainQueriesItsOwnTables reads every SQL text in the packages'
// code (not their tests) and fails on a table named outside its owner,
// except a join to the directory; on a query run by a package that owns no
// table (web, app, report, figures, jobs, demo, seed …); and on a table the
// map does not know, so that the map stays whole.
func TestEachDomainQueriesItsOwnTables(t *testing.T) {
	owner := map[string]string{}
	for pkg, tables := range owners {
		for _, tb := range tables {
			owner[tb] = pkg
		}
	}
	created := regexp.MustCompile(`(?i)create table (?:if not exists )?([a-z_0-9]+)`)
	migs, _ := filepath.Glob("migrations/*.sql")
	for _, m := range migs {
		b, _ := os.ReadFile(m)
		for _, x := range created.FindAllStringSubmatch(string(b), -1) {
			if owner[x[1]] == "" {
				t.Errorf("%s creates table %s, which has no owner in the map", m, x[1])
			}
		}
	}
	var problems []string
	files, _ := filepath.Glob("../*/*.go")
	more, _ := filepath.Glob("../*/*/*.go")
	for _, path := range append(files, more...) {
		if strings.HasSuffix(path, "_test.go") || strings.Contains(path, "test/") {
			continue
		}
		pkg := strings.Split(filepath.ToSlash(path), "/")[1]
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		_, owns := owners[pkg]
		ast.Inspect(f, func(n ast.Node) bool {
			// A package that owns no table runs no query: it asks the owners.
			if call, ok := n.(*ast.CallExpr); ok && !owns {
				if sel, ok := call.Fun.(*ast.SelectorExpr); ok && len(call.Args) >= 2 && (sel.Sel.Name == "Query" || sel.Sel.Name == "QueryRow" || sel.Sel.Name == "Exec") {
					problems = append(problems, path+": runs a query ("+sel.Sel.Name+") but owns no table")
				}
			}
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err != nil {
				return true
			}
			for _, m := range tableRef.FindAllStringSubmatch(s, -1) {
				kw, tb := strings.ToLower(m[1]), strings.ToLower(m[2])
				o, known := owner[tb]
				switch {
				case !known, o == pkg:
				case kw == "join" && directory[tb]:
				default:
					problems = append(problems, path+": "+kw+" "+tb+" (owned by "+o+")")
				}
			}
			return true
		})
	}
	sort.Strings(problems)
	for _, p := range problems {
		t.Error(p)
	}
}
