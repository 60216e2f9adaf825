package main

import (
	"context"
	"strings"
	"testing"
	"time"

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
	cfg, err := loadConfig(path, environ)
	if err != nil {
		t.Fatal(err)
	}
	var out, errOut testkit.LogBuffer
	e := &env{stdout: &out, stderr: &errOut, environ: environ, now: func() time.Time { return e2eNow }}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	a, err := openApp(ctx, e, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	q, runner, err := a.startJobs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	waitFor(t, "the pass at start and its rescore", func() bool { return strings.Contains(out.String(), "scored ") })
	stop, cancelStop := context.WithTimeout(context.Background(), time.Minute)
	defer cancelStop()
	if err := runner.Stop(stop); err != nil {
		t.Fatal(err)
	}
	summary, scored := strings.Index(out.String(), "gh: "), strings.Index(out.String(), "scored ")
	if summary < 0 || summary > scored {
		t.Errorf("want gh's summary, then its rescore:\n%s", out.String())
	}
	if got := factCounts(t, f.dbPath())["repos"]; got == 0 {
		t.Error("the pass stored no repos")
	}
	if n := len(testkit.Scorecards(t, a.db, "payments", e2eNow.AddDate(-1, 0, 0), e2eNow)); n == 0 {
		t.Error("the rescore after the pass stored no scorecard of Payments")
	}
	list, stderr, code := runCLI(t, environ, "jobs", "--config", path)
	lines := strings.Split(strings.TrimSpace(list), "\n")
	if code != 0 || len(lines) != 2 {
		t.Fatalf("paved jobs: exit %d, want a header and one job:\n%s%s", code, list, stderr)
	}
	if f := strings.Fields(lines[1]); len(f) < 7 || f[0] != "collect" || f[1] != "gh" || f[2] != runner.ID || f[3] != "completed" || f[6] != "-" {
		t.Errorf("paved jobs: %q, want gh's pass completed by %s without error", lines[1], runner.ID)
	}
}
