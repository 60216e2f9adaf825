package scoring

// Delivery: the DORA measures over production deployments (environments that
// match the production pattern, or GitLab's production tier). Only deploying
// repos are in delivery (model v2): eligible repos with a production deployment
// in the 365 days before as_of. A deployment's outcome is its latest status among
// success, failure and error; inactive never changes it (see outcome).

// DimDelivery is the delivery dimension's key.
const DimDelivery = "delivery"

// Delivery metric keys, exactly as the model names them.
const (
	// MetricDeploysPerWeek: the median over deploying repos of each repo's
	// successful production deployments in the window per week (0 for a deploying
	// repo with none in the window).
	MetricDeploysPerWeek = "deploys_per_week"
	// MetricDeployDaysPerWeek: the median over deploying repos of each repo's
	// distinct UTC days with a successful production deployment in the window, per
	// week.
	MetricDeployDaysPerWeek = "deploy_days_per_week"
	// MetricLeadTimeHoursP50: median hours from a PR's creation to the repo's first
	// successful production deployment at or after its merge, over PRs merged to the
	// default branch in the window.
	MetricLeadTimeHoursP50 = "lead_time_hours_p50"
	// MetricChangeFailureRate: failed ÷ (failed + successful) production deployments
	// in the window.
	MetricChangeFailureRate = "change_failure_rate"
	// MetricRecoveryHoursP50: median hours from a failed production deployment in the
	// window to the next success in the same environment.
	MetricRecoveryHoursP50 = "recovery_hours_p50"
)

// medianPerWeek is the median of the deploying repos' counts × 7 ÷ 90: a rate over
// the window's 90/7 weeks, which are not rounded first. Its sample is the number
// of deploying repos; it reorders counts, a scratch buffer of the pool.
func medianPerWeek(counts []int64) Metric {
	return perSample(median(counts)*7/90, len(counts))
}

var delivery = dimensionDef{
	key:    DimDelivery,
	weight: 10,
	anchor: MetricDeploysPerWeek,
	defs: []metricDef{
		{
			name: MetricDeploysPerWeek, unit: UnitPerWeek, min: 1,
			value: func(p *pool, _ Unit) Metric { return medianPerWeek(p.repoDeploys) },
			holdsBack: func(r repoView) contribution {
				if !r.deploying {
					return contribution{}
				}
				return contribution{count: r.success, total: r.success, ok: true,
					format: "%[1]d successful production deployment(s) in the window"}
			},
			fewestFirst: true,
		},
		{
			name: MetricDeployDaysPerWeek, unit: UnitPerWeek, min: 1,
			value: func(p *pool, _ Unit) Metric { return medianPerWeek(p.repoDays) },
			holdsBack: func(r repoView) contribution {
				if !r.deploying {
					return contribution{}
				}
				n := r.deployDays()
				return contribution{count: n, total: n, ok: true,
					format: "%[1]d day(s) with a successful production deployment in the window"}
			},
			fewestFirst: true,
		},
		{
			name: MetricLeadTimeHoursP50, unit: UnitHours, lower: true, min: 10,
			value:     p50Of(durLead),
			holdsBack: slowerThan(durLead, "%[1]d of %[2]d merged PRs took longer than %[3]s hours to reach production"),
		},
		{
			name: MetricChangeFailureRate, unit: UnitRatio, lower: true, min: 10,
			value: func(p *pool, _ Unit) Metric { return ratio(p.failed, p.failed+p.success) },
			holdsBack: func(r repoView) contribution {
				return misses(r.failed, r.failed+r.success, "%[1]d of %[2]d production deployments failed")
			},
		},
		{
			name: MetricRecoveryHoursP50, unit: UnitHours, lower: true, min: 3,
			value: p50Of(durRecovery),
			holdsBack: func(r repoView) contribution {
				slow, recovered := r.over(durRecovery)
				// A failure not recovered by as_of holds the metric back as much as a slow one.
				slow += r.failed - recovered
				return misses(slow, r.failed,
					"%[1]d of %[2]d failed production deployments took longer than %[3]s hours to recover, or have not")
			},
		},
	},
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
}
