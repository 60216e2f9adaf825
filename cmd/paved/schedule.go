package main

import (
	"context"
	"fmt"
	"time"

	"github.com/paved-dev/paved/collectors"
	"github.com/paved-dev/paved/db"
	"github.com/paved-dev/paved/internal/jobs"
)

// maxRescoreBudget bounds the rescoring after a pass (see jobBudget).
const maxRescoreBudget = 10 * time.Minute

// jobBudget is how long a scheduled pass of the source and its rescoring may take:
// the pass its pass_timeout, the rescoring as long again, at most maxRescoreBudget.
// River takes a job running longer (its replica killed) for lost and runs it again.
func (s SourceSpec) jobBudget() time.Duration {
	pass := s.passTimeout
	if pass <= 0 {
		pass = collectors.DefaultPassTimeout
	}
	return pass + min(pass, maxRescoreBudget)
}

// openQueue opens the job queue in cfg's database and creates or upgrades its
// tables (River's, versioned apart from the store's).
func openQueue(ctx context.Context, cfg *Config) (*jobs.Queue, int, error) {
	q, err := jobs.Open(ctx, cfg.Database, cfg.databasePassword)
	if err != nil {
		return nil, 0, fmt.Errorf("database %s: %w", db.Redacted(cfg.Database), err)
	}
	v, err := q.Migrate(ctx)
	if err != nil {
		_ = q.Close()
		return nil, 0, fmt.Errorf("database %s: %w", db.Redacted(cfg.Database), err)
	}
	return q, v, nil
}

// work is what `paved serve` runs unattended: a pass of every source at start and
// on its schedule, each followed by its rescoring, and the digest on its schedule.
func (a *app) work() jobs.Work {
	w := jobs.Work{
		Digest:         a.digestSchedule(),
		CollectAtStart: true,
		Collect:        a.scheduledCollect,
		SendDigest:     a.scheduledDigest,
	}
	for _, s := range a.cfg.Sources {
		w.Sources = append(w.Sources, jobs.Source{Name: s.Name, Schedule: s.Schedule, Budget: s.jobBudget()})
	}
	return w
}

// startJobs joins this process to the job queue of the app's database as one
// more replica: it works jobs, and queues them when elected leader.
func (a *app) startJobs(ctx context.Context) (*jobs.Queue, *jobs.Runner, error) {
	q, _, err := openQueue(ctx, a.cfg)
	if err != nil {
		return nil, nil, err
	}
	r, err := q.Start(ctx, a.work(), jobs.Options{Logger: a.env.logger(), SoftStop: shutdownTimeout / 2})
	if err != nil {
		_ = q.Close()
		return nil, nil, err
	}
	return q, r, nil
}

// scheduledCollect is one scheduled pass of source and its rescoring. Sources
// run at once, each on its own schedule, so a hung forge delays only its
// own source; rescorings take turns (app.rescore). A failed pass is logged and
// returned: the queue records it and tries again.
func (a *app) scheduledCollect(ctx context.Context, source string) error {
	err := a.collect(ctx, source, false)
	if err != nil && ctx.Err() == nil {
		a.env.logger().Error("scheduled collection failed", "source", source, "err", err)
	}
	return err
}

// scheduledDigest sends this week's digest; each channel is sent once a week
// (digest.Deliver's claim), so a retry sends only what failed.
func (a *app) scheduledDigest(ctx context.Context) error {
	err := a.sendDigest(ctx, a.env.now())
	if err != nil && ctx.Err() == nil {
		a.env.logger().Error("scheduled digest failed", "err", err)
	}
	return err
}
