package ui

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"sync"
	"time"

	"github.com/paved-dev/paved/db"
	"github.com/paved-dev/paved/scoring"
)

// Scorecards are written only by a rescore, and every write bumps the scope's
// generation (a trigger in the database), so a scope's (latest, count, generation)
// names its stored scorecards, and whatever is decoded from them is cached under
// that name instead of re-reading large JSON on every request.
type version struct {
	latest     time.Time
	count      int
	generation int64 // bumped by every write, so a same-instant rescore shows too
}

// memoLimit bounds the derived values kept, e.g. one page model per team.
const memoLimit = 512

type cache struct {
	db *db.DB

	mu     sync.Mutex
	cards  map[string]cardEntry
	trends map[string]trendEntry
	memo   map[string]memoEntry
	// inflight are the memo computations under way, by key and stamp.
	inflight map[string]*memoCall

	// The versions of every scope, and the database's commit count when they
	// were read: while it stands still nothing was committed, so the versions
	// need no query.
	commits *db.CommitCounter
	known   *knownVersions
}

type knownVersions struct {
	dataVersion int64
	versions    map[string]version
	stamp       uint64
	trendsFrom  time.Time
}

type cardEntry struct {
	v    version
	raw  []byte
	card *scoring.Scorecard
}

type trendEntry struct {
	v      version
	from   time.Time
	points []point
}

type memoEntry struct {
	stamp uint64
	val   any
}

func newCache(d *db.DB) *cache {
	return &cache{db: d, cards: map[string]cardEntry{}, trends: map[string]trendEntry{}, memo: map[string]memoEntry{},
		inflight: map[string]*memoCall{}, commits: d.CommitCounter()}
}

// state is one request's view of the stored scorecards. Values it returns are
// shared between requests and must not be modified.
type state struct {
	ctx      context.Context
	c        *cache
	versions map[string]version
	stamp    uint64 // changes whenever any scope's version or trendsFrom does
	// trendsFrom is the oldest instant whose 90-day window is stored while
	// history is still being read (scoring.TrendsFrom), zero once it is read:
	// trends start there.
	trendsFrom time.Time
}

func (c *cache) state(ctx context.Context) (*state, error) {
	dv, dvErr := c.commits.Read(ctx)
	c.mu.Lock()
	k := c.known
	c.mu.Unlock()
	if dvErr == nil && k != nil && k.dataVersion == dv {
		return &state{ctx: ctx, c: c, versions: k.versions, stamp: k.stamp, trendsFrom: k.trendsFrom}, nil
	}
	vs, err := c.db.ScorecardVersions(ctx)
	if err != nil {
		return nil, err
	}
	floor, err := c.db.HistoryFloor(ctx)
	if err != nil {
		return nil, err
	}
	st := &state{ctx: ctx, c: c, versions: make(map[string]version, len(vs)), trendsFrom: scoring.TrendsFrom(floor)}
	h := fnv.New64a()
	fmt.Fprintf(h, "%d\x00", st.trendsFrom.Unix())
	for _, v := range vs {
		st.versions[v.Scope] = version{v.Latest, v.Count, v.Generation}
		fmt.Fprintf(h, "%s\x00%d\x00%d\x00%d\x00", v.Scope, v.Latest.Unix(), v.Count, v.Generation)
	}
	st.stamp = h.Sum64()
	if dvErr == nil {
		// dv was read before the versions, so a commit in between only costs
		// one more query on the next request.
		c.mu.Lock()
		c.known = &knownVersions{dataVersion: dv, versions: st.versions, stamp: st.stamp, trendsFrom: st.trendsFrom}
		c.mu.Unlock()
	}
	return st, nil
}

// has reports whether the scope has any scorecard.
func (st *state) has(scope string) bool {
	_, ok := st.versions[scope]
	return ok
}

// card returns the scope's newest scorecard, decoded, and its stored JSON; nil
// when the scope has none.
func (st *state) card(scope string) (*scoring.Scorecard, []byte, error) {
	v, ok := st.versions[scope]
	if !ok {
		return nil, nil, nil
	}
	c := st.c
	c.mu.Lock()
	e, hit := c.cards[scope]
	c.mu.Unlock()
	// Equality, not "at least as new": a rescore at an earlier instant drops
	// the newer scorecard, so the newest instant can move back.
	if hit && e.v == v {
		return e.card, e.raw, nil
	}
	stored, err := c.db.LatestScorecard(st.ctx, scope)
	if errors.Is(err, db.ErrNotFound) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	var sc scoring.Scorecard
	if err := json.Unmarshal(stored.Body, &sc); err != nil {
		return nil, nil, fmt.Errorf("decode scorecard of %s at %s: %w", scope, stored.AsOf.Format(time.RFC3339), err)
	}
	e = cardEntry{v: v, raw: stored.Body, card: &sc}
	c.mu.Lock()
	c.cards[scope] = e
	c.mu.Unlock()
	return e.card, e.raw, nil
}

// trend returns every stored scorecard of the scope as a point, oldest first:
// the weekly snapshots and the newest one.
func (st *state) trend(scope string) ([]point, error) {
	v, ok := st.versions[scope]
	if !ok {
		return nil, nil
	}
	c := st.c
	c.mu.Lock()
	e, hit := c.trends[scope]
	c.mu.Unlock()
	if hit && e.v == v && e.from.Equal(st.trendsFrom) {
		return e.points, nil
	}
	rows, err := c.db.ScorecardSummaries(st.ctx, scope, trendStart(st.trendsFrom), v.latest)
	if err != nil {
		return nil, err
	}
	points := make([]point, 0, len(rows))
	for _, r := range rows {
		p, err := decodePoint(r)
		if err != nil {
			return nil, fmt.Errorf("decode scorecard of %s at %s: %w", scope, r.AsOf.Format(time.RFC3339), err)
		}
		points = append(points, p)
	}
	c.mu.Lock()
	c.trends[scope] = trendEntry{v: v, from: st.trendsFrom, points: points}
	c.mu.Unlock()
	return points, nil
}

// trendStart is the first instant a trend reads: from, or the epoch.
func trendStart(from time.Time) time.Time {
	if from.IsZero() {
		return time.Unix(0, 0)
	}
	return from
}
