package collectors

import (
	"context"
	"fmt"
	"slices"
	"sync"
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

// deepRun is what the deepening rounds share with the pass's first phase.
type deepRun struct {
	opts    RunOptions
	now     time.Time
	records *atomic.Int64
	failed  failedLists
}

// deepen runs the rounds over the repos with history left. Before the first,
// it tells opts.OnWindow that every repo's latest window is stored.
func (p ForgePass[T]) deepen(ctx context.Context, store model.Store, run deepRun, repos []T, sum *Summary, requests0 int64) error {
	pending, err := p.pendingOf(ctx, repos, run.failed)
	if err != nil || len(pending) == 0 {
		return err
	}
	sum.HistoryPending = len(pending)
	sum.WindowRequests = p.Requests.Load() - requests0
	if run.opts.OnWindow != nil {
		run.opts.OnWindow(p.Source)
	}
	err = p.rounds(ctx, store, run, pending, sum)
	// The pass's ctx may have ended: these are local reads.
	left, perr := p.pendingOf(context.WithoutCancel(ctx), repos, newFailedLists())
	sum.HistoryPending = len(left)
	if err != nil {
		return err
	}
	return perr
}

// roundTask is one repo's deepening round.
type roundTask[T any] struct {
	repo  T
	round int
	order int // the repo's place in the pass, to break ties
}

// rounds deepens the repos' history round by round without waiting for a
// round to end before the next begins: a worker always takes the lowest
// round left (then the repos in pass order), and a repo's next round is
// queued when its round is done and history is left. So no repo is a round
// ahead of one waiting, and one repo with much history does not hold up
// the others. Each task runs as a one-repo RunRepos, with its deadline and
// failure rules; a repo's failure is counted once per pass.
func (p ForgePass[T]) rounds(ctx context.Context, store model.Store, run deepRun, pending []T, sum *Summary) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	d := p.Deepen
	var mu sync.Mutex
	wake := sync.NewCond(&mu)
	queue := make([]roundTask[T], 0, len(pending))
	for i, repo := range pending {
		queue = append(queue, roundTask[T]{repo: repo, round: 1, order: i})
	}
	busy := 0
	failing := map[string]bool{}
	for _, e := range sum.Errors {
		failing[e.Repo] = true
	}
	var stop error
	next := func() (roundTask[T], bool) {
		mu.Lock()
		defer mu.Unlock()
		for len(queue) == 0 && busy > 0 && ctx.Err() == nil {
			wake.Wait()
		}
		if len(queue) == 0 || ctx.Err() != nil || d.Exhausted() {
			wake.Broadcast()
			return roundTask[T]{}, false
		}
		i := 0
		for j := range queue {
			if byRound(queue[j], queue[i]) < 0 {
				i = j
			}
		}
		t := queue[i]
		queue = slices.Delete(queue, i, i+1)
		busy++
		return t, true
	}
	var wg sync.WaitGroup
	for range min(max(p.Concurrency, 1), len(pending)) {
		wg.Go(func() {
			for {
				t, ok := next()
				if !ok {
					return
				}
				var rs Summary
				err := RunRepos(ctx, RepoPass[T]{
					Source: p.Source, Concurrency: 1, SourceWide: p.SourceWide,
					Noun: p.Noun, RepoTimeout: p.RepoTimeout, Name: p.Name,
					Collect: p.collectRepo(store, run.opts, run.now, run.records, func(r *RepoRun, repo T) []Step {
						return run.failed.without(p.Name(repo), d.Steps(r, repo, t.round))
					}),
					Failed: run.failed.add,
				}, []T{t.repo}, &rs)
				more := false
				if err == nil && ctx.Err() == nil && t.round < d.Rounds {
					left, perr := p.pendingOf(ctx, []T{t.repo}, run.failed)
					more, err = len(left) > 0, perr
				}
				mu.Lock()
				for _, e := range rs.Errors {
					sum.Errors = append(sum.Errors, e)
					if !failing[e.Repo] {
						failing[e.Repo] = true
						sum.ReposFailed++
					}
				}
				if err != nil && stop == nil {
					stop = err
					cancel(err)
				}
				if more {
					queue = append(queue, roundTask[T]{repo: t.repo, round: t.round + 1, order: t.order})
				}
				busy--
				wake.Broadcast()
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return stop
}

// byRound orders tasks by round, then by the repo's place in the pass.
func byRound[T any](a, b roundTask[T]) int {
	if a.round != b.round {
		return a.round - b.round
	}
	return a.order - b.order
}

// pendingOf is the repos with history left to read, less those failed
// as a whole in this pass.
func (p ForgePass[T]) pendingOf(ctx context.Context, repos []T, failed failedLists) ([]T, error) {
	var out []T
	for _, repo := range repos {
		if failed.has(p.Name(repo), "") {
			continue
		}
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
