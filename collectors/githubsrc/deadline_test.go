package githubsrc

import (
	"context"
	"strings"
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
// only the collector's own deadlines can end it early.
func (e *simEnv) passWithin(t *testing.T, progress func(collectors.Progress)) (collectors.Summary, time.Duration) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	start := time.Now()
	sum, err := e.c.Collect(ctx, e.db, collectors.RunOptions{Now: func() time.Time { return e.org.Now }, Progress: progress})
	if err != nil {
		t.Fatalf("a timeout failed the whole pass: %v", err)
	}
	return sum, time.Since(start)
}

// TestAHungRepoTimesOutAloneAndTheOthersAreStored: the simulated GitHub
// accepts every request about one repo and never answers. With repo_timeout
// twice a healthy pass's time (2s idle) that repo is reported as timed out
// reading runs (its first resource),
// every other repo is stored, and the pass ends within the repo_timeout
// (+10%) plus the healthy repos' own time. (The GitLab test hangs a later
// resource and checks that the earlier ones stay.)
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
	timeout := testkit.DeadlineFor(e.healthyPass(t))
	e.c.cfg.RepoTimeout = timeout
	e.sim.InjectFault(githubsim.Fault{Repo: victim.FullName, Hang: true, Times: -1})

	times := testkit.NewRepoTimes()
	sum, wall := e.passWithin(t, times.Progress)

	want := collectors.RepoError{Repo: victim.FullName, Resource: model.ResourceRuns,
		Err: "repo " + victim.FullName + ": timed out after " + collectors.FormatDuration(timeout) + " reading runs"}
	if sum.ReposFailed != 1 || len(sum.Errors) != 1 || sum.Errors[0] != want {
		t.Fatalf("summary: %d failed, errors %+v; want only %+v", sum.ReposFailed, sum.Errors, want)
	}
	times.CheckHungRepo(t, victim.FullName, timeout, wall)

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

	// The forge answers again: the next pass completes the repo.
	e.sim.ClearFaults()
	e.collect(t, false)
	e.checkGroundTruth(t)
}

// TestThePassDeadlineKeepsWhatIsStoredAndTheNextPassCompletesIt: every
// repo's pull requests hang and pass_timeout is twice a healthy pass's time
// (ample for the first repos to reach their pulls). The two repos in flight
// are reported as cut by the pass while reading pulls (their earlier
// resources stored), the others as not reached, and the pass itself is not
// an error. The next pass continues from the cursors and completes.
func TestThePassDeadlineKeepsWhatIsStoredAndTheNextPassCompletesIt(t *testing.T) {
	t.Parallel()
	e := newSimEnv(t, simorg.ScaleSmall, githubsim.Options{})
	timeout := testkit.DeadlineFor(e.healthyPass(t))
	e.c.cfg.Concurrency, e.c.cfg.PassTimeout = 2, timeout
	e.sim.InjectFault(githubsim.Fault{PathContains: "/pulls", Hang: true, Times: -1})

	sum, wall := e.passWithin(t, nil)
	if wall > timeout+time.Minute {
		t.Errorf("the pass took %s: the pass deadline of %s did not end it", wall, timeout)
	}
	repos := len(e.org.Repos("github"))
	if sum.Repos != repos || sum.ReposFailed != repos || len(sum.Errors) != repos {
		t.Fatalf("summary: %d repos, %d failed, %d errors; want all %d failed", sum.Repos, sum.ReposFailed, len(sum.Errors), repos)
	}
	cut := 0
	var runs int64
	after := collectors.FormatDuration(timeout)
	for _, re := range sum.Errors {
		switch re.Err {
		case "repo " + re.Repo + ": the pass timed out after " + after + " while reading pulls":
			cut++
			r, _ := e.org.Repo(re.Repo)
			runs += int64(len(e.org.Data(r).Runs))
		case "repo " + re.Repo + ": not reached: the pass timed out after " + after:
		default:
			t.Errorf("error %+v: neither cut by the pass nor not reached", re)
		}
	}
	if cut != 2 {
		t.Errorf("%d repos cut while reading pulls, want the 2 in flight", cut)
	}
	if got := e.counts(t); got[simorg.GTRuns] != runs || got[simorg.GTPullRequests] != 0 {
		t.Errorf("stored %d runs and %d pulls, want the %d runs of the repos in flight and no pull", got[simorg.GTRuns], got[simorg.GTPullRequests], runs)
	}

	e.sim.ClearFaults()
	e.c.cfg.PassTimeout = collectors.DefaultPassTimeout
	next := e.collect(t, false)
	if next.NotModified == 0 {
		t.Error("the next pass asked for nothing conditionally: it did not continue from the cursors")
	}
	e.checkGroundTruth(t)
	if strings.Contains(e.logs.String(), "collection stopped") {
		t.Error("a timeout was logged as a stopped collection")
	}
}
