package db

import (
	"context"
	"database/sql"
	"fmt"
	"runtime"
	"strings"
	"time"

	"github.com/mattn/go-sqlite3"
)

// driverName is go-sqlite3 with Paved's per-connection settings.
const driverName = "sqlite3-paved"

// walCheckpointPages is how large the WAL grows before a commit copies it back into
// the database (default 1000 pages). Ingest rewrites the same index pages in many
// small transactions; a larger WAL copies each of them back once instead of many
// times, at the price of up to ~16 MiB more on disk.
const walCheckpointPages = 4000

func init() {
	sql.Register(driverName, &sqlite3.SQLiteDriver{
		ConnectHook: func(c *sqlite3.SQLiteConn) error {
			_, err := c.Exec(fmt.Sprintf("PRAGMA wal_autocheckpoint = %d", walCheckpointPages), nil)
			return err
		},
	})
}

// busyTimeout is how long a connection waits for another process's lock before
// SQLITE_BUSY surfaces.
const busyTimeout = 5 * time.Second

func writerDSN(path string) string {
	return fmt.Sprintf("%s?_journal_mode=WAL&_synchronous=NORMAL&_foreign_keys=1&_busy_timeout=%d&_txlock=immediate&_cache_size=-32768",
		path, busyTimeout.Milliseconds())
}

// Readers never set the journal mode: it is persistent in the file and switching it
// needs a write lock.
func readerDSN(path string) string {
	return fmt.Sprintf("%s?_synchronous=NORMAL&_foreign_keys=1&_busy_timeout=%d&_query_only=1&_txlock=deferred",
		path, busyTimeout.Milliseconds())
}

func (d *DB) openSQLite(ctx context.Context, path string) error {
	if path == "" || path == ":memory:" || strings.ContainsRune(path, '?') {
		return fmt.Errorf("open database: %q is not a usable file path", path)
	}
	writer, err := sql.Open(driverName, writerDSN(path))
	if err != nil {
		return fmt.Errorf("open database %s: %w", path, err)
	}
	d.writer = writerPool(writer, 1)
	// The writer connects first so the file exists and is in WAL mode before any
	// reader opens it.
	if err := writer.PingContext(ctx); err != nil {
		_ = writer.Close()
		return fmt.Errorf("open database %s: %w", path, err)
	}
	reader, err := sql.Open(driverName, readerDSN(path))
	if err != nil {
		_ = writer.Close()
		return fmt.Errorf("open database %s: %w", path, err)
	}
	d.reader = readerPool(reader)
	return nil
}

// postgresWriters is how many write transactions one process runs on Postgres at
// once: a collector's concurrent repos store their pages side by side, the
// server working on one while Paved prepares the next, where SQLite's one
// writer takes them in turn. Transactions that meet in a deadlock are run
// again (retryConflicts).
const postgresWriters = 4

func writerPool(p *sql.DB, n int) *sql.DB {
	p.SetMaxOpenConns(n)
	p.SetMaxIdleConns(n)
	p.SetConnMaxLifetime(0)
	p.SetConnMaxIdleTime(0)
	return p
}

func readerPool(p *sql.DB) *sql.DB {
	readers := max(4, runtime.NumCPU())
	p.SetMaxOpenConns(readers)
	p.SetMaxIdleConns(readers)
	return p
}
