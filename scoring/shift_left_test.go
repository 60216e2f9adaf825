package scoring

import (
	"fmt"
	"testing"
	"time"
)

func TestScanCoverage(t *testing.T) {
	active := func(name string) *RepoFacts {
		r := newRepo(name)
		r.Runs = []Run{mainRun(ago(1 * days))}
		return r
	}
	sastRun := active("sast-run")
	sastRun.Runs[0].Scans = CatSAST

	resolvedFinding := active("resolved-finding")
	resolvedFinding.Findings = []Finding{{ID: "d/1", Category: "sca", Severity: "low", Outcome: "fixed",
		CreatedAt: ago(200 * days), ResolvedAt: ago(10 * days)}}

	full := active("full")
	full.Runs = append(full.Runs, Run{CreatedAt: ago(2 * days), HeadBranch: "feat", Scans: CatSCA})
	full.Analyses = []Analysis{{Category: "sast", CreatedAt: ago(3 * days)}}
	full.Observations = []Observation{{Feature: "secret_scanning", Enabled: true, ObservedAt: ago(300 * days)}}

	switchedOff := active("switched-off")
	switchedOff.Observations = []Observation{
		{Feature: "code_scanning", Enabled: true, ObservedAt: ago(200 * days)},
		{Feature: "code_scanning", Enabled: false, ObservedAt: ago(100 * days)},
	}
	oldScan := active("old-scan")
	oldScan.Runs = append(oldScan.Runs, Run{CreatedAt: ago(95 * days), HeadBranch: "main", Scans: AllScanCategories})

	dastOnly := active("dast-only")
	dastOnly.Findings = []Finding{{ID: "v/1", Category: "dast", Severity: "high", Outcome: "open", CreatedAt: ago(5 * days)}}

	enabledLater := active("enabled-later")
	enabledLater.Observations = []Observation{{Feature: "dependabot_alerts", Enabled: true, ObservedAt: asOf.Add(time.Hour)}}

	excludedFinding := active("excluded-finding")
	excludedFinding.Findings = []Finding{{ID: "c/1", Category: "sast", Severity: "high", Outcome: "excluded",
		CreatedAt: ago(5 * days), ResolvedAt: ago(4 * days)}}

	archived := newRepo("archived")
	archived.Archived = true
	archived.Runs = []Run{{CreatedAt: ago(1 * days), HeadBranch: "main", Scans: AllScanCategories}}

	repos := []*RepoFacts{sastRun, resolvedFinding, full, switchedOff, oldScan, dastOnly, enabledLater, excludedFinding, archived}
	// 8 active repos (not the archived one). With ≥1 category: sast-run, resolved-finding,
	// full, excluded-finding (an excluded finding still shows a scanner ran) = 4.
	// With all three: full (sca run, sast analysis, secret enabled before and still) = 1.
	t.Run("scan_coverage counts active repos with any of sast, sca, secret", func(t *testing.T) {
		checkMetric(t, metricAt(t, repos, DefaultConfig(), MetricScanCoverage), f64(0.5), 8)
	})
	t.Run("full_scan_coverage counts active repos with all three", func(t *testing.T) {
		checkMetric(t, metricAt(t, repos, DefaultConfig(), MetricFullScanCoverage), f64(0.125), 8)
	})
}

func TestObservationIntervalsAtTheWindowEdge(t *testing.T) {
	tests := []struct {
		name string
		obs  []Observation
		want float64
	}{
		// enabled [−200d, −90d) does not reach past the window's open start.
		{"disabled exactly at the window start does not count", []Observation{
			{Feature: "secret_scanning", Enabled: true, ObservedAt: ago(200 * days)},
			{Feature: "secret_scanning", Enabled: false, ObservedAt: ago(Window)},
		}, 0},
		{"disabled just after the window start counts", []Observation{
			{Feature: "secret_scanning", Enabled: true, ObservedAt: ago(200 * days)},
			{Feature: "secret_scanning", Enabled: false, ObservedAt: ago(Window).Add(time.Second)},
		}, 1},
		{"enabled exactly at as_of counts", []Observation{
			{Feature: "secret_scanning", Enabled: true, ObservedAt: asOf},
		}, 1},
		{"a repeated enabled observation keeps the first start", []Observation{
			{Feature: "secret_scanning", Enabled: true, ObservedAt: ago(300 * days)},
			{Feature: "secret_scanning", Enabled: true, ObservedAt: ago(200 * days)},
		}, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := newRepo("api")
			r.Runs = []Run{mainRun(ago(1 * days))}
			r.Observations = tc.obs
			checkMetric(t, metricAt(t, []*RepoFacts{r}, DefaultConfig(), MetricScanCoverage), f64(tc.want), 1)
		})
	}
}

func TestPRScanCoverage(t *testing.T) {
	r := newRepo("api")
	for n := 1; n <= 10; n++ {
		pr := humanPR(n, ago(time.Duration(n)*days))
		pr.HeadSHA = fmt.Sprintf("s%d", n)
		r.PRs = append(r.PRs, pr)
	}
	run := func(sha string, scans Categories, prs ...int) Run {
		return Run{CreatedAt: ago(20 * days), HeadBranch: "feat", HeadSHA: sha, Scans: scans, PRNumbers: prs}
	}
	r.Runs = []Run{
		run("s1", CatSAST), run("s2", CatSCA), run("s3", CatSecret),
		run("other", CatSAST, 4),   // by forge link
		run("s5", 0), run("s6", 0), // runs without a scan job
	}
	// PRs 1–4 ran a scan job, 5–10 did not: 4 ÷ 10.
	checkMetric(t, metricAt(t, []*RepoFacts{r}, DefaultConfig(), MetricPRScanCoverage), f64(0.4), 10)
}

func TestEscapedFindingsPer100PRs(t *testing.T) {
	r := newRepo("api")
	for n := 1; n <= 20; n++ {
		r.PRs = append(r.PRs, humanPR(n, ago(time.Duration(n)*days)))
	}
	f := func(cat, sev, outcome string, created time.Time) Finding {
		return Finding{ID: cat + sev, Category: cat, Severity: sev, Outcome: outcome, CreatedAt: created}
	}
	r.Findings = []Finding{
		f("sast", "critical", "open", ago(5*days)),     // counts
		f("secret", "high", "open", ago(6*days)),       // counts
		f("sast", "high", "excluded", ago(7*days)),     // excluded
		f("sast", "medium", "open", ago(8*days)),       // severity
		f("sca", "critical", "open", ago(9*days)),      // category
		f("sast", "high", "open", ago(95*days)),        // before the window
		f("dast", "critical", "open", ago(10*days)),    // category
		f("secret", "CRITICAL", "fixed", ago(11*days)), // counts; case folded
	}
	r.Findings[7].ResolvedAt = ago(10 * days)
	// 3 escaped × 100 ÷ 20 merged PRs = 15.
	checkMetric(t, metricAt(t, []*RepoFacts{r}, DefaultConfig(), MetricEscapedPer100PRs), f64(15), 20)

	t.Run("no merged PR leaves the value null", func(t *testing.T) {
		r := newRepo("web")
		r.Findings = []Finding{f("sast", "critical", "open", ago(5*days))}
		checkMetric(t, metricAt(t, []*RepoFacts{r}, DefaultConfig(), MetricEscapedPer100PRs), nil, 0)
	})
}
