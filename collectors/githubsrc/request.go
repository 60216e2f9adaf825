package githubsrc

import (
	"context"
	"fmt"
	"net/url"

	"github.com/google/go-github/v60/github"
	"github.com/google/go-querystring/query"
	"github.com/paved-dev/paved/model"
)

// getJSON fetches one of the repo's resources, repositories/{id}/{rest}, into
// v. The repo is addressed by its numeric id, never by its name: a name is
// forge text, and one like "../../etc/passwd" must not steer a request, nor
// one cut to the stored length miss its repo. GitHub serves every
// /repos/{owner}/{repo}/… endpoint under /repositories/{id}/… as well
// (undocumented but long relied on; it answers there, without a redirect).
// opts is the query: url.Values, or a go-github options struct.
func (r *repoRun) getJSON(ctx context.Context, rest string, opts any, v any) (*github.Response, error) {
	q, ok := opts.(url.Values)
	if !ok {
		var err error
		if q, err = query.Values(opts); err != nil {
			return nil, fmt.Errorf("query of %s: %w", rest, err)
		}
	}
	u := fmt.Sprintf("repositories/%d/%s", r.repo.ID, rest)
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	req, err := r.c.gh.NewRequest("GET", u, nil)
	if err != nil {
		return nil, err
	}
	return r.c.gh.Do(ctx, req, v)
}

// listQuery is the query of a newest-first page.
func listQuery(page string, sortBy string) url.Values {
	q := url.Values{"per_page": {fmt.Sprint(perPage)}}
	if sortBy != "" {
		q.Set("sort", sortBy)
		q.Set("direction", "desc")
	}
	if page != "" {
		q.Set("page", page)
	}
	return q
}

func (r *repoRun) dueAt(f *model.Finding) {
	f.DueAt = r.c.cfg.SLADays.DueAt(f.CreatedAt, f.Severity)
}
