package githubsrc

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/google/go-github/v60/github"
	"github.com/paved-dev/paved/collectors"
	"github.com/paved-dev/paved/internal/sanitize"
	"github.com/paved-dev/paved/model"
)

// teamInfo is what a team's record needs besides its repos.
type teamInfo struct {
	ID   int64  `json:"id"`
	Slug string `json:"-"`
	Name string `json:"name,omitempty"`
}

// teamsState is the teams cursor's Position: the slugs of the last list, so
// a pass whose list answered 304 knows which teams to ask about.
type teamsState struct {
	Slugs []string `json:"s,omitempty"`
}

// teamCursorRepo keys a team's own cursor (resource teams), which keeps the
// ETag of the team's repo list and, in its Position, the team's id and name.
func teamCursorRepo(slug string) string { return "team:" + slug }

// collectTeams stores every team with the ids of its repos. Only stored repos
// are kept: a membership must point at one. The teams list and each team's
// repo list are asked for with their ETags. When the teams list is unchanged,
// a team whose repos answer 304 is left as stored; when it changed, every team
// is read whole and stored again. Lists of more than one page keep no ETag:
// a change on a later page leaves the first one as it was.
func (c *Collector) collectTeams(ctx context.Context, apply func(model.Batch) error, store model.Store,
	now time.Time, full bool, known map[int64]bool) error {
	fail := func(err error) error {
		if statusOf(err) == http.StatusUnauthorized {
			return c.orgError(err)
		}
		return fmt.Errorf("source %q: listing the teams of %q: %s", c.cfg.Name, c.cfg.Org, c.clean(err.Error()))
	}
	cur, err := store.Cursor(ctx, c.cfg.Name, "", model.ResourceTeams)
	if err != nil {
		return fmt.Errorf("source %q: %w", c.cfg.Name, err)
	}
	send := ""
	if !full {
		send = cur.ETag
	}
	teams, listETag, unchanged, err := c.listTeams(ctx, send)
	if err != nil {
		return fail(err)
	}
	cursors := map[string]model.Cursor{}
	if unchanged {
		var ok bool
		if teams, ok, err = storedTeams(ctx, store, c.cfg.Name, cur.Position, cursors); err != nil {
			return err
		}
		if !ok {
			unchanged = false
			if teams, listETag, _, err = c.listTeams(ctx, ""); err != nil {
				return fail(err)
			}
		}
	}
	var b model.Batch
	kept := teams[:0:0]
	for _, t := range teams {
		tc, ok := cursors[t.Slug]
		if !ok {
			if tc, err = store.Cursor(ctx, c.cfg.Name, teamCursorRepo(t.Slug), model.ResourceTeams); err != nil {
				return fmt.Errorf("source %q: %w", c.cfg.Name, err)
			}
		}
		send := ""
		if unchanged && !full {
			send = tc.ETag
		}
		all, etag, same, err := c.teamRepoIDs(ctx, t.Slug, send)
		if statusOf(err) == http.StatusNotFound {
			// Deleted since the list was read: one gone team must not stop
			// the pass. The list is remembered without it and read whole next
			// pass, which no longer shows it.
			unchanged, listETag = false, ""
			continue
		}
		if err != nil {
			return fail(err)
		}
		kept = append(kept, t)
		tc.LastSuccess, tc.LastError = now, ""
		if !same {
			var ids []int64
			for _, id := range all {
				if known[id] {
					ids = append(ids, id)
				}
			}
			if len(ids) < len(all) {
				etag = "" // a repo not stored yet: ask again once it is
			}
			b.Teams = append(b.Teams, model.ForgeTeam{
				Source:       c.cfg.Name,
				ForgeID:      t.ID,
				Slug:         sanitize.Line(t.Slug, sanitize.MaxName),
				Name:         sanitize.Line(t.Name, sanitize.MaxName),
				RepoForgeIDs: ids,
			})
			tc.Items += int64(len(ids))
			tc.ETag = etag
			tc.Position = encodeSmall(t)
		}
		b.Cursors = append(b.Cursors, tc)
	}
	cur.Items += int64(len(b.Teams))
	cur.LastSuccess, cur.LastError = now, ""
	if !unchanged {
		slugs := make([]string, 0, len(kept))
		for _, t := range kept {
			slugs = append(slugs, t.Slug)
		}
		cur.ETag, cur.Position = listETag, encodeSmall(teamsState{Slugs: slugs})
		if cur.Position == "" {
			cur.ETag = "" // too many teams to remember: read the list whole each pass
		}
	}
	b.Cursors = append(b.Cursors, cur)
	return apply(b)
}

// encodeSmall is v as JSON, or "" when it does not fit a cursor's Position.
func encodeSmall(v any) string {
	b, err := json.Marshal(v)
	if err != nil || len(b) > collectors.MaxPosition {
		return ""
	}
	return string(b)
}

// listTeams reads the teams list; unchanged reports a 304 to etag. The ETag
// returned is the first page's when the list has only that page.
func (c *Collector) listTeams(ctx context.Context, etag string) (teams []teamInfo, listETag string, unchanged bool, err error) {
	opt := &github.ListOptions{PerPage: perPage}
	listETag, unchanged, err = listPages(ctx, c, "teams", etag, &opt.Page,
		func(ctx context.Context) ([]*github.Team, *github.Response, error) {
			return c.gh.Teams.ListTeams(ctx, c.cfg.Org, opt)
		},
		func(page []*github.Team) {
			for _, t := range page {
				teams = append(teams, teamInfo{ID: t.GetID(), Slug: t.GetSlug(), Name: t.GetName()})
			}
		})
	if err != nil || unchanged {
		return nil, "", unchanged, err
	}
	return teams, listETag, false, nil
}

// storedTeams rebuilds the last teams list from the teams cursor's slugs and
// each team's cursor, which it puts in cursors; ok is false when one is missing.
func storedTeams(ctx context.Context, store model.Store, source, position string,
	cursors map[string]model.Cursor) ([]teamInfo, bool, error) {
	st := collectors.DecodePosition[teamsState](position)
	var teams []teamInfo
	for _, slug := range st.Slugs {
		tc, err := store.Cursor(ctx, source, teamCursorRepo(slug), model.ResourceTeams)
		if err != nil {
			return nil, false, fmt.Errorf("source %q: %w", source, err)
		}
		t := collectors.DecodePosition[teamInfo](tc.Position)
		if t.ID == 0 {
			return nil, false, nil
		}
		t.Slug = slug
		cursors[slug] = tc
		teams = append(teams, t)
	}
	return teams, true, nil
}

// teamRepoIDs lists a team's repo ids; same reports a 304 to etag. The ETag
// returned is the first page's when the list has only that page.
func (c *Collector) teamRepoIDs(ctx context.Context, slug, etag string) (ids []int64, listETag string, same bool, err error) {
	opt := &github.ListOptions{PerPage: perPage}
	listETag, same, err = listPages(ctx, c, "team repos", etag, &opt.Page,
		func(ctx context.Context) ([]*github.Repository, *github.Response, error) {
			return c.gh.Teams.ListTeamReposBySlug(ctx, c.cfg.Org, slug, opt)
		},
		func(repos []*github.Repository) {
			for _, r := range repos {
				ids = append(ids, r.GetID())
			}
		})
	if err != nil {
		return nil, "", false, fmt.Errorf("team %s: %w", slug, err)
	}
	if same {
		return nil, "", true, nil
	}
	return ids, listETag, false, nil
}
