package collectors

import (
	"context"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/paved-dev/paved/model"
)

// RepoRun is the forge-neutral part of one repo's share of a pass: where its
// batches go and how their records are counted. A forge's own run embeds it.
type RepoRun struct {
	Source string // the collector's name, stamped on every batch
	Store  model.Store
	Opts   RunOptions
	Now    time.Time // the pass's data clock, UTC
	// Records counts the pass's records, all repos.
	Records *atomic.Int64
	// Stored counts this repo's records, as progress reports them.
	Stored int64
	// Closing collects the cursors of resources that had nothing new (304,
	// feature off) and their observations; it is stored when the repo is done.
	Closing model.Batch
}

// Apply stores b as the source's, with its findings seen at Now, and counts
// its records.
func (r *RepoRun) Apply(ctx context.Context, b model.Batch) error {
	b.Source = r.Source
	MarkSeen(b.Findings, r.Now)
	if err := r.Store.Apply(ctx, b); err != nil {
		return fmt.Errorf("store: %w", err)
	}
	r.Records.Add(int64(b.Len()))
	r.Stored += int64(b.Len())
	return nil
}

// ForgePass is a forge collector's pass over its org or group, whose repos
// (GitHub repos, GitLab projects) the forge describes as T.
type ForgePass[T any] struct {
	Source      string // the collector's name
	Concurrency int    // repos collected at once
	// RepoTimeout bounds each repo's share of the pass, PassTimeout the
	// whole pass (when positive).
	RepoTimeout, PassTimeout time.Duration
	// SourceWide is the sentinel of failures that stop the whole pass.
	SourceWide error
	// Clock is the wall clock the pass's duration is measured with.
	Clock func() time.Time
	// Requests and NotModified are the client's running counters.
	Requests, NotModified *atomic.Int64
	Log                   *slog.Logger
	Forge                 string // "github" or "gitlab", for log messages
	Noun                  string // "repo" or "project", for errors and logs
	// List reads the org's repos and what else is source-wide, storing it
	// with its records counted in records. Its error ends the pass.
	List func(ctx context.Context, now time.Time, records *atomic.Int64) ([]T, error)
	// Name is a repo's full name, as cursors, the summary and progress show it.
	Name func(T) string
	// Classify turns a repo's resource error into the one recorded.
	Classify func(repo, resource string, err error) error
	// Steps are a repo's resources, storing through run.
	Steps func(run *RepoRun, repo T) []Step
	// Deepen, when set, reads history after every repo's latest window
	// (deepen.go).
	Deepen *Deepening[T]
}

// Run runs one pass: the org's list, then every repo's resources with
// bounded concurrency. A source-wide failure is returned; a repo's failure is
// recorded on its cursor and in the summary, and the other repos carry on.
// A repo that outlives RepoTimeout is a failure reported as timed out; when
// the pass outlives PassTimeout, what it stored stays, the repos it cut
// short or did not reach are failures reported as timed out, and the next
// pass resumes from the cursors.
func (p ForgePass[T]) Run(ctx context.Context, store model.Store, opts RunOptions) (sum Summary, err error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	var records atomic.Int64
	defer TallyPass(&sum, p.Source, p.Clock, &records, p.Requests, p.NotModified)()
	ctx, cancel := withDeadline(ctx, true, p.PassTimeout)
	defer cancel()

	now := opts.Now().UTC()
	repos, err := p.List(ctx, now, &records)
	if d := deadlineOf(ctx); err != nil && d != nil {
		return sum, fmt.Errorf("source %q: timed out after %s listing its %ss: %w", p.Source, FormatDuration(d.after), p.Noun, ErrTimedOut)
	}
	if err != nil {
		return sum, err
	}
	sum.Repos = len(repos)
	requests0 := p.Requests.Load()
	failed := newFailedLists()
	err = RunRepos(ctx, RepoPass[T]{
		Source: p.Source, Concurrency: p.Concurrency, SourceWide: p.SourceWide,
		Noun: p.Noun, RepoTimeout: p.RepoTimeout,
		Name:     p.Name,
		Collect:  p.collectRepo(store, opts, now, &records, p.Steps),
		Progress: opts.Progress,
		Failed:   failed.add,
	}, repos, &sum)
	if err != nil || p.Deepen == nil || ctx.Err() != nil {
		return sum, err
	}
	return sum, p.deepen(ctx, store, deepRun{opts: opts, now: now, records: &records, failed: failed}, repos, &sum, requests0)
}

// collectRepo is RunRepos's Collect for the repos' steps.
func (p ForgePass[T]) collectRepo(store model.Store, opts RunOptions, now time.Time, records *atomic.Int64,
	steps func(run *RepoRun, repo T) []Step) func(ctx context.Context, repo T) ([]RepoFailure, int64) {
	return func(ctx context.Context, repo T) ([]RepoFailure, int64) {
		run := &RepoRun{Source: p.Source, Store: store, Opts: opts, Now: now, Records: records}
		name := p.Name(repo)
		failures := RepoSteps{
			Source: p.Source, Repo: name, Noun: p.Noun, Store: store, Now: now,
			SourceWide: p.SourceWide,
			Classify: func(resource string, err error) error {
				return p.Classify(name, resource, err)
			},
			Log: p.Log, Forge: p.Forge,
			Closing: &run.Closing, Apply: run.Apply,
		}.Run(ctx, steps(run, repo))
		// Progress shows this repo's own records, counted as they are stored.
		return failures, run.Stored
	}
}
