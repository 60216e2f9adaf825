package scoring

// Review: is every human change approved by another person before it merges,
// and how long does it wait for a first look? Bot PRs count in no review metric.

// DimReview is the review dimension's key.
const DimReview = "review"

// Review metric keys, exactly as the model names them.
const (
	// MetricReviewedShare: human PRs merged in the window that another human
	// approved before the merge ÷ human PRs merged in the window.
	MetricReviewedShare = "reviewed_share"
	// MetricPickupHoursP50: median hours from ready-for-review (created when the
	// draft history is unknown) to the first review or review comment by a human
	// other than the author, over reviewed human PRs merged in the window.
	MetricPickupHoursP50 = "pickup_hours_p50"
	// MetricPickupHoursP90 is the same, p90.
	MetricPickupHoursP90 = "pickup_hours_p90"
	// MetricMergeHoursP50 is informative: median hours from creation to merge of
	// human PRs merged in the window.
	MetricMergeHoursP50 = "merge_hours_p50"
)

// waitedForReview is the next-step text of both pickup percentiles.
const waitedForReview = "%[1]d of %[2]d reviewed PRs waited longer than %[3]s hours for a first review"

var review = dimensionDef{
	key:    DimReview,
	weight: 15,
	anchor: MetricReviewedShare,
	defs: []metricDef{
		{
			name: MetricReviewedShare, unit: UnitRatio, min: 10,
			value: func(p *pool, _ Unit) Metric { return ratio(p.approved, p.human) },
			holdsBack: func(r repoView) contribution {
				return misses(r.human-r.approved, r.human, "%[1]d of %[2]d human PRs were merged without approval by another person")
			},
		},
		{
			name: MetricPickupHoursP50, unit: UnitHours, lower: true, min: 10,
			value:     p50Of(durPickup),
			holdsBack: slowerThan(durPickup, waitedForReview),
		},
		{
			name: MetricPickupHoursP90, unit: UnitHours, lower: true, min: 10,
			value:     p90Of(durPickup),
			holdsBack: slowerThan(durPickup, waitedForReview),
		},
		{
			name: MetricMergeHoursP50, unit: UnitHours, lower: true, min: 10,
			value:     p50Of(durMerge),
			holdsBack: slowerThan(durMerge, "%[1]d of %[2]d human PRs took longer than %[3]s hours to merge"),
		},
	},
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
}
