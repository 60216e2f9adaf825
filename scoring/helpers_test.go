package scoring

import (
	"math"
	"testing"
	"time"
)

// asOf is a Monday; every test measures time back from it.
var asOf = time.Date(2024, 6, 3, 0, 0, 0, 0, time.UTC)

const (
	hour = time.Hour
	days = 24 * time.Hour
)

// ago is the instant d before asOf.
func ago(d time.Duration) time.Time { return asOf.Add(-d) }

func newRepo(name string) *RepoFacts {
	return &RepoFacts{Source: "gh", Kind: "github", FullName: "acme/" + name, DefaultBranch: "main"}
}

// mainRun is a completed, first-attempt, successful push run on main.
func mainRun(at time.Time) Run {
	return Run{CreatedAt: at, CompletedAt: at.Add(10 * time.Minute), Status: "completed",
		Conclusion: "success", Attempt: 1, HeadBranch: "main", HeadSHA: "sha-" + at.Format(time.RFC3339Nano), Event: "push"}
}

// humanPR is a human PR created a day before its merge.
func humanPR(n int, merged time.Time) PR {
	return PR{Number: n, Author: "alice", CreatedAt: merged.Add(-days), MergedAt: merged,
		BaseBranch: "main", HeadSHA: "pr-sha-" + string(rune('a'+n%26)) + merged.Format(time.RFC3339)}
}

// metricAt evaluates the repos at asOf with the default config and returns one metric.
func metricAt(t *testing.T, repos []*RepoFacts, cfg Config, key string) Metric {
	t.Helper()
	sc := Evaluate(repos, asOf, cfg)
	dim := sc.Dimensions[metricDefs[key].dim]
	m, ok := dim.Metrics[key]
	if !ok {
		t.Fatalf("metric %s missing from %s", key, metricDefs[key].dim)
	}
	return m
}

func checkMetric(t *testing.T, got Metric, want *float64, samples int) {
	t.Helper()
	if got.Samples != samples {
		t.Errorf("samples = %d, want %d", got.Samples, samples)
	}
	switch {
	case want == nil && got.Value != nil:
		t.Errorf("value = %v, want null", *got.Value)
	case want != nil && got.Value == nil:
		t.Errorf("value = null, want %v", *want)
	case want != nil && math.Abs(*got.Value-*want) > 1e-9:
		t.Errorf("value = %v, want %v", *got.Value, *want)
	}
}

func f64(v float64) *float64 { return &v }
