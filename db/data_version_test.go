package db

import (
	"context"
	"testing"
	"time"
)

// The counter page caches compare moves when another process sharing the database
// (another replica) commits, and stands still while nobody writes.
func TestCommitCounterMovesWithAnotherReplicasCommit(t *testing.T) {
	ctx, d := setUp(t)
	replica, err := Open(ctx, d.Path(), WithNow(func() time.Time { return testNow }))
	if err != nil {
		t.Fatal(err)
	}
	defer replica.Close()
	c := d.CommitCounter()
	defer c.Close()
	read := func() int64 {
		t.Helper()
		n, err := c.Read(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return n
	}

	before := read()
	if again := read(); again != before {
		t.Errorf("counter moved from %d to %d with nothing written", before, again)
	}
	apply(t, replica, fullBatch())
	after := read()
	if after == before {
		t.Errorf("counter stayed at %d after the other replica committed", after)
	}
	if _, err := replica.Repos(ctx); err != nil {
		t.Fatal(err)
	}
	if again := read(); again != after {
		t.Errorf("counter moved from %d to %d on the other replica's read", after, again)
	}
}
