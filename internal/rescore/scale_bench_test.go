package rescore_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/paved-dev/paved/db"
	"github.com/paved-dev/paved/fixtures/benchdb"
	"github.com/paved-dev/paved/internal/rescore"
	"github.com/paved-dev/paved/internal/testkit"
	"github.com/paved-dev/paved/scoring"
)

// scaleTeams are the team counts BenchmarkRescoreTeams scores the large org with.
var scaleTeams = []int{20, 200, 2000}

// BenchmarkRescoreTeams rescores a copy of the large organisation with 20, 200 and
// 2,000 teams spread over its repos (benchdb.SpreadTeams), 52 weeks each, and
// reports in one run: each full rescore's time, time(2000) ÷ time(20) (goal ≤ 120,
// linear), the peak heap at 2,000 teams (goal ≤ 1 GiB) and the stored scorecard
// bytes per scope-week at 2,000 teams, the full scorecards at as_of and its
// baseline and the fingerprints included (goal ≤ 2 KiB).
func BenchmarkRescoreTeams(b *testing.B) {
	requireLarge(b)
	ctx := context.Background()
	path := benchdb.Copy(b)
	d, err := db.Open(ctx, path, db.WithNow(func() time.Time { return benchdb.Now }))
	if err != nil {
		b.Fatal(err)
	}
	defer d.Close()
	org := benchdb.Org()
	secs := map[int]float64{}
	var peak uint64
	var res rescore.Result
	b.ResetTimer()
	for range b.N {
		for _, n := range scaleTeams {
			opts := rescore.Options{Teams: benchdb.SpreadTeams(org, n), Config: scoring.DefaultConfig(), AsOf: benchdb.Now, Full: true}
			t0 := time.Now()
			var runErr error
			p := testkit.PeakHeap(func() { res, runErr = rescore.Run(ctx, d, opts) })
			if runErr != nil {
				b.Fatal(runErr)
			}
			secs[n] = time.Since(t0).Seconds()
			peak = p
			b.ReportMetric(secs[n], fmt.Sprintf("s_%d_teams", n))
		}
	}
	b.StopTimer()
	bytes, err := scorecardBytes(ctx, b.TempDir(), path)
	if err != nil {
		b.Fatal(err)
	}
	weeks := 52
	b.ReportMetric(secs[2000]/secs[20], "time_2000/time_20")
	b.ReportMetric(float64(peak)/(1<<20), "peak_heap_MiB_2000")
	b.ReportMetric(float64(bytes.total)/float64(res.Scopes*weeks), "stored_B/scope-week")
	b.ReportMetric(float64(bytes.indexes)/float64(res.Scopes*weeks), "of_which_repo_indexes_B/scope-week")
}

// storedBytes are the pages a rescore's output takes on disk, and the part of
// them the repo indexes take.
type storedBytes struct{ total, indexes int64 }

// scorecardBytes is what the stored scorecards, the incremental rescore's
// fingerprints and the repo indexes it reuses take on disk: they are copied, with
// their primary keys, into an empty database file, and the pages that file grew
// by are counted.
func scorecardBytes(ctx context.Context, dir, path string) (storedBytes, error) {
	scratch, err := sql.Open("sqlite3", filepath.Join(dir, "scorecards-only.db"))
	if err != nil {
		return storedBytes{}, err
	}
	defer scratch.Close()
	conn, err := scratch.Conn(ctx)
	if err != nil {
		return storedBytes{}, err
	}
	defer conn.Close()
	pages := func() (int64, error) {
		var n, size int64
		if err := conn.QueryRowContext(ctx, `PRAGMA page_count`).Scan(&n); err != nil {
			return 0, err
		}
		err := conn.QueryRowContext(ctx, `PRAGMA page_size`).Scan(&size)
		return n * size, err
	}
	for _, q := range []string{
		`CREATE TABLE scorecards (scope TEXT NOT NULL, as_of INTEGER NOT NULL, level INTEGER, score INTEGER, body TEXT NOT NULL, PRIMARY KEY (scope, as_of))`,
		`CREATE TABLE rescore_fingerprints (as_of INTEGER NOT NULL, repo TEXT NOT NULL, fp INTEGER NOT NULL, PRIMARY KEY (as_of, repo)) WITHOUT ROWID`,
		`CREATE TABLE repo_indexes (repo_id INTEGER PRIMARY KEY, facts_version INTEGER NOT NULL, key TEXT NOT NULL, body BLOB NOT NULL)`,
		fmt.Sprintf(`ATTACH DATABASE 'file:%s?mode=ro' AS src`, path),
	} {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			return storedBytes{}, err
		}
	}
	var out storedBytes
	before, err := pages()
	if err != nil {
		return out, err
	}
	for _, q := range []string{
		`INSERT INTO scorecards SELECT scope, as_of, level, score, body FROM src.scorecards ORDER BY scope, as_of`,
		`INSERT INTO rescore_fingerprints SELECT as_of, repo, fp FROM src.rescore_fingerprints ORDER BY as_of, repo`,
	} {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			return out, err
		}
	}
	mid, err := pages()
	if err != nil {
		return out, err
	}
	if _, err := conn.ExecContext(ctx, `INSERT INTO repo_indexes SELECT repo_id, facts_version, key, body FROM src.repo_indexes ORDER BY repo_id`); err != nil {
		return out, err
	}
	after, err := pages()
	out.total, out.indexes = after-before, after-mid
	return out, err
}
