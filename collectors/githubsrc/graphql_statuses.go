package githubsrc

import (
	"context"
	"fmt"
	"hash/fnv"
	"strings"
	"time"

	"github.com/google/go-github/v60/github"
	"github.com/paved-dev/paved/internal/sanitize"
	"github.com/paved-dev/paved/model"
)

// statusesQuery asks for the statuses of up to 100 deployments by node ID,
// with GitHub's own latest status (kept on the deployment even after older
// statuses expire).
const statusesQuery = `query($ids:[ID!]!){nodes(ids:$ids){... on Deployment{latestStatus{state createdAt} ` +
	`statuses(first:100){totalCount nodes{id state createdAt}}}}}`

type gqlStatus struct {
	ID        string     `json:"id"`
	State     string     `json:"state"`
	CreatedAt *time.Time `json:"createdAt"`
}

// gqlDeployment is a deployment as statusesQuery reads it.
type gqlDeployment struct {
	LatestStatus *gqlStatus `json:"latestStatus"`
	Statuses     *struct {
		TotalCount int          `json:"totalCount"`
		Nodes      []*gqlStatus `json:"nodes"`
	} `json:"statuses"`
}

// deploymentStatuses is one deployment's statuses and, when GraphQL said, its latest.
type deploymentStatuses struct {
	statuses []model.DeploymentStatus
	latest   *model.DeploymentStatus
}

// pageStatuses returns the statuses of each deployment, in order: from
// GraphQL where it can answer in full, from REST for the rest.
func (r *repoRun) pageStatuses(ctx context.Context, deps []*github.Deployment) ([]deploymentStatuses, error) {
	out := make([]deploymentStatuses, len(deps))
	err := byNode(ctx, r.c, len(deps), func(i int) string { return deps[i].GetNodeID() }, "graphql deployment statuses", statusesQuery,
		func(i int, n *gqlDeployment) bool {
			if n == nil || n.Statuses == nil || n.Statuses.TotalCount != len(n.Statuses.Nodes) {
				return false // unresolved, or more than a page: REST
			}
			res, ok := r.convertGraphQLStatuses(deps[i].GetID(), n.LatestStatus, n.Statuses.Nodes)
			out[i] = res
			return ok
		},
		func(i int) error {
			statuses, err := r.fetchStatuses(ctx, deps[i].GetID())
			if err != nil {
				return fmt.Errorf("statuses of deployment %d: %w", deps[i].GetID(), err)
			}
			out[i] = deploymentStatuses{statuses: statuses}
			return nil
		})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func (r *repoRun) convertGraphQLStatuses(deployment int64, latest *gqlStatus, nodes []*gqlStatus) (deploymentStatuses, bool) {
	convert := func(s *gqlStatus) (model.DeploymentStatus, bool) {
		if s == nil || s.ID == "" || s.CreatedAt == nil {
			return model.DeploymentStatus{}, false
		}
		return model.DeploymentStatus{
			Source:            r.c.cfg.Name,
			RepoForgeID:       r.repo.ID,
			DeploymentForgeID: deployment,
			ForgeID:           statusKey(s.ID),
			// REST spells states in lower case (success, in_progress, ...).
			State:     sanitize.Line(strings.ToLower(s.State), sanitize.MaxName),
			CreatedAt: s.CreatedAt.UTC(),
		}, true
	}
	var res deploymentStatuses
	for _, n := range nodes {
		s, ok := convert(n)
		if !ok {
			return deploymentStatuses{}, false
		}
		res.statuses = append(res.statuses, s)
	}
	if latest != nil && latest.CreatedAt != nil {
		// latestStatus carries no id; only its state and time are folded in.
		res.latest = &model.DeploymentStatus{State: sanitize.Line(strings.ToLower(latest.State), sanitize.MaxName),
			CreatedAt: latest.CreatedAt.UTC()}
	}
	return res, true
}

// statusKey stands in for a deployment status's REST id, which GitHub's
// GraphQL schema does not expose (DeploymentStatus has no databaseId). It is a
// stable 63-bit digest of the status's global node ID, which GitHub documents
// as unique and to be treated as opaque; negative, so it can never equal a REST
// id stored by the REST fallback.
func statusKey(nodeID string) int64 {
	h := fnv.New64a()
	_, _ = h.Write([]byte(nodeID))
	return -int64(h.Sum64()>>1) - 1
}
