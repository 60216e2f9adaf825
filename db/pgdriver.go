package db

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"net/url"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// IsPostgres reports whether database (the config's `database` value) names a
// Postgres database, a postgres:// or postgresql:// URL, rather than a SQLite file.
func IsPostgres(database string) bool {
	return strings.HasPrefix(database, "postgres://") || strings.HasPrefix(database, "postgresql://")
}

// Redacted is database as it may be shown in a message: a Postgres URL without
// its password.
func Redacted(database string) string { return redacted(database) }

// redacted is database as it may be shown: a Postgres URL without its password
// (in the user-info or as a password= parameter).
func redacted(database string) string {
	if !IsPostgres(database) {
		return database
	}
	u, err := url.Parse(database)
	if err != nil {
		return "a Postgres URL that does not parse"
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.User(u.User.Username())
	}
	if q := u.Query(); q.Has("password") {
		q.Del("password")
		u.RawQuery = q.Encode()
	}
	return u.String()
}

func (d *DB) openPostgres(ctx context.Context, dsn string) error {
	writer, err := postgresPool(dsn, d.password, false)
	if err != nil {
		return fmt.Errorf("open database: %w", err)
	}
	d.writer = writerPool(writer, postgresWriters)
	if err := writer.PingContext(ctx); err != nil {
		_ = writer.Close()
		return fmt.Errorf("open database %s: %w", d.path, err)
	}
	reader, err := postgresPool(dsn, d.password, true)
	if err != nil {
		_ = writer.Close()
		return fmt.Errorf("open database: %w", err)
	}
	d.reader = readerPool(reader)
	// A connection to a server costs a round trip or several: the first read
	// finds one ready, as it finds SQLite's file open.
	if err := reader.PingContext(ctx); err != nil {
		_ = d.Close()
		return fmt.Errorf("open database %s: %w", d.path, err)
	}
	return nil
}

// postgresPool opens a pool of connections to the Postgres database at dsn whose
// queries are written with SQLite's parameters (see dollarPlaceholders). A
// non-empty password overrides the URL's and PGPASSWORD. A readOnly pool's
// transactions refuse writes, as SQLite's query-only readers do.
func postgresPool(dsn, password string, readOnly bool) (*sql.DB, error) {
	cfg, err := postgresConfig(dsn, password)
	if err != nil {
		return nil, err
	}
	if readOnly {
		cfg.RuntimeParams["default_transaction_read_only"] = "on"
	}
	return sql.OpenDB(placeholderConnector{stdlib.GetConnector(*cfg)}), nil
}

// PostgresNativePool opens a pool on a Postgres database whose queries are written
// with Postgres's own $n parameters (the job queue's), with the same password rule
// as the store's pools.
func PostgresNativePool(dsn, password string) (*sql.DB, error) {
	cfg, err := postgresConfig(dsn, password)
	if err != nil {
		return nil, err
	}
	return stdlib.OpenDB(*cfg), nil
}

// postgresConfig parses dsn; a non-empty password overrides the URL's and PGPASSWORD.
func postgresConfig(dsn, password string) (*pgx.ConnConfig, error) {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		// pgx's error quotes the URL, password included.
		return nil, fmt.Errorf("parse %s: not a valid Postgres URL", redacted(dsn))
	}
	if password != "" {
		cfg.Password = password
	}
	return cfg, nil
}

// placeholderConnector hands out pgx connections that rewrite parameters.
type placeholderConnector struct{ driver.Connector }

func (c placeholderConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return placeholderConn{conn.(*stdlib.Conn)}, nil
}

// placeholderConn is a pgx connection whose every query is rewritten by
// dollarPlaceholders; everything else (transactions, pings, session resets,
// argument checks) is pgx's own.
type placeholderConn struct{ *stdlib.Conn }

func (c placeholderConn) Prepare(query string) (driver.Stmt, error) {
	return c.Conn.Prepare(dollarPlaceholders(query))
}

func (c placeholderConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	return c.Conn.PrepareContext(ctx, dollarPlaceholders(query))
}

func (c placeholderConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	return c.Conn.ExecContext(ctx, dollarPlaceholders(query), args)
}

func (c placeholderConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	return c.Conn.QueryContext(ctx, dollarPlaceholders(query), args)
}
