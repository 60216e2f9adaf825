package db

import (
	"fmt"

	"github.com/paved-dev/paved/internal/sanitize"
	"github.com/paved-dev/paved/model"
)

// ?17 says the record knows the PR's draft history (ReadyTimes not nil): a pass
// that could not read it (GitHub GraphQL unavailable) keeps what was stored.
// A PR is keyed by its number, which is stable and what runs and reviews refer to.
const upsertPullRequestSQL = `
INSERT INTO pull_requests (repo_id, number, forge_id, title, author, author_is_bot, state, draft,
    base_branch, head_sha, created_at, updated_at, ready_at, merged_at, closed_at, ready_times)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)
ON CONFLICT (repo_id, number) DO UPDATE SET
    forge_id      = excluded.forge_id,
    title         = excluded.title,
    author        = excluded.author,
    author_is_bot = excluded.author_is_bot,
    state         = excluded.state,
    draft         = excluded.draft,
    base_branch   = excluded.base_branch,
    head_sha      = excluded.head_sha,
    created_at    = excluded.created_at,
    updated_at    = excluded.updated_at,
    ready_at      = CASE WHEN ?17 THEN excluded.ready_at ELSE pull_requests.ready_at END,
    merged_at     = excluded.merged_at,
    closed_at     = excluded.closed_at,
    ready_times   = CASE WHEN ?17 THEN excluded.ready_times ELSE pull_requests.ready_times END`

func (a *applier) pullRequests(prs []model.PullRequest) error {
	stmt := a.stmt(a.st.upsertPullRequest)
	for _, p := range prs {
		repoID, err := a.repoID(p.Source, p.RepoForgeID)
		if err != nil {
			return fmt.Errorf("store pull request #%d: %w", p.Number, err)
		}
		if err := a.exec(stmt,
			repoID, p.Number, p.ForgeID, sanitize.Flat(p.Title, maxName), sanitize.Flat(p.Author, maxName), boolInt(p.AuthorIsBot),
			sanitize.Flat(p.State, maxName), boolInt(p.Draft), sanitize.Flat(p.BaseBranch, maxName), sanitize.Flat(p.HeadSHA, maxName),
			unixOrNil(p.CreatedAt), unixOrNil(p.UpdatedAt), unixOrNil(p.ReadyAt),
			unixOrNil(p.MergedAt), unixOrNil(p.ClosedAt), joinMillis(p.ReadyTimes),
			boolInt(p.ReadyTimes != nil || !p.ReadyAt.IsZero()),
		); err != nil {
			return fmt.Errorf("store pull request #%d of repo %d: %w", p.Number, p.RepoForgeID, err)
		}
	}
	return nil
}
