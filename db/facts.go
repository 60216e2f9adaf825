package db

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math"

	"github.com/paved-dev/paved/model"
)

// LoadFacts reads every stored fact once, in one read transaction, into the compact
// form scoring evaluates. Each table is scanned in (repo, time) order so every
// per-repo slice comes out sorted as scoring expects.
func (d *DB) LoadFacts(ctx context.Context) (*model.Facts, error) {
	f := &model.Facts{}
	err := d.EachFacts(ctx, math.MaxInt, func(batch *model.Facts) error {
		f.Repos = append(f.Repos, batch.Repos...)
		return nil
	})
	return f, err
}

// EachFacts reads what LoadFacts reads, in the same order and one read
// transaction, but size repos at a time: fn gets each batch of repos with all
// their facts, so a caller that lets a batch go holds one at a time.
func (d *DB) EachFacts(ctx context.Context, size int, fn func(*model.Facts) error) error {
	every := func(repos []RepoState) ([]int, error) {
		pos := make([]int, len(repos))
		for i := range pos {
			pos[i] = i
		}
		return pos, nil
	}
	return d.EachFactsIndexed(ctx, size, "", every, fn)
}

// RepoState is a stored repo as a rescore sees it before reading its facts.
type RepoState struct {
	Repo    model.RepoFacts // the repo itself, without facts
	ID      int64
	Version int64 // moves whenever a batch writes the repo's facts
	// Index is the scoring index a rescore stored for the repo at Version under
	// the key asked for; nil when there is none.
	Index []byte
}

// EachFactsIndexed reads, in one read transaction, every repo's state in
// LoadFacts' order and hands them to pick, which returns the positions of the
// repos whose facts it needs, in increasing order; then it reads those repos'
// facts, size repos at a time, as EachFacts does. key "" reads no index.
func (d *DB) EachFactsIndexed(ctx context.Context, size int, key string, pick func([]RepoState) ([]int, error), fn func(*model.Facts) error) error {
	err := d.read(ctx, func(tx *sql.Tx) error {
		states, err := repoStates(ctx, tx, key)
		if err != nil {
			return err
		}
		need, err := pick(states)
		if err != nil {
			return err
		}
		for start := 0; start < len(need); start += size {
			batch := need[start : start+min(size, len(need)-start)]
			l := &factLoader{ctx: ctx, tx: tx, inRepos: d.dialect.inInts("?"), facts: &model.Facts{}, byID: map[int64]int{}}
			ids := make([]int64, len(batch))
			for i, p := range batch {
				ids[i] = states[p].ID
				l.byID[ids[i]] = i
				l.facts.Repos = append(l.facts.Repos, states[p].Repo)
			}
			filter, err := json.Marshal(ids)
			if err != nil {
				return err
			}
			l.filter = string(filter)
			for _, step := range []func() error{l.runs, l.prs, l.reviews, l.findings, l.analyses, l.observations, l.deployments} {
				if err := step(); err != nil {
					return err
				}
			}
			if err := fn(l.facts); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("load facts: %w", err)
	}
	return nil
}

type factLoader struct {
	ctx   context.Context
	tx    *sql.Tx
	facts *model.Facts
	byID  map[int64]int // repo id → index in facts.Repos
	// filter is the JSON array of the repo ids whose facts the queries read, and
	// inRepos completes "repo_id " to "repo_id is one of them" in the dialect's SQL.
	filter, inRepos string
	// prIndex finds a PR by repo index and number, for attaching reviews.
	prIndex map[prKey]int
}

type prKey struct {
	repo   int
	number int
}

// query runs one read and hands every row to scan. Every fact query orders NULL
// times first and breaks ties by id, the order SQLite's indexes give, so that
// Postgres (NULLs last by default, ties in any order) hands scoring the same
// sequence and fingerprints match across stores.
func (l *factLoader) query(table, q string, scan func(rows *sql.Rows) error) error {
	rows, err := l.tx.QueryContext(l.ctx, q, l.filter)
	if err != nil {
		return fmt.Errorf("%s: %w", table, err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return fmt.Errorf("%s: %w", table, err)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("%s: %w", table, err)
	}
	return nil
}

func repoStates(ctx context.Context, tx *sql.Tx, key string) ([]RepoState, error) {
	rows, err := tx.QueryContext(ctx, `
SELECT r.id, r.facts_version, x.body, r.source, COALESCE(s.kind, ''), r.forge_id, r.full_name, r.archived, r.fork, r.default_branch
FROM repos r LEFT JOIN sources s ON s.name = r.source
LEFT JOIN repo_indexes x ON x.repo_id = r.id AND x.facts_version = r.facts_version AND x.key = ?1 AND ?1 != ''
ORDER BY r.source, r.full_name`, key)
	if err != nil {
		return nil, fmt.Errorf("repos: %w", err)
	}
	defer rows.Close()
	var out []RepoState
	for rows.Next() {
		var st RepoState
		r := &st.Repo
		if err := rows.Scan(&st.ID, &st.Version, &st.Index, &r.Source, &r.Kind, &r.ForgeID, &r.FullName, &r.Archived, &r.Fork, &r.DefaultBranch); err != nil {
			return nil, fmt.Errorf("repos: %w", err)
		}
		out = append(out, st)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("repos: %w", err)
	}
	return out, nil
}

// repo maps a stored repo id to its facts; rows of unknown repos cannot exist
// (foreign keys) but are skipped rather than trusted.
func (l *factLoader) repo(id int64) (*model.RepoFacts, int) {
	i, ok := l.byID[id]
	if !ok {
		return nil, -1
	}
	return &l.facts.Repos[i], i
}
