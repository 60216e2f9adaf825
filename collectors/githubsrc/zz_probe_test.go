package githubsrc

import (
	"os"
	"testing"

	"github.com/paved-dev/paved/fixtures/simorg"
)

func TestZZProbeLarge(t *testing.T) {
	if os.Getenv("PROBE") == "" {
		t.Skip()
	}
	org := simorg.Generate(1, simorg.ScaleLarge, simNow)
	gt := org.GroundTruth("github")
	t.Logf("gt %v", gt)
	var deps, prs, reviews, stat, depsOver, prsOver, prOver30, depOver30, repos, reposDeps int64
	lookbackStart := simNow.Add(-lookback)
	var old int64
	for _, r := range org.Repos(simorg.ForgeGitHub) {
		d := org.Data(r)
		repos++
		if len(d.Deployments) > 0 {
			reposDeps++
		}
		for _, p := range d.Pulls {
			prs++
			reviews += int64(len(p.Reviews))
			if len(p.Reviews) > 100 {
				prsOver++
			}
			if len(p.Reviews) > 30 {
				prOver30++
			}
			if p.UpdatedAt.Before(lookbackStart) {
				old++
			}
		}
		for _, dp := range d.Deployments {
			deps++
			stat += int64(len(dp.Statuses))
			if len(dp.Statuses) > 100 {
				depsOver++
			}
			if len(dp.Statuses) > 30 {
				depOver30++
			}
		}
	}
	t.Logf("repos %d reposWithDeps %d prs %d reviews %d (>100: %d, >30: %d, old %d) deps %d statuses %d (>100: %d, >30 %d)",
		repos, reposDeps, prs, reviews, prsOver, prOver30, old, deps, stat, depsOver, depOver30)
}
