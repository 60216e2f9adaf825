package scoring

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"time"
)

// The large simulated organisation: 500 repos × (2,000 runs, 200 PRs, 100 findings,
// 100 deployments) over the 52 weeks of history plus one window before them.
const (
	benchRepos       = 500
	benchRunsPerRepo = 2000
	benchPRsPerRepo  = 200
	benchFindings    = 100
	benchDeploys     = 100
)

var benchAsOf = time.Date(2025, 6, 2, 0, 0, 0, 0, time.UTC)

var benchFacts = sync.OnceValue(func() *Facts { return syntheticOrg(benchRepos) })

// syntheticOrg builds a deterministic organisation; every slice is sorted by its
// time key as a loader would hand it over.
func syntheticOrg(repos int) *Facts {
	rng := rand.New(rand.NewPCG(42, 7))
	span := 52*7*24*time.Hour + Window + 14*24*time.Hour
	start := benchAsOf.Add(-span)
	at := func() time.Time { return start.Add(time.Duration(rng.Int64N(int64(span)))) }
	sevs := []string{"critical", "high", "medium", "low"}
	cats := []string{"sast", "sca", "secret", "dast"}
	outcomes := []string{"open", "fixed", "fixed", "fixed", "risk_accepted", "excluded"}
	f := &Facts{Repos: make([]RepoFacts, repos)}
	for ri := range f.Repos {
		r := &f.Repos[ri]
		*r = RepoFacts{Source: "gh", Kind: "github", FullName: fmt.Sprintf("acme/repo-%03d", ri), ForgeID: int64(ri),
			DefaultBranch: "main", Archived: ri%50 == 49}
		r.PRs = make([]PR, benchPRsPerRepo)
		for i := range r.PRs {
			created := at()
			pr := PR{Number: i + 1, Author: fmt.Sprintf("dev%d", rng.IntN(20)), CreatedAt: created,
				BaseBranch: "main", HeadSHA: fmt.Sprintf("p%d-%d", ri, i)}
			if rng.IntN(10) < 8 {
				pr.MergedAt = created.Add(time.Duration(1+rng.IntN(96)) * time.Hour)
			}
			if rng.IntN(10) == 0 {
				pr.Author, pr.AuthorIsBot = "dependabot[bot]", true
			}
			for range rng.IntN(3) {
				pr.Reviews = append(pr.Reviews, Review{Author: fmt.Sprintf("dev%d", rng.IntN(20)), Kind: "review",
					State: "APPROVED", SubmittedAt: created.Add(time.Duration(rng.IntN(48*60)) * time.Minute)})
			}
			r.PRs[i] = pr
		}
		slices.SortFunc(r.PRs, func(a, b PR) int { return a.CreatedAt.Compare(b.CreatedAt) })
		r.Runs = make([]Run, 0, benchRunsPerRepo)
		for _, pr := range r.PRs {
			for k := range 2 {
				c := pr.CreatedAt.Add(time.Duration(k+1) * time.Hour)
				r.Runs = append(r.Runs, Run{CreatedAt: c, CompletedAt: c.Add(7 * time.Minute), Status: "completed",
					Conclusion: "success", Attempt: 1, HeadBranch: "feat", HeadSHA: pr.HeadSHA, Event: "pull_request",
					Scans: Categories(rng.IntN(8))})
			}
		}
		for len(r.Runs) < benchRunsPerRepo {
			c := at()
			conclusion := "success"
			if rng.IntN(8) == 0 {
				conclusion = "failure"
			}
			r.Runs = append(r.Runs, Run{CreatedAt: c, CompletedAt: c.Add(time.Duration(2+rng.IntN(40)) * time.Minute),
				Status: "completed", Conclusion: conclusion, Attempt: 1 + rng.IntN(2)/1, HeadBranch: "main",
				HeadSHA: fmt.Sprintf("m%d-%d", ri, len(r.Runs)), Event: "push"})
		}
		slices.SortFunc(r.Runs, func(a, b Run) int { return a.CreatedAt.Compare(b.CreatedAt) })
		r.Findings = make([]Finding, benchFindings)
		for i := range r.Findings {
			c := at()
			fd := Finding{ID: fmt.Sprint(i), Category: cats[rng.IntN(4)], Severity: sevs[rng.IntN(4)],
				Outcome: outcomes[rng.IntN(len(outcomes))], CreatedAt: c}
			if fd.Outcome != "open" {
				fd.ResolvedAt = c.Add(time.Duration(rng.IntN(60*24)) * time.Hour)
			}
			r.Findings[i] = fd
		}
		slices.SortFunc(r.Findings, func(a, b Finding) int { return a.CreatedAt.Compare(b.CreatedAt) })
		r.Deployments = make([]Deployment, benchDeploys)
		for i := range r.Deployments {
			c := at()
			d := Deployment{Environment: "production", CreatedAt: c, Status: "success", StatusAt: c.Add(time.Minute)}
			if rng.IntN(4) == 0 {
				d.Environment = "staging"
			}
			if rng.IntN(7) == 0 {
				d.Status = "failure"
			}
			r.Deployments[i] = d
		}
		slices.SortFunc(r.Deployments, func(a, b Deployment) int { return a.CreatedAt.Compare(b.CreatedAt) })
		r.Observations = []Observation{{Feature: "secret_scanning", Enabled: true, ObservedAt: start.Add(30 * 24 * time.Hour)}}
	}
	return f
}

// benchScopes: the org, ten teams of 50 repos, and one team overlapping them all.
func benchScopes(f *Facts) map[string][]*RepoFacts {
	scopes := map[string][]*RepoFacts{"org": f.All()}
	for i := range f.Repos {
		team := fmt.Sprintf("team-%d", i%10)
		scopes[team] = append(scopes[team], &f.Repos[i])
		if i%7 == 0 {
			scopes["platform"] = append(scopes["platform"], &f.Repos[i])
		}
	}
	return scopes
}

// BenchmarkEvaluateHistory rescoring every scope at 52 weekly snapshots; the
// figure that matters is ns/scope-snapshot.
func BenchmarkEvaluateHistory(b *testing.B) {
	f := benchFacts()
	scopes := benchScopes(f)
	cfg := DefaultConfig()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		out := EvaluateHistory(scopes, benchAsOf, 52, cfg)
		if len(out["org"]) != 52 {
			b.Fatal("missing snapshots")
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(scopes)*52), "ns/scope-snapshot")
}

// BenchmarkEvaluateOrg is one current scorecard of the whole organisation.
func BenchmarkEvaluateOrg(b *testing.B) {
	f := benchFacts()
	all := f.All()
	cfg := DefaultConfig()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		Evaluate(all, benchAsOf, cfg)
	}
}
