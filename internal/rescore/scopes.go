package rescore

import (
	"slices"
	"time"

	"github.com/paved-dev/paved/db"
	"github.com/paved-dev/paved/model"
	"github.com/paved-dev/paved/scoring"
)

// BaselineOf is the instant the scorecard at asOf is compared with (db.BaselineOf:
// the store's readers find it there).
func BaselineOf(asOf time.Time) time.Time { return db.BaselineOf(asOf) }

// Instants are the instants a rescore at asOf stores, oldest first: the weekly
// snapshots (Monday 00:00 UTC), the change baseline BaselineOf(asOf), and asOf.
// Off-Monday instants other than asOf and its baseline are never stored, so a reader
// tells them apart: the newest is the current scorecard, the one 7 days before it
// its baseline.
func Instants(asOf time.Time, weeks int) []time.Time {
	instants := scoring.Snapshots(asOf, weeks)
	for _, t := range []time.Time{BaselineOf(asOf), asOf} {
		if !slices.ContainsFunc(instants, t.Equal) {
			instants = append(instants, t)
		}
	}
	slices.SortFunc(instants, time.Time.Compare)
	return instants
}

// scopesOf turns team membership (positions into repos) into the scopes to score,
// the organisation holding every repo, and the teams to store.
func scopesOf(members map[string][]int, repos []model.RepoRef, names map[string]string) (map[string][]int, []db.Team) {
	all := make([]int, len(repos))
	for i := range all {
		all[i] = i
	}
	scopes := map[string][]int{db.OrgScope: all}
	teams := make([]db.Team, 0, len(members))
	for slug, idx := range members {
		scopes[slug] = idx
		t := db.Team{Slug: slug, Name: names[slug]}
		for _, i := range idx {
			t.Repos = append(t.Repos, db.RepoRef{Source: repos[i].Source, ForgeID: repos[i].ForgeID})
		}
		teams = append(teams, t)
	}
	return scopes, teams
}

func forgeTeamRefs(teams []model.ForgeTeam, repos []model.RepoRef) []scoring.ForgeTeamRef {
	kinds := map[string]string{}
	for _, r := range repos {
		kinds[r.Source] = r.Kind
	}
	out := make([]scoring.ForgeTeamRef, 0, len(teams))
	for _, t := range teams {
		out = append(out, scoring.ForgeTeamRef{Source: t.Source, Kind: kinds[t.Source], Slug: t.Slug, RepoForgeIDs: t.RepoForgeIDs})
	}
	return out
}

func teamNames(specs []scoring.TeamSpec) map[string]string {
	names := map[string]string{scoring.UnassignedSlug: "Unassigned"}
	for _, t := range specs {
		slug := t.Slug
		if slug == "" {
			slug = scoring.Slugify(t.Name)
		}
		names[slug] = t.Name
	}
	return names
}
