package scoring

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

	success, failed int
	// Each deploying repo's successful production deployments and deployment days
	// in the window: the delivery frequencies are medians over deploying repos
	// (model v2), not the scope's sum.
	repoDeploys, repoDays []int64

	dur [numDur][]int64 // reused from scope to scope
}

func (p *pool) reset() {
	dur, deploys, days := p.dur, p.repoDeploys, p.repoDays
	*p = pool{repoDeploys: deploys[:0], repoDays: days[:0]}
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
	if w.deploying {
		p.repoDeploys = append(p.repoDeploys, int64(w.success))
		p.repoDays = append(p.repoDays, int64(w.deployDays()))
	}
	p.success += w.success
	p.failed += w.failed
	for k := range p.dur {
		s := w.spans[k]
		p.dur[k] = append(p.dur[k], ar[k][s.lo:s.hi]...)
	}
}

// metrics computes every metric of the model from the pooled counts. Percentiles
// reorder the pooled durations in place; they select by rank, so the order the
// metrics are computed in does not change any value.
func (p *pool) metrics() map[string]Metric {
	m := make(map[string]Metric, len(metricDefs))
	for _, d := range dimensionOrder {
		for i := range d.defs {
			def := &d.defs[i]
			m[def.name] = def.value(p, def.unit)
		}
	}
	return m
}
