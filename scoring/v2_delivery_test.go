package scoring

import (
	"testing"
	"time"

	"github.com/paved-dev/paved/model"
)

// Model v2, rules 3 and 4: delivery over deploying repos; inactive never changes
// a deployment's outcome.

func TestV2DeployFrequencyIsAMedianOverDeployingRepos(t *testing.T) {
	successes := func(r *RepoFacts, perDay int, dayAgo ...int) {
		for _, d := range dayAgo {
			for k := range perDay {
				r.Deployments = append(r.Deployments, dep("production", "success", ago(time.Duration(d)*days-time.Duration(k)*hour)))
			}
		}
	}
	a := newRepo("a") // 8 successes on 4 days
	successes(a, 2, 1, 2, 3, 4)
	b := newRepo("b") // 2 successes on 2 days
	successes(b, 1, 10, 20)
	c := newRepo("c") // deploying (200 days ago), none in the window: counts 0
	successes(c, 1, 200)
	d := newRepo("d") // last deployed 400 days ago: not a deploying repo
	successes(d, 1, 400)
	e := newRepo("e") // staging only
	e.Deployments = []Deployment{dep("staging", "success", ago(days))}
	f := newRepo("f") // a fork: counts nowhere
	f.Fork = true
	successes(f, 5, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10)
	g := newRepo("g") // failures only in the window: deploying, 0 successes
	g.Deployments = []Deployment{dep("production", "failure", ago(3*days))}
	edge := newRepo("edge") // exactly 365 days before as_of: out
	edge.Deployments = []Deployment{dep("production", "success", ago(DeployingSpan))}
	inside := newRepo("inside") // one second later: in
	inside.Deployments = []Deployment{dep("production", "success", ago(DeployingSpan).Add(time.Second))}

	tests := []struct {
		name          string
		repos         []*RepoFacts
		perWeek, days *float64 // × 7 ÷ 90 of the median
		samples       int
		level         *int
	}{
		// deploys [8, 2, 0] → 2; days [4, 2, 0] → 2. v1: sum 8 + 2 + 50 = 60 → 60 × 7 ÷ 90.
		{"the median over deploying repos", []*RepoFacts{a, b, c, d, e, f}, f64(14.0 / 90), f64(14.0 / 90), 3, intp(1)},
		// deploys [8, 2] → (2 + 8) ÷ 2 = 5; days [4, 2] → 3. v1: 10 × 7 ÷ 90 and 6 days.
		{"an even count takes the mean of the middle two", []*RepoFacts{a, b}, f64(35.0 / 90), f64(21.0 / 90), 2, intp(2)},
		// deploys [8, 0, 0] → 0: most deploying repos did not deploy in the window. v1: 8 × 7 ÷ 90.
		{"a deploying repo with none in the window counts 0", []*RepoFacts{a, c, g}, f64(0), f64(0), 3, intp(0)},
		{"no deploying repo: no data", []*RepoFacts{d, e, f}, nil, nil, 0, nil},
		{"365 days before as_of is out", []*RepoFacts{edge}, nil, nil, 0, nil},
		{"just inside 365 days is a deploying repo", []*RepoFacts{inside}, f64(0), f64(0), 1, intp(0)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			del := Evaluate(tc.repos, asOf, DefaultConfig()).Dimensions[DimDelivery]
			checkMetric(t, del.Metrics[MetricDeploysPerWeek], tc.perWeek, tc.samples)
			checkMetric(t, del.Metrics[MetricDeployDaysPerWeek], tc.days, tc.samples)
			if !eqIntp(del.Level, tc.level) {
				t.Errorf("level = %v, want %v", deref(del.Level), deref(tc.level))
			}
		})
	}
	t.Run("deploys_to_production marks deploying repos", func(t *testing.T) {
		sc := Evaluate([]*RepoFacts{a, c, d, f}, asOf, DefaultConfig())
		want := map[string]bool{"acme/a": true, "acme/c": true, "acme/d": false, "acme/f": false}
		for _, r := range sc.Repos {
			if r.Delivery.DeploysToProduction != want[r.FullName] {
				t.Errorf("%s deploys_to_production = %v", r.FullName, r.Delivery.DeploysToProduction)
			}
		}
	})
}

func TestV2InactiveNeverChangesAnOutcome(t *testing.T) {
	t0 := ago(10 * days)
	st := func(state string, minutes int) model.DeploymentStatusFact {
		return model.DeploymentStatusFact{State: state, CreatedAt: t0.Add(time.Duration(minutes) * time.Minute)}
	}
	const (
		success = "success"
		failed  = "failed"
		pending = "pending"
	)
	tests := []struct {
		name     string
		status   string // the latest status, as stored before v2
		statuses []model.DeploymentStatusFact
		want     string
	}{
		{"success then inactive is a success", "inactive", []model.DeploymentStatusFact{st("in_progress", 1), st("success", 2), st("inactive", 60)}, success}, // v1: pending
		{"failure then inactive is a failure", "inactive", []model.DeploymentStatusFact{st("failure", 2), st("inactive", 60)}, failed},                        // v1: pending
		{"error is a failure", "error", []model.DeploymentStatusFact{st("error", 2)}, failed},
		{"a later failure wins over a success", "failure", []model.DeploymentStatusFact{st("success", 2), st("failure", 5)}, failed},
		{"a later success wins over a failure", "inactive", []model.DeploymentStatusFact{st("failure", 2), st("success", 5), st("inactive", 9)}, success}, // v1: pending
		{"the latest time decides, whatever the order", "success", []model.DeploymentStatusFact{st("failure", 5), st("success", 2)}, failed},              // v1: success
		{"GitLab failed is a failure", "failed", []model.DeploymentStatusFact{st("running", 1), st("failed", 2)}, failed},
		{"none of success, failure, error is pending", "inactive", []model.DeploymentStatusFact{st("queued", 1), st("pending", 2), st("inactive", 3)}, pending},
		{"no history: the stored status decides", "success", nil, success},
		{"no history: inactive alone is pending", "inactive", nil, pending},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := newRepo("api")
			r.Deployments = []Deployment{{Environment: "production", CreatedAt: t0, Status: tc.status, StatusAt: t0.Add(time.Hour), Statuses: tc.statuses}}
			got := Evaluate([]*RepoFacts{r}, asOf, DefaultConfig()).Repos[0].Delivery
			var outcome string
			switch {
			case got.Successful == 1 && got.Failed == 0:
				outcome = success
			case got.Failed == 1 && got.Successful == 0:
				outcome = failed
			case got.Failed == 0 && got.Successful == 0:
				outcome = pending
			}
			if outcome != tc.want {
				t.Errorf("successful %d failed %d, want %s", got.Successful, got.Failed, tc.want)
			}
			if !got.DeploysToProduction {
				t.Error("a pending production deployment still makes a deploying repo")
			}
		})
	}

	t.Run("everywhere deployments are read", func(t *testing.T) {
		// A superseded success (success, then inactive) recovers a failure, ends a lead
		// time and counts in the change failure rate. v1 read all three as pending.
		superseded := func(at time.Time) Deployment {
			return Deployment{Environment: "production", CreatedAt: at, Status: "inactive", StatusAt: at.Add(48 * hour),
				Statuses: []model.DeploymentStatusFact{{State: "success", CreatedAt: at.Add(5 * time.Minute)}, {State: "inactive", CreatedAt: at.Add(48 * hour)}}}
		}
		r := newRepo("api")
		r.Deployments = []Deployment{dep("production", "failure", ago(10*days)), superseded(ago(10*days - 3*hour))}
		for i := range 10 { // created −11d, merged before the success at −10d + 3h
			r.PRs = append(r.PRs, PR{Number: i + 1, Author: "alice", CreatedAt: ago(11 * days), MergedAt: ago(10*days + time.Duration(i)*hour), BaseBranch: "main"})
		}
		sc := Evaluate([]*RepoFacts{r}, asOf, DefaultConfig())
		m := sc.Dimensions[DimDelivery].Metrics
		// failed 1 ÷ (1 + 1).
		checkMetric(t, m[MetricChangeFailureRate], f64(0.5), 2)
		// failure −10d → success −10d + 3h: 3 h.
		checkMetric(t, m[MetricRecoveryHoursP50], f64(3), 1)
		// every PR created −11d reaches production at −10d + 3h: 24 + 3 = 27 h.
		checkMetric(t, m[MetricLeadTimeHoursP50], f64(27), 10)
	})
}
