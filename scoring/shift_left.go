package scoring

// Shift left: are repos scanned (sast, sca, secret), are PRs scanned before they
// merge, and how many serious findings still escape into the code base?

// DimShiftLeft is the shift-left dimension's key.
const DimShiftLeft = "shift_left"

// Shift-left metric keys, exactly as the model names them.
const (
	// MetricScanCoverage: active repos with any scan category in the window ÷ active repos.
	MetricScanCoverage = "scan_coverage"
	// MetricFullScanCoverage: active repos with all three categories ÷ active repos.
	MetricFullScanCoverage = "full_scan_coverage"
	// MetricPRScanCoverage: merged PRs whose linked runs include a scan job ÷ merged PRs.
	MetricPRScanCoverage = "pr_scan_coverage"
	// MetricEscapedPer100PRs: critical and high sast and secret findings created in
	// the window (excluded ones never) per 100 merged PRs.
	MetricEscapedPer100PRs = "escaped_findings_per_100_prs"
)

var shiftLeft = dimensionDef{
	key:    DimShiftLeft,
	weight: 25,
	anchor: MetricScanCoverage,
	defs: []metricDef{
		{
			name: MetricScanCoverage, unit: UnitRatio, min: 1,
			value: func(p *pool, _ Unit) Metric { return ratio(p.scanRepos, p.activeRepos) },
			holdsBack: func(r repoView) contribution {
				if r.active && r.cats == 0 {
					return misses(1, 1, "no sast, sca or secret scan in the window")
				}
				return contribution{}
			},
		},
		{
			name: MetricFullScanCoverage, unit: UnitRatio, min: 1,
			value: func(p *pool, _ Unit) Metric { return ratio(p.fullScanRepos, p.activeRepos) },
			holdsBack: func(r repoView) contribution {
				if missing := AllScanCategories &^ r.cats; r.active && missing != 0 {
					c := misses(missing.Count(), numScanCats, "no %[3]s scan in the window")
					c.missing = missing
					return c
				}
				return contribution{}
			},
		},
		{
			name: MetricPRScanCoverage, unit: UnitRatio, min: 10,
			value: func(p *pool, _ Unit) Metric { return ratio(p.mergedScan, p.merged) },
			holdsBack: func(r repoView) contribution {
				return misses(r.merged-r.mergedScan, r.merged, "%[1]d of %[2]d merged PRs ran no scan job")
			},
		},
		{
			name: MetricEscapedPer100PRs, unit: UnitPer100PRs, lower: true, min: 10,
			value: func(p *pool, _ Unit) Metric { return per100(p.escaped, p.merged) },
			holdsBack: func(r repoView) contribution {
				return misses(r.escaped, r.escaped, "%[1]d critical/high sast or secret findings created in the window")
			},
		},
	},
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
}
