package labels

import "github.com/paved-dev/paved/scoring"

// Unit says how a metric's value reads. It is scoring's unit: the model decides
// what a metric measures, the labels only how it is written.
type Unit = scoring.Unit

// Ratio is the zero Unit, so a metric missing from the table reads as a ratio,
// as it always has on the pages; the tests keep every model metric in the table.
const (
	Ratio     = scoring.UnitRatio // a share in [0,1], shown as a percentage
	Hours     = scoring.UnitHours
	Days      = scoring.UnitDays
	Minutes   = scoring.UnitMinutes
	PerWeek   = scoring.UnitPerWeek
	Per100PRs = scoring.UnitPer100PRs
	Count     = scoring.UnitCount
)

// Metric is how a metric is shown.
type Metric struct {
	Label string
	Unit  Unit
	// Key metrics are the organisation's headline ratios, charted on the
	// overview page; at most one a dimension.
	Key bool
	// LowerIsBetter orders changes in the digest: a falling lead time improves.
	LowerIsBetter bool
}

// wording is the UI's own part of a metric: its display name and whether the
// overview headlines it. Unit and direction are not here; they come from
// scoring's metric table so the pages cannot drift from the model.
var wording = map[string]struct {
	label string
	key   bool
}{
	scoring.MetricCICoverage:          {"CI coverage", true},
	scoring.MetricPRCICoverage:        {"PRs with CI", false},
	scoring.MetricFirstAttempt:        {"First-attempt success", false},
	scoring.MetricPipelineMinutesP50:  {"Pipeline duration p50", false},
	scoring.MetricScanCoverage:        {"Scan coverage", false},
	scoring.MetricFullScanCoverage:    {"Full scan coverage", true},
	scoring.MetricPRScanCoverage:      {"PRs scanned", false},
	scoring.MetricEscapedPer100PRs:    {"Escaped findings", false},
	scoring.MetricSLACriticalHigh:     {"SLA met, critical+high", true},
	scoring.MetricSLAMedium:           {"SLA met, medium", false},
	scoring.MetricMTTRCriticalDaysP50: {"Time to fix critical p50", false},
	scoring.MetricOverdueCriticalHigh: {"Overdue critical+high", false},
	scoring.MetricOldestOverdueDays:   {"Oldest overdue", false},
	scoring.MetricRiskAcceptedShare:   {"Risk-accepted share", false},
	scoring.MetricReviewedShare:       {"Reviewed before merge", true},
	scoring.MetricPickupHoursP50:      {"Review pickup p50", false},
	scoring.MetricPickupHoursP90:      {"Review pickup p90", false},
	scoring.MetricMergeHoursP50:       {"Time to merge p50", false},
	scoring.MetricDeploysPerWeek:      {"Deploys per week", false},
	scoring.MetricDeployDaysPerWeek:   {"Deploy days per week", false},
	scoring.MetricLeadTimeHoursP50:    {"Lead time p50", false},
	scoring.MetricChangeFailureRate:   {"Change failure rate", false},
	scoring.MetricRecoveryHoursP50:    {"Recovery time p50", false},
}

// metrics holds every metric of the model: scoring's unit and direction with the
// wording above. A metric without wording keeps an empty label, which the tests
// catch.
var metrics = func() map[string]Metric {
	all := scoring.Metrics()
	out := make(map[string]Metric, len(all))
	for _, m := range all {
		w := wording[m.Name]
		out[m.Name] = Metric{Label: w.label, Unit: m.Unit, Key: w.key, LowerIsBetter: m.LowerIsBetter}
	}
	return out
}()

// Info is how a metric is shown; false for a key the table does not have.
func Info(key string) (Metric, bool) {
	m, ok := metrics[key]
	return m, ok
}

// MetricLabel is a metric's display name; an unknown key reads as itself.
func MetricLabel(key string) string {
	if m, ok := metrics[key]; ok {
		return m.Label
	}
	return key
}

// IsRatio reports whether a known metric is a share shown as a percentage.
func IsRatio(key string) bool {
	m, ok := metrics[key]
	return ok && m.Unit == Ratio
}

// KeyMetric is a dimension's headline metric; false when it has none.
func KeyMetric(dim string) (string, bool) {
	for _, k := range scoring.MetricKeys(dim) {
		if metrics[k].Key {
			return k, true
		}
	}
	return "", false
}
