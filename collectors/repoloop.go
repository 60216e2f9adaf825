package collectors

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// RepoFailure is one resource's failure in a repo's share of a pass.
type RepoFailure struct {
	Resource string
	Err      error
}

// RepoPass describes a per-repo pass for RunRepos. T is the forge's own
// description of a repo (GitHub repo, GitLab project).
type RepoPass[T any] struct {
	Source      string // the collector's name, for progress and errors
	Concurrency int    // repos collected at once (at least one)
	Noun        string // "repo" or "project", for errors
	// RepoTimeout, when positive, bounds each repo's Collect: its ctx ends
	// then with a deadline cause (see RepoSteps).
	RepoTimeout time.Duration
	// SourceWide marks failures that stop the whole pass: a failure that
	// errors.Is it cancels the pass and is returned as is.
	SourceWide error
	// Name is the repo's full name, as the summary and progress show it.
	Name func(T) string
	// Collect runs one repo and returns its failures and the records it
	// reports to progress; how those are counted is the forge's choice.
	Collect func(ctx context.Context, repo T) (failures []RepoFailure, records int64)
	// Progress, when set, is called after each repo.
	Progress func(Progress)
	// Failed, when set, is told each failure recorded in sum, one at a time.
	Failed func(repo string, f RepoFailure)
}

// RunRepos runs p over repos with bounded concurrency, adding each repo's
// failures to sum. It stops feeding repos once a failure is source-wide or
// ctx ends, and returns why the pass stopped. When ctx ends on the pass's
// deadline, the pass did not fail: the repos it cut short and those it did
// not reach are failures in sum, each reported as timed out.
func RunRepos[T any](ctx context.Context, p RepoPass[T], repos []T, sum *Summary) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)

	work := make(chan T)
	var mu sync.Mutex
	var wg sync.WaitGroup
	done := 0
	// A zero Concurrency would start no worker and block the feed forever.
	for range min(max(p.Concurrency, 1), max(len(repos), 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for repo := range work {
				name := p.Name(repo)
				rctx, cancelRepo := withDeadline(ctx, false, p.RepoTimeout)
				failures, records := p.Collect(rctx, repo)
				cancelRepo()
				mu.Lock()
				done++
				var first error
				for _, f := range failures {
					if errors.Is(f.Err, p.SourceWide) {
						cancel(f.Err)
						continue
					}
					if ctx.Err() != nil && !errors.Is(f.Err, ErrTimedOut) {
						continue // the pass is stopping; not this repo's fault
					}
					sum.Errors = append(sum.Errors, RepoError{Repo: name, Resource: f.Resource, Err: f.Err.Error()})
					if p.Failed != nil {
						p.Failed(name, f)
					}
					if first == nil {
						first = f.Err
					}
				}
				if first != nil {
					sum.ReposFailed++
				}
				n := done
				mu.Unlock()
				if p.Progress != nil {
					p.Progress(Progress{Source: p.Source, Repo: name, Done: n, Total: len(repos), Records: records, Err: first})
				}
			}
		}()
	}
	fed := 0
feed:
	for _, repo := range repos {
		select {
		case work <- repo:
			fed++
		case <-ctx.Done():
			break feed
		}
	}
	close(work)
	wg.Wait()

	if d := deadlineOf(ctx); d != nil {
		for _, repo := range repos[fed:] {
			err := &TimeoutError{Noun: p.Noun, Repo: p.Name(repo), deadline: d}
			sum.Errors = append(sum.Errors, RepoError{Repo: err.Repo, Err: err.Error()})
			sum.ReposFailed++
		}
		return nil
	}
	if cause := context.Cause(ctx); cause != nil {
		if errors.Is(cause, p.SourceWide) {
			return cause
		}
		return fmt.Errorf("source %q: collection stopped: %w", p.Source, cause)
	}
	return nil
}
