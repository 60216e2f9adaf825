package scoring

// Automation: does every change go through a pipeline, and does the pipeline
// pass the first time? Anchored on CI coverage, as in the maturity model.

// DimAutomation is the automation dimension's key.
const DimAutomation = "automation"

// Automation metric keys, exactly as the model names them.
const (
	// MetricCICoverage: active repos with a default-branch run in the window ÷ active repos.
	MetricCICoverage = "ci_coverage"
	// MetricPRCICoverage: PRs merged in the window with a linked run ÷ PRs merged.
	MetricPRCICoverage = "pr_ci_coverage"
	// MetricFirstAttempt: completed default-branch runs (cancelled and skipped left
	// out) that succeeded on attempt 1 ÷ those runs.
	MetricFirstAttempt = "first_attempt_success"
	// MetricPipelineMinutesP50 is informative: it is in no criterion by default.
	MetricPipelineMinutesP50 = "pipeline_minutes_p50"
)

var automation = dimensionDef{
	key:    DimAutomation,
	weight: 20,
	anchor: MetricCICoverage,
	defs: []metricDef{
		{
			name: MetricCICoverage, unit: UnitRatio, min: 1,
			value: func(p *pool, _ Unit) Metric { return ratio(p.ciRepos, p.activeRepos) },
			holdsBack: func(r repoView) contribution {
				if r.active && !r.ciRun {
					return misses(1, 1, "no pipeline run on the default branch in the window")
				}
				return contribution{}
			},
		},
		{
			name: MetricPRCICoverage, unit: UnitRatio, min: 10,
			value: func(p *pool, _ Unit) Metric { return ratio(p.mergedRun, p.merged) },
			holdsBack: func(r repoView) contribution {
				return misses(r.merged-r.mergedRun, r.merged, "%[1]d of %[2]d merged PRs had no pipeline run")
			},
		},
		{
			name: MetricFirstAttempt, unit: UnitRatio, min: 10,
			value: func(p *pool, _ Unit) Metric { return ratio(p.firstOK, p.completed) },
			holdsBack: func(r repoView) contribution {
				return misses(r.completed-r.firstOK, r.completed,
					"%[1]d of %[2]d completed default-branch runs did not succeed on the first attempt")
			},
		},
		{
			name: MetricPipelineMinutesP50, unit: UnitMinutes, lower: true, min: 10,
			value:     p50Of(durPipeline),
			holdsBack: slowerThan(durPipeline, "%[1]d of %[2]d default-branch runs took longer than %[3]s minutes"),
		},
	},
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
}
