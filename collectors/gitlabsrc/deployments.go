package gitlabsrc

import (
	"context"
	"fmt"
	"time"

	gitlab "gitlab.com/gitlab-org/api/client-go/v2"

	"github.com/paved-dev/paved/internal/sanitize"
	"github.com/paved-dev/paved/model"
)

// collectDeployments walks deployments updated since the watermark, most
// recently updated first. GitLab shows a deployment's current status only, so
// each one stored also stores "seen in this state at updated_at" as a status;
// a deployment seen running in one pass and finished in the next has both.
// Environment tiers come from the environments API, read once per pass and
// only when deployments changed: deployments name their environment but do
// not carry its tier.
func (r *projectRun) collectDeployments(ctx context.Context) error {
	return walkREST(ctx, r, restSpec[*gitlab.Deployment]{
		resource: model.ResourceDeployments,
		fetch: func(since time.Time, page int64, o ...gitlab.RequestOptionFunc) ([]*gitlab.Deployment, *gitlab.Response, error) {
			opt := &gitlab.ListProjectDeploymentsOptions{
				UpdatedAfter: &since, OrderBy: gitlab.Ptr("updated_at"), Sort: gitlab.Ptr("desc"),
				ListOptions: gitlab.ListOptions{PerPage: r.c.pageSize, Page: page},
			}
			return r.c.gl.Deployments.ListProjectDeployments(r.p.ID, opt, o...)
		},
		updated: func(d *gitlab.Deployment) time.Time { return timeOf(d.UpdatedAt) },
		convert: func(ctx context.Context, deps []*gitlab.Deployment, _ *state) (model.Batch, error) {
			var b model.Batch
			for _, d := range deps {
				dep, err := r.convertDeployment(ctx, d)
				if err != nil {
					return model.Batch{}, err
				}
				b.Deployments = append(b.Deployments, dep)
				b.DeploymentStatuses = append(b.DeploymentStatuses, model.DeploymentStatus{
					Source:            r.c.cfg.Name,
					RepoForgeID:       r.p.ID,
					DeploymentForgeID: d.ID,
					ForgeID:           statusForgeID(d.ID, dep.Status),
					State:             dep.Status,
					CreatedAt:         dep.StatusAt,
				})
			}
			return b, nil
		},
	})
}

func (r *projectRun) convertDeployment(ctx context.Context, d *gitlab.Deployment) (model.Deployment, error) {
	dep := model.Deployment{
		Source:      r.c.cfg.Name,
		RepoForgeID: r.p.ID,
		ForgeID:     d.ID,
		Ref:         sanitize.Line(d.Ref, sanitize.MaxName),
		SHA:         sanitize.Line(d.SHA, sanitize.MaxName),
		CreatedAt:   timeOf(d.CreatedAt),
		Status:      deploymentState(d.Status),
		StatusAt:    timeOf(d.UpdatedAt),
	}
	if d.Environment == nil {
		return dep, nil
	}
	dep.Environment = sanitize.Line(d.Environment.Name, sanitize.MaxName)
	tier := d.Environment.Tier
	if tier == "" {
		tiers, err := r.environmentTiers(ctx)
		if err != nil {
			return model.Deployment{}, fmt.Errorf("environments: %w", err)
		}
		tier = tiers[d.Environment.Name]
	}
	dep.EnvironmentTier = sanitize.Line(tier, sanitize.MaxName)
	return dep, nil
}

// environmentTiers maps the project's environment names to their tiers,
// fetched once per pass.
func (r *projectRun) environmentTiers(ctx context.Context) (map[string]string, error) {
	if r.tiers != nil {
		return r.tiers, nil
	}
	tiers := map[string]string{}
	opt := &gitlab.ListEnvironmentsOptions{ListOptions: gitlab.ListOptions{PerPage: r.c.pageSize, Page: 1}}
	err := eachPage(ctx, r.c, "environments", &opt.Page,
		func(o ...gitlab.RequestOptionFunc) ([]*gitlab.Environment, *gitlab.Response, error) {
			return r.c.gl.Environments.ListEnvironments(r.p.ID, opt, o...)
		},
		func(envs []*gitlab.Environment) bool {
			for _, e := range envs {
				tiers[e.Name] = e.Tier
			}
			return false
		})
	if err != nil {
		return nil, err
	}
	r.tiers = tiers
	return tiers, nil
}
