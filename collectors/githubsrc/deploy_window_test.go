package githubsrc

import (
	"regexp"
	"testing"
	"time"

	"github.com/google/go-github/v60/github"
	"github.com/paved-dev/paved/collectors"
)

// A first walk of deployments stops at the 98-day window once a page shows a
// production deployment at or before the baseline instant (a week before now)
// and not older than where the walk stops; otherwise it goes on towards a year.
func TestFirstDeploymentsWalkStopsAtTheWindowOnceTheRepoDeploys(t *testing.T) {
	now := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	r := &repoRun{RepoRun: &collectors.RepoRun{Now: now}, c: &Collector{cfg: collectors.SourceConfig{Production: regexp.MustCompile(`(?i)^prod(uction)?$`)}}}
	dep := func(env string, daysAgo float64) *github.Deployment {
		return &github.Deployment{Environment: github.String(env),
			CreatedAt: &github.Timestamp{Time: now.Add(-time.Duration(daysAgo * 24 * float64(time.Hour)))}}
	}
	stop := now.Add(-373 * 24 * time.Hour)
	sp := spec[*github.Deployment]{order: func(d *github.Deployment) time.Time { return d.GetCreatedAt().Time },
		enough: r.deploysToProductionBefore(now.Add(-collectors.Week))}
	tests := []struct {
		name string
		page []*github.Deployment
		want bool
	}{
		{"production 8 days ago", []*github.Deployment{dep("staging", 1), dep("production", 8)}, true},
		{"production exactly a week ago", []*github.Deployment{dep("Prod", 7)}, true},
		{"production only within the last week", []*github.Deployment{dep("production", 2), dep("staging", 30)}, false},
		{"no production at all", []*github.Deployment{dep("staging", 10), dep("preview", 200)}, false},
		{"production 200 days ago", []*github.Deployment{dep("staging", 100), dep("production", 200)}, true},
		{"production only past the stop", []*github.Deployment{dep("staging", 300), dep("production", 400)}, false},
		{"empty page", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := anyEnough(tt.page, sp, stop); got != tt.want {
				t.Errorf("anyEnough = %v, want %v", got, tt.want)
			}
		})
	}
	if (&repoRun{c: &Collector{}}).deploysToProductionBefore(now) != nil {
		t.Error("without a production pattern every repo's deployments should be read for a year")
	}
}
