package githubsrc

import (
	"testing"
	"time"

	"github.com/paved-dev/paved/collectors"
	"github.com/paved-dev/paved/model"
)

// A forge whose clock runs an hour ahead answers updated_at in the future. The
// watermark stops at the pass's own clock, so a PR changed after the pass, with
// an updated_at between that clock and the skewed one, is read next pass.
func TestASkewedForgeClockCannotPushTheWatermarkPastNow(t *testing.T) {
	f := newFakeGitHub(t)
	smallOrg(f, 1)
	base := "/repositories/101"
	pull := func(number int, updated time.Time) obj {
		return obj{"id": 9000 + number, "number": number, "state": "open", "title": "x", "user": obj{"login": "alice", "type": "User"},
			"base": obj{"ref": "main"}, "head": obj{"sha": "abc"}, "created_at": ts(updated.Add(-time.Hour)), "updated_at": ts(updated)}
	}
	skewed := testNow.Add(time.Hour) // the forge's "now" during the first pass
	f.set(base+"/pulls", []obj{pull(5, skewed)})
	f.set(base+"/pulls/5/reviews", []obj{})
	store := newMemStore()
	c := newTestCollector(t, f, "acme")
	if _, err := collect(t, c, store, collectors.RunOptions{}); err != nil {
		t.Fatal(err)
	}
	if w := store.cursor("acme/repo-1", model.ResourcePulls).Watermark; !w.Equal(testNow) {
		t.Fatalf("watermark %v after a pass at %v with updated_at %v: want the pass's clock", w, testNow, skewed)
	}
	// Twenty minutes later PR 6 changes; the skewed forge stamps it 40 minutes
	// before its first answer's updated_at, but after the first pass.
	later := testNow.Add(20 * time.Minute)
	f.set(base+"/pulls", []obj{pull(5, skewed), pull(6, later.Add(time.Hour-time.Minute))})
	f.set(base+"/pulls/6/reviews", []obj{})
	if _, err := collect(t, c, store, collectors.RunOptions{Now: func() time.Time { return later }}); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, p := range store.all().PullRequests {
		found = found || p.Number == 6
	}
	if !found {
		t.Fatal("the PR changed after the first pass was skipped")
	}
	if w := store.cursor("acme/repo-1", model.ResourcePulls).Watermark; !w.Equal(later) {
		t.Errorf("watermark %v, want %v", w, later)
	}
}

func TestAdvanceNeverPassesNow(t *testing.T) {
	now := testNow
	for _, tc := range []struct{ old, high, want time.Time }{
		{time.Time{}, now.Add(-time.Hour), now.Add(-time.Hour)},
		{now.Add(-time.Hour), now.Add(time.Hour), now},
		{now.Add(2 * time.Hour), now.Add(-time.Hour), now}, // a watermark stored in the future is pulled back
		{now.Add(-time.Minute), time.Time{}, now.Add(-time.Minute)},
	} {
		if got := collectors.Advance(tc.old, tc.high, now); !got.Equal(tc.want) {
			t.Errorf("Advance(%v, %v) = %v, want %v", tc.old, tc.high, got, tc.want)
		}
	}
}
