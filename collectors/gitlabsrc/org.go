package gitlabsrc

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync/atomic"
	"time"

	gitlab "gitlab.com/gitlab-org/api/client-go/v2"

	"github.com/paved-dev/paved/collectors"
	"github.com/paved-dev/paved/internal/sanitize"
	"github.com/paved-dev/paved/model"
)

// defaultPageSize is GitLab's largest page.
const defaultPageSize = 100

// collectGroup stores the group's projects (subgroups included) and its
// subgroups as forge teams, and returns the projects to walk. Group-wide
// lists are small and fetched whole each pass: the per-project pass needs
// them even when nothing changed.
func (c *Collector) collectGroup(ctx context.Context, store model.Store, now time.Time, records *atomic.Int64) ([]projectRef, error) {
	apply := func(b model.Batch, what string) error {
		b.Source = c.cfg.Name
		if err := store.Apply(ctx, b); err != nil {
			return fmt.Errorf("source %q: storing the %s of group %q: %w", c.cfg.Name, what, c.group, err)
		}
		records.Add(int64(b.Len()))
		return nil
	}
	var root *gitlab.Group
	_, err := c.call(ctx, "group", func(o ...gitlab.RequestOptionFunc) (*gitlab.Response, error) {
		var resp *gitlab.Response
		var err error
		// WithProjects=false keeps the answer small on GitLab versions that still embed
		// projects by default; projects are listed separately.
		root, resp, err = c.gl.Groups.GetGroup(c.group, &gitlab.GetGroupOptions{WithProjects: gitlab.Ptr(false)}, o...) //nolint:staticcheck // see above
		return resp, err
	})
	if err != nil {
		return nil, c.groupError(err)
	}
	subgroups, err := c.subgroups(ctx, root.ID)
	if err != nil {
		return nil, c.listError("subgroups", err)
	}
	cur, err := store.Cursor(ctx, c.cfg.Name, "", model.ResourceRepos)
	if err != nil {
		return nil, fmt.Errorf("source %q: %w", c.cfg.Name, err)
	}
	var refs []projectRef
	err = c.projects(ctx, root.ID, func(ps []*gitlab.Project, last bool) error {
		var b model.Batch
		for _, p := range ps {
			repo, ref := c.convertProject(p)
			b.Repos = append(b.Repos, repo)
			refs = append(refs, ref)
		}
		if last {
			cur.Items += int64(len(refs))
			cur.LastSuccess, cur.LastError = now, ""
			b.Cursors = []model.Cursor{cur}
		}
		return apply(b, "projects")
	})
	if err != nil {
		return nil, err
	}
	if err := c.storeTeams(ctx, store, apply, now, subgroups, refs); err != nil {
		return nil, err
	}
	return refs, nil
}

// listError describes a failed group-wide list; a rejected token says so.
func (c *Collector) listError(what string, err error) error {
	if statusOf(err) == 401 {
		return c.tokenRejected()
	}
	if isMalformed(err) {
		return &collectors.SourceWideError{Msg: fmt.Sprintf("source %q: listing the %s of group %q: GitLab sent malformed JSON", c.cfg.Name, what, c.group)}
	}
	return &collectors.SourceWideError{Msg: fmt.Sprintf("source %q: listing the %s of group %q: %s", c.cfg.Name, what, c.group, c.clean(err.Error()))}
}

// subgroups lists every group below the root (descendants, not only children).
func (c *Collector) subgroups(ctx context.Context, rootID int64) ([]*gitlab.Group, error) {
	var out []*gitlab.Group
	opt := &gitlab.ListDescendantGroupsOptions{ListOptions: gitlab.ListOptions{PerPage: c.pageSize, Page: 1}}
	err := eachPage(ctx, c, "subgroups", &opt.Page,
		func(o ...gitlab.RequestOptionFunc) ([]*gitlab.Group, *gitlab.Response, error) {
			return c.gl.Groups.ListDescendantGroups(rootID, opt, o...)
		},
		func(page []*gitlab.Group) bool {
			out = append(out, page...)
			return false
		})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// projects pages through the group's projects, subgroups included and
// projects shared into it from elsewhere left out, by keyset on id.
func (c *Collector) projects(ctx context.Context, rootID int64, page func(ps []*gitlab.Project, last bool) error) error {
	opt := &gitlab.ListGroupProjectsOptions{
		ListOptions:      gitlab.ListOptions{PerPage: c.pageSize, Pagination: "keyset"},
		IncludeSubGroups: gitlab.Ptr(true),
		WithShared:       gitlab.Ptr(false),
		OrderBy:          gitlab.Ptr("id"),
		Sort:             gitlab.Ptr("asc"),
	}
	var next []gitlab.RequestOptionFunc
	for {
		var ps []*gitlab.Project
		resp, err := c.call(ctx, "projects", func(o ...gitlab.RequestOptionFunc) (*gitlab.Response, error) {
			var resp *gitlab.Response
			var err error
			ps, resp, err = c.gl.Groups.ListGroupProjects(rootID, opt, o...)
			return resp, err
		}, next...)
		if err != nil {
			return c.listError("projects", err)
		}
		last := resp.NextLink == ""
		if err := page(ps, last); err != nil {
			return err
		}
		if last {
			return nil
		}
		next = []gitlab.RequestOptionFunc{gitlab.WithKeysetPaginationParameters(resp.NextLink)}
	}
}

func (c *Collector) convertProject(p *gitlab.Project) (model.Repo, projectRef) {
	repo := model.Repo{
		Source:        c.cfg.Name,
		ForgeID:       p.ID,
		FullName:      sanitize.Line(p.PathWithNamespace, sanitize.MaxName),
		DefaultBranch: sanitize.Line(p.DefaultBranch, sanitize.MaxName),
		Archived:      p.Archived,
		Fork:          p.ForkedFromProject != nil,
		HTMLURL:       c.link(p.WebURL),
		CreatedAt:     timeOf(p.CreatedAt),
		UpdatedAt:     collectors.LaterOf(timeOf(p.UpdatedAt), timeOf(p.LastActivityAt)),
	}
	// Requests address the project by its raw path; stored names are cleaned.
	return repo, projectRef{ID: p.ID, FullName: p.PathWithNamespace, DefaultBranch: p.DefaultBranch}
}

// storeTeams stores every subgroup as a forge team owning the projects under
// it, subgroups included, so that a team mapped to a group owns its nested
// projects. The group being collected is the organisation, not a team.
func (c *Collector) storeTeams(ctx context.Context, store model.Store, apply func(model.Batch, string) error,
	now time.Time, groups []*gitlab.Group, projects []projectRef) error {
	sort.Slice(groups, func(i, j int) bool { return groups[i].ID < groups[j].ID })
	// Lowered once: every group scans every project, which on a large group
	// would otherwise lower each name once per subgroup.
	lower := make([]string, len(projects))
	for i, p := range projects {
		lower[i] = strings.ToLower(p.FullName)
	}
	var b model.Batch
	for _, g := range groups {
		prefix := strings.ToLower(g.FullPath) + "/"
		var ids []int64
		for i, p := range projects {
			if strings.HasPrefix(lower[i], prefix) {
				ids = append(ids, p.ID)
			}
		}
		b.Teams = append(b.Teams, model.ForgeTeam{
			Source:       c.cfg.Name,
			ForgeID:      g.ID,
			Slug:         sanitize.Line(g.FullPath, sanitize.MaxName),
			Name:         sanitize.Line(g.Name, sanitize.MaxName),
			RepoForgeIDs: ids,
		})
	}
	cur, err := collectors.SourceCursorDone(ctx, store, c.cfg.Name, model.ResourceTeams, len(b.Teams), now)
	if err != nil {
		return err
	}
	b.Cursors = []model.Cursor{cur}
	return apply(b, "subgroups")
}

func timeOf(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return t.UTC()
}
