package githubsrc

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/go-github/v60/github"
	"github.com/paved-dev/paved/collectors"
	"github.com/paved-dev/paved/model"
)

// relistEvery bounds how long an unchanged (304) repo list is trusted: a
// change GitHub does not reflect in a repo's updated_at is seen within a day.
const relistEvery = 24 * time.Hour

// listState is the repos cursor's Position: what a 304 pass needs to rebuild
// the list from the store. The cursor's ETag is the first page's.
type listState struct {
	Listed   int64   `json:"l,omitempty"`  // when the list was last read whole (unix)
	N        int     `json:"n,omitempty"`  // repos it held
	Last     int     `json:"p,omitempty"`  // its last page, when it had more than one
	LastETag string  `json:"le,omitempty"` // that page's ETag
	Gone     []int64 `json:"g,omitempty"`  // stored repos of the source it did not hold
}

// listRepos stores the org's repos and returns them. The list is asked for
// most recently updated first, with the first page's ETag: a new or changed
// repo moves to page one, and a deleted one shifts the last page, so when
// both answer 304 the list is the one last stored, and is read from the store
// (a model.RepoLister; other stores get the list whole every pass).
func (c *Collector) listRepos(ctx context.Context, store model.Store, apply func(model.Batch) error,
	now time.Time, full bool) ([]repoRef, error) {
	cur, err := store.Cursor(ctx, c.cfg.Name, "", model.ResourceRepos)
	if err != nil {
		return nil, fmt.Errorf("source %q: %w", c.cfg.Name, err)
	}
	st := collectors.DecodePosition[listState](cur.Position)
	lister, _ := store.(model.RepoLister)
	send := ""
	if lister != nil && !full && now.Sub(collectors.UnixTime(st.Listed)) < relistEvery {
		send = cur.ETag
	}
	opt := &github.RepositoryListByOrgOptions{Type: "all", Sort: "updated", Direction: "desc",
		ListOptions: github.ListOptions{PerPage: perPage}}
	var refs []repoRef
	seen := map[int64]bool{}
	firstETag := ""
	for {
		reqCtx := ctx
		if opt.Page == 0 {
			reqCtx = withETag(ctx, send)
		}
		repos, resp, err := c.listOrgRepos(ctx, reqCtx, opt)
		if send != "" && opt.Page == 0 && notModified(resp, err) {
			stored, ok, err := c.unchangedRepos(ctx, lister, st)
			if err != nil {
				return nil, err
			}
			if ok {
				cur.LastSuccess, cur.LastError = now, ""
				return stored, apply(model.Batch{Cursors: []model.Cursor{cur}})
			}
			send = "" // the store does not hold that list: read it whole
			continue
		}
		if err != nil {
			return nil, c.orgError(err)
		}
		if opt.Page == 0 {
			firstETag = resp.Header.Get("ETag")
		}
		var b model.Batch
		for _, gr := range repos {
			repo, ref := convertRepo(c.cfg.Name, gr)
			repo.HTMLURL = c.link(repo.HTMLURL)
			b.Repos = append(b.Repos, repo)
			// A repo updated mid-listing moves to page one and may show twice.
			if !seen[ref.ID] {
				seen[ref.ID] = true
				refs = append(refs, ref)
			}
		}
		last := resp.NextPage == 0
		if last {
			cur.Items += int64(len(refs))
			cur.LastSuccess, cur.LastError = now, ""
			cur.ETag, cur.Position, err = c.listedState(ctx, lister, refs, now, firstETag, max(opt.Page, 1), resp.Header.Get("ETag"))
			if err != nil {
				return nil, err
			}
			b.Cursors = []model.Cursor{cur}
		}
		if err := apply(b); err != nil {
			return nil, err
		}
		if last {
			return refs, nil
		}
		opt.Page = resp.NextPage
	}
}

// listOrgRepos gets one page; reqCtx may carry the page's validator.
func (c *Collector) listOrgRepos(ctx, reqCtx context.Context, opt *github.RepositoryListByOrgOptions) ([]*github.Repository, *github.Response, error) {
	var repos []*github.Repository
	resp, err := c.call(ctx, "repos", func(context.Context) (*github.Response, error) {
		var resp *github.Response
		var err error
		repos, resp, err = c.gh.Repositories.ListByOrg(reqCtx, c.cfg.Org, opt)
		return resp, err
	})
	return repos, resp, err
}

// unchangedRepos rebuilds the last listed repos from the store once the first
// page answered 304: the last page must answer 304 too, and the stored repos,
// less those the listing did not hold, must be as many as it held.
func (c *Collector) unchangedRepos(ctx context.Context, lister model.RepoLister, st listState) ([]repoRef, bool, error) {
	if st.N == 0 {
		return nil, false, nil
	}
	if st.Last > 1 {
		if st.LastETag == "" {
			return nil, false, nil
		}
		opt := &github.RepositoryListByOrgOptions{Type: "all", Sort: "updated", Direction: "desc",
			ListOptions: github.ListOptions{PerPage: perPage, Page: st.Last}}
		// A failure here is left to the whole listing, which reports it.
		if _, resp, err := c.listOrgRepos(ctx, withETag(ctx, st.LastETag), opt); !notModified(resp, err) {
			return nil, false, nil
		}
	}
	stored, err := lister.SourceRepos(ctx, c.cfg.Name)
	if err != nil {
		return nil, false, fmt.Errorf("source %q: reading the stored repositories: %w", c.cfg.Name, err)
	}
	gone := make(map[int64]bool, len(st.Gone))
	for _, id := range st.Gone {
		gone[id] = true
	}
	var refs []repoRef
	for _, r := range stored {
		if !gone[r.ForgeID] {
			refs = append(refs, storedRef(r))
		}
	}
	if len(refs) != st.N {
		return nil, false, nil
	}
	return refs, true, nil
}

// listedState is the repos cursor's ETag and Position after a whole listing.
// Stored repos the listing did not hold (deleted, transferred) are noted so a
// 304 pass leaves them out; when they are too many to note, or the store
// cannot list, the ETag is dropped and the next pass reads the list whole.
func (c *Collector) listedState(ctx context.Context, lister model.RepoLister, refs []repoRef, now time.Time,
	firstETag string, lastPage int, lastETag string) (etag, position string, err error) {
	if lister == nil || firstETag == "" {
		return "", "", nil
	}
	stored, err := lister.SourceRepos(ctx, c.cfg.Name)
	if err != nil {
		return "", "", fmt.Errorf("source %q: reading the stored repositories: %w", c.cfg.Name, err)
	}
	listed := make(map[int64]bool, len(refs))
	for _, r := range refs {
		listed[r.ID] = true
	}
	st := listState{Listed: now.Unix(), N: len(refs)}
	for _, r := range stored {
		if !listed[r.ForgeID] {
			st.Gone = append(st.Gone, r.ForgeID)
		}
	}
	if lastPage > 1 {
		if lastETag == "" {
			return "", "", nil
		}
		st.Last, st.LastETag = lastPage, lastETag
	}
	b, err := json.Marshal(st)
	if err != nil || len(b) > collectors.MaxPosition {
		return "", "", nil
	}
	return firstETag, string(b), nil
}
