package githubsrc

import (
	"context"
	"testing"
	"time"

	"github.com/paved-dev/paved/fixtures/githubsim"
	"github.com/paved-dev/paved/fixtures/simorg"
	"github.com/paved-dev/paved/model"
)

// TestADormantRepoKeepsItsHistoryWhenItWakesUp: a repo whose newest run is
// older than the first window stores none in it; its history stores them
// all. When a run comes, the next pass reads one page of runs, stores the
// new run, and leaves the history as it was: it is not read again.
func TestADormantRepoKeepsItsHistoryWhenItWakesUp(t *testing.T) {
	t.Parallel()
	e := newSimEnv(t, simorg.ScaleSmall, githubsim.Options{})
	var dormant *simorg.Repo
	for _, r := range e.org.Repos(simorg.ForgeGitHub) {
		d := e.org.Data(r)
		newest := time.Time{}
		for _, run := range d.Runs {
			if run.CreatedAt.After(newest) {
				newest = run.CreatedAt
			}
		}
		if !r.Archived && len(d.Runs) > perPage && e.org.Now.Sub(newest) > 98*24*time.Hour {
			dormant = r
			break
		}
	}
	if dormant == nil {
		t.Fatal("the small org has no repo with more than a page of runs, all older than 98 days")
	}
	runsOf := func() int64 {
		var n int64
		err := e.db.Reader().QueryRow(`SELECT count(*) FROM runs r JOIN repos p ON p.id = r.repo_id WHERE p.full_name = ?`,
			dormant.FullName).Scan(&n)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	history := func() model.Cursor {
		hc, err := e.db.Cursor(context.Background(), "gh", dormant.FullName, model.HistoryResource(model.ResourceRuns))
		if err != nil {
			t.Fatal(err)
		}
		return hc
	}

	e.collect(t, false)
	before := history()
	if n := int64(len(e.org.Data(dormant).Runs)); runsOf() != n || before.Position != "" || before.LastSuccess.IsZero() {
		t.Fatalf("after the first pass: %d of %d runs stored, history %+v; want all, history complete", runsOf(), n, before)
	}

	if _, err := e.org.AddRun(dormant.FullName, e.org.Now.Add(-30*time.Minute)); err != nil {
		t.Fatal(err)
	}
	e.sim.ResetStats()
	e.collect(t, false)
	if got, want := runsOf(), int64(len(e.org.Data(dormant).Runs)); got != want {
		t.Errorf("after the run came: %d runs stored, want %d", got, want)
	}
	if after := history(); after.Watermark != before.Watermark || after.Position != before.Position || after.Items != before.Items {
		t.Errorf("the history cursor changed: %+v → %+v", before, after)
	}
	// One request per repo's runs: the others' answered 304, the dormant
	// repo's first page holds its new run and stops at the stored ones.
	if got, repos := e.sim.Stats().ByKind[githubsim.KindRuns], len(e.org.Repos(simorg.ForgeGitHub)); got != int64(repos) {
		t.Errorf("the pass asked for %d pages of runs, want one per repo (%d)", got, repos)
	}
}
