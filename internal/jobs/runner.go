package jobs

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/riverqueue/river"
)

// Work is what a replica runs: a pass of every source on its schedule, and the
// digest on its own.
type Work struct {
	Sources []Source
	Digest  string // the digest's schedule; "" runs no digest
	// CollectAtStart queues a pass of every source as soon as this replica leads.
	CollectAtStart bool
	// Collect runs one pass of source and its rescoring; an error is retried.
	Collect func(ctx context.Context, source string) error
	// SendDigest sends this week's digest; an error is retried.
	SendDigest func(ctx context.Context) error
}

// Source is one source's schedule and how long its pass and rescoring may take.
type Source struct {
	Name, Schedule string
	Budget         time.Duration
}

// Options tune a replica.
type Options struct {
	// Replica names this process in the queue (River's client id, shown by `paved
	// jobs`); hostname-pid when empty. No two running replicas may share one.
	Replica string
	Logger  *slog.Logger
	// SoftStop is how long Stop lets running jobs finish before cancelling them.
	SoftStop time.Duration
	// Liveness is how running jobs beat and when a silent one is taken over;
	// defaultLiveness where unset.
	Liveness Liveness
	// Now is the clock the silence of other replicas' jobs is measured on;
	// time.Now when nil.
	Now func() time.Time
}

// Runner is a started replica.
type Runner struct {
	client  *river.Client[*sql.Tx]
	ID      string
	watch   context.CancelFunc
	watched chan struct{} // closed when the watcher returned
}

// defaultReplica is hostname-pid.
func defaultReplica() string {
	host, err := os.Hostname()
	if err != nil {
		host = "paved"
	}
	return fmt.Sprintf("%s-%d", host, os.Getpid())
}

// Start runs w in this process until Stop: every replica works the jobs and
// takes over those of replicas that stopped beating (died), and the one River
// elects leader queues them when due.
func (q *Queue) Start(ctx context.Context, w Work, o Options) (*Runner, error) {
	o.Liveness = o.Liveness.orDefault()
	if o.Now == nil {
		o.Now = time.Now
	}
	cfg, err := w.config(o)
	if err != nil {
		return nil, err
	}
	client, err := river.NewClient(q.driver, cfg)
	if err != nil {
		return nil, fmt.Errorf("job queue: %w", err)
	}
	// The replica's lifetime is Stop's to end, so shutdown can let jobs finish.
	if err := client.Start(context.WithoutCancel(ctx)); err != nil {
		return nil, fmt.Errorf("job queue: %w", err)
	}
	watchCtx, watch := context.WithCancel(context.WithoutCancel(ctx))
	r := &Runner{client: client, ID: cfg.ID, watch: watch, watched: make(chan struct{})}
	logger := o.Logger
	if logger == nil {
		logger = slog.Default()
	}
	wa := &watcher{client: client, exec: q.driver.GetExecutor(), self: cfg.ID, live: o.Liveness, now: o.Now, logger: logger}
	go func() {
		defer close(r.watched)
		wa.run(watchCtx)
	}()
	return r, nil
}

// Stop stops taking jobs over and fetching jobs, lets running ones finish for
// the soft-stop time, then cancels them and waits for them to return, or for ctx.
func (r *Runner) Stop(ctx context.Context) error {
	r.watch()
	<-r.watched
	if err := r.client.Stop(ctx); err != nil {
		return fmt.Errorf("job queue stop: %w", err)
	}
	return nil
}

// config is River's configuration of w.
func (w Work) config(o Options) (*river.Config, error) {
	workers := river.NewWorkers()
	periodic := make([]*river.PeriodicJob, 0, len(w.Sources)+1)
	budgets := map[string]time.Duration{}
	shortest := digestBudget
	for _, s := range w.Sources {
		sched, err := ParseSchedule(s.Schedule)
		if err != nil {
			return nil, fmt.Errorf("source %q schedule: %w", s.Name, err)
		}
		if s.Budget <= 0 {
			return nil, fmt.Errorf("source %q: no time budget", s.Name)
		}
		budgets[s.Name] = s.Budget
		shortest = min(shortest, s.Budget)
		args := CollectArgs{Source: s.Name}
		periodic = append(periodic, river.NewPeriodicJob(sched,
			func() (river.JobArgs, *river.InsertOpts) { return args, insertOpts() },
			&river.PeriodicJobOpts{ID: "collect:" + s.Name, RunOnStart: w.CollectAtStart}))
	}
	if err := river.AddWorkerSafely(workers, &collectWorker{collect: w.Collect, budgets: budgets, live: o.Liveness}); err != nil {
		return nil, fmt.Errorf("job queue: %w", err)
	}
	if w.Digest != "" {
		sched, err := ParseSchedule(w.Digest)
		if err != nil {
			return nil, fmt.Errorf("digest schedule: %w", err)
		}
		periodic = append(periodic, river.NewPeriodicJob(sched,
			func() (river.JobArgs, *river.InsertOpts) { return DigestArgs{}, insertOpts() },
			&river.PeriodicJobOpts{ID: "digest"}))
		if err := river.AddWorkerSafely(workers, &digestWorker{send: w.SendDigest, live: o.Liveness}); err != nil {
			return nil, fmt.Errorf("job queue: %w", err)
		}
	}
	id := o.Replica
	if id == "" {
		id = defaultReplica()
	}
	// Every kind has its own timeout (budget + unwindMargin), which River's rescuer
	// also waits out before it takes a running job for lost; the client's own
	// timeout and rescue horizon only need to come before the shortest of them.
	jobTimeout := shortest + unwindMargin
	return &river.Config{
		ID:                   id,
		Logger:               o.Logger,
		Queues:               map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: len(w.Sources) + 1}},
		Workers:              workers,
		PeriodicJobs:         periodic,
		JobTimeout:           jobTimeout,
		RescueStuckJobsAfter: jobTimeout + time.Second,
		SoftStopTimeout:      o.SoftStop,
		MaxAttempts:          maxAttempts,
	}, nil
}
