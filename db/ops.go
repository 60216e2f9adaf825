package db

import (
	"context"
	"database/sql"
)

// op is one statement of an Apply.
type op struct {
	stmt *statement
	args []any
	// facts is the stored repo whose facts rows the statement writes, whose
	// facts version moves when it changes a row; 0 for none.
	facts int64
	// row, when set, is given each row the statement returns.
	row func(scan func(dst ...any) error) error
	// fail names the record in the statement's error; the error it returns is
	// the one Apply's caller sees, wrapped by nothing but Apply's own context.
	fail func(error) error
}

// opSink runs an Apply's statements in its transaction. SQLite's runs each at
// once; Postgres's queues them and sends what is queued in one round trip when
// flushed (pipeline.go). Either way an op's rows and its error have been
// delivered when flush returns, and an error from do or flush may be that of
// any op done before it. The repos whose facts rows changed have their facts
// version marked before the transaction commits.
type opSink interface {
	do(o op) error
	flush() error
}

// writeOps runs fn in one write transaction through the store's opSink.
//
// Statements run under a context that is never cancelled: given a cancellable
// one, go-sqlite3 starts a watcher goroutine for every single statement, which
// costs more than the insert itself. Cancellation is still honoured, before
// each statement or round trip, and by the transaction's rollback.
func (d *DB) writeOps(ctx context.Context, fn func(opSink) error) error {
	if d.dialect.markFacts != nil {
		return d.pipelined(ctx, fn)
	}
	return d.write(ctx, func(tx *sql.Tx) error {
		s := &txSink{parent: ctx, ctx: context.WithoutCancel(ctx), tx: tx}
		if err := fn(s); err != nil {
			return err
		}
		return s.bumpFactsVersions(d.stmts.bumpFactsVersion)
	})
}

// txSink runs each op at once in a database/sql transaction.
type txSink struct {
	parent, ctx context.Context
	tx          *sql.Tx
	bound       map[*statement]*sql.Stmt
	// changed holds the stored repos whose facts rows the ops have changed.
	changed map[int64]bool
}

func (s *txSink) do(o op) error {
	if err := s.parent.Err(); err != nil {
		return err
	}
	stmt := s.bound[o.stmt]
	if stmt == nil {
		stmt = s.tx.StmtContext(s.ctx, o.stmt.prepared)
		if s.bound == nil {
			s.bound = make(map[*statement]*sql.Stmt)
		}
		s.bound[o.stmt] = stmt
	}
	if o.row != nil {
		return s.query(stmt, o)
	}
	res, err := stmt.ExecContext(s.ctx, o.args...)
	if err != nil {
		return o.fail(err)
	}
	if o.facts == 0 {
		return nil
	}
	n, err := res.RowsAffected()
	if err != nil {
		return o.fail(err)
	}
	if n > 0 {
		if s.changed == nil {
			s.changed = make(map[int64]bool)
		}
		s.changed[o.facts] = true
	}
	return nil
}

func (s *txSink) query(stmt *sql.Stmt, o op) error {
	rows, err := stmt.QueryContext(s.ctx, o.args...)
	if err != nil {
		return o.fail(err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := o.row(rows.Scan); err != nil {
			return o.fail(err)
		}
	}
	if err := rows.Err(); err != nil {
		return o.fail(err)
	}
	return nil
}

func (s *txSink) flush() error { return nil }
