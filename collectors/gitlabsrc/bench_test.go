package gitlabsrc

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/paved-dev/paved/collectors"
	"github.com/paved-dev/paved/db"
	"github.com/paved-dev/paved/fixtures/gitlabsim"
	"github.com/paved-dev/paved/fixtures/simorg"
)

// BenchmarkCollectGitLabLarge is a first sync of the large simulated GitLab
// group into a fresh database. It runs only with PAVED_BENCH_LARGE=1:
//
//	PAVED_BENCH_LARGE=1 go test -run '^$' -bench CollectGitLabLarge -benchtime 1x ./collectors/gitlabsrc/
func BenchmarkCollectGitLabLarge(b *testing.B) {
	if os.Getenv("PAVED_BENCH_LARGE") != "1" {
		b.Skip("set PAVED_BENCH_LARGE=1 to run the large GitLab benchmark")
	}
	org := simorg.Generate(1, simorg.ScaleLarge, testNow)
	s := gitlabsim.New(org, gitlabsim.Options{Token: testToken})
	base, stop, err := gitlabsim.Start(context.Background(), "127.0.0.1:0", s)
	if err != nil {
		b.Fatal(err)
	}
	defer stop()
	gt := s.GroundTruth(org.GitLabRoot) // generates every project up front, outside the timing
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		d, err := db.Open(context.Background(), filepath.Join(b.TempDir(), "paved.db"))
		if err != nil {
			b.Fatal(err)
		}
		c, err := New(collectors.SourceConfig{Name: "gl", BaseURL: base, Token: testToken, Org: org.GitLabRoot})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start := time.Now()
		sum, err := c.Collect(context.Background(), d, collectors.RunOptions{Now: func() time.Time { return testNow }})
		elapsed := time.Since(start)
		b.StopTimer()
		if err != nil || !sum.OK() {
			b.Fatalf("summary %+v, err %v", sum, err)
		}
		counts, err := d.Counts(context.Background())
		if err != nil {
			b.Fatal(err)
		}
		for _, k := range []string{"repos", "runs", "pull_requests", "reviews", "deployments", "findings"} {
			if counts[k] != gt[k] {
				b.Errorf("%s: stored %d, the simulator holds %d", k, counts[k], gt[k])
			}
		}
		b.ReportMetric(float64(sum.Records)/elapsed.Seconds(), "records/s")
		b.ReportMetric(float64(sum.Requests)/float64(sum.Records), "requests/record")
		b.ReportMetric(float64(sum.Records), "records")
		_ = d.Close()
		b.StartTimer()
	}
}
