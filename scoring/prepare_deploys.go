package scoring

import (
	"slices"
	"strings"
	"time"
)

// indexDeployments keeps production deployments with a final outcome and links
// each failure to the next success in its environment. It returns the successful
// deployments' creation instants, sorted, for lead time.
func indexDeployments(ix *repoIndex, deps []Deployment, cfg Config) []int64 {
	prod := cfg.production()
	type full struct {
		d   deploy
		env string
	}
	var all []full
	ix.firstProd = never
	for i := range deps {
		d := &deps[i]
		if d.CreatedAt.IsZero() || !(prod.MatchString(d.Environment) || strings.EqualFold(d.EnvironmentTier, "production")) {
			continue
		}
		at := d.CreatedAt.UnixNano()
		ix.firstProd = min(ix.firstProd, at)
		var failed bool
		switch strings.ToLower(d.Status) {
		case "success":
		case "failure", "error", "failed":
			failed = true
		default:
			continue // pending, in progress, inactive, ...: counts nowhere
		}
		all = append(all, full{deploy{at: at, day: utcDay(d.CreatedAt), recover: never, failed: failed}, d.Environment})
	}
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

// utcDay numbers calendar days in UTC.
func utcDay(t time.Time) int64 {
	s := t.Unix()
	d := s / 86400
	if s%86400 < 0 {
		d--
	}
	return d
}
