package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// statements are the ingest statements, prepared once on the writer's single
// connection; each Apply binds them to its transaction, so no row re-parses SQL.
type statements struct {
	repoID                 *sql.Stmt
	upsertRepo             *sql.Stmt
	upsertForgeTeam        *sql.Stmt
	clearForgeTeamRepos    *sql.Stmt
	addForgeTeamRepo       *sql.Stmt
	upsertRun              *sql.Stmt
	upsertRunRows          *sql.Stmt
	upsertJob              *sql.Stmt
	upsertJobRows          *sql.Stmt
	upsertFinding          *sql.Stmt
	upsertAnalysis         *sql.Stmt
	upsertPullRequest      *sql.Stmt
	upsertReview           *sql.Stmt
	upsertDeployment       *sql.Stmt
	upsertDeploymentStatus *sql.Stmt
	upsertObservation      *sql.Stmt
	upsertCursor           *sql.Stmt
	groupSample            *sql.Stmt
	setGroupCategories     *sql.Stmt
	setRunCategories       *sql.Stmt
	bumpFactsVersion       *sql.Stmt
}

func (s *statements) all() []struct {
	dst   **sql.Stmt
	query string
} {
	return []struct {
		dst   **sql.Stmt
		query string
	}{
		{&s.repoID, repoIDSQL},
		{&s.upsertRepo, upsertRepoSQL},
		{&s.upsertForgeTeam, upsertForgeTeamSQL},
		{&s.clearForgeTeamRepos, clearForgeTeamReposSQL},
		{&s.addForgeTeamRepo, addForgeTeamRepoSQL},
		{&s.upsertRun, upsertRunSQL},
		{&s.upsertRunRows, upsertRunRowsSQL},
		{&s.upsertJob, upsertJobSQL},
		{&s.upsertJobRows, upsertJobRowsSQL},
		{&s.upsertFinding, upsertFindingSQL},
		{&s.upsertAnalysis, upsertAnalysisSQL},
		{&s.upsertPullRequest, upsertPullRequestSQL},
		{&s.upsertReview, upsertReviewSQL},
		{&s.upsertDeployment, upsertDeploymentSQL},
		{&s.upsertDeploymentStatus, upsertDeploymentStatusSQL},
		{&s.upsertObservation, upsertObservationSQL},
		{&s.upsertCursor, upsertCursorSQL},
		{&s.groupSample, groupSampleSQL},
		{&s.setGroupCategories, setGroupCategoriesSQL},
		{&s.setRunCategories, setRunCategoriesSQL},
		{&s.bumpFactsVersion, bumpFactsVersionSQL},
	}
}

func prepareStatements(ctx context.Context, db *sql.DB) (*statements, error) {
	s := &statements{}
	for _, p := range s.all() {
		stmt, err := db.PrepareContext(ctx, p.query)
		if err != nil {
			_ = s.close()
			return nil, fmt.Errorf("prepare %.40q: %w", p.query, err)
		}
		*p.dst = stmt
	}
	return s, nil
}

func (s *statements) close() error {
	var errs []error
	for _, p := range s.all() {
		if *p.dst != nil {
			errs = append(errs, (*p.dst).Close())
		}
	}
	return errors.Join(errs...)
}
