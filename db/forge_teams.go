package db

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/paved-dev/paved/internal/sanitize"
	"github.com/paved-dev/paved/model"
)

var upsertForgeTeamSQL = upsertSQL("forge_teams", "source, forge_id", "slug, name", nil) + "\nRETURNING id"

const clearForgeTeamReposSQL = `DELETE FROM forge_team_repos WHERE team_id = ?`

const addForgeTeamRepoSQL = `
INSERT INTO forge_team_repos (team_id, repo_id) VALUES (?, ?)
ON CONFLICT DO NOTHING`

// forgeTeams stores each team and replaces its membership with the repos listed.
// A listed repo must already be stored, like any other record's repo.
// The team's id is needed for its members, so each team costs Postgres a round
// trip of its own.
func (a *applier) forgeTeams(teams []model.ForgeTeam) error {
	for _, t := range teams {
		source := a.sourceOf(t.Source)
		fail := func(err error) error { return fmt.Errorf("store team %s/%d: %w", source, t.ForgeID, err) }
		var teamID int64
		err := a.w.do(op{stmt: a.st.upsertForgeTeam,
			args: []any{source, t.ForgeID, sanitize.Flat(t.Slug, maxName), sanitize.Flat(t.Name, maxName)},
			row:  func(scan func(...any) error) error { return scan(&teamID) },
			fail: fail,
		})
		if err == nil {
			err = a.w.flush()
		}
		if err == nil {
			err = a.w.do(op{stmt: a.st.clearForgeTeamRepos, args: []any{teamID}, fail: fail})
		}
		if err != nil {
			return err
		}
		for _, repoForgeID := range t.RepoForgeIDs {
			repoID, err := a.repoID(source, repoForgeID)
			if err != nil {
				return fail(err)
			}
			if err := a.w.do(op{stmt: a.st.addForgeTeamRepo, args: []any{teamID, repoID}, fail: fail}); err != nil {
				return err
			}
		}
	}
	return nil
}

const forgeTeamsSQL = `SELECT id, source, forge_id, slug, name FROM forge_teams ORDER BY source, slug, forge_id`

const forgeTeamReposSQL = `
SELECT m.team_id, r.forge_id
FROM forge_team_repos m
JOIN repos r ON r.id = m.repo_id
ORDER BY m.team_id, r.forge_id`

// ForgeTeams returns every stored GitHub team and GitLab group with the forge ids of
// its repos, ordered by source and slug.
func (d *DB) ForgeTeams(ctx context.Context) ([]model.ForgeTeam, error) {
	var teams []model.ForgeTeam
	err := d.read(ctx, func(tx *sql.Tx) error {
		index := map[int64]int{}
		err := eachRow(ctx, tx, forgeTeamsSQL, nil, func(rows *sql.Rows) error {
			var id int64
			var t model.ForgeTeam
			err := rows.Scan(&id, &t.Source, &t.ForgeID, &t.Slug, &t.Name)
			index[id] = len(teams)
			teams = append(teams, t)
			return err
		})
		if err != nil {
			return err
		}
		return eachRow(ctx, tx, forgeTeamReposSQL, nil, func(members *sql.Rows) error {
			var teamID, repoForgeID int64
			if err := members.Scan(&teamID, &repoForgeID); err != nil {
				return err
			}
			if i, ok := index[teamID]; ok {
				teams[i].RepoForgeIDs = append(teams[i].RepoForgeIDs, repoForgeID)
			}
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("list forge teams: %w", err)
	}
	return teams, nil
}
