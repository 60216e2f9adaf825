// Package db is Paved's store: collected forge facts, sync cursors, teams and
// scorecards, in a SQLite file (the default) or a Postgres database.
//
// One DB value holds two pools: a writer of exactly one connection and a pool of
// readers. On SQLite both are on the same file: the writer's transactions start with
// BEGIN IMMEDIATE so they never fail half-way on a lock upgrade, and WAL mode lets
// the query-only readers run beside it. On Postgres the one writer keeps a
// process's writes in the order SQLite's single writer gives them; several
// processes sharing a database write concurrently under READ COMMITTED, where
// every write is an upsert keyed on a unique constraint. A collector's page
// (Apply) reaches Postgres pipelined, its statements sent together in as few
// round trips as their answers allow, one for a page of a known repo
// (pipeline.go).
package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// DB is the store. It is safe for concurrent use.
type DB struct {
	// Now is the clock used for bookkeeping timestamps; tests inject it with WithNow.
	Now func() time.Time

	path     string // the SQLite file, or the Postgres URL without its password
	dialect  dialect
	password string
	writer   *sql.DB
	reader   *sql.DB
	stmts    *statements
	repoIDs  committedRepoIDs
}

// Option configures Open.
type Option func(*DB)

// WithNow injects the clock.
func WithNow(now func() time.Time) Option {
	return func(d *DB) { d.Now = now }
}

// WithPassword is the Postgres password, overriding the URL's and PGPASSWORD;
// SQLite ignores it.
func WithPassword(password string) Option {
	return func(d *DB) { d.password = password }
}

// Open opens the database and migrates it to the latest schema: a Postgres
// database when database is a postgres:// URL (IsPostgres), else the SQLite file
// at that path, created if needed.
func Open(ctx context.Context, database string, opts ...Option) (*DB, error) {
	d := &DB{Now: time.Now, path: redacted(database), dialect: sqliteDialect}
	for _, opt := range opts {
		opt(d)
	}
	var err error
	if IsPostgres(database) {
		d.dialect = postgresDialect
		err = d.openPostgres(ctx, database)
	} else {
		err = d.openSQLite(ctx, database)
	}
	if err != nil {
		return nil, err
	}
	if err := d.Migrate(ctx); err != nil {
		_ = d.Close()
		return nil, err
	}
	if d.stmts, err = prepareStatements(ctx, d.writer, d.dialect); err != nil {
		_ = d.Close()
		return nil, fmt.Errorf("open database %s: %w", d.path, err)
	}
	return d, nil
}

// OpenRaw opens a pool on database with the writer's connection settings but
// neither migrations nor statements, for tools and tests that write rows no
// method of DB writes. Queries are written with SQLite's parameters on both
// stores.
func OpenRaw(database string) (*sql.DB, error) {
	if IsPostgres(database) {
		return postgresPool(database, "", false)
	}
	return sql.Open(driverName, writerDSN(database))
}

// Close closes both pools.
func (d *DB) Close() error {
	var errs []error
	if d.stmts != nil {
		errs = append(errs, d.stmts.close())
	}
	if d.reader != nil {
		errs = append(errs, d.reader.Close())
	}
	if d.writer != nil {
		errs = append(errs, d.writer.Close())
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("close database: %w", err)
	}
	return nil
}

// Reader is the query-only pool, for other packages' read queries.
func (d *DB) Reader() *sql.DB { return d.reader }

// Path is the database file, or the Postgres URL without its password.
func (d *DB) Path() string { return d.path }

// Postgres reports whether the store is a Postgres database.
func (d *DB) Postgres() bool { return d.dialect.name == postgresDialect.name }

// write runs fn in one write transaction, committing when fn returns nil.
//
// The transaction itself is begun without cancellation: given a cancellable context,
// go-sqlite3 and database/sql each start a watcher goroutine, a cost paid on every
// small batch. fn sees ctx and stops when it is done; its error rolls back.
func (d *DB) write(ctx context.Context, fn func(tx *sql.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	tx, err := d.writer.BeginTx(context.WithoutCancel(ctx), nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	if d.dialect.bumpCommits != "" {
		if _, err := tx.ExecContext(ctx, d.dialect.bumpCommits); err != nil {
			_ = tx.Rollback()
			return fmt.Errorf("count commit: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// read runs fn in one read transaction, so that its queries see one snapshot.
func (d *DB) read(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := d.reader.BeginTx(ctx, &d.dialect.readTx)
	if err != nil {
		return fmt.Errorf("begin read: %w", err)
	}
	defer func() { _ = tx.Rollback() }()
	return fn(tx)
}
