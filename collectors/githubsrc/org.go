package githubsrc

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"time"

	"github.com/google/go-github/v60/github"
	"github.com/paved-dev/paved/collectors"
)

const perPage = 100

// collectOrg stores the org's repos and teams and returns the repos to walk.
// Org-wide lists are small (one request per 100 repos) and fetched whole each
// pass: a per-repo pass needs the list even when nothing changed.
func (c *Collector) collectOrg(ctx context.Context, store collectors.Store, now time.Time, records *atomic.Int64) ([]repoRef, error) {
	apply := func(b collectors.Batch) error {
		b.Source = c.cfg.Name
		if err := store.Apply(ctx, b); err != nil {
			return fmt.Errorf("source %q: storing the organisation's %s: %w", c.cfg.Name, what(b), err)
		}
		records.Add(int64(b.Len()))
		return nil
	}
	var refs []repoRef
	cur, err := store.Cursor(ctx, c.cfg.Name, "", collectors.ResourceRepos)
	if err != nil {
		return nil, fmt.Errorf("source %q: %w", c.cfg.Name, err)
	}
	opt := &github.RepositoryListByOrgOptions{Type: "all", ListOptions: github.ListOptions{PerPage: perPage}}
	for {
		var repos []*github.Repository
		resp, err := c.call(ctx, "repos", func(ctx context.Context) (*github.Response, error) {
			var resp *github.Response
			var err error
			repos, resp, err = c.gh.Repositories.ListByOrg(ctx, c.cfg.Org, opt)
			return resp, err
		})
		if err != nil {
			return nil, c.orgError(err)
		}
		var b collectors.Batch
		for _, gr := range repos {
			repo, ref := convertRepo(c.cfg.Name, gr)
			b.Repos = append(b.Repos, repo)
			refs = append(refs, ref)
		}
		last := resp.NextPage == 0
		if last {
			cur.Items += int64(len(refs))
			cur.LastSuccess, cur.LastError = now, ""
			b.Cursors = []collectors.Cursor{cur}
		}
		if err := apply(b); err != nil {
			return nil, err
		}
		if last {
			break
		}
		opt.Page = resp.NextPage
	}
	known := make(map[int64]bool, len(refs))
	for _, r := range refs {
		known[r.ID] = true
	}
	if err := c.collectTeams(ctx, apply, store, now, known); err != nil {
		return nil, err
	}
	return refs, nil
}

func what(b collectors.Batch) string {
	if len(b.Teams) > 0 {
		return "teams"
	}
	return "repositories"
}

func convertRepo(source string, gr *github.Repository) (collectors.Repo, repoRef) {
	full := collectors.Clean(gr.GetFullName(), collectors.MaxName)
	repo := collectors.Repo{
		Source:        source,
		ForgeID:       gr.GetID(),
		FullName:      full,
		DefaultBranch: collectors.Clean(gr.GetDefaultBranch(), collectors.MaxName),
		Archived:      gr.GetArchived(),
		Fork:          gr.GetFork(),
		HTMLURL:       collectors.Clean(gr.GetHTMLURL(), collectors.MaxTitle),
		CreatedAt:     gr.GetCreatedAt().Time,
		UpdatedAt:     gr.GetUpdatedAt().Time,
	}
	ref := repoRef{
		ID:       gr.GetID(),
		FullName: full,
		// Requests are built from the raw names: they address the forge's repo.
		Owner: gr.GetOwner().GetLogin(),
		Name:  gr.GetName(),
	}
	if sa := gr.GetSecurityAndAnalysis(); sa != nil {
		ref.SecretScanning = sa.GetSecretScanning().GetStatus()
		ref.DependabotUpdates = sa.GetDependabotSecurityUpdates().GetStatus()
	}
	if ref.Owner == "" {
		ref.Owner = ownerOf(gr.GetFullName())
	}
	return repo, ref
}

func ownerOf(fullName string) string {
	owner, _, _ := strings.Cut(fullName, "/")
	return owner
}

// collectTeams stores every team with the ids of its repos. Only repos of the
// org listing are kept: a membership must point at a stored repo.
func (c *Collector) collectTeams(ctx context.Context, apply func(collectors.Batch) error, store collectors.Store,
	now time.Time, known map[int64]bool) error {
	fail := func(err error) error {
		if statusOf(err) == 401 {
			return c.orgError(err)
		}
		return fmt.Errorf("source %q: listing the teams of %q: %s", c.cfg.Name, c.cfg.Org, c.redact(err.Error()))
	}
	var teams []*github.Team
	opt := &github.ListOptions{PerPage: perPage}
	for {
		var page []*github.Team
		resp, err := c.call(ctx, "teams", func(ctx context.Context) (*github.Response, error) {
			var resp *github.Response
			var err error
			page, resp, err = c.gh.Teams.ListTeams(ctx, c.cfg.Org, opt)
			return resp, err
		})
		if err != nil {
			return fail(err)
		}
		teams = append(teams, page...)
		if resp.NextPage == 0 {
			break
		}
		opt.Page = resp.NextPage
	}
	var b collectors.Batch
	for _, t := range teams {
		all, err := c.teamRepoIDs(ctx, t.GetSlug())
		if err != nil {
			return fail(err)
		}
		var ids []int64
		for _, id := range all {
			if known[id] {
				ids = append(ids, id)
			}
		}
		b.Teams = append(b.Teams, collectors.ForgeTeam{
			Source:       c.cfg.Name,
			ForgeID:      t.GetID(),
			Slug:         collectors.Clean(t.GetSlug(), collectors.MaxName),
			Name:         collectors.Clean(t.GetName(), collectors.MaxName),
			RepoForgeIDs: ids,
		})
	}
	cur, err := store.Cursor(ctx, c.cfg.Name, "", collectors.ResourceTeams)
	if err != nil {
		return fmt.Errorf("source %q: %w", c.cfg.Name, err)
	}
	cur.Items += int64(len(b.Teams))
	cur.LastSuccess, cur.LastError = now, ""
	b.Cursors = []collectors.Cursor{cur}
	return apply(b)
}

func (c *Collector) teamRepoIDs(ctx context.Context, slug string) ([]int64, error) {
	var ids []int64
	opt := &github.ListOptions{PerPage: perPage}
	for {
		var repos []*github.Repository
		resp, err := c.call(ctx, "team repos", func(ctx context.Context) (*github.Response, error) {
			var resp *github.Response
			var err error
			repos, resp, err = c.gh.Teams.ListTeamReposBySlug(ctx, c.cfg.Org, slug, opt)
			return resp, err
		})
		if err != nil {
			return nil, fmt.Errorf("team %s: %w", slug, err)
		}
		for _, r := range repos {
			ids = append(ids, r.GetID())
		}
		if resp.NextPage == 0 {
			return ids, nil
		}
		opt.Page = resp.NextPage
	}
}
