package scoring

import (
	"slices"
	"testing"
)

// TestDimensionTablesAreConsistent guards what the registry takes on trust from
// the five dimension files.
func TestDimensionTablesAreConsistent(t *testing.T) {
	seen := map[string]string{}
	for _, d := range dimensionOrder {
		for _, m := range d.defs {
			if other, dup := seen[m.name]; dup {
				t.Errorf("%s is declared by %s and %s", m.name, other, d.key)
			}
			seen[m.name] = d.key
			if m.value == nil || m.holdsBack == nil {
				t.Errorf("%s needs both a value and a next-step text", m.name)
			}
		}
		if !slices.Contains(d.metrics, d.anchor) {
			t.Errorf("%s anchors on %s, a metric it does not list", d.key, d.anchor)
		}
		for _, c := range d.criteria {
			if !slices.Contains(d.metrics, c.metric) {
				t.Errorf("%s level %d has a criterion on %s, a metric it does not list", d.key, c.level, c.metric)
			}
			if c.level == 1 && c.metric != d.anchor {
				t.Errorf("%s level 1 is on %s, not its anchor %s", d.key, c.metric, d.anchor)
			}
		}
	}
	if len(seen) != len(metricDefs) {
		t.Errorf("%d metrics declared, %d registered", len(seen), len(metricDefs))
	}
}

func TestMetricInfoComesFromTheTable(t *testing.T) {
	all := Metrics()
	if len(all) != len(metricDefs) {
		t.Fatalf("Metrics() lists %d of %d metrics", len(all), len(metricDefs))
	}
	for _, m := range all {
		got, ok := LookupMetric(m.Name)
		if !ok || got != m {
			t.Errorf("LookupMetric(%s) = %+v, %v; Metrics() says %+v", m.Name, got, ok, m)
		}
		if m.MinSamples != MinSamples(m.Name) || !slices.Contains(MetricKeys(m.Dimension), m.Name) {
			t.Errorf("%s: %+v disagrees with MinSamples or MetricKeys", m.Name, m)
		}
	}
	if _, ok := LookupMetric("x_share"); ok {
		t.Error("an unknown metric has no info")
	}
	if got, _ := LookupMetric(MetricPickupHoursP50); got.Unit != UnitHours || !got.LowerIsBetter || got.Dimension != DimReview {
		t.Errorf("pickup p50 = %+v", got)
	}
}
