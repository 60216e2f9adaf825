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
