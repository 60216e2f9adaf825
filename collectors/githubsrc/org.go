package githubsrc

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/google/go-github/v60/github"
	"github.com/paved-dev/paved/internal/sanitize"
	"github.com/paved-dev/paved/model"
)

const perPage = 100

// collectOrg stores the org's repos and teams and returns the repos to walk.
// Both lists are asked for conditionally (orgrepos.go, teams.go): on a pass
// where nothing changed they cost one 304 each.
func (c *Collector) collectOrg(ctx context.Context, store model.Store, now time.Time, full bool, records *atomic.Int64) ([]repoRef, error) {
	apply := func(b model.Batch) error {
		b.Source = c.cfg.Name
		if err := store.Apply(ctx, b); err != nil {
			return fmt.Errorf("source %q: storing the organisation's %s: %w", c.cfg.Name, what(b), err)
		}
		records.Add(int64(b.Len()))
		return nil
	}
	refs, err := c.listRepos(ctx, store, apply, now, full)
	if err != nil {
		return nil, err
	}
	known, err := c.storedIDs(ctx, store, refs)
	if err != nil {
		return nil, err
	}
	if err := c.collectTeams(ctx, apply, store, now, full, known); err != nil {
		return nil, err
	}
	return refs, nil
}

// storedIDs are the repos a team membership may point at: those listed, and,
// when the store can list them, every stored repo of the source. A repo that
// moved while the list was paged through is missed by this pass's listing;
// dropping it from its teams would stick while their lists answer 304.
func (c *Collector) storedIDs(ctx context.Context, store model.Store, refs []repoRef) (map[int64]bool, error) {
	known := make(map[int64]bool, len(refs))
	for _, r := range refs {
		known[r.ID] = true
	}
	lister, ok := store.(model.RepoLister)
	if !ok {
		return known, nil
	}
	stored, err := lister.SourceRepos(ctx, c.cfg.Name)
	if err != nil {
		return nil, fmt.Errorf("source %q: reading the stored repositories: %w", c.cfg.Name, err)
	}
	for _, r := range stored {
		known[r.ForgeID] = true
	}
	return known, nil
}

func what(b model.Batch) string {
	if n := len(b.Cursors); len(b.Teams) > 0 || n > 0 && b.Cursors[n-1].Resource == model.ResourceTeams {
		return "teams"
	}
	return "repositories"
}

func convertRepo(source string, gr *github.Repository) (model.Repo, repoRef) {
	full := sanitize.Line(gr.GetFullName(), sanitize.MaxName)
	repo := model.Repo{
		Source:        source,
		ForgeID:       gr.GetID(),
		FullName:      full,
		DefaultBranch: sanitize.Line(gr.GetDefaultBranch(), sanitize.MaxName),
		Archived:      gr.GetArchived(),
		Fork:          gr.GetFork(),
		HTMLURL:       sanitize.Line(gr.GetHTMLURL(), sanitize.MaxLine),
		CreatedAt:     gr.GetCreatedAt().Time,
		UpdatedAt:     gr.GetUpdatedAt().Time,
	}
	ref := repoRef{
		ID:       gr.GetID(),
		FullName: full,
		Listed:   true,
	}
	if sa := gr.GetSecurityAndAnalysis(); sa != nil {
		ref.SecretScanning = sa.GetSecretScanning().GetStatus()
		ref.DependabotUpdates = sa.GetDependabotSecurityUpdates().GetStatus()
		// Stored with the repo: a pass whose list is unchanged reads them back.
		repo.SecretScanning = sanitize.Line(ref.SecretScanning, sanitize.MaxName)
		repo.DependabotUpdates = sanitize.Line(ref.DependabotUpdates, sanitize.MaxName)
	}
	return repo, ref
}

// storedRef is the ref of a repo the store holds. Requests address it by id,
// so its stored (cleaned, bounded) name only keys its cursors, as on the pass
// that listed it. Its scanner reports are those stored with it.
func storedRef(r model.Repo) repoRef {
	return repoRef{ID: r.ForgeID, FullName: r.FullName,
		SecretScanning: r.SecretScanning, DependabotUpdates: r.DependabotUpdates}
}
