package githubsrc

import (
	"bytes"
	"context"
	"log/slog"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/paved-dev/paved/collectors"
	"github.com/paved-dev/paved/db"
	"github.com/paved-dev/paved/fixtures/githubsim"
	"github.com/paved-dev/paved/fixtures/simorg"
	"github.com/paved-dev/paved/internal/testkit"
	"github.com/paved-dev/paved/model"
)

// End-to-end against the simulated organisation, its GitHub simulator and the
// SQLite store.

const simToken = "ghp_SIMTOKENe2e0123456789abcdefABCDEF"

var simNow = time.Date(2025, 1, 6, 0, 0, 0, 0, time.UTC)

type simEnv struct {
	org  *simorg.Org
	sim  *githubsim.Server
	db   *db.DB
	c    *Collector
	logs *testkit.LogBuffer
	// onWindow, when set, is the passes' RunOptions.OnWindow.
	onWindow func(source string)
}

func newSimEnv(t testing.TB, scale simorg.Scale, opts githubsim.Options) *simEnv {
	t.Helper()
	opts.Token = simToken
	return newSimEnvAs(t, scale, opts, collectors.SourceConfig{Token: simToken})
}

// newSimEnvAs is newSimEnv with the collector authenticated as auth says
// (its Token or App; the rest of the source is filled in).
func newSimEnvAs(t testing.TB, scale simorg.Scale, opts githubsim.Options, auth collectors.SourceConfig) *simEnv {
	t.Helper()
	org := simorg.Generate(1, scale, simNow)
	sim := githubsim.New(org, opts)
	base := testkit.StartSim(t, githubsim.Start, sim)
	if opts.GHES {
		base += "api/v3/"
	}
	auth.Name, auth.Kind, auth.BaseURL, auth.Org, auth.Concurrency = "gh", "github", base, org.GitHubOrg, 4
	auth.Production = regexp.MustCompile(`(?i)^prod(uction)?$`) // the model's default
	c, err := New(auth)
	if err != nil {
		t.Fatal(err)
	}
	env := &simEnv{org: org, sim: sim, db: testkit.OpenDB(t), c: c, logs: &testkit.LogBuffer{}}
	c.Logger = slog.New(slog.NewTextHandler(env.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	return env
}

func (e *simEnv) collect(t testing.TB, full bool) collectors.Summary {
	t.Helper()
	return e.collectWithin(t, full, 5*time.Minute)
}

// collectWithin is collect with a deadline for the pass.
func (e *simEnv) collectWithin(t testing.TB, full bool, limit time.Duration) collectors.Summary {
	t.Helper()
	start := time.Now()
	defer func() { t.Logf("pass (full %v) took %s", full, time.Since(start).Round(time.Millisecond)) }()
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	sum, err := e.c.Collect(ctx, e.db, collectors.RunOptions{Full: full, Now: func() time.Time { return e.org.Now }, OnWindow: e.onWindow})
	if err != nil {
		t.Fatalf("collect: %v", err)
	}
	if !sum.OK() {
		t.Fatalf("collect: %d repos failed: %+v", sum.ReposFailed, sum.Errors)
	}
	return sum
}

func (e *simEnv) counts(t testing.TB) map[string]int64 {
	t.Helper()
	return testkit.Counts(t, e.db)
}

// checkGroundTruth compares the stored rows with what the simulator holds.
// Jobs are fetched for sampled runs only: they must equal the jobs of exactly
// the runs the store marks jobs_fetched.
func (e *simEnv) checkGroundTruth(t *testing.T) {
	t.Helper()
	got, want := e.counts(t), e.org.GroundTruth("github")
	for k, w := range want {
		if k == simorg.GTJobs {
			continue
		}
		if got[k] != w {
			t.Errorf("%s: stored %d, ground truth %d", k, got[k], w)
		}
	}
	// Repos are found by id: a stored name is cleaned and bounded.
	rows, err := e.db.Reader().Query(`SELECT r.forge_id, x.forge_id FROM runs x JOIN repos r ON r.id = x.repo_id WHERE x.jobs_fetched = 1`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var sampled, wantJobs int64
	for rows.Next() {
		var repoID, run int64
		if err := rows.Scan(&repoID, &run); err != nil {
			t.Fatal(err)
		}
		repo, ok := e.org.RepoByID(repoID)
		if !ok {
			t.Fatalf("stored repo %d is not in the simulated org", repoID)
		}
		sampled++
		wantJobs += int64(e.org.JobsOfRun(repo.FullName, run))
	}
	if got[simorg.GTJobs] != wantJobs || sampled == 0 {
		t.Errorf("jobs: stored %d, the %d sampled runs have %d", got[simorg.GTJobs], sampled, wantJobs)
	}
	if got[simorg.GTJobs] >= want[simorg.GTJobs] {
		t.Errorf("jobs: %d stored of %d: sampling fetched everything", got[simorg.GTJobs], want[simorg.GTJobs])
	}
	if got["observations"] == 0 {
		t.Error("no scanner observations stored")
	}
}

// checkSecrets: the token and the simulated secret values are in no byte of
// the database files, and the token in no log line.
func (e *simEnv) checkSecrets(t *testing.T) {
	t.Helper()
	if err := e.db.Close(); err != nil { // flush the WAL so the bytes are all on disk
		t.Fatal(err)
	}
	files := testkit.StoredBytes(t, e.db.Path())
	if len(files) == 0 {
		t.Fatal("no database bytes read")
	}
	if bytes.Contains(files, []byte(simToken)) {
		t.Error("the token is in the database file")
	}
	secrets := 0
	for _, r := range e.org.Repos(simorg.ForgeGitHub) {
		for _, a := range e.org.Data(r).SecretAlerts {
			if a.Secret == "" {
				continue
			}
			secrets++
			if bytes.Contains(files, []byte(a.Secret)) {
				t.Errorf("secret value of alert %d in %s is in the database file", a.Number, r.FullName)
			}
		}
	}
	if secrets == 0 {
		t.Error("the simulated org has no secret values: the check saw nothing")
	}
	if strings.Contains(e.logs.String(), simToken) {
		t.Error("the token is in the logs")
	}
}

func TestE2ESmallOrgMatchesGroundTruthAndResyncsCheaply(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end")
	}
	e := newSimEnv(t, simorg.ScaleSmall, githubsim.Options{})
	firstStart := time.Now()
	first := e.collect(t, false)
	perRequest := time.Since(firstStart) / time.Duration(max(first.Requests, 1))
	e.checkGroundTruth(t)
	before := e.counts(t)
	byKind := e.sim.Stats().ByKind
	t.Logf("first pass: %d records, %d requests (%.3f per record); by kind %v", first.Records, first.Requests,
		float64(first.Requests)/float64(first.Records), byKind)
	// Reviews and deployment statuses come a REST page of parents at a time,
	// over GraphQL: none is asked for one parent at a time. Workflow
	// definitions add one query per repo.
	repoCount := int64(len(e.org.Repos(simorg.ForgeGitHub)))
	if byKind[githubsim.KindReviews] != 0 || byKind[githubsim.KindDeploymentStatuses] != 0 || byKind[githubsim.KindGraphQL] == 0 ||
		byKind[githubsim.KindGraphQL] > byKind[githubsim.KindPulls]+byKind[githubsim.KindDeployments]+repoCount {
		t.Errorf("first pass by kind %v: want GraphQL, at most once per page of PRs or deployments and once per repo, instead of REST children", byKind)
	}

	// A second pass with nothing changed: at most one request per repo and
	// resource kind, and every request answered 304, org-wide lists included
	// (the repos list once, the teams list once, each team's repos once).
	e.sim.ResetStats()
	second := e.collect(t, false)
	st := e.sim.Stats()
	repos := int64(len(e.org.Repos(simorg.ForgeGitHub)))
	teams := int64(0)
	for _, tm := range e.org.Teams() {
		if tm.GitHub {
			teams++
		}
	}
	for repo, n := range st.ByRepo {
		if n > 7 {
			t.Errorf("%s: %d requests on a no-change pass, want at most 7 (one per resource kind)", repo, n)
		}
	}
	for _, kind := range []string{githubsim.KindRuns, githubsim.KindCodeScanning, githubsim.KindAnalyses,
		githubsim.KindDependabot, githubsim.KindSecretScanning, githubsim.KindPulls, githubsim.KindDeployments} {
		if st.ByKind[kind] > repos {
			t.Errorf("%s: %d requests for %d repos", kind, st.ByKind[kind], repos)
		}
	}
	if st.ByKind[githubsim.KindRepos] != 1 || st.ByKind[githubsim.KindTeams] != 1+teams || teams == 0 {
		t.Errorf("org lists: %d repos list and %d teams requests, want 1 and 1+%d teams", st.ByKind[githubsim.KindRepos],
			st.ByKind[githubsim.KindTeams], teams)
	}
	for _, kind := range []string{githubsim.KindJobs, githubsim.KindReviews, githubsim.KindDeploymentStatuses, githubsim.KindGraphQL} {
		if st.ByKind[kind] != 0 {
			t.Errorf("%s: %d requests on a no-change pass", kind, st.ByKind[kind])
		}
	}
	if st.NotModified != st.Requests || st.Requests == 0 {
		t.Errorf("%d requests, %d answered 304: all must be (by kind %v)", st.Requests, st.NotModified, st.ByKind)
	}
	if second.NotModified != st.NotModified {
		t.Errorf("the summary counts %d 304s, the simulator sent %d", second.NotModified, st.NotModified)
	}
	if after := e.counts(t); !equalCounts(before, after) {
		t.Errorf("a no-change pass changed the rows: %v → %v", before, after)
	}

	// The org moves on, and the next pass runs against a quota that runs out
	// mid-sync: it waits, and ends with everything stored. The window is sized
	// from this machine's measured speed (the first pass, storage included, is
	// slower per request than a no-change pass), so the quota of 50 is spent
	// well before a window rolls over however loaded the machine is.
	fixed := e.mutate(t)
	// One repo's metadata changes too: the next pass must read the repo list
	// again to store it.
	touched := e.org.Repos(simorg.ForgeGitHub)[0]
	touched.UpdatedAt = e.org.Now.Add(-5 * time.Minute)
	const quota = 50
	window := max(time.Second, 4*quota*perRequest).Round(time.Second)
	t.Logf("quota %d requests per %s (first pass: %s per request)", quota, window, perRequest)
	limited := githubsim.New(e.org, githubsim.Options{Token: simToken, Quota: quota, QuotaWindow: window})
	c, err := New(collectors.SourceConfig{Name: "gh", BaseURL: testkit.StartSim(t, githubsim.Start, limited), Token: simToken, Org: e.org.GitHubOrg})
	if err != nil {
		t.Fatal(err)
	}
	c.Logger, e.c = e.c.Logger, c
	e.collect(t, false)
	t.Logf("quota pass by kind: %v (rate limited %d)", limited.Stats().ByKind, limited.Stats().RateLimited)
	if n := limited.Stats().RateLimited; n == 0 {
		t.Errorf("the quota never ran out (%d requests): the check proves nothing", limited.Stats().Requests)
	}
	waited := strings.Contains(e.logs.String(), "rate limit")
	if !waited {
		t.Error("the rate-limit waits were not logged")
	}
	e.checkGroundTruth(t)
	var updated int64
	if err := e.db.Reader().QueryRow(`SELECT CAST(updated_at AS BIGINT) FROM repos WHERE full_name = ?`, touched.FullName).Scan(&updated); err != nil {
		t.Fatal(err)
	}
	if updated != touched.UpdatedAt.Unix() || limited.Stats().ByKind[githubsim.KindRepos] == 0 {
		t.Errorf("%s: stored updated_at %d, changed to %d: the repo list was not read again", touched.FullName,
			updated, touched.UpdatedAt.Unix())
	}
	var outcome string
	if err := e.db.Reader().QueryRow(`SELECT f.outcome FROM findings f JOIN repos r ON r.id = f.repo_id
		WHERE r.full_name = ? AND f.kind = 'code_scanning' AND f.forge_id = ?`, fixed.repo, fixed.number).Scan(&outcome); err != nil {
		t.Fatal(err)
	}
	if outcome != model.OutcomeFixed {
		t.Errorf("the alert fixed between passes is stored %q", outcome)
	}

	// A full re-collection re-reads everything and adds no rows. The race
	// detector makes it slow; the unit tests cover full passes under it.
	if raceEnabled {
		e.checkSecrets(t)
		return
	}
	before = e.counts(t)
	e.c = e.cUnlimited(t)
	e.collect(t, true)
	if after := e.counts(t); !equalCounts(before, after) {
		t.Errorf("a full re-collection changed the rows: %v → %v", before, after)
	}
	e.checkGroundTruth(t)
	e.checkSecrets(t)
}

type fixedAlert struct {
	repo   string
	number string
}

// mutate adds a run to every repo with a CI workflow, fixes one open
// code-scanning alert, adds a status to one recent deployment and a reviewed PR.
func (e *simEnv) mutate(t *testing.T) fixedAlert {
	t.Helper()
	now := e.org.Now
	var fixed fixedAlert
	statusAdded, pullAdded := false, false
	for _, r := range e.org.Repos(simorg.ForgeGitHub) {
		d := e.org.Data(r)
		for _, w := range d.Workflows {
			if w.Kind == simorg.WorkflowCI {
				if _, err := e.org.AddRun(r.FullName, now.Add(-30*time.Minute)); err != nil {
					t.Fatal(err)
				}
				break
			}
		}
		if fixed.repo == "" {
			for _, a := range d.CodeScanningAlerts {
				if a.State == "open" {
					if err := e.org.FixAlert(r.FullName, "code_scanning", a.Number, now); err != nil {
						t.Fatal(err)
					}
					fixed = fixedAlert{r.FullName, strconv.Itoa(a.Number)}
					break
				}
			}
		}
		if !statusAdded && len(d.Deployments) > 0 {
			newest := d.Deployments[0]
			for _, dep := range d.Deployments {
				if dep.CreatedAt.After(newest.CreatedAt) {
					newest = dep
				}
			}
			if err := e.org.AddDeploymentStatus(r.FullName, newest.ID, "inactive", now); err != nil {
				t.Fatal(err)
			}
			statusAdded = true
		}
		if !pullAdded && !r.Archived {
			pr, err := e.org.AddPullRequest(r.FullName, "alice", "Late change", now.Add(-20*time.Minute))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := e.org.AddReview(r.FullName, pr.Number, "bob", simorg.ReviewApproved, now.Add(-10*time.Minute)); err != nil {
				t.Fatal(err)
			}
			pullAdded = true
		}
	}
	if fixed.repo == "" || !statusAdded || !pullAdded {
		t.Fatal("the simulated org had nothing to change")
	}
	return fixed
}

func (e *simEnv) cUnlimited(t *testing.T) *Collector {
	t.Helper()
	hs := httptest.NewServer(e.sim)
	t.Cleanup(hs.Close)
	c, err := New(collectors.SourceConfig{Name: "gh", BaseURL: hs.URL + "/", Token: simToken, Org: e.org.GitHubOrg})
	if err != nil {
		t.Fatal(err)
	}
	c.Logger = e.c.Logger
	return c
}

func equalCounts(a, b map[string]int64) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func TestE2EWithoutGraphQLTheRESTFallbackStoresTheSame(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end")
	}
	e := newSimEnv(t, simorg.ScaleSmall, githubsim.Options{})
	e.sim.InjectFault(githubsim.Fault{PathContains: "/graphql", Status: 404, Times: -1})
	e.collect(t, false)
	e.checkGroundTruth(t)
	st := e.sim.Stats()
	if st.ByKind[githubsim.KindReviews] == 0 || st.ByKind[githubsim.KindDeploymentStatuses] == 0 ||
		st.ByKind[githubsim.KindGraphQL] > int64(e.c.cfg.Concurrency) {
		t.Errorf("by kind %v: want REST children and GraphQL asked at most once per worker", st.ByKind)
	}
}

func TestE2EOnGHESGraphQLServesAllButAPRWithMoreThanAPageOfReviews(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end")
	}
	org := simorg.Generate(1, simorg.ScaleSmall, simNow)
	sim := githubsim.New(org, githubsim.Options{Token: simToken})
	base := testkit.StartSim(t, githubsim.Start, sim)
	c, err := New(collectors.SourceConfig{Name: "gh", BaseURL: base + "api/v3/", Token: simToken, Org: org.GitHubOrg})
	if err != nil {
		t.Fatal(err)
	}
	c.Logger = discardLogger()
	// One PR gets more reviews than a GraphQL page: only its reviews come over REST.
	var busy *simorg.PullRequest
	var busyRepo int64
	for _, r := range org.Repos(simorg.ForgeGitHub) {
		d := org.Data(r)
		if len(d.Pulls) == 0 || r.Archived {
			continue
		}
		number := d.Pulls[0].Number
		for i := range 101 {
			if _, err := org.AddReview(r.FullName, number, "bob", simorg.ReviewCommented, simNow.Add(-time.Duration(i+1)*time.Minute)); err != nil {
				t.Fatal(err)
			}
		}
		busy, _ = org.Data(r).Pull(number)
		busyRepo = r.ID
		break
	}
	if busy == nil {
		t.Fatal("no repo with PRs")
	}
	store := newMemStore()
	// A generous bound: under the race detector on a loaded machine the pass,
	// its history included, has taken over a minute.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	sum, err := c.Collect(ctx, store, collectors.RunOptions{Now: func() time.Time { return org.Now }})
	if err != nil || !sum.OK() {
		t.Fatalf("err = %v, summary %+v", err, sum)
	}
	st := sim.Stats()
	if st.ByKind[githubsim.KindGraphQL] == 0 || st.ByKind[githubsim.KindReviews] != 2 {
		t.Errorf("by kind %v: want GraphQL, and two REST pages for the PR with %d reviews", st.ByKind, len(busy.Reviews))
	}
	n := 0
	for _, r := range store.all().Reviews {
		if r.PRNumber == busy.Number && r.RepoForgeID == busyRepo {
			n++
		}
	}
	if n != len(busy.Reviews) {
		t.Errorf("PR #%d: %d reviews stored, has %d", busy.Number, n, len(busy.Reviews))
	}
}
