package db

import (
	"fmt"

	"github.com/paved-dev/paved/internal/sanitize"
	"github.com/paved-dev/paved/model"
)

const upsertRunSQL = `
INSERT INTO runs (repo_id, forge_id, name, head_branch, head_sha, event, status, conclusion, attempt,
    created_at, started_at, updated_at, completed_at, pr_numbers, scan_categories, jobs_fetched, duration_ms, sample_group)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (repo_id, forge_id) DO UPDATE SET
    name            = excluded.name,
    head_branch     = excluded.head_branch,
    head_sha        = excluded.head_sha,
    event           = excluded.event,
    status          = excluded.status,
    conclusion      = excluded.conclusion,
    attempt         = excluded.attempt,
    created_at      = excluded.created_at,
    started_at      = excluded.started_at,
    updated_at      = excluded.updated_at,
    completed_at    = excluded.completed_at,
    pr_numbers      = excluded.pr_numbers,
    scan_categories = excluded.scan_categories,
    jobs_fetched    = excluded.jobs_fetched,
    duration_ms     = excluded.duration_ms,
    sample_group    = excluded.sample_group`

func (a *applier) runs(runs []model.PipelineRun) error {
	stmt := a.stmt(a.st.upsertRun)
	for _, r := range runs {
		repoID, err := a.repoID(r.Source, r.RepoForgeID)
		if err != nil {
			return fmt.Errorf("store run %d: %w", r.ForgeID, err)
		}
		if err := a.exec(stmt,
			repoID, r.ForgeID, sanitize.Flat(r.Name, maxName), sanitize.Flat(r.HeadBranch, maxName), sanitize.Flat(r.HeadSHA, maxName),
			sanitize.Flat(r.Event, maxName), sanitize.Flat(r.Status, maxName), sanitize.Flat(r.Conclusion, maxName), r.Attempt,
			unixOrNil(r.CreatedAt), unixOrNil(r.StartedAt), unixOrNil(r.UpdatedAt), unixOrNil(r.CompletedAt),
			joinInts(r.PullRequestNumbers), joinClean(r.ScanCategories, ","), boolInt(r.JobsFetched), durationOrNil(r.Duration),
			sanitize.Flat(r.SampleGroup, maxName),
		); err != nil {
			return fmt.Errorf("store run %d of repo %d: %w", r.ForgeID, r.RepoForgeID, err)
		}
	}
	return nil
}
