package githubsrc

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/google/go-github/v60/github"
	"github.com/paved-dev/paved/internal/sanitize"
	"github.com/paved-dev/paved/model"
)

// reviewsQuery asks for the reviews of up to 100 PRs by node ID. A review's
// REST id is fullDatabaseId (a BigInt, sent as a string): databaseId is
// deprecated because it cannot hold 64-bit ids.
const reviewsQuery = `query($ids:[ID!]!){nodes(ids:$ids){... on PullRequest{number ` +
	`reviews(first:100){totalCount nodes{fullDatabaseId author{login __typename} state submittedAt}}}}}`

type gqlActor struct {
	Login    string `json:"login"`
	Typename string `json:"__typename"`
}

type gqlReview struct {
	FullDatabaseID any        `json:"fullDatabaseId"`
	Author         *gqlActor  `json:"author"`
	State          string     `json:"state"`
	SubmittedAt    *time.Time `json:"submittedAt"`
}

type gqlPullReviews struct {
	Nodes []*struct {
		Number  int `json:"number"`
		Reviews *struct {
			TotalCount int          `json:"totalCount"`
			Nodes      []*gqlReview `json:"nodes"`
		} `json:"reviews"`
	} `json:"nodes"`
}

// pageReviews returns the reviews of each PR of a page, in page order: from
// GraphQL where it can answer in full, from REST for the rest.
func (r *repoRun) pageReviews(ctx context.Context, pulls []*github.PullRequest) ([][]model.Review, error) {
	out := make([][]model.Review, len(pulls))
	done := make([]bool, len(pulls))
	if err := r.graphQLReviews(ctx, pulls, out, done); err != nil {
		return nil, err
	}
	for i, p := range pulls {
		if done[i] {
			continue
		}
		reviews, err := r.fetchReviews(ctx, p.GetNumber())
		if err != nil {
			return nil, fmt.Errorf("reviews of #%d: %w", p.GetNumber(), err)
		}
		out[i] = reviews
	}
	return out, nil
}

func (r *repoRun) graphQLReviews(ctx context.Context, pulls []*github.PullRequest, out [][]model.Review, done []bool) error {
	return inBatches(len(pulls), func(i int) string { return pulls[i].GetNodeID() }, func(idx []int, ids []string) error {
		data, err := graphQL[gqlPullReviews](ctx, r.c, "graphql reviews", reviewsQuery, map[string]any{"ids": ids})
		if err != nil {
			return err
		}
		for k, n := range data.Nodes {
			if k >= len(idx) {
				break
			}
			i := idx[k]
			number := pulls[i].GetNumber()
			// A PR GraphQL could not resolve, or with more than a page of
			// reviews, is read over REST.
			if n == nil || n.Number != number || n.Reviews == nil || n.Reviews.TotalCount != len(n.Reviews.Nodes) {
				continue
			}
			reviews, ok := r.convertGraphQLReviews(number, n.Reviews.Nodes)
			out[i], done[i] = reviews, ok
		}
		return nil
	})
}

// inBatches calls fetch with up to maxNodes items that have a node ID; items
// without one (old servers) are left to REST, as is everything when GraphQL is
// unavailable.
func inBatches(n int, nodeID func(i int) string, fetch func(idx []int, ids []string) error) error {
	var idx []int
	var ids []string
	flush := func() error {
		if len(ids) == 0 {
			return nil
		}
		err := fetch(idx, ids)
		idx, ids = nil, nil
		if errors.Is(err, errGraphQLUnavailable) {
			return nil
		}
		return err
	}
	for i := range n {
		if id := nodeID(i); id != "" {
			idx, ids = append(idx, i), append(ids, id)
		}
		if len(ids) == maxNodes {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	return flush()
}

func (r *repoRun) convertGraphQLReviews(number int, nodes []*gqlReview) ([]model.Review, bool) {
	out := make([]model.Review, 0, len(nodes))
	for _, n := range nodes {
		if n == nil {
			return nil, false
		}
		id, ok := bigInt(n.FullDatabaseID)
		if !ok {
			return nil, false
		}
		login, bot := "", false
		if n.Author != nil {
			login, bot = restLogin(n.Author)
		}
		var at time.Time
		if n.SubmittedAt != nil {
			at = n.SubmittedAt.UTC()
		}
		out = append(out, model.Review{
			Source:      r.c.cfg.Name,
			RepoForgeID: r.repo.ID,
			PRNumber:    number,
			ForgeID:     id,
			Kind:        model.ReviewKindReview,
			Author:      sanitize.Line(login, sanitize.MaxName),
			AuthorIsBot: bot,
			State:       sanitize.Line(n.State, sanitize.MaxName),
			SubmittedAt: at,
		})
	}
	return out, true
}

// restLogin spells an actor as REST does: GraphQL names a bot by its app slug
// ("dependabot"), REST by its account login ("dependabot[bot]"), and a stored
// review must not change author with the API that read it.
func restLogin(a *gqlActor) (login string, bot bool) {
	login = a.Login
	if a.Typename == "Bot" {
		if !strings.HasSuffix(login, "[bot]") {
			login += "[bot]"
		}
		return login, true
	}
	return login, strings.HasSuffix(login, "[bot]")
}

// bigInt reads a GraphQL BigInt: a string, or a number from a lenient server.
func bigInt(v any) (int64, bool) {
	switch x := v.(type) {
	case string:
		n, err := strconv.ParseInt(x, 10, 64)
		return n, err == nil && n > 0
	case float64:
		return int64(x), x > 0 && x < 1<<53 && x == float64(int64(x))
	}
	return 0, false
}
