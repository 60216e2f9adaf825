package db

import (
	"context"
	"embed"
	"fmt"
	"io/fs"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

//go:embed migrations/sqlite/*.sql migrations/postgres/*.sql
var migrationFiles embed.FS

func (d *DB) migrator() (*goose.Provider, error) {
	fsys, err := fs.Sub(migrationFiles, "migrations/"+d.dialect.migrations)
	if err != nil {
		return nil, fmt.Errorf("migrations: %w", err)
	}
	opts, err := d.migrateOptions()
	if err != nil {
		return nil, fmt.Errorf("migrations: %w", err)
	}
	p, err := goose.NewProvider(d.dialect.goose, d.writer, fsys, opts...)
	if err != nil {
		return nil, fmt.Errorf("migrations: %w", err)
	}
	return p, nil
}

// Migrate applies every pending migration. It is a no-op on an up-to-date database.
func (d *DB) Migrate(ctx context.Context) error {
	p, err := d.migrator()
	if err != nil {
		return err
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("migrate %s: %w", d.path, err)
	}
	return nil
}

// SchemaVersion is the version of the newest migration applied.
func (d *DB) SchemaVersion(ctx context.Context) (int64, error) {
	p, err := d.migrator()
	if err != nil {
		return 0, err
	}
	v, err := p.GetDBVersion(ctx)
	if err != nil {
		return 0, fmt.Errorf("schema version: %w", err)
	}
	return v, nil
}

// migrateOptions: only this package's SQL files belong to the schema (the global
// registry holds Go migrations registered by any imported package), and on
// Postgres replicas starting together migrate one at a time under an advisory lock.
func (d *DB) migrateOptions() ([]goose.ProviderOption, error) {
	opts := []goose.ProviderOption{goose.WithDisableGlobalRegistry(true)}
	if d.Postgres() {
		locker, err := lock.NewPostgresSessionLocker()
		if err != nil {
			return nil, err
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	return opts, nil
}
