package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/paved-dev/paved/model"
)

// RepoByName returns the stored repo of a source with that full name, or
// ErrNotFound.
func (d *DB) RepoByName(ctx context.Context, source, fullName string) (model.Repo, error) {
	var r model.Repo
	var created, updated nullUnix
	err := d.reader.QueryRowContext(ctx, `
SELECT source, forge_id, full_name, default_branch, archived, fork, html_url, created_at, updated_at
FROM repos WHERE source = ? AND full_name = ?
ORDER BY forge_id LIMIT 1`, source, fullName).Scan(&r.Source, &r.ForgeID, &r.FullName, &r.DefaultBranch,
		&r.Archived, &r.Fork, &r.HTMLURL, &created, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return model.Repo{}, fmt.Errorf("repo %s:%s: %w", source, fullName, ErrNotFound)
	}
	if err != nil {
		return model.Repo{}, fmt.Errorf("repo %s:%s: %w", source, fullName, err)
	}
	r.CreatedAt, r.UpdatedAt = created.Time(), updated.Time()
	return r, nil
}

// Tally is a count of stored records sharing one value, e.g. a state.
type Tally struct {
	Key   string
	Count int
}

// PairTally is a count of stored records sharing two values, e.g. an outcome and
// a severity.
type PairTally struct {
	First  string
	Second string
	Count  int
}

// WorkflowTally counts one workflow's (or pipeline source's) runs.
type WorkflowTally struct {
	Name      string
	Runs      int
	Succeeded int
	Failed    int
	LastRunAt time.Time
}

// PRBrief is a pull request as a repo page lists it.
type PRBrief struct {
	Number    int
	Title     string
	Author    string
	IsBot     bool
	State     string
	CreatedAt time.Time
	MergedAt  time.Time
}

// RepoActivity is what is stored about one repo, counted.
type RepoActivity struct {
	RunsByConclusion   []Tally         // "" is a run still going
	Workflows          []WorkflowTally // most runs first, at most maxWorkflows
	PRsByState         []Tally
	FindingsByOutcome  []PairTally // outcome × severity
	DeploymentsByState []PairTally // environment × latest status
	RecentPRs          []PRBrief   // newest first, at most maxRecentPRs
	Cursors            []model.Cursor
}

const (
	maxWorkflows = 20
	maxRecentPRs = 10
)

// RepoActivity counts the stored facts of one repo, in one snapshot.
func (d *DB) RepoActivity(ctx context.Context, source string, forgeID int64) (RepoActivity, error) {
	var a RepoActivity
	err := d.read(ctx, func(tx *sql.Tx) error {
		var repoID int64
		var fullName string
		err := tx.QueryRowContext(ctx, `SELECT id, full_name FROM repos WHERE source = ? AND forge_id = ?`, source, forgeID).Scan(&repoID, &fullName)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		q := activityQueries{ctx: ctx, tx: tx, repoID: repoID}
		return errors.Join(
			q.tallies(&a.RunsByConclusion, `SELECT conclusion, count(*) FROM runs WHERE repo_id = ? GROUP BY conclusion ORDER BY count(*) DESC, conclusion`),
			q.workflows(&a.Workflows),
			q.tallies(&a.PRsByState, `SELECT state, count(*) FROM pull_requests WHERE repo_id = ? GROUP BY state ORDER BY count(*) DESC, state`),
			q.pairs(&a.FindingsByOutcome, `SELECT outcome, severity, count(*) FROM findings WHERE repo_id = ? GROUP BY outcome, severity ORDER BY outcome, severity`),
			q.pairs(&a.DeploymentsByState, `SELECT environment, status, count(*) FROM deployments WHERE repo_id = ? GROUP BY environment, status ORDER BY environment, status`),
			q.recentPRs(&a.RecentPRs),
			q.cursors(&a.Cursors, source, fullName),
		)
	})
	if err != nil {
		return RepoActivity{}, fmt.Errorf("activity of repo %s/%d: %w", source, forgeID, err)
	}
	return a, nil
}

type activityQueries struct {
	ctx    context.Context
	tx     *sql.Tx
	repoID int64
}

func (q activityQueries) each(query string, scan func(*sql.Rows) error, args ...any) error {
	return eachRow(q.ctx, q.tx, query, append([]any{q.repoID}, args...), scan)
}

func (q activityQueries) tallies(dst *[]Tally, query string) error {
	return q.each(query, func(rows *sql.Rows) error {
		var t Tally
		err := rows.Scan(&t.Key, &t.Count)
		*dst = append(*dst, t)
		return err
	})
}

func (q activityQueries) pairs(dst *[]PairTally, query string) error {
	return q.each(query, func(rows *sql.Rows) error {
		var t PairTally
		err := rows.Scan(&t.First, &t.Second, &t.Count)
		*dst = append(*dst, t)
		return err
	})
}

func (q activityQueries) workflows(dst *[]WorkflowTally) error {
	return q.each(`
SELECT name, count(*), sum(CASE WHEN conclusion = 'success' THEN 1 ELSE 0 END),
       sum(CASE WHEN conclusion IN ('failure', 'timed_out', 'startup_failure') THEN 1 ELSE 0 END), max(created_at)
FROM runs WHERE repo_id = ?
GROUP BY name ORDER BY count(*) DESC, name LIMIT ?`, func(rows *sql.Rows) error {
		var w WorkflowTally
		var last nullUnix
		err := rows.Scan(&w.Name, &w.Runs, &w.Succeeded, &w.Failed, &last)
		w.LastRunAt = last.Time()
		*dst = append(*dst, w)
		return err
	}, maxWorkflows)
}

func (q activityQueries) recentPRs(dst *[]PRBrief) error {
	return q.each(`
SELECT number, title, author, author_is_bot, state, created_at, merged_at
FROM pull_requests WHERE repo_id = ?
ORDER BY created_at DESC, number DESC LIMIT ?`, func(rows *sql.Rows) error {
		var p PRBrief
		var created, merged nullUnix
		err := rows.Scan(&p.Number, &p.Title, &p.Author, &p.IsBot, &p.State, &created, &merged)
		p.CreatedAt, p.MergedAt = created.Time(), merged.Time()
		*dst = append(*dst, p)
		return err
	}, maxRecentPRs)
}

// cursors are keyed by the repo's full name, not its id.
func (q activityQueries) cursors(dst *[]model.Cursor, source, fullName string) error {
	var err error
	*dst, err = allRows(q.ctx, q.tx,
		`SELECT `+cursorColumns+` FROM sync_cursors WHERE source = ? AND repo = ? ORDER BY resource`, []any{source, fullName}, scanCursor)
	return err
}

// RepoTeams returns the slugs of the config teams that own the repo, ordered.
func (d *DB) RepoTeams(ctx context.Context, source string, forgeID int64) ([]string, error) {
	out, err := allRows(ctx, d.reader, `
SELECT m.team_slug FROM team_repos m JOIN repos r ON r.id = m.repo_id
WHERE r.source = ? AND r.forge_id = ? ORDER BY m.team_slug`, []any{source, forgeID}, func(row rowScanner) (string, error) {
		var slug string
		err := row.Scan(&slug)
		return slug, err
	})
	if err != nil {
		return nil, fmt.Errorf("teams of repo %s/%d: %w", source, forgeID, err)
	}
	return out, nil
}
