package ui

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/paved-dev/paved/db"
	"github.com/paved-dev/paved/internal/rescore"
	"github.com/paved-dev/paved/internal/testkit"
	"github.com/paved-dev/paved/model"
	"github.com/paved-dev/paved/scoring"
)

// seedNow is a Wednesday afternoon, so the newest scorecard is not a snapshot.
var seedNow = time.Date(2026, 3, 4, 15, 0, 0, 0, time.UTC)

const (
	hostileScript = `<script>alert(1)</script>`
	hostileImg    = `<img src=x onerror=alert(1)>`
	quotedTeam    = `O'Brien "Core"`
	// fakeToken is a credential-shaped string planted where a careless page
	// could show it: a source's base URL and a sync error.
	fakeToken = "ghp_FAKE0123456789abcdefFAKE0123456789"
)

// seedTeam is a team of the simulated organisation; quality drives how well its
// repos do, and drift how much better (or worse) they got over the year.
type seedTeam struct {
	name, slug     string
	quality, drift float64
}

type seedOptions struct {
	teams        []seedTeam
	reposPerTeam int
	hostile      bool // plant hostile names and texts everywhere forge data shows
	runEvery     int  // days between default-branch runs
}

func smallSeed() seedOptions {
	return seedOptions{
		teams: []seedTeam{
			{"Payments", "payments", 0.9, 0.1},
			{quotedTeam, "obrien-core", 0.5, -0.4},
			{"Search", "search", 0.3, 0.5},
			{"Identity", "identity", 0.7, 0},
		},
		reposPerTeam: 2, hostile: true, runEvery: 2,
	}
}

func largeSeed(teams, repos int) seedOptions {
	o := seedOptions{reposPerTeam: repos, runEvery: 1}
	for i := range teams {
		q := float64(i%10) / 10
		o.teams = append(o.teams, seedTeam{fmt.Sprintf("Team %02d", i), fmt.Sprintf("team-%02d", i), q, float64(i%5-2) / 5})
	}
	return o
}

// openDB opens a fresh database (testkit.Database) on the seed's clock.
func openDB(t testing.TB) *db.DB {
	t.Helper()
	return openDBAt(t, testkit.Database(t))
}

// openDBAt opens the database at database on the seed's clock.
func openDBAt(t testing.TB, database string) *db.DB {
	t.Helper()
	return testkit.OpenDBAt(t, database, db.WithNow(func() time.Time { return seedNow }))
}

// seed stores a simulated organisation's facts and scores them as a collection
// would.
func seed(t testing.TB, d *db.DB, o seedOptions) {
	t.Helper()
	ctx := context.Background()
	if err := d.UpsertSource(ctx, "gh", model.ForgeGitHub, "https://x-access-token:"+fakeToken+"@github.example/", "acme"); err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(7, 11))
	var specs []scoring.TeamSpec
	id := int64(1000)
	for ti, team := range o.teams {
		specs = append(specs, scoring.TeamSpec{Name: team.name, Slug: team.slug, Repos: []string{"gh:acme/" + team.slug + "-*"}})
		for r := range o.reposPerTeam {
			id++
			name := fmt.Sprintf("acme/%s-svc-%d", team.slug, r)
			if o.hostile && ti == 0 && r == 0 {
				name = "acme/" + team.slug + "-" + hostileImg
			}
			b := repoBatch(rng, id, name, team.quality, team.drift, o, o.hostile && r == 0)
			if err := d.Apply(ctx, b); err != nil {
				t.Fatalf("apply %s: %v", name, err)
			}
		}
	}
	if o.hostile {
		// Owned by no team: lands under "unassigned".
		id++
		if err := d.Apply(ctx, repoBatch(rng, id, "acme/"+hostileScript, 0.4, 0, o, true)); err != nil {
			t.Fatal(err)
		}
		if err := d.RecordError(ctx, "gh", "acme/"+hostileScript, model.ResourcePulls,
			"GET /pulls: 401 Bad credentials for token "+fakeToken+" "+hostileScript, seedNow.Add(-time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := rescore.Run(ctx, d, rescore.Options{Teams: specs, Config: scoring.DefaultConfig(), AsOf: seedNow}); err != nil {
		t.Fatalf("rescore: %v", err)
	}
}

const seedDays = 460

// repoBatch makes one repo's year and a quarter of facts. A repo gets better or
// worse over time by drift, so trends move.
func repoBatch(rng *rand.Rand, id int64, name string, quality, drift float64, o seedOptions, hostile bool) model.Batch {
	b := model.Batch{Source: "gh"}
	b.Repos = []model.Repo{{Source: "gh", ForgeID: id, FullName: name, DefaultBranch: "main",
		HTMLURL: "https://github.example/" + name, CreatedAt: seedNow.AddDate(-2, 0, 0), UpdatedAt: seedNow}}
	workflow := "CI"
	if hostile {
		workflow = hostileImg + " " + strings.Repeat("build-and-test-", 700) // about 10 kB
	}
	q := func(day int) float64 { // quality on a day, day counted back from now
		return min(1, max(0, quality+drift*(0.5-float64(day)/seedDays)))
	}
	var runID, prNum, findingID, deployID int64 = id * 100000, 0, 0, id * 100000
	for day := seedDays; day >= 0; day-- {
		at := seedNow.Add(-time.Duration(day)*24*time.Hour - 3*time.Hour)
		qd := q(day)
		if day%o.runEvery == 0 && rng.Float64() < 0.3+0.7*qd {
			runID++
			concl := "success"
			if rng.Float64() > 0.6+0.4*qd {
				concl = "failure"
			}
			b.Runs = append(b.Runs, model.PipelineRun{Source: "gh", RepoForgeID: id, ForgeID: runID, Name: workflow,
				HeadBranch: "main", HeadSHA: fmt.Sprintf("main-%d", runID), Event: "push", Status: "completed", Conclusion: concl,
				Attempt: 1, CreatedAt: at, StartedAt: at, UpdatedAt: at.Add(8 * time.Minute), CompletedAt: at.Add(8 * time.Minute),
				ScanCategories: scans(qd), JobsFetched: true})
		}
		if day%2 == 0 {
			prNum++
			b = addPR(b, rng, id, prNum, &runID, at, qd, workflow, hostile && prNum == 1)
		}
		if day%9 == 0 {
			findingID++
			b.Findings = append(b.Findings, finding(rng, id, findingID, at, qd, hostile))
		}
		if day%3 == 0 && qd > 0.25 {
			deployID++
			status := "success"
			if rng.Float64() > 0.7+0.3*qd {
				status = "failure"
			}
			b.Deployments = append(b.Deployments, model.Deployment{Source: "gh", RepoForgeID: id, ForgeID: deployID,
				Environment: "production", Ref: "main", SHA: fmt.Sprintf("main-%d", deployID), CreatedAt: at.Add(time.Hour),
				Status: status, StatusAt: at.Add(90 * time.Minute)})
		}
	}
	for _, res := range []string{model.ResourceRuns, model.ResourcePulls, model.ResourceCodeScanning, model.ResourceDeployments} {
		b.Cursors = append(b.Cursors, model.Cursor{Source: "gh", Repo: name, Resource: res, LastSuccess: seedNow.Add(-2 * time.Hour), Items: 42})
	}
	return b
}

func scans(q float64) []string {
	switch {
	case q > 0.75:
		return []string{model.CategorySAST, model.CategorySCA, model.CategorySecret}
	case q > 0.45:
		return []string{model.CategorySAST}
	}
	return nil
}

func addPR(b model.Batch, rng *rand.Rand, repo, num int64, runID *int64, merged time.Time, q float64, workflow string, hostile bool) model.Batch {
	created := merged.Add(-time.Duration(6+rng.IntN(30)) * time.Hour)
	title := fmt.Sprintf("Change %d", num)
	if hostile {
		title = hostileScript + " " + hostileImg
	}
	sha := fmt.Sprintf("pr-%d-%d", repo, num)
	b.PullRequests = append(b.PullRequests, model.PullRequest{Source: "gh", RepoForgeID: repo, ForgeID: repo*10000 + num,
		Number: int(num), Title: title, Author: "alice", State: "merged", BaseBranch: "main", HeadSHA: sha,
		CreatedAt: created, UpdatedAt: merged, MergedAt: merged, ClosedAt: merged})
	if rng.Float64() < 0.2+0.8*q {
		*runID++
		b.Runs = append(b.Runs, model.PipelineRun{Source: "gh", RepoForgeID: repo, ForgeID: *runID, Name: workflow,
			HeadBranch: "feature", HeadSHA: sha, Event: "pull_request", Status: "completed", Conclusion: "success", Attempt: 1,
			CreatedAt: created.Add(time.Minute), CompletedAt: created.Add(10 * time.Minute), PullRequestNumbers: []int{int(num)},
			ScanCategories: scans(q), JobsFetched: true})
	}
	if rng.Float64() < 0.3+0.7*q {
		pickup := time.Duration(1+rng.IntN(int(4+30*(1-q)))) * time.Hour
		b.Reviews = append(b.Reviews, model.Review{Source: "gh", RepoForgeID: repo, PRNumber: int(num), ForgeID: num,
			Kind: model.ReviewKindReview, Author: "bob", State: "APPROVED", SubmittedAt: created.Add(min(pickup, merged.Sub(created)-time.Minute))})
	}
	return b
}

func finding(rng *rand.Rand, repo, n int64, created time.Time, q float64, hostile bool) model.Finding {
	sev := []string{model.SeverityCritical, model.SeverityHigh, model.SeverityMedium, model.SeverityHigh}[n%4]
	sla := map[string]int{"critical": 15, "high": 30, "medium": 90}[sev]
	f := model.Finding{Source: "gh", RepoForgeID: repo, Kind: "code_scanning", ForgeID: fmt.Sprint(n), Category: model.CategorySAST,
		Severity: sev, State: "open", Outcome: model.OutcomeOpen, Tool: "CodeQL", Rule: fmt.Sprintf("go/rule-%d", n%7),
		RuleText: "Query built from user input", Location: "internal/store.go:42", CreatedAt: created, UpdatedAt: created,
		DueAt: created.AddDate(0, 0, sla), HTMLURL: fmt.Sprintf("https://github.example/alerts/%d", n)}
	if hostile {
		f.RuleText = hostileScript + " " + hostileImg
		f.HTMLURL = "javascript:alert(1)"
	}
	fixIn := time.Duration(float64(sla)*(0.2+1.6*(1-q))*rng.Float64()*24) * time.Hour
	if fixed := created.Add(fixIn); fixed.Before(seedNow) && rng.Float64() < 0.5+0.5*q {
		f.State, f.Outcome, f.ResolvedAt, f.UpdatedAt = "fixed", model.OutcomeFixed, fixed, fixed
	}
	return f
}
