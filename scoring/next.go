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
func (s *snapshot) nextSteps(dim Dimension, scope []int) []NextStep {
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
			Repos: s.contributors(c.Metric, c.Threshold, scope),
		})
	}
	return out
}

// contribution is how much one repo holds a metric back: count misses out of
// total. format renders it with %[1]d = count, %[2]d = total, %[3]s = the
// threshold or the missing scan categories; it is only rendered for the repos shown.
type contribution struct {
	count, total int
	format       string
	missing      Categories
	ok           bool
}

// contributors ranks the scope's repos by how much they hold the metric back.
// For the delivery rates, which grow with every deployment, the deploying repos
// with the fewest come first.
func (s *snapshot) contributors(metric string, threshold float64, scope []int) []RepoContribution {
	ascending := metric == MetricDeploysPerWeek || metric == MetricDeployDaysPerWeek
	type ranked struct {
		ix *repoIndex
		c  contribution
	}
	all := make([]ranked, 0, len(scope))
	for _, i := range scope {
		if c := s.contribution(metric, threshold, &s.windows[i]); c.ok {
			all = append(all, ranked{s.e.repos[i], c})
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
			Count: r.c.count, Detail: r.c.render(threshold),
		})
	}
	return out
}

func (c contribution) render(threshold float64) string {
	if !strings.Contains(c.format, "%") {
		return c.format
	}
	arg := num(threshold)
	if c.missing != 0 {
		arg = strings.Join(c.missing.Names(), ", ")
	}
	return fmt.Sprintf(c.format, c.count, c.total, arg)
}

func misses(bad, total int, format string) contribution {
	return contribution{count: bad, total: total, format: format, ok: bad > 0}
}

func (s *snapshot) contribution(metric string, t float64, w *repoWindow) contribution {
	over := func(k int, unit time.Duration) (int, int) {
		sp := w.spans[k]
		limit := int64(t * float64(unit))
		n := 0
		for _, d := range s.ar[k][sp.lo:sp.hi] {
			if d > limit {
				n++
			}
		}
		return n, sp.hi - sp.lo
	}
	switch metric {
	case MetricCICoverage:
		if w.active && !w.ciRun {
			return misses(1, 1, "no pipeline run on the default branch in the window")
		}
	case MetricPRCICoverage:
		return misses(w.merged-w.mergedRun, w.merged, "%[1]d of %[2]d merged PRs had no pipeline run")
	case MetricFirstAttempt:
		return misses(w.completed-w.firstOK, w.completed, "%[1]d of %[2]d completed default-branch runs did not succeed on the first attempt")
	case MetricPipelineMinutesP50:
		n, of := over(durPipeline, time.Minute)
		return misses(n, of, "%[1]d of %[2]d default-branch runs took longer than %[3]s minutes")
	case MetricScanCoverage:
		if w.active && w.cats == 0 {
			return misses(1, 1, "no sast, sca or secret scan in the window")
		}
	case MetricFullScanCoverage:
		if missing := AllScanCategories &^ w.cats; w.active && missing != 0 {
			c := misses(missing.Count(), numScanCats, "no %[3]s scan in the window")
			c.missing = missing
			return c
		}
	case MetricPRScanCoverage:
		return misses(w.merged-w.mergedScan, w.merged, "%[1]d of %[2]d merged PRs ran no scan job")
	case MetricEscapedPer100PRs:
		return misses(w.escaped, w.escaped, "%[1]d critical/high sast or secret findings created in the window")
	case MetricSLACriticalHigh:
		return misses(w.dueCH-w.metCH, w.dueCH, "%[1]d of %[2]d critical/high findings due in the window missed their SLA")
	case MetricSLAMedium:
		return misses(w.dueMed-w.metMed, w.dueMed, "%[1]d of %[2]d medium findings due in the window missed their SLA")
	case MetricMTTRCriticalDaysP50:
		n, of := over(durMTTR, 24*time.Hour)
		return misses(n, of, "%[1]d of %[2]d critical fixes took longer than %[3]s days")
	case MetricOverdueCriticalHigh:
		return misses(w.overdue, w.openCH, "%[1]d of %[2]d open critical/high findings are past due")
	case MetricRiskAcceptedShare:
		return misses(w.riskAccepted, w.closed, "%[1]d of %[2]d closed findings were risk-accepted")
	case MetricReviewedShare:
		return misses(w.human-w.approved, w.human, "%[1]d of %[2]d human PRs were merged without approval by another person")
	case MetricPickupHoursP50, MetricPickupHoursP90:
		n, of := over(durPickup, time.Hour)
		return misses(n, of, "%[1]d of %[2]d reviewed PRs waited longer than %[3]s hours for a first review")
	case MetricMergeHoursP50:
		n, of := over(durMerge, time.Hour)
		return misses(n, of, "%[1]d of %[2]d human PRs took longer than %[3]s hours to merge")
	case MetricDeploysPerWeek:
		if w.deploysEver {
			return contribution{count: w.success, total: w.success, ok: true,
				format: "%[1]d successful production deployment(s) in the window"}
		}
	case MetricDeployDaysPerWeek:
		if w.deploysEver {
			n := w.deployDays()
			return contribution{count: n, total: n, ok: true,
				format: "%[1]d day(s) with a successful production deployment in the window"}
		}
	case MetricLeadTimeHoursP50:
		n, of := over(durLead, time.Hour)
		return misses(n, of, "%[1]d of %[2]d merged PRs took longer than %[3]s hours to reach production")
	case MetricChangeFailureRate:
		return misses(w.failed, w.failed+w.success, "%[1]d of %[2]d production deployments failed")
	case MetricRecoveryHoursP50:
		n, _ := over(durRecovery, time.Hour)
		sp := w.spans[durRecovery]
		n += w.failed - (sp.hi - sp.lo) // not recovered by as_of
		return misses(n, w.failed, "%[1]d of %[2]d failed production deployments took longer than %[3]s hours to recover, or have not")
	}
	return contribution{}
}

// num formats a threshold the way a person writes it: 24, 0.5, 7.
func num(v float64) string { return fmt.Sprintf("%g", v) }
