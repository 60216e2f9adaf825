package gitlabsrc

import (
	"context"

	gitlab "gitlab.com/gitlab-org/api/client-go/v2"
)

// projectAnswer is GitLab's GraphQL answer to a query about one project, of
// which Paved reads the fields P.
type projectAnswer[P any] struct {
	Data struct {
		Project *P `json:"project"`
	} `json:"data"`
	Errors []struct {
		Message string `json:"message"`
	} `json:"errors"`
}

// connection is one page of a GraphQL connection of nodes N.
type connection[N any] struct {
	Nodes    []N             `json:"nodes"`
	PageInfo gitlab.PageInfo `json:"pageInfo"`
}

// queryProject runs a GraphQL query about the project once, through call.
func queryProject[P any](ctx context.Context, r *projectRun, resource, query string, vars map[string]any) (projectAnswer[P], error) {
	var ans projectAnswer[P]
	_, err := r.c.call(ctx, resource, func(o ...gitlab.RequestOptionFunc) (*gitlab.Response, error) {
		ans = projectAnswer[P]{}
		return r.c.gl.GraphQL.Do(gitlab.GraphQLQuery{Query: query, Variables: vars}, &ans, o...)
	})
	return ans, err
}
