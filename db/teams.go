package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/paved-dev/paved/internal/sanitize"
)

// Team is a team from the config file with its resolved repos.
type Team struct {
	Slug  string
	Name  string
	Repos []RepoRef
}

// RepoRef names a repo by its source and forge id.
type RepoRef struct {
	Source  string
	ForgeID int64
}

// ReplaceTeams replaces every config team and its membership in one transaction.
// Every repo referred to must already be stored.
func (d *DB) ReplaceTeams(ctx context.Context, teams []Team) error {
	now := d.Now().Unix()
	if err := d.write(ctx, func(tx *sql.Tx) error { return replaceTeams(ctx, tx, teams, now) }); err != nil {
		return fmt.Errorf("replace teams: %w", err)
	}
	return nil
}

// replaceTeams is ReplaceTeams inside the caller's transaction, so ReplaceScorecards can
// store the teams and their scorecards together.
func replaceTeams(ctx context.Context, tx *sql.Tx, teams []Team, now int64) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM teams`); err != nil {
		return err
	}
	insertTeam, err := tx.PrepareContext(ctx, `INSERT INTO teams (slug, name, updated_at) VALUES (?, ?, ?)`)
	if err != nil {
		return err
	}
	lookup, err := tx.PrepareContext(ctx, repoIDSQL)
	if err != nil {
		return err
	}
	addRepo, err := tx.PrepareContext(ctx,
		`INSERT INTO team_repos (team_slug, repo_id) VALUES (?, ?) ON CONFLICT DO NOTHING`)
	if err != nil {
		return err
	}
	for _, t := range teams {
		if _, err := insertTeam.ExecContext(ctx, sanitize.Flat(t.Slug, maxName), sanitize.Flat(t.Name, maxName), now); err != nil {
			return fmt.Errorf("team %s: %w", t.Slug, err)
		}
		for _, r := range t.Repos {
			var repoID int64
			err := lookup.QueryRowContext(ctx, r.Source, r.ForgeID).Scan(&repoID)
			if errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("team %s: unknown repo %s/%d", t.Slug, r.Source, r.ForgeID)
			}
			if err != nil {
				return fmt.Errorf("team %s: %w", t.Slug, err)
			}
			if _, err := addRepo.ExecContext(ctx, sanitize.Flat(t.Slug, maxName), repoID); err != nil {
				return fmt.Errorf("team %s: %w", t.Slug, err)
			}
		}
	}
	return nil
}

const teamReposSQL = `
SELECT m.team_slug, r.source, r.forge_id
FROM team_repos m
JOIN repos r ON r.id = m.repo_id
ORDER BY m.team_slug, r.source, r.forge_id`

// Teams returns the config teams ordered by slug, each with its repos ordered by
// source and forge id.
func (d *DB) Teams(ctx context.Context) ([]Team, error) {
	var teams []Team
	err := d.read(ctx, func(tx *sql.Tx) error {
		index := map[string]int{}
		err := eachRow(ctx, tx, `SELECT slug, name FROM teams ORDER BY slug`, nil, func(rows *sql.Rows) error {
			var t Team
			err := rows.Scan(&t.Slug, &t.Name)
			index[t.Slug] = len(teams)
			teams = append(teams, t)
			return err
		})
		if err != nil {
			return err
		}
		return eachRow(ctx, tx, teamReposSQL, nil, func(members *sql.Rows) error {
			var slug string
			var r RepoRef
			if err := members.Scan(&slug, &r.Source, &r.ForgeID); err != nil {
				return err
			}
			if i, ok := index[slug]; ok {
				teams[i].Repos = append(teams[i].Repos, r)
			}
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("list teams: %w", err)
	}
	return teams, nil
}
