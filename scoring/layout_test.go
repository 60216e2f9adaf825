package scoring

import (
	"os"
	"slices"
	"strings"
	"testing"
)

// modelMetrics are the metric names of the maturity model with the file of their
// dimension (oldest_overdue_days since model v2).
var modelMetrics = map[string]string{
	"ci_coverage":                  "automation.go",
	"pr_ci_coverage":               "automation.go",
	"first_attempt_success":        "automation.go",
	"pipeline_minutes_p50":         "automation.go",
	"scan_coverage":                "shift_left.go",
	"full_scan_coverage":           "shift_left.go",
	"pr_scan_coverage":             "shift_left.go",
	"escaped_findings_per_100_prs": "shift_left.go",
	"sla_attainment_critical_high": "remediation.go",
	"sla_attainment_medium":        "remediation.go",
	"mttr_critical_days_p50":       "remediation.go",
	"overdue_critical_high":        "remediation.go",
	"oldest_overdue_days":          "remediation.go",
	"risk_accepted_share":          "remediation.go",
	"reviewed_share":               "review.go",
	"pickup_hours_p50":             "review.go",
	"pickup_hours_p90":             "review.go",
	"merge_hours_p50":              "review.go",
	"deploys_per_week":             "delivery.go",
	"deploy_days_per_week":         "delivery.go",
	"lead_time_hours_p50":          "delivery.go",
	"change_failure_rate":          "delivery.go",
	"recovery_hours_p50":           "delivery.go",
}

// TestMetricsLiveInTheirDimensionFile keeps a metric one hop from its name: its
// name string appears in the package's code in at most two files, one of them its
// dimension's file, and everything else reaches it through the constant. The count
// is a plain substring per file, so a name inside a longer one (ci_coverage in
// pr_ci_coverage, a JSON tag like first_attempt_successes) counts too.
func TestMetricsLiveInTheirDimensionFile(t *testing.T) {
	entries, err := os.ReadDir(".")
	if err != nil {
		t.Fatalf("reading the package directory: %v", err)
	}
	sources := map[string]string{}
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatalf("reading %s: %v", name, err)
		}
		sources[name] = string(b)
	}
	for _, metric := range sortedKeys(modelMetrics) {
		home := modelMetrics[metric]
		var files []string
		for _, name := range sortedKeys(sources) {
			if strings.Contains(sources[name], metric) {
				files = append(files, name)
			}
		}
		_, inModel := metricDefs[metric]
		switch {
		case len(files) == 0 && !inModel:
			// Not implemented yet (a v2 metric): nothing to keep in place.
		case len(files) > 2:
			t.Errorf("%s appears in %d files %v; keep its name in %s and use its constant elsewhere", metric, len(files), files, home)
		case !slices.Contains(files, home):
			t.Errorf("%s appears in %v but not in %s, the file of its dimension", metric, files, home)
		}
	}
	t.Run("every metric of the table is checked", func(t *testing.T) {
		for name, m := range metricDefs {
			home, ok := modelMetrics[name]
			if !ok {
				t.Errorf("metric %s is not listed in modelMetrics; add it with its dimension's file", name)
				continue
			}
			if want := strings.TrimSuffix(home, ".go"); m.dim != want {
				t.Errorf("metric %s is in dimension %s; its name lives in %s", name, m.dim, home)
			}
		}
	})
}
