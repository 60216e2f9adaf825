package gitlabsrc

import (
	"context"
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
	*collectors.RepoRun
	c *Collector
	p projectRef
	// tiers maps environment names to tiers, read once per pass when needed.
	tiers map[string]string
	// walkSince is the updated_after of the REST walk under way.
	walkSince time.Time
	// listed holds the jobs lists read for the page of pipelines under way, so
	// a pipeline whose attempt and sample both need its jobs reads them once.
	listed map[int64][]*job
}

// Collect runs one pass over the group. A source-wide failure (bad token,
// unknown group, unreachable server) is returned as one sentence naming the
// source; a project's failure is recorded on its cursor and in the summary,
// and the other projects carry on.
func (c *Collector) Collect(ctx context.Context, store model.Store, opts collectors.RunOptions) (collectors.Summary, error) {
	c.gqlPipelinesOff.Store(false)
	c.gqlNotesOff.Store(false)
	return collectors.ForgePass[projectRef]{
		Source: c.cfg.Name, Concurrency: c.cfg.Concurrency, SourceWide: collectors.ErrSourceWide,
		RepoTimeout: c.cfg.RepoTimeout, PassTimeout: c.cfg.PassTimeout,
		Clock: c.Clock, Requests: &c.meter.requests, NotModified: &c.meter.notModified,
		Log: c.logger(), Forge: "gitlab", Noun: "project",
		List: func(ctx context.Context, now time.Time, records *atomic.Int64) ([]projectRef, error) {
			return c.collectGroup(ctx, store, now, records)
		},
		Name:     func(p projectRef) string { return p.FullName },
		Classify: c.projectError,
		Steps: func(run *collectors.RepoRun, p projectRef) []collectors.Step {
			return (&projectRun{RepoRun: run, c: c, p: p}).steps()
		},
	}.Run(ctx, store, opts)
}

// steps are every resource of one project.
func (r *projectRun) steps() []collectors.Step {
	return []collectors.Step{
		{Resource: model.ResourceRuns, Run: r.collectPipelines},
		{Resource: model.ResourcePulls, Run: r.collectMergeRequests},
		{Resource: model.ResourceDeployments, Run: r.collectDeployments},
		{Resource: model.ResourceFindings, Run: r.collectVulnerabilities},
	}
}
