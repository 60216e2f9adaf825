package db

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/pressly/goose/v3"

	"github.com/paved-dev/paved/internal/testkit/pgtest"
	"github.com/paved-dev/paved/internal/testkit/sample"
	"github.com/paved-dev/paved/model"
)

// testNow and fullBatch are the shared sample (internal/testkit/sample), which the
// rescoring tests store too.
var (
	testNow   = sample.Now
	fullBatch = sample.FullBatch
	at        = sample.At
)

// openTest opens a fresh database: a file in the test's temp dir, or a database
// on the test server when the suites run on Postgres (pgtest).
func openTest(t testing.TB) *DB {
	t.Helper()
	d, err := Open(context.Background(), freshDatabase(t), WithNow(func() time.Time { return testNow }))
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() {
		if err := d.Close(); err != nil {
			t.Errorf("close: %v", err)
		}
	})
	return d
}

// freshDatabase is where a test's fresh database goes.
func freshDatabase(t testing.TB) string {
	if pgtest.Server() != "" {
		return pgtest.Database(t)
	}
	return filepath.Join(t.TempDir(), "paved.db")
}

// sqliteOnly skips a test of what only a SQLite file has when d is on Postgres.
func sqliteOnly(t testing.TB, d *DB, why string) {
	t.Helper()
	if d.Postgres() {
		t.Skip("SQLite only: " + why)
	}
}

// setUp opens a fresh database holding batches, and returns it with the context
// the test's calls run under.
func setUp(t testing.TB, batches ...model.Batch) (context.Context, *DB) {
	t.Helper()
	d := openTest(t)
	for _, b := range batches {
		apply(t, d, b)
	}
	return context.Background(), d
}

// migratedUp opens a fresh database file, lets before work on it (take it down
// to an older schema and store rows as that schema had them), closes it, and
// returns it opened again, which migrates it up.
func migratedUp(t *testing.T, before func(d *DB)) *DB {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "paved.db")
	d, err := Open(ctx, path, WithNow(func() time.Time { return testNow }))
	if err != nil {
		t.Fatal(err)
	}
	before(d)
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	d, err = Open(ctx, path, WithNow(func() time.Time { return testNow }))
	if err != nil {
		t.Fatalf("migrate up: %v", err)
	}
	t.Cleanup(func() { _ = d.Close() })
	return d
}

func apply(t testing.TB, d *DB, b model.Batch) {
	t.Helper()
	if err := d.Apply(context.Background(), b); err != nil {
		t.Fatalf("apply: %v", err)
	}
}

func counts(t testing.TB, d *DB) map[string]int64 {
	t.Helper()
	c, err := d.Counts(context.Background())
	if err != nil {
		t.Fatalf("counts: %v", err)
	}
	return c
}

// wantCounts is what storing b into an empty database must produce.
func wantCounts(b model.Batch) map[string]int64 {
	var members int64
	for _, t := range b.Teams {
		members += int64(len(t.RepoForgeIDs))
	}
	return map[string]int64{
		"repos":               int64(len(b.Repos)),
		"forge_teams":         int64(len(b.Teams)),
		"forge_team_repos":    members,
		"runs":                int64(len(b.Runs)),
		"jobs":                int64(len(b.Jobs)),
		"findings":            int64(len(b.Findings)),
		"analyses":            int64(len(b.Analyses)),
		"pull_requests":       int64(len(b.PullRequests)),
		"reviews":             int64(len(b.Reviews)),
		"deployments":         int64(len(b.Deployments)),
		"deployment_statuses": int64(len(b.DeploymentStatuses)),
		"observations":        int64(len(b.Observations)),
	}
}

// downTo migrates d down to schema version v and returns the migrator, so a test
// can store rows as that version had them and migrate up again.
func downTo(t *testing.T, d *DB, v int64) *goose.Provider {
	t.Helper()
	p, err := d.migrator()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.DownTo(context.Background(), v); err != nil {
		t.Fatalf("down to %d: %v", v, err)
	}
	return p
}
