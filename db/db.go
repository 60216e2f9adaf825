// Package db is Paved's SQLite store: collected forge facts, sync cursors, teams and
// scorecards.
//
// One DB value holds two pools on the same file: a writer of exactly one connection,
// whose transactions start with BEGIN IMMEDIATE so they never fail half-way on a lock
// upgrade, and a pool of query-only readers that WAL mode lets run beside the writer.
package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"time"
)

// DB is the store. It is safe for concurrent use.
type DB struct {
	// Now is the clock used for bookkeeping timestamps; tests inject it with WithNow.
	Now func() time.Time

	path   string
	writer *sql.DB
	reader *sql.DB
	stmts  *statements
}

// Option configures Open.
type Option func(*DB)

// WithNow injects the clock.
func WithNow(now func() time.Time) Option {
	return func(d *DB) { d.Now = now }
}

// Open opens (creating if needed) the database at path and migrates it to the latest
// schema.
func Open(ctx context.Context, path string, opts ...Option) (*DB, error) {
	if path == "" || path == ":memory:" || strings.ContainsRune(path, '?') {
		return nil, fmt.Errorf("open database: %q is not a usable file path", path)
	}
	d := &DB{Now: time.Now, path: path}
	for _, opt := range opts {
		opt(d)
	}

	writer, err := sql.Open(driverName, writerDSN(path))
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	writer.SetMaxOpenConns(1)
	writer.SetMaxIdleConns(1)
	writer.SetConnMaxLifetime(0)
	writer.SetConnMaxIdleTime(0)
	d.writer = writer
	// The writer connects first so the file exists and is in WAL mode before any
	// reader opens it.
	if err := writer.PingContext(ctx); err != nil {
		_ = writer.Close()
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}

	readers := max(4, runtime.NumCPU())
	reader, err := sql.Open(driverName, readerDSN(path))
	if err != nil {
		_ = writer.Close()
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	reader.SetMaxOpenConns(readers)
	reader.SetMaxIdleConns(readers)
	d.reader = reader

	if err := d.Migrate(ctx); err != nil {
		_ = d.Close()
		return nil, err
	}
	if d.stmts, err = prepareStatements(ctx, writer); err != nil {
		_ = d.Close()
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	return d, nil
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

// Path is the database file.
func (d *DB) Path() string { return d.path }

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
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// read runs fn in one read transaction, so that its queries see one snapshot.
func (d *DB) read(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := d.reader.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("begin read: %w", err)
	}
	defer func() { _ = tx.Rollback() }()
	return fn(tx)
}
