package rescore

import (
	"encoding/json"
	"fmt"

	"github.com/paved-dev/paved/db"
	"github.com/paved-dev/paved/model"
	"github.com/paved-dev/paved/scoring"
)

// scorecardsOf evaluates every scope at every weekly snapshot, plus at AsOf itself
// when AsOf is not a snapshot instant, all in one pass over one index. Every scope
// gets at least the AsOf card, so the cards name every scope that exists.
func scorecardsOf(scopes map[string][]*scoring.RepoFacts, names map[string]string, opts Options) ([]db.StoredScorecard, error) {
	instants := scoring.Snapshots(opts.AsOf, opts.Weeks)
	if n := len(instants); n == 0 || !instants[n-1].Equal(opts.AsOf) {
		instants = append(instants, opts.AsOf)
	}
	var out []db.StoredScorecard
	for scope, list := range scoring.EvaluateAt(scopes, instants, opts.Config) {
		for _, sc := range list {
			sc.Team = scoring.TeamRef{Slug: scope, Name: names[scope]}
			body, err := json.Marshal(sc)
			if err != nil {
				return nil, fmt.Errorf("rescore: encode %s scorecard: %w", scope, err)
			}
			out = append(out, db.StoredScorecard{Scope: scope, AsOf: sc.AsOf, Level: sc.Level, Score: sc.Score, Body: body})
		}
	}
	return out, nil
}

func forgeTeamRefs(teams []model.ForgeTeam, facts *model.Facts) []scoring.ForgeTeamRef {
	kinds := map[string]string{}
	for _, r := range facts.Repos {
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
