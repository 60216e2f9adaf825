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

const upsertScorecardSQL = `
INSERT INTO scorecards (scope, as_of, level, score, body)
VALUES (?, ?, ?, ?, ?)
ON CONFLICT (scope, as_of) DO UPDATE SET
    level = excluded.level,
    score = excluded.score,
    body  = excluded.body`

// SaveScorecards stores scorecards in one transaction; saving one again for the same
// scope and instant replaces it.
func (d *DB) SaveScorecards(ctx context.Context, cards []StoredScorecard) error {
	if err := d.write(ctx, func(tx *sql.Tx) error { return upsertScorecards(ctx, tx, cards) }); err != nil {
		return fmt.Errorf("save scorecards: %w", err)
	}
	return nil
}

// upsertScorecards stores cards inside the caller's transaction.
func upsertScorecards(ctx context.Context, tx *sql.Tx, cards []StoredScorecard) error {
	stmt, err := tx.PrepareContext(ctx, upsertScorecardSQL)
	if err != nil {
		return err
	}
	defer stmt.Close()
	for _, c := range cards {
		if c.AsOf.IsZero() {
			return fmt.Errorf("scorecard %s: as_of is not set", c.Scope)
		}
		if _, err := stmt.ExecContext(ctx, c.Scope, c.AsOf.Unix(), intOrNil(c.Level), intOrNil(c.Score), string(c.Body)); err != nil {
			return fmt.Errorf("scorecard %s at %s: %w", c.Scope, c.AsOf.UTC().Format(time.RFC3339), err)
		}
	}
	return nil
}

// Scorecards returns the scope's scorecards with from <= as_of <= to, oldest first.
func (d *DB) Scorecards(ctx context.Context, scope string, from, to time.Time) ([]StoredScorecard, error) {
	rows, err := d.reader.QueryContext(ctx, `
SELECT scope, as_of, level, score, body FROM scorecards
WHERE scope = ? AND as_of BETWEEN ? AND ?
ORDER BY as_of`, scope, from.Unix(), to.Unix())
	if err != nil {
		return nil, fmt.Errorf("list scorecards of %s: %w", scope, err)
	}
	defer rows.Close()
	var cards []StoredScorecard
	for rows.Next() {
		c, err := scanScorecard(rows)
		if err != nil {
			return nil, fmt.Errorf("list scorecards of %s: %w", scope, err)
		}
		cards = append(cards, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list scorecards of %s: %w", scope, err)
	}
	return cards, nil
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

func scanScorecard(row interface{ Scan(...any) error }) (StoredScorecard, error) {
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
