package gitlabsrc

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/paved-dev/paved/collectors"
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
	store   collectors.Store
	opts    collectors.RunOptions
	now     time.Time
	p       projectRef
	records *atomic.Int64
	// closing collects the cursors of resources that had nothing new (304);
	// it is stored when the project is done.
	closing collectors.Batch
	// tiers maps environment names to tiers, read once per pass when needed.
	tiers map[string]string
}

func (r *projectRun) apply(ctx context.Context, b collectors.Batch) error {
	b.Source = r.c.cfg.Name
	if err := r.store.Apply(ctx, b); err != nil {
		return fmt.Errorf("store: %w", err)
	}
	r.records.Add(int64(b.Len()))
	return nil
}

// Collect runs one pass over the group. A source-wide failure (bad token,
// unknown group, unreachable server) is returned as one sentence naming the
// source; a project's failure is recorded on its cursor and in the summary,
// and the other projects carry on.
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
	projects, err := c.collectGroup(ctx, store, now, &records)
	if err != nil {
		return sum, err
	}
	sum.Repos = len(projects)
	err = c.collectProjects(ctx, store, opts, now, projects, &records, &sum)
	return sum, err
}

// collectProjects runs the per-project pass with bounded concurrency.
func (c *Collector) collectProjects(ctx context.Context, store collectors.Store, opts collectors.RunOptions, now time.Time,
	projects []projectRef, records *atomic.Int64, sum *collectors.Summary) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)

	work := make(chan projectRef)
	var mu sync.Mutex
	var wg sync.WaitGroup
	done := 0
	for range min(c.cfg.Concurrency, max(len(projects), 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range work {
				r := &projectRun{c: c, store: store, opts: opts, now: now, p: p, records: records}
				before := records.Load()
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
						continue // the pass is stopping; not this project's fault
					}
					sum.Errors = append(sum.Errors, collectors.RepoError{Repo: p.FullName, Resource: f.resource, Err: f.err.Error()})
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
					opts.Progress(collectors.Progress{Source: c.cfg.Name, Repo: p.FullName, Done: n,
						Total: len(projects), Records: records.Load() - before, Err: first})
				}
			}
		}()
	}
feed:
	for _, p := range projects {
		select {
		case work <- p:
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

// collect runs every resource of one project. One resource's failure is
// recorded on its cursor and does not stop the others: they are independent.
func (r *projectRun) collect(ctx context.Context) []failure {
	steps := []struct {
		resource string
		run      func(context.Context) error
	}{
		{resRuns, r.collectPipelines},
		{resPulls, r.collectMergeRequests},
		{resDeployments, r.collectDeployments},
		{resFindings, r.collectVulnerabilities},
	}
	var failures []failure
	for _, s := range steps {
		if ctx.Err() != nil {
			return failures
		}
		err := s.run(ctx)
		if err == nil {
			continue
		}
		err = r.c.projectError(r.p.FullName, s.resource, err)
		failures = append(failures, failure{s.resource, err})
		if errors.Is(err, errSourceWide) {
			return failures
		}
		if ctx.Err() == nil {
			r.c.logger().Warn("gitlab project sync failed", "source", r.c.cfg.Name, "project", r.p.FullName,
				"resource", s.resource, "err", err.Error())
			if rerr := r.store.RecordError(ctx, r.c.cfg.Name, r.p.FullName, s.resource, err.Error(), r.now); rerr != nil {
				failures = append(failures, failure{s.resource, fmt.Errorf("project %s: %s: %w", r.p.FullName, s.resource, rerr)})
			}
		}
	}
	if len(r.closing.Cursors) > 0 && ctx.Err() == nil {
		if err := r.apply(ctx, r.closing); err != nil {
			failures = append(failures, failure{"cursors", fmt.Errorf("project %s: %w", r.p.FullName, err)})
		}
	}
	return failures
}
