package jobs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/rivermigrate"
)

// Queue is the job queue of one database.
type Queue struct {
	driver riverdriver.Driver[*sql.Tx]
	pool   *sql.DB
}

// Open opens the queue of database (a SQLite file or a postgres:// URL), without
// migrating it; password, when set, overrides a Postgres URL's.
func Open(ctx context.Context, database, password string) (*Queue, error) {
	driver, pool, err := driverFor(database, password)
	if err != nil {
		return nil, err
	}
	if err := pool.PingContext(ctx); err != nil {
		_ = pool.Close()
		return nil, fmt.Errorf("job queue: %w", err)
	}
	return &Queue{driver: driver, pool: pool}, nil
}

// Close closes the queue's pool; no client may run on it any more.
func (q *Queue) Close() error {
	if err := q.pool.Close(); err != nil {
		return fmt.Errorf("job queue: %w", err)
	}
	return nil
}

// Migrate creates or upgrades River's tables. It is a no-op on an up-to-date
// database, and returns River's schema version.
func (q *Queue) Migrate(ctx context.Context) (int, error) {
	m, err := rivermigrate.New(q.driver, nil)
	if err != nil {
		return 0, fmt.Errorf("job queue migrate: %w", err)
	}
	if _, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return 0, fmt.Errorf("job queue migrate: %w", err)
	}
	versions, err := m.ExistingVersions(ctx)
	if err != nil {
		return 0, fmt.Errorf("job queue migrate: %w", err)
	}
	if len(versions) == 0 {
		return 0, errors.New("job queue migrate: no version applied")
	}
	return versions[len(versions)-1].Version, nil
}
