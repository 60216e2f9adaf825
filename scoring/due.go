package scoring

import (
	"strings"
	"time"

	"github.com/paved-dev/paved/model"
)

// Due and overdue have one definition (maturity model v2, "Due and overdue"): the due
// date is computed here, at scoring time, from the SLA days in force, never read from
// what a collection stored. The scorecard, the pages' finding lists, the API, the CSV,
// /metrics and the digest all decide through these functions.

// DueAt is the finding's created_at plus the SLA of its severity under cfg. An SLA
// day is 24 hours, whatever the zone of created_at (a calendar day across a
// daylight-saving change is not), exactly as the scorecard counts it.
func (c Config) DueAt(f Finding) time.Time {
	return f.CreatedAt.Add(time.Duration(c.sla().Days(normSeverity(f.Severity))) * 24 * time.Hour)
}

// OpenAt tells whether f is open at t: created at or before t and not fixed,
// risk-accepted or excluded at or before t. Excluded findings are not real exposure
// and are never open. A closed finding with no close time (the store records when it
// first saw it closed, so this is only a legacy row) is taken as closed all along.
func OpenAt(f Finding, t time.Time) bool {
	if f.CreatedAt.IsZero() || f.CreatedAt.After(t) {
		return false
	}
	switch strings.ToLower(f.Outcome) {
	case model.OutcomeExcluded:
		return false
	case model.OutcomeFixed, model.OutcomeRiskAccepted:
		return !f.ResolvedAt.IsZero() && f.ResolvedAt.After(t)
	}
	return true
}

// OverdueAt tells whether f is open at t and its due date is before t.
func (c Config) OverdueAt(f Finding, t time.Time) bool {
	return OpenAt(f, t) && c.DueAt(f).Before(t)
}

// DaysOverdue is how many whole days past due f is at t (0 when not overdue): the
// display of OverdueFor. The scorecard's oldest_overdue_days keeps the fraction
// (OverdueFor in days), so a finding 90 days and 1 hour past due shows "90 days"
// here and is above a "≤ 90" criterion there.
func (c Config) DaysOverdue(f Finding, t time.Time) int {
	return int(c.OverdueFor(f, t) / (24 * time.Hour))
}

// OverdueFor is how long past due f is at t, to the nanosecond (0 when not
// overdue).
func (c Config) OverdueFor(f Finding, t time.Time) time.Duration {
	if !c.OverdueAt(f, t) {
		return 0
	}
	return t.Sub(c.DueAt(f))
}
