package jobs

import (
	"context"
	"errors"
	"log/slog"
	"sync/atomic"
	"testing"
	"time"
)

func TestMigrateTwiceLeavesRiversSchemaAsItWas(t *testing.T) {
	q, _ := openQueue(t)
	v, err := q.Migrate(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	// River's migration line has eight versions on either store
	// (riversqlite/migration/main, riverdatabasesql/migration/main).
	if v != 8 {
		t.Errorf("River schema version %d, want 8", v)
	}
}

func TestEachSourceRunsAtStartThenOnItsOwnSchedule(t *testing.T) {
	q, _ := openQueue(t)
	p := newPasses()
	start(t, q, "r1", Work{
		Sources: []Source{
			{Name: "gh", Schedule: "@every 1s", Budget: time.Minute},
			{Name: "gl", Schedule: "0 0 1 1 *", Budget: time.Minute}, // next due on New Year's Day
		},
		CollectAtStart: true,
		Collect:        func(_ context.Context, src string) error { p.begin(src); p.end(); return nil },
	})
	waitFor(t, "gh's third pass", func() bool { return p.of("gh") >= 3 })
	if got := p.of("gl"); got != 1 {
		t.Errorf("gl ran %d times, want once: at start, its next due time is months away", got)
	}
	for _, j := range list(t, q, 100) {
		if j.Replica != "r1" || j.Kind != "collect" || j.Start.IsZero() {
			t.Errorf("job %+v: want a collect job started by replica r1", j)
		}
	}
}

func TestAPassDueWhileTheLastStillRunsIsSkippedNotQueued(t *testing.T) {
	q, _ := openQueue(t)
	p := newPasses()
	release := make(chan struct{})
	start(t, q, "r1", Work{
		Sources:        []Source{{Name: "gh", Schedule: "@every 1s", Budget: time.Minute}},
		CollectAtStart: true,
		Collect: func(context.Context, string) error {
			p.begin("gh")
			defer p.end()
			<-release
			return nil
		},
	})
	waitFor(t, "the first pass", func() bool { return p.of("gh") == 1 })
	time.Sleep(3 * time.Second) // three due times come while the first pass holds
	jobs := list(t, q, 100)
	if len(jobs) != 1 || jobs[0].State != "running" {
		t.Errorf("while a pass runs the queue holds %+v, want that one running job alone", jobs)
	}
	close(release)
	waitFor(t, "a later pass", func() bool { return p.of("gh") >= 2 })
	if p.maxAtOnce() != 1 {
		t.Errorf("%d passes of one source ran at once, want 1", p.maxAtOnce())
	}
}

func TestTwoReplicasOnOneDatabaseNeverRunASourceTwiceAtOnce(t *testing.T) {
	q1, path := openQueue(t)
	q2 := openQueueAt(t, path)
	p := newPasses()
	collect := func(_ context.Context, src string) error {
		p.begin(src)
		defer p.end()
		time.Sleep(300 * time.Millisecond) // a pass long enough for the next due time to come
		return nil
	}
	w := Work{Sources: []Source{{Name: "gh", Schedule: "@every 1s", Budget: time.Minute}}, CollectAtStart: true, Collect: collect}
	start(t, q1, "r1", w)
	start(t, q2, "r2", w)
	waitFor(t, "five passes", func() bool { return p.of("gh") >= 5 })
	if p.maxAtOnce() != 1 {
		t.Errorf("%d passes of gh ran at once on two replicas, want 1", p.maxAtOnce())
	}
}

func TestAFailedPassIsRecordedAndRetried(t *testing.T) {
	q, _ := openQueue(t)
	var calls atomic.Int32
	start(t, q, "r1", Work{
		Sources:        []Source{{Name: "gh", Schedule: "0 0 1 1 *", Budget: time.Minute}},
		CollectAtStart: true,
		Collect: func(context.Context, string) error {
			if calls.Add(1) == 1 {
				return errors.New(`source "gh": forge answered 502`)
			}
			return nil
		},
	})
	waitFor(t, "the retry", func() bool {
		jobs := list(t, q, 10)
		return len(jobs) == 1 && jobs[0].State == "completed"
	})
	j := list(t, q, 10)[0]
	if j.Attempt != 2 || j.Source != "gh" || j.Err != "" {
		t.Errorf("the retried pass: %+v, want completed at its second attempt with no error shown", j)
	}
}

func TestAFailingPassShowsItsErrorWhileItWaitsForItsRetry(t *testing.T) {
	q, _ := openQueue(t)
	const why = `source "gh": forge answered 502`
	start(t, q, "r1", Work{
		Sources:        []Source{{Name: "gh", Schedule: "0 0 1 1 *", Budget: time.Minute}},
		CollectAtStart: true,
		Collect:        func(context.Context, string) error { return errors.New(why) },
	})
	// River's backoff: 1 s after the first failure, 16 s after the second.
	waitFor(t, "the second failure", func() bool {
		jobs := list(t, q, 10)
		return len(jobs) == 1 && jobs[0].Attempt == 2 && jobs[0].State == "retryable"
	})
	if j := list(t, q, 10)[0]; j.Err != why || j.Replica != "r1" || j.End.Before(j.Start) {
		t.Errorf("the failing pass: %+v, want its error %q, its replica, and its attempt's end after its start", j, why)
	}
}

func TestTheDigestRunsOnItsSchedule(t *testing.T) {
	q, _ := openQueue(t)
	var sent atomic.Int32
	start(t, q, "r1", Work{
		Digest:     "@every 1s",
		Collect:    func(context.Context, string) error { return nil },
		SendDigest: func(context.Context) error { sent.Add(1); return nil },
	})
	waitFor(t, "two digests", func() bool { return sent.Load() >= 2 })
	for _, j := range list(t, q, 10) {
		if j.Kind != "digest" || j.Source != "" {
			t.Errorf("job %+v: want a digest job without a source", j)
		}
	}
}

func TestStopLetsAPassFinishThenCancelsOneThatOutlivesTheSoftStop(t *testing.T) {
	for _, c := range []struct {
		name      string
		pass      time.Duration
		cancelled bool
	}{
		{"a pass that ends within the soft stop completes", 200 * time.Millisecond, false},
		{"a pass that would not is cancelled", time.Hour, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			q, _ := openQueue(t)
			var started, sawCancel atomic.Bool
			r, err := q.Start(context.Background(), Work{
				Sources:        []Source{{Name: "gh", Schedule: "0 0 1 1 *", Budget: 2 * time.Hour}},
				CollectAtStart: true,
				Collect: func(ctx context.Context, _ string) error {
					started.Store(true)
					select {
					case <-time.After(c.pass):
						return nil
					case <-ctx.Done():
						sawCancel.Store(true)
						return ctx.Err()
					}
				},
			}, Options{Replica: "r1", SoftStop: time.Second, Logger: slog.New(slog.DiscardHandler)})
			if err != nil {
				t.Fatal(err)
			}
			waitFor(t, "the pass", started.Load)
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			if err := r.Stop(ctx); err != nil {
				t.Fatal(err)
			}
			if sawCancel.Load() != c.cancelled {
				t.Errorf("the pass saw its context cancelled: %v, want %v", sawCancel.Load(), c.cancelled)
			}
			want := "completed"
			if c.cancelled {
				// River puts it back, its attempt not counted: the next replica runs it.
				want = "available"
			}
			if j := list(t, q, 10); len(j) != 1 || j[0].State != want {
				t.Errorf("after stop the queue holds %+v, want one %s job", j, want)
			}
		})
	}
}
