// Package sample is the batch of facts the store's and rescoring's tests share: at
// least one record of every kind, spread over two repos. It imports only the
// vocabulary, so db's in-package tests can use it without an import cycle.
package sample

import (
	"time"

	"github.com/paved-dev/paved/model"
)

// Now is the instant the sample is built around.
var Now = time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)

// At is the instant days before Now.
func At(days int) time.Time { return Now.AddDate(0, 0, -days) }

// FullBatch holds at least one record of every kind, spread over two repos.
func FullBatch() model.Batch {
	const src = "gh"
	return model.Batch{
		Source: src,
		Repos: []model.Repo{
			{Source: src, ForgeID: 101, FullName: "acme/payments", DefaultBranch: "main", HTMLURL: "https://example.test/acme/payments", CreatedAt: At(400), UpdatedAt: At(1)},
			{Source: src, ForgeID: 102, FullName: "acme/ledger", DefaultBranch: "trunk", Archived: true, CreatedAt: At(300)},
		},
		Teams: []model.ForgeTeam{
			{Source: src, ForgeID: 7, Slug: "payments", Name: "Payments", RepoForgeIDs: []int64{101, 102}},
			{Source: src, ForgeID: 8, Slug: "ledger", Name: "Ledger", RepoForgeIDs: []int64{102}},
		},
		Runs: []model.PipelineRun{
			{Source: src, RepoForgeID: 101, ForgeID: 9001, Name: "CI", HeadBranch: "main", HeadSHA: "abc", Event: "push",
				Status: "completed", Conclusion: "success", Attempt: 1, CreatedAt: At(3), StartedAt: At(3), UpdatedAt: At(3), CompletedAt: At(3),
				PullRequestNumbers: []int{12, 13}, ScanCategories: []string{"sast", "sca"}, JobsFetched: true},
			{Source: src, RepoForgeID: 102, ForgeID: 9002, Name: "CI", HeadBranch: "trunk", Status: "in_progress", Attempt: 2, CreatedAt: At(2)},
		},
		Jobs: []model.Job{
			{Source: src, RepoForgeID: 101, RunForgeID: 9001, ForgeID: 50, Name: "codeql", Steps: []string{"checkout", "analyze"},
				Status: "completed", Conclusion: "success", StartedAt: At(3), CompletedAt: At(3), ScanCategories: []string{"sast"}},
			{Source: src, RepoForgeID: 101, RunForgeID: 9001, ForgeID: 51, Name: "test", Status: "completed", Conclusion: "failure"},
		},
		Findings: []model.Finding{
			{Source: src, RepoForgeID: 101, Kind: "code_scanning", ForgeID: "1", Category: "sast", Severity: "high", State: "open",
				Outcome: "open", Tool: "CodeQL", Rule: "go/sql-injection", RuleText: "SQL built from\nuser input", Location: "db/q.go:12",
				CreatedAt: At(20), UpdatedAt: At(20), DueAt: At(-10), HTMLURL: "https://example.test/a/1"},
			{Source: src, RepoForgeID: 101, Kind: "dependabot", ForgeID: "1", Category: "sca", Severity: "medium", State: "fixed",
				Outcome: "fixed", CreatedAt: At(40), ResolvedAt: At(5), DueAt: At(-50)},
		},
		Analyses: []model.Analysis{
			{Source: src, RepoForgeID: 101, ForgeID: 3, Tool: "CodeQL", Category: "sast", Ref: "refs/heads/main", CreatedAt: At(3)},
		},
		PullRequests: []model.PullRequest{
			{Source: src, RepoForgeID: 101, ForgeID: 7712, Number: 12, Title: "Add ledger", Author: "ana", State: "merged",
				BaseBranch: "main", HeadSHA: "abc", CreatedAt: At(5), UpdatedAt: At(3), MergedAt: At(3), ClosedAt: At(3)},
			{Source: src, RepoForgeID: 101, ForgeID: 7713, Number: 13, Title: "Bump deps", Author: "renovate[bot]", AuthorIsBot: true,
				State: "open", Draft: true, CreatedAt: At(4)},
		},
		Reviews: []model.Review{
			{Source: src, RepoForgeID: 101, PRNumber: 12, ForgeID: 1, Kind: "review", Author: "bo", State: "APPROVED", SubmittedAt: At(4)},
			{Source: src, RepoForgeID: 101, PRNumber: 12, ForgeID: 1, Kind: "comment", Author: "bo", SubmittedAt: At(4)},
		},
		Deployments: []model.Deployment{
			{Source: src, RepoForgeID: 101, ForgeID: 600, Environment: "production", Ref: "main", SHA: "abc", CreatedAt: At(3), Status: "success", StatusAt: At(3)},
		},
		DeploymentStatuses: []model.DeploymentStatus{
			{Source: src, RepoForgeID: 101, DeploymentForgeID: 600, ForgeID: 6001, State: "in_progress", CreatedAt: At(3)},
			{Source: src, RepoForgeID: 101, DeploymentForgeID: 600, ForgeID: 6002, State: "success", CreatedAt: At(3)},
		},
		Observations: []model.ScannerObservation{
			{Source: src, RepoForgeID: 101, Feature: "secret_scanning", Enabled: true, ObservedAt: At(1)},
			{Source: src, RepoForgeID: 102, Feature: "secret_scanning", Enabled: false, ObservedAt: At(1)},
		},
		Cursors: []model.Cursor{
			{Source: src, Repo: "acme/payments", Resource: model.ResourceRuns, Watermark: At(2), ETag: `W/"1"`, LastSuccess: Now, Items: 2},
		},
	}
}
