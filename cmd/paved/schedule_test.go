package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/paved-dev/paved/internal/jobs"
	"github.com/paved-dev/paved/internal/testkit"
)

// waitFor polls cond under a generous functional bound: the job queue's own
// timers drive the jobs, this only waits for them.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Minute)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// queueReplica is what `paved serve` runs unattended, in the test's process:
// the app of a config and its replica of the job queue, which works and
// queues jobs until the test ends or ctx is cancelled.
type queueReplica struct {
	app         *app
	runner      *jobs.Runner
	out, errOut testkit.LogBuffer
	cancel      context.CancelFunc
}

// startQueueReplica loads the config at path with environ, opens its app and
// starts its replica of the job queue.
func startQueueReplica(t *testing.T, path string, environ map[string]string) *queueReplica {
	t.Helper()
	cfg, err := loadConfig(path, environ)
	if err != nil {
		t.Fatal(err)
	}
	r := &queueReplica{}
	e := &env{stdout: &r.out, stderr: &r.errOut, environ: environ, now: func() time.Time { return e2eNow }}
	ctx, cancel := context.WithCancel(context.Background())
	r.cancel = cancel
	t.Cleanup(cancel)
	if r.app, err = openApp(ctx, e, cfg); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = r.app.Close() })
	q, runner, err := r.app.startJobs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = q.Close() })
	r.runner = runner
	return r
}

// waitForOutput waits until the replica has printed want; a test failed
// waiting shows the replica's output.
func (r *queueReplica) waitForOutput(t *testing.T, what, want string) {
	t.Helper()
	defer func() {
		if t.Failed() {
			t.Logf("stdout:\n%s\nstderr:\n%s", r.out.String(), r.errOut.String())
		}
	}()
	waitFor(t, what, func() bool { return strings.Contains(r.out.String(), want) })
}

// stop stops the replica's runner, waiting a minute at most for its jobs.
func (r *queueReplica) stop() error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	return r.runner.Stop(ctx)
}

func TestAJobHasThePassTimeoutAndAsLongAgainForItsRescoreAtMostTenMinutes(t *testing.T) {
	for _, c := range []struct {
		pass, want time.Duration
	}{
		{0, 2*time.Hour + 10*time.Minute}, // the collectors' default pass_timeout
		{2 * time.Second, 4 * time.Second},
		{10 * time.Minute, 20 * time.Minute},
		{30 * time.Minute, 40 * time.Minute},
	} {
		if got := (SourceSpec{passTimeout: c.pass}).jobBudget(); got != c.want {
			t.Errorf("pass_timeout %s: job budget %s, want %s", c.pass, got, c.want)
		}
	}
}

// TestServesJobsCollectEachSourceAtStartAndRescoreAfterIt: the work serve
// queues collects the source as soon as it starts, stores the pass, rescores
// after it, and `paved jobs` then lists the pass completed by this replica.
func TestServesJobsCollectEachSourceAtStartAndRescoreAfterIt(t *testing.T) {
	f := startSim(t)
	path := f.writeConfig(t, f.org.GitHubOrg, "")
	environ := map[string]string{"GH_TOKEN": e2eToken}
	r := startQueueReplica(t, path, environ)
	r.waitForOutput(t, "the pass at start and its rescore", "scored ")
	if err := r.stop(); err != nil {
		t.Fatal(err)
	}
	summary, scored := strings.Index(r.out.String(), "gh: "), strings.Index(r.out.String(), "scored ")
	if summary < 0 || summary > scored {
		t.Errorf("want gh's summary, then its rescore:\n%s", r.out.String())
	}
	if got := factCounts(t, f.dbPath())["repos"]; got == 0 {
		t.Error("the pass stored no repos")
	}
	if n := len(testkit.Scorecards(t, r.app.db, "payments", e2eNow.AddDate(-1, 0, 0), e2eNow)); n == 0 {
		t.Error("the rescore after the pass stored no scorecard of Payments")
	}
	list, stderr, code := runCLI(t, environ, "jobs", "--config", path)
	lines := strings.Split(strings.TrimSpace(list), "\n")
	if code != 0 || len(lines) != 2 {
		t.Fatalf("paved jobs: exit %d, want a header and one job:\n%s%s", code, list, stderr)
	}
	if f := strings.Fields(lines[1]); len(f) < 7 || f[0] != "collect" || f[1] != "gh" || f[2] != r.runner.ID || f[3] != "completed" || f[6] != "-" {
		t.Errorf("paved jobs: %q, want gh's pass completed by %s without error", lines[1], r.runner.ID)
	}
}
