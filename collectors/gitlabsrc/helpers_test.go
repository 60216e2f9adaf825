package gitlabsrc

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/paved-dev/paved/collectors"
	"github.com/paved-dev/paved/db"
	"github.com/paved-dev/paved/fixtures/gitlabsim"
	"github.com/paved-dev/paved/fixtures/simorg"
	"github.com/paved-dev/paved/internal/testkit"
	"github.com/paved-dev/paved/model"
)

var testNow = time.Date(2025, 6, 2, 12, 0, 0, 0, time.UTC)

const testToken = "glpat-Zq8xSecretTokenNeverStored"

// env is a simulated GitLab, a real database and a collector wired to both.
type env struct {
	org  *simorg.Org
	sim  *gitlabsim.Server
	base string
	db   *db.DB
	logs *testkit.LogBuffer
}

func newEnv(t *testing.T, opts gitlabsim.Options) *env {
	t.Helper()
	org := simorg.Generate(11, simorg.ScaleSmall, testNow)
	opts.Token = testToken
	s := gitlabsim.New(org, opts)
	base := testkit.StartSim(t, gitlabsim.Start, s)
	return &env{org: org, sim: s, base: base, db: testkit.OpenDB(t), logs: &testkit.LogBuffer{}}
}

func (e *env) collector(t *testing.T, group, token string) *Collector {
	t.Helper()
	c, err := New(collectors.SourceConfig{Name: "gl", Kind: model.ForgeGitLab, BaseURL: e.base, Token: token, Org: group})
	if err != nil {
		t.Fatal(err)
	}
	c.Logger = slog.New(slog.NewTextHandler(e.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c.RetryWait = 10 * time.Millisecond
	return c
}

func (e *env) collect(t *testing.T, c *Collector, opts collectors.RunOptions) (collectors.Summary, error) {
	t.Helper()
	if opts.Now == nil {
		opts.Now = func() time.Time { return testNow }
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	return c.Collect(ctx, e.db, opts)
}

func (e *env) counts(t *testing.T) map[string]int64 {
	t.Helper()
	return testkit.Counts(t, e.db)
}

// sampledJobs is the number of jobs the simulator holds for the pipelines the
// database marks jobs_fetched: what a sampling collector must have stored.
func (e *env) sampledJobs(t *testing.T) int64 {
	t.Helper()
	// Projects are found by id: a stored name is cleaned and bounded.
	rows, err := e.db.Reader().Query(`SELECT p.forge_id, r.forge_id FROM runs r JOIN repos p ON p.id = r.repo_id WHERE r.jobs_fetched = 1`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var n int64
	for rows.Next() {
		var project, id int64
		if err := rows.Scan(&project, &id); err != nil {
			t.Fatal(err)
		}
		p, ok := e.org.RepoByID(project)
		jobs := -1
		if ok {
			jobs = e.org.JobsOfRun(p.FullName, id)
		}
		if jobs < 0 {
			t.Fatalf("pipeline %d of project %d is unknown to the simulator", id, project)
		}
		n += int64(jobs)
	}
	return n
}

// checkGroundTruth compares the database with the simulator's ground truth
// for group: every count equal, jobs against the sampled pipelines.
func (e *env) checkGroundTruth(t *testing.T, group string) {
	t.Helper()
	want := e.sim.GroundTruth(group)
	got := e.counts(t)
	for k, v := range want {
		if k == simorg.GTJobs {
			continue
		}
		if got[k] != v {
			t.Errorf("%s: stored %d, the simulator holds %d", k, got[k], v)
		}
	}
	if jobs := e.sampledJobs(t); got["jobs"] != jobs || jobs == 0 {
		t.Errorf("jobs: stored %d, the sampled pipelines have %d", got["jobs"], jobs)
	}
}

func (e *env) queryInt(t *testing.T, q string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := e.db.Reader().QueryRow(q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}
