package scoring

import (
	"slices"
	"strings"
	"time"
)

// engine evaluates scopes that share repos: each repo is indexed once, and at each
// snapshot its window is computed once and pooled into every scope that holds it.
type engine struct {
	cfg      Config
	criteria map[string][]criterionDef
	repos    []*repoIndex
	pos      map[*RepoFacts]int
	windows  []repoWindow // per repo, for the current snapshot
	ar       arenas
	pool     pool
	summary  []RepoSummary // per repo, built on first use in the current snapshot
	built    []bool
}

func newEngine(cfg Config) *engine {
	e := &engine{cfg: cfg, criteria: map[string][]criterionDef{}, pos: map[*RepoFacts]int{}}
	for _, d := range Dimensions {
		e.criteria[d] = cfg.criteria(d)
	}
	return e
}

// scope registers a scope's repos, indexing those not seen yet, and returns their
// positions, each repo once, in repo-id order.
func (e *engine) scope(facts []*RepoFacts, bots botSet) []int {
	out := make([]int, 0, len(facts))
	for _, f := range facts {
		if f == nil {
			continue
		}
		i, ok := e.pos[f]
		if !ok {
			i = len(e.repos)
			e.pos[f] = i
			e.repos = append(e.repos, buildIndex(f, e.cfg, bots))
		}
		out = append(out, i)
	}
	slices.SortFunc(out, func(a, b int) int { return strings.Compare(e.repos[a].id, e.repos[b].id) })
	return slices.Compact(out)
}

// snapshot computes every repo's window at asOf.
func (e *engine) snapshot(c clock) {
	if len(e.windows) != len(e.repos) {
		e.windows = make([]repoWindow, len(e.repos))
		e.summary = make([]RepoSummary, len(e.repos))
		e.built = make([]bool, len(e.repos))
	}
	e.ar.reset()
	for i, ix := range e.repos {
		ix.window(&e.windows[i], c, &e.ar)
		e.built[i] = false
	}
}

// score evaluates one scope at the current snapshot.
func (e *engine) score(scope []int, asOf time.Time) Scorecard {
	e.pool.reset()
	for _, i := range scope {
		e.pool.add(&e.windows[i], &e.ar)
	}
	metrics := e.pool.metrics()
	sc := Scorecard{
		AsOf:       asOf.UTC(),
		Dimensions: make(map[string]Dimension, len(Dimensions)),
		Repos:      make([]RepoSummary, 0, len(scope)),
		Flags:      []Flag{},
	}
	for _, d := range Dimensions {
		dim := evalDimension(d, e.criteria[d], metrics)
		dim.Next = e.nextSteps(dim, scope)
		sc.Dimensions[d] = dim
	}
	sc.Level, sc.Score = overall(sc.Dimensions, e.cfg)
	for _, i := range scope {
		if !e.built[i] {
			e.summary[i] = e.repos[i].summary(&e.windows[i])
			e.built[i] = true
		}
		sc.Repos = append(sc.Repos, e.summary[i])
		sc.Flags = append(sc.Flags, e.windows[i].flags...)
	}
	return sc
}

// Evaluate scores one scope (a team's repos, or every repo for the organisation)
// at asOf. Call cfg.Validate first: Evaluate ignores overrides it would reject.
// The scorecard's Team is left for the caller to fill.
func Evaluate(facts []*RepoFacts, asOf time.Time, cfg Config) Scorecard {
	e := newEngine(cfg)
	scope := e.scope(facts, newBotSet(cfg.Bots))
	e.snapshot(newClock(asOf))
	return e.score(scope, asOf)
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

// EvaluateHistory scores every scope at every snapshot of Snapshots(asOf, weeks),
// oldest first. Each repo is indexed once and its window computed once per
// snapshot however many scopes hold it. Each scorecard's Team.Slug is its scope key.
func EvaluateHistory(scopes map[string][]*RepoFacts, asOf time.Time, weeks int, cfg Config) map[string][]Scorecard {
	e := newEngine(cfg)
	bots := newBotSet(cfg.Bots)
	keys := sortedKeys(scopes)
	idx := make([][]int, len(keys))
	for k, key := range keys {
		idx[k] = e.scope(scopes[key], bots)
	}
	snaps := Snapshots(asOf, weeks)
	out := make(map[string][]Scorecard, len(keys))
	for _, key := range keys {
		out[key] = make([]Scorecard, 0, len(snaps))
	}
	for _, at := range snaps {
		e.snapshot(newClock(at))
		for k, key := range keys {
			sc := e.score(idx[k], at)
			sc.Team.Slug = key
			out[key] = append(out[key], sc)
		}
	}
	return out
}
