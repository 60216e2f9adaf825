package scoring

import (
	"slices"
	"strings"

	"github.com/paved-dev/paved/model"
)

func indexRuns(ix *repoIndex, r *RepoFacts) {
	ix.runAt = make([]int64, 0, len(r.Runs))
	nDefault := 0
	for i := range r.Runs {
		if isDefaultBranchRun(&r.Runs[i], r.DefaultBranch) {
			nDefault++
		}
	}
	ix.defRuns = make([]defRun, 0, nDefault)
	for i := range r.Runs {
		run := &r.Runs[i]
		at := nanos(run.CreatedAt)
		ix.runAt = append(ix.runAt, at)
		if !isDefaultBranchRun(run, r.DefaultBranch) {
			continue
		}
		d := defRun{at: at, done: never}
		if strings.EqualFold(run.Status, "completed") {
			switch strings.ToLower(run.Conclusion) {
			case "cancelled", "canceled", "skipped", "":
			default:
				d.counted = true
				d.firstOK = strings.EqualFold(run.Conclusion, "success") && run.Attempt <= 1
				d.done = at
				if !run.CompletedAt.IsZero() {
					d.done = max(at, run.CompletedAt.UnixNano())
					d.dur, d.hasDur = d.done-at, true
				}
			}
		}
		ix.defRuns = append(ix.defRuns, d)
	}
	sortInt64s(ix.runAt)
	if !slices.IsSortedFunc(ix.defRuns, func(a, b defRun) int { return cmp64(a.at, b.at) }) {
		slices.SortStableFunc(ix.defRuns, func(a, b defRun) int { return cmp64(a.at, b.at) })
	}
}

func isDefaultBranchRun(run *Run, defaultBranch string) bool {
	return run.HeadBranch == defaultBranch && defaultBranch != "" && !isPREvent(run.Event)
}

// isPREvent reports runs triggered by a PR: their head branch is the PR's source
// branch, which can be named like the default branch (a fork's main).
func isPREvent(event string) bool {
	switch event {
	case "pull_request", "pull_request_target", "merge_request_event":
		return true
	}
	return false
}

func indexScanSignals(ix *repoIndex, r *RepoFacts) {
	add := func(c Categories, at int64) {
		for i := range numScanCats {
			if c&(1<<i) != 0 && at != never {
				ix.scanAt[i] = append(ix.scanAt[i], at)
			}
		}
	}
	for i := range r.Runs {
		if s := r.Runs[i].Scans & AllScanCategories; s != 0 {
			add(s, nanos(r.Runs[i].CreatedAt))
		}
	}
	for i := range r.Findings {
		f := &r.Findings[i]
		c := model.CategoryOf(strings.ToLower(f.Category))
		add(c, nanos(f.CreatedAt))
		add(c, nanos(f.ResolvedAt))
	}
	for _, a := range r.Analyses {
		add(model.CategoryOf(strings.ToLower(a.Category)), nanos(a.CreatedAt))
	}
	for i := range numScanCats {
		sortInt64s(ix.scanAt[i])
		ix.scanOn[i] = enabledIntervals(r.Observations, featureOf(Categories(1<<i)))
	}
}

func featureOf(c Categories) string {
	switch c {
	case CatSAST:
		return model.FeatureCodeScanning
	case CatSCA:
		return model.FeatureDependabotAlerts
	default:
		return model.FeatureSecretScanning
	}
}

// enabledIntervals turns observations of one feature into the intervals it held:
// from the first "enabled" seen until the next "disabled" seen, open-ended if none.
func enabledIntervals(obs []Observation, feature string) []interval {
	var mine []Observation
	for _, o := range obs {
		if o.Feature == feature && !o.ObservedAt.IsZero() {
			mine = append(mine, o)
		}
	}
	slices.SortStableFunc(mine, func(a, b Observation) int { return a.ObservedAt.Compare(b.ObservedAt) })
	var out []interval
	on := false
	for _, o := range mine {
		at := o.ObservedAt.UnixNano()
		switch {
		case o.Enabled && !on:
			out = append(out, interval{at, never})
			on = true
		case !o.Enabled && on:
			out[len(out)-1].to = at
			on = false
		}
	}
	return out
}
