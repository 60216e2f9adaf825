package db

import (
	"fmt"

	"github.com/paved-dev/paved/internal/sanitize"
	"github.com/paved-dev/paved/model"
)

const jobColumns = "run_forge_id, name, steps, report_types, status, conclusion, started_at, completed_at, scan_categories"

var (
	upsertJobSQL = changedUpsertSQL("jobs", "repo_id, forge_id", jobColumns, nil)
	jobsMany     = manyRows{table: "jobs", key: "repo_id, forge_id", cols: jobColumns}
)

var jobRows = repoRows[model.Job]{
	upsert: func(s *statements) *statement { return s.upsertJob },
	rows:   func(s *statements) *statement { return s.upsertJobRows },
	key:    func(j *model.Job) any { return j.ForgeID },
	repo:   func(j *model.Job) (string, int64) { return j.Source, j.RepoForgeID },
	name:   func(j *model.Job) string { return fmt.Sprintf("job %d", j.ForgeID) },
	row: func(dst []any, j *model.Job, repoID int64) []any {
		return append(dst, repoID, j.ForgeID, j.RunForgeID, sanitize.Flat(j.Name, maxName),
			joinClean(j.Steps, "\n"), joinClean(j.ReportTypes, ","),
			sanitize.Flat(j.Status, maxName), sanitize.Flat(j.Conclusion, maxName),
			unixOrNil(j.StartedAt), unixOrNil(j.CompletedAt), joinClean(j.ScanCategories, ","))
	},
}
