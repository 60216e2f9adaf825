package collectors

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/paved-dev/paved/model"
)

// Deepening is a pass's second phase: once every repo's latest window is
// stored (the first phase), history is read further back a week at a time,
// every repo a week per round, so that how far history reaches is the same
// for every repo, and the pass stops when its share of the quota is spent.
// What a round stores is committed with its history cursors page by page;
// the next pass goes on from them.
type Deepening[T any] struct {
	// Rounds is how many weekly rounds reach the target (History.Rounds).
	Rounds int
	// Pending reports whether repo has history left to read, from its
	// stored cursors only.
	Pending func(ctx context.Context, repo T) (bool, error)
	// Steps read repo's history down to round's floor (History.RoundFloor).
	Steps func(run *RepoRun, repo T, round int) []Step
	// Exhausted reports that the pass has spent its share of the quota.
	Exhausted func() bool
}

// deepen runs the rounds over the repos with history left. Before the first,
// it tells opts.OnWindow that every repo's latest window is stored. A repo
// that fails in a round is left out of later rounds; its failure is the
// pass's like any other.
func (p ForgePass[T]) deepen(ctx context.Context, store model.Store, opts RunOptions, now time.Time,
	records *atomic.Int64, repos []T, sum *Summary, requests0 int64) error {
	pending, err := p.pendingOf(ctx, repos)
	if err != nil || len(pending) == 0 {
		return err
	}
	sum.HistoryPending = len(pending)
	sum.WindowRequests = p.Requests.Load() - requests0
	if opts.OnWindow != nil {
		opts.OnWindow(p.Source)
	}
	failed := map[string]bool{}
	for _, e := range sum.Errors {
		failed[e.Repo] = true
	}
	d := p.Deepen
	for round := 1; round <= d.Rounds; round++ {
		if pending, err = p.pendingOf(ctx, p.without(pending, failed)); err != nil {
			return err
		}
		if len(pending) == 0 || d.Exhausted() {
			break
		}
		var rs Summary
		err = RunRepos(ctx, RepoPass[T]{
			Source: p.Source, Concurrency: p.Concurrency, SourceWide: p.SourceWide,
			Noun: p.Noun, RepoTimeout: p.RepoTimeout, Name: p.Name,
			Collect: p.collectRepo(store, opts, now, records, func(run *RepoRun, repo T) []Step {
				return d.Steps(run, repo, round)
			}),
		}, pending, &rs)
		for _, e := range rs.Errors {
			sum.Errors = append(sum.Errors, e)
			if !failed[e.Repo] {
				failed[e.Repo] = true
				sum.ReposFailed++
			}
		}
		if err != nil || ctx.Err() != nil {
			break
		}
	}
	// Repos left out after a failure still have history to read. The pass's
	// ctx may have ended: these are local reads.
	left, perr := p.pendingOf(context.WithoutCancel(ctx), repos)
	sum.HistoryPending = len(left)
	if err != nil {
		return err
	}
	return perr
}

// without is repos less those named in out.
func (p ForgePass[T]) without(repos []T, out map[string]bool) []T {
	var kept []T
	for _, repo := range repos {
		if !out[p.Name(repo)] {
			kept = append(kept, repo)
		}
	}
	return kept
}

// pendingOf is the repos with history left to read.
func (p ForgePass[T]) pendingOf(ctx context.Context, repos []T) ([]T, error) {
	var out []T
	for _, repo := range repos {
		more, err := p.Deepen.Pending(ctx, repo)
		if err != nil {
			return nil, fmt.Errorf("source %q: %w", p.Source, err)
		}
		if more {
			out = append(out, repo)
		}
	}
	return out, nil
}
