package db

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// The statements that frame a pipelined transaction: BEGIN goes with the first
// round trip, the commit counter and COMMIT with the last.
var (
	beginStatement       = &statement{text: "BEGIN"}
	countCommitStatement = &statement{text: postgresDialect.bumpCommits}
	commitStatement      = &statement{text: "COMMIT"}
)

// pipelined runs fn in one transaction on Postgres's writer connection, sending
// the ops queued between two flushes in one round trip (pgx's pipeline mode): a
// page of records costs a few round trips, not one per statement, which is most
// of what a statement costs a server on the other side of a socket.
func (d *DB) pipelined(ctx context.Context, fn func(opSink) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	run := context.WithoutCancel(ctx)
	conn, err := d.writer.Conn(run)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer conn.Close()
	return conn.Raw(func(driverConn any) error {
		p := &pipeline{parent: ctx, ctx: run, conn: driverConn.(placeholderConn).Conn.Conn()}
		err := p.transaction(fn)
		if err != nil {
			p.rollback()
		}
		return err
	})
}

// pipeline is Postgres's opSink: ops wait in queued until a flush sends them.
type pipeline struct {
	parent, ctx context.Context
	conn        *pgx.Conn
	queued      []op
}

func (p *pipeline) transaction(fn func(opSink) error) error {
	p.queued = append(p.queued, op{stmt: beginStatement, fail: func(err error) error { return fmt.Errorf("begin: %w", err) }})
	if err := fn(p); err != nil {
		return err
	}
	p.queued = append(p.queued,
		op{stmt: countCommitStatement, fail: func(err error) error { return fmt.Errorf("count commit: %w", err) }},
		op{stmt: commitStatement, fail: func(err error) error { return fmt.Errorf("commit: %w", err) }})
	return p.flush()
}

func (p *pipeline) do(o op) error {
	if err := p.parent.Err(); err != nil {
		return err
	}
	p.queued = append(p.queued, o)
	return nil
}

// flush sends every queued op in one round trip and reads their results in
// order, stopping at the first error, after which the server has run none of
// the ops after it.
func (p *pipeline) flush() error {
	if len(p.queued) == 0 {
		return nil
	}
	if err := p.parent.Err(); err != nil {
		return err
	}
	batch := &pgx.Batch{QueuedQueries: make([]*pgx.QueuedQuery, 0, len(p.queued))}
	for _, o := range p.queued {
		batch.Queue(o.stmt.text, o.args...)
	}
	queued := p.queued
	p.queued = nil
	results := p.conn.SendBatch(p.ctx, batch)
	err := p.results(results, queued)
	if closeErr := results.Close(); err == nil && closeErr != nil {
		err = fmt.Errorf("pipeline: %w", closeErr)
	}
	return err
}

func (p *pipeline) results(results pgx.BatchResults, queued []op) error {
	for _, o := range queued {
		if o.row != nil {
			if err := p.rows(results, o); err != nil {
				return o.fail(err)
			}
			continue
		}
		// A statement that writes facts marks them itself (markFactsSQL).
		if _, err := results.Exec(); err != nil {
			return o.fail(err)
		}
	}
	return nil
}

func (p *pipeline) rows(results pgx.BatchResults, o op) error {
	rows, err := results.Query()
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := o.row(rows.Scan); err != nil {
			return err
		}
	}
	return rows.Err()
}

// rollback ends a transaction that failed, if the server began it. A connection
// that cannot roll back is closed, so that the pool replaces it rather than hand
// out one inside a transaction.
func (p *pipeline) rollback() {
	if p.conn.IsClosed() || p.conn.PgConn().TxStatus() == 'I' {
		return
	}
	if _, err := p.conn.Exec(p.ctx, "ROLLBACK"); err != nil {
		_ = p.conn.Close(p.ctx)
	}
}
