package labels

import (
	"testing"

	"github.com/paved-dev/paved/scoring"
)

func f64(x float64) *float64 { return &x }

func TestFormatValueReadsEveryUnit(t *testing.T) {
	cases := []struct {
		name string
		key  string
		unit Unit
		v    *float64
		want string
	}{
		{"a ratio reads as a percentage", scoring.MetricCICoverage, Ratio, f64(0.825), "82.5%"},
		{"a whole ratio drops its decimals", scoring.MetricCICoverage, Ratio, f64(1), "100%"},
		{"hours keep one decimal", scoring.MetricPickupHoursP50, Hours, f64(12.04), "12 h"},
		{"days keep one decimal", scoring.MetricMTTRCriticalDaysP50, Days, f64(3.25), "3.2 d"},
		{"minutes keep one decimal", scoring.MetricPipelineMinutesP50, Minutes, f64(7.5), "7.5 min"},
		{"a weekly rate keeps two decimals", scoring.MetricDeploysPerWeek, PerWeek, f64(0.25), "0.25/week"},
		{"a rate per 100 PRs says so", scoring.MetricEscapedPer100PRs, Per100PRs, f64(2), "2 per 100 PRs"},
		{"a count reads as a number", scoring.MetricOverdueCriticalHigh, Count, f64(3), "3"},
		{"a count is rounded to a whole number", scoring.MetricOverdueCriticalHigh, Count, f64(2.6), "3"},
		{"a tiny negative never reads as minus zero", scoring.MetricLeadTimeHoursP50, Hours, f64(-0.01), "0 h"},
		{"a missing value says there is no data", scoring.MetricReviewedShare, Ratio, nil, "no data"},
	}
	covered := map[Unit]bool{}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if m, _ := Info(tc.key); m.Unit != tc.unit {
				t.Fatalf("%s is in unit %d, the case expects %d", tc.key, m.Unit, tc.unit)
			}
			if got := FormatValue(tc.key, tc.v); got != tc.want {
				t.Errorf("FormatValue(%s) = %q, want %q", tc.key, got, tc.want)
			}
		})
		covered[tc.unit] = true
	}
	t.Run("every unit a metric uses has a case", func(t *testing.T) {
		for key, m := range metrics {
			if !covered[m.Unit] {
				t.Errorf("%s is in unit %d, which no case formats", key, m.Unit)
			}
		}
	})
}

func TestEveryModelMetricHasALabel(t *testing.T) {
	inModel := map[string]bool{}
	for _, dim := range scoring.Dimensions {
		t.Run("dimension "+dim+" has a label", func(t *testing.T) {
			if Dimension(dim) == dim {
				t.Errorf("%s reads as its key", dim)
			}
		})
		keys := 0
		for _, key := range scoring.MetricKeys(dim) {
			inModel[key] = true
			m, ok := Info(key)
			if m.Key {
				keys++
			}
			t.Run(key+" has a label", func(t *testing.T) {
				if !ok || m.Label == "" || MetricLabel(key) != m.Label {
					t.Errorf("%s has no label (%+v)", key, m)
				}
			})
		}
		t.Run(dim+" has at most one key metric", func(t *testing.T) {
			if keys > 1 {
				t.Errorf("%d key metrics", keys)
			}
		})
	}
	t.Run("the table holds no metric the model lacks", func(t *testing.T) {
		for key := range metrics {
			if !inModel[key] {
				t.Errorf("%s is labelled but not in the model", key)
			}
		}
	})
}

func TestKeyMetricsAreTheHeadlineRatios(t *testing.T) {
	for dim, want := range map[string]string{
		scoring.DimAutomation:  scoring.MetricCICoverage,
		scoring.DimShiftLeft:   scoring.MetricFullScanCoverage,
		scoring.DimRemediation: scoring.MetricSLACriticalHigh,
		scoring.DimReview:      scoring.MetricReviewedShare,
		scoring.DimDelivery:    "",
	} {
		t.Run(dim+" headlines "+want, func(t *testing.T) {
			got, ok := KeyMetric(dim)
			if got != want || ok != (want != "") {
				t.Errorf("KeyMetric = %q, %v", got, ok)
			}
			if ok && !IsRatio(got) {
				t.Errorf("%s is not a ratio", got)
			}
		})
	}
}

func TestNamesAndSymbols(t *testing.T) {
	for _, tc := range []struct{ name, got, want string }{
		{"level 3 is Measured", first(LevelName(3)), "Measured"},
		{"level 5 has no name", first(LevelName(5)), ""},
		{"level -1 has no name", first(LevelName(-1)), ""},
		{"an unknown dimension reads as its key", Dimension("speed"), "speed"},
		{"an unknown metric reads as its key", MetricLabel("x_share"), "x_share"},
		{"at least is ≥", OpSymbol(scoring.OpAtLeast), "≥"},
		{"at most is ≤", OpSymbol(scoring.OpAtMost), "≤"},
		{"an unknown operator reads as itself", OpSymbol("~"), "~"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.got != tc.want {
				t.Errorf("got %q, want %q", tc.got, tc.want)
			}
		})
	}
	if IsRatio("x_share") {
		t.Error("an unknown metric is not known to be a ratio")
	}
}

func first(s string, _ bool) string { return s }

func TestTextReadsAsWords(t *testing.T) {
	for _, tc := range []struct{ name, got, want string }{
		{"hours below 72 stay hours", FormatHours(71.9), "71.9 h"},
		{"from 72 hours on they read as days", FormatHours(72), "3 d"},
		{"a long lead time reads in days", FormatHours(775.5), "32.3 d"},
		{"a metric key in a reason becomes its label", Humanize("insufficient data: sla_attainment_critical_high has 4 of 5"),
			"insufficient data: SLA met, critical+high has 4 of 5"},
		{"one criterion", Plural(1, "criterion", "criteria"), "1 criterion"},
		{"two criteria", Plural(2, "criterion", "criteria"), "2 criteria"},
		{"none is plural", Plural(0, "day", "days"), "0 days"},
		{"an outcome in words", Enum("risk_accepted"), "Risk accepted"},
		{"a scan kind in words", Enum("secret_scanning"), "Secret scanning"},
		{"an acronym stays upper case", Enum("sast"), "SAST"},
		{"an empty value", Enum(""), "none"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.got != tc.want {
				t.Errorf("got %q, want %q", tc.got, tc.want)
			}
		})
	}
}

func TestFormatIntSaysWhenThereIsNone(t *testing.T) {
	three := 3
	if got := FormatInt(&three, "n/a"); got != "3" {
		t.Errorf("FormatInt(3) = %q, want 3", got)
	}
	if got := FormatInt(nil, "–"); got != "–" {
		t.Errorf("FormatInt(nil) = %q, want –", got)
	}
}
