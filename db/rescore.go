package db

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/paved-dev/paved/model"
	"github.com/paved-dev/paved/scoring"
)

// OrgScope is the scorecard scope of the whole organisation.
const OrgScope = "org"

// RescoreOptions steer Rescore.
type RescoreOptions struct {
	Teams  []scoring.TeamSpec
	Config scoring.Config
	AsOf   time.Time
	Weeks  int // weekly snapshots to recompute; 52 when zero
}

// RescoreResult says what a rescore computed.
type RescoreResult struct {
	Repos      int
	Scopes     int
	Scorecards int
}

// Rescore recomputes, from stored facts only, the team membership, every scope's
// weekly snapshots (Monday 00:00 UTC) and its scorecard at AsOf, and stores them in
// one transaction. Rescoring again with the same facts and AsOf changes nothing.
func (d *DB) Rescore(ctx context.Context, opts RescoreOptions) (RescoreResult, error) {
	if opts.Weeks <= 0 {
		opts.Weeks = 52
	}
	// Scorecards are keyed by the second: the instant in their JSON says the same.
	opts.AsOf = opts.AsOf.UTC().Truncate(time.Second)
	facts, err := d.LoadFacts(ctx)
	if err != nil {
		return RescoreResult{}, err
	}
	forgeTeams, err := d.ForgeTeams(ctx)
	if err != nil {
		return RescoreResult{}, fmt.Errorf("rescore: %w", err)
	}
	members, err := scoring.ResolveTeams(opts.Teams, facts.Refs(), forgeTeamRefs(forgeTeams, facts))
	if err != nil {
		return RescoreResult{}, fmt.Errorf("rescore: teams: %w", err)
	}
	names := teamNames(opts.Teams)
	scopes := map[string][]*scoring.RepoFacts{OrgScope: facts.All()}
	teams := make([]Team, 0, len(members))
	for slug, idx := range members {
		scopes[slug] = facts.Scope(idx)
		t := Team{Slug: slug, Name: names[slug]}
		for _, i := range idx {
			t.Repos = append(t.Repos, RepoRef{Source: facts.Repos[i].Source, ForgeID: facts.Repos[i].ForgeID})
		}
		teams = append(teams, t)
	}
	names[OrgScope] = "Organisation"

	cards, err := scorecardsOf(scopes, names, opts)
	if err != nil {
		return RescoreResult{}, err
	}
	// Teams and scorecards commit together: a reader never sees a team whose
	// scorecards belong to the previous membership.
	now := d.Now().Unix()
	err = d.write(ctx, func(tx *sql.Tx) error {
		if err := replaceTeams(ctx, tx, teams, now); err != nil {
			return fmt.Errorf("replace teams: %w", err)
		}
		return replaceScorecards(ctx, tx, cards, scopes)
	})
	if err != nil {
		return RescoreResult{}, fmt.Errorf("rescore: %w", err)
	}
	return RescoreResult{Repos: len(facts.Repos), Scopes: len(scopes), Scorecards: len(cards)}, nil
}

// scorecardsOf evaluates every scope at every weekly snapshot, plus at AsOf itself
// when AsOf is not a snapshot instant, all in one pass over one index.
func scorecardsOf(scopes map[string][]*scoring.RepoFacts, names map[string]string, opts RescoreOptions) ([]StoredScorecard, error) {
	instants := scoring.Snapshots(opts.AsOf, opts.Weeks)
	if n := len(instants); n == 0 || !instants[n-1].Equal(opts.AsOf) {
		instants = append(instants, opts.AsOf)
	}
	var out []StoredScorecard
	for scope, list := range scoring.EvaluateAt(scopes, instants, opts.Config) {
		for _, sc := range list {
			sc.Team = scoring.TeamRef{Slug: scope, Name: names[scope]}
			body, err := json.Marshal(sc)
			if err != nil {
				return nil, fmt.Errorf("rescore: encode %s scorecard: %w", scope, err)
			}
			out = append(out, StoredScorecard{Scope: scope, AsOf: sc.AsOf, Level: sc.Level, Score: sc.Score, Body: body})
		}
	}
	return out, nil
}

// mondayOffset is the unix time of the first Monday 00:00 UTC (1970-01-05).
const mondayOffset = 4 * 24 * 3600

// replaceScorecards stores the cards and drops the rows they supersede: earlier
// off-snapshot "latest" rows, and scopes that no longer exist.
func replaceScorecards(ctx context.Context, tx *sql.Tx, cards []StoredScorecard, scopes map[string][]*scoring.RepoFacts) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM scorecards WHERE (as_of - ?) % 604800 != 0`, mondayOffset); err != nil {
		return fmt.Errorf("drop stale scorecards: %w", err)
	}
	keep, err := json.Marshal(mapKeys(scopes))
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM scorecards WHERE scope NOT IN (SELECT value FROM json_each(?))`, string(keep)); err != nil {
		return fmt.Errorf("drop removed scopes: %w", err)
	}
	return upsertScorecards(ctx, tx, cards)
}

func forgeTeamRefs(teams []model.ForgeTeam, facts *scoring.Facts) []scoring.ForgeTeamRef {
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

func mapKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
