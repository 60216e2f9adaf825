package githubsrc

import (
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/paved-dev/paved/fixtures/githubsim"
	"github.com/paved-dev/paved/fixtures/simorg"
)

// BenchmarkCollectLarge collects the large simulated org (≈1M runs, 500+
// repos) into a fresh SQLite file, compares every run's scan categories with
// its own jobs', then runs a no-change incremental pass.
// The simulator sets no quota (its headers show nothing spent), so the
// first pass reads the whole history: "requests" is what the 52 weeks cost,
// "requests-to-first-scorecard" what was spent when every repo's latest
// window was stored (RunOptions.OnWindow), as a quota-bound first pass
// spends them too.
// It takes minutes, so it runs only with PAVED_BENCH_LARGE=1:
//
//	PAVED_BENCH_LARGE=1 go test ./collectors/githubsrc/ -run '^$' -bench CollectLarge -benchtime 1x -timeout 60m
func BenchmarkCollectLarge(b *testing.B) {
	if os.Getenv("PAVED_BENCH_LARGE") != "1" {
		b.Skip("set PAVED_BENCH_LARGE=1 to collect the large simulated org")
	}
	for range b.N {
		b.StopTimer()
		e := newSimEnv(b, simorg.ScaleLarge, githubsim.Options{})
		e.org.GroundTruth("github") // generate every repo before timing
		var atWindow map[string]int64
		e.onWindow = func(string) { atWindow = e.sim.Stats().ByKind }
		b.StartTimer()
		start, cpuStart := time.Now(), cpuTime(b)
		// A loaded 2-core machine can take several times a quiet one's minutes.
		first := e.collectWithin(b, false, 45*time.Minute)
		took, cpu := time.Since(start), cpuTime(b)-cpuStart
		if first.WindowRequests == 0 || first.HistoryPending != 0 {
			b.Fatalf("the first pass stored no window before deepening (%d requests) or left history to read (%d repos)",
				first.WindowRequests, first.HistoryPending)
		}
		b.StopTimer()
		byKind := e.sim.Stats().ByKind

		differing, sampledRuns := 0, 0
		for name, c := range e.checkRunCategories(b) {
			differing += c.mismatched
			sampledRuns += c.sampled
			if c.mismatched > 0 {
				b.Logf("%s: %d runs differ from their own jobs, first %s", name, c.mismatched, c.first)
			}
		}

		b.Logf("rows by table after the first pass: %v", e.counts(b))

		e.sim.ResetStats()
		second := e.collect(b, false)
		repos := float64(len(e.org.Repos(simorg.ForgeGitHub)))

		b.ReportMetric(float64(first.Records)/took.Seconds(), "records/s")
		b.ReportMetric(cpu.Seconds(), "cpu-s")
		b.ReportMetric(float64(first.Requests)/float64(first.Records), "requests/record")
		b.ReportMetric(float64(first.Records), "records")
		b.ReportMetric(float64(first.Requests), "requests")
		b.ReportMetric(float64(first.WindowRequests), "requests-to-first-scorecard")
		b.ReportMetric(float64(second.Requests)/repos, "incr-requests/repo")
		b.ReportMetric(float64(second.NotModified)/repos, "incr-304/repo")
		b.Logf("first pass %s (CPU %s, simulator included): %d records, %d requests by kind %v", took.Round(time.Second), cpu.Round(time.Second), first.Records, first.Requests, byKind)
		b.Logf("until every repo's latest window was stored: %d requests by kind %v", first.WindowRequests, atWindow)
		b.Logf("no-change pass: %d requests, %d answered 304, %d records", second.Requests, second.NotModified, second.Records)
		b.Logf("scan categories: %d runs differ from their own jobs' (%d runs in sampling groups)", differing, sampledRuns)
		b.StartTimer()
	}
}

// cpuTime is the process's user and system CPU time so far: on a shared
// machine it compares passes better than wall time.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
