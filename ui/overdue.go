package ui

import (
	"time"

	"github.com/paved-dev/paved/db"
	"github.com/paved-dev/paved/scoring"
)

// metricOldestOverdue is the remediation metric the maturity model (v2) adds: the
// days past due of the oldest open critical or high finding. Until scoring has it,
// the CSV and /metrics compute it with scoring's due functions (db.OverdueByScope).
const metricOldestOverdue = "oldest_overdue_days"

// overdueFigures are a scope's overdue critical and high findings at its scorecard's
// as_of, as the CSV and /metrics report them.
type overdueFigures struct {
	Count      *float64
	OldestDays *float64
}

// overdueOf reads a team's overdue figures from its current scorecard, the one every
// surface shows; a figure the scorecard lacks is computed from the stored findings
// with the same config and as_of.
func (s *server) overdueOf(st *state, t teamSummary) (overdueFigures, error) {
	out := overdueFigures{
		Count:      t.Latest.metric(scoring.DimRemediation, scoring.MetricOverdueCriticalHigh),
		OldestDays: t.Latest.metric(scoring.DimRemediation, metricOldestOverdue),
	}
	if !t.Scored || (out.Count != nil && out.OldestDays != nil) {
		return out, nil
	}
	scopes, err := s.overdueByScope(st, t.AsOf())
	if err != nil {
		return out, err
	}
	o := scopes[t.Slug]
	if out.Count == nil {
		out.Count = new(float64(o.Critical + o.High))
	}
	if out.OldestDays == nil {
		out.OldestDays = new(float64(o.OldestDays))
	}
	return out, nil
}

// overdueByScope is every scope's overdue findings at `at` under the server's
// config, read once per instant until the scorecards change.
func (s *server) overdueByScope(st *state, at time.Time) (map[string]db.ScopeOverdue, error) {
	return memo(st, "overdue:"+at.UTC().Format(time.RFC3339), func() (map[string]db.ScopeOverdue, error) {
		list, err := s.db.OverdueByScope(st.ctx, s.cfg, at, 0)
		if err != nil {
			return nil, err
		}
		out := make(map[string]db.ScopeOverdue, len(list))
		for _, o := range list {
			out[o.Scope] = o
		}
		return out, nil
	})
}
