package scoring

import (
	"fmt"
	"slices"
	"strings"
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
// Each metric's file says how a repo holds it back and in which order.
func (s *snapshot) contributors(metric string, threshold float64, scope []int) []RepoContribution {
	def := metricDefs[metric]
	if def.holdsBack == nil {
		return []RepoContribution{}
	}
	type ranked struct {
		ix *repoIndex
		c  contribution
	}
	all := make([]ranked, 0, len(scope))
	for _, i := range scope {
		r := repoView{repoWindow: &s.windows[i], ar: &s.ar, unit: def.unit, threshold: threshold}
		if c := def.holdsBack(r); c.ok {
			all = append(all, ranked{s.e.repos[i], c})
		}
	}
	slices.SortFunc(all, func(a, b ranked) int {
		if a.c.count != b.c.count {
			if def.fewestFirst {
				return a.c.count - b.c.count
			}
			return b.c.count - a.c.count
		}
		return strings.Compare(a.ix.id, b.ix.id)
	})
	out := make([]RepoContribution, 0, min(len(all), maxContributors))
	for _, r := range all[:min(len(all), maxContributors)] {
		out = append(out, RepoContribution{
			Repo: r.ix.id, Source: r.ix.meta.Source, FullName: r.ix.meta.FullName,
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

// repoView is one repo's window as a next step reads it, with the unit and
// threshold of the criterion the step is about.
type repoView struct {
	*repoWindow
	ar        *arenas
	unit      Unit
	threshold float64
}

// over counts the repo's durations of kind k above the threshold, and all of them.
func (r repoView) over(k int) (n, of int) {
	sp := r.spans[k]
	limit := int64(r.threshold * float64(r.unit.scale()))
	for _, d := range r.ar[k][sp.lo:sp.hi] {
		if d > limit {
			n++
		}
	}
	return n, sp.hi - sp.lo
}

// slowerThan names the repo's durations of kind k above the threshold; format
// takes %[1]d slow, %[2]d all, %[3]s the threshold.
func slowerThan(k int, format string) func(repoView) contribution {
	return func(r repoView) contribution {
		n, of := r.over(k)
		return misses(n, of, format)
	}
}

// num formats a threshold the way a person writes it: 24, 0.5, 7.
func num(v float64) string { return fmt.Sprintf("%g", v) }
