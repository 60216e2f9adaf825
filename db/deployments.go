package db

import (
	"fmt"

	"github.com/paved-dev/paved/internal/sanitize"
	"github.com/paved-dev/paved/model"
)

var (
	deploymentsMany     = manyRows{table: "deployments", key: "repo_id, forge_id", cols: "environment, environment_tier, ref, sha, created_at, status, status_at"}
	upsertDeploymentSQL = changedUpsertSQL(deploymentsMany.table, deploymentsMany.key, deploymentsMany.cols, nil)
)

var deploymentRows = repoRows[model.Deployment]{
	upsert: func(s *statements) *statement { return s.upsertDeployment },
	rows:   func(s *statements) *statement { return s.upsertDeploymentRows },
	repo:   func(dp *model.Deployment) (string, int64) { return dp.Source, dp.RepoForgeID },
	name:   func(dp *model.Deployment) string { return fmt.Sprintf("deployment %d", dp.ForgeID) },
	row: func(dst []any, dp *model.Deployment, repoID int64) []any {
		return append(dst, repoID, dp.ForgeID, sanitize.Flat(dp.Environment, maxName), sanitize.Flat(dp.EnvironmentTier, maxName),
			sanitize.Flat(dp.Ref, maxName), sanitize.Flat(dp.SHA, maxName),
			unixOrNil(dp.CreatedAt), sanitize.Flat(dp.Status, maxName), unixOrNil(dp.StatusAt))
	},
}
