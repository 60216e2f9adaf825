package scoring

import "time"

// pool sums a scope's repo windows: ratios pool numerators and denominators, and
// durations pool raw samples (never a median of medians).
type pool struct {
	activeRepos, ciRepos, scanRepos, fullScanRepos int

	completed, firstOK            int
	merged, mergedRun, mergedScan int
	escaped                       int

	dueCH, metCH, dueMed, metMed int
	openCH, overdue              int
	closed, riskAccepted         int

	human, approved int

	deployRepos     int
	success, failed int
	days            [2]uint64

	dur [numDur][]int64 // reused from scope to scope
}

func (p *pool) reset() {
	dur := p.dur
	*p = pool{}
	for k := range dur {
		p.dur[k] = dur[k][:0]
	}
}

func (p *pool) add(w *repoWindow, ar *arenas) {
	if w.active {
		p.activeRepos++
		if w.ciRun {
			p.ciRepos++
		}
		if w.cats != 0 {
			p.scanRepos++
		}
		if w.cats&AllScanCategories == AllScanCategories {
			p.fullScanRepos++
		}
	}
	p.completed += w.completed
	p.firstOK += w.firstOK
	p.merged += w.merged
	p.mergedRun += w.mergedRun
	p.mergedScan += w.mergedScan
	p.escaped += w.escaped
	p.dueCH += w.dueCH
	p.metCH += w.metCH
	p.dueMed += w.dueMed
	p.metMed += w.metMed
	p.openCH += w.openCH
	p.overdue += w.overdue
	p.closed += w.closed
	p.riskAccepted += w.riskAccepted
	p.human += w.human
	p.approved += w.approved
	if w.deploysEver {
		p.deployRepos++
	}
	p.success += w.success
	p.failed += w.failed
	p.days[0] |= w.days[0]
	p.days[1] |= w.days[1]
	for k := range p.dur {
		s := w.spans[k]
		p.dur[k] = append(p.dur[k], ar[k][s.lo:s.hi]...)
	}
}

// weeksInWindow is 90/7: per-week rates divide by it.
const weeksInWindow = 90.0 / 7.0

// metrics computes every metric of the model from the pooled counts. It reorders
// the pooled durations.
func (p *pool) metrics() map[string]Metric {
	m := make(map[string]Metric, len(metricDefs))
	m[MetricCICoverage] = ratio(p.ciRepos, p.activeRepos)
	m[MetricPRCICoverage] = ratio(p.mergedRun, p.merged)
	m[MetricFirstAttempt] = ratio(p.firstOK, p.completed)
	m[MetricPipelineMinutesP50] = p50In(p.dur[durPipeline], time.Minute)

	m[MetricScanCoverage] = ratio(p.scanRepos, p.activeRepos)
	m[MetricFullScanCoverage] = ratio(p.fullScanRepos, p.activeRepos)
	m[MetricPRScanCoverage] = ratio(p.mergedScan, p.merged)
	m[MetricEscapedPer100PRs] = per100(p.escaped, p.merged)

	m[MetricSLACriticalHigh] = ratio(p.metCH, p.dueCH)
	m[MetricSLAMedium] = ratio(p.metMed, p.dueMed)
	m[MetricMTTRCriticalDaysP50] = p50In(p.dur[durMTTR], 24*time.Hour)
	overdue := float64(p.overdue) // a count: zero is a value, not missing data
	m[MetricOverdueCriticalHigh] = Metric{Value: &overdue, Samples: p.openCH}
	m[MetricRiskAcceptedShare] = ratio(p.riskAccepted, p.closed)

	m[MetricReviewedShare] = ratio(p.approved, p.human)
	m[MetricPickupHoursP50] = p50In(p.dur[durPickup], time.Hour)
	m[MetricPickupHoursP90] = p90In(p.dur[durPickup], time.Hour)
	m[MetricMergeHoursP50] = p50In(p.dur[durMerge], time.Hour)

	// Per-week rates are count × 7 ÷ 90, which is 90/7 weeks without its rounding.
	m[MetricDeploysPerWeek] = perSample(float64(p.success)*7/90, p.deployRepos)
	m[MetricDeployDaysPerWeek] = perSample(float64(p.poolDays())*7/90, p.deployRepos)
	m[MetricLeadTimeHoursP50] = p50In(p.dur[durLead], time.Hour)
	m[MetricChangeFailureRate] = ratio(p.failed, p.failed+p.success)
	m[MetricRecoveryHoursP50] = p50In(p.dur[durRecovery], time.Hour)
	return m
}

func (p *pool) poolDays() int {
	w := repoWindow{days: p.days}
	return w.deployDays()
}

func ratio(num, den int) Metric {
	if den == 0 {
		return Metric{}
	}
	v := float64(num) / float64(den)
	return Metric{Value: &v, Samples: den}
}

// per100 is num × 100 ÷ den, null without a denominator.
func per100(num, den int) Metric {
	if den == 0 {
		return Metric{}
	}
	v := float64(num) * 100 / float64(den)
	return Metric{Value: &v, Samples: den}
}

func perSample(v float64, samples int) Metric {
	if samples == 0 {
		return Metric{}
	}
	return Metric{Value: &v, Samples: samples}
}

func p50In(d []int64, unit time.Duration) Metric {
	if len(d) == 0 {
		return Metric{}
	}
	v := median(d) / float64(unit)
	return Metric{Value: &v, Samples: len(d)}
}

func p90In(d []int64, unit time.Duration) Metric {
	if len(d) == 0 {
		return Metric{}
	}
	v := p90(d) / float64(unit)
	return Metric{Value: &v, Samples: len(d)}
}
