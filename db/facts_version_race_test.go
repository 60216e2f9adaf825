package db

import (
	"context"
	"testing"
	"time"

	"github.com/paved-dev/paved/internal/testkit/pgtest"
	"github.com/paved-dev/paved/model"
)

// On Postgres a rescore's settling and a batch can run at once (replicas, or one
// process's several writers). A batch that writes a repo's facts while a settle
// moving the repo to an even version has not yet committed must leave the repo
// odd after both: else the rescore after the settle could read facts without the
// batch's rows and store an index for them that is never rebuilt.
func TestABatchDuringASettleStillMarksItsRepo(t *testing.T) {
	if pgtest.Server() == "" {
		t.Skip("SQLite has one writer at a time: a batch cannot run during a settle")
	}
	ctx := context.Background()
	database := freshDatabase(t)
	d, err := Open(ctx, database, WithNow(func() time.Time { return testNow }))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	apply(t, d, fullBatch()) // payments at version 1

	raw, err := OpenRaw(database)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	settle, err := raw.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = settle.Rollback() }()
	if _, err := settle.ExecContext(ctx, `UPDATE repos SET facts_version = facts_version + 1 WHERE facts_version % 2 = 1`); err != nil {
		t.Fatal(err)
	}

	done := make(chan error, 1)
	go func() {
		done <- d.Apply(ctx, model.Batch{Source: "gh", DeploymentStatuses: []model.DeploymentStatus{{RepoForgeID: 101,
			DeploymentForgeID: 600, ForgeID: 6003, State: "failure", CreatedAt: at(1)}}})
	}()
	// The batch must wait for the settle's lock on the repo row rather than
	// decide from the version the settle is replacing.
	var applied error
	waiting, finished := false, false
	for deadline := time.Now().Add(30 * time.Second); !waiting && !finished && time.Now().Before(deadline); {
		select {
		case applied = <-done:
			finished = true
		case <-time.After(20 * time.Millisecond):
			var n int
			if err := raw.QueryRowContext(ctx, `SELECT count(*) FROM pg_stat_activity
WHERE datname = current_database() AND wait_event_type = 'Lock'`).Scan(&n); err != nil {
				t.Fatal(err)
			}
			waiting = n > 0
		}
	}
	if err := settle.Commit(); err != nil {
		t.Fatal(err)
	}
	if !finished {
		applied = <-done
	}
	if applied != nil {
		t.Fatal(applied)
	}
	if v := versionsOf(t, d, "")["acme/payments"].Version; v != 3 {
		t.Errorf("payments at version %d after a batch during the settle, want 3 (odd: its facts changed after the settle)", v)
	}
}
