package rescore_test

import (
	"context"
	"database/sql"
	"os"
	"testing"
	"time"

	"github.com/paved-dev/paved/db"
	"github.com/paved-dev/paved/fixtures/benchdb"
	"github.com/paved-dev/paved/internal/rescore"
	"github.com/paved-dev/paved/internal/testkit"
	"github.com/paved-dev/paved/scoring"
)

// factPass is the baseline: one SQL pass reading every fact once, the same columns
// LoadFacts reads, scanned into locals and thrown away.
var factPass = []struct {
	query string
	cols  int
}{
	{`SELECT repo_id, created_at, completed_at, status, conclusion, attempt, head_branch, head_sha, event, pr_numbers, scan_categories FROM runs`, 11},
	{`SELECT repo_id, number, author, author_is_bot, created_at, ready_at, merged_at, base_branch, head_sha FROM pull_requests`, 9},
	{`SELECT repo_id, pr_number, author, author_is_bot, kind, state, submitted_at FROM reviews`, 7},
	{`SELECT repo_id, kind, forge_id, category, severity, outcome, created_at, resolved_at FROM findings`, 8},
	{`SELECT repo_id, category, created_at FROM analyses`, 3},
	{`SELECT repo_id, feature, enabled, observed_at FROM observations`, 4},
	{`SELECT repo_id, environment, environment_tier, created_at, status, status_at FROM deployments`, 6},
}

func readEveryFactOnce(ctx context.Context, r *sql.DB) (int, error) {
	rows := 0
	for _, q := range factPass {
		rs, err := r.QueryContext(ctx, q.query)
		if err != nil {
			return 0, err
		}
		dst := make([]any, q.cols)
		vals := make([]sql.RawBytes, q.cols)
		for i := range dst {
			dst[i] = &vals[i]
		}
		for rs.Next() {
			if err := rs.Scan(dst...); err != nil {
				rs.Close()
				return 0, err
			}
			rows++
		}
		if err := rs.Close(); err != nil {
			return 0, err
		}
	}
	return rows, nil
}

// BenchmarkRescoreLarge compares, in the same run, a full rescore of the large
// simulated organisation (every team × 52 weekly snapshots, load and store
// included) with one SQL pass that reads every fact once. Goal: ratio ≤ 3.
func BenchmarkRescoreLarge(b *testing.B) {
	requireLarge(b)
	round := largeRound(b, benchdb.Copy(b)) // rescoring writes: leave the shared database as built
	var rescores, pass []float64
	var facts int
	b.ResetTimer()
	for range b.N {
		for range largeRounds {
			r, p, n := round()
			rescores, pass, facts = append(rescores, r), append(pass, p), n
		}
	}
	b.StopTimer()
	r, p := testkit.Median(rescores), testkit.Median(pass)
	b.ReportMetric(float64(facts), "facts")
	b.ReportMetric(r, "rescore_s")
	b.ReportMetric(p, "sql_pass_s")
	b.ReportMetric(r/p, "rescore/sql_pass")
}

// BenchmarkRescoreStores is BenchmarkRescoreLarge on SQLite and on Postgres (a
// copy of the same organisation on each, the same facts), their rounds
// alternating in one run, so that load on the machine weighs on both alike.
// Goal: Postgres's full rescore within 2× of SQLite's.
func BenchmarkRescoreStores(b *testing.B) {
	requireLarge(b)
	stores := benchdb.CopyStores(b)
	rounds := make([]func() (float64, float64, int), len(stores))
	for i, s := range stores {
		rounds[i] = largeRound(b, s.Database)
	}
	rescores := map[string][]float64{}
	pass := map[string][]float64{}
	b.ResetTimer()
	for range b.N {
		for i := range largeRounds {
			for j := range stores { // each store goes first in turn
				k := (i + j) % len(stores)
				r, p, _ := rounds[k]()
				name := stores[k].Name
				rescores[name], pass[name] = append(rescores[name], r), append(pass[name], p)
			}
		}
	}
	b.StopTimer()
	medians := func(m map[string][]float64) map[string]float64 {
		out := map[string]float64{}
		for name, xs := range m {
			out[name] = testkit.Median(xs)
		}
		return out
	}
	testkit.ReportStores(b, "rescore_s", medians(rescores))
	testkit.ReportStores(b, "sql_pass_s", medians(pass))
}

const largeRounds = 3

func requireLarge(b *testing.B) {
	b.Helper()
	if os.Getenv("PAVED_BENCH_LARGE") == "" {
		b.Skip("set PAVED_BENCH_LARGE=1 (make bench) to run on the large simulated organisation")
	}
}

// largeRound opens database, a copy of the large organisation, until b ends, and
// returns one round on it: the SQL pass over every fact, then a full rescore,
// each timed in seconds, and the number of facts the pass read.
func largeRound(b *testing.B, database string) func() (rescoreS, passS float64, facts int) {
	ctx := context.Background()
	d := testkit.OpenDBAt(b, database, db.WithNow(func() time.Time { return benchdb.Now }))
	opts := rescore.Options{Teams: benchdb.Teams(benchdb.Org()), Config: scoring.DefaultConfig(), AsOf: benchdb.Now, Full: true}
	return func() (float64, float64, int) {
		t0 := time.Now()
		n, err := readEveryFactOnce(ctx, d.Reader())
		if err != nil {
			b.Fatal(err)
		}
		p := time.Since(t0).Seconds()
		t0 = time.Now()
		if _, err := rescore.Run(ctx, d, opts); err != nil {
			b.Fatal(err)
		}
		return time.Since(t0).Seconds(), p, n
	}
}
