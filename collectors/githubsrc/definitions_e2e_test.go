package githubsrc

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/paved-dev/paved/fixtures/githubsim"
	"github.com/paved-dev/paved/fixtures/simorg"
	"github.com/paved-dev/paved/model"
)

// runCategoryCheck is how the stored runs of one repo compare with their
// own job lists.
type runCategoryCheck struct {
	runs, sampled, mismatched int
	first                     string // the first mismatch, described
}

// checkRunCategories compares every stored run's scan categories with those
// of its own jobs in the simulator (all of them, not its group's sample), by
// repo full name.
func (e *simEnv) checkRunCategories(t testing.TB) map[string]*runCategoryCheck {
	t.Helper()
	rows, err := e.db.Reader().Query(`SELECT r.forge_id, x.forge_id, x.scan_categories, x.sample_group != ''
FROM runs x JOIN repos r ON r.id = x.repo_id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cat := model.DefaultCatalogue()
	out := map[string]*runCategoryCheck{}
	for rows.Next() {
		var repoID, runID int64
		var stored string
		var sampled bool
		if err := rows.Scan(&repoID, &runID, &stored, &sampled); err != nil {
			t.Fatal(err)
		}
		repo, ok := e.org.RepoByID(repoID)
		run, found := e.org.Data(repo).Run(runID)
		if !ok || !found {
			t.Fatalf("stored run %d of repo %d is not in the simulated org", runID, repoID)
		}
		var want []string
		for _, j := range e.org.Jobs(repo, run, false) {
			steps := make([]string, len(j.Steps))
			for i, s := range j.Steps {
				steps[i] = s.Name
			}
			want = model.MergeCategories(want, cat.Detect(j.Name, steps, j.ReportTypes))
		}
		c := out[repo.FullName]
		if c == nil {
			c = &runCategoryCheck{}
			out[repo.FullName] = c
		}
		c.runs++
		if sampled {
			c.sampled++
		}
		if got := strings.Join(want, ","); got != stored {
			if c.mismatched == 0 {
				c.first = fmt.Sprintf("run %d (%s %s %s, %s %s): stored %q, its jobs say %q", run.ID, run.CreatedAt.Format(time.RFC3339),
					run.Event, e.org.Data(repo).WorkflowOf(run).Path, run.Status, run.Conclusion, stored, got)
			}
			c.mismatched++
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestDefinitionsGiveEveryRunTheCategoriesOfItsOwnJobs: on the small
// simulated org, every run's scan categories (from its workflow's definition,
// or from job sampling where the definition cannot tell) equal those its own
// job list shows; the repos whose CI workflow calls a reusable workflow or
// names a job through the matrix are the ones sampled.
func TestDefinitionsGiveEveryRunTheCategoriesOfItsOwnJobs(t *testing.T) {
	e := newSimEnv(t, simorg.ScaleSmall, githubsim.Options{})
	e.collect(t, false)
	checks := e.checkRunCategories(t)
	var names []string
	for name := range checks {
		names = append(names, name)
	}
	slices.Sort(names)
	sampledRepos := 0
	for _, name := range names {
		c := checks[name]
		t.Run(strings.ReplaceAll(name, "/", "_"), func(t *testing.T) {
			if c.mismatched > 0 {
				t.Errorf("%d of %d runs differ from their own jobs; first: %s", c.mismatched, c.runs, c.first)
			}
		})
		if c.sampled > 0 {
			sampledRepos++
		}
	}
	if sampledRepos == 0 || sampledRepos > 5 {
		t.Errorf("%d repos had runs sampled, want the few whose definitions cannot tell", sampledRepos)
	}
	st := e.sim.Stats().ByKind
	t.Logf("requests: jobs %d, graphql %d, runs %d", st[githubsim.KindJobs], st[githubsim.KindGraphQL], st[githubsim.KindRuns])
}

// TestLaterPassesReadDefinitionsOnlyForReposWithNewRuns: a pass with nothing
// new sends no GraphQL; a new run in one repo costs one definitions query and
// no job list, and the run gets its own jobs' categories.
func TestLaterPassesReadDefinitionsOnlyForReposWithNewRuns(t *testing.T) {
	e := newSimEnv(t, simorg.ScaleSmall, githubsim.Options{})
	e.collect(t, false)
	var repo string
	for name, c := range e.checkRunCategories(t) {
		if c.sampled == 0 && c.runs > 0 && (repo == "" || name < repo) {
			repo = name
		}
	}
	e.sim.ResetStats()
	e.collect(t, false)
	if st := e.sim.Stats().ByKind; st[githubsim.KindGraphQL] != 0 || st[githubsim.KindJobs] != 0 {
		t.Errorf("no-change pass by kind %v: want no GraphQL and no job lists", st)
	}
	if _, err := e.org.AddRun(repo, e.org.Now.Add(-30*time.Minute)); err != nil {
		t.Fatal(err)
	}
	e.sim.ResetStats()
	e.collect(t, false)
	if st := e.sim.Stats().ByKind; st[githubsim.KindGraphQL] != 1 || st[githubsim.KindJobs] != 0 {
		t.Errorf("pass after a new run in %s, by kind %v: want one definitions query and no job list", repo, st)
	}
	if c := e.checkRunCategories(t)[repo]; c.mismatched > 0 {
		t.Errorf("%s: %s", repo, c.first)
	}
}
