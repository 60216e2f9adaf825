package main

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/go-co-op/gocron/v2"
	"github.com/jonboulle/clockwork"
)

// schedules are what `paved serve` runs unattended.
type schedules struct {
	Sources []SourceSpec
	Digest  string // cron expression; "" disables the digest job
	// Collect runs one source's pass and its rescoring.
	Collect func(ctx context.Context, source string)
	// SendDigest runs the digest of the current week.
	SendDigest func(ctx context.Context)
	// CollectAtStart runs every source once right away, then on its schedule.
	CollectAtStart bool
}

// newScheduler registers one job per source and one for the digest. Each job is a
// singleton: a run that comes due while the previous one still runs is skipped
// (rescheduled), so collections never overlap.
func newScheduler(ctx context.Context, clock clockwork.Clock, sc schedules) (gocron.Scheduler, error) {
	s, err := gocron.NewScheduler(gocron.WithClock(clock), gocron.WithLocation(time.UTC))
	if err != nil {
		return nil, fmt.Errorf("scheduler: %w", err)
	}
	for _, src := range sc.Sources {
		name := src.Name
		once := &occurrence{clock: clock}
		opts := []gocron.JobOption{
			gocron.WithName("collect " + name),
			gocron.WithSingletonMode(gocron.LimitModeReschedule),
			gocron.WithContext(ctx),
		}
		if sc.CollectAtStart {
			opts = append(opts, gocron.WithStartAt(gocron.WithStartImmediately()))
		}
		_, err := s.NewJob(
			gocron.CronJob(src.Schedule, false),
			gocron.NewTask(func(ctx context.Context) {
				if once.claim() {
					sc.Collect(ctx, name)
				}
			}),
			opts...,
		)
		if err != nil {
			_ = s.Shutdown()
			return nil, fmt.Errorf("scheduler: source %q schedule %q: %w", name, src.Schedule, err)
		}
	}
	if sc.Digest != "" && sc.SendDigest != nil {
		once := &occurrence{clock: clock}
		_, err := s.NewJob(
			gocron.CronJob(sc.Digest, false),
			gocron.NewTask(func(ctx context.Context) {
				if once.claim() {
					sc.SendDigest(ctx)
				}
			}),
			gocron.WithName("digest"),
			gocron.WithSingletonMode(gocron.LimitModeReschedule),
			gocron.WithContext(ctx),
		)
		if err != nil {
			_ = s.Shutdown()
			return nil, fmt.Errorf("scheduler: digest schedule %q: %w", sc.Digest, err)
		}
	}
	return s, nil
}

// occurrence lets each due time of a job run once. gocron can fire one due time twice
// (seen under load: two runs at 09:00 of an hourly job, one after the other since the
// job is a singleton). Due times are at least a second apart, so a run that starts in
// the same second as the previous one is that duplicate.
type occurrence struct {
	clock clockwork.Clock
	mu    sync.Mutex
	last  time.Time
}

// claim reports whether this run is the first of its due time.
func (o *occurrence) claim() bool {
	slot := o.clock.Now().Truncate(time.Second)
	o.mu.Lock()
	defer o.mu.Unlock()
	if !o.last.IsZero() && slot.Equal(o.last) {
		return false
	}
	o.last = slot
	return true
}
