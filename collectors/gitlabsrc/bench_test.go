package gitlabsrc

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/paved-dev/paved/collectors"
	"github.com/paved-dev/paved/fixtures/gitlabsim"
	"github.com/paved-dev/paved/fixtures/simorg"
	"github.com/paved-dev/paved/internal/testkit"
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
	base := testkit.StartSim(b, gitlabsim.Start, s)
	gt := s.GroundTruth(org.GitLabRoot) // generates every project up front, outside the timing
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		d := testkit.OpenDB(b)
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
		counts := testkit.Counts(b, d)
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
