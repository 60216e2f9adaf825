// Package testkit is the support code tests share: a fresh database, a log
// buffer safe for concurrent writers, simulators served on loopback, row
// counts, a median for benchmarks and JSON comment stripping.
//
// It imports db, so db's own in-package tests cannot use it (an import
// cycle); they keep their own openTest helper.
package testkit

import (
	"bytes"
	"context"
	"database/sql"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/paved-dev/paved/db"
	"github.com/paved-dev/paved/internal/testkit/pgtest"
	"github.com/paved-dev/paved/model"
)

// OpenDB opens a fresh, migrated database (Database) and closes it when the test
// ends.
func OpenDB(tb testing.TB, opts ...db.Option) *db.DB {
	tb.Helper()
	return OpenDBAt(tb, Database(tb), opts...)
}

// Database is where a test's fresh database goes, as a config's `database` value:
// paved.db in tb.TempDir(), or, when the suites run on Postgres
// (PAVED_TEST_POSTGRES, internal/testkit/pgtest), a new database on that server,
// dropped when the test ends.
func Database(tb testing.TB) string {
	tb.Helper()
	if OnPostgres() {
		return pgtest.Database(tb)
	}
	return SQLiteDatabase(tb)
}

// SQLiteDatabase is a fresh SQLite file's path, paved.db in tb.TempDir(),
// whichever store the suites run on.
func SQLiteDatabase(tb testing.TB) string {
	tb.Helper()
	return filepath.Join(tb.TempDir(), "paved.db")
}

// OnPostgres reports whether the suites run on Postgres.
func OnPostgres() bool { return pgtest.Server() != "" }

// SQLiteOnly skips a test of what only a SQLite file has (its bytes, its WAL,
// quick_check) when the suites run on Postgres.
func SQLiteOnly(tb testing.TB, why string) {
	tb.Helper()
	if OnPostgres() {
		tb.Skip("SQLite only: " + why)
	}
}

// OpenDBAt opens (creating and migrating if needed) the database at path and
// closes it when the test ends. Closing an already closed DB is harmless, so a
// test may close it earlier itself; the cleanup ignores the error.
func OpenDBAt(tb testing.TB, path string, opts ...db.Option) *db.DB {
	tb.Helper()
	d, err := db.Open(context.Background(), path, opts...)
	if err != nil {
		tb.Fatalf("open database: %v", err)
	}
	tb.Cleanup(func() { _ = d.Close() })
	return d
}

// countedTables are the fact tables Counts reports, by entity kind.
var countedTables = []string{
	"repos", "forge_teams", "forge_team_repos", "runs", "jobs", "findings", "analyses",
	"pull_requests", "reviews", "deployments", "deployment_statuses", "observations",
}

// Counts returns the number of stored rows of each fact table, read in one
// snapshot.
func Counts(tb testing.TB, d *db.DB) map[string]int64 {
	tb.Helper()
	q := "SELECT "
	for i, t := range countedTables {
		if i > 0 {
			q += ", "
		}
		q += "(SELECT count(*) FROM " + t + ")"
	}
	n := make([]int64, len(countedTables))
	dst := make([]any, len(n))
	for i := range n {
		dst[i] = &n[i]
	}
	if err := d.Reader().QueryRow(q).Scan(dst...); err != nil {
		tb.Fatalf("count records: %v", err)
	}
	counts := make(map[string]int64, len(n))
	for i, t := range countedTables {
		counts[t] = n[i]
	}
	return counts
}

// RawWriter is a second write connection to d's database, closed when the test
// ends, for rows that no exported db method writes. It bypasses db's single
// writer: use it only while nothing else writes.
func RawWriter(tb testing.TB, d *db.DB) *sql.DB {
	tb.Helper()
	w, err := db.OpenRaw(d.Path())
	if err != nil {
		tb.Fatalf("open raw writer: %v", err)
	}
	w.SetMaxOpenConns(1)
	tb.Cleanup(func() { _ = w.Close() })
	return w
}

// LogBuffer is a bytes.Buffer that concurrent writers (loggers, progress
// lines, a child process's output) may share.
type LogBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *LogBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

// String is everything written so far.
func (l *LogBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// StartSim serves a simulator on loopback (githubsim.Start, gitlabsim.Start)
// until the test ends and returns its base URL.
func StartSim[S any](tb testing.TB, start func(ctx context.Context, addr string, s S) (string, func(), error), s S) string {
	tb.Helper()
	url, stop, err := start(context.Background(), "127.0.0.1:0", s)
	if err != nil {
		tb.Fatalf("start simulator: %v", err)
	}
	tb.Cleanup(stop)
	return url
}

// Median is the median of xs (the mean of the middle two when their number is
// even), 0 for none. xs is not modified.
func Median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	n := len(s)
	if n == 0 {
		return 0
	}
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// StripJSONComments removes the // comments that documentation puts inside
// JSON examples (GitLab's, for one), leaving strings alone.
func StripJSONComments(b []byte) []byte {
	var out []byte
	inString, escaped := false, false
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch {
		case inString:
			out = append(out, c)
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
		case c == '"':
			inString = true
			out = append(out, c)
		case c == '/' && i+1 < len(b) && b[i+1] == '/':
			for i < len(b) && b[i] != '\n' {
				i++
			}
			out = append(out, '\n')
		default:
			out = append(out, c)
		}
	}
	return out
}

// Scorecards returns every stored scorecard of scope with as_of in [from, to], oldest
// first, read through the database's reader pool (the store has no such list: pages
// read summaries and the latest card).
func Scorecards(tb testing.TB, d *db.DB, scope string, from, to time.Time) []db.StoredScorecard {
	tb.Helper()
	rows, err := d.Reader().Query(`SELECT scope, as_of, level, score, body FROM scorecards
WHERE scope = ? AND as_of BETWEEN ? AND ? ORDER BY as_of`, scope, from.Unix(), to.Unix())
	if err != nil {
		tb.Fatalf("list scorecards of %s: %v", scope, err)
	}
	defer rows.Close()
	var cards []db.StoredScorecard
	for rows.Next() {
		var c db.StoredScorecard
		var asOf int64
		var level, score sql.NullInt64
		var body string
		if err := rows.Scan(&c.Scope, &asOf, &level, &score, &body); err != nil {
			tb.Fatalf("scan scorecard of %s: %v", scope, err)
		}
		c.AsOf = time.Unix(asOf, 0).UTC()
		if level.Valid {
			l := int(level.Int64)
			c.Level = &l
		}
		if score.Valid {
			s := int(score.Int64)
			c.Score = &s
		}
		c.Body = []byte(body)
		cards = append(cards, c)
	}
	if err := rows.Err(); err != nil {
		tb.Fatalf("list scorecards of %s: %v", scope, err)
	}
	return cards
}

// RepoFactsOf stores b, with repo as its only repo, in a fresh database and returns
// the facts the store loads for it: what scoring will see of those records.
func RepoFactsOf(tb testing.TB, repo model.Repo, b model.Batch) model.RepoFacts {
	tb.Helper()
	d := OpenDB(tb)
	b.Source = repo.Source
	b.Repos = []model.Repo{repo}
	if err := d.Apply(context.Background(), b); err != nil {
		tb.Fatalf("apply: %v", err)
	}
	f, err := d.LoadFacts(context.Background())
	if err != nil || len(f.Repos) != 1 {
		tb.Fatalf("facts %+v, %v", f, err)
	}
	return f.Repos[0]
}
