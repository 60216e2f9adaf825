package db

import (
	"context"
	"database/sql"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/pressly/goose/v3"
)

// Both stores reach the same schema version by the same steps: a migration added
// to one dialect's directory and not the other's fails here.
func TestEveryMigrationExistsForBothStores(t *testing.T) {
	versions := func(dir string) []string {
		entries, err := fs.ReadDir(migrationFiles, "migrations/"+dir)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, e := range entries {
			out = append(out, strings.SplitN(e.Name(), "_", 2)[0])
		}
		return out
	}
	sqlite, postgres := versions(sqliteDialect.migrations), versions(postgresDialect.migrations)
	if len(sqlite) == 0 || !slices.Equal(sqlite, postgres) {
		t.Errorf("migration versions: sqlite %v, postgres %v; want the same", sqlite, postgres)
	}
}

// Every migration's Down undoes its Up: the schema goes down to nothing and up again.
func TestMigrationsGoDownAndUpAgain(t *testing.T) {
	ctx, d := setUp(t)
	p := downTo(t, d, 0)
	if _, err := p.Up(ctx); err != nil {
		t.Fatalf("up again: %v", err)
	}
	apply(t, d, fullBatch())
	if got := counts(t, d)["runs"]; got != int64(len(fullBatch().Runs)) {
		t.Errorf("runs stored after down and up = %d, want %d", got, len(fullBatch().Runs))
	}
}

// A SQLite file migrated before the migrations moved to one directory per dialect
// (goose records versions, not paths) opens without migrating and keeps its rows.
func TestFileMigratedBeforeDialectDirectoriesOpens(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "paved.db")
	raw, err := sql.Open(driverName, writerDSN(path))
	if err != nil {
		t.Fatal(err)
	}
	// The migrations exactly as the single directory held them, run as it ran them.
	old, err := fs.Sub(migrationFiles, "migrations/sqlite")
	if err != nil {
		t.Fatal(err)
	}
	p, err := goose.NewProvider(goose.DialectSQLite3, raw, old, goose.WithDisableGlobalRegistry(true))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Up(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`INSERT INTO sources (name, kind) VALUES ('gh', 'github')`); err != nil {
		t.Fatal(err)
	}
	want, err := p.GetDBVersion(ctx)
	if err != nil || raw.Close() != nil {
		t.Fatalf("version %d: %v", want, err)
	}

	d, err := Open(ctx, path)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	defer d.Close()
	if v, err := d.SchemaVersion(ctx); err != nil || v != want {
		t.Errorf("schema version = %d (%v), want %d", v, err, want)
	}
	var kind string
	queryRow(t, d, `SELECT kind FROM sources WHERE name = 'gh'`, &kind)
	if kind != "github" {
		t.Errorf("stored source kind = %q, want github", kind)
	}
}
