package githubsrc

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/paved-dev/paved/fixtures/githubsim"
	"github.com/paved-dev/paved/fixtures/simorg"
	"github.com/paved-dev/paved/model"
)

// The v2 facts of the whole simulated organisation, as the store loads them,
// equal the simulator's: every run's start (of its latest attempt) and
// attempt, every PR's ready times, every deployment status (inactive ones
// included), oldest first.
func TestE2EV2FactsMatchTheSimulator(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end")
	}
	e := newSimEnv(t, simorg.ScaleSmall, githubsim.Options{})
	e.collect(t, false)
	facts, err := e.db.LoadFacts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]*model.RepoFacts{}
	for i := range facts.Repos {
		byName[facts.Repos[i].FullName] = &facts.Repos[i]
	}
	var reruns, readyPRs, lateReady, inactive int
	for _, r := range e.org.Repos(simorg.ForgeGitHub) {
		f := byName[r.FullName]
		if f == nil {
			t.Fatalf("%s not loaded", r.FullName)
		}
		d := e.org.Data(r)
		runs := map[time.Time][]model.RunFact{}
		for _, run := range f.Runs {
			runs[run.CreatedAt] = append(runs[run.CreatedAt], run)
		}
		for _, run := range d.Runs {
			name := d.Workflows[run.Workflow].Name
			i := slices.IndexFunc(runs[run.CreatedAt], func(x model.RunFact) bool { return x.HeadSHA == run.HeadSHA && x.Name == name })
			if i < 0 {
				t.Fatalf("%s: run %d not stored", r.FullName, run.ID)
			}
			got := runs[run.CreatedAt][i]
			if got.Attempt != int(run.Attempt) || !got.StartedAt.Equal(run.StartedAt) {
				t.Errorf("%s run %d: attempt %d started %v, simulator %d %v", r.FullName, run.ID, got.Attempt, got.StartedAt, run.Attempt, run.StartedAt)
			}
			if run.Attempt > 1 && run.StartedAt.After(run.CreatedAt) {
				reruns++
			}
		}
		prs := map[int]model.PRFact{}
		for _, p := range f.PRs {
			prs[p.Number] = p
		}
		for _, p := range d.Pulls {
			got := prs[p.Number]
			if !slices.EqualFunc(got.ReadyTimes, p.ReadyTimes, time.Time.Equal) {
				t.Errorf("%s #%d: ready times %v, simulator %v", r.FullName, p.Number, got.ReadyTimes, p.ReadyTimes)
			}
			if n := len(p.ReadyTimes); n > 0 {
				readyPRs++
				if p.ReadyTimes[n-1].Sub(p.CreatedAt) > 72*time.Hour {
					lateReady++
				}
			}
		}
		deps := map[time.Time]model.DeploymentFact{}
		for _, dep := range f.Deployments {
			deps[dep.CreatedAt] = dep
		}
		for _, dep := range d.Deployments {
			got := deps[dep.CreatedAt]
			if len(got.Statuses) != len(dep.Statuses) {
				t.Errorf("%s deployment %d: %d statuses stored, simulator %d", r.FullName, dep.ID, len(got.Statuses), len(dep.Statuses))
				continue
			}
			for k, s := range dep.Statuses {
				if got.Statuses[k].State != s.State || !got.Statuses[k].CreatedAt.Equal(s.CreatedAt) {
					t.Errorf("%s deployment %d status %d: %+v, simulator %s at %v", r.FullName, dep.ID, k, got.Statuses[k], s.State, s.CreatedAt)
				}
				if s.State == "inactive" {
					inactive++
				}
			}
		}
	}
	t.Logf("%d re-run runs, %d PRs with ready events (%d made ready after 3 days), %d inactive statuses", reruns, readyPRs, lateReady, inactive)
	if reruns == 0 || readyPRs == 0 || lateReady == 0 || inactive == 0 {
		t.Errorf("the simulated org lacks a v2 case: %d re-runs, %d ready PRs, %d late ready, %d inactive", reruns, readyPRs, lateReady, inactive)
	}
}
