package db

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// ChangeWindow is how far back "change" looks (maturity model v2, "One instant"):
// every change a surface shows (score, level, metric, overdue count) is against the
// scorecard at as_of − ChangeWindow, which a rescore computes from the same stored
// facts and stores beside the one at as_of; never against whichever snapshot came
// before.
const ChangeWindow = 7 * 24 * time.Hour

// BaselineOf is the instant the scorecard at asOf is compared with.
func BaselineOf(asOf time.Time) time.Time { return asOf.Add(-ChangeWindow) }

// IsSnapshot reports whether t is a weekly snapshot instant, Monday 00:00 UTC. The
// only other stored instants are a scope's newest scorecard and its baseline.
func IsSnapshot(t time.Time) bool {
	t = t.UTC()
	return t.Weekday() == time.Monday && t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0
}

// ScopeVersion is a scope's newest scorecard instant, how many scorecards it has,
// and a generation that every write to them bumps: a cheap fingerprint that tells
// a reader its cached scorecards went stale, even when a rescore rewrote the same
// instants.
type ScopeVersion struct {
	Scope      string
	Latest     time.Time
	Count      int
	Generation int64
}

// ScorecardVersions returns every scope's version, ordered by scope. It reads only
// the primary-key index.
func (d *DB) ScorecardVersions(ctx context.Context) ([]ScopeVersion, error) {
	out, err := allRows(ctx, d.reader,
		`SELECT s.scope, max(s.as_of), count(*), COALESCE((SELECT n FROM scorecard_generations g WHERE g.scope = s.scope), 0)
FROM scorecards s GROUP BY s.scope ORDER BY s.scope`, nil, func(row rowScanner) (ScopeVersion, error) {
			var v ScopeVersion
			var latest int64
			err := row.Scan(&v.Scope, &latest, &v.Count, &v.Generation)
			v.Latest = time.Unix(latest, 0).UTC()
			return v, err
		})
	if err != nil {
		return nil, fmt.Errorf("scorecard versions: %w", err)
	}
	return out, nil
}

// ScorecardSummary is a stored scorecard without its per-repo detail: what trend
// charts need. Dimensions is the JSON of the scorecard's "dimensions" object.
type ScorecardSummary struct {
	AsOf       time.Time
	Level      *int
	Score      *int
	Dimensions []byte
}

// ScorecardSummaries returns the scope's scorecards with from <= as_of <= to,
// oldest first. SQLite extracts the dimensions, so the per-repo part of a large
// scorecard never reaches Go.
func (d *DB) ScorecardSummaries(ctx context.Context, scope string, from, to time.Time) ([]ScorecardSummary, error) {
	out, err := allRows(ctx, d.reader, `
SELECT as_of, level, score, COALESCE(`+d.dialect.jsonField("body", "dimensions")+`, '{}')
FROM scorecards
WHERE scope = ? AND as_of BETWEEN ? AND ?
ORDER BY as_of`, []any{scope, from.Unix(), to.Unix()}, func(row rowScanner) (ScorecardSummary, error) {
		var s ScorecardSummary
		var asOf int64
		var level, score sql.NullInt64
		var dims string
		err := row.Scan(&asOf, &level, &score, &dims)
		s.AsOf = time.Unix(asOf, 0).UTC()
		s.Level, s.Score = intPtr(level), intPtr(score)
		s.Dimensions = []byte(dims)
		return s, err
	})
	if err != nil {
		return nil, fmt.Errorf("scorecard summaries of %s: %w", scope, err)
	}
	return out, nil
}
