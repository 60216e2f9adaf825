package scoring

import (
	"slices"
	"strings"

	"github.com/paved-dev/paved/model"
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
		if outcome == model.OutcomeExcluded || f.CreatedAt.IsZero() {
			continue
		}
		sev := normSeverity(f.Severity)
		cat := strings.ToLower(f.Category)
		created := f.CreatedAt.UnixNano()
		due := created + int64(sla.Days(sev))*day // cfg.DueAt, in nanoseconds
		// Open and closed as OpenAt decides: a finding closed without a close time
		// (a legacy row; the store records when it first saw it closed) is closed
		// all along, and so met its SLA; it has no time to resolve.
		closed := outcome == model.OutcomeFixed || outcome == model.OutcomeRiskAccepted
		resolved := never
		switch {
		case closed && f.ResolvedAt.IsZero():
			resolved = always
			closed = false // nothing to count among findings closed in a window
		case closed:
			resolved = f.ResolvedAt.UnixNano()
		}
		critHigh := sev == model.SeverityCritical || sev == model.SeverityHigh
		d := dueFinding{due: due, created: created, resolved: resolved, met: resolved <= due}
		switch {
		case critHigh:
			ix.dueCH = append(ix.dueCH, d)
		case sev == model.SeverityMedium:
			ix.dueMed = append(ix.dueMed, d)
		}
		if critHigh && (cat == model.CategorySAST || cat == model.CategorySecret) {
			ix.escapedAt = append(ix.escapedAt, created)
		}
		if closed {
			ix.closed = append(ix.closed, closedFinding{
				at:       resolved,
				dur:      max(0, resolved-created),
				critical: sev == model.SeverityCritical,
				fixed:    outcome == model.OutcomeFixed,
			})
			if resolved < created {
				ix.skewed = append(ix.skewed, skewedFinding{
					id: f.ID, created: created, res: resolved, due: due,
					dueCounted: critHigh || sev == model.SeverityMedium,
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
	case model.SeverityCritical, model.SeverityHigh, model.SeverityMedium:
		return s
	}
	return model.SeverityLow
}
