package db

import (
	"context"
	"fmt"

	"github.com/paved-dev/paved/internal/sanitize"
	"github.com/paved-dev/paved/model"
)

var upsertRepoSQL = upsertSQL("repos", "source, forge_id", `full_name, default_branch, archived, fork, html_url,
    created_at, updated_at, secret_scanning, dependabot_updates`, nil) + "\nRETURNING id"

func (a *applier) repos(repos []model.Repo) error {
	for _, r := range repos {
		k := repoKey{a.sourceOf(r.Source), r.ForgeID}
		err := a.w.do(op{stmt: a.st.upsertRepo,
			args: []any{k.source, k.forgeID, sanitize.Flat(r.FullName, maxName), sanitize.Flat(r.DefaultBranch, maxName),
				boolInt(r.Archived), boolInt(r.Fork), sanitize.Flat(r.HTMLURL, maxText),
				unixOrNil(r.CreatedAt), unixOrNil(r.UpdatedAt),
				sanitize.Flat(r.SecretScanning, maxName), sanitize.Flat(r.DependabotUpdates, maxName)},
			row:  a.rememberID(k),
			fail: func(err error) error { return fmt.Errorf("store repo %s/%d: %w", k.source, k.forgeID, err) },
		})
		if err != nil {
			return err
		}
	}
	return nil
}

const repoColumns = `source, forge_id, full_name, default_branch, archived, fork, html_url, created_at, updated_at,
    secret_scanning, dependabot_updates`

const reposSQL = `
SELECT ` + repoColumns + `
FROM repos
ORDER BY source, full_name, forge_id`

// Repos returns every stored repo, ordered by source and full name.
func (d *DB) Repos(ctx context.Context) ([]model.Repo, error) {
	repos, err := d.queryRepos(ctx, reposSQL)
	if err != nil {
		return nil, fmt.Errorf("list repos: %w", err)
	}
	return repos, nil
}

// queryRepos reads the repos a query of reposSQL's columns selects.
func (d *DB) queryRepos(ctx context.Context, query string, args ...any) ([]model.Repo, error) {
	return allRows(ctx, d.reader, query, args, func(row rowScanner) (model.Repo, error) {
		var r model.Repo
		var created, updated nullUnix
		err := row.Scan(&r.Source, &r.ForgeID, &r.FullName, &r.DefaultBranch,
			&r.Archived, &r.Fork, &r.HTMLURL, &created, &updated, &r.SecretScanning, &r.DependabotUpdates)
		r.CreatedAt, r.UpdatedAt = created.Time(), updated.Time()
		return r, err
	})
}
