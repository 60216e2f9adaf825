package db

import (
	"fmt"

	"github.com/paved-dev/paved/internal/sanitize"
	"github.com/paved-dev/paved/model"
)

// ?17 says the record knows the PR's draft history (ReadyTimes not nil): a pass
// that could not read it (GitHub GraphQL unavailable) keeps what was stored.
// A PR is keyed by its number, which is stable and what runs and reviews refer to.
var (
	pullRequestsMany = manyRows{table: "pull_requests", key: "repo_id, number",
		cols: `forge_id, title, author, author_is_bot, state, draft, base_branch, head_sha, created_at, updated_at,
    ready_at, merged_at, closed_at, ready_times`,
		set: map[string]string{
			"ready_at":    "CASE WHEN ?17 = 1 THEN excluded.ready_at ELSE pull_requests.ready_at END",
			"ready_times": "CASE WHEN ?17 = 1 THEN excluded.ready_times ELSE pull_requests.ready_times END",
		},
		flag: true}
	upsertPullRequestSQL = changedUpsertSQL(pullRequestsMany.table, pullRequestsMany.key, pullRequestsMany.cols, pullRequestsMany.set)
)

var pullRequestRows = repoRows[model.PullRequest]{
	upsert: func(s *statements) *statement { return s.upsertPullRequest },
	rows:   func(s *statements) *statement { return s.upsertPullRequestRows },
	repo:   func(p *model.PullRequest) (string, int64) { return p.Source, p.RepoForgeID },
	name:   func(p *model.PullRequest) string { return fmt.Sprintf("pull request #%d", p.Number) },
	row: func(dst []any, p *model.PullRequest, repoID int64) []any {
		return append(dst, repoID, p.Number, p.ForgeID, sanitize.Flat(p.Title, maxName), sanitize.Flat(p.Author, maxName), boolInt(p.AuthorIsBot),
			sanitize.Flat(p.State, maxName), boolInt(p.Draft), sanitize.Flat(p.BaseBranch, maxName), sanitize.Flat(p.HeadSHA, maxName),
			unixOrNil(p.CreatedAt), unixOrNil(p.UpdatedAt), unixOrNil(p.ReadyAt),
			unixOrNil(p.MergedAt), unixOrNil(p.ClosedAt), joinMillis(p.ReadyTimes),
			boolInt(p.ReadyTimes != nil || !p.ReadyAt.IsZero()))
	},
}
