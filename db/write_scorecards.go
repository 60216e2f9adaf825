package db

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"
)

// OrgScope is the scorecard scope of the whole organisation.
const OrgScope = "org"

// ScorecardWrite says what a rescore's write replaces besides the scorecards it puts.
type ScorecardWrite struct {
	Teams []Team // the config teams, replacing every team and its membership
	// Scopes are every scope that exists: other scopes' scorecards are dropped.
	Scopes []string
	// Instants are the rescore's instants: stored off-snapshot rows (as_of not a
	// Monday 00:00 UTC) at other instants, which a newer "latest" supersedes, are
	// dropped, and so are fingerprints of other instants.
	Instants []time.Time
	Key      string // the RescoreMemo key of this rescore's inputs besides facts
	// Generation is the RescoreMemo generation the rescore read: when another
	// rescore has written since, every stored index but Indexes is dropped.
	Generation int64
	Indexes    []RepoIndex // repo indexes to store, under IndexKey
	IndexKey   string
}

// ScorecardSink takes a rescore's output inside its write transaction. It is not
// safe for concurrent use.
type ScorecardSink interface {
	// Put stores a scorecard; saving one again for the same scope and instant
	// replaces it.
	Put(ctx context.Context, c StoredScorecard) error
	// Fingerprints replace the repos' window fingerprints at an instant.
	Fingerprints(ctx context.Context, at time.Time, fps map[string]uint64) error
}

// WriteScorecards stores a rescore's output in one transaction: the teams, the
// scorecards and fingerprints fill puts, and the drops w asks for, so a reader
// never sees a team whose scorecards belong to the previous membership. fill runs
// inside the transaction; when it fails nothing is stored.
func (d *DB) WriteScorecards(ctx context.Context, w ScorecardWrite, fill func(ScorecardSink) error) error {
	now := d.Now().Unix()
	err := d.write(ctx, func(tx *sql.Tx) error {
		if err := replaceTeams(ctx, tx, w.Teams, now); err != nil {
			return fmt.Errorf("replace teams: %w", err)
		}
		if err := dropSuperseded(ctx, tx, d.dialect, w); err != nil {
			return err
		}
		if err := storeIndexes(ctx, tx, w); err != nil {
			return err
		}
		s, err := newSink(ctx, tx)
		if err != nil {
			return err
		}
		defer s.close()
		return fill(s)
	})
	if err != nil {
		return fmt.Errorf("write scorecards: %w", err)
	}
	return nil
}

// mondayOffset is the unix time of the first Monday 00:00 UTC (1970-01-05).
const mondayOffset = 4 * 24 * 3600

func dropSuperseded(ctx context.Context, tx *sql.Tx, x dialect, w ScorecardWrite) error {
	instants := make([]int64, len(w.Instants))
	for i, t := range w.Instants {
		instants[i] = t.Unix()
	}
	keepAt, err := json.Marshal(instants)
	if err != nil {
		return fmt.Errorf("encode instants: %w", err)
	}
	keep, err := json.Marshal(w.Scopes)
	if err != nil {
		return fmt.Errorf("encode scopes: %w", err)
	}
	for _, q := range []struct{ what, sql, arg string }{
		{"stale scorecards", `DELETE FROM scorecards WHERE (as_of - ` + fmt.Sprint(mondayOffset) + `) % 604800 != 0
AND as_of NOT IN ` + x.jsonInts("?"), string(keepAt)},
		{"removed scopes", `DELETE FROM scorecards WHERE scope NOT IN ` + x.jsonTexts("?"), string(keep)},
		{"stale fingerprints", `DELETE FROM rescore_fingerprints WHERE as_of NOT IN ` + x.jsonInts("?"), string(keepAt)},
	} {
		if _, err := tx.ExecContext(ctx, q.sql, q.arg); err != nil {
			return fmt.Errorf("drop %s: %w", q.what, err)
		}
	}
	return nil
}
