package githubsrc

import (
	"maps"
	"os"
	"testing"
	"time"

	"github.com/paved-dev/paved/fixtures/githubsim"
	"github.com/paved-dev/paved/fixtures/simorg"
	"github.com/paved-dev/paved/internal/testkit"
)

// BenchmarkCollectLargeStores is issue 15's ingest of the large organisation on
// both stores in one run: the first collection of the large simulated org (every
// repo's whole history, through the real collector against the simulator) into a
// fresh SQLite file and into a fresh Postgres database, one after the other, the
// store that goes first alternating between rounds. It reports each store's
// seconds (collect_s) and Postgres ÷ SQLite, and fails if the two stores end with
// different row counts. It takes minutes: PAVED_BENCH_LARGE=1 and
// PAVED_TEST_POSTGRES (make bench-stores sets both).
// collectStoresRounds counts BenchmarkCollectLargeStores's rounds across -count
// runs, so the store that goes first alternates.
var collectStoresRounds int

func BenchmarkCollectLargeStores(b *testing.B) {
	if os.Getenv("PAVED_BENCH_LARGE") != "1" {
		b.Skip("set PAVED_BENCH_LARGE=1 to collect the large simulated org")
	}
	testkit.RequirePostgres(b)
	secs := map[string][]float64{}
	for range b.N {
		stores := testkit.BothStores(b)
		if collectStoresRounds%2 == 1 {
			stores[0], stores[1] = stores[1], stores[0]
		}
		collectStoresRounds++
		var counts map[string]int64
		for _, s := range stores {
			b.StopTimer()
			e := newSimEnv(b, simorg.ScaleLarge, githubsim.Options{})
			e.db = testkit.OpenDBAt(b, s.Database)
			e.org.GroundTruth("github") // generate every repo before timing
			b.StartTimer()
			start := time.Now()
			sum := e.collectWithin(b, false, 45*time.Minute)
			secs[s.Name] = append(secs[s.Name], time.Since(start).Seconds())
			b.StopTimer()
			if sum.HistoryPending != 0 {
				b.Fatalf("%s: the first pass left history to read (%d repos)", s.Name, sum.HistoryPending)
			}
			got := e.counts(b)
			if counts != nil && !maps.Equal(counts, got) {
				b.Fatalf("the stores hold different rows after the same collection: %v and %v", counts, got)
			}
			counts = got
			b.Logf("%s: %d records in %.1f s (%.0f/s)", s.Name, sum.Records, secs[s.Name][len(secs[s.Name])-1],
				float64(sum.Records)/secs[s.Name][len(secs[s.Name])-1])
			b.StartTimer()
		}
	}
	testkit.ReportStores(b, "collect_s", map[string]float64{
		testkit.SQLite: testkit.Median(secs[testkit.SQLite]), testkit.Postgres: testkit.Median(secs[testkit.Postgres])})
	b.ReportMetric(0, "ns/op") // one op is both collections; its time says nothing
}
