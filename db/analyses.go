package db

import (
	"fmt"

	"github.com/paved-dev/paved/internal/sanitize"
	"github.com/paved-dev/paved/model"
)

var (
	analysesMany      = manyRows{table: "analyses", key: "repo_id, forge_id", cols: "tool, category, ref, created_at"}
	upsertAnalysisSQL = changedUpsertSQL(analysesMany.table, analysesMany.key, analysesMany.cols, nil)
)

var analysisRows = repoRows[model.Analysis]{
	upsert: func(s *statements) *statement { return s.upsertAnalysis },
	rows:   func(s *statements) *statement { return s.upsertAnalysisRows },
	repo:   func(an *model.Analysis) (string, int64) { return an.Source, an.RepoForgeID },
	name:   func(an *model.Analysis) string { return fmt.Sprintf("analysis %d", an.ForgeID) },
	row: func(dst []any, an *model.Analysis, repoID int64) []any {
		return append(dst, repoID, an.ForgeID, sanitize.Flat(an.Tool, maxName), sanitize.Flat(an.Category, maxName),
			sanitize.Flat(an.Ref, maxName), unixOrNil(an.CreatedAt))
	},
}
