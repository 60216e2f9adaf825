package scoring

import (
	"slices"
	"strings"
	"time"

	"github.com/paved-dev/paved/collectors"
)

// indexFindings sorts the non-excluded findings into the views the remediation
// and shift-left metrics read. Excluded findings count nowhere (they still show a
// scanner ran; see indexScanSignals).
func indexFindings(ix *repoIndex, findings []Finding, cfg Config) {
	sla := cfg.sla()
	ix.maxCHSLA = int64(max(sla.Critical, sla.High)) * day
	for i := range findings {
		f := &findings[i]
		outcome := strings.ToLower(f.Outcome)
		if outcome == collectors.OutcomeExcluded || f.CreatedAt.IsZero() {
			continue
		}
		sev := normSeverity(f.Severity)
		cat := strings.ToLower(f.Category)
		created := f.CreatedAt.UnixNano()
		due := created + int64(sla.Days(sev))*day
		// A finding closed without a resolution time is kept open: nothing says when
		// its exposure ended.
		closed := (outcome == collectors.OutcomeFixed || outcome == collectors.OutcomeRiskAccepted) && !f.ResolvedAt.IsZero()
		resolved := never
		if closed {
			resolved = f.ResolvedAt.UnixNano()
		}
		critHigh := sev == collectors.SeverityCritical || sev == collectors.SeverityHigh
		d := dueFinding{due: due, created: created, resolved: resolved, met: closed && resolved <= due}
		switch {
		case critHigh:
			ix.dueCH = append(ix.dueCH, d)
		case sev == collectors.SeverityMedium:
			ix.dueMed = append(ix.dueMed, d)
		}
		if critHigh && (cat == collectors.CategorySAST || cat == collectors.CategorySecret) {
			ix.escapedAt = append(ix.escapedAt, created)
		}
		if closed {
			ix.closed = append(ix.closed, closedFinding{
				at:       resolved,
				dur:      max(0, resolved-created),
				critical: sev == collectors.SeverityCritical,
				fixed:    outcome == collectors.OutcomeFixed,
			})
			if resolved < created {
				ix.skewed = append(ix.skewed, skewedFinding{
					id: f.ID, created: created, res: resolved, due: due,
					dueCounted: critHigh || sev == collectors.SeverityMedium,
				})
			}
		}
	}
	byDue := func(a, b dueFinding) int { return cmp64(a.due, b.due) }
	slices.SortStableFunc(ix.dueCH, byDue)
	slices.SortStableFunc(ix.dueMed, byDue)
	slices.SortStableFunc(ix.closed, func(a, b closedFinding) int { return cmp64(a.at, b.at) })
	sortInt64s(ix.escapedAt)
}

// normSeverity folds unknown severities into low, as the collectors do.
func normSeverity(s string) string {
	switch s = strings.ToLower(s); s {
	case collectors.SeverityCritical, collectors.SeverityHigh, collectors.SeverityMedium:
		return s
	}
	return collectors.SeverityLow
}

// indexDeployments keeps production deployments with a final outcome and links
// each failure to the next success in its environment. It returns the successful
// deployments' creation instants, sorted, for lead time.
func indexDeployments(ix *repoIndex, deps []Deployment, cfg Config) []int64 {
	prod := cfg.production()
	type full struct {
		d   deploy
		env string
	}
	var all []full
	ix.firstProd = never
	for i := range deps {
		d := &deps[i]
		if d.CreatedAt.IsZero() || !(prod.MatchString(d.Environment) || strings.EqualFold(d.EnvironmentTier, "production")) {
			continue
		}
		at := d.CreatedAt.UnixNano()
		ix.firstProd = min(ix.firstProd, at)
		var failed bool
		switch strings.ToLower(d.Status) {
		case "success":
		case "failure", "error", "failed":
			failed = true
		default:
			continue // pending, in progress, inactive, ...: counts nowhere
		}
		all = append(all, full{deploy{at: at, day: utcDay(d.CreatedAt), recover: never, failed: failed}, d.Environment})
	}
	slices.SortStableFunc(all, func(a, b full) int { return cmp64(a.d.at, b.d.at) })
	nextSuccess := map[string]int64{}
	var successAt []int64
	for i := len(all) - 1; i >= 0; i-- {
		if all[i].d.failed {
			if at, ok := nextSuccess[all[i].env]; ok {
				all[i].d.recover = at
			}
			continue
		}
		nextSuccess[all[i].env] = all[i].d.at
	}
	ix.deploys = make([]deploy, len(all))
	for i, a := range all {
		ix.deploys[i] = a.d
		if !a.d.failed {
			successAt = append(successAt, a.d.at)
		}
	}
	return successAt
}

// utcDay numbers calendar days in UTC.
func utcDay(t time.Time) int64 {
	s := t.Unix()
	d := s / 86400
	if s%86400 < 0 {
		d--
	}
	return d
}
