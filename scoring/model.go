package scoring

// Dimension keys.
const (
	DimAutomation  = "automation"
	DimShiftLeft   = "shift_left"
	DimRemediation = "remediation"
	DimReview      = "review"
	DimDelivery    = "delivery"
)

// Dimensions lists the dimension keys in the order the model presents them.
var Dimensions = []string{DimAutomation, DimShiftLeft, DimRemediation, DimReview, DimDelivery}

// Metric keys, exactly as the model names them.
const (
	MetricCICoverage          = "ci_coverage"
	MetricPRCICoverage        = "pr_ci_coverage"
	MetricFirstAttempt        = "first_attempt_success"
	MetricPipelineMinutesP50  = "pipeline_minutes_p50"
	MetricScanCoverage        = "scan_coverage"
	MetricFullScanCoverage    = "full_scan_coverage"
	MetricPRScanCoverage      = "pr_scan_coverage"
	MetricEscapedPer100PRs    = "escaped_findings_per_100_prs"
	MetricSLACriticalHigh     = "sla_attainment_critical_high"
	MetricSLAMedium           = "sla_attainment_medium"
	MetricMTTRCriticalDaysP50 = "mttr_critical_days_p50"
	MetricOverdueCriticalHigh = "overdue_critical_high"
	MetricRiskAcceptedShare   = "risk_accepted_share"
	MetricReviewedShare       = "reviewed_share"
	MetricPickupHoursP50      = "pickup_hours_p50"
	MetricPickupHoursP90      = "pickup_hours_p90"
	MetricMergeHoursP50       = "merge_hours_p50"
	MetricDeploysPerWeek      = "deploys_per_week"
	MetricDeployDaysPerWeek   = "deploy_days_per_week"
	MetricLeadTimeHoursP50    = "lead_time_hours_p50"
	MetricChangeFailureRate   = "change_failure_rate"
	MetricRecoveryHoursP50    = "recovery_hours_p50"
)

// Criterion operators.
const (
	OpAtLeast = ">="
	OpAtMost  = "<="
	OpAbove   = ">"
	OpEqual   = "="
)

// metricDef is one metric of the catalogue.
type metricDef struct {
	key   string
	dim   string
	min   int  // minimum sample size
	ratio bool // a value in [0,1]
	lower bool // lower is better (criteria use <=)
}

// criterionDef is one threshold of one level.
type criterionDef struct {
	level     int
	metric    string
	op        string
	threshold float64
}

// dimensionDef is a dimension: its metrics in display order, its anchor (the
// metric of its level-1 criterion) and its default criteria.
type dimensionDef struct {
	key      string
	anchor   string
	metrics  []string
	criteria []criterionDef
}

var metricDefs = map[string]metricDef{
	MetricCICoverage:          {MetricCICoverage, DimAutomation, 1, true, false},
	MetricPRCICoverage:        {MetricPRCICoverage, DimAutomation, 10, true, false},
	MetricFirstAttempt:        {MetricFirstAttempt, DimAutomation, 10, true, false},
	MetricPipelineMinutesP50:  {MetricPipelineMinutesP50, DimAutomation, 10, false, true},
	MetricScanCoverage:        {MetricScanCoverage, DimShiftLeft, 1, true, false},
	MetricFullScanCoverage:    {MetricFullScanCoverage, DimShiftLeft, 1, true, false},
	MetricPRScanCoverage:      {MetricPRScanCoverage, DimShiftLeft, 10, true, false},
	MetricEscapedPer100PRs:    {MetricEscapedPer100PRs, DimShiftLeft, 10, false, true},
	MetricSLACriticalHigh:     {MetricSLACriticalHigh, DimRemediation, 5, true, false},
	MetricSLAMedium:           {MetricSLAMedium, DimRemediation, 5, true, false},
	MetricMTTRCriticalDaysP50: {MetricMTTRCriticalDaysP50, DimRemediation, 3, false, true},
	MetricOverdueCriticalHigh: {MetricOverdueCriticalHigh, DimRemediation, 0, false, true},
	MetricRiskAcceptedShare:   {MetricRiskAcceptedShare, DimRemediation, 5, true, true},
	MetricReviewedShare:       {MetricReviewedShare, DimReview, 10, true, false},
	MetricPickupHoursP50:      {MetricPickupHoursP50, DimReview, 10, false, true},
	MetricPickupHoursP90:      {MetricPickupHoursP90, DimReview, 10, false, true},
	MetricMergeHoursP50:       {MetricMergeHoursP50, DimReview, 10, false, true},
	MetricDeploysPerWeek:      {MetricDeploysPerWeek, DimDelivery, 1, false, false},
	MetricDeployDaysPerWeek:   {MetricDeployDaysPerWeek, DimDelivery, 1, false, false},
	MetricLeadTimeHoursP50:    {MetricLeadTimeHoursP50, DimDelivery, 10, false, true},
	MetricChangeFailureRate:   {MetricChangeFailureRate, DimDelivery, 10, true, true},
	MetricRecoveryHoursP50:    {MetricRecoveryHoursP50, DimDelivery, 3, false, true},
}

var dimensionDefs = map[string]dimensionDef{
	DimAutomation: {
		key:     DimAutomation,
		anchor:  MetricCICoverage,
		metrics: []string{MetricCICoverage, MetricPRCICoverage, MetricFirstAttempt, MetricPipelineMinutesP50},
		criteria: []criterionDef{
			{1, MetricCICoverage, OpAtLeast, 0.50},
			{2, MetricCICoverage, OpAtLeast, 0.80},
			{2, MetricPRCICoverage, OpAtLeast, 0.60},
			{3, MetricCICoverage, OpAtLeast, 0.90},
			{3, MetricPRCICoverage, OpAtLeast, 0.80},
			{3, MetricFirstAttempt, OpAtLeast, 0.80},
			{4, MetricCICoverage, OpAtLeast, 0.95},
			{4, MetricPRCICoverage, OpAtLeast, 0.95},
			{4, MetricFirstAttempt, OpAtLeast, 0.90},
		},
	},
	DimShiftLeft: {
		key:     DimShiftLeft,
		anchor:  MetricScanCoverage,
		metrics: []string{MetricScanCoverage, MetricFullScanCoverage, MetricPRScanCoverage, MetricEscapedPer100PRs},
		criteria: []criterionDef{
			{1, MetricScanCoverage, OpAtLeast, 0.50},
			{2, MetricScanCoverage, OpAtLeast, 0.80},
			{2, MetricFullScanCoverage, OpAtLeast, 0.50},
			{3, MetricFullScanCoverage, OpAtLeast, 0.80},
			{3, MetricPRScanCoverage, OpAtLeast, 0.80},
			{4, MetricFullScanCoverage, OpAtLeast, 0.95},
			{4, MetricPRScanCoverage, OpAtLeast, 0.95},
			{4, MetricEscapedPer100PRs, OpAtMost, 2.0},
		},
	},
	DimRemediation: {
		key:    DimRemediation,
		anchor: MetricSLACriticalHigh,
		metrics: []string{MetricSLACriticalHigh, MetricSLAMedium, MetricMTTRCriticalDaysP50,
			MetricOverdueCriticalHigh, MetricRiskAcceptedShare},
		criteria: []criterionDef{
			{1, MetricSLACriticalHigh, OpAtLeast, 0.50},
			{2, MetricSLACriticalHigh, OpAtLeast, 0.75},
			{3, MetricSLACriticalHigh, OpAtLeast, 0.90},
			{3, MetricSLAMedium, OpAtLeast, 0.80},
			{4, MetricSLACriticalHigh, OpAtLeast, 0.95},
			{4, MetricOverdueCriticalHigh, OpEqual, 0},
			{4, MetricMTTRCriticalDaysP50, OpAtMost, 7},
		},
	},
	DimReview: {
		key:     DimReview,
		anchor:  MetricReviewedShare,
		metrics: []string{MetricReviewedShare, MetricPickupHoursP50, MetricPickupHoursP90, MetricMergeHoursP50},
		criteria: []criterionDef{
			{1, MetricReviewedShare, OpAtLeast, 0.50},
			{2, MetricReviewedShare, OpAtLeast, 0.90},
			{2, MetricPickupHoursP50, OpAtMost, 24},
			{3, MetricReviewedShare, OpAtLeast, 0.98},
			{3, MetricPickupHoursP50, OpAtMost, 12},
			{4, MetricReviewedShare, OpAtLeast, 0.98},
			{4, MetricPickupHoursP50, OpAtMost, 4},
			{4, MetricPickupHoursP90, OpAtMost, 24},
		},
	},
	DimDelivery: {
		key:    DimDelivery,
		anchor: MetricDeploysPerWeek,
		metrics: []string{MetricDeploysPerWeek, MetricDeployDaysPerWeek, MetricLeadTimeHoursP50,
			MetricChangeFailureRate, MetricRecoveryHoursP50},
		criteria: []criterionDef{
			{1, MetricDeploysPerWeek, OpAbove, 0},
			{2, MetricDeploysPerWeek, OpAtLeast, 0.25},
			{2, MetricLeadTimeHoursP50, OpAtMost, 720},
			{2, MetricChangeFailureRate, OpAtMost, 0.30},
			{3, MetricDeploysPerWeek, OpAtLeast, 1},
			{3, MetricLeadTimeHoursP50, OpAtMost, 168},
			{3, MetricChangeFailureRate, OpAtMost, 0.15},
			{3, MetricRecoveryHoursP50, OpAtMost, 24},
			{4, MetricDeployDaysPerWeek, OpAtLeast, 3},
			{4, MetricLeadTimeHoursP50, OpAtMost, 24},
			{4, MetricChangeFailureRate, OpAtMost, 0.05},
			{4, MetricRecoveryHoursP50, OpAtMost, 1},
		},
	},
}

// DefaultWeights are the score weights of the model.
var DefaultWeights = map[string]float64{
	DimRemediation: 30, DimShiftLeft: 25, DimAutomation: 20, DimReview: 15, DimDelivery: 10,
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
