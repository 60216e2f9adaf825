package db

import (
	"fmt"

	"github.com/paved-dev/paved/internal/sanitize"
	"github.com/paved-dev/paved/model"
)

const upsertJobSQL = `
INSERT INTO jobs (repo_id, forge_id, run_forge_id, name, steps, report_types, status, conclusion,
    started_at, completed_at, scan_categories)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (repo_id, forge_id) DO UPDATE SET
    run_forge_id    = excluded.run_forge_id,
    name            = excluded.name,
    steps           = excluded.steps,
    report_types    = excluded.report_types,
    status          = excluded.status,
    conclusion      = excluded.conclusion,
    started_at      = excluded.started_at,
    completed_at    = excluded.completed_at,
    scan_categories = excluded.scan_categories`

func (a *applier) jobs(jobs []model.Job) error {
	stmt := a.stmt(a.st.upsertJob)
	for _, j := range jobs {
		repoID, err := a.repoID(j.Source, j.RepoForgeID)
		if err != nil {
			return fmt.Errorf("store job %d: %w", j.ForgeID, err)
		}
		if err := a.exec(stmt,
			repoID, j.ForgeID, j.RunForgeID, sanitize.Flat(j.Name, maxName),
			joinClean(j.Steps, "\n"), joinClean(j.ReportTypes, ","),
			sanitize.Flat(j.Status, maxName), sanitize.Flat(j.Conclusion, maxName),
			unixOrNil(j.StartedAt), unixOrNil(j.CompletedAt), joinClean(j.ScanCategories, ","),
		); err != nil {
			return fmt.Errorf("store job %d of repo %d: %w", j.ForgeID, j.RepoForgeID, err)
		}
	}
	return nil
}
