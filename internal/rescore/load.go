package rescore

import (
	"context"
	"fmt"

	"github.com/paved-dev/paved/db"
	"github.com/paved-dev/paved/model"
	"github.com/paved-dev/paved/scoring"
)

// indexed is every repo's scoring index for one rescore, in the store's repo
// order, and which of them were built from facts this time.
type indexed struct {
	x       *scoring.Indexer
	refs    []model.RepoRef
	states  []db.RepoState
	rebuilt []int // positions indexed from facts, in order
}

// load indexes every repo. A repo whose facts have not moved since a rescore
// stored its index under key is decoded from that index; the others' facts are
// read, factBatch repos at a time, and let go once indexed. A full rescore (key
// "") reads every repo's facts.
func load(ctx context.Context, st Store, cfg scoring.Config, key string) (*indexed, error) {
	l := &indexed{x: scoring.NewIndexer(cfg)}
	pick := func(states []db.RepoState) ([]int, error) {
		l.states = states
		repos := model.Facts{Repos: make([]model.RepoFacts, len(states))}
		stored := make([][]byte, len(states))
		for i, s := range states {
			repos.Repos[i], stored[i] = s.Repo, s.Index
		}
		l.refs = repos.Refs()
		l.rebuilt = l.x.Restore(stored, repos.Repos)
		return l.rebuilt, nil
	}
	next := 0
	err := st.EachFactsIndexed(ctx, factBatch, key, pick, func(f *model.Facts) error {
		if next+len(f.Repos) > len(l.rebuilt) {
			return fmt.Errorf("facts of %d repos more than asked for", next+len(f.Repos)-len(l.rebuilt))
		}
		l.x.Place(l.rebuilt[next:next+len(f.Repos)], f.All())
		next += len(f.Repos)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("rescore: %w", err)
	}
	if next != len(l.rebuilt) {
		return nil, fmt.Errorf("rescore: facts of %d repos, asked for %d", next, len(l.rebuilt))
	}
	return l, nil
}

// store encodes the indexes built from facts, for the rescore's write: each under
// the facts version read with its facts.
func (l *indexed) store() []db.RepoIndex {
	bodies := l.x.Encode(l.rebuilt)
	out := make([]db.RepoIndex, len(bodies))
	for k, i := range l.rebuilt {
		out[k] = db.RepoIndex{RepoID: l.states[i].ID, Version: l.states[i].Version, Body: bodies[k]}
	}
	return out
}
