package rescore

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sync"
	"time"

	"github.com/paved-dev/paved/db"
	"github.com/paved-dev/paved/scoring"
)

// plan streams one rescore's scorecards into the store and decides which to
// compute. A scope's scorecard at an instant is a function of its repos' windows
// there (scoring.Instant.Fingerprint), its membership, its name, the config and
// whether it is stored full or compact. The memo of the last rescore holds the
// fingerprints it stored at each instant and a key of the rest, so a scorecard is
// kept exactly when none of its inputs changed. Any doubt recomputes: another key,
// an instant without fingerprints, a repo without one.
type plan struct {
	h        *scoring.History
	names    map[string]string
	asOf     time.Time
	instants []time.Time
	walk     []time.Time // the instants where something may have changed
	key      string
	memo     map[int64]map[string]uint64 // nil: recompute everything

	mu            sync.Mutex // serialises the sink and the counts
	written, kept int
}

// formatVersion changes when the stored scorecards' form does, so a rescore after
// an upgrade recomputes everything.
const formatVersion = "compact-1"

func newPlan(h *scoring.History, names map[string]string, opts Options, m db.RescoreMemo, rebuilt []int) (*plan, error) {
	key, err := inputsKey(h, names, opts.Config)
	if err != nil {
		return nil, err
	}
	p := &plan{h: h, names: names, asOf: opts.AsOf, instants: Instants(opts.AsOf, opts.Weeks), key: key}
	if !opts.Full && m.Key == key {
		p.memo = m.Fingerprints
	}
	p.walk = p.dirty(rebuilt)
	return p, nil
}

// dirty are the instants to walk: those the memo lacks or lacks a repo at, and
// those where a repo indexed from its facts this time has another fingerprint
// than the memo's. A repo decoded from its stored index has there the
// fingerprints the memo holds for it: the index and the fingerprints are written
// in one transaction, and a rescore that finds another one wrote in between
// drops the stored indexes. So only the rebuilt repos' windows are computed at
// every instant; everything else only where something changed.
func (p *plan) dirty(rebuilt []int) []time.Time {
	if p.memo == nil {
		return p.instants
	}
	fps := p.h.FingerprintsOf(rebuilt, p.instants)
	var out []time.Time
	for n, t := range p.instants {
		stored, clean := p.memo[t.Unix()]
		for i := 0; clean && i < p.h.Repos(); i++ {
			_, clean = stored[p.h.RepoID(i)]
		}
		for k := 0; clean && k < len(rebuilt); k++ {
			clean = stored[p.h.RepoID(rebuilt[k])] == p.mark(t, fps[n][k])
		}
		if !clean {
			out = append(out, t)
		}
	}
	return out
}

// inputsKey stands for every input of the scorecards besides the repos' windows.
func inputsKey(h *scoring.History, names map[string]string, cfg scoring.Config) (string, error) {
	members := make(map[string][]string, len(h.Scopes()))
	for k, scope := range h.Scopes() {
		for _, i := range h.Members(k) {
			members[scope] = append(members[scope], h.RepoID(i))
		}
	}
	b, err := json.Marshal(struct {
		Format  string
		Config  scoring.Config
		Names   map[string]string
		Members map[string][]string
	}{formatVersion, cfg, names, members})
	if err != nil {
		return "", fmt.Errorf("rescore: inputs key: %w", err)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), nil
}

// full tells whether the instant's scorecards are stored in full: the current one
// and its change baseline.
func (p *plan) full(t time.Time) bool { return t.Equal(p.asOf) || t.Equal(BaselineOf(p.asOf)) }

// mark is a repo's fingerprint at t as the memo holds it.
func (p *plan) mark(t time.Time, fp uint64) uint64 {
	if p.full(t) {
		return fp ^ fullMark
	}
	return fp
}

// fullMark sets a full scorecard's fingerprints apart from a compact one's, so an
// instant that changes form (a Monday "now" that becomes a plain snapshot) is
// recomputed.
const fullMark = 0x9e3779b97f4a7c15

// run walks the instants and stores what changed; it runs inside the store's
// write transaction.
func (p *plan) run(ctx context.Context, sink db.ScorecardSink) error {
	p.count(0, (len(p.instants)-len(p.walk))*len(p.h.Scopes()))
	return p.h.Walk(p.walk, func(_ int, in *scoring.Instant) error {
		full := p.full(in.At())
		fps := make(map[string]uint64, p.h.Repos())
		changed := make([]bool, p.h.Repos())
		stored, known := p.memo[in.At().Unix()]
		dirty := !known
		for i := range changed {
			fp := p.mark(in.At(), in.Fingerprint(i))
			id := p.h.RepoID(i)
			fps[id] = fp
			old, ok := stored[id]
			changed[i] = !known || !ok || old != fp
			dirty = dirty || changed[i]
		}
		if !dirty {
			p.count(0, len(p.h.Scopes()))
			return nil
		}
		for k := range p.h.Scopes() {
			if !scopeChanged(p.h.Members(k), changed, known) {
				p.count(0, 1)
				continue
			}
			c, err := p.encode(in, k, full)
			if err != nil {
				return err
			}
			if err := p.put(func() error { return sink.Put(ctx, c) }); err != nil {
				return err
			}
			p.count(1, 0)
		}
		return p.put(func() error { return sink.Fingerprints(ctx, in.At(), fps) })
	})
}

func scopeChanged(members []int, changed []bool, known bool) bool {
	if !known {
		return true
	}
	for _, i := range members {
		if changed[i] {
			return true
		}
	}
	return false
}

// encode scores scope k at the instant and encodes it as stored.
func (p *plan) encode(in *scoring.Instant, k int, full bool) (db.StoredScorecard, error) {
	sc := in.Score(k, full)
	sc.Team.Name = p.names[sc.Team.Slug]
	var body []byte
	var err error
	if full {
		body, err = json.Marshal(sc)
	} else {
		body, err = sc.CompactJSON()
	}
	if err != nil {
		return db.StoredScorecard{}, fmt.Errorf("encode %s scorecard: %w", sc.Team.Slug, err)
	}
	return db.StoredScorecard{Scope: sc.Team.Slug, AsOf: sc.AsOf, Level: sc.Level, Score: sc.Score, Body: body}, nil
}

func (p *plan) put(fn func() error) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	return fn()
}

func (p *plan) count(written, kept int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.written += written
	p.kept += kept
}
