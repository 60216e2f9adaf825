// Package rescore recomputes every scope's scorecards from stored facts: it reads
// the facts and forge teams from the store, resolves team membership and evaluates
// every scope with scoring, streaming each scorecard into one write transaction as
// it is computed. The store only reads and writes; the orchestration lives here.
package rescore

import (
	"context"
	"fmt"
	"time"

	"github.com/paved-dev/paved/db"
	"github.com/paved-dev/paved/model"
	"github.com/paved-dev/paved/scoring"
)

// Store is what a rescore reads from and writes to; *db.DB is one.
type Store interface {
	EachFactsIndexed(ctx context.Context, size int, key string, pick func([]db.RepoState) ([]int, error), fn func(*model.Facts) error) error
	ForgeTeams(ctx context.Context) ([]model.ForgeTeam, error)
	RescoreMemo(ctx context.Context) (db.RescoreMemo, error)
	SettleFactsVersions(ctx context.Context) error
	WriteScorecards(ctx context.Context, w db.ScorecardWrite, fill func(db.ScorecardSink) error) error
}

// Options steer Run.
type Options struct {
	Teams  []scoring.TeamSpec
	Config scoring.Config
	AsOf   time.Time
	Weeks  int // weekly snapshots to recompute; 52 when zero
	// Full recomputes every scope at every instant. Otherwise a stored scorecard is
	// kept when the last rescore computed it from the same inputs (plan.go): what a
	// full rescore would store, for less work after a pass that changed few repos.
	Full bool
}

// factBatch is how many repos' facts a rescore reads at a time.
const factBatch = 32

// Result says what a rescore computed.
type Result struct {
	Repos      int
	Scopes     int
	Scorecards int // computed and stored
	Kept       int // left as stored, their inputs unchanged
}

// Run recomputes, from stored facts only, the team membership, every scope's
// weekly snapshots (Monday 00:00 UTC), its scorecard at AsOf and the one at
// BaselineOf(AsOf) that AsOf's changes compare with, and stores them in one
// transaction: full scorecards at AsOf and its baseline, compact ones at the
// other instants (scoring.Scorecard.CompactJSON). Rescoring again with the same
// facts and AsOf changes nothing.
func Run(ctx context.Context, st Store, opts Options) (Result, error) {
	if opts.Weeks <= 0 {
		opts.Weeks = 52
	}
	// Scorecards are keyed by the second: the instant in their JSON says the same.
	opts.AsOf = opts.AsOf.UTC().Truncate(time.Second)
	// Before any read: a batch written after this point marks its repos, so no
	// index built from older facts is taken for theirs.
	if err := st.SettleFactsVersions(ctx); err != nil {
		return Result{}, fmt.Errorf("rescore: %w", err)
	}
	memo, err := st.RescoreMemo(ctx)
	if err != nil {
		return Result{}, fmt.Errorf("rescore: %w", err)
	}
	indexKey, err := scoring.IndexKey(opts.Config)
	if err != nil {
		return Result{}, fmt.Errorf("rescore: %w", err)
	}
	reuse := indexKey
	if opts.Full {
		reuse = ""
	}
	l, err := load(ctx, st, opts.Config, reuse)
	if err != nil {
		return Result{}, err
	}
	refs := l.refs
	forgeTeams, err := st.ForgeTeams(ctx)
	if err != nil {
		return Result{}, fmt.Errorf("rescore: %w", err)
	}
	members, err := scoring.ResolveTeams(opts.Teams, refs, forgeTeamRefs(forgeTeams, refs))
	if err != nil {
		return Result{}, fmt.Errorf("rescore: teams: %w", err)
	}
	names := teamNames(opts.Teams)
	scopes, teams := scopesOf(members, refs, names)
	names[db.OrgScope] = "Organisation"

	indexes := l.store()
	h := l.x.History(scopes)
	p, err := newPlan(h, names, opts, memo, l.rebuilt)
	if err != nil {
		return Result{}, err
	}
	w := db.ScorecardWrite{Teams: teams, Scopes: h.Scopes(), Instants: p.instants, Key: p.key,
		Generation: memo.Generation, Indexes: indexes, IndexKey: indexKey}
	if err := st.WriteScorecards(ctx, w, func(s db.ScorecardSink) error { return p.run(ctx, s) }); err != nil {
		return Result{}, fmt.Errorf("rescore: %w", err)
	}
	return Result{Repos: len(refs), Scopes: len(scopes), Scorecards: p.written, Kept: p.kept}, nil
}
