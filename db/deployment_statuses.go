package db

import (
	"fmt"

	"github.com/paved-dev/paved/internal/sanitize"
	"github.com/paved-dev/paved/model"
)

var (
	deploymentStatusesMany    = manyRows{table: "deployment_statuses", key: "repo_id, forge_id", cols: "deployment_forge_id, state, created_at"}
	upsertDeploymentStatusSQL = changedUpsertSQL(deploymentStatusesMany.table, deploymentStatusesMany.key, deploymentStatusesMany.cols, nil)
)

var deploymentStatusRows = repoRows[model.DeploymentStatus]{
	upsert: func(s *statements) *statement { return s.upsertDeploymentStatus },
	rows:   func(s *statements) *statement { return s.upsertDeploymentStatusRows },
	repo:   func(s *model.DeploymentStatus) (string, int64) { return s.Source, s.RepoForgeID },
	name:   func(s *model.DeploymentStatus) string { return fmt.Sprintf("deployment status %d", s.ForgeID) },
	row: func(dst []any, s *model.DeploymentStatus, repoID int64) []any {
		return append(dst, repoID, s.ForgeID, s.DeploymentForgeID, sanitize.Flat(s.State, maxName), unixOrNil(s.CreatedAt))
	},
}
