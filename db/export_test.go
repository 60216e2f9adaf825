package db

// Test-only exports: methods of DB that only this package's tests call. Being in a
// _test.go file, they are visible to db's tests (package db and db_test) and to
// nothing else.

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// countedTables maps the entity kinds Counts reports to their tables.
var countedTables = []struct{ kind, table string }{
	{"repos", "repos"},
	{"forge_teams", "forge_teams"},
	{"forge_team_repos", "forge_team_repos"},
	{"runs", "runs"},
	{"jobs", "jobs"},
	{"findings", "findings"},
	{"analyses", "analyses"},
	{"pull_requests", "pull_requests"},
	{"reviews", "reviews"},
	{"deployments", "deployments"},
	{"deployment_statuses", "deployment_statuses"},
	{"observations", "observations"},
}

var countsSQL = func() string {
	q := "SELECT "
	for i, t := range countedTables {
		if i > 0 {
			q += ", "
		}
		q += "(SELECT count(*) FROM " + t.table + ")"
	}
	return q
}()

// Counts returns the number of stored rows of each entity kind, in one snapshot.
func (d *DB) Counts(ctx context.Context) (map[string]int64, error) {
	n := make([]int64, len(countedTables))
	dst := make([]any, len(n))
	for i := range n {
		dst[i] = &n[i]
	}
	if err := d.reader.QueryRowContext(ctx, countsSQL).Scan(dst...); err != nil {
		return nil, fmt.Errorf("count records: %w", err)
	}
	counts := make(map[string]int64, len(n))
	for i, t := range countedTables {
		counts[t.kind] = n[i]
	}
	return counts, nil
}

// Writer is the single-connection write pool. Hold its transactions briefly: every
// write in the process queues behind them.
func (d *DB) Writer() *sql.DB { return d.writer }

// Deliveries returns week's delivery records ordered by channel.
func (d *DB) Deliveries(ctx context.Context, week string) ([]Delivery, error) {
	out, err := allRows(ctx, d.reader, `
SELECT week, channel, status, attempts, last_error, delivered_at
FROM digest_deliveries WHERE week = ? ORDER BY channel`, []any{week}, func(row rowScanner) (Delivery, error) {
		var r Delivery
		var at nullUnix
		err := row.Scan(&r.Week, &r.Channel, &r.Status, &r.Attempts, &r.LastError, &at)
		r.At = at.Time()
		return r, err
	})
	if err != nil {
		return nil, fmt.Errorf("digest deliveries of %s: %w", week, err)
	}
	return out, nil
}

// SaveScorecards stores scorecards in one transaction; saving one again for the same
// scope and instant replaces it.
func (d *DB) SaveScorecards(ctx context.Context, cards []StoredScorecard) error {
	err := d.write(ctx, func(tx *sql.Tx) error {
		s, err := newSink(ctx, tx)
		if err != nil {
			return err
		}
		defer s.close()
		for _, c := range cards {
			if err := s.Put(ctx, c); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("save scorecards: %w", err)
	}
	return nil
}

// Scorecards returns the scope's scorecards with from <= as_of <= to, oldest first.
func (d *DB) Scorecards(ctx context.Context, scope string, from, to time.Time) ([]StoredScorecard, error) {
	cards, err := allRows(ctx, d.reader, `
SELECT scope, as_of, level, score, body FROM scorecards
WHERE scope = ? AND as_of BETWEEN ? AND ?
ORDER BY as_of`, []any{scope, from.Unix(), to.Unix()}, scanScorecard)
	if err != nil {
		return nil, fmt.Errorf("list scorecards of %s: %w", scope, err)
	}
	return cards, nil
}

// For the ingest benchmark (package db_test), whose baseline writes the same rows
// with plain INSERTs through the same driver and connection settings (OpenRaw).
var (
	UnixOrNil = unixOrNil
	BoolInt   = boolInt
	JoinInts  = joinInts
)
