package db

import (
	"context"
	"fmt"
)

// TeamName is a config team's slug and display name.
type TeamName struct {
	Slug string
	Name string
}

// TeamNames returns the config teams without their membership, ordered by slug.
func (d *DB) TeamNames(ctx context.Context) ([]TeamName, error) {
	rows, err := d.reader.QueryContext(ctx, `SELECT slug, name FROM teams ORDER BY slug`)
	if err != nil {
		return nil, fmt.Errorf("team names: %w", err)
	}
	defer rows.Close()
	var out []TeamName
	for rows.Next() {
		var t TeamName
		if err := rows.Scan(&t.Slug, &t.Name); err != nil {
			return nil, fmt.Errorf("team names: %w", err)
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("team names: %w", err)
	}
	return out, nil
}

// SourceKinds maps each configured source's name to its forge kind.
func (d *DB) SourceKinds(ctx context.Context) (map[string]string, error) {
	rows, err := d.reader.QueryContext(ctx, `SELECT name, kind FROM sources`)
	if err != nil {
		return nil, fmt.Errorf("source kinds: %w", err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var name, kind string
		if err := rows.Scan(&name, &kind); err != nil {
			return nil, fmt.Errorf("source kinds: %w", err)
		}
		out[name] = kind
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("source kinds: %w", err)
	}
	return out, nil
}
