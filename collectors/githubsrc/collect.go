package githubsrc

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/paved-dev/paved/collectors"
	"github.com/paved-dev/paved/model"
)

// repoRef is what the per-repo pass needs to know about a repo.
type repoRef struct {
	ID       int64
	FullName string
	Owner    string
	Name     string
	// security_and_analysis as the repos list reported it: "enabled",
	// "disabled", or "" when not reported.
	SecretScanning    string
	DependabotUpdates string
	// Listed says the ref came from this pass's repos list. When the list was
	// unchanged (304) the refs come from the store, and the scanner walks use
	// the security_and_analysis report their cursors kept from the last list.
	Listed bool
}

// repoRun is one repo's share of a pass.
type repoRun struct {
	c       *Collector
	store   model.Store
	opts    collectors.RunOptions
	now     time.Time
	repo    repoRef
	records *atomic.Int64 // the pass's records, all repos
	stored  int64         // this repo's records
	// closing collects the cursors of resources that had nothing new (304,
	// feature off) and their observations; it is stored when the repo is done.
	closing model.Batch
}

func (r *repoRun) apply(ctx context.Context, b model.Batch) error {
	b.Source = r.c.cfg.Name
	collectors.MarkSeen(b.Findings, r.now)
	if err := r.store.Apply(ctx, b); err != nil {
		return fmt.Errorf("store: %w", err)
	}
	r.records.Add(int64(b.Len()))
	r.stored += int64(b.Len())
	return nil
}

// Collect runs one pass over the organisation. A source-wide failure (bad
// token, unknown org, unreachable server) is returned as one sentence naming
// the source; a repo's failure is recorded on its cursor and in the summary,
// and the other repos carry on.
func (c *Collector) Collect(ctx context.Context, store model.Store, opts collectors.RunOptions) (sum collectors.Summary, err error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	var records atomic.Int64
	defer collectors.TallyPass(&sum, c.cfg.Name, c.Clock, &records, &c.meter.requests, &c.meter.notModified)()

	now := opts.Now().UTC()
	c.gqlOff.Store(false) // a server that refused GraphQL last pass may serve it now
	repos, err := c.collectOrg(ctx, store, now, opts.Full, &records)
	if err != nil {
		return sum, err
	}
	sum.Repos = len(repos)
	err = c.collectRepos(ctx, store, opts, now, repos, &records, &sum)
	return sum, err
}

// collectRepos runs the per-repo pass with bounded concurrency.
func (c *Collector) collectRepos(ctx context.Context, store model.Store, opts collectors.RunOptions, now time.Time,
	repos []repoRef, records *atomic.Int64, sum *collectors.Summary) error {
	return collectors.RunRepos(ctx, collectors.RepoPass[repoRef]{
		Source: c.cfg.Name, Concurrency: c.cfg.Concurrency, SourceWide: errSourceWide,
		Name: func(repo repoRef) string { return repo.FullName },
		Collect: func(ctx context.Context, repo repoRef) ([]collectors.RepoFailure, int64) {
			r := &repoRun{c: c, store: store, opts: opts, now: now, repo: repo, records: records}
			failures := r.collect(ctx)
			// Progress shows this repo's own records, counted as they are stored.
			return failures, r.stored
		},
		Progress: opts.Progress,
	}, repos, sum)
}

// collect runs every resource of one repo.
func (r *repoRun) collect(ctx context.Context) []collectors.RepoFailure {
	steps := []collectors.Step{
		{Resource: resRuns, Run: r.collectRuns},
		{Resource: resCodeScanning, Run: r.collectCodeScanning},
		{Resource: resAnalyses, Run: r.collectAnalyses},
		{Resource: resDependabot, Run: r.collectDependabot},
		{Resource: resSecrets, Run: r.collectSecrets},
		{Resource: resPulls, Run: r.collectPulls},
		{Resource: resDeployments, Run: r.collectDeployments},
	}
	return collectors.RepoSteps{
		Source: r.c.cfg.Name, Repo: r.repo.FullName, Noun: "repo", Store: r.store, Now: r.now,
		SourceWide: errSourceWide,
		Classify: func(resource string, err error) error {
			return r.c.repoError(r.repo.FullName, resource, err)
		},
		Log: r.c.logger(), Forge: "github",
		Closing: &r.closing, Apply: r.apply,
	}.Run(ctx, steps)
}
