package gitlabsrc

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/paved-dev/paved/collectors"
	"github.com/paved-dev/paved/fixtures/gitlabsim"
	"github.com/paved-dev/paved/fixtures/simorg"
	"github.com/paved-dev/paved/internal/testkit"
	"github.com/paved-dev/paved/model"
)

// slowMachineCollector is a collector for group whose requests have no
// timeout of their own short of an hour: only the deadlines a test sets may
// end a hung request, not the client's 60s on a slow machine.
func (e *env) slowMachineCollector(t *testing.T, group string) *Collector {
	t.Helper()
	c, err := New(collectors.SourceConfig{Name: "gl", Kind: model.ForgeGitLab, BaseURL: e.base, Token: testToken, Org: group,
		HTTPClient: &http.Client{Timeout: time.Hour}})
	if err != nil {
		t.Fatal(err)
	}
	c.Logger = slog.New(slog.NewTextHandler(e.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	return c
}

// deadlineFor times a healthy pass of c into a database of its own (the one
// the test then collects into is left empty) and returns a deadline no
// healthy project reaches (testkit.DeadlineFor).
func (e *env) deadlineFor(t *testing.T, c *Collector) time.Duration {
	t.Helper()
	fresh := e.db
	e.db = testkit.OpenDB(t)
	defer func() { e.db = fresh }()
	start := time.Now()
	if sum, _ := e.passWithin(t, c, nil); !sum.OK() {
		t.Fatalf("the healthy pass: %+v", sum)
	}
	return testkit.DeadlineFor(time.Since(start))
}

// passWithin runs one pass of c with a deadline far beyond any the test sets,
// so only the collector's own deadlines can end it early.
func (e *env) passWithin(t *testing.T, c *Collector, progress func(collectors.Progress)) (collectors.Summary, time.Duration) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
	defer cancel()
	start := time.Now()
	sum, err := c.Collect(ctx, e.db, collectors.RunOptions{Now: func() time.Time { return testNow }, Progress: progress})
	if err != nil {
		t.Fatalf("a timeout failed the whole pass: %v", err)
	}
	return sum, time.Since(start)
}

// TestAHungProjectTimesOutAloneAndTheOthersAreStored: the simulated GitLab
// holds up one project's merge-request requests: it accepts them and never
// answers (a hang is not a 5xx: client-go must not retry it), or it answers
// 429 with a 10-minute Retry-After, which the collector waits out. With
// repo_timeout twice a healthy pass's time (2s idle; ample for its pipelines
// first) the project is reported as timed out reading pulls, its pipelines
// stay stored, every other project is stored, and the pass ends within the
// repo_timeout (+10%) plus the healthy projects' own time.
func TestAHungProjectTimesOutAloneAndTheOthersAreStored(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		fault gitlabsim.Fault
	}{
		{"a request that is never answered", gitlabsim.Fault{Hang: true}},
		{"a rate-limit wait of 10 minutes", gitlabsim.Fault{Status: http.StatusTooManyRequests, RetryAfter: 600}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			checkHeldUpProject(t, tc.fault)
		})
	}
}

// checkHeldUpProject runs TestAHungProjectTimesOutAloneAndTheOthersAreStored
// with fault held on one project's merge requests.
func checkHeldUpProject(t *testing.T, fault gitlabsim.Fault) {
	const group = "acme-gl/payments"
	e := newEnv(t, gitlabsim.Options{})
	var victim *simorg.Repo
	for _, r := range e.org.Repos("gitlab") {
		d := e.org.Data(r)
		if strings.HasPrefix(r.FullName, group+"/") && len(d.Pulls) > 0 && len(d.Deployments) > 0 && len(d.Runs) > 0 {
			victim = r
			break
		}
	}
	if victim == nil {
		t.Fatal("no project with pipelines, merge requests and deployments")
	}
	c := e.slowMachineCollector(t, group)
	timeout := e.deadlineFor(t, c)
	c.cfg.RepoTimeout = timeout
	fault.Repo, fault.PathContains, fault.Times = victim.FullName, "/merge_requests", -1
	e.sim.InjectFault(fault)

	times := testkit.NewRepoTimes()
	sum, wall := e.passWithin(t, c, times.Progress)
	want := collectors.RepoError{Repo: victim.FullName, Resource: model.ResourcePulls,
		Err: "project " + victim.FullName + ": timed out after " + collectors.FormatDuration(timeout) + " reading pulls"}
	if sum.ReposFailed != 1 || len(sum.Errors) != 1 || sum.Errors[0] != want {
		t.Fatalf("summary: %d failed, errors %+v; want only %+v", sum.ReposFailed, sum.Errors, want)
	}
	times.CheckHungRepo(t, victim.FullName, timeout, wall)

	got, gt, lost := e.counts(t), e.sim.GroundTruth(group), simorg.CountData(e.org.Data(victim))
	if got[simorg.GTRuns] != gt[simorg.GTRuns] {
		t.Errorf("runs: stored %d, the simulator holds %d", got[simorg.GTRuns], gt[simorg.GTRuns])
	}
	for _, k := range []string{simorg.GTPullRequests, simorg.GTReviews, simorg.GTDeployments, simorg.GTFindings} {
		if got[k] != gt[k]-lost[k] {
			t.Errorf("%s: stored %d, want the simulator's %d less the hung project's %d", k, got[k], gt[k], lost[k])
		}
	}
	cur, err := e.db.Cursor(context.Background(), "gl", victim.FullName, model.ResourcePulls)
	if err != nil || cur.LastError != want.Err {
		t.Errorf("the pulls cursor records %q (%v), want %q", cur.LastError, err, want.Err)
	}

	e.sim.ClearFaults()
	if sum, _ := e.passWithin(t, c, nil); !sum.OK() {
		t.Fatalf("the pass after the forge recovered: %+v", sum)
	}
	e.checkGroundTruth(t, group)
}

// TestThePassDeadlineKeepsWhatIsStoredAndTheNextPassCompletesIt: every
// project's merge requests hang, one project is collected at a time, and
// pass_timeout is twice a healthy pass's time. The project in flight is
// reported as cut by the pass while reading pulls (its pipelines stored),
// the others as not reached, and the pass itself is not an error. The next
// pass continues from the cursors and completes.
func TestThePassDeadlineKeepsWhatIsStoredAndTheNextPassCompletesIt(t *testing.T) {
	t.Parallel()
	const group = "acme-gl/payments"
	e := newEnv(t, gitlabsim.Options{})
	c := e.slowMachineCollector(t, group)
	timeout := e.deadlineFor(t, c)
	c.cfg.Concurrency, c.cfg.PassTimeout = 1, timeout
	e.sim.InjectFault(gitlabsim.Fault{PathContains: "/merge_requests", Hang: true, Times: -1})

	sum, wall := e.passWithin(t, c, nil)
	if wall > timeout+time.Minute {
		t.Errorf("the pass took %s: the pass deadline of %s did not end it", wall, timeout)
	}
	projects := int(e.sim.GroundTruth(group)[simorg.GTRepos])
	if sum.Repos != projects || sum.ReposFailed != projects || len(sum.Errors) != projects {
		t.Fatalf("summary: %d projects, %d failed, %d errors; want all %d failed", sum.Repos, sum.ReposFailed, len(sum.Errors), projects)
	}
	after := collectors.FormatDuration(timeout)
	first := sum.Errors[0]
	if want := "project " + first.Repo + ": the pass timed out after " + after + " while reading pulls"; first.Err != want {
		t.Errorf("the project in flight: %q, want %q", first.Err, want)
	}
	for _, re := range sum.Errors[1:] {
		if want := "project " + re.Repo + ": not reached: the pass timed out after " + after; re.Err != want || re.Resource != "" {
			t.Errorf("%+v, want %q", re, want)
		}
	}
	r, _ := e.org.Repo(first.Repo)
	if got := e.counts(t); got[simorg.GTRuns] != int64(len(e.org.Data(r).Runs)) || got[simorg.GTPullRequests] != 0 {
		t.Errorf("stored %d runs and %d merge requests, want the %d pipelines of the project in flight and no merge request",
			got[simorg.GTRuns], got[simorg.GTPullRequests], len(e.org.Data(r).Runs))
	}

	// The next pass continues from the cursors: the pipelines walk of the
	// project in flight starts from the watermark the cut pass stored.
	if cur, err := e.db.Cursor(context.Background(), "gl", first.Repo, model.ResourceRuns); err != nil || cur.Watermark.IsZero() {
		t.Errorf("the pipelines cursor of the project in flight: %+v (%v), want its watermark stored", cur, err)
	}
	e.sim.ClearFaults()
	c.cfg.PassTimeout = collectors.DefaultPassTimeout
	if next, _ := e.passWithin(t, c, nil); !next.OK() {
		t.Errorf("the next pass: %+v; want it complete", next)
	}
	e.checkGroundTruth(t, group)
	if strings.Contains(e.logs.String(), "collection stopped") {
		t.Error("a timeout was logged as a stopped collection")
	}
}
