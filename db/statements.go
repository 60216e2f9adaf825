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
	repoID                     *statement
	upsertRepo                 *statement
	upsertForgeTeam            *statement
	clearForgeTeamRepos        *statement
	addForgeTeamRepo           *statement
	upsertRun                  *statement
	upsertRunRows              *statement
	upsertJob                  *statement
	upsertJobRows              *statement
	upsertFinding              *statement
	upsertFindingRows          *statement
	upsertAnalysis             *statement
	upsertAnalysisRows         *statement
	upsertPullRequest          *statement
	upsertPullRequestRows      *statement
	upsertReview               *statement
	upsertReviewRows           *statement
	upsertDeployment           *statement
	upsertDeploymentRows       *statement
	upsertDeploymentStatus     *statement
	upsertDeploymentStatusRows *statement
	upsertObservation          *statement
	upsertCursor               *statement
	groupSample                *statement
	setGroupCategories         *statement
	setRunCategories           *statement
	bumpFactsVersion           *statement
}

func (s *statements) all() []struct {
	dst   **statement
	query string
	facts bool // writes a repo's facts rows, the repo's id bound first
	many  *manyRows
} {
	return []struct {
		dst   **statement
		query string
		facts bool
		many  *manyRows
	}{
		{&s.repoID, repoIDSQL, false, nil},
		{&s.upsertRepo, upsertRepoSQL, false, nil},
		{&s.upsertForgeTeam, upsertForgeTeamSQL, false, nil},
		{&s.clearForgeTeamRepos, clearForgeTeamReposSQL, false, nil},
		{&s.addForgeTeamRepo, addForgeTeamRepoSQL, false, nil},
		{&s.upsertRun, upsertRunSQL, true, nil},
		{&s.upsertRunRows, runsMany.sqlite(), true, &runsMany},
		{&s.upsertJob, upsertJobSQL, true, nil},
		{&s.upsertJobRows, jobsMany.sqlite(), true, &jobsMany},
		{&s.upsertFinding, upsertFindingSQL, true, nil},
		{&s.upsertFindingRows, "", true, &findingsMany},
		{&s.upsertAnalysis, upsertAnalysisSQL, true, nil},
		{&s.upsertAnalysisRows, "", true, &analysesMany},
		{&s.upsertPullRequest, upsertPullRequestSQL, true, nil},
		{&s.upsertPullRequestRows, "", true, &pullRequestsMany},
		{&s.upsertReview, upsertReviewSQL, true, nil},
		{&s.upsertReviewRows, "", true, &reviewsMany},
		{&s.upsertDeployment, upsertDeploymentSQL, true, nil},
		{&s.upsertDeploymentRows, "", true, &deploymentsMany},
		{&s.upsertDeploymentStatus, upsertDeploymentStatusSQL, true, nil},
		{&s.upsertDeploymentStatusRows, "", true, &deploymentStatusesMany},
		{&s.upsertObservation, upsertObservationSQL, true, nil},
		{&s.upsertCursor, upsertCursorSQL, false, nil},
		{&s.groupSample, groupSampleSQL, false, nil},
		{&s.setGroupCategories, setGroupCategoriesSQL, true, nil},
		{&s.setRunCategories, setRunCategoriesSQL, true, nil},
		{&s.bumpFactsVersion, bumpFactsVersionSQL, false, nil},
	}
}

// statement is one ingest statement: prepared on SQLite; on Postgres, its text
// with Postgres's parameters, and for a statement that writes facts rows, with
// the facts version's mark in the same statement (dialect.markFacts).
type statement struct {
	prepared *sql.Stmt
	text     string
	// arrays, on Postgres's many-row upserts, is the SQL type of each column
	// bound as an array after the repo's id (arraysUpsertSQL); keyColumns of
	// them are the key's, and flag says a scalar parameter follows them.
	arrays     []string
	keyColumns int
	flag       bool
}

func prepareStatements(ctx context.Context, db *sql.DB, x dialect) (*statements, error) {
	s := &statements{}
	var types map[string]map[string]string
	if x.markFacts != nil {
		var tables []string
		for _, p := range s.all() {
			if p.many != nil {
				tables = append(tables, p.many.table)
			}
		}
		var err error
		if types, err = columnTypes(ctx, db, tables); err != nil {
			return nil, err
		}
	}
	for _, p := range s.all() {
		if x.markFacts != nil && p.many != nil {
			st, err := arraysUpsertSQL(*p.many, types[p.many.table])
			if err != nil {
				return nil, err
			}
			st.text = dollarPlaceholders(x.markFacts(st.text))
			*p.dst = st
			continue
		}
		if x.markFacts != nil {
			query := p.query
			if p.facts {
				query = x.markFacts(query)
			}
			*p.dst = &statement{text: dollarPlaceholders(query)}
			continue
		}
		if p.query == "" {
			continue // a many-row upsert that only Postgres has
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
