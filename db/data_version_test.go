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

// Callers that arrive while a read is under way share the next read: eight
// requests queued behind one in flight cost one query between them, and a caller
// arriving after that read started queries again.
func TestCommitCounterSharesOneReadAmongQueuedCallers(t *testing.T) {
	_, d := setUp(t)
	c := d.CommitCounter()
	defer c.Close()
	ctx := context.Background()
	if _, err := c.Read(ctx); err != nil { // pins the connection
		t.Fatal(err)
	}
	const callers = 8
	c.mu.Lock() // a read in flight
	results := make(chan error, callers)
	for range callers {
		go func() {
			_, err := c.Read(ctx)
			results <- err
		}()
	}
	for c.tickets.Load() < 1+callers {
		time.Sleep(time.Millisecond)
	}
	c.mu.Unlock()
	for range callers {
		if err := <-results; err != nil {
			t.Fatal(err)
		}
	}
	if c.queries != 2 {
		t.Errorf("%d queries for 1 + %d callers queued together, want 2", c.queries, callers)
	}
	if _, err := c.Read(ctx); err != nil {
		t.Fatal(err)
	}
	if c.queries != 3 {
		t.Errorf("%d queries after a later caller, want 3", c.queries)
	}
}
