package gitlabsrc

import (
	"strconv"
	"testing"
	"time"

	"github.com/paved-dev/paved/collectors"
	"github.com/paved-dev/paved/fixtures/gitlabsim"
	"github.com/paved-dev/paved/fixtures/simorg"
)

func TestAFirstPassStoresEverythingTheSimulatorHolds(t *testing.T) {
	t.Parallel()
	e := newEnv(t, gitlabsim.Options{})
	sum, err := e.collect(t, e.collector(t, "acme-gl", testToken), collectors.RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !sum.OK() || sum.Repos != len(e.org.Repos(simorg.ForgeGitLab)) {
		t.Fatalf("summary = %+v", sum)
	}
	e.checkGroundTruth(t, "acme-gl")
	if n := e.queryInt(t, `SELECT count(*) FROM runs WHERE jobs_fetched = 1 AND attempt > 1`); n == 0 {
		t.Error("no sampled pipeline shows a retry: attempts are not derived from retried jobs")
	}
	if n := e.queryInt(t, `SELECT count(*) FROM runs WHERE event = 'merge_request_event' AND pr_numbers = ''`); n != 0 {
		t.Errorf("%d merge request pipelines are not linked to their merge request", n)
	}
	if n := e.queryInt(t, `SELECT count(*) FROM jobs WHERE report_types LIKE '%container_scanning%' AND scan_categories NOT LIKE '%sca%'`); n != 0 {
		t.Errorf("%d container scanning jobs are not counted as sca", n)
	}
	if n := e.queryInt(t, `SELECT count(*) FROM reviews WHERE kind = 'approval' AND state = 'approved'`); n == 0 {
		t.Error("no approval stored from the approval system notes")
	}
	if n := e.queryInt(t, `SELECT count(*) FROM deployments WHERE environment_tier = 'production'`); n == 0 {
		t.Error("no deployment carries the production tier")
	}
	if n := e.queryInt(t, `SELECT count(*) FROM findings WHERE kind = 'gitlab_vulnerability' AND due_at IS NULL`); n != 0 {
		t.Errorf("%d findings have no due date", n)
	}
	// Teams are the subgroups, owning their nested projects.
	var repos int64
	for _, g := range e.org.Groups()[1:] {
		repos += int64(len(e.org.GroupProjects(g, true)))
	}
	if n := e.queryInt(t, `SELECT count(*) FROM forge_team_repos`); n != repos {
		t.Errorf("team memberships = %d, want %d", n, repos)
	}
}

func TestAPassOverASubgroupWithSmallPagesCollectsOnlyIt(t *testing.T) {
	t.Parallel()
	e := newEnv(t, gitlabsim.Options{})
	c := e.collector(t, "acme-gl/data", testToken)
	c.pageSize = 7 // every list, keyset and GraphQL connection spans pages
	if _, err := e.collect(t, c, collectors.RunOptions{}); err != nil {
		t.Fatal(err)
	}
	e.checkGroundTruth(t, "acme-gl/data")
	if n := e.queryInt(t, `SELECT count(*) FROM forge_teams WHERE slug = 'acme-gl/data/pipelines'`); n != 1 {
		t.Errorf("the nested subgroup is not a team (%d)", n)
	}
}

func TestRecollectingAddsNoRowsAndSettlesOnConditionalRequests(t *testing.T) {
	t.Parallel()
	e := newEnv(t, gitlabsim.Options{})
	c := e.collector(t, "acme-gl/data", testToken)
	if _, err := e.collect(t, c, collectors.RunOptions{}); err != nil {
		t.Fatal(err)
	}
	first := e.counts(t)
	projects := 0
	for _, g := range e.org.Groups() {
		if g.FullPath == "acme-gl/data" {
			projects = len(e.org.GroupProjects(g, true))
		}
	}
	var last collectors.Summary
	for pass := 2; pass <= 3; pass++ {
		sum, err := e.collect(t, c, collectors.RunOptions{})
		if err != nil {
			t.Fatal(err)
		}
		for k, v := range e.counts(t) {
			if v != first[k] {
				t.Errorf("pass %d: %s went from %d to %d rows", pass, k, first[k], v)
			}
		}
		last = sum
	}
	// By the third pass every REST list is answered 304: pipelines, merge
	// requests and deployments of each project.
	if last.NotModified != int64(3*projects) {
		t.Errorf("third pass: %d answers 304, want %d", last.NotModified, 3*projects)
	}
	st := e.sim.Stats()
	if st.ByKind[gitlabsim.KindJobs] == 0 || st.ByKind[gitlabsim.KindGraphQL] == 0 {
		t.Fatalf("stats = %+v", st)
	}
	e.sim.ResetStats()
	if _, err := e.collect(t, c, collectors.RunOptions{}); err != nil {
		t.Fatal(err)
	}
	st = e.sim.Stats()
	if st.ByKind[gitlabsim.KindJobs] != 0 || st.ByKind[gitlabsim.KindNotes] != 0 || st.ByKind[gitlabsim.KindEnvironments] != 0 {
		t.Errorf("an unchanged pass fetched jobs, notes or environments: %v", st.ByKind)
	}
}

func TestAnIncrementalPassPicksUpWhatChanged(t *testing.T) {
	t.Parallel()
	e := newEnv(t, gitlabsim.Options{})
	c := e.collector(t, "acme-gl/payments", testToken)
	if _, err := e.collect(t, c, collectors.RunOptions{}); err != nil {
		t.Fatal(err)
	}
	const project = "acme-gl/payments/ledger"
	r, _ := e.org.Repo(project)
	later := testNow.Add(time.Hour)
	run, err := e.org.AddRun(project, later)
	if err != nil {
		t.Fatal(err)
	}
	pr, err := e.org.AddPullRequest(project, "renovate-bot", "Bump x from 1 to 2", later)
	if err != nil {
		t.Fatal(err)
	}
	team, _ := e.org.Team("payments")
	approval, err := e.org.AddReview(project, pr.Number, team.Members[0], simorg.ReviewApproved, later.Add(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	var open *simorg.Vulnerability
	for i, v := range e.org.Data(r).Vulnerabilities {
		if v.State == "detected" {
			open = &e.org.Data(r).Vulnerabilities[i]
			break
		}
	}
	if open == nil {
		t.Fatal("no open vulnerability to fix")
	}
	if err := e.org.FixAlert(project, KindVulnerability, int(open.ID), later); err != nil {
		t.Fatal(err)
	}
	dep := e.org.Data(r).Deployments[0]
	if err := e.org.AddDeploymentStatus(project, dep.ID, "failure", later); err != nil {
		t.Fatal(err)
	}
	before := e.counts(t)
	sum, err := e.collect(t, c, collectors.RunOptions{Now: func() time.Time { return later.Add(time.Hour) }})
	if err != nil || !sum.OK() {
		t.Fatalf("summary %+v, err %v", sum, err)
	}
	after := e.counts(t)
	for k, d := range map[string]int64{"runs": 1, "pull_requests": 1, "reviews": 1, "deployment_statuses": 1, "findings": 0} {
		if after[k]-before[k] != d {
			t.Errorf("%s grew by %d, want %d", k, after[k]-before[k], d)
		}
	}
	checks := []struct {
		what string
		q    string
		args []any
	}{
		{"the new pipeline", `SELECT count(*) FROM runs WHERE forge_id = ?`, []any{run.ID}},
		{"the new merge request by a bot-like user", `SELECT count(*) FROM pull_requests p JOIN repos r ON r.id = p.repo_id
			WHERE p.number = ? AND r.full_name = ? AND p.author = 'renovate-bot'`, []any{pr.Number, project}},
		{"the approval at its time", `SELECT count(*) FROM reviews WHERE forge_id = ? AND kind = 'approval' AND submitted_at = ?`, []any{approval.ID, approval.SubmittedAt.Unix()}},
		{"the fixed vulnerability", `SELECT count(*) FROM findings WHERE forge_id = ? AND outcome = 'fixed' AND resolved_at = ?`, []any{itoa(open.ID), later.Unix()}},
		{"the failed deployment", `SELECT count(*) FROM deployments WHERE forge_id = ? AND status = 'failure'`, []any{dep.ID}},
	}
	for _, ch := range checks {
		if n := e.queryInt(t, ch.q, ch.args...); n != 1 {
			t.Errorf("%s is not stored (%d rows)", ch.what, n)
		}
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestTheLookbackCoversTheSimulatedHistory(t *testing.T) {
	if span := time.Duration(simorg.SpanDays) * 24 * time.Hour; lookback < span {
		t.Fatalf("a first pass looks back %v but the simulated org spans %v: ground truths cannot match", lookback, span)
	}
}
