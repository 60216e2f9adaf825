package db

import (
	"context"
	"fmt"

	"github.com/paved-dev/paved/model"
)

var _ model.Store = (*DB)(nil)

// Apply stores a batch and its cursors in one transaction: all of it or none of it.
// Repos are stored first, so the batch's other records may refer to them. A record
// whose repo is neither in the batch nor already stored fails the whole batch.
// A record with an empty Source belongs to the batch's Source.
func (d *DB) Apply(ctx context.Context, b model.Batch) error {
	var a *applier
	err := retryConflicts(ctx, func() error {
		a = &applier{st: d.stmts, source: b.Source, committed: &d.repoIDs}
		return d.apply(ctx, a, b)
	})
	if err != nil {
		return fmt.Errorf("apply batch of %s: %w", b.Source, err)
	}
	d.repoIDs.add(a.repoIDs)
	return nil
}

// apply is one attempt at Apply's transaction.
func (d *DB) apply(ctx context.Context, a *applier, b model.Batch) error {
	return d.writeOps(ctx, func(w opSink) error {
		a.w = w
		steps := []struct {
			n  int
			fn func() error
		}{
			{len(b.Repos), func() error { return a.repos(b.Repos) }},
			{1, func() error { return a.resolveRepos(b) }},
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
		return nil
	})
}

type repoKey struct {
	source  string
	forgeID int64
}

// applier is the state of one Apply transaction.
type applier struct {
	w      opSink
	st     *statements
	source string

	repoIDs   map[repoKey]int64
	committed *committedRepoIDs
}

func (a *applier) sourceOf(s string) string {
	if s == "" {
		return a.source
	}
	return s
}

// repoID is the stored id of a repo the batch's records refer to, which
// resolveRepos has looked up.
func (a *applier) repoID(source string, forgeID int64) (int64, error) {
	k := repoKey{a.sourceOf(source), forgeID}
	if id, ok := a.repoIDs[k]; ok {
		return id, nil
	}
	return 0, fmt.Errorf("unknown repo %s/%d: store the repo first", k.source, k.forgeID)
}

func (a *applier) remember(k repoKey, id int64) {
	if a.repoIDs == nil {
		a.repoIDs = make(map[repoKey]int64)
	}
	a.repoIDs[k] = id
}
