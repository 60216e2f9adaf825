package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// statements are the ingest statements, prepared once on SQLite's writer
// connection, each Apply binding them to its transaction, so no row re-parses
// SQL; on Postgres, pgx prepares each text on first use and keeps it.
type statements struct {
	repoID                 *statement
	upsertRepo             *statement
	upsertForgeTeam        *statement
	clearForgeTeamRepos    *statement
	addForgeTeamRepo       *statement
	upsertRun              *statement
	upsertRunRows          *statement
	upsertJob              *statement
	upsertJobRows          *statement
	upsertFinding          *statement
	upsertAnalysis         *statement
	upsertPullRequest      *statement
	upsertReview           *statement
	upsertDeployment       *statement
	upsertDeploymentStatus *statement
	upsertObservation      *statement
	upsertCursor           *statement
	groupSample            *statement
	setGroupCategories     *statement
	setRunCategories       *statement
	bumpFactsVersion       *statement
}

func (s *statements) all() []struct {
	dst   **statement
	query string
	facts bool // writes a repo's facts rows, the repo's id bound first
} {
	return []struct {
		dst   **statement
		query string
		facts bool
	}{
		{&s.repoID, repoIDSQL, false},
		{&s.upsertRepo, upsertRepoSQL, false},
		{&s.upsertForgeTeam, upsertForgeTeamSQL, false},
		{&s.clearForgeTeamRepos, clearForgeTeamReposSQL, false},
		{&s.addForgeTeamRepo, addForgeTeamRepoSQL, false},
		{&s.upsertRun, upsertRunSQL, true},
		{&s.upsertRunRows, upsertRunRowsSQL, true},
		{&s.upsertJob, upsertJobSQL, true},
		{&s.upsertJobRows, upsertJobRowsSQL, true},
		{&s.upsertFinding, upsertFindingSQL, true},
		{&s.upsertAnalysis, upsertAnalysisSQL, true},
		{&s.upsertPullRequest, upsertPullRequestSQL, true},
		{&s.upsertReview, upsertReviewSQL, true},
		{&s.upsertDeployment, upsertDeploymentSQL, true},
		{&s.upsertDeploymentStatus, upsertDeploymentStatusSQL, true},
		{&s.upsertObservation, upsertObservationSQL, true},
		{&s.upsertCursor, upsertCursorSQL, false},
		{&s.groupSample, groupSampleSQL, false},
		{&s.setGroupCategories, setGroupCategoriesSQL, true},
		{&s.setRunCategories, setRunCategoriesSQL, true},
		{&s.bumpFactsVersion, bumpFactsVersionSQL, false},
	}
}

// statement is one ingest statement: prepared on SQLite; on Postgres, its text
// with Postgres's parameters, and for a statement that writes facts rows, with
// the facts version's mark in the same statement (dialect.markFacts).
type statement struct {
	prepared *sql.Stmt
	text     string
}

func prepareStatements(ctx context.Context, db *sql.DB, x dialect) (*statements, error) {
	s := &statements{}
	for _, p := range s.all() {
		if x.markFacts != nil {
			query := p.query
			if p.facts {
				query = x.markFacts(query)
			}
			*p.dst = &statement{text: dollarPlaceholders(query)}
			continue
		}
		stmt, err := db.PrepareContext(ctx, p.query)
		if err != nil {
			_ = s.close()
			return nil, fmt.Errorf("prepare %.40q: %w", p.query, err)
		}
		*p.dst = &statement{prepared: stmt, text: p.query}
	}
	return s, nil
}

func (s *statements) close() error {
	var errs []error
	for _, p := range s.all() {
		if *p.dst != nil && (*p.dst).prepared != nil {
			errs = append(errs, (*p.dst).prepared.Close())
		}
	}
	return errors.Join(errs...)
}
