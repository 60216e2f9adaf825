package db

import (
	"context"
	"database/sql"
	"errors"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/paved-dev/paved/internal/testkit/pgtest"
	"github.com/paved-dev/paved/model"
)

func TestRetryConflictsRunsAnAbortedTransactionAgain(t *testing.T) {
	ctx := context.Background()
	deadlock := &pgconn.PgError{Code: "40P01", Message: "deadlock detected"}
	for _, tc := range []struct {
		name  string
		fails []error // what the attempts return, in turn
		runs  int
		err   error
	}{
		{"a deadlock, then success", []error{deadlock, nil}, 2, nil},
		{"a serialization failure, then success", []error{&pgconn.PgError{Code: "40001"}, nil}, 2, nil},
		{"another error ends it", []error{errors.New("disk full"), nil}, 1, errors.New("disk full")},
		{"a unique violation is not a conflict", []error{&pgconn.PgError{Code: "23505"}, nil}, 1, &pgconn.PgError{Code: "23505"}},
		{"deadlocks every time, up to the bound", []error{deadlock, deadlock, deadlock, deadlock, deadlock, nil}, conflictAttempts, deadlock},
	} {
		t.Run(tc.name, func(t *testing.T) {
			runs := 0
			err := retryConflicts(ctx, func() error {
				runs++
				return tc.fails[runs-1]
			})
			if runs != tc.runs {
				t.Errorf("ran %d times, want %d", runs, tc.runs)
			}
			if (err == nil) != (tc.err == nil) || err != nil && err.Error() != tc.err.Error() {
				t.Errorf("err = %v, want %v", err, tc.err)
			}
		})
	}
}

// Two transactions that each hold a repo row the other waits for: Postgres
// aborts one. When that is a batch, Apply runs it again once the other has
// committed, and the batch is stored whole.
func TestApplyRunsABatchAgainAfterADeadlock(t *testing.T) {
	d, raw, other := beside(t, "SQLite's write transactions exclude each other: they cannot deadlock",
		model.Batch{Source: "gh", Repos: fullBatch().Repos})
	ctx := context.Background()
	// The batch, waiting first, is the one whose deadlock check runs first
	// and finds the cycle: Postgres aborts it, not the other.
	if _, err := other.ExecContext(ctx, `SET LOCAL deadlock_timeout = '60s'`); err != nil {
		t.Skipf("ordering deadlock detection needs a superuser: %v", err)
	}
	lockRepo := func(forgeID int64) error {
		_, err := other.ExecContext(ctx, `UPDATE repos SET facts_version = facts_version WHERE source = 'gh' AND forge_id = ?`, forgeID)
		return err
	}
	if err := lockRepo(102); err != nil { // ledger
		t.Fatal(err)
	}

	done := make(chan error, 1)
	go func() {
		run := func(repo, id int64) model.PipelineRun {
			return model.PipelineRun{RepoForgeID: repo, ForgeID: id, Name: "CI", Status: "completed", CreatedAt: at(1)}
		}
		done <- d.Apply(ctx, model.Batch{Source: "gh", Runs: []model.PipelineRun{run(101, 1), run(102, 2)}})
	}()
	waitForLockWait(t, raw, done)
	if err := lockRepo(101); err != nil { // payments, which the batch holds
		t.Fatalf("the other transaction: %v", err)
	}
	if err := other.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatalf("apply after a deadlock: %v", err)
	}
	var runs int
	queryRow(t, d, `SELECT count(*) FROM runs`, &runs)
	if runs != 2 {
		t.Errorf("%d runs stored, want both", runs)
	}
}

// beside opens a fresh Postgres store holding batches, and beside it a pool on
// the same database with a transaction begun, for a test of two writers at once;
// on SQLite it skips the test, saying why.
func beside(t *testing.T, whyNot string, batches ...model.Batch) (*DB, *sql.DB, *sql.Tx) {
	t.Helper()
	if pgtest.Server() == "" {
		t.Skip(whyNot)
	}
	ctx := context.Background()
	database := freshDatabase(t)
	d, err := Open(ctx, database, WithNow(func() time.Time { return testNow }))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = d.Close() })
	for _, b := range batches {
		apply(t, d, b)
	}
	raw, err := OpenRaw(database)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = raw.Close() })
	tx, err := raw.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = tx.Rollback() })
	return d, raw, tx
}

// waitForLockWait returns once a session of the test's database waits for a
// lock, and fails the test if done delivers first or none waits within 30 s.
func waitForLockWait(t *testing.T, raw *sql.DB, done chan error) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); {
		select {
		case err := <-done:
			t.Fatalf("apply ended (%v) without waiting for the other transaction", err)
		case <-time.After(20 * time.Millisecond):
		}
		var n int
		if err := raw.QueryRow(`SELECT count(*) FROM pg_stat_activity
WHERE datname = current_database() AND wait_event_type = 'Lock'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n > 0 {
			return
		}
	}
	t.Fatal("no session waited for a lock within 30 s")
}
