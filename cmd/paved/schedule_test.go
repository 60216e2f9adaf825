package main

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"
)

// waitFor polls cond; the fake clock drives the scheduler, this only waits for its
// goroutines to catch up.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestSchedulerRunsEachSourceOnItsOwnSchedule(t *testing.T) {
	clock := clockwork.NewFakeClockAt(time.Date(2026, 11, 23, 7, 0, 0, 0, time.UTC))
	var mu sync.Mutex
	runs := map[string]int{}
	var digests atomic.Int32
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s, err := newScheduler(ctx, clock, schedules{
		Sources: []SourceSpec{{Name: "gh", Schedule: "@every 1h"}, {Name: "gl", Schedule: "@every 30m"}},
		Digest:  "0 8 * * MON",
		Collect: func(_ context.Context, src string) {
			mu.Lock()
			runs[src]++
			mu.Unlock()
		},
		SendDigest: func(context.Context) { digests.Add(1) },
	})
	if err != nil {
		t.Fatal(err)
	}
	s.Start()
	defer func() { _ = s.Shutdown() }()

	count := func(src string) int { mu.Lock(); defer mu.Unlock(); return runs[src] }
	// settle waits until every job has its next due time set after now, so an advance
	// never races a timer still being scheduled.
	settle := func() {
		_ = clock.BlockUntilContext(ctx, 3)
		waitFor(t, "every job's next due time", func() bool {
			for _, j := range s.Jobs() {
				if next, err := j.NextRun(); err != nil || !next.After(clock.Now()) {
					return false
				}
			}
			return true
		})
	}
	for i := 1; i <= 2; i++ { // two hours, in half-hour steps
		settle()
		clock.Advance(30 * time.Minute)
		waitFor(t, "gl's half-hourly run", func() bool { return count("gl") >= 2*i-1 })
		settle()
		clock.Advance(30 * time.Minute)
		waitFor(t, "gh's hourly run", func() bool { return count("gh") >= i })
	}
	waitFor(t, "gl's fourth run", func() bool { return count("gl") >= 4 })
	if got := count("gh"); got != 2 {
		t.Errorf("gh ran %d times in two hours, want 2", got)
	}
	// 07:00 + 2h = 09:00 on Monday 23 November: the 08:00 digest ran once.
	waitFor(t, "the Monday digest", func() bool { return digests.Load() == 1 })
}

func TestSchedulerNeverOverlapsASourceWithItself(t *testing.T) {
	clock := clockwork.NewFakeClockAt(time.Date(2026, 11, 23, 7, 0, 0, 0, time.UTC))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	release := make(chan struct{})
	var running, maxRunning, started atomic.Int32
	s, err := newScheduler(ctx, clock, schedules{
		Sources: []SourceSpec{{Name: "gh", Schedule: "@every 1m"}},
		Collect: func(context.Context, string) {
			n := running.Add(1)
			if n > maxRunning.Load() {
				maxRunning.Store(n)
			}
			started.Add(1)
			<-release
			running.Add(-1)
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	s.Start()
	defer func() { _ = s.Shutdown() }()
	_ = clock.BlockUntilContext(ctx, 1)
	clock.Advance(time.Minute)
	waitFor(t, "the first run", func() bool { return started.Load() == 1 })
	for range 3 { // three more due times while the first run still holds
		clock.Advance(time.Minute)
		time.Sleep(20 * time.Millisecond)
	}
	close(release)
	if maxRunning.Load() != 1 {
		t.Fatalf("%d collections of one source ran at once, want 1", maxRunning.Load())
	}
}

func TestSchedulerRejectsABadScheduleNamingTheSource(t *testing.T) {
	_, err := newScheduler(context.Background(), clockwork.NewFakeClock(), schedules{
		Sources: []SourceSpec{{Name: "gh", Schedule: "sometimes"}},
		Collect: func(context.Context, string) {},
	})
	if err == nil {
		t.Fatal("a bad schedule was accepted")
	}
}

func TestOccurrenceRunsEachDueTimeOnce(t *testing.T) {
	clock := clockwork.NewFakeClockAt(time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC))
	o := &occurrence{clock: clock}
	steps := []struct {
		advance time.Duration
		want    bool
	}{
		{0, true},                       // 09:00:00, first run
		{0, false},                      // the same due time fired again
		{300 * time.Millisecond, false}, // still 09:00:00 (the first run was quick)
		{time.Second, true},             // 09:00:01 is another due time
		{time.Hour, true},               // the next hour
		{0, false},
	}
	for i, s := range steps {
		clock.Advance(s.advance)
		if got := o.claim(); got != s.want {
			t.Errorf("step %d at %s: claim = %v, want %v", i, clock.Now().Format("15:04:05.000"), got, s.want)
		}
	}
}
