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
	"fmt"
	"net/url"
	"os"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver
)

// Env names the server the suites run on Postgres against.
const Env = "PAVED_TEST_POSTGRES"

// Server is the URL of the test server, "" when tests run on SQLite only.
func Server() string { return os.Getenv(Env) }

// Database creates a database on the test server, dropped (whoever is still
// connected) when the test ends, and returns its URL. It fails the test without a
// server.
func Database(tb testing.TB) string {
	tb.Helper()
	server := Server()
	u, err := url.Parse(server)
	if server == "" || err != nil {
		tb.Fatalf("%s is not a postgres:// URL", Env)
	}
	var random [8]byte
	_, _ = rand.Read(random[:])
	name := "paved_t_" + hex.EncodeToString(random[:])
	if err := exec(server, `CREATE DATABASE `+name); err != nil {
		tb.Fatalf("create test database: %v", err)
	}
	tb.Cleanup(func() {
		if err := exec(server, `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`); err != nil {
			tb.Errorf("drop test database: %v", err)
		}
	})
	u.Path = "/" + name
	return u.String()
}

func exec(server, statement string) error {
	conn, err := sql.Open("pgx", server)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(context.Background(), statement); err != nil {
		return fmt.Errorf("%s: %w", statement, err)
	}
	return nil
}
