package db

import (
	"fmt"

	"github.com/paved-dev/paved/internal/sanitize"
	"github.com/paved-dev/paved/model"
)

const runColumns = `name, head_branch, head_sha, event, status, conclusion, attempt, created_at, started_at, updated_at,
    completed_at, pr_numbers, scan_categories, jobs_fetched, duration_ms, sample_group`

var (
	upsertRunSQL = changedUpsertSQL("runs", "repo_id, forge_id", runColumns, nil)
	runsMany     = manyRows{table: "runs", key: "repo_id, forge_id", cols: runColumns}
)

var runRows = repoRows[model.PipelineRun]{
	upsert: func(s *statements) *statement { return s.upsertRun },
	rows:   func(s *statements) *statement { return s.upsertRunRows },
	key:    func(r *model.PipelineRun) any { return r.ForgeID },
	repo:   func(r *model.PipelineRun) (string, int64) { return r.Source, r.RepoForgeID },
	name:   func(r *model.PipelineRun) string { return fmt.Sprintf("run %d", r.ForgeID) },
	row: func(dst []any, r *model.PipelineRun, repoID int64) []any {
		return append(dst, repoID, r.ForgeID, sanitize.Flat(r.Name, maxName), sanitize.Flat(r.HeadBranch, maxName), sanitize.Flat(r.HeadSHA, maxName),
			sanitize.Flat(r.Event, maxName), sanitize.Flat(r.Status, maxName), sanitize.Flat(r.Conclusion, maxName), r.Attempt,
			unixOrNil(r.CreatedAt), unixOrNil(r.StartedAt), unixOrNil(r.UpdatedAt), unixOrNil(r.CompletedAt),
			joinInts(r.PullRequestNumbers), joinClean(r.ScanCategories, ","), boolInt(r.JobsFetched), durationOrNil(r.Duration),
			sanitize.Flat(r.SampleGroup, maxName))
	},
}
