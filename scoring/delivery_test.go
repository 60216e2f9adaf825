package scoring

import (
	"regexp"
	"testing"
	"time"
)

func dep(env, status string, at time.Time) Deployment {
	return Deployment{Environment: env, CreatedAt: at, Status: status, StatusAt: at.Add(5 * time.Minute)}
}

func TestDeploymentRates(t *testing.T) {
	day1, day2 := ago(10*days), ago(20*days)
	r := newRepo("api")
	r.Deployments = []Deployment{
		dep("production", "success", day1),
		dep("Production", "success", day1.Add(3*hour)), // same UTC day; the pattern ignores case
		dep("prod", "success", day2),
		dep("production", "failure", day2.Add(hour)),
		dep("production", "pending", day2.Add(2*hour)), // counts nowhere
		dep("staging", "success", ago(5*days)),         // not production
		dep("prod-eu", "success", ago(6*days)),         // no tier, not matched by the pattern
		dep("preprod", "success", ago(7*days)),
		dep("production", "success", ago(Window)), // at the window's open start: out
		dep("production", "success", asOf),        // at as_of: in
	}
	gl := newRepo("infra")
	gl.Deployments = []Deployment{
		{Environment: "live", EnvironmentTier: "production", CreatedAt: day1.Add(hour), Status: "success"}, // same day as api's
		{Environment: "live", EnvironmentTier: "production", CreatedAt: ago(30 * days), Status: "failed"},
	}
	never := newRepo("web")
	never.Deployments = []Deployment{dep("staging", "success", ago(3*days))}
	repos := []*RepoFacts{r, gl, never}
	sc := Evaluate(repos, asOf, DefaultConfig())
	m := sc.Dimensions[DimDelivery].Metrics
	// v2: the median over deploying repos. successes: api 4 (day1 ×2, day2, as_of),
	// infra 1 → (1 + 4) ÷ 2 = 2.5 → 2.5 × 7 ÷ 90; web never deployed to production.
	t.Run("deploys_per_week", func(t *testing.T) { checkMetric(t, m[MetricDeploysPerWeek], f64(17.5/90), 2) })
	// distinct days per repo: api day1, day2, as_of's day = 3; infra day1 = 1 → 2 → 14 ÷ 90.
	t.Run("deploy_days_per_week", func(t *testing.T) { checkMetric(t, m[MetricDeployDaysPerWeek], f64(14.0/90), 2) })
	// failed 2 (api, infra) ÷ (2 + 5).
	t.Run("change_failure_rate", func(t *testing.T) { checkMetric(t, m[MetricChangeFailureRate], f64(2.0/7), 7) })

	t.Run("a custom production pattern replaces the default", func(t *testing.T) {
		cfg := DefaultConfig()
		cfg.ProductionPattern = regexp.MustCompile(`^prod-eu$`)
		m := metricAt(t, repos, cfg, MetricDeploysPerWeek)
		// api: prod-eu 1 success; infra: tier production 1 success → median 1 → 7 ÷ 90.
		checkMetric(t, m, f64(7.0/90), 2)
	})
	t.Run("a repo that deployed only before the window scores zero, not missing", func(t *testing.T) {
		old := newRepo("old")
		old.Deployments = []Deployment{dep("production", "success", ago(200*days))}
		checkMetric(t, metricAt(t, []*RepoFacts{old}, DefaultConfig(), MetricDeploysPerWeek), f64(0), 1)
	})
	t.Run("no production deployment leaves delivery without data", func(t *testing.T) {
		sc := Evaluate([]*RepoFacts{never}, asOf, DefaultConfig())
		if d := sc.Dimensions[DimDelivery]; d.Status != StatusInsufficient || d.Level != nil {
			t.Errorf("delivery = %s level %v, want insufficient_data and null", d.Status, d.Level)
		}
	})
}

func TestLeadTimeHours(t *testing.T) {
	r := newRepo("api")
	pr := func(n int, created, merged time.Time, base string) PR {
		return PR{Number: n, Author: "alice", CreatedAt: created, MergedAt: merged, BaseBranch: base}
	}
	r.PRs = []PR{
		pr(1, ago(10*days), ago(9*days), "main"),   // → success at −8d: 48 h
		pr(2, ago(6*days), ago(5*days), "main"),    // failure −4d, success −3d: 72 h
		pr(3, ago(6*days), ago(5*days), "release"), // not the default branch
		pr(4, ago(2*days), ago(1*days), "main"),    // no success after it by as_of
		pr(5, ago(100*days), ago(95*days), "main"), // merged before the window
		{Number: 6, Author: "dependabot[bot]", AuthorIsBot: true, CreatedAt: ago(9 * days), MergedAt: ago(9 * days), BaseBranch: "main"}, // bots count: 24 h
	}
	r.Deployments = []Deployment{
		dep("staging", "success", ago(8*days+hour)),
		dep("production", "success", ago(8*days)),
		dep("production", "failure", ago(4*days)),
		dep("production", "success", ago(3*days)),
		dep("production", "success", asOf.Add(hour)), // after as_of
	}
	// samples 48, 72, 24 → sorted 24, 48, 72 → 48.
	checkMetric(t, metricAt(t, []*RepoFacts{r}, DefaultConfig(), MetricLeadTimeHoursP50), f64(48), 3)
}

func TestRecoveryHours(t *testing.T) {
	r := newRepo("api")
	t0 := ago(10 * days)
	r.Deployments = []Deployment{
		dep("production", "failure", t0),
		{Environment: "eu", EnvironmentTier: "production", CreatedAt: t0.Add(hour), Status: "success"}, // another environment
		dep("production", "success", t0.Add(5*hour)),                                                   // recovers after 5 h
		dep("production", "error", ago(5*days)),                                                        // recovers 2 h later
		dep("production", "success", ago(5*days).Add(2*hour)),                                          // 2 h
		dep("production", "failure", ago(hour)),
		dep("production", "success", asOf.Add(hour)), // after as_of: not seen
	}
	// recovered failures: 5 h and 2 h → (2 + 5) ÷ 2 = 3.5; the last failure has no sample.
	checkMetric(t, metricAt(t, []*RepoFacts{r}, DefaultConfig(), MetricRecoveryHoursP50), f64(3.5), 2)
}
