package digest

import (
	"context"
	"strings"
	"testing"

	"github.com/paved-dev/paved/scoring"
)

func findMove(moves []LevelMove, team, dim string) (LevelMove, bool) {
	for _, m := range moves {
		if m.Team == team && m.Dimension == dim {
			return m, true
		}
	}
	return LevelMove{}, false
}

func findChange(changes []MetricChange, team, metric string) (MetricChange, bool) {
	for _, c := range changes {
		if c.Team == team && c.Metric == metric {
			return c, true
		}
	}
	return MetricChange{}, false
}

func team(t *testing.T, d *Digest, slug string) TeamPart {
	t.Helper()
	for _, p := range d.Teams {
		if p.Slug == slug {
			return p
		}
	}
	t.Fatalf("no team %q in the digest", slug)
	return TeamPart{}
}

func TestBuildComparesTheWeeksSnapshotWithTheOneBefore(t *testing.T) {
	d := buildFixture(t, nil)

	if !d.AsOf.Equal(fixtureStart) || !d.PrevAsOf.Equal(fixtureStart.AddDate(0, 0, -7)) {
		t.Fatalf("compares %v with %v, want the Mondays %v and a week before", d.AsOf, d.PrevAsOf, fixtureStart)
	}
	if len(d.Trend) != trendWeeks {
		t.Errorf("trend has %d weeks, want %d", len(d.Trend), trendWeeks)
	}

	t.Run("a team that adopted every scanner rises in shift left", func(t *testing.T) {
		m, ok := findMove(d.Moves, "payments", scoring.DimShiftLeft)
		if !ok || !m.Up() || m.From != 2 || m.To != 4 {
			t.Fatalf("payments shift-left move = %+v (found %v), want 2 → 4", m, ok)
		}
	})
	t.Run("a team whose finding went past due falls in remediation", func(t *testing.T) {
		m, ok := findMove(d.Moves, "platform", scoring.DimRemediation)
		if !ok || m.Up() || m.From != 2 || m.To != 1 {
			t.Fatalf("platform remediation move = %+v (found %v), want 2 → 1", m, ok)
		}
	})
	t.Run("rises are listed before falls", func(t *testing.T) {
		seenFall := false
		for _, m := range d.Moves {
			if !m.Up() {
				seenFall = true
			} else if seenFall {
				t.Fatalf("a rise follows a fall: %+v", d.Moves)
			}
		}
	})
	t.Run("full scan coverage doubling is the top improvement", func(t *testing.T) {
		if len(d.Improvements) == 0 {
			t.Fatal("no improvement")
		}
		c := d.Improvements[0]
		if c.Team != "payments" || c.Metric != scoring.MetricFullScanCoverage || c.From != 0.5 || c.To != 1 || c.Change != 0.5 {
			t.Fatalf("top improvement = %+v, want payments full scan coverage 0.5 → 1", c)
		}
	})
	t.Run("one more overdue finding is a regression", func(t *testing.T) {
		c, ok := findChange(d.Regressions, "platform", scoring.MetricOverdueCriticalHigh)
		if !ok || c.From != 1 || c.To != 2 || c.Change != -0.5 {
			t.Fatalf("overdue regression = %+v (found %v), want 1 → 2, normalised −0.5", c, ok)
		}
	})
	t.Run("lists stay within the top three", func(t *testing.T) {
		if len(d.Improvements) > topChanges || len(d.Regressions) > topChanges {
			t.Fatalf("%d improvements, %d regressions", len(d.Improvements), len(d.Regressions))
		}
	})
	t.Run("overdue findings are counted per team, the critical one first", func(t *testing.T) {
		p := team(t, d, "platform")
		if p.Overdue.Critical != 1 || p.Overdue.High != 1 || len(p.Overdue.Worst) != 2 {
			t.Fatalf("platform overdue = %+v", p.Overdue)
		}
		w := p.Overdue.Worst[0]
		if w.Severity != "critical" || w.Rule != "go/sql-injection" || w.Repo != "acme/infra" || w.DaysOverdue != 26 {
			t.Errorf("worst = %+v, want the critical SQL injection 26 days overdue (due 4 February)", w)
		}
		if d.Org.Overdue.Total() != 2 || team(t, d, "payments").Overdue.Total() != 0 {
			t.Errorf("org overdue %+v, payments %+v", d.Org.Overdue, team(t, d, "payments").Overdue)
		}
	})
	t.Run("the next step is the weakest dimension's first", func(t *testing.T) {
		n := team(t, d, "platform").Next
		if n == nil || n.Dimension != scoring.DimRemediation || n.Metric != scoring.MetricSLACriticalHigh || n.Level != 2 {
			t.Fatalf("platform next step = %+v, want remediation's SLA criterion of level 2", n)
		}
		u := team(t, d, scoring.UnassignedSlug).Next
		if u == nil || u.Dimension != scoring.DimShiftLeft || u.Metric != scoring.MetricScanCoverage {
			t.Fatalf("unassigned next step = %+v, want shift left's scan coverage", u)
		}
	})
	t.Run("teams are ordered by name with the unassigned repos last", func(t *testing.T) {
		var slugs []string
		for _, p := range d.Teams {
			slugs = append(slugs, p.Slug)
		}
		if strings.Join(slugs, ",") != "payments,platform,unassigned" {
			t.Fatalf("teams = %v", slugs)
		}
	})
	t.Run("links point into the configured dashboard", func(t *testing.T) {
		if d.Org.URL != "https://paved.example.com/" || team(t, d, "payments").URL != "https://paved.example.com/teams/payments" {
			t.Fatalf("org %q, payments %q", d.Org.URL, team(t, d, "payments").URL)
		}
	})
}

func TestBuildWithoutANewerScorecardReportsTheNewestAtItsOwnAsOf(t *testing.T) {
	// 2026-W11 has no scorecard of its own: the newest is W10's, reported at its
	// own as_of and compared with the scorecard 7 days before it, never with itself
	// and never as if it were W11's.
	d, err := Build(context.Background(), openFixture(t, nil), Options{Week: ISOWeek{2026, 11}})
	if err != nil {
		t.Fatal(err)
	}
	if !d.AsOf.Equal(fixtureStart) || !d.PrevAsOf.Equal(fixtureStart.AddDate(0, 0, -7)) {
		t.Fatalf("compares %v with %v, want %v with 7 days before", d.AsOf, d.PrevAsOf, fixtureStart)
	}
	if !strings.Contains(RenderText(d), "As of Monday 2 March 2026; changes are since 23 February 2026") {
		t.Errorf("the text does not state its as_of and baseline:\n%.400s", RenderText(d))
	}
	w10 := buildFixture(t, nil)
	if len(d.Moves) != len(w10.Moves) || len(d.Regressions) != len(w10.Regressions) || *d.Org.Score != *w10.Org.Score {
		t.Fatalf("moves %v, regressions %v: not W10's figures at the same as_of", d.Moves, d.Regressions)
	}
	if d.Org.URL != "" {
		t.Errorf("links without a dashboard URL: %q", d.Org.URL)
	}
}

func TestBuildBeforeAnySnapshot(t *testing.T) {
	d, err := Build(context.Background(), openFixture(t, nil), Options{Week: ISOWeek{2025, 40}, DashboardURL: fixtureURL})
	if err != nil {
		t.Fatal(err)
	}
	if d.Org.HasData || !d.AsOf.IsZero() || len(d.Trend) != 0 {
		t.Fatalf("org %+v at %v", d.Org, d.AsOf)
	}
	if !strings.Contains(RenderText(d), "no scorecard yet") {
		t.Errorf("the text does not say there is no scorecard yet:\n%s", RenderText(d))
	}
	if _, _, err := RenderHTML(d); err != nil {
		t.Errorf("render an empty digest: %v", err)
	}
}

func TestForTeamKeepsOnlyThatTeam(t *testing.T) {
	d := buildFixture(t, nil)
	p, ok := d.ForTeam("platform")
	if !ok {
		t.Fatal("no platform part")
	}
	if len(p.Teams) != 1 || p.Teams[0].Slug != "platform" || p.Audience != "platform" {
		t.Fatalf("teams %+v", p.Teams)
	}
	for _, m := range p.Moves {
		if m.Team != "platform" {
			t.Errorf("another team's move: %+v", m)
		}
	}
	for _, c := range append(p.Improvements, p.Regressions...) {
		if c.Team != "platform" {
			t.Errorf("another team's change: %+v", c)
		}
	}
	if len(p.Regressions) == 0 {
		t.Error("platform's own regressions are gone")
	}
	if p.Org.Score == nil || *p.Org.Score != *d.Org.Score {
		t.Error("the organisation's headline is gone")
	}
	if !strings.HasPrefix(p.Title(), "Paved weekly digest — Platform — 2026-W10") {
		t.Errorf("title %q", p.Title())
	}
	if len(d.Teams) != 3 {
		t.Error("cutting a part changed the whole digest")
	}
	if _, ok := d.ForTeam("nobody"); ok {
		t.Error("a part for a team that does not exist")
	}
}

func TestNormalisedChange(t *testing.T) {
	tests := []struct {
		name     string
		metric   string
		from, to float64
		want     float64
	}{
		{"a ratio changes by its difference in points", scoring.MetricCICoverage, 0.6, 0.75, 0.15},
		{"a falling ratio is a regression", scoring.MetricReviewedShare, 0.9, 0.8, -0.1},
		{"a lower-is-better ratio rising is a regression", scoring.MetricChangeFailureRate, 0.1, 0.2, -0.1},
		{"a duration halving is an improvement of one half", scoring.MetricLeadTimeHoursP50, 20, 10, 0.5},
		{"a duration doubling weighs as much as a halving", scoring.MetricLeadTimeHoursP50, 10, 20, -0.5},
		{"a rate rising is an improvement relative to the larger value", scoring.MetricDeploysPerWeek, 2, 4, 0.5},
		{"a change near zero is measured against a floor of one unit", scoring.MetricPickupHoursP50, 0.2, 0.4, -0.2},
		{"a first overdue finding counts fully", scoring.MetricOverdueCriticalHigh, 0, 1, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := normalisedChange(tt.metric, tt.from, tt.to); abs64(got-tt.want) > 1e-9 {
				t.Fatalf("normalisedChange(%s, %v, %v) = %v, want %v", tt.metric, tt.from, tt.to, got, tt.want)
			}
		})
	}
}

func abs64(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
