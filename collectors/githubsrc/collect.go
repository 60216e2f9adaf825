package githubsrc

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/paved-dev/paved/collectors"
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
}

// repoRun is one repo's share of a pass.
type repoRun struct {
	c       *Collector
	store   collectors.Store
	opts    collectors.RunOptions
	now     time.Time
	repo    repoRef
	records *atomic.Int64 // the pass's records, all repos
	stored  int64         // this repo's records
	// closing collects the cursors of resources that had nothing new (304,
	// feature off) and their observations; it is stored when the repo is done.
	closing collectors.Batch
}

func (r *repoRun) apply(ctx context.Context, b collectors.Batch) error {
	b.Source = r.c.cfg.Name
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
func (c *Collector) Collect(ctx context.Context, store collectors.Store, opts collectors.RunOptions) (sum collectors.Summary, err error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	started := c.Clock()
	req0, nm0 := c.meter.requests.Load(), c.meter.notModified.Load()
	var records atomic.Int64
	sum.Source = c.cfg.Name
	defer func() {
		sum.Records = records.Load()
		sum.Requests = c.meter.requests.Load() - req0
		sum.NotModified = c.meter.notModified.Load() - nm0
		sum.Duration = c.Clock().Sub(started)
	}()

	now := opts.Now().UTC()
	c.gqlOff.Store(false) // a server that refused GraphQL last pass may serve it now
	repos, err := c.collectOrg(ctx, store, now, &records)
	if err != nil {
		return sum, err
	}
	sum.Repos = len(repos)
	err = c.collectRepos(ctx, store, opts, now, repos, &records, &sum)
	return sum, err
}

// collectRepos runs the per-repo pass with bounded concurrency.
func (c *Collector) collectRepos(ctx context.Context, store collectors.Store, opts collectors.RunOptions, now time.Time,
	repos []repoRef, records *atomic.Int64, sum *collectors.Summary) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)

	work := make(chan repoRef)
	var mu sync.Mutex
	var wg sync.WaitGroup
	done := 0
	for range min(c.cfg.Concurrency, max(len(repos), 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for repo := range work {
				r := &repoRun{c: c, store: store, opts: opts, now: now, repo: repo, records: records}
				failures := r.collect(ctx)
				mu.Lock()
				done++
				var first error
				for _, f := range failures {
					if errors.Is(f.err, errSourceWide) {
						cancel(f.err)
						continue
					}
					if ctx.Err() != nil {
						continue // the pass is stopping; not this repo's fault
					}
					sum.Errors = append(sum.Errors, collectors.RepoError{Repo: repo.FullName, Resource: f.resource, Err: f.err.Error()})
					if first == nil {
						first = f.err
					}
				}
				if first != nil {
					sum.ReposFailed++
				}
				n := done
				mu.Unlock()
				if opts.Progress != nil {
					opts.Progress(collectors.Progress{Source: c.cfg.Name, Repo: repo.FullName, Done: n,
						Total: len(repos), Records: r.stored, Err: first})
				}
			}
		}()
	}
feed:
	for _, repo := range repos {
		select {
		case work <- repo:
		case <-ctx.Done():
			break feed
		}
	}
	close(work)
	wg.Wait()

	if cause := context.Cause(ctx); cause != nil {
		if errors.Is(cause, errSourceWide) {
			return cause
		}
		return fmt.Errorf("source %q: collection stopped: %w", c.cfg.Name, cause)
	}
	return nil
}

type failure struct {
	resource string
	err      error
}

// collect runs every resource of one repo. One resource's failure is recorded
// on its cursor and does not stop the others: they are independent lists.
func (r *repoRun) collect(ctx context.Context) []failure {
	steps := []struct {
		resource string
		run      func(context.Context) error
	}{
		{resRuns, r.collectRuns},
		{resCodeScanning, r.collectCodeScanning},
		{resAnalyses, r.collectAnalyses},
		{resDependabot, r.collectDependabot},
		{resSecrets, r.collectSecrets},
		{resPulls, r.collectPulls},
		{resDeployments, r.collectDeployments},
	}
	var failures []failure
	for _, s := range steps {
		if ctx.Err() != nil {
			return failures
		}
		if err := s.run(ctx); err != nil {
			err = r.c.repoError(r.repo.FullName, s.resource, err)
			failures = append(failures, failure{s.resource, err})
			if errors.Is(err, errSourceWide) {
				return failures
			}
			if ctx.Err() == nil {
				r.c.logger().Warn("github repo sync failed", "source", r.c.cfg.Name, "repo", r.repo.FullName,
					"resource", s.resource, "err", err.Error())
				if rerr := r.store.RecordError(ctx, r.c.cfg.Name, r.repo.FullName, s.resource, err.Error(), r.now); rerr != nil {
					failures = append(failures, failure{s.resource, fmt.Errorf("repo %s: %s: %w", r.repo.FullName, s.resource, rerr)})
				}
			}
		}
	}
	if len(r.closing.Cursors) > 0 && ctx.Err() == nil {
		if err := r.apply(ctx, r.closing); err != nil {
			failures = append(failures, failure{"cursors", fmt.Errorf("repo %s: %w", r.repo.FullName, err)})
		}
	}
	return failures
}
