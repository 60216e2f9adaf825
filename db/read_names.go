package db

import (
	"context"
	"database/sql"
	"fmt"
)

// TeamName is a config team's slug and display name.
type TeamName struct {
	Slug string
	Name string
}

// TeamNames returns the config teams without their membership, ordered by slug.
func (d *DB) TeamNames(ctx context.Context) ([]TeamName, error) {
	out, err := allRows(ctx, d.reader, `SELECT slug, name FROM teams ORDER BY slug`, nil, func(row rowScanner) (TeamName, error) {
		var t TeamName
		err := row.Scan(&t.Slug, &t.Name)
		return t, err
	})
	if err != nil {
		return nil, fmt.Errorf("team names: %w", err)
	}
	return out, nil
}

// SourceKinds maps each configured source's name to its forge kind.
func (d *DB) SourceKinds(ctx context.Context) (map[string]string, error) {
	out := map[string]string{}
	err := eachRow(ctx, d.reader, `SELECT name, kind FROM sources`, nil, func(rows *sql.Rows) error {
		var name, kind string
		err := rows.Scan(&name, &kind)
		out[name] = kind
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("source kinds: %w", err)
	}
	return out, nil
}
