package db

import (
	"fmt"

	"github.com/paved-dev/paved/internal/sanitize"
	"github.com/paved-dev/paved/model"
)

const upsertAnalysisSQL = `
INSERT INTO analyses (repo_id, forge_id, tool, category, ref, created_at)
VALUES (?, ?, ?, ?, ?, ?)
ON CONFLICT (repo_id, forge_id) DO UPDATE SET
    tool       = excluded.tool,
    category   = excluded.category,
    ref        = excluded.ref,
    created_at = excluded.created_at`

func (a *applier) analyses(analyses []model.Analysis) error {
	stmt := a.stmt(a.st.upsertAnalysis)
	for _, an := range analyses {
		repoID, err := a.repoID(an.Source, an.RepoForgeID)
		if err != nil {
			return fmt.Errorf("store analysis %d: %w", an.ForgeID, err)
		}
		if err := a.exec(stmt,
			repoID, an.ForgeID, sanitize.Flat(an.Tool, maxName), sanitize.Flat(an.Category, maxName),
			sanitize.Flat(an.Ref, maxName), unixOrNil(an.CreatedAt),
		); err != nil {
			return fmt.Errorf("store analysis %d of repo %d: %w", an.ForgeID, an.RepoForgeID, err)
		}
	}
	return nil
}
