package ui

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/paved-dev/paved/scoring"
	"github.com/paved-dev/paved/ui/labels"
)

var (
	overdueCountCell = regexp.MustCompile(`id="overdue-count">([^<]*)<`)
	oldestCell       = regexp.MustCompile(`id="oldest-overdue">([^<]*)<`)
	riskTeamRow      = regexp.MustCompile(`<tr><th scope="row"><a href="/teams/[^"]+">[^<]+</a></th><td class="num">(\d+)</td></tr>`)
	tags             = regexp.MustCompile(`(?s)<script.*?</script>|<[^>]*>`)
)

// visibleText is a page's text as a reader sees it: no tags, scripts or attributes.
func visibleText(body string) string { return tags.ReplaceAllString(body, " ") }

// TestOverviewLeadsWithRisk: the first thing the overview shows is the
// organisation's overdue critical and high findings, the same number as its
// scorecard and as the teams most at risk add up to, and the oldest one's age.
func TestOverviewLeadsWithRisk(t *testing.T) {
	app, _ := smallApp(t)
	org := decodeObject(t, get(t, app, "/api/v1/org").body)
	rem := org["dimensions"].(map[string]any)["remediation"].(map[string]any)["metrics"].(map[string]any)
	overdue := rem[scoring.MetricOverdueCriticalHigh].(map[string]any)["value"].(float64)
	oldest := rem[scoring.MetricOldestOverdueDays].(map[string]any)["value"].(float64)
	body := get(t, app, "/").body

	m := overdueCountCell.FindStringSubmatch(body)
	if m == nil || m[1] != strconv.Itoa(int(overdue)) {
		t.Errorf("overdue count %q, want %v as the scorecard says", m, overdue)
	}
	sum := 0
	for _, r := range riskTeamRow.FindAllStringSubmatch(body, -1) {
		n, _ := strconv.Atoi(r[1])
		sum += n
	}
	if sum != int(overdue) {
		t.Errorf("teams most at risk add up to %d, want the organisation's %v (every repo has one team or none)", sum, overdue)
	}
	if m := oldestCell.FindStringSubmatch(body); m == nil || m[1] != labels.FormatValue(scoring.MetricOldestOverdueDays, &oldest) {
		t.Errorf("oldest overdue %q, want %s", m, labels.FormatValue(scoring.MetricOldestOverdueDays, &oldest))
	}
	if i, j := strings.Index(body, `id="overdue-count"`), strings.Index(body, `id="dims-title"`); i < 0 || j < i {
		t.Error("the overdue count does not come before the dimensions")
	}
	// The seed gives every repo named payments-svc-N to the Payments team.
	if !strings.Contains(body, `title="acme/payments-svc-1">acme/payments-svc-1</a></th><td data-label="Team"><a href="/teams/payments">Payments</a></td>`) {
		t.Error("the risk table does not name the repo's owning team")
	}
}

// TestTeamPageReadsForPeople: next steps and overdue findings come before the
// criteria, which fold away; the text uses labels and counts nouns right.
func TestTeamPageReadsForPeople(t *testing.T) {
	app, _ := smallApp(t)
	body := get(t, app, "/teams/payments").body
	next, overdue, strip, criteria := strings.Index(body, `id="summary-title"`), strings.Index(body, `id="overdue-title"`),
		strings.Index(body, `class="strip-grid"`), strings.Index(body, `<table class="criteria cards">`)
	if next < 0 || overdue < next || strip < overdue || criteria < strip {
		t.Errorf("sections out of order: next steps %d, overdue %d, level strip %d, criteria %d", next, overdue, strip, criteria)
	}
	if !strings.Contains(body, `<details class="criteria-box">`) {
		t.Error("criteria not folded in <details>")
	}
	text := visibleText(body)
	if strings.Contains(text, "criterions") || !strings.Contains(text, " criteria, level by level") {
		t.Error("criteria miscounted")
	}
	for _, k := range scoring.MetricKeys(scoring.DimRemediation) {
		if strings.Contains(text, k) {
			t.Errorf("the page shows the internal key %q", k)
		}
	}
	if strings.Contains(body, `data-chart="chart-levels"`) {
		t.Error("levels are still drawn as overlapping lines")
	}
}

// TestRepoPageListsItsFindings: the repo page lists the repo's overdue critical
// and high findings and counts its other open ones by severity, with its teams'
// levels and what to fix, in words, not enum values.
func TestRepoPageListsItsFindings(t *testing.T) {
	app, _ := smallApp(t)
	r := get(t, app, "/repos/gh/acme/payments-svc-1")
	if r.status != 200 {
		t.Fatalf("status %d", r.status)
	}
	for _, want := range []string{`id="overdue-title"`, `<table class="cards" id="other-open">`, `id="fix-title"`, `id="levels-title"`,
		`<a href="/teams/payments">Payments</a>`, `<th scope="row">Open</th>`} {
		if !strings.Contains(r.body, want) {
			t.Errorf("repo page lacks %s", want)
		}
	}
	if i, j, k := strings.Index(r.body, `id="fix-title"`), strings.Index(r.body, `id="overdue-title"`), strings.Index(r.body, `id="contrib-title"`); i > j || j > k {
		t.Error("what to fix and the findings do not come first")
	}
	text := visibleText(r.body)
	for _, raw := range []string{"risk_accepted", "secret_scanning", ">high<", ">medium<"} {
		if strings.Contains(text, raw) || strings.Contains(r.body, raw) {
			t.Errorf("the page shows the raw value %q", raw)
		}
	}
}
