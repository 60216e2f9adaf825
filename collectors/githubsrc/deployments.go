package githubsrc

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/google/go-github/v60/github"
	"github.com/paved-dev/paved/collectors"
	"github.com/paved-dev/paved/internal/sanitize"
	"github.com/paved-dev/paved/model"
)

// deployLookback is how far behind the watermark a pass still looks for
// deployments whose status may have moved on (they are listed by creation).
const deployLookback = 7 * 24 * time.Hour

// maxPending bounds the unfinished deployments remembered between passes.
const maxPending = 200

// collectDeployments walks deployments newest first. Statuses are fetched, a
// page at a time (graphql_statuses.go), for deployments updated since the
// watermark (new ones included) and for those whose latest status was not
// final last time; the latest status is folded into the deployment.
func (r *repoRun) collectDeployments(ctx context.Context) error {
	var pending map[int64]bool
	var stillPending []int64
	var watermark time.Time
	_, err := walk(ctx, r, spec[*github.Deployment]{
		resource: model.ResourceDeployments,
		fetch: func(ctx context.Context, page string) ([]*github.Deployment, *github.Response, error) {
			opt := &github.DeploymentsListOptions{ListOptions: listOptions(page)}
			var deps []*github.Deployment
			resp, err := r.getJSON(ctx, "deployments", opt, &deps)
			return deps, resp, err
		},
		order:     func(d *github.Deployment) time.Time { return d.GetCreatedAt().Time },
		mark:      func(d *github.Deployment) time.Time { return d.GetUpdatedAt().Time },
		cheapPage: true,
		enough:    r.deploysToProductionBefore(r.Now.Add(-collectors.Week)),
		stopBefore: func(w time.Time) time.Time {
			watermark = w
			return w.Add(-deployLookback)
		},
		convert: func(ctx context.Context, deps []*github.Deployment, st *state) (model.Batch, error) {
			if pending == nil {
				pending = map[int64]bool{}
				for _, id := range st.Pending {
					pending[id] = true
				}
			}
			var changed []*github.Deployment
			for _, d := range deps {
				if !watermark.IsZero() && d.GetUpdatedAt().Before(watermark) && !pending[d.GetID()] {
					continue // unchanged since last pass
				}
				changed = append(changed, d)
			}
			statuses, err := r.pageStatuses(ctx, changed)
			if err != nil {
				return model.Batch{}, err
			}
			var b model.Batch
			for i, d := range changed {
				dep := r.convertDeployment(d)
				latest := statuses[i].latest
				if latest == nil {
					latest = latestStatus(statuses[i].statuses)
				}
				if latest != nil {
					dep.Status, dep.StatusAt = latest.State, latest.CreatedAt
				}
				if !final(dep.Status) {
					stillPending = append(stillPending, d.GetID())
				}
				b.Deployments = append(b.Deployments, dep)
				b.DeploymentStatuses = append(b.DeploymentStatuses, statuses[i].statuses...)
			}
			return b, nil
		},
		finish: func(st *state, _ *model.Batch, out outcome) {
			if out != outChanged {
				return
			}
			// Remember the newest unfinished ones; older ones age out of the walk.
			slices.Sort(stillPending)
			slices.Reverse(stillPending)
			st.Pending = slices.Compact(stillPending)
			if len(st.Pending) > maxPending {
				st.Pending = st.Pending[:maxPending]
			}
		},
	})
	return err
}

func final(state string) bool {
	switch state {
	case "success", "failure", "error", "inactive":
		return true
	}
	return false
}

func latestStatus(statuses []model.DeploymentStatus) *model.DeploymentStatus {
	var latest *model.DeploymentStatus
	for i := range statuses {
		s := &statuses[i]
		if latest == nil || s.CreatedAt.After(latest.CreatedAt) ||
			(s.CreatedAt.Equal(latest.CreatedAt) && s.ForgeID > latest.ForgeID) {
			latest = s
		}
	}
	return latest
}

func (r *repoRun) convertDeployment(d *github.Deployment) model.Deployment {
	return model.Deployment{
		Source:      r.c.cfg.Name,
		RepoForgeID: r.repo.ID,
		ForgeID:     d.GetID(),
		Environment: sanitize.Line(d.GetEnvironment(), sanitize.MaxName),
		Ref:         sanitize.Line(d.GetRef(), sanitize.MaxName),
		SHA:         sanitize.Line(d.GetSHA(), sanitize.MaxName),
		CreatedAt:   d.GetCreatedAt().Time,
	}
}

func (r *repoRun) fetchStatuses(ctx context.Context, deployment int64) ([]model.DeploymentStatus, error) {
	var out []model.DeploymentStatus
	opt := &github.ListOptions{PerPage: perPage}
	_, _, err := listPages(ctx, r.c, "deployment statuses", "", &opt.Page,
		func(ctx context.Context) ([]*github.DeploymentStatus, *github.Response, error) {
			var statuses []*github.DeploymentStatus
			resp, err := r.getJSON(ctx, fmt.Sprintf("deployments/%d/statuses", deployment), opt, &statuses)
			return statuses, resp, err
		},
		func(statuses []*github.DeploymentStatus) {
			for _, s := range statuses {
				out = append(out, r.convertStatus(deployment, s))
			}
		})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func (r *repoRun) convertStatus(deployment int64, s *github.DeploymentStatus) model.DeploymentStatus {
	return model.DeploymentStatus{
		Source:            r.c.cfg.Name,
		RepoForgeID:       r.repo.ID,
		DeploymentForgeID: deployment,
		ForgeID:           s.GetID(),
		State:             sanitize.Line(s.GetState(), sanitize.MaxName),
		CreatedAt:         s.GetCreatedAt().Time,
	}
}

// deploysToProductionBefore is spec.enough for deployments: a production
// deployment created at or before t (the baseline instant, a week before the
// latest scorecard) makes the repo a deploying repo at both instants of a first
// scorecard, so older deployments can wait for history. Nil without a
// production pattern.
func (r *repoRun) deploysToProductionBefore(t time.Time) func(*github.Deployment) bool {
	prod := r.c.cfg.Production
	if prod == nil {
		return nil
	}
	return func(d *github.Deployment) bool {
		return !d.GetCreatedAt().After(t) && prod.MatchString(d.GetEnvironment())
	}
}
