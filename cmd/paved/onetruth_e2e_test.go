package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/paved-dev/paved/db"
	"github.com/paved-dev/paved/internal/testkit"
	"github.com/paved-dev/paved/model"
	"github.com/paved-dev/paved/ui/digest"
)

// The acceptance test of "one truth": from the findings it stores, the test works
// out by hand (no scoring code) which critical and high findings are overdue at the
// as_of, per team and per repo; then the scorecard, /teams/{slug}, /repos/…, the JSON
// API, /export/teams.csv, /metrics and the digest must all say exactly that. After an
// sla_days change and `paved score` again, all must move together to the new hand
// computation, although the due_at the "collection" stored still follows the old SLA.

// truthAsOf is a Wednesday midnight: not a weekly snapshot, and every due date is a
// whole number of days before it.
var truthAsOf = time.Date(2026, 11, 18, 0, 0, 0, 0, time.UTC)

type truthFinding struct {
	repo     int64 // forge id: 1 acme/pay-api, 2 acme/pay-web (team payments), 3 acme/other (unassigned)
	n        int
	severity string
	outcome  string
	created  int // days before as_of (negative: after)
	resolved int // days before as_of; only for closed findings
}

var truthRepos = map[int64]string{1: "acme/pay-api", 2: "acme/pay-web", 3: "acme/other"}

var truthFindings = []truthFinding{
	{1, 1, "critical", "open", 20, 0},
	{1, 2, "high", "open", 45, 0},
	{1, 3, "high", "open", 12, 0},
	{1, 4, "critical", "fixed", 60, -3}, // fixed three days after as_of: open at as_of
	{1, 5, "high", "risk_accepted", 100, 5},
	{1, 6, "critical", "excluded", 100, 50},
	{1, 7, "medium", "open", 200, 0},
	{1, 8, "high", "open", -2, 0},   // created after as_of
	{1, 12, "high", "fixed", 50, 9}, // fixed between the baseline and as_of
	{2, 9, "high", "open", 35, 0},
	{2, 10, "critical", "open", 8, 0},
	{3, 11, "critical", "open", 30, 0},
}

func (f truthFinding) rule() string { return fmt.Sprintf("rule-%02d-x", f.n) }

func daysBefore(t time.Time, n int) time.Time { return t.AddDate(0, 0, -n) }

// handOverdue is the maturity model's definition worked by hand: open at t (created
// by t, not excluded, not closed by t) and created + SLA(severity) days before t.
type handResult struct {
	rules      []string // overdue, sorted
	critical   int
	high       int
	oldestDays int
}

func handOverdue(sla map[string]int, t time.Time, repos ...int64) handResult {
	var r handResult
	for _, f := range truthFindings {
		if !slices.Contains(repos, f.repo) || (f.severity != "critical" && f.severity != "high") {
			continue
		}
		created := daysBefore(truthAsOf, f.created)
		open := !created.After(t) && f.outcome != "excluded" &&
			(f.outcome == "open" || daysBefore(truthAsOf, f.resolved).After(t))
		due := created.AddDate(0, 0, sla[f.severity])
		if !open || !due.Before(t) {
			continue
		}
		r.rules = append(r.rules, f.rule())
		if f.severity == "critical" {
			r.critical++
		} else {
			r.high++
		}
		r.oldestDays = max(r.oldestDays, int(t.Sub(due)/(24*time.Hour)))
	}
	slices.Sort(r.rules)
	return r
}

func (r handResult) total() int { return r.critical + r.high }

func writeTruthConfig(t *testing.T, dir, database string, critical, high int) string {
	t.Helper()
	cfg := fmt.Sprintf(`database: %s
sources:
  - name: gh
    kind: github
    base_url: http://127.0.0.1:1/
    token_env: GH_TOKEN
    org: acme
teams:
  - name: Payments
    slug: payments
    repos: ["gh:acme/pay-*"]
sla_days: {critical: %d, high: %d}
`, database, critical, high)
	path := filepath.Join(dir, "paved.yaml")
	if err := os.WriteFile(path, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// storeTruthFacts stores the repos and findings as a collection under the initial
// SLA would: its due_at follows critical 15, high 30 days.
func storeTruthFacts(t *testing.T, path string) {
	t.Helper()
	d := testkit.OpenDBAt(t, path, db.WithNow(func() time.Time { return truthAsOf }))
	defer d.Close()
	ctx := context.Background()
	if err := d.UpsertSource(ctx, "gh", model.ForgeGitHub, "http://127.0.0.1:1/", "acme"); err != nil {
		t.Fatal(err)
	}
	b := model.Batch{Source: "gh"}
	for id, name := range truthRepos {
		b.Repos = append(b.Repos, model.Repo{Source: "gh", ForgeID: id, FullName: name, DefaultBranch: "main",
			HTMLURL: "https://github.example/" + name})
	}
	for _, f := range truthFindings {
		created := daysBefore(truthAsOf, f.created)
		x := model.Finding{Source: "gh", RepoForgeID: f.repo, Kind: "code_scanning", ForgeID: strconv.Itoa(f.n),
			Category: "sast", Severity: f.severity, State: f.outcome, Outcome: f.outcome, Tool: "CodeQL",
			Rule: f.rule(), RuleText: "text of " + f.rule(), CreatedAt: created, UpdatedAt: created,
			DueAt: created.AddDate(0, 0, model.DefaultSLADays.Days(f.severity))}
		if f.outcome != "open" {
			x.ResolvedAt = daysBefore(truthAsOf, f.resolved)
		}
		b.Findings = append(b.Findings, x)
	}
	if err := d.Apply(ctx, b); err != nil {
		t.Fatal(err)
	}
}

func TestOneTruthOverdueIsTheSameOnEverySurfaceAndFollowsTheSLAInForce(t *testing.T) {
	dir, database := t.TempDir(), testkit.Database(t)
	path := writeTruthConfig(t, dir, database, 15, 30)
	storeTruthFacts(t, database)

	var before handResult
	for i, sla := range []map[string]int{{"critical": 15, "high": 30}, {"critical": 40, "high": 10}} {
		if i > 0 {
			writeTruthConfig(t, dir, database, sla["critical"], sla["high"])
		}
		// The path `paved score` takes, then the surfaces as `paved serve` wires them.
		if _, stderr, code := runCLIAt(t, func() time.Time { return truthAsOf }, nil,
			"score", "--config", path, "--as-of", truthAsOf.Format(time.RFC3339)); code != 0 {
			t.Fatalf("paved score: exit %d: %s", code, stderr)
		}
		s := openSurfaces(t, path)
		want := map[string]handResult{
			"payments":   handOverdue(sla, truthAsOf, 1, 2),
			"unassigned": handOverdue(sla, truthAsOf, 3),
			"org":        handOverdue(sla, truthAsOf, 1, 2, 3),
		}
		wantRepo := handOverdue(sla, truthAsOf, 1)
		baseline := handOverdue(sla, db.BaselineOf(truthAsOf), 1, 2)
		name := fmt.Sprintf("SLA critical %d, high %d", sla["critical"], sla["high"])
		t.Logf("%s: by hand payments %v, org %v", name, want["payments"].rules, want["org"].rules)
		if i == 0 {
			before = want["payments"]
		} else if slices.Equal(before.rules, want["payments"].rules) {
			t.Fatal("the SLA change should change which findings are overdue; pick other fixture values")
		}
		t.Run(name, func(t *testing.T) { s.check(t, want, wantRepo, baseline) })
	}
}

type surfaces struct {
	a   *app
	web *fiber.App
}

func openSurfaces(t *testing.T, path string) surfaces {
	t.Helper()
	return openSurfacesAt(t, path, truthAsOf)
}

// openSurfacesAt is openSurfaces on a clock standing at now.
func openSurfacesAt(t *testing.T, path string, now time.Time) surfaces {
	t.Helper()
	e := &env{stdout: io.Discard, stderr: io.Discard, now: func() time.Time { return now }}
	cfg, err := loadConfig(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	a, err := openApp(context.Background(), e, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = a.Close() })
	web, err := a.web()
	if err != nil {
		t.Fatal(err)
	}
	return surfaces{a: a, web: web}
}

func (s surfaces) get(t *testing.T, path string) string {
	t.Helper()
	resp, err := s.web.Test(httptest.NewRequest("GET", path, nil), -1)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("GET %s: %d %v: %.300s", path, resp.StatusCode, err, b)
	}
	return string(b)
}

func (s surfaces) check(t *testing.T, want map[string]handResult, wantRepo, baseline handResult) {
	pay := want["payments"]
	asOf := truthAsOf.Format(time.RFC3339)

	t.Run("the scorecards count what the hand count says, at the as_of", func(t *testing.T) {
		for scope, w := range want {
			path := "/api/v1/teams/" + scope
			if scope == "org" {
				path = "/api/v1/org"
			}
			var card struct {
				AsOf       time.Time `json:"as_of"`
				Dimensions map[string]struct {
					Metrics map[string]struct{ Value *float64 } `json:"metrics"`
				} `json:"dimensions"`
			}
			if err := json.Unmarshal([]byte(s.get(t, path)), &card); err != nil {
				t.Fatal(err)
			}
			v := card.Dimensions["remediation"].Metrics["overdue_critical_high"].Value
			if !card.AsOf.Equal(truthAsOf) || v == nil || int(*v) != w.total() {
				t.Errorf("%s: as_of %s, overdue_critical_high %v; by hand %d at %s", scope, card.AsOf, v, w.total(), asOf)
			}
			if o := card.Dimensions["remediation"].Metrics["oldest_overdue_days"].Value; o != nil && int(*o) != w.oldestDays {
				t.Errorf("%s: oldest_overdue_days %v, by hand %d", scope, *o, w.oldestDays)
			}
		}
	})

	t.Run("the team page lists exactly the overdue findings", func(t *testing.T) {
		page := s.get(t, "/teams/payments")
		checkListed(t, "/teams/payments", page, pay, []int64{1, 2})
	})

	t.Run("the repo page lists exactly that repo's overdue findings", func(t *testing.T) {
		page := s.get(t, "/repos/gh/acme/pay-api")
		checkListed(t, "/repos/gh/acme/pay-api", page, wantRepo, []int64{1})
	})

	t.Run("the overview's risk tables agree", func(t *testing.T) {
		page := s.get(t, "/")
		if want["org"].total() > 0 && !strings.Contains(page, "pay-api") && wantRepo.total() > 0 {
			t.Errorf("the overview's riskiest repos lack acme/pay-api")
		}
		row := regexp.MustCompile(`href="/teams/payments">Payments</a></th><td class="num">(\d+)</td>`).FindStringSubmatch(page)
		if pay.total() > 0 && (row == nil || row[1] != strconv.Itoa(pay.total())) {
			t.Errorf("overview risk row for payments = %v, by hand %d", row, pay.total())
		}
	})

	t.Run("the API's teams list states the as_of and the 7-day change of the overdue count", func(t *testing.T) {
		var got struct {
			AsOf  time.Time `json:"as_of"`
			Teams []struct {
				Slug   string
				AsOf   time.Time `json:"as_of"`
				Change *struct {
					Since   time.Time `json:"since"`
					Overdue *int      `json:"overdue_critical_high"`
				}
			}
		}
		if err := json.Unmarshal([]byte(s.get(t, "/api/v1/teams")), &got); err != nil {
			t.Fatal(err)
		}
		for _, tm := range got.Teams {
			if tm.Slug != "payments" {
				continue
			}
			if !tm.AsOf.Equal(truthAsOf) || tm.Change == nil || !tm.Change.Since.Equal(truthAsOf.AddDate(0, 0, -7)) ||
				tm.Change.Overdue == nil || *tm.Change.Overdue != pay.total()-baseline.total() {
				t.Errorf("payments line: as_of %s change %+v; by hand %d − %d since %s", tm.AsOf, tm.Change,
					pay.total(), baseline.total(), truthAsOf.AddDate(0, 0, -7).Format(time.DateOnly))
			}
			return
		}
		t.Error("no payments line")
	})

	t.Run("the CSV row says the same", func(t *testing.T) {
		rows, err := csv.NewReader(strings.NewReader(s.get(t, "/export/teams.csv"))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		col := map[string]int{}
		for i, h := range rows[0] {
			col[h] = i
		}
		for _, row := range rows[1:] {
			w, ok := want[row[col["slug"]]]
			if !ok {
				continue
			}
			if row[col["as_of"]] != asOf || row[col["overdue_critical_high"]] != strconv.Itoa(w.total()) ||
				row[col["oldest_overdue_days"]] != strconv.Itoa(w.oldestDays) {
				t.Errorf("%s: as_of %s overdue %s oldest %s; by hand %s, %d, %d", row[col["slug"]], row[col["as_of"]],
					row[col["overdue_critical_high"]], row[col["oldest_overdue_days"]], asOf, w.total(), w.oldestDays)
			}
		}
	})

	t.Run("/metrics says the same", func(t *testing.T) {
		page := s.get(t, "/metrics")
		for _, line := range []string{
			fmt.Sprintf(`paved_team_overdue_critical_high{team="payments"} %d`, pay.total()),
			fmt.Sprintf(`paved_team_oldest_overdue_days{team="payments"} %d`, pay.oldestDays),
			fmt.Sprintf(`paved_team_overdue_critical_high{team="unassigned"} %d`, want["unassigned"].total()),
			fmt.Sprintf(`paved_org_overdue_critical_high %d`, want["org"].total()),
		} {
			if !strings.Contains(page, line+"\n") {
				t.Errorf("/metrics lacks %q", line)
			}
		}
	})

	t.Run("the digest says the same at its stated as_of", func(t *testing.T) {
		d, err := s.a.buildDigest(context.Background(), digest.WeekOf(truthAsOf))
		if err != nil {
			t.Fatal(err)
		}
		if !d.AsOf.Equal(truthAsOf) || !d.PrevAsOf.Equal(truthAsOf.AddDate(0, 0, -7)) {
			t.Errorf("digest as_of %s compared with %s", d.AsOf, d.PrevAsOf)
		}
		if d.Org.Overdue.Critical != want["org"].critical || d.Org.Overdue.High != want["org"].high {
			t.Errorf("digest org overdue %d/%d, by hand %d/%d", d.Org.Overdue.Critical, d.Org.Overdue.High, want["org"].critical, want["org"].high)
		}
		for _, tp := range d.Teams {
			if w, ok := want[tp.Slug]; ok && (tp.Overdue.Critical != w.critical || tp.Overdue.High != w.high) {
				t.Errorf("digest %s overdue %d/%d, by hand %d/%d", tp.Slug, tp.Overdue.Critical, tp.Overdue.High, w.critical, w.high)
			}
		}
		text := digest.RenderText(d)
		if !strings.Contains(text, "As of Wednesday 18 November 2026") {
			t.Errorf("the digest does not state its as_of:\n%.300s", text)
		}
		preview := s.get(t, "/digest")
		if pay.total() > 0 && !strings.Contains(preview, fmt.Sprintf("%d findings past due: %d critical, %d high.", pay.total(), pay.critical, pay.high)) &&
			!strings.Contains(preview, fmt.Sprintf("%d finding past due: %d critical, %d high.", pay.total(), pay.critical, pay.high)) {
			t.Errorf("the /digest preview lacks payments' %d overdue findings", pay.total())
		}
	})
}

// checkListed finds in a page's overdue table the rules of the hand count, and no
// other finding of the repos shown.
func checkListed(t *testing.T, where, page string, w handResult, repos []int64) {
	t.Helper()
	switch n := w.total(); n {
	case 0:
		if !strings.Contains(page, "No open critical or high finding is past its SLA") {
			t.Errorf("%s: by hand nothing is overdue, the page does not say so", where)
		}
	default:
		s := "s"
		if n == 1 {
			s = ""
		}
		head := fmt.Sprintf("%d open critical or high finding%s past due as of", n, s)
		if !strings.Contains(page, head) {
			t.Errorf("%s lacks %q", where, head)
		}
	}
	for _, f := range truthFindings {
		if !slices.Contains(repos, f.repo) {
			continue
		}
		if listed, overdue := strings.Contains(page, f.rule()), slices.Contains(w.rules, f.rule()); listed != overdue {
			t.Errorf("%s: %s (%s, %s, created %d days before) listed %v, overdue by hand %v",
				where, f.rule(), f.severity, f.outcome, f.created, listed, overdue)
		}
	}
}
