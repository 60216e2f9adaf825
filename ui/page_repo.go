package ui

import (
	"context"
	"errors"
	"net/url"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/paved-dev/paved/db"
	"github.com/paved-dev/paved/model"
	"github.com/paved-dev/paved/scoring"
)

type repoPage struct {
	layout
	Repo     model.Repo
	Key      string
	WebURL   string
	Teams    []teamRef
	Activity db.RepoActivity
	Summary  *scoring.RepoSummary
	AsOf     time.Time
	Groups   []contribGroup
	// Eligible repos (neither archived nor a fork) count in the metrics; their
	// findings overdue at AsOf are listed as the team pages list them.
	Eligible     bool
	Overdue      []db.OverdueFinding
	OverdueTotal int
	OverdueAt    time.Time
	// OtherOpen counts the open findings the overdue list does not name.
	OtherOpen []openCount
	Levels    []repoTeamLevels
	Fixes     []repoFix
	// DetailsLimited: the viewer is a member of none of the repo's teams (nor
	// security or admin), so its findings are counted, not listed.
	DetailsLimited bool
}

func (s *server) repoPage(c *fiber.Ctx) error {
	source, err1 := url.PathUnescape(c.Params("source"))
	name, err2 := url.PathUnescape(c.Params("*"))
	if err1 != nil || err2 != nil || source == "" || name == "" {
		return notFound("a repo page is /repos/SOURCE/FULL_NAME, e.g. /repos/gh/acme/payments")
	}
	// The page reads the repo's facts, which a collection changes page after page.
	page, err := live(c.UserContext(), s.cache, "repo:"+source+"\x00"+name, func() (repoPage, error) {
		return s.buildRepo(c.UserContext(), source, name)
	})
	if err != nil {
		return err
	}
	page.layout = s.layoutFor(truncate(maxDisplay, page.Repo.FullName), "teams")
	if !s.detailsFor(c).anyOf(page.Teams) {
		page.Overdue, page.Fixes, page.DetailsLimited = nil, nil, true
	}
	return s.render(c, "repo", &page)
}

// buildRepo gathers the repo page of everyone who may see the repo's details;
// the caller limits it for others.
func (s *server) buildRepo(ctx context.Context, source, name string) (repoPage, error) {
	repo, err := s.db.RepoByName(ctx, source, name)
	if errors.Is(err, db.ErrNotFound) {
		return repoPage{}, notFound("there is no repo %q in source %q", truncate(maxDisplay, name), truncate(maxDisplay, source))
	}
	if err != nil {
		return repoPage{}, err
	}
	page := repoPage{Repo: repo, Key: repo.Source + ":" + repo.FullName, WebURL: webURL(repo.HTMLURL)}
	if page.Activity, err = s.db.RepoActivity(ctx, repo.Source, repo.ForgeID); err != nil {
		return repoPage{}, err
	}
	st, err := s.cache.state(ctx)
	if err != nil {
		return repoPage{}, err
	}
	if page.Teams, err = s.repoTeams(st, repo); err != nil {
		return repoPage{}, err
	}
	org, _, err := st.card(scopeOrg)
	if err != nil {
		return repoPage{}, err
	}
	if org != nil {
		page.AsOf = org.AsOf
		for i := range org.Repos {
			if org.Repos[i].Repo == page.Key {
				page.Summary = &org.Repos[i]
				break
			}
		}
		if page.Summary != nil {
			page.Groups = contributions(*page.Summary, org.Repos)
		}
		page.Eligible, page.OverdueAt = !repo.Archived && !repo.Fork, org.AsOf
		if page.Eligible {
			if page.Overdue, page.OverdueTotal, err = s.db.OverdueFindings(ctx, s.cfg, []string{page.Key}, org.AsOf, maxOverdueListed); err != nil {
				return repoPage{}, err
			}
			open, err := s.db.RepoOpenFindings(ctx, s.cfg, repo.Source, repo.FullName, org.AsOf)
			if err != nil {
				return repoPage{}, err
			}
			page.OtherOpen = otherOpen(open)
		}
	}
	if page.Levels, page.Fixes, err = repoStanding(st, page.Teams, page.Key); err != nil {
		return repoPage{}, err
	}
	return page, nil
}

func (s *server) repoTeams(st *state, repo model.Repo) ([]teamRef, error) {
	slugs, err := s.db.RepoTeams(st.ctx, repo.Source, repo.ForgeID)
	if err != nil {
		return nil, err
	}
	if len(slugs) == 0 && st.has(scoring.UnassignedSlug) {
		slugs = []string{scoring.UnassignedSlug}
	}
	var out []teamRef
	for _, slug := range slugs {
		t, ok, err := st.team(s, slug)
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, t)
		}
	}
	return out, nil
}
