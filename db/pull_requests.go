package db

import (
	"fmt"

	"github.com/paved-dev/paved/internal/sanitize"
	"github.com/paved-dev/paved/model"
)

// A PR is keyed by its number, which is stable and what runs and reviews refer to.
const upsertPullRequestSQL = `
INSERT INTO pull_requests (repo_id, number, forge_id, title, author, author_is_bot, state, draft,
    base_branch, head_sha, created_at, updated_at, ready_at, merged_at, closed_at, ready_times)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
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
    ready_at      = excluded.ready_at,
    merged_at     = excluded.merged_at,
    closed_at     = excluded.closed_at,
    ready_times   = excluded.ready_times`

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
		); err != nil {
			return fmt.Errorf("store pull request #%d of repo %d: %w", p.Number, p.RepoForgeID, err)
		}
	}
	return nil
}
