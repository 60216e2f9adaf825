package scoring

import "time"

// Unit is what a metric's value measures. Ratio is the zero Unit so that a
// metric a surface does not know still reads as a share, as it always has.
type Unit int

// Units of the model's metrics.
const (
	UnitRatio     Unit = iota // a share in [0,1]
	UnitHours                 // a duration in hours
	UnitDays                  // a duration in days
	UnitMinutes               // a duration in minutes
	UnitPerWeek               // a rate over the window's 90/7 weeks
	UnitPer100PRs             // a count per 100 merged PRs
	UnitCount                 // a plain count
)

// scale is the duration one unit of a time metric stands for, so that a metric's
// value, its thresholds and its next-step texts cannot disagree on the unit.
func (u Unit) scale() time.Duration {
	switch u {
	case UnitMinutes:
		return time.Minute
	case UnitHours:
		return time.Hour
	case UnitDays:
		return 24 * time.Hour
	}
	return 1
}

// metricDef is one metric of the model, declared in its dimension's file: a
// newcomer changing a metric finds its unit, minimum, formula and next-step text
// in one place.
type metricDef struct {
	name  string
	dim   string // set by the registry from the dimension that lists the metric
	unit  Unit
	lower bool // lower is better: a criterion added by config reads "<="
	min   int  // minimum sample size; below it a criterion is skipped
	// value computes the metric from a scope's pooled facts.
	value func(p *pool, u Unit) Metric
	// holdsBack is how much one repo holds the metric back from a threshold,
	// which ranks the repos a next step names.
	holdsBack func(r repoView) contribution
	// fewestFirst ranks the repos with the fewest events first: a rate that grows
	// with every event is held back by the repos that contribute least.
	fewestFirst bool
	// opFor, when set, picks the operator of every criterion on the metric from its
	// threshold, whatever the default or the config said.
	opFor func(threshold float64) string
}

// MetricInfo is what the model says about a metric that a surface needs to show
// it: the dashboard and the digest read units and direction from here, never
// from a copy.
type MetricInfo struct {
	Name          string
	Dimension     string
	Unit          Unit
	LowerIsBetter bool
	MinSamples    int
}

func (m *metricDef) info() MetricInfo {
	return MetricInfo{Name: m.name, Dimension: m.dim, Unit: m.unit, LowerIsBetter: m.lower, MinSamples: m.min}
}

// Metrics lists every metric of the model, dimension by dimension, each in its
// dimension's display order.
func Metrics() []MetricInfo {
	out := make([]MetricInfo, 0, len(metricDefs))
	for _, d := range Dimensions {
		for _, k := range dimensionDefs[d].metrics {
			m := metricDefs[k]
			out = append(out, m.info())
		}
	}
	return out
}

// LookupMetric is one metric's info; false for a name the model does not have.
func LookupMetric(name string) (MetricInfo, bool) {
	m, ok := metricDefs[name]
	if !ok {
		return MetricInfo{}, false
	}
	return m.info(), true
}

// MetricKeys lists a dimension's metric keys in display order (nil for an unknown
// dimension).
func MetricKeys(dimension string) []string {
	d, ok := dimensionDefs[dimension]
	if !ok {
		return nil
	}
	return append([]string(nil), d.metrics...)
}

// MinSamples is a metric's minimum sample size (0 for a count or unknown metric).
func MinSamples(metric string) int { return metricDefs[metric].min }
