package githubsrc

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/google/go-github/v60/github"
	"github.com/paved-dev/paved/internal/sanitize"
	"github.com/paved-dev/paved/model"
)

// collectPulls walks pull requests, most recently updated first, down to the
// watermark (first pass: the latest window, then history; walk.go), and fetches the reviews of each one it
// stores, a page at a time (graphql_reviews.go): a review updates its PR, so a
// PR not updated has no new review.
func (r *repoRun) collectPulls(ctx context.Context) error {
	_, err := walk(ctx, r, spec[*github.PullRequest]{
		resource: model.ResourcePulls,
		fetch: func(ctx context.Context, page string) ([]*github.PullRequest, *github.Response, error) {
			opt := &github.PullRequestListOptions{State: "all", Sort: "updated", Direction: "desc",
				ListOptions: listOptions(page)}
			var pulls []*github.PullRequest
			resp, err := r.getJSON(ctx, "pulls", opt, &pulls)
			return pulls, resp, err
		},
		order:      func(p *github.PullRequest) time.Time { return p.GetUpdatedAt().Time },
		cheapPage:  true,
		stopBefore: func(watermark time.Time) time.Time { return watermark },
		convert: func(ctx context.Context, pulls []*github.PullRequest, _ *state) (model.Batch, error) {
			extras, err := r.pageReviews(ctx, pulls)
			if err != nil {
				return model.Batch{}, err
			}
			var b model.Batch
			for i, p := range pulls {
				pr := r.convertPull(p)
				withReadyTimes(&pr, extras.ready[i])
				b.PullRequests = append(b.PullRequests, pr)
				b.Reviews = append(b.Reviews, extras.reviews[i]...)
			}
			return b, nil
		},
	})
	return err
}

// isBot: GitHub user type "Bot", or a login ending in "[bot]".
func isBot(u *github.User) bool {
	return u.GetType() == "Bot" || strings.HasSuffix(u.GetLogin(), "[bot]")
}

func (r *repoRun) convertPull(p *github.PullRequest) model.PullRequest {
	state := p.GetState()
	if p.MergedAt != nil && !p.GetMergedAt().IsZero() {
		state = "merged"
	}
	return model.PullRequest{
		Source:      r.c.cfg.Name,
		RepoForgeID: r.repo.ID,
		ForgeID:     p.GetID(),
		Number:      p.GetNumber(),
		Title:       sanitize.Line(p.GetTitle(), sanitize.MaxLine),
		Author:      sanitize.Line(p.GetUser().GetLogin(), sanitize.MaxName),
		AuthorIsBot: isBot(p.GetUser()),
		State:       sanitize.Line(state, sanitize.MaxName),
		Draft:       p.GetDraft(),
		BaseBranch:  sanitize.Line(p.GetBase().GetRef(), sanitize.MaxName),
		HeadSHA:     sanitize.Line(p.GetHead().GetSHA(), sanitize.MaxName),
		CreatedAt:   p.GetCreatedAt().Time,
		UpdatedAt:   p.GetUpdatedAt().Time,
		MergedAt:    p.GetMergedAt().Time,
		ClosedAt:    p.GetClosedAt().Time,
	}
}

func (r *repoRun) fetchReviews(ctx context.Context, number int) ([]model.Review, error) {
	var out []model.Review
	opt := &github.ListOptions{PerPage: perPage}
	_, _, err := listPages(ctx, r.c, model.ResourceReviews, "", &opt.Page,
		func(ctx context.Context) ([]*github.PullRequestReview, *github.Response, error) {
			var reviews []*github.PullRequestReview
			resp, err := r.getJSON(ctx, fmt.Sprintf("pulls/%d/reviews", number), opt, &reviews)
			return reviews, resp, err
		},
		func(reviews []*github.PullRequestReview) {
			for _, rv := range reviews {
				out = append(out, model.Review{
					Source:      r.c.cfg.Name,
					RepoForgeID: r.repo.ID,
					PRNumber:    number,
					ForgeID:     rv.GetID(),
					Kind:        model.ReviewKindReview,
					Author:      sanitize.Line(rv.GetUser().GetLogin(), sanitize.MaxName),
					AuthorIsBot: isBot(rv.GetUser()),
					State:       sanitize.Line(rv.GetState(), sanitize.MaxName),
					SubmittedAt: rv.GetSubmittedAt().Time,
				})
			}
		})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// withReadyTimes records when a PR left draft state; the latest is its ready
// time. nil leaves them unknown (the store keeps what it had).
func withReadyTimes(pr *model.PullRequest, ready []time.Time) {
	if ready == nil {
		return
	}
	pr.ReadyTimes = ready
	if n := len(ready); n > 0 {
		pr.ReadyAt = ready[n-1]
	}
}
