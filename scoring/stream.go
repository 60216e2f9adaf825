package scoring

import (
	"cmp"
	"runtime"
	"sync"
	"time"
)

// History evaluates many scopes at many instants one instant at a time: each repo
// is indexed once, and at each instant its window is computed once and pooled into
// every scope that holds it. Nothing outlives an instant but what the caller keeps,
// so memory grows with repos, not with scopes × instants.
type History struct {
	e      *engine
	scopes []string
	idx    [][]int // scope → positions into e.repos, in repo-id order
}

// NewHistory indexes the scopes' repos. Scopes are held in key order.
func NewHistory(scopes map[string][]*RepoFacts, cfg Config) *History {
	keys := sortedKeys(scopes)
	lists := make([][]*RepoFacts, len(keys))
	for k, key := range keys {
		lists[k] = scopes[key]
	}
	e, idx := newEngine(cfg, lists...)
	return &History{e: e, scopes: keys, idx: idx}
}

// Scopes are the scope keys, sorted; a scope's position is its index elsewhere.
func (h *History) Scopes() []string { return h.scopes }

// Members are the positions of the scope's repos (see RepoID), in repo-id order.
func (h *History) Members(scope int) []int { return h.idx[scope] }

// RepoID is the repo at position i as "source:full_name".
func (h *History) RepoID(i int) string { return h.e.repos[i].id }

// Repos is how many distinct repos the scopes hold.
func (h *History) Repos() int { return len(h.e.repos) }

// Instant is one instant of a Walk: every repo's window is computed.
type Instant struct {
	h *History
	s *snapshot
}

// At is the instant.
func (in *Instant) At() time.Time { return in.s.asOf.UTC() }

// Fingerprint of the repo at position i: equal fingerprints at one instant mean
// the repo adds the same to every scope holding it (see windowFingerprint).
func (in *Instant) Fingerprint(i int) uint64 { return in.s.fingerprint(i) }

// Score evaluates one scope, with Team.Slug set to its key. A full scorecard has
// criteria, next steps, repos and flags; otherwise only levels, score and metrics
// (what a weekly snapshot keeps, see Scorecard.CompactJSON).
func (in *Instant) Score(scope int, full bool) Scorecard {
	sc := in.s.score(in.h.idx[scope], full)
	sc.Team.Slug = in.h.scopes[scope]
	return sc
}

// Walk computes every repo's window at each instant and hands fn the instant and
// its position in instants.
// Instants are spread over GOMAXPROCS goroutines, so fn runs concurrently for
// different instants; the first error stops the walk and is returned.
func (h *History) Walk(instants []time.Time, fn func(i int, in *Instant) error) error {
	workers := max(1, min(runtime.GOMAXPROCS(0), len(instants)))
	var wg sync.WaitGroup
	var mu sync.Mutex
	var first error
	failed := func() bool { mu.Lock(); defer mu.Unlock(); return first != nil }
	for w := range workers {
		wg.Go(func() {
			in := &Instant{h: h, s: h.e.newSnapshot()}
			for i := w; i < len(instants) && !failed(); i += workers {
				in.s.at(instants[i])
				if err := fn(i, in); err != nil {
					mu.Lock()
					first = cmp.Or(first, err)
					mu.Unlock()
					return
				}
			}
		})
	}
	wg.Wait()
	return first
}
