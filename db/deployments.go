package db

import (
	"fmt"

	"github.com/paved-dev/paved/internal/sanitize"
	"github.com/paved-dev/paved/model"
)

const upsertDeploymentSQL = `
INSERT INTO deployments (repo_id, forge_id, environment, environment_tier, ref, sha, created_at, status, status_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (repo_id, forge_id) DO UPDATE SET
    environment      = excluded.environment,
    environment_tier = excluded.environment_tier,
    ref              = excluded.ref,
    sha              = excluded.sha,
    created_at       = excluded.created_at,
    status           = excluded.status,
    status_at        = excluded.status_at`

func (a *applier) deployments(deployments []model.Deployment) error {
	stmt := a.stmt(a.st.upsertDeployment)
	for _, dp := range deployments {
		repoID, err := a.repoID(dp.Source, dp.RepoForgeID)
		if err != nil {
			return fmt.Errorf("store deployment %d: %w", dp.ForgeID, err)
		}
		if err := a.exec(stmt,
			repoID, dp.ForgeID, sanitize.Flat(dp.Environment, maxName), sanitize.Flat(dp.EnvironmentTier, maxName),
			sanitize.Flat(dp.Ref, maxName), sanitize.Flat(dp.SHA, maxName),
			unixOrNil(dp.CreatedAt), sanitize.Flat(dp.Status, maxName), unixOrNil(dp.StatusAt),
		); err != nil {
			return fmt.Errorf("store deployment %d of repo %d: %w", dp.ForgeID, dp.RepoForgeID, err)
		}
	}
	return nil
}
