package db

import (
	"fmt"

	"github.com/paved-dev/paved/internal/sanitize"
	"github.com/paved-dev/paved/model"
)

const upsertReviewSQL = `
INSERT INTO reviews (repo_id, kind, forge_id, pr_number, author, author_is_bot, state, submitted_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (repo_id, kind, forge_id) DO UPDATE SET
    pr_number     = excluded.pr_number,
    author        = excluded.author,
    author_is_bot = excluded.author_is_bot,
    state         = excluded.state,
    submitted_at  = excluded.submitted_at`

func (a *applier) reviews(reviews []model.Review) error {
	stmt := a.stmt(a.st.upsertReview)
	for _, r := range reviews {
		repoID, err := a.repoID(r.Source, r.RepoForgeID)
		if err != nil {
			return fmt.Errorf("store %s %d: %w", sanitize.Flat(r.Kind, maxName), r.ForgeID, err)
		}
		if err := a.exec(stmt,
			repoID, sanitize.Flat(r.Kind, maxName), r.ForgeID, r.PRNumber, sanitize.Flat(r.Author, maxName), boolInt(r.AuthorIsBot),
			sanitize.Flat(r.State, maxName), unixOrNil(r.SubmittedAt),
		); err != nil {
			return fmt.Errorf("store %s %d of repo %d: %w", sanitize.Flat(r.Kind, maxName), r.ForgeID, r.RepoForgeID, err)
		}
	}
	return nil
}
