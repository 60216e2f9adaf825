package db

import (
	"database/sql"
	"fmt"
)

// repoRows says how a kind of record that belongs to a repo is stored: repo
// gives a record's repo, name names the record in errors, and row gives its
// values for the upsert statement, the stored repo's id first.
type repoRows[T any] struct {
	upsert func(*statements) *sql.Stmt
	repo   func(*T) (source string, forgeID int64)
	name   func(*T) string
	row    func(rec *T, repoID int64) []any
}

// storeInRepos stores recs, one row a record, with kind's prepared upsert; a
// record stored before and unchanged writes nothing and marks nothing.
func storeInRepos[T any](a *applier, kind repoRows[T], recs []T) error {
	stmt := a.stmt(kind.upsert(a.st))
	for i := range recs {
		r := &recs[i]
		source, repo := kind.repo(r)
		repoID, err := a.repoID(source, repo)
		if err != nil {
			return fmt.Errorf("store %s: %w", kind.name(r), err)
		}
		if err := a.store(repoID, stmt, kind.row(r, repoID)...); err != nil {
			return fmt.Errorf("store %s of repo %d: %w", kind.name(r), repo, err)
		}
	}
	return nil
}
