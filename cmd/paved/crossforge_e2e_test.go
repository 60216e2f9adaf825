package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"testing"

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
	const teamRepos = `SELECT repo_id FROM team_repos WHERE team_slug = 'payments'`
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
	prodOK := count("successful production deployments", `SELECT COUNT(*) FROM deployments
		WHERE repo_id IN (`+teamRepos+`) AND created_at > ? AND created_at <= ? AND status = 'success'
		AND (lower(environment) IN ('prod', 'production') OR environment_tier = 'production')`, from, asOf)
	overdue := count("overdue critical+high", `SELECT COUNT(*) FROM findings
		WHERE repo_id IN (`+teamRepos+`) AND severity IN ('critical', 'high') AND outcome != 'excluded'
		AND created_at <= ? AND (resolved_at IS NULL OR resolved_at > ?)
		AND created_at + (CASE severity WHEN 'critical' THEN 15 ELSE 30 END) * 86400 < ?`, asOf, asOf, asOf)

	metric := func(dim, key string) scoring.Metric { return sc.Dimensions[dim].Metrics[key] }
	checks := []struct {
		name string
		got  float64
		want float64
	}{
		{"pr_ci_coverage samples = merged PRs on both forges", float64(metric("automation", "pr_ci_coverage").Samples), merged},
		{"reviewed_share samples = human merged PRs on both forges", float64(metric("review", "reviewed_share").Samples), human},
		{"deploys_per_week = successful production deployments ÷ (90/7)", value(metric("delivery", "deploys_per_week")), prodOK / (90.0 / 7)},
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
