package gitlabsrc

import (
	"context"
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
	c := e.collector(t, group, testToken)
	fresh := e.db
	e.db = testkit.OpenDB(t)
	healthy := time.Now()
	if sum, err := e.collect(t, c, collectors.RunOptions{}); err != nil || !sum.OK() {
		t.Fatalf("the healthy pass: %+v, %v", sum, err)
	}
	timeout := testkit.DeadlineFor(time.Since(healthy))
	e.db, c.cfg.RepoTimeout = fresh, timeout
	fault.Repo, fault.PathContains, fault.Times = victim.FullName, "/merge_requests", -1
	e.sim.InjectFault(fault)

	times := testkit.NewRepoTimes()
	start := time.Now()
	sum, err := e.collect(t, c, collectors.RunOptions{Progress: times.Progress})
	wall := time.Since(start)
	if err != nil {
		t.Fatalf("a timeout failed the whole pass: %v", err)
	}
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
	if sum, err := e.collect(t, c, collectors.RunOptions{}); err != nil || !sum.OK() {
		t.Fatalf("the pass after the forge recovered: %+v, %v", sum, err)
	}
	e.checkGroundTruth(t, group)
}
