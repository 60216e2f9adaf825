package githubsrc

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/paved-dev/paved/collectors"
	"github.com/paved-dev/paved/model"
)

// repoRef is what the per-repo pass needs to know about a repo.
type repoRef struct {
	ID       int64  // requests address the repo by it (request.go)
	FullName string // cleaned and bounded, as stored; keys the repo's cursors
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
	*collectors.RepoRun
	c    *Collector
	repo repoRef
	// round is the history deepening round (deepen.go), 0 for the pass's
	// first phase: the latest window and what changed since the last pass.
	round int
}

// Collect runs one pass over the organisation. A source-wide failure (bad
// token, unknown org, unreachable server) is returned as one sentence naming
// the source; a repo's failure is recorded on its cursor and in the summary,
// and the other repos carry on.
func (c *Collector) Collect(ctx context.Context, store model.Store, opts collectors.RunOptions) (collectors.Summary, error) {
	c.gqlOff.Store(false) // a server that refused GraphQL last pass may serve it now
	c.budget.StartPass()
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	return collectors.ForgePass[repoRef]{
		Source: c.cfg.Name, Concurrency: c.cfg.Concurrency, SourceWide: collectors.ErrSourceWide,
		RepoTimeout: c.cfg.RepoTimeout, PassTimeout: c.cfg.PassTimeout,
		Clock: c.Clock, Requests: &c.meter.requests, NotModified: &c.meter.notModified,
		Log: c.logger(), Forge: "github", Noun: "repo",
		List: func(ctx context.Context, now time.Time, records *atomic.Int64) ([]repoRef, error) {
			repos, err := c.collectOrg(ctx, store, now, opts.Full, records)
			c.defs.reset(repos)
			return repos, err
		},
		Name:     func(repo repoRef) string { return repo.FullName },
		Classify: c.repoError,
		Steps: func(run *collectors.RepoRun, repo repoRef) []collectors.Step {
			return (&repoRun{RepoRun: run, c: c, repo: repo}).steps()
		},
		Deepen: &collectors.Deepening[repoRef]{
			Rounds: collectors.History{Weeks: c.cfg.HistoryWeeks}.Rounds(),
			Pending: func(ctx context.Context, repo repoRef) (bool, error) {
				return c.pendingHistory(ctx, store, repo, now().UTC())
			},
			Steps: func(run *collectors.RepoRun, repo repoRef, round int) []collectors.Step {
				return (&repoRun{RepoRun: run, c: c, repo: repo, round: round}).historySteps()
			},
			Exhausted: c.budget.Exhausted,
		},
	}.Run(ctx, store, opts)
}

// steps are every resource of one repo.
func (r *repoRun) steps() []collectors.Step {
	return []collectors.Step{
		{Resource: model.ResourceRuns, Run: r.collectRuns},
		{Resource: model.ResourceCodeScanning, Run: r.collectCodeScanning},
		{Resource: model.ResourceAnalyses, Run: r.collectAnalyses},
		{Resource: model.ResourceDependabot, Run: r.collectDependabot},
		{Resource: model.ResourceSecrets, Run: r.collectSecrets},
		{Resource: model.ResourcePulls, Run: r.collectPulls},
		{Resource: model.ResourceDeployments, Run: r.collectDeployments},
	}
}

// historySteps are the lists whose history a deepening round reads.
func (r *repoRun) historySteps() []collectors.Step {
	return []collectors.Step{
		{Resource: model.ResourceRuns, Run: r.collectRuns},
		{Resource: model.ResourceAnalyses, Run: r.collectAnalyses},
		{Resource: model.ResourcePulls, Run: r.collectPulls},
		{Resource: model.ResourceDeployments, Run: r.collectDeployments},
	}
}
