package db

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"sync/atomic"
)

// CommitCounter reads, on one pinned reader connection, a number that changes
// whenever a write commits, so while it stands still nothing was written:
// SQLite's data_version (which moves when another connection commits), or on
// Postgres the counter row every write transaction bumps (dialect.go), which any
// replica's commit moves. It is safe for concurrent use; Close hands the
// connection back to the pool.
//
// Concurrent callers share reads: a caller takes a ticket on arrival, and a read
// that started after every ticket up to its own was taken (lastStart ≥ ticket)
// saw every commit made before that caller arrived, so its value serves the
// caller without another query. Pages under many clients then queue for one
// query at a time instead of one each.
type CommitCounter struct {
	d       *DB
	tickets atomic.Uint64
	mu      sync.Mutex
	conn    *sql.Conn
	stmt    *sql.Stmt
	// lastStart is the ticket count when the last successful read started;
	// last is what it read; queries counts the reads sent.
	lastStart uint64
	last      int64
	queries   int
}

// CommitCounter returns a counter of this database's commits; it pins a reader
// connection on first use.
func (d *DB) CommitCounter() *CommitCounter { return &CommitCounter{d: d} }

// Read returns the current count. After an error the pinned connection is
// dropped and the next Read pins a fresh one.
func (c *CommitCounter) Read(ctx context.Context) (int64, error) {
	ticket := c.tickets.Add(1)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.lastStart >= ticket {
		return c.last, nil
	}
	start := c.tickets.Load()
	if c.conn == nil {
		conn, err := c.d.reader.Conn(ctx)
		if err != nil {
			return 0, fmt.Errorf("data version: %w", err)
		}
		stmt, err := conn.PrepareContext(ctx, c.d.dialect.commitCounter)
		if err != nil {
			_ = conn.Close()
			return 0, fmt.Errorf("data version: %w", err)
		}
		c.conn, c.stmt = conn, stmt
	}
	var dv int64
	c.queries++
	if err := c.stmt.QueryRowContext(ctx).Scan(&dv); err != nil {
		c.release()
		return 0, fmt.Errorf("data version: %w", err)
	}
	c.lastStart, c.last = start, dv
	return dv, nil
}

// Close hands the pinned connection back to the pool.
func (c *CommitCounter) Close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.release()
}

func (c *CommitCounter) release() {
	if c.conn != nil {
		_ = c.stmt.Close()
		_ = c.conn.Close()
		c.conn, c.stmt = nil, nil
	}
}
