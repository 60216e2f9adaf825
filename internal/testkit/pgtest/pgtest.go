// Package pgtest gives tests a fresh Postgres database when PAVED_TEST_POSTGRES
// names a server (a postgres:// URL whose role may create databases); without it
// tests run on SQLite only. It imports nothing of the project, so db's own tests
// use it too.
package pgtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver
)

// Env names the server the suites run on Postgres against.
const Env = "PAVED_TEST_POSTGRES"

// Server is the URL of the test server, "" when tests run on SQLite only.
func Server() string { return os.Getenv(Env) }

// Database creates a database on the test server, dropped when the test ends,
// and returns its URL.
func Database(tb testing.TB) string {
	tb.Helper()
	return Copy(tb, "")
}

// Copy is Database holding what the database at template holds ("" for an empty
// one). Nobody may be connected to template.
func Copy(tb testing.TB, template string) string {
	tb.Helper()
	database, err := Create(template)
	if err != nil {
		tb.Fatalf("create test database: %v", err)
	}
	tb.Cleanup(func() {
		if err := Drop(database); err != nil {
			tb.Errorf("drop test database: %v", err)
		}
	})
	return database
}

// Create creates a database on the test server, a copy of template unless that
// is "", and returns its URL; Drop removes it.
func Create(template string) (string, error) {
	u, err := url.Parse(Server())
	if Server() == "" || err != nil {
		return "", fmt.Errorf("%s is not a postgres:// URL", Env)
	}
	var random [8]byte
	_, _ = rand.Read(random[:])
	name := "paved_t_" + hex.EncodeToString(random[:])
	statement := `CREATE DATABASE ` + name
	if template != "" {
		from, err := nameOf(template)
		if err != nil {
			return "", err
		}
		statement += ` TEMPLATE ` + from
	}
	// A template's last connections may still be closing on the server.
	for try := 0; ; try++ {
		err = exec(statement)
		var pe *pgconn.PgError
		if err == nil || try == 50 || !errors.As(err, &pe) || pe.Code != "55006" {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err != nil {
		return "", err
	}
	u.Path = "/" + name
	return u.String(), nil
}

// Drop removes a database Create made, whoever is still connected to it.
func Drop(database string) error {
	name, err := nameOf(database)
	if err != nil {
		return err
	}
	return exec(`DROP DATABASE IF EXISTS ` + name + ` WITH (FORCE)`)
}

func nameOf(database string) (string, error) {
	u, err := url.Parse(database)
	if err != nil || len(u.Path) < 2 {
		return "", fmt.Errorf("%q names no database", database)
	}
	return u.Path[1:], nil
}

func exec(statement string) error {
	conn, err := sql.Open("pgx", Server())
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(context.Background(), statement); err != nil {
		return fmt.Errorf("%s: %w", statement, err)
	}
	return nil
}
