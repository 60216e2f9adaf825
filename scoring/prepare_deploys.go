package scoring

import (
	"slices"
	"strings"
	"time"
)

// indexDeployments keeps production deployments with an outcome and links each
// failure to the next success in its environment. It returns the successful
// deployments' creation instants, sorted, for lead time.
func indexDeployments(ix *repoIndex, deps []Deployment, cfg Config) []int64 {
	prod := cfg.production()
	type full struct {
		d   deploy
		env string
	}
	var all []full
	for i := range deps {
		d := &deps[i]
		production := prod.MatchString(d.Environment) || strings.EqualFold(d.EnvironmentTier, "production")
		if d.CreatedAt.IsZero() || !production {
			continue
		}
		at := d.CreatedAt.UnixNano()
		ix.prodAt = append(ix.prodAt, at)
		failed, ok := outcome(d)
		if !ok {
			continue // pending: counts nowhere
		}
		all = append(all, full{deploy{at: at, day: utcDay(d.CreatedAt), recover: never, failed: failed}, d.Environment})
	}
	sortInt64s(ix.prodAt)
	slices.SortStableFunc(all, func(a, b full) int { return cmp64(a.d.at, b.d.at) })
	nextSuccess := map[string]int64{}
	var successAt []int64
	for i := len(all) - 1; i >= 0; i-- {
		if all[i].d.failed {
			if at, ok := nextSuccess[all[i].env]; ok {
				all[i].d.recover = at
			}
			continue
		}
		nextSuccess[all[i].env] = all[i].d.at
	}
	ix.deploys = make([]deploy, len(all))
	for i, a := range all {
		ix.deploys[i] = a.d
		if !a.d.failed {
			successAt = append(successAt, a.d.at)
		}
	}
	return successAt
}

// outcome is a deployment's outcome (model v2): its latest status among success,
// failure and error (GitLab: failed). inactive, which GitHub sets on a superseded
// successful deployment, never changes it; with none of them it is pending (ok
// false). Without the status history, the latest status stored decides.
func outcome(d *Deployment) (failed, ok bool) {
	if len(d.Statuses) == 0 {
		return finalState(d.Status)
	}
	var latest time.Time
	for i := range d.Statuses {
		s := &d.Statuses[i]
		f, final := finalState(s.State)
		// Oldest first: on equal times the later entry is the later status.
		if final && (!ok || !s.CreatedAt.Before(latest)) {
			failed, ok, latest = f, true, s.CreatedAt
		}
	}
	return failed, ok
}

func finalState(state string) (failed, ok bool) {
	switch strings.ToLower(state) {
	case "success":
		return false, true
	case "failure", "error", "failed":
		return true, true
	}
	return false, false
}

// utcDay numbers calendar days in UTC.
func utcDay(t time.Time) int64 {
	s := t.Unix()
	d := s / 86400
	if s%86400 < 0 {
		d--
	}
	return d
}
