package scoring

import (
	"math"
	"strings"
	"testing"
)

func TestValidate(t *testing.T) {
	if err := DefaultConfig().Validate(); err != nil {
		t.Fatalf("default config: %v", err)
	}
	if err := (Config{}).Validate(); err != nil {
		t.Fatalf("zero config (all defaults): %v", err)
	}
	tests := []struct {
		name   string
		change func(*Config)
		want   string
	}{
		{"an unknown dimension is named", func(c *Config) {
			c.Thresholds = map[string]map[int]map[string]float64{"speed": {1: {"ci_coverage": 0.5}}}
		}, `model: unknown dimension "speed"`},
		{"an unknown level is named", func(c *Config) {
			c.Thresholds = map[string]map[int]map[string]float64{"review": {5: {"reviewed_share": 0.5}}}
		}, "model.review: unknown level 5"},
		{"level 0 is unknown", func(c *Config) {
			c.Thresholds = map[string]map[int]map[string]float64{"review": {0: {"reviewed_share": 0.5}}}
		}, "model.review: unknown level 0"},
		{"an unknown metric is named", func(c *Config) {
			c.Thresholds = map[string]map[int]map[string]float64{"review": {2: {"pickup_minutes": 5}}}
		}, `model.review.2: unknown metric "pickup_minutes"`},
		{"a metric of another dimension is unknown here", func(c *Config) {
			c.Thresholds = map[string]map[int]map[string]float64{"review": {2: {"ci_coverage": 0.5}}}
		}, `model.review.2: unknown metric "ci_coverage"`},
		{"a ratio above 1 is refused", func(c *Config) {
			c.Thresholds = map[string]map[int]map[string]float64{"automation": {2: {"ci_coverage": 80}}}
		}, "model.automation.2.ci_coverage: 80 is a ratio"},
		{"a negative threshold is refused", func(c *Config) {
			c.Thresholds = map[string]map[int]map[string]float64{"delivery": {2: {"lead_time_hours_p50": -1}}}
		}, "model.delivery.2.lead_time_hours_p50: -1 is not a non-negative number"},
		{"NaN is refused", func(c *Config) {
			c.Thresholds = map[string]map[int]map[string]float64{"delivery": {2: {"lead_time_hours_p50": math.NaN()}}}
		}, "model.delivery.2.lead_time_hours_p50: NaN"},
		{"negative SLA days are refused", func(c *Config) { c.SLADays.High = -3 }, "sla_days.high: -3 is negative"},
		{"an unknown weight is named", func(c *Config) { c.Weights = map[string]float64{"speed": 1} }, `weights: unknown dimension "speed"`},
		{"a negative weight is refused", func(c *Config) { c.Weights = map[string]float64{"review": -1} }, "weights.review: -1"},
		{"all-zero weights are refused", func(c *Config) {
			c.Weights = map[string]float64{"automation": 0, "shift_left": 0, "remediation": 0, "review": 0, "delivery": 0}
		}, "weights: at least one dimension needs a positive weight"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := DefaultConfig()
			tc.change(&cfg)
			err := cfg.Validate()
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Validate() = %v, want it to contain %q", err, tc.want)
			}
		})
	}
	t.Run("every problem is reported at once", func(t *testing.T) {
		cfg := DefaultConfig()
		cfg.Thresholds = map[string]map[int]map[string]float64{"speed": {}, "review": {9: {}}}
		cfg.SLADays.Low = -1
		err := cfg.Validate()
		for _, want := range []string{"speed", "unknown level 9", "sla_days.low"} {
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("Validate() = %v, want it to mention %q", err, want)
			}
		}
	})
}

func TestThresholdOverrides(t *testing.T) {
	pickup30 := func() map[string]Metric {
		m := best()
		m[MetricReviewedShare] = Metric{Value: f64(0.95), Samples: 50}
		m[MetricPickupHoursP50] = Metric{Value: f64(30), Samples: 50}
		return m
	}
	t.Run("the default pickup threshold of 24 h holds review at level 1", func(t *testing.T) {
		d := evalDimension(DimReview, DefaultConfig().criteria(DimReview), pickup30())
		if *d.Level != 1 {
			t.Errorf("level = %d, want 1", *d.Level)
		}
	})
	t.Run("review.2.pickup_hours_p50 = 36 lifts it to level 2", func(t *testing.T) {
		cfg := DefaultConfig()
		cfg.Thresholds = map[string]map[int]map[string]float64{"review": {2: {"pickup_hours_p50": 36}}}
		d := evalDimension(DimReview, cfg.criteria(DimReview), pickup30())
		if *d.Level != 2 {
			t.Errorf("level = %d, want 2", *d.Level)
		}
		if c := d.Criteria[2]; c.Level != 2 || c.Metric != MetricPickupHoursP50 || c.Threshold != 36 || c.Op != OpAtMost {
			t.Errorf("criterion = %+v", c)
		}
	})
	t.Run("an override of a metric the level lacks adds a criterion", func(t *testing.T) {
		cfg := DefaultConfig()
		cfg.Thresholds = map[string]map[int]map[string]float64{
			"automation":  {2: {"first_attempt_success": 0.7}},
			"remediation": {3: {"mttr_critical_days_p50": 14}},
		}
		got := cfg.criteria(DimAutomation)
		// level 2 now reads ci_coverage, pr_ci_coverage, first_attempt_success, in the dimension's order.
		if c := got[3]; c.level != 2 || c.metric != MetricFirstAttempt || c.op != OpAtLeast || c.threshold != 0.7 {
			t.Errorf("automation criteria = %+v", got)
		}
		rem := cfg.criteria(DimRemediation)
		found := false
		for _, c := range rem {
			found = found || (c.level == 3 && c.metric == MetricMTTRCriticalDaysP50 && c.op == OpAtMost && c.threshold == 14)
		}
		if !found {
			t.Errorf("remediation criteria = %+v", rem)
		}
	})
	t.Run("an overdue allowance other than 0 reads as at most", func(t *testing.T) {
		cfg := DefaultConfig()
		cfg.Thresholds = map[string]map[int]map[string]float64{"remediation": {4: {"overdue_critical_high": 2}}}
		m := best()
		m[MetricOverdueCriticalHigh] = Metric{Value: f64(2), Samples: 5}
		d := evalDimension(DimRemediation, cfg.criteria(DimRemediation), m)
		if *d.Level != 4 {
			t.Errorf("level = %d, want 4", *d.Level)
		}
		for _, c := range d.Criteria {
			if c.Metric == MetricOverdueCriticalHigh && c.Op != OpAtMost {
				t.Errorf("op = %s, want <=", c.Op)
			}
		}
	})
	t.Run("the defaults are not changed by an override", func(t *testing.T) {
		cfg := DefaultConfig()
		cfg.Thresholds = map[string]map[int]map[string]float64{"review": {2: {"pickup_hours_p50": 36}}}
		_ = cfg.criteria(DimReview)
		if c := DefaultConfig().criteria(DimReview)[2]; c.threshold != 24 {
			t.Errorf("default pickup threshold = %v, want 24", c.threshold)
		}
	})
}
