package ui

import (
	"context"
	"encoding/json"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paved-dev/paved/model"
)

// commit writes something, so the database's data_version moves.
func commit(t *testing.T, c *cache, n *int) {
	t.Helper()
	*n++
	if err := c.db.UpsertSource(context.Background(), "gh", model.ForgeGitHub, "http://127.0.0.1:1/"+strconv.Itoa(*n), "acme"); err != nil {
		t.Fatal(err)
	}
}

func TestLiveComputesOncePerCommit(t *testing.T) {
	c := newCache(openDB(t))
	t.Cleanup(c.commits.Close)
	ctx := context.Background()
	var calls, commits int
	count := func() (int, error) { calls++; return calls, nil }

	for range 3 {
		if v, err := live(ctx, c, "k", count); err != nil || v != 1 {
			t.Fatalf("without a commit: %d, %v; want the first value, 1", v, err)
		}
	}
	commit(t, c, &commits)
	if v, _ := live(ctx, c, "k", count); v != 2 {
		t.Errorf("after a commit: %d, want a fresh value, 2", v)
	}
	if v, _ := live(ctx, c, "other", count); v != 3 {
		t.Errorf("another key: %d, want its own value, 3", v)
	}
	if v, _ := live(ctx, c, "k", count); v != 2 {
		t.Errorf("k again, no commit since: %d, want 2", v)
	}
}

// While commits stream in, requests that find the key being computed take that
// computation's value instead of starting one each.
func TestLiveJoinsTheComputationUnderWay(t *testing.T) {
	c := newCache(openDB(t))
	t.Cleanup(c.commits.Close)
	ctx := context.Background()
	var calls atomic.Int32
	started, release := make(chan struct{}), make(chan struct{})
	slow := func() (int32, error) {
		n := calls.Add(1)
		if n == 1 {
			close(started)
			<-release
		}
		return n, nil
	}
	var wg sync.WaitGroup
	got := make([]int32, 8)
	wg.Go(func() { got[0], _ = live(ctx, c, "k", slow) })
	<-started
	commits := 0
	commit(t, c, &commits) // the followers see a newer commit than the leader
	for i := 1; i < len(got); i++ {
		wg.Go(func() { got[i], _ = live(ctx, c, "k", slow) })
	}
	time.Sleep(50 * time.Millisecond) // let the followers find the computation
	close(release)
	wg.Wait()
	for i, v := range got {
		if v != 1 {
			t.Errorf("caller %d got value %d, want the one computation's, 1", i, v)
		}
	}
	if n := calls.Load(); n != 1 {
		t.Errorf("computed %d times, want once", n)
	}
}

// The sync state is served from memory between commits, and each commit of a
// collection shows on the next request.
func TestSyncShowsEachCommitOfACollection(t *testing.T) {
	app, d := newApp(t, nil)
	items := func() int64 {
		t.Helper()
		var got struct{ Sources []struct{ Items int64 } }
		if err := json.Unmarshal([]byte(get(t, app, "/api/v1/sync").body), &got); err != nil {
			t.Fatal(err)
		}
		if len(got.Sources) != 1 {
			t.Fatalf("sync has %d sources, want gh only", len(got.Sources))
		}
		return got.Sources[0].Items
	}
	for i, n := range []int64{10, 25, 40} {
		err := d.Apply(context.Background(), model.Batch{Source: "gh", Cursors: []model.Cursor{
			{Source: "gh", Repo: "acme/api", Resource: "runs", LastSuccess: seedNow, Items: n},
		}})
		if err != nil {
			t.Fatal(err)
		}
		if got := items(); got != n || items() != n {
			t.Errorf("after commit %d: %d items, want %d", i+1, got, n)
		}
	}
}
