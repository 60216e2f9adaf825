package githubsrc

import (
	"context"
	"fmt"
	"net/url"

	"github.com/google/go-github/v60/github"
	"github.com/paved-dev/paved/collectors"
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

// observe returns a walk's finish hook recording the scanner feature's state
// when it changed: on when the list answered, off when GitHub said the feature
// is disabled, else what the repos list's security_and_analysis reported.
// Only changes are stored: an "enabled" observation holds until a "disabled" one.
func (r *repoRun) observe(feature, reported string) func(*state, *collectors.Batch, outcome) {
	return func(st *state, b *collectors.Batch, out outcome) {
		seen := ""
		switch out {
		case outChanged:
			seen = "on"
		case outDisabled:
			seen = "off"
		default:
			switch reported {
			case "enabled":
				seen = "on"
			case "disabled":
				seen = "off"
			}
		}
		if seen == "" || seen == st.Feature {
			return
		}
		st.Feature = seen
		b.Observations = append(b.Observations, collectors.ScannerObservation{
			Source:      r.c.cfg.Name,
			RepoForgeID: r.repo.ID,
			Feature:     feature,
			Enabled:     seen == "on",
			ObservedAt:  r.now,
		})
	}
}

func (r *repoRun) dueAt(f *collectors.Finding) {
	f.DueAt = r.c.cfg.SLADays.DueAt(f.CreatedAt, f.Severity)
}
