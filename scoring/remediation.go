package scoring

// Remediation: are serious findings fixed within their SLA? Due dates come from
// the SLA days in force when scoring, so a change of SLA applies to stored
// findings too.

// DimRemediation is the remediation dimension's key.
const DimRemediation = "remediation"

// Remediation metric keys, exactly as the model names them.
const (
	// MetricSLACriticalHigh: critical and high findings due in the window that were
	// fixed or risk-accepted by their due date ÷ those due.
	MetricSLACriticalHigh = "sla_attainment_critical_high"
	// MetricSLAMedium is the same for medium findings.
	MetricSLAMedium = "sla_attainment_medium"
	// MetricMTTRCriticalDaysP50: median days from creation to fix of critical
	// findings fixed in the window.
	MetricMTTRCriticalDaysP50 = "mttr_critical_days_p50"
	// MetricOverdueCriticalHigh: critical and high findings open past due at as_of.
	// A count: zero is a value, not missing data, so it has no minimum.
	MetricOverdueCriticalHigh = "overdue_critical_high"
	// MetricRiskAcceptedShare is informative: risk-accepted ÷ closed (fixed or
	// risk-accepted) in the window.
	MetricRiskAcceptedShare = "risk_accepted_share"
)

var remediation = dimensionDef{
	key:    DimRemediation,
	weight: 30,
	anchor: MetricSLACriticalHigh,
	defs: []metricDef{
		{
			name: MetricSLACriticalHigh, unit: UnitRatio, min: 5,
			value: func(p *pool, _ Unit) Metric { return ratio(p.metCH, p.dueCH) },
			holdsBack: func(r repoView) contribution {
				return misses(r.dueCH-r.metCH, r.dueCH, "%[1]d of %[2]d critical/high findings due in the window missed their SLA")
			},
		},
		{
			name: MetricSLAMedium, unit: UnitRatio, min: 5,
			value: func(p *pool, _ Unit) Metric { return ratio(p.metMed, p.dueMed) },
			holdsBack: func(r repoView) contribution {
				return misses(r.dueMed-r.metMed, r.dueMed, "%[1]d of %[2]d medium findings due in the window missed their SLA")
			},
		},
		{
			name: MetricMTTRCriticalDaysP50, unit: UnitDays, lower: true, min: 3,
			value:     p50Of(durMTTR),
			holdsBack: slowerThan(durMTTR, "%[1]d of %[2]d critical fixes took longer than %[3]s days"),
		},
		{
			name: MetricOverdueCriticalHigh, unit: UnitCount, lower: true, min: 0,
			value: func(p *pool, _ Unit) Metric {
				overdue := float64(p.overdue)
				return Metric{Value: &overdue, Samples: p.openCH}
			},
			holdsBack: func(r repoView) contribution {
				return misses(r.overdue, r.openCH, "%[1]d of %[2]d open critical/high findings are past due")
			},
			// "= 0" reads best for an allowance of none; any other bound is a maximum.
			opFor: func(threshold float64) string {
				if threshold == 0 {
					return OpEqual
				}
				return OpAtMost
			},
		},
		{
			name: MetricRiskAcceptedShare, unit: UnitRatio, lower: true, min: 5,
			value: func(p *pool, _ Unit) Metric { return ratio(p.riskAccepted, p.closed) },
			holdsBack: func(r repoView) contribution {
				return misses(r.riskAccepted, r.closed, "%[1]d of %[2]d closed findings were risk-accepted")
			},
		},
	},
	criteria: []criterionDef{
		{1, MetricSLACriticalHigh, OpAtLeast, 0.50},
		{2, MetricSLACriticalHigh, OpAtLeast, 0.75},
		{3, MetricSLACriticalHigh, OpAtLeast, 0.90},
		{3, MetricSLAMedium, OpAtLeast, 0.80},
		{4, MetricSLACriticalHigh, OpAtLeast, 0.95},
		{4, MetricOverdueCriticalHigh, OpEqual, 0},
		{4, MetricMTTRCriticalDaysP50, OpAtMost, 7},
	},
}
