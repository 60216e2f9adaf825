package scoring

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// maxContributors bounds the repos listed under one next step.
const maxContributors = 5

// nextSteps lists the unmet criteria of the level above the dimension's, each with
// its gap and the repos holding it back.
func (e *engine) nextSteps(dim Dimension, scope []int) []NextStep {
	out := []NextStep{}
	if dim.Level == nil || *dim.Level >= 4 {
		return out
	}
	for _, c := range dim.Criteria {
		if c.Level != *dim.Level+1 || c.Result != ResultUnmet {
			continue
		}
		g := gap(c.Op, *c.Value, c.Threshold)
		out = append(out, NextStep{
			Level: c.Level, Metric: c.Metric, Op: c.Op, Threshold: c.Threshold,
			Value: c.Value, Gap: &g,
			Repos: e.contributors(c.Metric, c.Threshold, scope),
		})
	}
	return out
}

// contribution is how much one repo holds a metric back: count of misses out of
// total, described for a person.
type contribution struct {
	count, total int
	detail       string
	ok           bool
}

// contributors ranks the scope's repos by how much they hold the metric back.
// For the delivery rates, which grow with every deployment, the deploying repos
// with the fewest come first.
func (e *engine) contributors(metric string, threshold float64, scope []int) []RepoContribution {
	ascending := metric == MetricDeploysPerWeek || metric == MetricDeployDaysPerWeek
	type ranked struct {
		ix *repoIndex
		c  contribution
	}
	var all []ranked
	for _, i := range scope {
		c := e.contribution(metric, threshold, &e.windows[i])
		if c.ok {
			all = append(all, ranked{e.repos[i], c})
		}
	}
	slices.SortFunc(all, func(a, b ranked) int {
		if a.c.count != b.c.count {
			if ascending {
				return a.c.count - b.c.count
			}
			return b.c.count - a.c.count
		}
		return strings.Compare(a.ix.id, b.ix.id)
	})
	out := make([]RepoContribution, 0, min(len(all), maxContributors))
	for _, r := range all[:min(len(all), maxContributors)] {
		out = append(out, RepoContribution{
			Repo: r.ix.id, Source: r.ix.facts.Source, FullName: r.ix.facts.FullName,
			Count: r.c.count, Detail: r.c.detail,
		})
	}
	return out
}

func misses(bad, total int, format string) contribution {
	return contribution{bad, total, fmt.Sprintf(format, bad, total), bad > 0}
}

func (e *engine) contribution(metric string, t float64, w *repoWindow) contribution {
	over := func(k int, unit time.Duration) (int, int) {
		s := w.spans[k]
		limit := int64(t * float64(unit))
		n := 0
		for _, d := range e.ar[k][s.lo:s.hi] {
			if d > limit {
				n++
			}
		}
		return n, s.hi - s.lo
	}
	switch metric {
	case MetricCICoverage:
		if w.active && !w.ciRun {
			return contribution{1, 1, "no pipeline run on the default branch in the window", true}
		}
	case MetricPRCICoverage:
		return misses(w.merged-w.mergedRun, w.merged, "%d of %d merged PRs had no pipeline run")
	case MetricFirstAttempt:
		return misses(w.completed-w.firstOK, w.completed, "%d of %d completed default-branch runs did not succeed on the first attempt")
	case MetricPipelineMinutesP50:
		n, of := over(durPipeline, time.Minute)
		return misses(n, of, "%d of %d default-branch runs took longer than "+num(t)+" minutes")
	case MetricScanCoverage:
		if w.active && w.cats == 0 {
			return contribution{1, 1, "no sast, sca or secret scan in the window", true}
		}
	case MetricFullScanCoverage:
		if missing := AllScanCategories &^ w.cats; w.active && missing != 0 {
			return contribution{missing.Count(), numScanCats, "no " + strings.Join(missing.Names(), ", ") + " scan in the window", true}
		}
	case MetricPRScanCoverage:
		return misses(w.merged-w.mergedScan, w.merged, "%d of %d merged PRs ran no scan job")
	case MetricEscapedPer100PRs:
		return contribution{w.escaped, w.escaped, fmt.Sprintf("%d critical/high sast or secret findings created in the window", w.escaped), w.escaped > 0}
	case MetricSLACriticalHigh:
		return misses(w.dueCH-w.metCH, w.dueCH, "%d of %d critical/high findings due in the window missed their SLA")
	case MetricSLAMedium:
		return misses(w.dueMed-w.metMed, w.dueMed, "%d of %d medium findings due in the window missed their SLA")
	case MetricMTTRCriticalDaysP50:
		n, of := over(durMTTR, 24*time.Hour)
		return misses(n, of, "%d of %d critical fixes took longer than "+num(t)+" days")
	case MetricOverdueCriticalHigh:
		return misses(w.overdue, w.openCH, "%d of %d open critical/high findings are past due")
	case MetricRiskAcceptedShare:
		return misses(w.riskAccepted, w.closed, "%d of %d closed findings were risk-accepted")
	case MetricReviewedShare:
		return misses(w.human-w.approved, w.human, "%d of %d human PRs were merged without approval by another person")
	case MetricPickupHoursP50, MetricPickupHoursP90:
		n, of := over(durPickup, time.Hour)
		return misses(n, of, "%d of %d reviewed PRs waited longer than "+num(t)+" hours for a first review")
	case MetricMergeHoursP50:
		n, of := over(durMerge, time.Hour)
		return misses(n, of, "%d of %d human PRs took longer than "+num(t)+" hours to merge")
	case MetricDeploysPerWeek:
		if w.deploysEver {
			return contribution{w.success, w.success, fmt.Sprintf("%d successful production deployment(s) in the window", w.success), true}
		}
	case MetricDeployDaysPerWeek:
		if w.deploysEver {
			n := w.deployDays()
			return contribution{n, n, fmt.Sprintf("%d day(s) with a successful production deployment in the window", n), true}
		}
	case MetricLeadTimeHoursP50:
		n, of := over(durLead, time.Hour)
		return misses(n, of, "%d of %d merged PRs took longer than "+num(t)+" hours to reach production")
	case MetricChangeFailureRate:
		return misses(w.failed, w.failed+w.success, "%d of %d production deployments failed")
	case MetricRecoveryHoursP50:
		n, _ := over(durRecovery, time.Hour)
		s := w.spans[durRecovery]
		n += w.failed - (s.hi - s.lo) // not recovered by as_of
		return misses(n, w.failed, "%d of %d failed production deployments took longer than "+num(t)+" hours to recover, or have not")
	}
	return contribution{}
}

// num formats a threshold the way a person writes it: 24, 0.5, 7.
func num(v float64) string { return strings.TrimSuffix(fmt.Sprintf("%g", v), ".0") }
