package scoring

import (
	"cmp"
	"runtime"
	"slices"
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

// Indexer indexes repos batch by batch for a History. It keeps each repo's index,
// never its facts, so a caller can read facts a batch at a time and let each batch
// go once added.
type Indexer struct {
	e     *engine
	bots  botSet
	names runNames
}

// NewIndexer starts an empty index under cfg.
func NewIndexer(cfg Config) *Indexer {
	e := &engine{cfg: cfg, criteria: map[string][]criterionDef{}}
	for _, d := range Dimensions {
		e.criteria[d] = cfg.criteria(d)
	}
	return &Indexer{e: e, bots: newBotSet(cfg.Bots), names: newRunNames(cfg.catalogue())}
}

// Add indexes the repos, in parallel; they take the next positions, in order.
func (x *Indexer) Add(repos []*RepoFacts) {
	pos := make([]int, len(repos))
	for i := range pos {
		pos[i] = len(x.e.repos) + i
	}
	x.Place(pos, repos)
}

// Place indexes repos[i] at position pos[i], in parallel, growing the index as
// needed. Every position up to the largest must be filled, by Place or Restore,
// before History.
func (x *Indexer) Place(pos []int, repos []*RepoFacts) {
	for _, p := range pos {
		x.grow(p + 1)
	}
	parallel(len(repos), func(i int) { x.e.repos[pos[i]] = buildIndex(repos[i], x.e.cfg, x.bots, x.names) })
}

// Restore decodes stored indexes (Encode's) at their positions, in parallel; an
// index is used only when it is of the repo at that position, as it is now
// (source, name, default branch, archived, fork). It returns the positions left to Place, in
// order: those without a stored index (nil) and those whose index could not be
// decoded or is of another repo; their facts must be read.
func (x *Indexer) Restore(stored [][]byte, repos []RepoFacts) []int {
	x.grow(len(stored))
	parallel(len(stored), func(i int) {
		if stored[i] == nil {
			return
		}
		if ix, err := decodeIndex(stored[i]); err == nil && ix.meta == metaOf(&repos[i]) {
			x.e.repos[i] = ix
		}
	})
	var left []int
	for i := range stored {
		if x.e.repos[i] == nil {
			left = append(left, i)
		}
	}
	return left
}

// Encode is the index at each position as Restore reads it back, built under
// the config IndexKey stands for.
func (x *Indexer) Encode(pos []int) [][]byte {
	out := make([][]byte, len(pos))
	parallel(len(pos), func(i int) { out[i] = encodeIndex(x.e.repos[pos[i]]) })
	return out
}

func (x *Indexer) grow(n int) {
	if n > len(x.e.repos) {
		x.e.repos = append(x.e.repos, make([]*repoIndex, n-len(x.e.repos))...)
	}
}

// History holds the scopes, each a list of positions in the order Add took repos.
// The Indexer is not used afterwards.
func (x *Indexer) History(scopes map[string][]int) *History {
	h := &History{e: x.e, scopes: sortedKeys(scopes)}
	h.idx = make([][]int, len(h.scopes))
	for k, key := range h.scopes {
		h.idx[k] = x.e.order(slices.Clone(scopes[key]))
	}
	return h
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

// FingerprintsOf computes only the given repos' windows at each instant, one
// instant at a time: fps[n][k] is repos[k]'s Fingerprint at instants[n]. It tells
// where those repos changed without walking the others.
func (h *History) FingerprintsOf(repos []int, instants []time.Time) [][]uint64 {
	s := h.e.newSnapshot()
	fps := make([][]uint64, len(instants))
	for n, t := range instants {
		s.reset(t)
		fps[n] = make([]uint64, len(repos))
		for k, i := range repos {
			s.window(i)
			fps[n][k] = s.fingerprint(i)
		}
	}
	return fps
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
