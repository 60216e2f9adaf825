package ui

import (
	"strconv"

	"github.com/paved-dev/paved/db"
	"github.com/paved-dev/paved/scoring"
	"github.com/paved-dev/paved/ui/labels"
)

// overdueHeadline is the organisation's overdue critical and high findings at its
// scorecard's as_of: how many, the 7-day change, the weekly trend and how long
// the oldest has been past due.
type overdueHeadline struct {
	Count  string
	Change *int
	Oldest string
	Spark  sparkline
}

func (s *server) overdueHeadlineOf(st *state, org teamSummary, ch change) (overdueHeadline, error) {
	figs, err := s.overdueOf(st, org)
	if err != nil {
		return overdueHeadline{}, err
	}
	weeks := weekly(org.Weekly, defaultWeeks)
	values := make([]*float64, len(weeks))
	hi := 1.0
	for i, p := range weeks {
		values[i] = p.metric(scoring.DimRemediation, scoring.MetricOverdueCriticalHigh)
		if values[i] != nil {
			hi = max(hi, *values[i])
		}
	}
	h := overdueHeadline{
		Count:  labels.FormatValue(scoring.MetricOverdueCriticalHigh, figs.Count),
		Change: ch.Overdue,
		Oldest: labels.FormatValue(scoring.MetricOldestOverdueDays, figs.OldestDays),
	}
	if figs.Count != nil && *figs.Count == 0 {
		h.Oldest = "none overdue"
	}
	if len(values) > 0 {
		h.Spark = newSparkline(values, 0, hi, "Overdue critical and high findings over "+strconv.Itoa(len(values))+" weeks, from "+
			labels.FormatValue(scoring.MetricOverdueCriticalHigh, values[0])+" to "+h.Count)
	}
	return h, nil
}

// riskRepo is a repo with overdue critical and high findings and the teams that
// own it.
type riskRepo struct {
	db.RepoOverdue
	Teams []teamRef
}

// withOwners names each repo's teams as the teams' newest scorecards list their
// repos; a repo of no configured team belongs to Unassigned.
func withOwners(st *state, sums []teamSummary, repos []db.RepoOverdue) ([]riskRepo, error) {
	owners := map[string][]teamRef{}
	for _, t := range sums {
		if t.Slug == scopeOrg {
			continue
		}
		card, _, err := st.card(t.Slug)
		if err != nil {
			return nil, err
		}
		if card == nil {
			continue
		}
		for _, r := range card.Repos {
			owners[r.Repo] = append(owners[r.Repo], t.teamRef)
		}
	}
	out := make([]riskRepo, len(repos))
	for i, r := range repos {
		out[i] = riskRepo{RepoOverdue: r, Teams: owners[r.Source+":"+r.FullName]}
	}
	return out, nil
}
