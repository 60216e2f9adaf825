package db

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
)

// OrgScope is the scorecard scope of the whole organisation.
const OrgScope = "org"

// mondayOffset is the unix time of the first Monday 00:00 UTC (1970-01-05).
const mondayOffset = 4 * 24 * 3600

// ReplaceScorecards stores a rescore's output in one transaction: the config teams
// (replacing every team and its membership) and the scorecards, so a reader never
// sees a team whose scorecards belong to the previous membership. The cards name
// every scope that exists: stored scorecards of other scopes are dropped, and so
// are earlier off-snapshot rows (as_of not a Monday 00:00 UTC), which a newer
// "latest" supersedes. Saving a card again for the same scope and instant replaces it.
func (d *DB) ReplaceScorecards(ctx context.Context, teams []Team, cards []StoredScorecard) error {
	now := d.Now().Unix()
	err := d.write(ctx, func(tx *sql.Tx) error {
		if err := replaceTeams(ctx, tx, teams, now); err != nil {
			return fmt.Errorf("replace teams: %w", err)
		}
		return replaceScorecards(ctx, tx, cards)
	})
	if err != nil {
		return fmt.Errorf("replace scorecards: %w", err)
	}
	return nil
}

// replaceScorecards stores the cards and drops the rows they supersede: earlier
// off-snapshot "latest" rows, and scopes that no longer exist.
func replaceScorecards(ctx context.Context, tx *sql.Tx, cards []StoredScorecard) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM scorecards WHERE (as_of - ?) % 604800 != 0`, mondayOffset); err != nil {
		return fmt.Errorf("drop stale scorecards: %w", err)
	}
	keep, err := json.Marshal(scopesOf(cards))
	if err != nil {
		return fmt.Errorf("encode scopes: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM scorecards WHERE scope NOT IN (SELECT value FROM json_each(?))`, string(keep)); err != nil {
		return fmt.Errorf("drop removed scopes: %w", err)
	}
	return upsertScorecards(ctx, tx, cards)
}

// scopesOf lists the distinct scopes of cards.
func scopesOf(cards []StoredScorecard) []string {
	seen := map[string]bool{}
	out := []string{}
	for _, c := range cards {
		if !seen[c.Scope] {
			seen[c.Scope] = true
			out = append(out, c.Scope)
		}
	}
	return out
}
