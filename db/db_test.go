package db

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

func TestOpenMigratesAFreshFile(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "sub.db")
	d, err := Open(ctx, path)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	v, err := d.SchemaVersion(ctx)
	if err != nil {
		t.Fatalf("schema version: %v", err)
	}
	if v < 1 {
		t.Fatalf("schema version = %d, want at least 1 after migrating", v)
	}
	apply(t, d, fullBatch())
	if err := d.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}

	t.Run("re-opening keeps the version and the data", func(t *testing.T) {
		d2, err := Open(ctx, path)
		if err != nil {
			t.Fatalf("reopen: %v", err)
		}
		defer d2.Close()
		v2, err := d2.SchemaVersion(ctx)
		if err != nil {
			t.Fatalf("schema version: %v", err)
		}
		if v2 != v {
			t.Errorf("version after reopen = %d, want %d", v2, v)
		}
		if err := d2.Migrate(ctx); err != nil {
			t.Errorf("migrate on an up-to-date database: %v", err)
		}
		if got := counts(t, d2)["runs"]; got != int64(len(fullBatch().Runs)) {
			t.Errorf("runs after reopen = %d, want %d", got, len(fullBatch().Runs))
		}
	})
}

func TestOpenConfiguresConnections(t *testing.T) {
	ctx, d := setUp(t)

	pragma := func(t *testing.T, q *sql.DB, name string) string {
		t.Helper()
		var v string
		if err := q.QueryRowContext(ctx, "PRAGMA "+name).Scan(&v); err != nil {
			t.Fatalf("pragma %s: %v", name, err)
		}
		return strings.ToLower(v)
	}
	pools := map[string]*sql.DB{"writer": d.Writer(), "reader": d.Reader()}
	for name, pool := range pools {
		t.Run("the "+name+" uses WAL with foreign keys on and a busy timeout", func(t *testing.T) {
			sqliteOnly(t, d, "pragmas")
			if got := pragma(t, pool, "journal_mode"); got != "wal" {
				t.Errorf("journal_mode = %q, want wal", got)
			}
			if got := pragma(t, pool, "foreign_keys"); got != "1" {
				t.Errorf("foreign_keys = %q, want 1", got)
			}
			if got := pragma(t, pool, "synchronous"); got != "1" { // NORMAL
				t.Errorf("synchronous = %q, want 1 (NORMAL)", got)
			}
			if got := pragma(t, pool, "busy_timeout"); got != "5000" {
				t.Errorf("busy_timeout = %q, want 5000", got)
			}
		})
	}

	t.Run("the writer checkpoints a larger WAL than the default", func(t *testing.T) {
		sqliteOnly(t, d, "pragmas")
		if got := pragma(t, d.Writer(), "wal_autocheckpoint"); got != fmt.Sprint(walCheckpointPages) {
			t.Errorf("wal_autocheckpoint = %s, want %d", got, walCheckpointPages)
		}
	})

	t.Run("the reader refuses writes", func(t *testing.T) {
		_, err := d.Reader().ExecContext(ctx, `INSERT INTO sources (name, kind) VALUES ('x', 'github')`)
		if err == nil {
			t.Fatal("insert through the reader succeeded, want a query-only error")
		}
	})

	t.Run("the writer has one connection on SQLite, several on Postgres", func(t *testing.T) {
		want := 1
		if d.Postgres() {
			want = postgresWriters
		}
		if got := d.Writer().Stats().MaxOpenConnections; got != want {
			t.Errorf("writer max open connections = %d, want %d", got, want)
		}
	})
}

func TestOpenRejectsPathsThatAreNotFiles(t *testing.T) {
	for _, path := range []string{"", ":memory:", "paved.db?mode=memory"} {
		t.Run("it rejects "+path, func(t *testing.T) {
			if d, err := Open(context.Background(), path); err == nil {
				d.Close()
				t.Fatalf("Open(%q) succeeded, want an error", path)
			}
		})
	}
}

func TestSchemaHasNoTokenColumn(t *testing.T) {
	d := openTest(t)
	columns := `SELECT m.name, p.name FROM sqlite_schema m, pragma_table_info(m.name) p WHERE m.type = 'table'`
	if d.Postgres() {
		columns = `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema()`
	}
	rows, err := d.Reader().Query(columns)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var table, column string
		if err := rows.Scan(&table, &column); err != nil {
			t.Fatal(err)
		}
		n++
		if strings.Contains(strings.ToLower(column), "token") || strings.Contains(strings.ToLower(column), "password") {
			t.Errorf("column %s.%s looks like a secret", table, column)
		}
	}
	if n == 0 {
		t.Fatal("no columns listed: the schema query is broken")
	}
}
