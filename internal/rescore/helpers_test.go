package rescore_test

import (
	"context"
	"testing"
	"time"

	"github.com/paved-dev/paved/db"
	"github.com/paved-dev/paved/internal/testkit"
	"github.com/paved-dev/paved/model"
)

// testNow and fullBatch are the db package's test fixture, so a rescore here sees
// the same facts the store's own tests store.
var testNow = time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)

// openTest opens a fresh database in the test's temp dir, with fullBatch stored.
func openTest(t testing.TB) *db.DB {
	t.Helper()
	ctx := context.Background()
	d := testkit.OpenDB(t, db.WithNow(func() time.Time { return testNow }))
	if err := d.Apply(ctx, fullBatch()); err != nil {
		t.Fatalf("apply: %v", err)
	}
	return d
}

func at(days int) time.Time { return testNow.AddDate(0, 0, -days) }

// fullBatch holds at least one record of every kind, spread over two repos.
func fullBatch() model.Batch {
	const src = "gh"
	return model.Batch{
		Source: src,
		Repos: []model.Repo{
			{Source: src, ForgeID: 101, FullName: "acme/payments", DefaultBranch: "main", HTMLURL: "https://example.test/acme/payments", CreatedAt: at(400), UpdatedAt: at(1)},
			{Source: src, ForgeID: 102, FullName: "acme/ledger", DefaultBranch: "trunk", Archived: true, CreatedAt: at(300)},
		},
		Teams: []model.ForgeTeam{
			{Source: src, ForgeID: 7, Slug: "payments", Name: "Payments", RepoForgeIDs: []int64{101, 102}},
			{Source: src, ForgeID: 8, Slug: "ledger", Name: "Ledger", RepoForgeIDs: []int64{102}},
		},
		Runs: []model.PipelineRun{
			{Source: src, RepoForgeID: 101, ForgeID: 9001, Name: "CI", HeadBranch: "main", HeadSHA: "abc", Event: "push",
				Status: "completed", Conclusion: "success", Attempt: 1, CreatedAt: at(3), StartedAt: at(3), UpdatedAt: at(3), CompletedAt: at(3),
				PullRequestNumbers: []int{12, 13}, ScanCategories: []string{"sast", "sca"}, JobsFetched: true},
			{Source: src, RepoForgeID: 102, ForgeID: 9002, Name: "CI", HeadBranch: "trunk", Status: "in_progress", Attempt: 2, CreatedAt: at(2)},
		},
		Jobs: []model.Job{
			{Source: src, RepoForgeID: 101, RunForgeID: 9001, ForgeID: 50, Name: "codeql", Steps: []string{"checkout", "analyze"},
				Status: "completed", Conclusion: "success", StartedAt: at(3), CompletedAt: at(3), ScanCategories: []string{"sast"}},
			{Source: src, RepoForgeID: 101, RunForgeID: 9001, ForgeID: 51, Name: "test", Status: "completed", Conclusion: "failure"},
		},
		Findings: []model.Finding{
			{Source: src, RepoForgeID: 101, Kind: "code_scanning", ForgeID: "1", Category: "sast", Severity: "high", State: "open",
				Outcome: "open", Tool: "CodeQL", Rule: "go/sql-injection", RuleText: "SQL built from\nuser input", Location: "db/q.go:12",
				CreatedAt: at(20), UpdatedAt: at(20), DueAt: at(-10), HTMLURL: "https://example.test/a/1"},
			{Source: src, RepoForgeID: 101, Kind: "dependabot", ForgeID: "1", Category: "sca", Severity: "medium", State: "fixed",
				Outcome: "fixed", CreatedAt: at(40), ResolvedAt: at(5), DueAt: at(-50)},
		},
		Analyses: []model.Analysis{
			{Source: src, RepoForgeID: 101, ForgeID: 3, Tool: "CodeQL", Category: "sast", Ref: "refs/heads/main", CreatedAt: at(3)},
		},
		PullRequests: []model.PullRequest{
			{Source: src, RepoForgeID: 101, ForgeID: 7712, Number: 12, Title: "Add ledger", Author: "ana", State: "merged",
				BaseBranch: "main", HeadSHA: "abc", CreatedAt: at(5), UpdatedAt: at(3), MergedAt: at(3), ClosedAt: at(3)},
			{Source: src, RepoForgeID: 101, ForgeID: 7713, Number: 13, Title: "Bump deps", Author: "renovate[bot]", AuthorIsBot: true,
				State: "open", Draft: true, CreatedAt: at(4)},
		},
		Reviews: []model.Review{
			{Source: src, RepoForgeID: 101, PRNumber: 12, ForgeID: 1, Kind: "review", Author: "bo", State: "APPROVED", SubmittedAt: at(4)},
			{Source: src, RepoForgeID: 101, PRNumber: 12, ForgeID: 1, Kind: "comment", Author: "bo", SubmittedAt: at(4)},
		},
		Deployments: []model.Deployment{
			{Source: src, RepoForgeID: 101, ForgeID: 600, Environment: "production", Ref: "main", SHA: "abc", CreatedAt: at(3), Status: "success", StatusAt: at(3)},
		},
		DeploymentStatuses: []model.DeploymentStatus{
			{Source: src, RepoForgeID: 101, DeploymentForgeID: 600, ForgeID: 6001, State: "in_progress", CreatedAt: at(3)},
			{Source: src, RepoForgeID: 101, DeploymentForgeID: 600, ForgeID: 6002, State: "success", CreatedAt: at(3)},
		},
		Observations: []model.ScannerObservation{
			{Source: src, RepoForgeID: 101, Feature: "secret_scanning", Enabled: true, ObservedAt: at(1)},
			{Source: src, RepoForgeID: 102, Feature: "secret_scanning", Enabled: false, ObservedAt: at(1)},
		},
		Cursors: []model.Cursor{
			{Source: src, Repo: "acme/payments", Resource: model.ResourceRuns, Watermark: at(2), ETag: `W/"1"`, LastSuccess: testNow, Items: 2},
		},
	}
}
