package jobs

import (
	"context"
	"fmt"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

// CollectArgs is one pass of a source, and the rescoring after it.
type CollectArgs struct {
	Source string `json:"source"`
}

// Kind is the job kind River stores.
func (CollectArgs) Kind() string { return "collect" }

// DigestArgs is the weekly digest of the current ISO week.
type DigestArgs struct{}

// Kind is the job kind River stores.
func (DigestArgs) Kind() string { return "digest" }

// maxAttempts bounds how often a failed job is tried (River's backoff between
// attempts: 1 s, 16 s, 81 s, 256 s); a job killed with its process counts one.
const maxAttempts = 5

// unwindMargin is how long a job may take to return after its own deadline
// before River takes it for stuck: its context is cancelled, a page in flight is
// committed or rolled back, and it returns.
const unwindMargin = 15 * time.Second

// digestBudget bounds the digest job: building it reads stored scorecards and
// sending it talks to SMTP and webhooks.
const digestBudget = 10 * time.Minute

// oneAtATime keeps one job per kind and args waiting or running: a due time that
// comes while a pass of the same source is queued, running or waiting for a retry
// is skipped, so passes of a source never overlap or pile up. Finished jobs do not
// count.
var oneAtATime = river.UniqueOpts{
	ByArgs: true,
	ByState: []rivertype.JobState{
		rivertype.JobStateAvailable, rivertype.JobStatePending, rivertype.JobStateRetryable,
		rivertype.JobStateRunning, rivertype.JobStateScheduled,
	},
}

// insertOpts are every periodic job's: bounded attempts, one at a time.
func insertOpts() *river.InsertOpts {
	return &river.InsertOpts{MaxAttempts: maxAttempts, UniqueOpts: oneAtATime}
}

// collectWorker runs a source's pass within the source's budget.
type collectWorker struct {
	river.WorkerDefaults[CollectArgs]
	collect func(ctx context.Context, source string) error
	budgets map[string]time.Duration
	live    Liveness
}

// Timeout is the budget and the margin: the job ends by its own deadline first,
// and River's rescuer takes a job for lost (its process killed) only after this
// long, so it never re-runs a pass that is still unwinding.
func (w *collectWorker) Timeout(job *river.Job[CollectArgs]) time.Duration {
	return w.budgets[job.Args.Source] + unwindMargin
}

func (w *collectWorker) Work(ctx context.Context, job *river.Job[CollectArgs]) error {
	budget, ok := w.budgets[job.Args.Source]
	if !ok {
		// A source removed from the config since the job was queued.
		return river.JobCancel(fmt.Errorf("source %q is not in the config", job.Args.Source))
	}
	ctx, cancel := context.WithTimeout(ctx, budget)
	defer cancel()
	return w.live.beating(ctx, job.JobRow, func(ctx context.Context) error { return w.collect(ctx, job.Args.Source) })
}

// digestWorker sends the digest within digestBudget.
type digestWorker struct {
	river.WorkerDefaults[DigestArgs]
	send func(ctx context.Context) error
	live Liveness
}

func (w *digestWorker) Timeout(*river.Job[DigestArgs]) time.Duration {
	return digestBudget + unwindMargin
}

func (w *digestWorker) Work(ctx context.Context, job *river.Job[DigestArgs]) error {
	ctx, cancel := context.WithTimeout(ctx, digestBudget)
	defer cancel()
	return w.live.beating(ctx, job.JobRow, w.send)
}
