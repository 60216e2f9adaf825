package gitlabsrc

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/paved-dev/paved/collectors"
	"github.com/paved-dev/paved/model"
)

// projectRef is what the per-project pass needs to know about a project.
type projectRef struct {
	ID            int64
	FullName      string // path_with_namespace, as requests address it
	DefaultBranch string
}

// projectRun is one project's share of a pass.
type projectRun struct {
	c       *Collector
	store   model.Store
	opts    collectors.RunOptions
	now     time.Time
	p       projectRef
	records *atomic.Int64
	stored  int64 // this project's records
	// closing collects the cursors of resources that had nothing new (304);
	// it is stored when the project is done.
	closing model.Batch
	// tiers maps environment names to tiers, read once per pass when needed.
	tiers map[string]string
	// walkSince is the updated_after of the REST walk under way.
	walkSince time.Time
}

func (r *projectRun) apply(ctx context.Context, b model.Batch) error {
	b.Source = r.c.cfg.Name
	collectors.MarkSeen(b.Findings, r.now)
	if err := r.store.Apply(ctx, b); err != nil {
		return fmt.Errorf("store: %w", err)
	}
	r.records.Add(int64(b.Len()))
	r.stored += int64(b.Len())
	return nil
}

// Collect runs one pass over the group. A source-wide failure (bad token,
// unknown group, unreachable server) is returned as one sentence naming the
// source; a project's failure is recorded on its cursor and in the summary,
// and the other projects carry on.
func (c *Collector) Collect(ctx context.Context, store model.Store, opts collectors.RunOptions) (sum collectors.Summary, err error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	var records atomic.Int64
	defer collectors.TallyPass(&sum, c.cfg.Name, c.Clock, &records, &c.meter.requests, &c.meter.notModified)()

	now := opts.Now().UTC()
	c.gqlPipelinesOff.Store(false)
	projects, err := c.collectGroup(ctx, store, now, &records)
	if err != nil {
		return sum, err
	}
	sum.Repos = len(projects)
	err = c.collectProjects(ctx, store, opts, now, projects, &records, &sum)
	return sum, err
}

// collectProjects runs the per-project pass with bounded concurrency.
func (c *Collector) collectProjects(ctx context.Context, store model.Store, opts collectors.RunOptions, now time.Time,
	projects []projectRef, records *atomic.Int64, sum *collectors.Summary) error {
	return collectors.RunRepos(ctx, collectors.RepoPass[projectRef]{
		Source: c.cfg.Name, Concurrency: c.cfg.Concurrency, SourceWide: errSourceWide,
		Name: func(p projectRef) string { return p.FullName },
		Collect: func(ctx context.Context, p projectRef) ([]collectors.RepoFailure, int64) {
			r := &projectRun{c: c, store: store, opts: opts, now: now, p: p, records: records}
			// Progress shows this project's own records, counted as they are stored.
			failures := r.collect(ctx)
			return failures, r.stored
		},
		Progress: opts.Progress,
	}, projects, sum)
}

// collect runs every resource of one project.
func (r *projectRun) collect(ctx context.Context) []collectors.RepoFailure {
	steps := []collectors.Step{
		{Resource: resRuns, Run: r.collectPipelines},
		{Resource: resPulls, Run: r.collectMergeRequests},
		{Resource: resDeployments, Run: r.collectDeployments},
		{Resource: resFindings, Run: r.collectVulnerabilities},
	}
	return collectors.RepoSteps{
		Source: r.c.cfg.Name, Repo: r.p.FullName, Noun: "project", Store: r.store, Now: r.now,
		SourceWide: errSourceWide,
		Classify: func(resource string, err error) error {
			return r.c.projectError(r.p.FullName, resource, err)
		},
		Log: r.c.logger(), Forge: "gitlab",
		Closing: &r.closing, Apply: r.apply,
	}.Run(ctx, steps)
}
