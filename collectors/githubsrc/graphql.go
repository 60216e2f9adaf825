package githubsrc

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/google/go-github/v60/github"
)

// GraphQL batching.
//
// REST has no bulk endpoint for a PR's reviews or a deployment's statuses: one
// request per parent was two thirds of a large org's first sync. GraphQL's
// nodes(ids:) resolves a whole REST page of parents at once by their node_id,
// answering in the order asked, so each REST page of PRs or deployments costs
// one more request instead of a hundred. It goes through the same go-github
// client (auth, rate-limit waits, request counting). REST stays the fallback:
// when the endpoint is missing or refuses the query (the pass then stops asking),
// for a parent GraphQL could not resolve, and for one with more than a page of
// children.

// maxNodes is GraphQL's limit on ids per nodes() call and on first:.
const maxNodes = 100

// errGraphQLUnavailable means the batch must be fetched over REST.
var errGraphQLUnavailable = errors.New("GraphQL unavailable")

// graphQLEndpoint derives the GraphQL URL from the REST base: api.github.com
// serves /graphql beside REST, GHES serves /api/graphql beside /api/v3/.
func graphQLEndpoint(base *url.URL) string {
	u := *base
	u.RawQuery, u.Fragment = "", ""
	if strings.HasSuffix(u.Path, "/api/v3/") {
		u.Path = strings.TrimSuffix(u.Path, "v3/") + "graphql"
	} else {
		u.Path += "graphql"
	}
	return u.String()
}

type gqlBody struct {
	Query     string         `json:"query"`
	Variables map[string]any `json:"variables"`
}

type gqlError struct {
	Type       string            `json:"type"`
	Message    string            `json:"message"`
	Path       []any             `json:"path"`
	Extensions map[string]string `json:"extensions"`
}

type gqlResponse[T any] struct {
	Data   T          `json:"data"`
	Errors []gqlError `json:"errors"`
}

// graphQL posts one query and decodes its data. A spent quota (GitHub answers
// 200 with a RATE_LIMITED error) is waited out like a REST one. Errors about
// single nodes are left to the caller, which sees those nodes null.
func graphQL[T any](ctx context.Context, c *Collector, what, query string, vars map[string]any) (T, error) {
	var zero T
	if c.gqlOff.Load() {
		return zero, errGraphQLUnavailable
	}
	var out gqlResponse[T]
	_, err := c.call(ctx, what, func(ctx context.Context) (*github.Response, error) {
		out = gqlResponse[T]{}
		req, err := c.gh.NewRequest(http.MethodPost, c.gqlURL, gqlBody{Query: query, Variables: vars})
		if err != nil {
			return nil, err
		}
		resp, err := c.gh.Do(ctx, req, &out)
		if err != nil {
			return resp, err
		}
		for _, e := range out.Errors {
			if e.Type == "RATE_LIMITED" {
				return resp, &github.RateLimitError{Rate: resp.Rate, Response: resp.Response, Message: e.Message}
			}
		}
		return resp, nil
	})
	if err != nil {
		if refused(err) {
			c.disableGraphQL(apiMessage(err))
			return zero, errGraphQLUnavailable
		}
		return zero, err
	}
	for _, e := range out.Errors {
		if nodeError(e) {
			continue
		}
		// The query itself failed. Schema or permission answers will not change
		// during the pass; anything else is retried with the next batch.
		if len(e.Extensions) > 0 || e.Type == "FORBIDDEN" || e.Type == "INSUFFICIENT_SCOPES" {
			c.disableGraphQL(e.Message)
		}
		return zero, errGraphQLUnavailable
	}
	return out.Data, nil
}

// gqlNodes is the data of a nodes(ids:) query: nodes N, in the order asked.
type gqlNodes[N any] struct {
	Nodes []N `json:"nodes"`
}

// byNode reads something for each of n items of a page. Over GraphQL, the
// items' nodes are asked for in batches (what, query) and each answered node
// goes to fromNode with its item's index, which reports whether it answered
// in full; then fromREST reads each item that was not, in order.
func byNode[N any](ctx context.Context, c *Collector, n int, nodeID func(i int) string, what, query string,
	fromNode func(i int, node N) bool, fromREST func(i int) error) error {
	done := make([]bool, n)
	err := inBatches(n, nodeID, func(idx []int, ids []string) error {
		data, err := graphQL[gqlNodes[N]](ctx, c, what, query, map[string]any{"ids": ids})
		if err != nil {
			return err
		}
		for k, node := range data.Nodes {
			if k >= len(idx) {
				break
			}
			done[idx[k]] = fromNode(idx[k], node)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for i := range n {
		if done[i] {
			continue
		}
		if err := fromREST(i); err != nil {
			return err
		}
	}
	return nil
}

// refused reports answers saying this server will not serve GraphQL (no
// endpoint, a token or app without access): facts, not failures. Limits that
// outlasted the waits and server errors are failures like REST's.
func refused(err error) bool {
	var rl *github.RateLimitError
	var abuse *github.AbuseRateLimitError
	if errors.As(err, &rl) || errors.As(err, &abuse) {
		return false
	}
	switch statusOf(err) {
	case http.StatusNotFound, http.StatusGone, http.StatusBadRequest, http.StatusUnprocessableEntity, http.StatusForbidden:
		return true
	}
	return false
}

// nodeError is an error about one node of nodes(ids:) (path ["nodes", i, ...]).
func nodeError(e gqlError) bool {
	if len(e.Path) < 2 || e.Path[0] != "nodes" {
		return false
	}
	_, isIndex := e.Path[1].(float64)
	return isIndex
}

func (c *Collector) disableGraphQL(reason string) {
	if c.gqlOff.CompareAndSwap(false, true) {
		c.logger().Warn("github GraphQL unavailable: reviews and deployment statuses fall back to REST for this pass",
			"source", c.cfg.Name, "reason", c.clean(reason))
	}
}
