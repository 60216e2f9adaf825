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
				}
				d.dur, d.hasDur = executionTime(run)
			}
		}
		ix.defRuns = append(ix.defRuns, d)
	}
	sortInt64s(ix.runAt)
	if !slices.IsSortedFunc(ix.defRuns, func(a, b defRun) int { return cmp64(a.at, b.at) }) {
		slices.SortStableFunc(ix.defRuns, func(a, b defRun) int { return cmp64(a.at, b.at) })
	}
}

// executionTime is a completed run's duration (model v2): the forge's own
// duration when it gives one (GitLab), else from the start of the latest attempt
// (GitHub run_started_at) to completion, else, for rows stored before the start
// was known, from creation to completion. Queue time before the start is not
// duration, and a re-run is never timed from the first attempt's creation.
func executionTime(run *Run) (int64, bool) {
	switch {
	case run.Duration > 0:
		return int64(run.Duration), true
	case run.CompletedAt.IsZero():
		return 0, false
	case !run.StartedAt.IsZero():
		return max(0, run.CompletedAt.UnixNano()-run.StartedAt.UnixNano()), true
	case !run.CreatedAt.IsZero():
		return max(0, run.CompletedAt.UnixNano()-run.CreatedAt.UnixNano()), true
	}
	return 0, false
}

// runScans is each run's scan categories: those detected in its jobs, merged with
// those its workflow or pipeline name marks (model v2). Runs of one workflow share
// a name, so each distinct name is matched once.
func runScans(runs []Run, names runNames) []Categories {
	out := make([]Categories, len(runs))
	var seen map[string]Categories
	for i := range runs {
		run := &runs[i]
		c := run.Scans & AllScanCategories
		if run.Name != "" {
			byName, ok := seen[run.Name]
			if !ok {
				if seen == nil {
					seen = map[string]Categories{}
				}
				byName = names.of(run.Name)
				seen[run.Name] = byName
			}
			c |= byName
		}
		out[i] = c
	}
	return out
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

// indexScanSignals keeps the evidence of a scan in the window: a scan run, a
// finding created or changing state, an analysis upload, or an "enabled"
// observation of Dependabot alerts or secret scanning. Code scanning merely set
// up is not a scan (model v2): its observations say nothing about the window.
func indexScanSignals(ix *repoIndex, r *RepoFacts, scans []Categories) {
	add := func(c Categories, at int64) {
		for i := range numScanCats {
			if c&(1<<i) != 0 && at != never {
				ix.scanAt[i] = append(ix.scanAt[i], at)
			}
		}
	}
	for i := range r.Runs {
		if scans[i] != 0 {
			add(scans[i], nanos(r.Runs[i].CreatedAt))
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
		if f := featureOf(Categories(1 << i)); f != "" {
			ix.scanOn[i] = enabledIntervals(r.Observations, f)
		}
	}
}

// featureOf is the forge feature whose "enabled" observation counts as the
// category in the window; sast has none (code scanning set up is not a scan).
func featureOf(c Categories) string {
	switch c {
	case CatSCA:
		return model.FeatureDependabotAlerts
	case CatSecret:
		return model.FeatureSecretScanning
	}
	return ""
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
