package scoring

import (
	"fmt"
	"testing"
	"time"
)

// Model v2, rule 1: archived repos and forks count in no metric of any dimension.

// goodRepo scores well everywhere: 10 main runs (10 min, every scan category)
// each linked to a merged PR approved after 1 h, 5 high findings fixed in time, 10
// production successes, one at each merge.
func goodRepo(name string) *RepoFacts {
	r := newRepo(name)
	for n := 1; n <= 10; n++ {
		merged := ago(time.Duration(n) * days)
		pr := humanPR(n, merged)
		pr.Reviews = []Review{approve("bob", pr.CreatedAt.Add(hour))}
		r.PRs = append(r.PRs, pr)
		run := mainRun(merged.Add(-2 * hour))
		run.Scans, run.PRNumbers = AllScanCategories, []int{n}
		r.Runs = append(r.Runs, run)
		r.Deployments = append(r.Deployments, dep("production", "success", merged))
	}
	for i := range 5 { // due −(30 + i)d, fixed the day after creation
		r.Findings = append(r.Findings, finding("high", "fixed", ago(time.Duration(60+i)*days), ago(time.Duration(59+i)*days)))
	}
	return r
}

// badRepo would pull every metric down: failing re-run main runs of 60 min
// without scans, unreviewed PRs without runs, overdue findings (one since long
// before the window), failed deployments and an escaped secret.
func badRepo(name string) *RepoFacts {
	r := newRepo(name)
	for n := 1; n <= 10; n++ {
		merged := ago(time.Duration(n) * days)
		r.PRs = append(r.PRs, PR{Number: n, Author: "alice", CreatedAt: merged.Add(-5 * days), MergedAt: merged, BaseBranch: "main",
			Reviews: []Review{comment("bob", merged.Add(-days))}})
		run := mainRun(merged)
		run.Conclusion, run.Attempt, run.CompletedAt = "failure", 2, merged.Add(time.Hour)
		r.Runs = append(r.Runs, run)
		r.Deployments = append(r.Deployments, dep("production", "failure", merged.Add(hour)))
	}
	r.Deployments = append(r.Deployments, dep("production", "success", ago(hour)))
	for i := range 5 {
		r.Findings = append(r.Findings, finding("critical", "open", ago(time.Duration(50+i)*days), never0))
		r.Findings = append(r.Findings, finding("medium", "open", ago(time.Duration(150+i)*days), never0))
	}
	r.Findings = append(r.Findings,
		finding("high", "open", ago(400*days), never0),
		finding("critical", "fixed", ago(40*days), ago(10*days)),
		Finding{ID: "s/1", Category: "secret", Severity: "critical", Outcome: "risk_accepted", CreatedAt: ago(30 * days), ResolvedAt: ago(29 * days)})
	return r
}

func TestV2ArchivedAndForkedReposCountNowhere(t *testing.T) {
	archived := badRepo("archived")
	archived.Archived = true
	fork := badRepo("fork")
	fork.Fork = true
	forkedArchive := badRepo("forked-archive")
	forkedArchive.Archived, forkedArchive.Fork = true, true
	repos := []*RepoFacts{goodRepo("api"), archived, fork, forkedArchive}

	// Every metric is the good repo's alone (v1 pooled the bad repos' events).
	tests := []struct {
		metric  string
		want    *float64
		samples int
	}{
		{MetricCICoverage, f64(1), 1},
		{MetricPRCICoverage, f64(1), 10},
		{MetricFirstAttempt, f64(1), 10},
		{MetricPipelineMinutesP50, f64(10), 10},
		{MetricScanCoverage, f64(1), 1},
		{MetricFullScanCoverage, f64(1), 1},
		{MetricPRScanCoverage, f64(1), 10},
		{MetricEscapedPer100PRs, f64(0), 10},
		{MetricSLACriticalHigh, f64(1), 5},
		{MetricSLAMedium, nil, 0},
		{MetricMTTRCriticalDaysP50, nil, 0},
		{MetricOverdueCriticalHigh, f64(0), 0},
		{MetricOldestOverdueDays, f64(0), 0},
		{MetricRiskAcceptedShare, f64(0), 5},
		{MetricReviewedShare, f64(1), 10},
		{MetricPickupHoursP50, f64(1), 10},
		{MetricPickupHoursP90, f64(1), 10},
		{MetricMergeHoursP50, f64(24), 10},
		{MetricDeploysPerWeek, f64(70.0 / 90), 1}, // 10 successes × 7 ÷ 90
		{MetricDeployDaysPerWeek, f64(70.0 / 90), 1},
		{MetricLeadTimeHoursP50, f64(24), 10}, // created a day before the merge, deployed at it
		{MetricChangeFailureRate, f64(0), 10},
		{MetricRecoveryHoursP50, nil, 0},
	}
	if len(tests) != len(metricDefs) {
		t.Fatalf("the table has %d metrics, the model %d", len(tests), len(metricDefs))
	}
	sc := Evaluate(repos, asOf, DefaultConfig())
	for _, tc := range tests {
		t.Run(tc.metric, func(t *testing.T) {
			checkMetric(t, sc.Dimensions[metricDefs[tc.metric].dim].Metrics[tc.metric], tc.want, tc.samples)
		})
	}
	t.Run("levels are the good repo's", func(t *testing.T) {
		// delivery: 70 ÷ 90 deploys a week is below level 3's 1.
		want := map[string]int{DimAutomation: 4, DimShiftLeft: 4, DimRemediation: 4, DimReview: 4, DimDelivery: 2}
		for dim, l := range want {
			if got := sc.Dimensions[dim].Level; got == nil || *got != l {
				t.Errorf("%s level = %v, want %d", dim, deref(got), l)
			}
		}
	})
	t.Run("left-out repos are listed with nothing counted", func(t *testing.T) {
		if len(sc.Repos) != 4 || len(sc.Flags) != 0 {
			t.Fatalf("repos %d flags %v", len(sc.Repos), sc.Flags)
		}
		for _, r := range sc.Repos[1:] {
			empty := RepoSummary{Repo: r.Repo, Source: r.Source, FullName: r.FullName, Archived: r.Archived, Fork: r.Fork}
			if fmt.Sprint(r) != fmt.Sprint(empty) || (!r.Archived && !r.Fork) {
				t.Errorf("%s = %+v, want nothing counted", r.FullName, r)
			}
		}
	})
	t.Run("alone, a left-out repo leaves every dimension without data", func(t *testing.T) {
		sc := Evaluate([]*RepoFacts{archived, fork}, asOf, DefaultConfig())
		if sc.Level != nil || sc.Score != nil {
			t.Errorf("level %v score %v, want null", deref(sc.Level), deref(sc.Score))
		}
	})
}
