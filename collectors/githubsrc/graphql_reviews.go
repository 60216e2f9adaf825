package githubsrc

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/go-github/v60/github"
	"github.com/paved-dev/paved/internal/sanitize"
	"github.com/paved-dev/paved/model"
)

// reviewsQuery asks for the reviews and the ready-for-review events of up to
// 100 PRs by node ID. A review's REST id is fullDatabaseId (a BigInt, sent as a
// string): databaseId is deprecated because it cannot hold 64-bit ids. The
// timeline, filtered to READY_FOR_REVIEW_EVENT, is oldest first; REST would
// need a timeline request per PR.
const reviewsQuery = `query($ids:[ID!]!){nodes(ids:$ids){... on PullRequest{number ` +
	`reviews(first:100){totalCount nodes{fullDatabaseId author{login __typename} state submittedAt}} ` +
	`timelineItems(first:100,itemTypes:[READY_FOR_REVIEW_EVENT]){pageInfo{hasNextPage} ` +
	`nodes{... on ReadyForReviewEvent{createdAt}}}}}}`

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

// gqlPullReviews is reviewsQuery's data.
type gqlPullReviews = gqlNodes[*gqlPull]

// gqlPull is a PR as reviewsQuery reads it.
type gqlPull struct {
	Number  int `json:"number"`
	Reviews *struct {
		TotalCount int          `json:"totalCount"`
		Nodes      []*gqlReview `json:"nodes"`
	} `json:"reviews"`
	TimelineItems *gqlTimeline `json:"timelineItems"`
}

// gqlTimeline is a PR's timelineItems filtered to ReadyForReviewEvent.
type gqlTimeline struct {
	PageInfo struct {
		HasNextPage bool `json:"hasNextPage"`
	} `json:"pageInfo"`
	Nodes []*struct {
		CreatedAt *time.Time `json:"createdAt"`
	} `json:"nodes"`
}

// pullExtras is what a PR page reads beside the PRs: each PR's reviews and
// ready-for-review times (nil when unknown: GraphQL could not say).
type pullExtras struct {
	reviews [][]model.Review
	ready   [][]time.Time
}

// pageReviews returns the reviews of each PR of a page, in page order: from
// GraphQL where it can answer in full, from REST for the rest; and the ready
// times GraphQL gave (REST's fallback leaves them unknown).
func (r *repoRun) pageReviews(ctx context.Context, pulls []*github.PullRequest) (pullExtras, error) {
	out := make([][]model.Review, len(pulls))
	ready := make([][]time.Time, len(pulls))
	err := byNode(ctx, r.c, len(pulls), func(i int) string { return pulls[i].GetNodeID() }, "graphql reviews", reviewsQuery,
		func(i int, n *gqlPull) bool {
			number := pulls[i].GetNumber()
			if n == nil || n.Number != number {
				return false // unresolved: reviews over REST, ready times unknown
			}
			ready[i] = readyTimes(n.TimelineItems)
			// A PR with more than a page of reviews is read over REST.
			if n.Reviews == nil || n.Reviews.TotalCount != len(n.Reviews.Nodes) {
				return false
			}
			reviews, ok := r.convertGraphQLReviews(number, n.Reviews.Nodes)
			out[i] = reviews
			return ok
		},
		func(i int) error {
			reviews, err := r.fetchReviews(ctx, pulls[i].GetNumber())
			if err != nil {
				return fmt.Errorf("reviews of #%d: %w", pulls[i].GetNumber(), err)
			}
			out[i] = reviews
			return nil
		})
	if err != nil {
		return pullExtras{}, err
	}
	return pullExtras{reviews: out, ready: ready}, nil
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

// readyTimes are a PR's ready-for-review times, oldest first; nil (unknown)
// when the timeline was not answered or has more than a page of them.
func readyTimes(tl *gqlTimeline) []time.Time {
	if tl == nil || tl.PageInfo.HasNextPage {
		return nil
	}
	out := make([]time.Time, 0, len(tl.Nodes))
	for _, n := range tl.Nodes {
		if n == nil || n.CreatedAt == nil {
			continue // another item type: the filter was not applied
		}
		out = append(out, n.CreatedAt.UTC())
	}
	slices.SortFunc(out, func(a, b time.Time) int { return a.Compare(b) })
	return out
}
