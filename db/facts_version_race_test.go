package db

import (
	"context"
	"testing"

	"github.com/paved-dev/paved/model"
)

// On Postgres a rescore's settling and a batch can run at once (replicas, or one
// process's several writers). A batch that writes a repo's facts while a settle
// moving the repo to an even version has not yet committed must leave the repo
// odd after both: else the rescore after the settle could read facts without the
// batch's rows and store an index for them that is never rebuilt.
func TestABatchDuringASettleStillMarksItsRepo(t *testing.T) {
	d, raw, settle := beside(t, "SQLite has one writer at a time: a batch cannot run during a settle", fullBatch())
	ctx := context.Background() // payments is at version 1
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
	waitForLockWait(t, raw, done)
	if err := settle.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if v := versionsOf(t, d, "")["acme/payments"].Version; v != 3 {
		t.Errorf("payments at version %d after a batch during the settle, want 3 (odd: its facts changed after the settle)", v)
	}
}
