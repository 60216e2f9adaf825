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

func (p *pool) poolDays() int {
	w := repoWindow{days: p.days}
	return w.deployDays()
}
