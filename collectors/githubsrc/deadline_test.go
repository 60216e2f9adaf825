package githubsrc

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/paved-dev/paved/collectors"
	"github.com/paved-dev/paved/fixtures/githubsim"
	"github.com/paved-dev/paved/fixtures/simorg"
	"github.com/paved-dev/paved/internal/testkit"
	"github.com/paved-dev/paved/model"
)

// healthyPass times a pass over the whole org into a database of its own, the
// one the test then collects into left empty.
func (e *simEnv) healthyPass(t *testing.T) time.Duration {
	t.Helper()
	fresh := e.db
	e.db = testkit.OpenDB(t)
	start := time.Now()
	e.collect(t, false)
	e.db = fresh
	return time.Since(start)
}

// passWithin runs one pass with a deadline far beyond any the test sets, so
// only the collector's own deadlines can end it early. It returns the
// pass's time until every repo's latest window was stored (OnWindow), and
// the rest, deepening history.
func (e *simEnv) passWithin(t *testing.T, progress func(collectors.Progress)) (sum collectors.Summary, window, deepening time.Duration) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
	defer cancel()
	start := time.Now()
	sum, err := e.c.Collect(ctx, e.db, collectors.RunOptions{Now: func() time.Time { return e.org.Now }, Progress: progress,
		OnWindow: func(string) { window = time.Since(start) }})
	if err != nil {
		t.Fatalf("a timeout failed the whole pass: %v", err)
	}
	if window == 0 {
		window = time.Since(start)
	}
	return sum, window, time.Since(start) - window
}

// TestAHungRepoTimesOutAloneAndTheOthersAreStored: the simulated GitHub
// accepts every request about one repo and never answers. With repo_timeout
// twice a healthy pass's time (2s idle) that repo is reported as timed out
// reading runs (its first resource),
// every other repo is stored, and the pass ends within the repo_timeout
// (+10%) plus the healthy repos' own time. (The GitLab tests hang a later
// resource and check that the earlier ones stay, that the next pass
// completes, and the pass deadline.)
func TestAHungRepoTimesOutAloneAndTheOthersAreStored(t *testing.T) {
	t.Parallel()
	e := newSimEnv(t, simorg.ScaleSmall, githubsim.Options{})
	var victim *simorg.Repo
	for _, r := range e.org.Repos("github") {
		d := e.org.Data(r)
		if len(d.Pulls) > 0 && len(d.Deployments) > 0 && len(d.Runs) > 0 {
			victim = r
			break
		}
	}
	if victim == nil {
		t.Fatal("no repo with runs, pulls and deployments")
	}
	healthy := e.healthyPass(t)
	timeout := testkit.DeadlineFor(healthy)
	// Only the repo's deadline may end its hung request, not the client's
	// per-request timeout (60s) on a slow machine.
	c, err := New(collectors.SourceConfig{Name: "gh", Kind: "github", BaseURL: e.c.cfg.BaseURL, Token: simToken,
		Org: e.org.GitHubOrg, Concurrency: 4, RepoTimeout: timeout, HTTPClient: &http.Client{Timeout: time.Hour}})
	if err != nil {
		t.Fatal(err)
	}
	c.Logger, e.c = e.c.Logger, c
	e.sim.InjectFault(githubsim.Fault{Repo: victim.FullName, Hang: true, Times: -1})

	times := testkit.NewRepoTimes()
	sum, window, deepening := e.passWithin(t, times.Progress)

	want := collectors.RepoError{Repo: victim.FullName, Resource: model.ResourceRuns,
		Err: "repo " + victim.FullName + ": timed out after " + collectors.FormatDuration(timeout) + " reading runs"}
	if sum.ReposFailed != 1 || len(sum.Errors) != 1 || sum.Errors[0] != want {
		t.Fatalf("summary: %d failed, errors %+v; want only %+v", sum.ReposFailed, sum.Errors, want)
	}
	// History deepens once every repo's window is stored, the hung repo's
	// cut included: the first phase is bound as a whole pass was, and the
	// deepening by twice a healthy pass's time.
	times.CheckHungRepo(t, victim.FullName, timeout, window)
	if deepening > 2*healthy {
		t.Errorf("deepening history took %s after the hung repo was cut, more than twice a whole healthy pass's %s", deepening, healthy)
	}

	// Every other repo is complete; of the victim, only its row is stored.
	got, gt, lost := e.counts(t), e.org.GroundTruth("github"), simorg.CountData(e.org.Data(victim))
	for _, k := range []string{simorg.GTRuns, simorg.GTFindings, simorg.GTAnalyses, simorg.GTPullRequests,
		simorg.GTReviews, simorg.GTDeployments, simorg.GTDeploymentStatuses} {
		if got[k] != gt[k]-lost[k] {
			t.Errorf("%s: stored %d, want the ground truth %d less the hung repo's %d", k, got[k], gt[k], lost[k])
		}
	}
	cur, err := e.db.Cursor(context.Background(), "gh", victim.FullName, model.ResourceRuns)
	if err != nil || cur.LastError != want.Err {
		t.Errorf("the runs cursor records %q (%v), want %q", cur.LastError, err, want.Err)
	}

}
