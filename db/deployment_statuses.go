package db

import (
	"fmt"

	"github.com/paved-dev/paved/internal/sanitize"
	"github.com/paved-dev/paved/model"
)

const upsertDeploymentStatusSQL = `
INSERT INTO deployment_statuses (repo_id, forge_id, deployment_forge_id, state, created_at)
VALUES (?, ?, ?, ?, ?)
ON CONFLICT (repo_id, forge_id) DO UPDATE SET
    deployment_forge_id = excluded.deployment_forge_id,
    state               = excluded.state,
    created_at          = excluded.created_at`

func (a *applier) deploymentStatuses(statuses []model.DeploymentStatus) error {
	stmt := a.stmt(a.st.upsertDeploymentStatus)
	for _, s := range statuses {
		repoID, err := a.repoID(s.Source, s.RepoForgeID)
		if err != nil {
			return fmt.Errorf("store deployment status %d: %w", s.ForgeID, err)
		}
		if err := a.exec(stmt,
			repoID, s.ForgeID, s.DeploymentForgeID, sanitize.Flat(s.State, maxName), unixOrNil(s.CreatedAt),
		); err != nil {
			return fmt.Errorf("store deployment status %d of repo %d: %w", s.ForgeID, s.RepoForgeID, err)
		}
	}
	return nil
}
