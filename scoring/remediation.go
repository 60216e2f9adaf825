package scoring

// Remediation: are serious findings fixed within their SLA? Due dates come from
// the SLA days in force when scoring, so a change of SLA applies to stored
// findings too; due, open and overdue are decided as due.go defines them. Open
// risk is never hidden (model v2): a finding overdue before the window is a miss
// in every window until it closes, the oldest overdue finding caps levels 2 and
// 3, and remediation is never insufficient_data while one is overdue.

// DimRemediation is the remediation dimension's key.
const DimRemediation = "remediation"

// Remediation metric keys, exactly as the model names them.
const (
	// MetricSLACriticalHigh: over critical and high findings due in the window or
	// overdue and still open at its start, those fixed or risk-accepted by their
	// due date ÷ all of them.
	MetricSLACriticalHigh = "sla_attainment_critical_high"
	// MetricSLAMedium is the same for medium findings.
	MetricSLAMedium = "sla_attainment_medium"
	// MetricMTTRCriticalDaysP50: median days from creation to fix of critical
	// findings fixed in the window.
	MetricMTTRCriticalDaysP50 = "mttr_critical_days_p50"
	// MetricOverdueCriticalHigh: critical and high findings open past due at as_of.
	// A count: zero is a value, not missing data, so it has no minimum.
	MetricOverdueCriticalHigh = "overdue_critical_high"
	// MetricOldestOverdueDays: days from the due date of the oldest critical or
	// high finding overdue at as_of to as_of; 0 when none. No minimum.
	MetricOldestOverdueDays = "oldest_overdue_days"
	// MetricRiskAcceptedShare is informative: risk-accepted ÷ closed (fixed or
	// risk-accepted) in the window.
	MetricRiskAcceptedShare = "risk_accepted_share"
)

var remediation = dimensionDef{
	key:    DimRemediation,
	weight: 30,
	anchor: MetricSLACriticalHigh,
	openRisk: openRisk{
		metric: MetricOverdueCriticalHigh,
		note:   "evaluated on %d findings because critical or high findings are overdue",
	},
	defs: []metricDef{
		{
			name: MetricSLACriticalHigh, unit: UnitRatio, min: 5,
			value: func(p *pool, _ Unit) Metric { return ratio(p.metCH, p.dueCH) },
			holdsBack: func(r repoView) contribution {
				return misses(r.dueCH-r.metCH, r.dueCH,
					"%[1]d of %[2]d critical/high findings due in the window or overdue before it missed their SLA")
			},
		},
		{
			name: MetricSLAMedium, unit: UnitRatio, min: 5,
			value: func(p *pool, _ Unit) Metric { return ratio(p.metMed, p.dueMed) },
			holdsBack: func(r repoView) contribution {
				return misses(r.dueMed-r.metMed, r.dueMed,
					"%[1]d of %[2]d medium findings due in the window or overdue before it missed their SLA")
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
			name: MetricOldestOverdueDays, unit: UnitDays, lower: true, min: 0,
			value: func(p *pool, u Unit) Metric {
				oldest := int64(0)
				for _, d := range p.dur[durOverdue] {
					oldest = max(oldest, d)
				}
				v := float64(oldest) / float64(u.scale())
				return Metric{Value: &v, Samples: len(p.dur[durOverdue])}
			},
			holdsBack: slowerThan(durOverdue, "%[1]d of %[2]d overdue critical/high findings are more than %[3]s days past due"),
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
		{2, MetricOldestOverdueDays, OpAtMost, 90},
		{3, MetricSLACriticalHigh, OpAtLeast, 0.90},
		{3, MetricSLAMedium, OpAtLeast, 0.80},
		{3, MetricOldestOverdueDays, OpAtMost, 30},
		{4, MetricSLACriticalHigh, OpAtLeast, 0.95},
		{4, MetricOverdueCriticalHigh, OpEqual, 0},
		{4, MetricMTTRCriticalDaysP50, OpAtMost, 7},
	},
}
