package db

import (
	"context"
	"fmt"

	"github.com/paved-dev/paved/model"
)

const sourceReposSQL = `
SELECT ` + repoColumns + `
FROM repos
WHERE source = ?
ORDER BY full_name, forge_id`

// SourceRepos returns the stored repos of one source, ordered by full name.
// It makes DB a model.RepoLister.
func (d *DB) SourceRepos(ctx context.Context, source string) ([]model.Repo, error) {
	repos, err := d.queryRepos(ctx, sourceReposSQL, source)
	if err != nil {
		return nil, fmt.Errorf("list repos of %q: %w", source, err)
	}
	return repos, nil
}

var _ model.RepoLister = (*DB)(nil)
