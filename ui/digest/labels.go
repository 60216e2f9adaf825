package digest

import (
	"math"
	"strconv"
	"strings"

	"github.com/paved-dev/paved/scoring"
)

// The labels match the dashboard's (ui/labels.go), so a digest reads like the page
// it links to. They are repeated here because ui imports this package.

var levelNames = [...]string{"Initial", "Foundational", "Practiced", "Measured", "Leading"}

var dimensionLabels = map[string]string{
	scoring.DimAutomation:  "Automation",
	scoring.DimShiftLeft:   "Shift left",
	scoring.DimRemediation: "Remediation",
	scoring.DimReview:      "Code review",
	scoring.DimDelivery:    "Delivery",
}

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
	lower bool // lower is better
}

var metricInfos = map[string]metricInfo{
	scoring.MetricCICoverage:          {"CI coverage", unitRatio, false},
	scoring.MetricPRCICoverage:        {"PRs with CI", unitRatio, false},
	scoring.MetricFirstAttempt:        {"First-attempt success", unitRatio, false},
	scoring.MetricPipelineMinutesP50:  {"Pipeline duration p50", unitMinutes, true},
	scoring.MetricScanCoverage:        {"Scan coverage", unitRatio, false},
	scoring.MetricFullScanCoverage:    {"Full scan coverage", unitRatio, false},
	scoring.MetricPRScanCoverage:      {"PRs scanned", unitRatio, false},
	scoring.MetricEscapedPer100PRs:    {"Escaped findings", unitPer100PRs, true},
	scoring.MetricSLACriticalHigh:     {"SLA met, critical+high", unitRatio, false},
	scoring.MetricSLAMedium:           {"SLA met, medium", unitRatio, false},
	scoring.MetricMTTRCriticalDaysP50: {"Time to fix critical p50", unitDays, true},
	scoring.MetricOverdueCriticalHigh: {"Overdue critical+high", unitCount, true},
	scoring.MetricRiskAcceptedShare:   {"Risk-accepted share", unitRatio, true},
	scoring.MetricReviewedShare:       {"Reviewed before merge", unitRatio, false},
	scoring.MetricPickupHoursP50:      {"Review pickup p50", unitHours, true},
	scoring.MetricPickupHoursP90:      {"Review pickup p90", unitHours, true},
	scoring.MetricMergeHoursP50:       {"Time to merge p50", unitHours, true},
	scoring.MetricDeploysPerWeek:      {"Deploys per week", unitPerWeek, false},
	scoring.MetricDeployDaysPerWeek:   {"Deploy days per week", unitPerWeek, false},
	scoring.MetricLeadTimeHoursP50:    {"Lead time p50", unitHours, true},
	scoring.MetricChangeFailureRate:   {"Change failure rate", unitRatio, true},
	scoring.MetricRecoveryHoursP50:    {"Recovery time p50", unitHours, true},
}

// LevelName names a level: "Measured" for 3, "not rated" for nil.
func LevelName(l *int) string {
	if l == nil {
		return "not rated"
	}
	if *l < 0 || *l >= len(levelNames) {
		return strconv.Itoa(*l)
	}
	return levelNames[*l]
}

// DimensionLabel is a dimension's display name.
func DimensionLabel(dim string) string {
	if l, ok := dimensionLabels[dim]; ok {
		return l
	}
	return dim
}

// MetricLabel is a metric's display name.
func MetricLabel(key string) string {
	if m, ok := metricInfos[key]; ok {
		return m.label
	}
	return key
}

func isRatio(key string) bool {
	m, ok := metricInfos[key]
	return ok && m.unit == unitRatio
}

// FormatValue writes a metric value in its unit: 82%, 12.5 h, 3 per 100 PRs.
func FormatValue(key string, v *float64) string {
	if v == nil {
		return "no data"
	}
	x := *v
	switch metricInfos[key].unit {
	case unitRatio:
		return trimFloat(x*100, 1) + "%"
	case unitHours:
		return trimFloat(x, 1) + " h"
	case unitDays:
		return trimFloat(x, 1) + " d"
	case unitMinutes:
		return trimFloat(x, 1) + " min"
	case unitPerWeek:
		return trimFloat(x, 2) + "/week"
	case unitPer100PRs:
		return trimFloat(x, 1) + " per 100 PRs"
	case unitCount:
		return strconv.FormatFloat(math.Round(x), 'f', 0, 64)
	}
	return trimFloat(x, 2)
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

// trimFloat formats x with at most prec decimals, dropping trailing zeros.
func trimFloat(x float64, prec int) string {
	s := strconv.FormatFloat(x, 'f', prec, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if s == "-0" {
		s = "0"
	}
	return s
}

func lowerIsBetter(key string) bool { return metricInfos[key].lower }
