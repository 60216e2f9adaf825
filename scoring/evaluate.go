package scoring

import (
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"
)

// engine holds what every snapshot shares: the config and each repo's index,
// built once however many scopes hold the repo.
type engine struct {
	cfg      Config
	criteria map[string][]criterionDef
	repos    []*repoIndex
}

// newEngine indexes every repo of the scopes once, in parallel, and returns each
// scope as positions into e.repos, each repo once, in repo-id order.
func newEngine(cfg Config, scopes ...[]*RepoFacts) (*engine, [][]int) {
	pos := map[*RepoFacts]int{}
	var facts []*RepoFacts
	idx := make([][]int, len(scopes))
	for s, scope := range scopes {
		for _, f := range scope {
			if f == nil {
				continue
			}
			i, ok := pos[f]
			if !ok {
				i = len(facts)
				pos[f] = i
				facts = append(facts, f)
			}
			idx[s] = append(idx[s], i)
		}
	}
	x := NewIndexer(cfg)
	x.Add(facts)
	for s := range idx {
		idx[s] = x.e.order(idx[s])
	}
	return x.e, idx
}

// order sorts positions by repo id and drops repeats.
func (e *engine) order(scope []int) []int {
	slices.SortFunc(scope, func(a, b int) int { return strings.Compare(e.repos[a].id, e.repos[b].id) })
	return slices.Compact(scope)
}

// parallel runs fn(0..n-1) on up to GOMAXPROCS goroutines.
func parallel(n int, fn func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	if workers <= 1 {
		for i := range n {
			fn(i)
		}
		return
	}
	var wg sync.WaitGroup
	next := make(chan int)
	for range workers {
		wg.Go(func() {
			for i := range next {
				fn(i)
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}

// snapshot is one instant's per-repo windows and the buffers scopes pool into.
// Each goroutine of a history owns one and reuses it from instant to instant.
type snapshot struct {
	e       *engine
	asOf    time.Time
	clock   clock
	windows []repoWindow
	ar      arenas
	pool    pool
	summary []RepoSummary // built on first use at this instant
	built   []bool
}

func (e *engine) newSnapshot() *snapshot {
	return &snapshot{e: e, windows: make([]repoWindow, len(e.repos)),
		summary: make([]RepoSummary, len(e.repos)), built: make([]bool, len(e.repos))}
}

// at computes every repo's window at asOf.
func (s *snapshot) at(asOf time.Time) {
	s.reset(asOf)
	for i := range s.e.repos {
		s.window(i)
	}
}

// reset moves the snapshot to asOf with no window computed.
func (s *snapshot) reset(asOf time.Time) {
	s.asOf, s.clock = asOf, newClock(asOf)
	s.ar.reset()
}

// window computes repo i's window at the snapshot's instant.
func (s *snapshot) window(i int) {
	s.e.repos[i].window(&s.windows[i], s.clock, &s.ar)
	s.built[i] = false
}

// score evaluates one scope at the snapshot's instant; full adds each dimension's
// next steps and the scope's repos and flags.
func (s *snapshot) score(scope []int, full bool) Scorecard {
	s.pool.reset()
	for _, i := range scope {
		s.pool.add(&s.windows[i], &s.ar)
	}
	metrics := s.pool.metrics()
	sc := Scorecard{AsOf: s.asOf.UTC(), Dimensions: make(map[string]Dimension, len(Dimensions))}
	for _, d := range Dimensions {
		dim := evalDimension(d, s.e.criteria[d], metrics)
		if full {
			dim.Next = s.nextSteps(dim, scope)
		}
		sc.Dimensions[d] = dim
	}
	sc.Level, sc.Score = overall(sc.Dimensions, s.e.cfg)
	if !full {
		return sc
	}
	sc.Repos, sc.Flags = make([]RepoSummary, 0, len(scope)), []Flag{}
	for _, i := range scope {
		if !s.built[i] {
			s.summary[i] = s.e.repos[i].summary(&s.windows[i])
			s.built[i] = true
		}
		sc.Repos = append(sc.Repos, s.summary[i])
		sc.Flags = append(sc.Flags, s.windows[i].flags...)
	}
	return sc
}

// Evaluate scores one scope (a team's repos, or every repo for the organisation)
// at asOf. A repo listed twice counts once. Call cfg.Validate first: Evaluate
// ignores overrides it would reject. The scorecard's Team is left for the caller.
func Evaluate(facts []*RepoFacts, asOf time.Time, cfg Config) Scorecard {
	e, idx := newEngine(cfg, facts)
	s := e.newSnapshot()
	s.at(asOf)
	return s.score(idx[0], true)
}

// Snapshots are the weekly instants, Monday 00:00 UTC, oldest first: the latest at
// or before asOf and the weeks−1 Mondays before it.
func Snapshots(asOf time.Time, weeks int) []time.Time {
	if weeks <= 0 {
		return nil
	}
	t := asOf.UTC()
	midnight := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	sinceMonday := (int(midnight.Weekday()) + 6) % 7
	latest := midnight.AddDate(0, 0, -sinceMonday)
	out := make([]time.Time, weeks)
	for i := range weeks {
		out[weeks-1-i] = latest.AddDate(0, 0, -7*i)
	}
	return out
}

// EvaluateHistory scores every scope at every instant of Snapshots(asOf, weeks);
// each scope's scorecards are oldest first and carry the scope key as Team.Slug.
func EvaluateHistory(scopes map[string][]*RepoFacts, asOf time.Time, weeks int, cfg Config) map[string][]Scorecard {
	return EvaluateAt(scopes, Snapshots(asOf, weeks), cfg)
}

// EvaluateAt scores every scope at every given instant; each scope's scorecards
// follow the order of instants and carry the scope key as Team.Slug. Each repo is
// indexed once, and at each instant its window is computed once and pooled into
// every scope that holds it, so an extra instant (an off-Monday "now" beside the
// weekly history) costs one window per repo, not a second index. Instants are
// spread over GOMAXPROCS goroutines.
func EvaluateAt(scopes map[string][]*RepoFacts, instants []time.Time, cfg Config) map[string][]Scorecard {
	h := NewHistory(scopes, cfg)
	out := make(map[string][]Scorecard, len(h.scopes))
	for _, key := range h.scopes {
		out[key] = make([]Scorecard, len(instants))
	}
	_ = h.Walk(instants, func(i int, in *Instant) error {
		for k, key := range h.scopes {
			out[key][i] = in.Score(k, true) // distinct i per goroutine: no two write one element
		}
		return nil
	})
	return out
}
