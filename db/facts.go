package db

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math"
	"slices"

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
	err := d.read(ctx, func(tx *sql.Tx) error {
		all := &factLoader{ctx: ctx, tx: tx, facts: &model.Facts{}, byID: map[int64]int{}}
		if err := all.repos(); err != nil {
			return err
		}
		ids := make([]int64, len(all.facts.Repos))
		for id, i := range all.byID {
			ids[i] = id
		}
		for start := 0; start < len(ids); start += size {
			end := start + min(size, len(ids)-start)
			l := &factLoader{ctx: ctx, tx: tx, facts: &model.Facts{Repos: slices.Clone(all.facts.Repos[start:end])}, byID: map[int64]int{}}
			for i, id := range ids[start:end] {
				l.byID[id] = i
			}
			filter, err := json.Marshal(ids[start:end])
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
	// filter is the JSON array of the repo ids whose facts the queries read.
	filter string
	// prIndex finds a PR by repo index and number, for attaching reviews.
	prIndex map[prKey]int
}

type prKey struct {
	repo   int
	number int
}

// query runs one read and hands every row to scan.
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

func (l *factLoader) repos() error {
	rows, err := l.tx.QueryContext(l.ctx, `
SELECT r.id, r.source, COALESCE(s.kind, ''), r.forge_id, r.full_name, r.archived, r.fork, r.default_branch
FROM repos r LEFT JOIN sources s ON s.name = r.source
ORDER BY r.source, r.full_name`)
	if err != nil {
		return fmt.Errorf("repos: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var r model.RepoFacts
		if err := rows.Scan(&id, &r.Source, &r.Kind, &r.ForgeID, &r.FullName, &r.Archived, &r.Fork, &r.DefaultBranch); err != nil {
			return fmt.Errorf("repos: %w", err)
		}
		l.byID[id] = len(l.facts.Repos)
		l.facts.Repos = append(l.facts.Repos, r)
	}
	return rows.Err()
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
