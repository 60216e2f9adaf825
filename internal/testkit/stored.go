package testkit

import (
	"bytes"
	"errors"
	"os"
	"testing"

	"github.com/paved-dev/paved/db"
	"github.com/paved-dev/paved/internal/testkit/pgtest"
)

// CopyDatabase is a fresh database (as Database) holding what the one at database
// holds, which nobody may be writing (a closed SQLite file, a Postgres database
// nobody is connected to).
func CopyDatabase(tb testing.TB, database string) string {
	tb.Helper()
	if db.IsPostgres(database) {
		return pgtest.Copy(tb, database)
	}
	body, err := os.ReadFile(database)
	if err != nil {
		tb.Fatal(err)
	}
	path := SQLiteDatabase(tb)
	if err := os.WriteFile(path, body, 0o600); err != nil {
		tb.Fatal(err)
	}
	return path
}

// StoredBytes is everything the database holds, for a search of what must never
// be stored: the bytes of a SQLite file and of its WAL and shared-memory files
// (nil when there are none), or every row of every table of a Postgres database
// as text.
func StoredBytes(tb testing.TB, database string) []byte {
	tb.Helper()
	if !db.IsPostgres(database) {
		var out []byte
		for _, suffix := range []string{"", "-wal", "-shm"} {
			if b, err := os.ReadFile(database + suffix); err == nil {
				out = append(out, b...)
			}
		}
		return out
	}
	raw, err := db.OpenRaw(database)
	if err != nil {
		tb.Fatal(err)
	}
	defer raw.Close()
	var tables []string
	rows, err := raw.Query(`SELECT tablename FROM pg_tables WHERE schemaname = current_schema()`)
	if err != nil {
		tb.Fatal(err)
	}
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			tb.Fatal(err)
		}
		tables = append(tables, t)
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		tb.Fatal(err)
	}
	var out bytes.Buffer
	for _, t := range tables {
		rows, err := raw.Query(`SELECT CAST(t AS TEXT) FROM "` + t + `" t`)
		if err != nil {
			tb.Fatal(err)
		}
		for rows.Next() {
			var line string
			if err := rows.Scan(&line); err != nil {
				tb.Fatal(err)
			}
			out.WriteString(line + "\n")
		}
		if err := errors.Join(rows.Err(), rows.Close()); err != nil {
			tb.Fatal(err)
		}
	}
	return out.Bytes()
}
