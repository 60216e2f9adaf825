package ui

import "github.com/paved-dev/paved/scoring"

var levelNames = [...]string{"Initial", "Foundational", "Practiced", "Measured", "Leading"}

var dimensionLabels = map[string]string{
	scoring.DimAutomation:  "Automation",
	scoring.DimShiftLeft:   "Shift left",
	scoring.DimRemediation: "Remediation",
	scoring.DimReview:      "Code review",
	scoring.DimDelivery:    "Delivery",
}

// unit says how a metric's value reads.
type unit int

const (
	unitRatio unit = iota // shown as a percentage
	unitHours
	unitDays
	unitMinutes
	unitPerWeek
	unitPer100PRs
	unitCount
)

type metricInfo struct {
	label string
	unit  unit
	// key metrics are charted on the overview and team pages.
	key bool
}

var metricInfos = map[string]metricInfo{
	scoring.MetricCICoverage:          {"CI coverage", unitRatio, true},
	scoring.MetricPRCICoverage:        {"PRs with CI", unitRatio, false},
	scoring.MetricFirstAttempt:        {"First-attempt success", unitRatio, false},
	scoring.MetricPipelineMinutesP50:  {"Pipeline duration p50", unitMinutes, false},
	scoring.MetricScanCoverage:        {"Scan coverage", unitRatio, false},
	scoring.MetricFullScanCoverage:    {"Full scan coverage", unitRatio, true},
	scoring.MetricPRScanCoverage:      {"PRs scanned", unitRatio, false},
	scoring.MetricEscapedPer100PRs:    {"Escaped findings", unitPer100PRs, false},
	scoring.MetricSLACriticalHigh:     {"SLA met, critical+high", unitRatio, true},
	scoring.MetricSLAMedium:           {"SLA met, medium", unitRatio, false},
	scoring.MetricMTTRCriticalDaysP50: {"Time to fix critical p50", unitDays, false},
	scoring.MetricOverdueCriticalHigh: {"Overdue critical+high", unitCount, false},
	scoring.MetricRiskAcceptedShare:   {"Risk-accepted share", unitRatio, false},
	scoring.MetricReviewedShare:       {"Reviewed before merge", unitRatio, true},
	scoring.MetricPickupHoursP50:      {"Review pickup p50", unitHours, false},
	scoring.MetricPickupHoursP90:      {"Review pickup p90", unitHours, false},
	scoring.MetricMergeHoursP50:       {"Time to merge p50", unitHours, false},
	scoring.MetricDeploysPerWeek:      {"Deploys per week", unitPerWeek, false},
	scoring.MetricDeployDaysPerWeek:   {"Deploy days per week", unitPerWeek, false},
	scoring.MetricLeadTimeHoursP50:    {"Lead time p50", unitHours, false},
	scoring.MetricChangeFailureRate:   {"Change failure rate", unitRatio, false},
	scoring.MetricRecoveryHoursP50:    {"Recovery time p50", unitHours, false},
}

// keyRatios are the organisation's headline ratios, one per dimension that has one.
var keyRatios = []struct{ dim, metric string }{
	{scoring.DimAutomation, scoring.MetricCICoverage},
	{scoring.DimShiftLeft, scoring.MetricFullScanCoverage},
	{scoring.DimRemediation, scoring.MetricSLACriticalHigh},
	{scoring.DimReview, scoring.MetricReviewedShare},
}

func dimensionLabel(dim string) string {
	if l, ok := dimensionLabels[dim]; ok {
		return l
	}
	return dim
}

func metricLabel(key string) string {
	if m, ok := metricInfos[key]; ok {
		return m.label
	}
	return key
}

func opSymbol(op string) string {
	switch op {
	case scoring.OpAtLeast:
		return "≥"
	case scoring.OpAtMost:
		return "≤"
	}
	return op
}

// scopeName is what a scope is called when its scorecard carries no name.
func scopeName(slug, name string) string {
	switch {
	case name != "":
		return name
	case slug == scopeOrg:
		return "Organisation"
	case slug == scoring.UnassignedSlug:
		return "Unassigned repos"
	}
	return slug
}

const scopeOrg = "org"
