package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// StoredScorecard is one computed scorecard: a team's (or "org"'s) result at an
// instant, with the full explanation kept as JSON in Body.
type StoredScorecard struct {
	Scope string // team slug, or "org"
	AsOf  time.Time
	Level *int // nil when insufficient data
	Score *int
	Body  []byte // JSON
}

// ErrNotFound is returned when a requested row does not exist.
var ErrNotFound = errors.New("not found")

var upsertScorecardSQL = upsertSQL("scorecards", "scope, as_of", "level, score, body", nil)

// sink is the ScorecardSink of a write transaction: prepared statements for the
// scorecards and fingerprints it stores.
type sink struct {
	card, dropFPs, fp *sql.Stmt
}

func newSink(ctx context.Context, tx *sql.Tx) (*sink, error) {
	s := &sink{}
	for _, p := range []struct {
		stmt **sql.Stmt
		sql  string
	}{
		{&s.card, upsertScorecardSQL},
		{&s.dropFPs, `DELETE FROM rescore_fingerprints WHERE as_of = ?`},
		{&s.fp, `INSERT INTO rescore_fingerprints (as_of, repo, fp) VALUES (?, ?, ?)`},
	} {
		st, err := tx.PrepareContext(ctx, p.sql)
		if err != nil {
			s.close()
			return nil, fmt.Errorf("prepare: %w", err)
		}
		*p.stmt = st
	}
	return s, nil
}

func (s *sink) close() {
	for _, st := range []*sql.Stmt{s.card, s.dropFPs, s.fp} {
		if st != nil {
			_ = st.Close()
		}
	}
}

func (s *sink) Put(ctx context.Context, c StoredScorecard) error {
	if c.AsOf.IsZero() {
		return fmt.Errorf("scorecard %s: as_of is not set", c.Scope)
	}
	if _, err := s.card.ExecContext(ctx, c.Scope, c.AsOf.Unix(), intOrNil(c.Level), intOrNil(c.Score), string(c.Body)); err != nil {
		return fmt.Errorf("scorecard %s at %s: %w", c.Scope, c.AsOf.UTC().Format(time.RFC3339), err)
	}
	return nil
}

func (s *sink) Fingerprints(ctx context.Context, at time.Time, fps map[string]uint64) error {
	if _, err := s.dropFPs.ExecContext(ctx, at.Unix()); err != nil {
		return fmt.Errorf("fingerprints at %s: %w", at.UTC().Format(time.RFC3339), err)
	}
	for repo, fp := range fps {
		if _, err := s.fp.ExecContext(ctx, at.Unix(), repo, int64(fp)); err != nil {
			return fmt.Errorf("fingerprint of %s at %s: %w", repo, at.UTC().Format(time.RFC3339), err)
		}
	}
	return nil
}

// RescoreMemo is what the last rescore computed its scorecards from, besides
// facts: Key stands for its config, teams and names, and Fingerprints[as_of][repo]
// is each repo's window fingerprint at each instant it stored. Empty before the
// first rescore.
type RescoreMemo struct {
	Key          string
	Generation   int64 // moves with every rescore's write (ScorecardWrite.Generation)
	Fingerprints map[int64]map[string]uint64
}

// RescoreMemo reads the last rescore's memo in one snapshot.
func (d *DB) RescoreMemo(ctx context.Context) (RescoreMemo, error) {
	m := RescoreMemo{Fingerprints: map[int64]map[string]uint64{}}
	err := d.read(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT key, generation FROM rescore_state WHERE id = 1`).Scan(&m.Key, &m.Generation)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT as_of, repo, fp FROM rescore_fingerprints`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var at, fp int64
			var repo string
			if err := rows.Scan(&at, &repo, &fp); err != nil {
				return err
			}
			if m.Fingerprints[at] == nil {
				m.Fingerprints[at] = map[string]uint64{}
			}
			m.Fingerprints[at][repo] = uint64(fp)
		}
		return rows.Err()
	})
	if err != nil {
		return RescoreMemo{}, fmt.Errorf("rescore memo: %w", err)
	}
	return m, nil
}

// LatestScorecard returns the scope's newest scorecard, or ErrNotFound.
func (d *DB) LatestScorecard(ctx context.Context, scope string) (StoredScorecard, error) {
	row := d.reader.QueryRowContext(ctx, `
SELECT scope, as_of, level, score, body FROM scorecards
WHERE scope = ? ORDER BY as_of DESC LIMIT 1`, scope)
	c, err := scanScorecard(row)
	if errors.Is(err, sql.ErrNoRows) {
		return StoredScorecard{}, fmt.Errorf("latest scorecard of %s: %w", scope, ErrNotFound)
	}
	if err != nil {
		return StoredScorecard{}, fmt.Errorf("latest scorecard of %s: %w", scope, err)
	}
	return c, nil
}

func scanScorecard(row rowScanner) (StoredScorecard, error) {
	var c StoredScorecard
	var asOf int64
	var level, score sql.NullInt64
	var body string
	if err := row.Scan(&c.Scope, &asOf, &level, &score, &body); err != nil {
		return StoredScorecard{}, err
	}
	c.AsOf = time.Unix(asOf, 0).UTC()
	c.Level, c.Score = intPtr(level), intPtr(score)
	c.Body = []byte(body)
	return c, nil
}

func intOrNil(p *int) any {
	if p == nil {
		return nil
	}
	return *p
}

func intPtr(n sql.NullInt64) *int {
	if !n.Valid {
		return nil
	}
	v := int(n.Int64)
	return &v
}
