package db

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/paved-dev/paved/model"
)

var _ model.Store = (*DB)(nil)

// Apply stores a batch and its cursors in one transaction: all of it or none of it.
// Repos are stored first, so the batch's other records may refer to them. A record
// whose repo is neither in the batch nor already stored fails the whole batch.
// A record with an empty Source belongs to the batch's Source.
func (d *DB) Apply(ctx context.Context, b model.Batch) error {
	err := d.write(ctx, func(tx *sql.Tx) error {
		a := &applier{parent: ctx, ctx: context.WithoutCancel(ctx), tx: tx, st: d.stmts, source: b.Source}
		steps := []struct {
			n  int
			fn func() error
		}{
			{len(b.Repos), func() error { return a.repos(b.Repos) }},
			{len(b.Teams), func() error { return a.forgeTeams(b.Teams) }},
			{len(b.Runs), func() error { return storeInRepos(a, runRows, b.Runs) }},
			{len(b.Jobs), func() error { return storeInRepos(a, jobRows, b.Jobs) }},
			{len(b.Runs), func() error { return a.sampleCategories(b.Runs) }},
			{len(b.Findings), func() error { return storeInRepos(a, findingRows, b.Findings) }},
			{len(b.Analyses), func() error { return storeInRepos(a, analysisRows, b.Analyses) }},
			{len(b.PullRequests), func() error { return storeInRepos(a, pullRequestRows, b.PullRequests) }},
			{len(b.Reviews), func() error { return storeInRepos(a, reviewRows, b.Reviews) }},
			{len(b.Deployments), func() error { return storeInRepos(a, deploymentRows, b.Deployments) }},
			{len(b.DeploymentStatuses), func() error { return storeInRepos(a, deploymentStatusRows, b.DeploymentStatuses) }},
			{len(b.Observations), func() error { return a.observations(b.Observations) }},
			{len(b.Cursors), func() error { return a.cursors(b.Cursors) }},
		}
		for _, s := range steps {
			if s.n == 0 {
				continue
			}
			if err := ctx.Err(); err != nil {
				return err
			}
			if err := s.fn(); err != nil {
				return err
			}
		}
		return a.bumpFactsVersions()
	})
	if err != nil {
		return fmt.Errorf("apply batch of %s: %w", b.Source, err)
	}
	return nil
}

type repoKey struct {
	source  string
	forgeID int64
}

// applier is the state of one Apply transaction.
//
// Statements run under ctx, which is never cancelled: given a cancellable context,
// go-sqlite3 starts a watcher goroutine for every single statement, which costs more
// than the insert itself. Cancellation is still honoured, between rows (exec checks
// parent) and by database/sql, which rolls the transaction back when parent ends.
type applier struct {
	parent context.Context
	ctx    context.Context
	tx     *sql.Tx
	st     *statements
	source string

	repoIDs map[repoKey]int64
	lookup  *sql.Stmt
	// changed holds the stored repos whose facts rows the batch has changed.
	changed map[int64]bool
}

// stmt binds a prepared statement to the transaction.
func (a *applier) stmt(s *sql.Stmt) *sql.Stmt { return a.tx.StmtContext(a.ctx, s) }

// exec runs one row's statement unless the caller has given up.
func (a *applier) exec(stmt *sql.Stmt, args ...any) error {
	_, err := a.run(stmt, args...)
	return err
}

// store runs one statement that writes facts of the stored repo repoID, and
// notes the repo as changed when the statement changed a row.
func (a *applier) store(repoID int64, stmt *sql.Stmt, args ...any) error {
	res, err := a.run(stmt, args...)
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n > 0 {
		if a.changed == nil {
			a.changed = make(map[int64]bool)
		}
		a.changed[repoID] = true
	}
	return nil
}

func (a *applier) run(stmt *sql.Stmt, args ...any) (sql.Result, error) {
	if err := a.parent.Err(); err != nil {
		return nil, err
	}
	return stmt.ExecContext(a.ctx, args...)
}

func (a *applier) sourceOf(s string) string {
	if s == "" {
		return a.source
	}
	return s
}

// repoID resolves a forge repo id to the stored repo's id, once per transaction.
func (a *applier) repoID(source string, forgeID int64) (int64, error) {
	k := repoKey{a.sourceOf(source), forgeID}
	if id, ok := a.repoIDs[k]; ok {
		return id, nil
	}
	if a.lookup == nil {
		a.lookup = a.stmt(a.st.repoID)
	}
	var id int64
	err := a.lookup.QueryRowContext(a.ctx, k.source, k.forgeID).Scan(&id)
	if err == sql.ErrNoRows {
		return 0, fmt.Errorf("unknown repo %s/%d: store the repo first", k.source, k.forgeID)
	}
	if err != nil {
		return 0, fmt.Errorf("look up repo %s/%d: %w", k.source, k.forgeID, err)
	}
	a.remember(k, id)
	return id, nil
}

func (a *applier) remember(k repoKey, id int64) {
	if a.repoIDs == nil {
		a.repoIDs = make(map[repoKey]int64)
	}
	a.repoIDs[k] = id
}
