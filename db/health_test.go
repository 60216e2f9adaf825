package db_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paved-dev/paved/db"
	"github.com/paved-dev/paved/internal/testkit"
	"github.com/paved-dev/paved/internal/testkit/sample"
)

func TestQuickCheck(t *testing.T) {
	ctx := context.Background()
	if err := db.QuickCheck(ctx, "postgres://paved@db.invalid/paved"); err != nil {
		t.Errorf("a Postgres URL: %v, want it to pass unread (the server checks its files)", err)
	}
	dir := t.TempDir()
	if err := db.QuickCheck(ctx, filepath.Join(dir, "new.db")); err != nil {
		t.Errorf("a file not created yet: %v, want it to pass", err)
	}
	path := filepath.Join(dir, "paved.db")
	d := testkit.OpenDBAt(t, path)
	if err := d.Apply(ctx, sample.FullBatch()); err != nil {
		t.Fatal(err)
	}
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	if err := db.QuickCheck(ctx, path); err != nil {
		t.Fatalf("a sound file: %v", err)
	}
	// An index's page overwritten: quick_check lists what it found.
	testkit.CorruptTable(t, path, "sqlite_autoindex_runs_1")
	err := db.QuickCheck(ctx, path)
	if !errors.Is(err, db.ErrCorrupt) || !strings.Contains(err.Error(), path) ||
		!strings.Contains(err.Error(), "wrong # of entries in index sqlite_autoindex_runs_1") || strings.Contains(err.Error(), "\n") {
		t.Errorf("an index page overwritten: %q, want one line naming %s, ErrCorrupt and the index", err, path)
	}
	// A table's root page overwritten: quick_check stops with SQLITE_CORRUPT.
	testkit.CorruptTable(t, path, "runs")
	if err := db.QuickCheck(ctx, path); !errors.Is(err, db.ErrCorrupt) || !strings.Contains(err.Error(), path) {
		t.Errorf("a table page overwritten: %v, want ErrCorrupt naming %s", err, path)
	}
}

// TestPingReadsTheFile: with the migrations table's page overwritten under an
// open database (on Postgres, the table dropped), Ping fails; a query that reads
// no table would still answer.
func TestPingReadsTheFile(t *testing.T) {
	d := testkit.OpenDB(t)
	ctx := context.Background()
	if err := d.Ping(ctx); err != nil {
		t.Fatalf("a sound database: %v", err)
	}
	if d.Postgres() {
		if _, err := testkit.RawWriter(t, d).Exec(`DROP TABLE goose_db_version`); err != nil {
			t.Fatal(err)
		}
	} else {
		testkit.CorruptTable(t, d.Path(), "goose_db_version")
	}
	if err := d.Ping(ctx); err == nil {
		t.Fatal("Ping answered over a corrupt table")
	}
	var one int
	if err := d.Reader().QueryRowContext(ctx, `SELECT 1`).Scan(&one); err != nil {
		t.Fatalf("SELECT 1: %v (it reads no table and should answer)", err)
	}
}
