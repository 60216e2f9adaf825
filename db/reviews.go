package db

import (
	"fmt"

	"github.com/paved-dev/paved/internal/sanitize"
	"github.com/paved-dev/paved/model"
)

var (
	reviewsMany     = manyRows{table: "reviews", key: "repo_id, kind, forge_id", cols: "pr_number, author, author_is_bot, state, submitted_at"}
	upsertReviewSQL = changedUpsertSQL(reviewsMany.table, reviewsMany.key, reviewsMany.cols, nil)
)

var reviewRows = repoRows[model.Review]{
	upsert: func(s *statements) *statement { return s.upsertReview },
	rows:   func(s *statements) *statement { return s.upsertReviewRows },
	repo:   func(r *model.Review) (string, int64) { return r.Source, r.RepoForgeID },
	name:   func(r *model.Review) string { return fmt.Sprintf("%s %d", sanitize.Flat(r.Kind, maxName), r.ForgeID) },
	row: func(dst []any, r *model.Review, repoID int64) []any {
		return append(dst, repoID, sanitize.Flat(r.Kind, maxName), r.ForgeID, r.PRNumber, sanitize.Flat(r.Author, maxName), boolInt(r.AuthorIsBot),
			sanitize.Flat(r.State, maxName), unixOrNil(r.SubmittedAt))
	},
}
