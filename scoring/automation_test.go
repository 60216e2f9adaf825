package scoring

import (
	"fmt"
	"testing"
	"time"
)

func TestCICoverage(t *testing.T) {
	covered := newRepo("covered")
	covered.Runs = []Run{mainRun(ago(1 * days))}
	featureOnly := newRepo("feature-only")
	featureOnly.Runs = []Run{{CreatedAt: ago(2 * days), HeadBranch: "feat", Event: "push", Status: "completed", Conclusion: "success"}}
	prOnly := newRepo("pr-only")
	prOnly.PRs = []PR{{Number: 1, Author: "alice", CreatedAt: ago(3 * days)}}
	archived := newRepo("archived")
	archived.Archived = true
	archived.Runs = []Run{mainRun(ago(1 * days))}
	fork := newRepo("fork")
	fork.Fork = true
	fork.Runs = []Run{mainRun(ago(1 * days))}
	stale := newRepo("stale")
	stale.Runs = []Run{mainRun(ago(100 * days))}
	forkPR := newRepo("fork-pr")
	forkPR.Runs = []Run{{CreatedAt: ago(1 * days), HeadBranch: "main", Event: "pull_request", Status: "completed", Conclusion: "success"}}
	develop := newRepo("develop")
	develop.DefaultBranch = "develop"
	develop.Runs = []Run{{CreatedAt: ago(1 * days), HeadBranch: "develop", Event: "push"}}

	tests := []struct {
		name    string
		repos   []*RepoFacts
		want    *float64
		samples int
	}{
		// active: covered, featureOnly, prOnly; archived, fork and stale are not active.
		{"counts active repos with a default-branch run over active repos",
			[]*RepoFacts{covered, featureOnly, prOnly, archived, fork, stale}, f64(1.0 / 3), 3},
		// the fork PR's head branch is called main but the run is a pull_request run: 0 ÷ 1.
		{"a pull_request run on a branch named main is not a default-branch run",
			[]*RepoFacts{forkPR}, f64(0), 1},
		{"uses each repo's own default branch", []*RepoFacts{develop}, f64(1), 1},
		{"no active repo leaves the value null", []*RepoFacts{archived, stale}, nil, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			checkMetric(t, metricAt(t, tc.repos, DefaultConfig(), MetricCICoverage), tc.want, tc.samples)
		})
	}
}

func TestPRCICoverage(t *testing.T) {
	r := newRepo("api")
	for n := 1; n <= 10; n++ {
		pr := humanPR(n, ago(time.Duration(n)*days))
		pr.HeadSHA = fmt.Sprintf("s%d", n)
		r.PRs = append(r.PRs, pr)
	}
	r.PRs = append(r.PRs,
		PR{Number: 11, Author: "alice", CreatedAt: ago(5 * days), HeadSHA: "s11"},                            // open
		PR{Number: 12, Author: "alice", CreatedAt: ago(99 * days), MergedAt: ago(95 * days), HeadSHA: "s12"}, // merged before the window
	)
	run := func(sha string, at time.Time, prs ...int) Run {
		return Run{CreatedAt: at, HeadBranch: "feat", HeadSHA: sha, Event: "pull_request", PRNumbers: prs}
	}
	for n := 1; n <= 6; n++ {
		r.Runs = append(r.Runs, run(fmt.Sprintf("s%d", n), ago(time.Duration(n)*days+hour)))
	}
	r.Runs = append(r.Runs,
		run("older-commit", ago(8*days), 7), // linked by the forge only
		run("s8", asOf.Add(time.Hour)),      // after as_of: not visible
		run("s11", ago(5*days)),
		run("s12", ago(96*days)),
	)
	// PRs 1–6 by head SHA and 7 by forge link have a run; 8, 9, 10 do not: 7 ÷ 10.
	checkMetric(t, metricAt(t, []*RepoFacts{r}, DefaultConfig(), MetricPRCICoverage), f64(0.7), 10)

	t.Run("an empty head SHA links nothing", func(t *testing.T) {
		r := newRepo("web")
		r.PRs = []PR{{Number: 1, Author: "a", CreatedAt: ago(2 * days), MergedAt: ago(1 * days)}}
		r.Runs = []Run{{CreatedAt: ago(1 * days), HeadBranch: "feat"}}
		checkMetric(t, metricAt(t, []*RepoFacts{r}, DefaultConfig(), MetricPRCICoverage), f64(0), 1)
	})
}

func TestFirstAttemptSuccess(t *testing.T) {
	r := newRepo("api")
	main := func(at time.Time, status, conclusion string, attempt int) Run {
		run := mainRun(at)
		run.Status, run.Conclusion, run.Attempt = status, conclusion, attempt
		return run
	}
	for i := range 5 {
		r.Runs = append(r.Runs, main(ago(time.Duration(i+1)*days), "completed", "success", 1))
	}
	late := main(ago(5*time.Minute), "completed", "success", 1)
	late.CompletedAt = asOf.Add(5 * time.Minute)
	feature := main(ago(2*days), "completed", "failure", 1)
	feature.HeadBranch = "feat"
	r.Runs = append(r.Runs,
		main(ago(10*days), "completed", "success", 0), // attempt 0 reads as the first
		main(ago(11*days), "completed", "success", 2), // a re-run
		main(ago(12*days), "completed", "failure", 1),
		main(ago(13*days), "completed", "cancelled", 1),
		main(ago(14*days), "completed", "skipped", 1),
		main(ago(15*days), "in_progress", "", 1),
		main(ago(100*days), "completed", "failure", 1), // before the window
		late,    // completed after as_of: still running at as_of
		feature, // not the default branch
	)
	// completed: 5 + attempt-0 + re-run + failure = 8; first-attempt successes 5 + 1 = 6 → 6 ÷ 8.
	checkMetric(t, metricAt(t, []*RepoFacts{r}, DefaultConfig(), MetricFirstAttempt), f64(0.75), 8)
}

func TestPipelineMinutesP50(t *testing.T) {
	run := func(at time.Time, minutes int, conclusion string) Run {
		r := mainRun(at)
		r.CompletedAt = at.Add(time.Duration(minutes) * time.Minute)
		r.Conclusion = conclusion
		return r
	}
	tests := []struct {
		name    string
		runs    []Run
		want    *float64
		samples int
	}{
		{"odd n takes the middle value", []Run{
			run(ago(1*days), 10, "success"), run(ago(2*days), 30, "failure"), run(ago(3*days), 20, "success"),
		}, f64(20), 3}, // 10, 20, 30
		{"even n takes the mean of the two middle values", []Run{
			run(ago(1*days), 10, "success"), run(ago(2*days), 50, "success"),
			run(ago(3*days), 30, "success"), run(ago(4*days), 20, "success"),
		}, f64(25), 4}, // 10, 20, 30, 50 → (20 + 30) ÷ 2
		{"cancelled runs are left out", []Run{
			run(ago(1*days), 10, "success"), run(ago(2*days), 20, "success"), run(ago(3*days), 100, "cancelled"),
		}, f64(15), 2}, // 10, 20
		{"no completed run leaves the value null", nil, nil, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := newRepo("api")
			r.Runs = tc.runs
			checkMetric(t, metricAt(t, []*RepoFacts{r}, DefaultConfig(), MetricPipelineMinutesP50), tc.want, tc.samples)
		})
	}
}
