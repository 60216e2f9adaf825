package db

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/paved-dev/paved/internal/sanitize"
)

// The sources table has no token column on purpose: tokens live only in the
// environment or a file named by the config.
var upsertSourceSQL = upsertSQL("sources", "name", "kind, base_url, org, updated_at", nil)

// UpsertSource records a configured source.
func (d *DB) UpsertSource(ctx context.Context, name, kind, baseURL, org string) error {
	err := d.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, upsertSourceSQL, sanitize.Flat(name, maxName), sanitize.Flat(kind, maxName),
			sanitize.Flat(baseURL, maxText), sanitize.Flat(org, maxName), d.Now().Unix())
		return err
	})
	if err != nil {
		return fmt.Errorf("store source %s: %w", name, err)
	}
	return nil
}
