package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/paved-dev/paved/fixtures/gitlabsim"
	"github.com/paved-dev/paved/internal/testkit"
	"github.com/paved-dev/paved/scoring"
)

// TestTeamOnBothForgesGetsOnePooledScorecard collects the simulated org from both the
// GitHub and the GitLab simulators; a team that owns repos on both forges gets one
// scorecard whose figures equal counts taken independently with plain SQL over the
// team's repos on both forges.
func TestTeamOnBothForgesGetsOnePooledScorecard(t *testing.T) {
	f := startSim(t)
	gl := gitlabsim.New(f.org, gitlabsim.Options{Token: e2eToken})
	glURL := testkit.StartSim(t, gitlabsim.Start, gl)
	team, ok := f.org.Team("payments")
	if !ok || !team.GitHub || team.GitLabGroup == "" {
		t.Fatalf("the simulated org has no payments team on both forges: %+v", team)
	}
	cfgPath := filepath.Join(f.dir, "both.yaml")
	cfg := fmt.Sprintf(`database: %s
sources:
  - {name: gh, kind: github, base_url: %q, token_env: TOKEN, org: %s}
  - {name: gl, kind: gitlab, base_url: %q, token_env: TOKEN, org: %s}
teams:
  - {name: Payments, github_team: payments, gitlab_group: %s}
bots: [renovate-bot]
`, f.dbPath(), f.url, f.org.GitHubOrg, glURL, f.org.GitLabRoot, team.GitLabGroup)
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, stderr, code := runCLI(t, map[string]string{"TOKEN": e2eToken}, "collect", "--config", cfgPath); code != 0 {
		t.Fatalf("collect exited %d\n%s\n%s", code, out, stderr)
	}

	d := testkit.OpenDBAt(t, f.dbPath())
	stored, err := d.LatestScorecard(context.Background(), "payments")
	if err != nil {
		t.Fatal(err)
	}
	var sc scoring.Scorecard
	if err := json.Unmarshal(stored.Body, &sc); err != nil {
		t.Fatal(err)
	}
	asOf := sc.AsOf.Unix()
	from := sc.AsOf.AddDate(0, 0, -90).Unix()
	count := func(what, q string, args ...any) float64 {
		t.Helper()
		var n float64
		if err := d.Reader().QueryRow(q, args...).Scan(&n); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		return n
	}
	// v2: only eligible repos (not archived, not forks) count.
	const teamRepos = `SELECT tr.repo_id FROM team_repos tr JOIN repos r ON r.id = tr.repo_id
		WHERE tr.team_slug = 'payments' AND r.archived = 0 AND r.fork = 0`
	perSource := func(source string) float64 {
		return count("repos of "+source, `SELECT COUNT(*) FROM repos WHERE source = ? AND id IN (`+teamRepos+`)`, source)
	}
	if perSource("gh") == 0 || perSource("gl") == 0 {
		t.Fatalf("payments owns %v GitHub and %v GitLab repos; the test needs both", perSource("gh"), perSource("gl"))
	}

	merged := count("merged PRs", `SELECT COUNT(*) FROM pull_requests
		WHERE repo_id IN (`+teamRepos+`) AND merged_at > ? AND merged_at <= ?`, from, asOf)
	human := count("human merged PRs", `SELECT COUNT(*) FROM pull_requests
		WHERE repo_id IN (`+teamRepos+`) AND merged_at > ? AND merged_at <= ?
		AND author_is_bot = 0 AND author NOT LIKE '%[bot]' AND author != 'renovate-bot'`, from, asOf)
	deploysPerWeek, prodOK := medianDeploysPerWeek(t, d.Reader(), teamRepos, sc.AsOf)
	// Open at as_of: not excluded, and not fixed or risk-accepted at or before it.
	overdue := count("overdue critical+high", `SELECT COUNT(*) FROM findings
		WHERE repo_id IN (`+teamRepos+`) AND severity IN ('critical', 'high')
		AND created_at <= ? AND (outcome = 'open' OR (outcome IN ('fixed', 'risk_accepted') AND resolved_at > ?))
		AND created_at + (CASE severity WHEN 'critical' THEN 15 ELSE 30 END) * 86400 < ?`, asOf, asOf, asOf)

	metric := func(dim, key string) scoring.Metric { return sc.Dimensions[dim].Metrics[key] }
	checks := []struct {
		name string
		got  float64
		want float64
	}{
		{"pr_ci_coverage samples = merged PRs on both forges", float64(metric("automation", "pr_ci_coverage").Samples), merged},
		{"reviewed_share samples = human merged PRs on both forges", float64(metric("review", "reviewed_share").Samples), human},
		{"deploys_per_week = median over deploying repos of successful production deployments ÷ (90/7)", value(metric("delivery", "deploys_per_week")), deploysPerWeek},
		{"overdue_critical_high = open critical+high past due", value(metric("remediation", "overdue_critical_high")), overdue},
	}
	for _, c := range checks {
		t.Logf("%s: scorecard %v, SQL %v", c.name, c.got, c.want)
		if math.Abs(c.got-c.want) > 1e-9 {
			t.Errorf("%s: scorecard %v, SQL count %v", c.name, c.got, c.want)
		}
	}
	if merged == 0 || prodOK == 0 {
		t.Errorf("the pooled window is empty (merged %v, deploys %v): the check proves nothing", merged, prodOK)
	}
	sources := map[string]bool{}
	for _, r := range sc.Repos {
		sources[r.Source] = true
	}
	if !sources["gh"] || !sources["gl"] {
		t.Errorf("the scorecard's repos come from %v, want both gh and gl", sources)
	}
}

func value(m scoring.Metric) float64 {
	if m.Value == nil {
		return math.NaN()
	}
	return *m.Value
}

// medianDeploysPerWeek counts, per deploying repo of the scope (a production deployment
// in the 365 days before asOf), its successful production deployments in the 90-day
// window — the outcome being the latest status among success, failure and error, so a
// later inactive changes nothing — and returns the median ÷ (90/7), with the total.
func medianDeploysPerWeek(t *testing.T, q *sql.DB, scopeRepos string, asOf time.Time) (float64, float64) {
	t.Helper()
	rows, err := q.Query(`SELECT d.repo_id, d.created_at > ?, COALESCE((
			SELECT s.state FROM deployment_statuses s
			WHERE s.repo_id = d.repo_id AND s.deployment_forge_id = d.forge_id AND s.state IN ('success', 'failure', 'error')
			ORDER BY s.created_at DESC, s.forge_id DESC LIMIT 1),
			CASE WHEN d.status IN ('success', 'failure', 'error') THEN d.status ELSE '' END)
		FROM deployments d
		WHERE d.repo_id IN (`+scopeRepos+`) AND d.created_at > ? AND d.created_at <= ?
		AND (lower(d.environment) IN ('prod', 'production') OR d.environment_tier = 'production')`,
		asOf.AddDate(0, 0, -90).Unix(), asOf.AddDate(0, 0, -365).Unix(), asOf.Unix())
	if err != nil {
		t.Fatalf("deployments: %v", err)
	}
	defer rows.Close()
	perRepo := map[int64]float64{}
	total := 0.0
	for rows.Next() {
		var repo int64
		var inWindow bool
		var outcome string
		if err := rows.Scan(&repo, &inWindow, &outcome); err != nil {
			t.Fatal(err)
		}
		perRepo[repo] += 0 // a deploying repo, even with no success in the window
		if inWindow && outcome == "success" {
			perRepo[repo]++
			total++
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	counts := make([]float64, 0, len(perRepo))
	for _, n := range perRepo {
		counts = append(counts, n)
	}
	return testkit.Median(counts) / (90.0 / 7), total
}
