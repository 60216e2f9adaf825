package scoring

import (
	"fmt"
	"testing"
	"time"
)

// best holds values that meet every default criterion, with plenty of samples.
func best() map[string]Metric {
	m := func(v float64) Metric { return Metric{Value: &v, Samples: 100} }
	return map[string]Metric{
		MetricCICoverage: m(1), MetricPRCICoverage: m(1), MetricFirstAttempt: m(1), MetricPipelineMinutesP50: m(5),
		MetricScanCoverage: m(1), MetricFullScanCoverage: m(1), MetricPRScanCoverage: m(1), MetricEscapedPer100PRs: m(0),
		MetricSLACriticalHigh: m(1), MetricSLAMedium: m(1), MetricMTTRCriticalDaysP50: m(1), MetricOverdueCriticalHigh: m(0),
		MetricRiskAcceptedShare: m(0),
		MetricReviewedShare:     m(1), MetricPickupHoursP50: m(1), MetricPickupHoursP90: m(2), MetricMergeHoursP50: m(3),
		MetricDeploysPerWeek: m(10), MetricDeployDaysPerWeek: m(5), MetricLeadTimeHoursP50: m(1),
		MetricChangeFailureRate: m(0), MetricRecoveryHoursP50: m(0.5),
	}
}

// TestLevelBoundaries moves one metric across each threshold, all others at their
// best, and reads the level: just below, at, and just above every boundary.
func TestLevelBoundaries(t *testing.T) {
	tests := []struct {
		dim, metric string
		value       float64
		want        int
	}{
		{DimAutomation, MetricCICoverage, 0.49, 0},
		{DimAutomation, MetricCICoverage, 0.50, 1},
		{DimAutomation, MetricCICoverage, 0.51, 1},
		{DimAutomation, MetricCICoverage, 0.79, 1},
		{DimAutomation, MetricCICoverage, 0.80, 2},
		{DimAutomation, MetricCICoverage, 0.81, 2},
		{DimAutomation, MetricCICoverage, 0.89, 2},
		{DimAutomation, MetricCICoverage, 0.90, 3},
		{DimAutomation, MetricCICoverage, 0.91, 3},
		{DimAutomation, MetricCICoverage, 0.94, 3},
		{DimAutomation, MetricCICoverage, 0.95, 4},
		{DimAutomation, MetricCICoverage, 0.96, 4},
		{DimAutomation, MetricPRCICoverage, 0.59, 1},
		{DimAutomation, MetricPRCICoverage, 0.60, 2},
		{DimAutomation, MetricPRCICoverage, 0.61, 2},
		{DimAutomation, MetricPRCICoverage, 0.79, 2},
		{DimAutomation, MetricPRCICoverage, 0.80, 3},
		{DimAutomation, MetricPRCICoverage, 0.81, 3},
		{DimAutomation, MetricPRCICoverage, 0.94, 3},
		{DimAutomation, MetricPRCICoverage, 0.95, 4},
		{DimAutomation, MetricPRCICoverage, 0.96, 4},
		{DimAutomation, MetricFirstAttempt, 0.79, 2},
		{DimAutomation, MetricFirstAttempt, 0.80, 3},
		{DimAutomation, MetricFirstAttempt, 0.81, 3},
		{DimAutomation, MetricFirstAttempt, 0.89, 3},
		{DimAutomation, MetricFirstAttempt, 0.90, 4},
		{DimAutomation, MetricFirstAttempt, 0.91, 4},
		{DimAutomation, MetricPipelineMinutesP50, 1000, 4}, // informative

		{DimShiftLeft, MetricScanCoverage, 0.49, 0},
		{DimShiftLeft, MetricScanCoverage, 0.50, 1},
		{DimShiftLeft, MetricScanCoverage, 0.51, 1},
		{DimShiftLeft, MetricScanCoverage, 0.79, 1},
		{DimShiftLeft, MetricScanCoverage, 0.80, 4}, // level 3 and 4 do not test scan_coverage
		{DimShiftLeft, MetricScanCoverage, 0.81, 4},
		{DimShiftLeft, MetricFullScanCoverage, 0.49, 1},
		{DimShiftLeft, MetricFullScanCoverage, 0.50, 2},
		{DimShiftLeft, MetricFullScanCoverage, 0.51, 2},
		{DimShiftLeft, MetricFullScanCoverage, 0.79, 2},
		{DimShiftLeft, MetricFullScanCoverage, 0.80, 3},
		{DimShiftLeft, MetricFullScanCoverage, 0.81, 3},
		{DimShiftLeft, MetricFullScanCoverage, 0.94, 3},
		{DimShiftLeft, MetricFullScanCoverage, 0.95, 4},
		{DimShiftLeft, MetricFullScanCoverage, 0.96, 4},
		{DimShiftLeft, MetricPRScanCoverage, 0.79, 2},
		{DimShiftLeft, MetricPRScanCoverage, 0.80, 3},
		{DimShiftLeft, MetricPRScanCoverage, 0.81, 3},
		{DimShiftLeft, MetricPRScanCoverage, 0.94, 3},
		{DimShiftLeft, MetricPRScanCoverage, 0.95, 4},
		{DimShiftLeft, MetricPRScanCoverage, 0.96, 4},
		{DimShiftLeft, MetricEscapedPer100PRs, 1.9, 4},
		{DimShiftLeft, MetricEscapedPer100PRs, 2.0, 4},
		{DimShiftLeft, MetricEscapedPer100PRs, 2.1, 3},

		{DimRemediation, MetricSLACriticalHigh, 0.49, 0},
		{DimRemediation, MetricSLACriticalHigh, 0.50, 1},
		{DimRemediation, MetricSLACriticalHigh, 0.51, 1},
		{DimRemediation, MetricSLACriticalHigh, 0.74, 1},
		{DimRemediation, MetricSLACriticalHigh, 0.75, 2},
		{DimRemediation, MetricSLACriticalHigh, 0.76, 2},
		{DimRemediation, MetricSLACriticalHigh, 0.89, 2},
		{DimRemediation, MetricSLACriticalHigh, 0.90, 3},
		{DimRemediation, MetricSLACriticalHigh, 0.91, 3},
		{DimRemediation, MetricSLACriticalHigh, 0.94, 3},
		{DimRemediation, MetricSLACriticalHigh, 0.95, 4},
		{DimRemediation, MetricSLACriticalHigh, 0.96, 4},
		{DimRemediation, MetricSLAMedium, 0.79, 2},
		{DimRemediation, MetricSLAMedium, 0.80, 4},
		{DimRemediation, MetricSLAMedium, 0.81, 4},
		{DimRemediation, MetricOverdueCriticalHigh, 0, 4},
		{DimRemediation, MetricOverdueCriticalHigh, 1, 3},
		{DimRemediation, MetricMTTRCriticalDaysP50, 6.9, 4},
		{DimRemediation, MetricMTTRCriticalDaysP50, 7, 4},
		{DimRemediation, MetricMTTRCriticalDaysP50, 7.1, 3},
		{DimRemediation, MetricRiskAcceptedShare, 1, 4}, // informative

		{DimReview, MetricReviewedShare, 0.49, 0},
		{DimReview, MetricReviewedShare, 0.50, 1},
		{DimReview, MetricReviewedShare, 0.51, 1},
		{DimReview, MetricReviewedShare, 0.89, 1},
		{DimReview, MetricReviewedShare, 0.90, 2},
		{DimReview, MetricReviewedShare, 0.91, 2},
		{DimReview, MetricReviewedShare, 0.97, 2},
		{DimReview, MetricReviewedShare, 0.98, 4},
		{DimReview, MetricReviewedShare, 0.99, 4},
		{DimReview, MetricPickupHoursP50, 3.9, 4},
		{DimReview, MetricPickupHoursP50, 4, 4},
		{DimReview, MetricPickupHoursP50, 4.1, 3},
		{DimReview, MetricPickupHoursP50, 11.9, 3},
		{DimReview, MetricPickupHoursP50, 12, 3},
		{DimReview, MetricPickupHoursP50, 12.1, 2},
		{DimReview, MetricPickupHoursP50, 23.9, 2},
		{DimReview, MetricPickupHoursP50, 24, 2},
		{DimReview, MetricPickupHoursP50, 24.1, 1},
		{DimReview, MetricPickupHoursP90, 23.9, 4},
		{DimReview, MetricPickupHoursP90, 24, 4},
		{DimReview, MetricPickupHoursP90, 24.1, 3},
		{DimReview, MetricMergeHoursP50, 1000, 4}, // informative

		{DimDelivery, MetricDeploysPerWeek, 0, 0},
		{DimDelivery, MetricDeploysPerWeek, 0.01, 1},
		{DimDelivery, MetricDeploysPerWeek, 0.24, 1},
		{DimDelivery, MetricDeploysPerWeek, 0.25, 2},
		{DimDelivery, MetricDeploysPerWeek, 0.26, 2},
		{DimDelivery, MetricDeploysPerWeek, 0.99, 2},
		{DimDelivery, MetricDeploysPerWeek, 1, 4},
		{DimDelivery, MetricDeploysPerWeek, 1.01, 4},
		{DimDelivery, MetricDeployDaysPerWeek, 2.99, 3},
		{DimDelivery, MetricDeployDaysPerWeek, 3, 4},
		{DimDelivery, MetricDeployDaysPerWeek, 3.01, 4},
		{DimDelivery, MetricLeadTimeHoursP50, 23.9, 4},
		{DimDelivery, MetricLeadTimeHoursP50, 24, 4},
		{DimDelivery, MetricLeadTimeHoursP50, 24.1, 3},
		{DimDelivery, MetricLeadTimeHoursP50, 167.9, 3},
		{DimDelivery, MetricLeadTimeHoursP50, 168, 3},
		{DimDelivery, MetricLeadTimeHoursP50, 168.1, 2},
		{DimDelivery, MetricLeadTimeHoursP50, 719.9, 2},
		{DimDelivery, MetricLeadTimeHoursP50, 720, 2},
		{DimDelivery, MetricLeadTimeHoursP50, 720.1, 1},
		{DimDelivery, MetricChangeFailureRate, 0.04, 4},
		{DimDelivery, MetricChangeFailureRate, 0.05, 4},
		{DimDelivery, MetricChangeFailureRate, 0.06, 3},
		{DimDelivery, MetricChangeFailureRate, 0.14, 3},
		{DimDelivery, MetricChangeFailureRate, 0.15, 3},
		{DimDelivery, MetricChangeFailureRate, 0.16, 2},
		{DimDelivery, MetricChangeFailureRate, 0.29, 2},
		{DimDelivery, MetricChangeFailureRate, 0.30, 2},
		{DimDelivery, MetricChangeFailureRate, 0.31, 1},
		{DimDelivery, MetricRecoveryHoursP50, 0.9, 4},
		{DimDelivery, MetricRecoveryHoursP50, 1, 4},
		{DimDelivery, MetricRecoveryHoursP50, 1.1, 3},
		{DimDelivery, MetricRecoveryHoursP50, 23.9, 3},
		{DimDelivery, MetricRecoveryHoursP50, 24, 3},
		{DimDelivery, MetricRecoveryHoursP50, 24.1, 2},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("%s %s at %v is level %d", tc.dim, tc.metric, tc.value, tc.want), func(t *testing.T) {
			m := best()
			v := tc.value
			m[tc.metric] = Metric{Value: &v, Samples: 100}
			d := evalDimension(tc.dim, DefaultConfig().criteria(tc.dim), m)
			if d.Level == nil || *d.Level != tc.want {
				t.Errorf("level = %v, want %d", d.Level, tc.want)
			}
		})
	}
}

func TestSampleMinimums(t *testing.T) {
	t.Run("an anchor below its minimum makes the dimension insufficient_data", func(t *testing.T) {
		m := best()
		m[MetricSLACriticalHigh] = Metric{Value: f64(1), Samples: 4} // min 5
		d := evalDimension(DimRemediation, DefaultConfig().criteria(DimRemediation), m)
		if d.Status != StatusInsufficient || d.Level != nil {
			t.Fatalf("status %s level %v, want insufficient_data and null", d.Status, d.Level)
		}
		for _, c := range d.Criteria {
			if c.Result != ResultSkipped {
				t.Errorf("criterion %d %s = %s, want skipped", c.Level, c.Metric, c.Result)
			}
		}
		if d.Criteria[0].Reason != "not enough data (4 of 5)" {
			t.Errorf("reason = %q", d.Criteria[0].Reason)
		}
	})
	t.Run("an anchor at its minimum is enough", func(t *testing.T) {
		m := best()
		m[MetricReviewedShare] = Metric{Value: f64(1), Samples: 10}
		d := evalDimension(DimReview, DefaultConfig().criteria(DimReview), m)
		if d.Status != StatusOK || d.Level == nil || *d.Level != 4 {
			t.Fatalf("status %s level %v, want ok 4", d.Status, d.Level)
		}
	})
	t.Run("a non-anchor below its minimum is skipped and does not block", func(t *testing.T) {
		m := best()
		m[MetricPRCICoverage] = Metric{Value: f64(0), Samples: 9} // would fail level 2
		m[MetricFirstAttempt] = Metric{Value: f64(0), Samples: 0} // would fail level 3
		d := evalDimension(DimAutomation, DefaultConfig().criteria(DimAutomation), m)
		if d.Level == nil || *d.Level != 4 {
			t.Fatalf("level = %v, want 4", d.Level)
		}
		for _, c := range d.Criteria {
			switch c.Metric {
			case MetricPRCICoverage:
				if c.Result != ResultSkipped || c.Reason != "not enough data (9 of 10)" {
					t.Errorf("level %d pr_ci_coverage = %s %q", c.Level, c.Result, c.Reason)
				}
			case MetricFirstAttempt:
				if c.Result != ResultSkipped || c.Reason != "not enough data (0 of 10)" {
					t.Errorf("level %d first_attempt_success = %s %q", c.Level, c.Result, c.Reason)
				}
			}
		}
	})
	t.Run("end to end: four findings due leave remediation insufficient", func(t *testing.T) {
		r := newRepo("api")
		for i := range 4 {
			r.Findings = append(r.Findings, finding("high", "fixed", ago(40*days), ago(time.Duration(i)*days)))
		}
		sc := Evaluate([]*RepoFacts{r}, asOf, DefaultConfig())
		if d := sc.Dimensions[DimRemediation]; d.Status != StatusInsufficient || d.Level != nil {
			t.Errorf("remediation = %s %v", d.Status, d.Level)
		}
	})
}

func TestOverall(t *testing.T) {
	lv := func(l int) Dimension { return Dimension{Level: &l, Status: StatusOK} }
	none := Dimension{Status: StatusInsufficient}
	tests := []struct {
		name         string
		dims         map[string]Dimension
		level, score *int
	}{
		// (20·75 + 25·50 + 30·25 + 15·100 + 10·0) ÷ 100 = 5000 ÷ 100 = 50.
		{"the level is the weakest of automation, shift_left and remediation",
			map[string]Dimension{DimAutomation: lv(3), DimShiftLeft: lv(2), DimRemediation: lv(1), DimReview: lv(4), DimDelivery: lv(0)},
			intp(1), intp(50)},
		// review 0 and delivery 0 do not cap; (20·100 + 25·75 + 30·100 + 0 + 0) ÷ 100 = 68.75 → 69.
		{"review and delivery do not cap the level",
			map[string]Dimension{DimAutomation: lv(4), DimShiftLeft: lv(3), DimRemediation: lv(4), DimReview: lv(0), DimDelivery: lv(0)},
			intp(3), intp(69)},
		// (20·25 + 25·50 + 30·50 + 15·25) ÷ 90 = 3625 ÷ 90 = 40.28 → 40.
		{"insufficient dimensions are left out of the level and the score",
			map[string]Dimension{DimAutomation: lv(1), DimShiftLeft: lv(2), DimRemediation: lv(2), DimReview: lv(1), DimDelivery: none},
			intp(1), intp(40)},
		// min(shift_left 3, automation 2) = 2; (20·50 + 25·75) ÷ 45 = 2875 ÷ 45 = 63.89 → 64.
		{"an insufficient remediation leaves the weakest of the other two",
			map[string]Dimension{DimAutomation: lv(2), DimShiftLeft: lv(3), DimRemediation: none, DimReview: none, DimDelivery: none},
			intp(2), intp(64)},
		// 30·25 ÷ 100 = 7.5 → 8 (half rounds up).
		{"the score rounds half up",
			map[string]Dimension{DimAutomation: lv(0), DimShiftLeft: lv(0), DimRemediation: lv(1), DimReview: lv(0), DimDelivery: lv(0)},
			intp(0), intp(8)},
		// (15·100 + 10·50) ÷ 25 = 80.
		{"the level is null when all three are insufficient",
			map[string]Dimension{DimAutomation: none, DimShiftLeft: none, DimRemediation: none, DimReview: lv(4), DimDelivery: lv(2)},
			nil, intp(80)},
		{"the score is null when everything is insufficient",
			map[string]Dimension{DimAutomation: none, DimShiftLeft: none, DimRemediation: none, DimReview: none, DimDelivery: none},
			nil, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			level, score := overall(tc.dims, DefaultConfig())
			if !eqIntp(level, tc.level) || !eqIntp(score, tc.score) {
				t.Errorf("level %v score %v, want %v %v", deref(level), deref(score), deref(tc.level), deref(tc.score))
			}
		})
	}
	t.Run("weights come from config", func(t *testing.T) {
		cfg := DefaultConfig()
		cfg.Weights = map[string]float64{DimRemediation: 0, DimShiftLeft: 0, DimAutomation: 1, DimReview: 0, DimDelivery: 0}
		dims := map[string]Dimension{DimAutomation: lv(2), DimShiftLeft: lv(4), DimRemediation: lv(4), DimReview: lv(4), DimDelivery: lv(4)}
		if _, score := overall(dims, cfg); score == nil || *score != 50 {
			t.Errorf("score = %v, want 50", deref(score))
		}
	})
}

func intp(v int) *int { return &v }

func eqIntp(a, b *int) bool { return (a == nil && b == nil) || (a != nil && b != nil && *a == *b) }

func deref(p *int) any {
	if p == nil {
		return "null"
	}
	return *p
}
