package githubsrc

import (
	"context"
	"fmt"
	"net/url"

	"github.com/google/go-github/v60/github"
	"github.com/paved-dev/paved/model"
)

// getJSON fetches repos/{owner}/{repo}/{rest}?{query} into v. It serves the
// lists whose go-github v60 options lack parameters we need (sort=updated on
// code and secret scanning) or whose types carry fields we must not decode.
func (r *repoRun) getJSON(ctx context.Context, rest string, query url.Values, v any) (*github.Response, error) {
	u := fmt.Sprintf("repos/%s/%s/%s", url.PathEscape(r.repo.Owner), url.PathEscape(r.repo.Name), rest)
	if len(query) > 0 {
		u += "?" + query.Encode()
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
