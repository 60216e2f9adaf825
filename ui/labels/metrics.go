package labels

import "github.com/paved-dev/paved/scoring"

// Unit says how a metric's value reads.
type Unit int

// Ratio is the zero Unit, so a metric missing from the table reads as a ratio,
// as it always has on the pages; the tests keep every model metric in the table.
const (
	Ratio Unit = iota // a share in [0,1], shown as a percentage
	Hours
	Days
	Minutes
	PerWeek
	Per100PRs
	Count
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

var metrics = map[string]Metric{
	scoring.MetricCICoverage:          {Label: "CI coverage", Unit: Ratio, Key: true},
	scoring.MetricPRCICoverage:        {Label: "PRs with CI", Unit: Ratio},
	scoring.MetricFirstAttempt:        {Label: "First-attempt success", Unit: Ratio},
	scoring.MetricPipelineMinutesP50:  {Label: "Pipeline duration p50", Unit: Minutes, LowerIsBetter: true},
	scoring.MetricScanCoverage:        {Label: "Scan coverage", Unit: Ratio},
	scoring.MetricFullScanCoverage:    {Label: "Full scan coverage", Unit: Ratio, Key: true},
	scoring.MetricPRScanCoverage:      {Label: "PRs scanned", Unit: Ratio},
	scoring.MetricEscapedPer100PRs:    {Label: "Escaped findings", Unit: Per100PRs, LowerIsBetter: true},
	scoring.MetricSLACriticalHigh:     {Label: "SLA met, critical+high", Unit: Ratio, Key: true},
	scoring.MetricSLAMedium:           {Label: "SLA met, medium", Unit: Ratio},
	scoring.MetricMTTRCriticalDaysP50: {Label: "Time to fix critical p50", Unit: Days, LowerIsBetter: true},
	scoring.MetricOverdueCriticalHigh: {Label: "Overdue critical+high", Unit: Count, LowerIsBetter: true},
	scoring.MetricRiskAcceptedShare:   {Label: "Risk-accepted share", Unit: Ratio, LowerIsBetter: true},
	scoring.MetricReviewedShare:       {Label: "Reviewed before merge", Unit: Ratio, Key: true},
	scoring.MetricPickupHoursP50:      {Label: "Review pickup p50", Unit: Hours, LowerIsBetter: true},
	scoring.MetricPickupHoursP90:      {Label: "Review pickup p90", Unit: Hours, LowerIsBetter: true},
	scoring.MetricMergeHoursP50:       {Label: "Time to merge p50", Unit: Hours, LowerIsBetter: true},
	scoring.MetricDeploysPerWeek:      {Label: "Deploys per week", Unit: PerWeek},
	scoring.MetricDeployDaysPerWeek:   {Label: "Deploy days per week", Unit: PerWeek},
	scoring.MetricLeadTimeHoursP50:    {Label: "Lead time p50", Unit: Hours, LowerIsBetter: true},
	scoring.MetricChangeFailureRate:   {Label: "Change failure rate", Unit: Ratio, LowerIsBetter: true},
	scoring.MetricRecoveryHoursP50:    {Label: "Recovery time p50", Unit: Hours, LowerIsBetter: true},
}

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
