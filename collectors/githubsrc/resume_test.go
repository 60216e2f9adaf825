package githubsrc

import (
	"encoding/json"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/paved-dev/paved/collectors"
	"github.com/paved-dev/paved/model"
)

func TestACrashMidWalkResumesWithoutLossOrDuplicates(t *testing.T) {
	f := newFakeGitHub(t)
	sampledOrg(f, nil)
	var pages []string
	id := int64(300)
	for p := 0; p < 3; p++ {
		var runs []obj
		for i := 0; i < 3; i++ {
			runs = append(runs, runObj(id, 8, "CodeQL", "push", testNow.Add(time.Duration(id-600)*time.Hour), "completed"))
			id--
		}
		b, _ := json.Marshal(runsPage(runs...))
		pages = append(pages, string(b))
	}
	f.setRaw("/repositories/101/actions/runs", pages...)

	store := newMemStore()
	var once sync.Once
	store.fail = func(b model.Batch) (err error) {
		for _, c := range b.Cursors {
			if c.Resource == model.ResourceRuns && decodeState(c.Position).Next == "3" {
				once.Do(func() { err = errors.New("disk full") })
			}
		}
		return err
	}
	c := newTestCollector(t, f, "acme")
	sum, err := collect(t, c, store, collectors.RunOptions{})
	if err != nil || sum.ReposFailed != 1 {
		t.Fatalf("first pass: err = %v, summary = %+v", err, sum)
	}
	cur := store.cursor("acme/svc", model.ResourceRuns)
	if !cur.Watermark.IsZero() || decodeState(cur.Position).Next != "2" || cur.LastError == "" {
		t.Fatalf("after the crash the cursor must hold the old watermark and the position reached: %+v", cur)
	}

	sum, err = collect(t, c, store, collectors.RunOptions{})
	if err != nil || !sum.OK() {
		t.Fatalf("second pass: err = %v, summary = %+v", err, sum)
	}
	if n := f.count("/repositories/101/actions/runs"); n != 4 {
		t.Errorf("runs pages requested %d times, want 4 (1, 2 failed to store, then 2, 3)", n)
	}
	seen := map[int64]int{}
	for _, b := range store.batches {
		for _, r := range b.Runs {
			seen[r.ForgeID]++
		}
	}
	if len(seen) != 9 {
		t.Fatalf("stored %d distinct runs, want 9", len(seen))
	}
	for id, n := range seen {
		if n != 1 {
			t.Errorf("run %d stored %d times", id, n)
		}
	}
	cur = store.cursor("acme/svc", model.ResourceRuns)
	newest := testNow.Add(-300 * time.Hour) // run 300
	if !cur.Watermark.Equal(newest) || decodeState(cur.Position).Next != "" || cur.ETag == "" || cur.LastError != "" {
		t.Fatalf("after resuming: %+v (want watermark %s)", cur, newest)
	}

	// And with nothing new, the ETag saved from the crashed pass's first page holds.
	sum, err = collect(t, c, store, collectors.RunOptions{})
	if err != nil || f.count("/repositories/101/actions/runs") != 5 || sum.NotModified < 1 {
		t.Fatalf("third pass: err = %v, requests %d, 304s %d", err, f.count("/repositories/101/actions/runs"), sum.NotModified)
	}
}
