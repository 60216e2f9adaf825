package scoring

import (
	"strings"
	"testing"
	"time"

	"github.com/paved-dev/paved/model"
)

// finding builds a finding; resolved zero means open.
func finding(sev, outcome string, created, resolved time.Time) Finding {
	return Finding{ID: sev + "-" + created.Format(time.DateOnly), Category: "sca", Severity: sev,
		Outcome: outcome, CreatedAt: created, ResolvedAt: resolved}
}

var never0 time.Time

func TestSLAAttainmentCriticalHigh(t *testing.T) {
	r := newRepo("api")
	r.Findings = []Finding{
		finding("critical", "fixed", ago(40*days), ago(30*days)),     // due −25d, met
		finding("critical", "fixed", ago(41*days), ago(20*days)),     // due −26d, missed
		finding("high", "risk_accepted", ago(60*days), ago(35*days)), // due −30d, met
		finding("high", "open", ago(50*days), never0),                // due −20d, missed
		finding("high", "fixed", ago(100*days), ago(70*days)),        // due −70d, fixed at due: met
		finding("high", "open", ago(30*days), never0),                // due = as_of: in, missed
		finding("critical", "open", ago(105*days), never0),           // due = as_of − 90d, open at the window's start: a miss (v2)
		finding("critical", "excluded", ago(30*days), ago(29*days)),  // excluded: nowhere
		finding("high", "open", ago(10*days), never0),                // due +20d: not yet due
		finding("critical", "fixed", ago(110*days), ago(100*days)),   // due −95d: out
		finding("medium", "open", ago(100*days), never0),             // other metric
	}
	// due in the window: 6, and 1 overdue and open at its start (v2); met 3 → 3 ÷ 7.
	checkMetric(t, metricAt(t, []*RepoFacts{r}, DefaultConfig(), MetricSLACriticalHigh), f64(3.0/7), 7)

	t.Run("SLA days come from config", func(t *testing.T) {
		r := newRepo("web")
		// SLA 5 days: due −5d, fixed −3d → missed. With the default 15 it is not due yet.
		r.Findings = []Finding{finding("critical", "fixed", ago(10*days), ago(3*days))}
		cfg := DefaultConfig()
		cfg.SLADays.Critical = 5
		checkMetric(t, metricAt(t, []*RepoFacts{r}, cfg, MetricSLACriticalHigh), f64(0), 1)
		checkMetric(t, metricAt(t, []*RepoFacts{r}, DefaultConfig(), MetricSLACriticalHigh), nil, 0)
	})
}

func TestSLAAttainmentMedium(t *testing.T) {
	r := newRepo("api")
	r.Findings = []Finding{
		finding("medium", "fixed", ago(100*days), ago(50*days)), // due −10d, met
		finding("medium", "open", ago(95*days), never0),         // due −5d, missed
		finding("medium", "open", ago(60*days), never0),         // due +30d
		finding("MODERATE", "open", ago(95*days), never0),       // not a normalised severity: low
		finding("high", "open", ago(40*days), never0),           // other metric
	}
	checkMetric(t, metricAt(t, []*RepoFacts{r}, DefaultConfig(), MetricSLAMedium), f64(0.5), 2)
}

func TestMTTRCriticalDays(t *testing.T) {
	fixed := func(created time.Time, d time.Duration) Finding {
		return finding("critical", "fixed", created, created.Add(d))
	}
	tests := []struct {
		name     string
		findings []Finding
		want     *float64
		samples  int
	}{
		{"odd n takes the middle value", []Finding{
			fixed(ago(20*days), 2*days), fixed(ago(30*days), 9*days), fixed(ago(40*days), 4*days),
		}, f64(4), 3}, // 2, 4, 9
		{"even n takes the mean of the two middle values", []Finding{
			fixed(ago(20*days), 2*days), fixed(ago(30*days), 10*days),
			fixed(ago(40*days), 6*days), fixed(ago(50*days), 4*days),
		}, f64(5), 4}, // 2, 4, 6, 10 → (4 + 6) ÷ 2
		{"only critical fixes in the window count", []Finding{
			fixed(ago(20*days), 3*days),
			finding("high", "fixed", ago(20*days), ago(10*days)),
			finding("critical", "risk_accepted", ago(20*days), ago(10*days)),
			fixed(ago(200*days), 10*days), // fixed before the window
		}, f64(3), 1},
		{"a clock-skewed fix counts as zero", []Finding{
			fixed(ago(20*days), -6*hour), fixed(ago(30*days), 5*days), fixed(ago(40*days), 7*days),
		}, f64(5), 3}, // 0, 5, 7
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := newRepo("api")
			r.Findings = tc.findings
			checkMetric(t, metricAt(t, []*RepoFacts{r}, DefaultConfig(), MetricMTTRCriticalDaysP50), tc.want, tc.samples)
		})
	}
}

func TestClockSkewIsFlaggedNotDropped(t *testing.T) {
	r := newRepo("api")
	r.Findings = []Finding{
		{ID: "code_scanning/9", Category: "sast", Severity: "critical", Outcome: "fixed",
			CreatedAt: ago(10 * days), ResolvedAt: ago(10*days + 2*hour)},
		finding("critical", "fixed", ago(200*days), ago(201*days)), // skewed, but outside the window
	}
	sc := Evaluate([]*RepoFacts{r}, asOf, DefaultConfig())
	if len(sc.Flags) != 1 {
		t.Fatalf("flags = %+v, want one", sc.Flags)
	}
	f := sc.Flags[0]
	if f.Kind != FlagClockSkew || f.Repo != "gh:acme/api" || !strings.Contains(f.Detail, "code_scanning/9") || !strings.Contains(f.Detail, "2h0m0s") {
		t.Errorf("flag = %+v", f)
	}
	// The skewed finding stays in every count: one critical fix of 0 days.
	checkMetric(t, sc.Dimensions[DimRemediation].Metrics[MetricMTTRCriticalDaysP50], f64(0), 1)
	checkMetric(t, sc.Dimensions[DimRemediation].Metrics[MetricRiskAcceptedShare], f64(0), 1)
}

func TestOverdueCriticalHigh(t *testing.T) {
	r := newRepo("api")
	r.Findings = []Finding{
		finding("critical", "open", ago(20*days), never0),                  // due −5d: overdue
		finding("high", "open", ago(20*days), never0),                      // due +10d: open, not overdue
		finding("high", "fixed", ago(40*days), asOf.Add(days)),             // due −10d, fixed after as_of: overdue at as_of
		finding("critical", "fixed", ago(40*days), ago(30*days)),           // closed
		finding("high", "excluded", ago(200*days), ago(1*days)),            // excluded: nowhere
		finding("critical", "open", asOf.Add(hour), never0),                // created after as_of
		finding("medium", "open", ago(200*days), never0),                   // not critical/high
		finding("critical", "risk_accepted", ago(200*days), ago(150*days)), // closed long ago
	}
	// open critical/high at as_of: 3; past due: 2.
	checkMetric(t, metricAt(t, []*RepoFacts{r}, DefaultConfig(), MetricOverdueCriticalHigh), f64(2), 3)

	t.Run("no open finding is a count of zero, not missing data", func(t *testing.T) {
		checkMetric(t, metricAt(t, []*RepoFacts{newRepo("web")}, DefaultConfig(), MetricOverdueCriticalHigh), f64(0), 0)
	})
}

func TestRiskAcceptedShare(t *testing.T) {
	r := newRepo("api")
	r.Findings = []Finding{
		finding("low", "fixed", ago(50*days), ago(10*days)),
		finding("high", "fixed", ago(50*days), ago(11*days)),
		finding("critical", "fixed", ago(50*days), ago(12*days)),
		finding("medium", "risk_accepted", ago(50*days), ago(13*days)),
		finding("critical", "risk_accepted", ago(50*days), ago(14*days)),
		finding("high", "excluded", ago(50*days), ago(15*days)),  // counts nowhere
		finding("high", "fixed", ago(150*days), ago(100*days)),   // closed before the window
		finding("high", model.OutcomeOpen, ago(50*days), never0), // open
	}
	// closed in the window: 3 fixed + 2 risk-accepted; 2 ÷ 5.
	checkMetric(t, metricAt(t, []*RepoFacts{r}, DefaultConfig(), MetricRiskAcceptedShare), f64(0.4), 5)
}

func TestExcludedFindingsCountNowhere(t *testing.T) {
	r := newRepo("api")
	for n := 1; n <= 10; n++ {
		r.PRs = append(r.PRs, humanPR(n, ago(time.Duration(n)*days)))
	}
	r.Findings = []Finding{
		{ID: "x/1", Category: "sast", Severity: "critical", Outcome: "excluded", CreatedAt: ago(40 * days), ResolvedAt: ago(39 * days)},
		{ID: "x/2", Category: "secret", Severity: "high", Outcome: "excluded", CreatedAt: ago(50 * days)},
		{ID: "x/3", Category: "sca", Severity: "medium", Outcome: "excluded", CreatedAt: ago(100 * days), ResolvedAt: ago(99 * days)},
	}
	sc := Evaluate([]*RepoFacts{r}, asOf, DefaultConfig())
	rem := sc.Dimensions[DimRemediation].Metrics
	for _, k := range []string{MetricSLACriticalHigh, MetricSLAMedium, MetricMTTRCriticalDaysP50, MetricRiskAcceptedShare} {
		t.Run(k+" has no samples", func(t *testing.T) { checkMetric(t, rem[k], nil, 0) })
	}
	t.Run("overdue_critical_high is zero", func(t *testing.T) { checkMetric(t, rem[MetricOverdueCriticalHigh], f64(0), 0) })
	t.Run("escaped findings are zero", func(t *testing.T) {
		checkMetric(t, sc.Dimensions[DimShiftLeft].Metrics[MetricEscapedPer100PRs], f64(0), 10)
	})
}
