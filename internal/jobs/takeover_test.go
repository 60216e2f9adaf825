package jobs

import (
	"context"
	"errors"
	"log/slog"
	"sync/atomic"
	"testing"
	"time"

	"github.com/riverqueue/river/riverdriver"
)

func TestAJobIsSilentOnlyWhileNeitherItsBeatsNorItsAttemptChange(t *testing.T) {
	t0 := time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)
	const after = 20 * time.Second
	seen := sighting{}.next(1, 3, t0) // attempt 1 at its third beat, first seen at t0
	cases := []struct {
		name    string
		prev    sighting
		attempt int
		beats   int64
		now     time.Time
		since   time.Time
		silent  bool
	}{
		{"a job first seen counts its silence from then", sighting{}, 1, 3, t0.Add(time.Hour), t0.Add(time.Hour), false},
		{"the same beat 20 s on is not yet silent", seen, 1, 3, t0.Add(after), t0, false},
		{"the same beat 21 s on is silent", seen, 1, 3, t0.Add(after + time.Second), t0, true},
		{"a new beat starts the count again", seen, 1, 4, t0.Add(after + time.Second), t0.Add(after + time.Second), false},
		{"a new attempt (the job fetched again) starts it again", seen, 2, 3, t0.Add(after + time.Second), t0.Add(after + time.Second), false},
		{"a new attempt before its first beat starts it again", seen, 2, 0, t0.Add(time.Minute), t0.Add(time.Minute), false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := c.prev.next(c.attempt, c.beats, c.now)
			if !got.since.Equal(c.since) || got.attempt != c.attempt || got.beats != c.beats {
				t.Errorf("next = %+v, want attempt %d, beats %d since %s", got, c.attempt, c.beats, c.since)
			}
			if s := got.silent(c.now, after); s != c.silent {
				t.Errorf("silent = %v, want %v", s, c.silent)
			}
		})
	}
}

// once is a source due once a year: the test's one pass is the one at start.
var once = []Source{{Name: "gh", Schedule: "0 0 1 1 *", Budget: time.Hour}}

func TestAJobWhoseReplicaStoppedBeatingIsTakenOverByAnother(t *testing.T) {
	q1, database := openQueue(t)
	q2 := openQueueAt(t, database)
	var first atomic.Bool
	started := make(chan struct{})
	// The first replica beats once, as its first pass starts, and then not for an
	// hour: to the others it died, and that pass would hold the job for its whole
	// budget, an hour. (Still polling the queue, it may run the retry itself.)
	startLive(t, q1, "silent", Liveness{BeatEvery: time.Hour, TakeOverAfter: time.Hour}, Work{
		Sources: once, CollectAtStart: true,
		Collect: func(ctx context.Context, _ string) error {
			if first.CompareAndSwap(false, true) {
				close(started)
				<-ctx.Done()
				return ctx.Err()
			}
			return nil
		},
	})
	select {
	case <-started:
	case <-time.After(time.Minute):
		t.Fatal("the first replica started no pass within a minute")
	}
	startLive(t, q2, "watcher", Liveness{BeatEvery: 100 * time.Millisecond, TakeOverAfter: time.Second}, Work{
		Sources: once, Collect: func(context.Context, string) error { return nil },
	})
	// Silent for a second, then the retry after unwindMargin: well within the
	// minute waitFor allows, and an hour before River's rescuer would act.
	waitFor(t, "the pass completed at a later attempt", func() bool {
		jobs := list(t, q1, 10)
		return len(jobs) == 1 && jobs[0].State == "completed"
	})
	if j := list(t, q1, 10)[0]; j.Attempt != 2 {
		t.Errorf("the taken-over pass: %+v, want completed at its second attempt", j)
	}
}

func TestAReplicaThatKeepsBeatingKeepsItsJob(t *testing.T) {
	q1, database := openQueue(t)
	q2 := openQueueAt(t, database)
	var passes atomic.Int32
	live := Liveness{BeatEvery: 100 * time.Millisecond, TakeOverAfter: time.Second}
	w := Work{Sources: once, CollectAtStart: true, Collect: func(ctx context.Context, _ string) error {
		passes.Add(1)
		select { // a pass three times as long as the silence that would lose it
		case <-time.After(3 * time.Second):
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}}
	startLive(t, q1, "r1", live, w)
	startLive(t, q2, "r2", live, w)
	waitFor(t, "the pass", func() bool {
		jobs := list(t, q1, 10)
		return len(jobs) == 1 && jobs[0].State == "completed"
	})
	if j := list(t, q1, 10)[0]; j.Attempt != 1 || passes.Load() != 1 {
		t.Errorf("the pass: %+v after %d passes, want completed at its first attempt, run once", j, passes.Load())
	}
}

func TestAPassWhoseJobWasTakenOverIsCancelled(t *testing.T) {
	q, _ := openQueue(t)
	cause := make(chan error, 1)
	var id atomic.Int64
	startLive(t, q, "r1", Liveness{BeatEvery: 200 * time.Millisecond, TakeOverAfter: time.Hour}, Work{
		Sources: once, CollectAtStart: true,
		Collect: func(ctx context.Context, _ string) error {
			if j := list(t, q, 1); len(j) == 1 && id.CompareAndSwap(0, j[0].ID) {
				<-ctx.Done()
				cause <- context.Cause(ctx)
			}
			return ctx.Err()
		},
	})
	waitFor(t, "the pass", func() bool { return id.Load() != 0 })
	// Another replica takes the job over as though r1's beats had stopped.
	other := &watcher{exec: q.driver.GetExecutor(), self: "r2", logger: slog.New(slog.DiscardHandler)}
	waitFor(t, "the takeover", func() bool {
		j, err := q.driver.GetExecutor().JobGetByID(context.Background(), &riverdriver.JobGetByIDParams{ID: id.Load()})
		if err != nil {
			t.Fatal(err)
		}
		if j.State != "running" {
			return true
		}
		if err := other.takeOver(context.Background(), j.ID, sighting{attempt: j.Attempt, beats: beatsOf(j)}, time.Now()); err != nil {
			t.Fatal(err)
		}
		return false
	})
	select {
	case err := <-cause:
		if !errors.Is(err, errTakenOver) {
			t.Errorf("the pass was cancelled for %v, want errTakenOver", err)
		}
	case <-time.After(time.Minute):
		t.Fatal("the pass was not cancelled within a minute of its job being taken over")
	}
}
