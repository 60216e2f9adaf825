package digest

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/paved-dev/paved/db"
	"github.com/paved-dev/paved/scoring"
)

// fakeSource serves hand-made snapshots: each scope's metric values a week before
// and at the reported week's start.
type fakeSource struct {
	teams []db.Team
	cards map[string][]db.ScorecardSummary
}

func (f fakeSource) Teams(context.Context) ([]db.Team, error) { return f.teams, nil }
func (f fakeSource) ScorecardSummaries(_ context.Context, scope string, from, to time.Time) ([]db.ScorecardSummary, error) {
	var out []db.ScorecardSummary
	for _, c := range f.cards[scope] {
		if !c.AsOf.Before(from) && !c.AsOf.After(to) {
			out = append(out, c)
		}
	}
	return out, nil
}
func (f fakeSource) OverdueByScope(context.Context, scoring.Config, time.Time, int) ([]db.ScopeOverdue, error) {
	return nil, nil
}

// HistoryFloor: every list read from its start.
func (f fakeSource) HistoryFloor(context.Context) (time.Time, error) { return time.Time{}, nil }

type metricAt struct {
	value   float64
	samples int
}

// snapshotOf is a scorecard summary holding the given metrics (key → value).
func snapshotOf(t *testing.T, at time.Time, metrics map[string]metricAt) db.ScorecardSummary {
	t.Helper()
	dims := map[string]scoring.Dimension{}
	for _, dim := range scoring.Dimensions {
		d := scoring.Dimension{Status: scoring.StatusOK, Metrics: map[string]scoring.Metric{}}
		for _, key := range scoring.MetricKeys(dim) {
			if m, ok := metrics[key]; ok {
				v := m.value
				d.Metrics[key] = scoring.Metric{Value: &v, Samples: m.samples}
			}
		}
		dims[dim] = d
	}
	body, err := json.Marshal(dims)
	if err != nil {
		t.Fatal(err)
	}
	return db.ScorecardSummary{AsOf: at, Dimensions: body}
}

func TestImprovementsAndRegressionsAreRankedAcrossTeams(t *testing.T) {
	start := fixtureStart
	before := start.AddDate(0, 0, -7)
	src := fakeSource{cards: map[string][]db.ScorecardSummary{}}
	add := func(slug, name string, prev, cur map[string]metricAt) {
		src.teams = append(src.teams, db.Team{Slug: slug, Name: name})
		src.cards[slug] = []db.ScorecardSummary{snapshotOf(t, before, prev), snapshotOf(t, start, cur)}
	}
	// alpha: CI coverage +30 pts, lead time 100 h → 50 h (+0.5), reviewed share −5 pts.
	add("alpha", "Alpha",
		map[string]metricAt{scoring.MetricCICoverage: {0.5, 10}, scoring.MetricLeadTimeHoursP50: {100, 20}, scoring.MetricReviewedShare: {0.95, 40}},
		map[string]metricAt{scoring.MetricCICoverage: {0.8, 10}, scoring.MetricLeadTimeHoursP50: {50, 20}, scoring.MetricReviewedShare: {0.9, 40}})
	// beta: deploys 1 → 1.1 per week (+0.09), pickup 10 h → 40 h (−0.75), first-attempt −20 pts
	// but on 4 runs, below its minimum of 10: left out.
	add("beta", "Beta",
		map[string]metricAt{scoring.MetricDeploysPerWeek: {1, 3}, scoring.MetricPickupHoursP50: {10, 30}, scoring.MetricFirstAttempt: {0.9, 4}},
		map[string]metricAt{scoring.MetricDeploysPerWeek: {1.1, 3}, scoring.MetricPickupHoursP50: {40, 30}, scoring.MetricFirstAttempt: {0.7, 4}})
	// gamma: SLA +5 pts, a 0.4-point change too small to report, CFR 10% → 30% (−20 pts).
	add("gamma", "Gamma",
		map[string]metricAt{scoring.MetricSLACriticalHigh: {0.8, 20}, scoring.MetricCICoverage: {0.9, 50}, scoring.MetricChangeFailureRate: {0.1, 20}},
		map[string]metricAt{scoring.MetricSLACriticalHigh: {0.85, 20}, scoring.MetricCICoverage: {0.904, 50}, scoring.MetricChangeFailureRate: {0.3, 20}})

	d, err := Build(context.Background(), src, Options{Week: WeekOf(start)})
	if err != nil {
		t.Fatal(err)
	}
	type key struct{ team, metric string }
	keys := func(cs []MetricChange) []key {
		var out []key
		for _, c := range cs {
			out = append(out, key{c.Team, c.Metric})
		}
		return out
	}
	wantUp := []key{{"alpha", scoring.MetricLeadTimeHoursP50}, {"alpha", scoring.MetricCICoverage}, {"beta", scoring.MetricDeploysPerWeek}}
	wantDown := []key{{"beta", scoring.MetricPickupHoursP50}, {"gamma", scoring.MetricChangeFailureRate}, {"alpha", scoring.MetricReviewedShare}}
	if got := keys(d.Improvements); !equalKeys(got, wantUp) {
		t.Errorf("improvements = %v, want %v", got, wantUp)
	}
	if got := keys(d.Regressions); !equalKeys(got, wantDown) {
		t.Errorf("regressions = %v, want %v", got, wantDown)
	}
	for _, c := range team(t, d, "beta").Changes {
		if c.Metric == scoring.MetricFirstAttempt {
			t.Errorf("a metric below its minimum sample size was compared: %+v", c)
		}
	}
	for _, c := range team(t, d, "gamma").Changes {
		if c.Metric == scoring.MetricCICoverage {
			t.Errorf("a change under one point was reported: %+v", c)
		}
	}
}

func equalKeys[K comparable](a, b []K) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
