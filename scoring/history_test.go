package scoring

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"
)

func TestTeamPooling(t *testing.T) {
	// a: 1 merged PR with a run, pickup 1, 2, 3 h; b: 9 merged PRs, 1 with a run, pickup 10, 20 h.
	a, b, c := newRepo("a"), newRepo("b"), newRepo("c")
	addPRs := func(r *RepoFacts, n, withRun int, pickups ...int) {
		for i := range n {
			created := ago(time.Duration(i+2) * days)
			pr := PR{Number: i + 1, Author: "alice", CreatedAt: created, MergedAt: created.Add(12 * hour), HeadSHA: r.FullName + string(rune('a'+i))}
			if i < len(pickups) {
				pr.Reviews = []Review{comment("bob", created.Add(time.Duration(pickups[i])*hour))}
			}
			if i < withRun {
				r.Runs = append(r.Runs, Run{CreatedAt: created.Add(hour), HeadBranch: "feat", HeadSHA: pr.HeadSHA})
			}
			r.PRs = append(r.PRs, pr)
		}
	}
	addPRs(a, 1, 1, 1)
	a.PRs = append(a.PRs, PR{Number: 9, Author: "carol", CreatedAt: ago(3 * days), MergedAt: ago(2 * days),
		Reviews: []Review{comment("bob", ago(3*days-2*hour))}}, PR{Number: 10, Author: "carol", CreatedAt: ago(4 * days), MergedAt: ago(2 * days),
		Reviews: []Review{comment("bob", ago(4*days-3*hour))}})
	addPRs(b, 9, 1, 10, 20)
	addPRs(c, 2, 2)

	t.Run("ratios pool numerators and denominators", func(t *testing.T) {
		// a: 1 of 3 merged PRs has a run; b: 1 of 9 → (1 + 1) ÷ (3 + 9) = 2 ÷ 12, not the mean of 1/3 and 1/9.
		checkMetric(t, metricAt(t, []*RepoFacts{a, b}, DefaultConfig(), MetricPRCICoverage), f64(2.0/12), 12)
	})
	t.Run("percentiles run over pooled events, not a median of medians", func(t *testing.T) {
		// pickups a: 1, 2, 3 (median 2); b: 10, 20 (median 15). Pooled 1, 2, 3, 10, 20 → 3 (not 8.5).
		checkMetric(t, metricAt(t, []*RepoFacts{a, b}, DefaultConfig(), MetricPickupHoursP50), f64(3), 5)
	})
	t.Run("a repo in two teams counts fully in each and once in the org", func(t *testing.T) {
		scopes := map[string][]*RepoFacts{
			"left":  {a, b},
			"right": {b, c},
			"org":   {a, b, c, b}, // a repeated repo still counts once
		}
		got := EvaluateHistory(scopes, asOf, 1, DefaultConfig())
		pr := func(slug string) Metric { return got[slug][0].Dimensions[DimAutomation].Metrics[MetricPRCICoverage] }
		checkMetric(t, pr("left"), f64(2.0/12), 12)  // a 1/3 + b 1/9
		checkMetric(t, pr("right"), f64(3.0/11), 11) // b 1/9 + c 2/2
		checkMetric(t, pr("org"), f64(4.0/14), 14)   // a 1/3 + b 1/9 + c 2/2
		if n := len(got["org"][0].Repos); n != 3 {
			t.Errorf("org lists %d repos, want 3", n)
		}
		if s := got["right"][0].Team.Slug; s != "right" {
			t.Errorf("team slug = %q", s)
		}
	})
}

// TestHistoryMatchesEvaluate: every snapshot of a history equals a fresh Evaluate
// at that instant, so the shared indexes and reused buffers change nothing.
func TestHistoryMatchesEvaluate(t *testing.T) {
	sc := loadGoldenScenario(t)
	facts := Facts{Repos: sc.Repos}
	all := facts.All()
	scopes := map[string][]*RepoFacts{
		"org":     all,
		"github":  {all[0], all[1]},
		"gitlab":  {all[2]},
		"overlap": {all[1], all[2]},
	}
	cfg := DefaultConfig()
	cfg.Bots = sc.Bots
	const weeks = 16
	hist := EvaluateHistory(scopes, sc.AsOf.Add(3*days), weeks, cfg)
	snaps := Snapshots(sc.AsOf.Add(3*days), weeks)
	for slug, scope := range scopes {
		if len(hist[slug]) != weeks {
			t.Fatalf("%s: %d snapshots, want %d", slug, len(hist[slug]), weeks)
		}
		for i, at := range snaps {
			want := Evaluate(scope, at, cfg)
			want.Team.Slug = slug
			got := hist[slug][i]
			if !got.AsOf.Equal(at) {
				t.Fatalf("%s[%d] as_of %v, want %v", slug, i, got.AsOf, at)
			}
			gj, _ := json.Marshal(got)
			wj, _ := json.Marshal(want)
			if !reflect.DeepEqual(gj, wj) {
				t.Errorf("%s at %s differs from Evaluate:\n got %s\nwant %s", slug, at.Format(time.DateOnly), gj, wj)
			}
		}
	}
	// The latest snapshot is the golden as_of (a Monday) and so scores like the golden file
	// (level 0 since v2: web's dependabot/11, overdue since before the window, is a miss).
	if l := hist["org"][weeks-1].Level; l == nil || *l != 0 {
		t.Errorf("latest org level = %v, want 0", deref(l))
	}
	// On 2024-02-19 only api is active (its run a0 on 02-01 is on main, without a scan):
	// automation has data and shift_left is 0, remediation has nothing due → level 0.
	old := hist["org"][0]
	if l := old.Level; l == nil || *l != 0 {
		t.Errorf("oldest org level = %v, want 0", deref(l))
	}
	if d := old.Dimensions[DimRemediation]; d.Status != StatusInsufficient {
		t.Errorf("oldest remediation = %s, want insufficient_data", d.Status)
	}
}

// TestEvaluateAtAddsAnOffMondayInstant: an instant that is not a Monday, scored
// beside the weekly history in one call, equals a fresh Evaluate at it; this is
// how a rescore stores its "now" without indexing every repo a second time.
func TestEvaluateAtAddsAnOffMondayInstant(t *testing.T) {
	sc := loadGoldenScenario(t)
	facts := Facts{Repos: sc.Repos}
	all := facts.All()
	scopes := map[string][]*RepoFacts{"org": all, "gitlab": {all[2]}}
	cfg := DefaultConfig()
	cfg.Bots = sc.Bots
	now := sc.AsOf.Add(3*days + 5*hour)
	instants := append(Snapshots(now, 3), now)
	got := EvaluateAt(scopes, instants, cfg)
	for slug, scope := range scopes {
		if len(got[slug]) != len(instants) {
			t.Fatalf("%s: %d scorecards, want %d", slug, len(got[slug]), len(instants))
		}
		last := got[slug][len(instants)-1]
		if !last.AsOf.Equal(now) {
			t.Fatalf("%s: last as_of %v, want %v", slug, last.AsOf, now)
		}
		want := Evaluate(scope, now, cfg)
		want.Team.Slug = slug
		gj, _ := json.Marshal(last)
		wj, _ := json.Marshal(want)
		if !reflect.DeepEqual(gj, wj) {
			t.Errorf("%s at %s differs from Evaluate:\n got %s\nwant %s", slug, now, gj, wj)
		}
	}
}

func TestTrendPointAndSummary(t *testing.T) {
	r := newRepo("api")
	r.Runs = []Run{mainRun(ago(1 * days))}
	sc := Evaluate([]*RepoFacts{r}, asOf, DefaultConfig())
	sc.Team = TeamRef{Slug: "api", Name: "API"}
	p := sc.TrendPoint()
	// one active repo with a main run and no scan: automation 4 (all else skipped), shift_left 0.
	if *p.Dimensions[DimAutomation] != 4 || *p.Dimensions[DimShiftLeft] != 0 || p.Dimensions[DimReview] != nil {
		t.Errorf("dimensions = %v", p.Dimensions)
	}
	if v := p.Metrics[MetricCICoverage]; v == nil || *v != 1 {
		t.Errorf("ci_coverage = %v", v)
	}
	if v, ok := p.Metrics[MetricLeadTimeHoursP50]; !ok || v != nil {
		t.Errorf("lead time = %v, %v; want present and null", v, ok)
	}
	if len(p.Metrics) != 23 { // v2 added oldest_overdue_days
		t.Errorf("%d metrics, want 23", len(p.Metrics))
	}
	s := sc.Summary()
	if s.Slug != "api" || s.Name != "API" || *s.Level != 0 || *s.Dimensions[DimAutomation] != 4 {
		t.Errorf("summary = %+v", s)
	}
}
