package jobs

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/rivertype"
)

// sighting is what a replica last saw of another's running job: its attempt, its
// count of beats, and since when (on the seeing replica's clock) both are so.
// Only changes are compared, never one replica's clock with another's.
type sighting struct {
	attempt int
	beats   int64
	since   time.Time
}

// next is the sighting after seeing the job at attempt with beats at now: the
// same while neither changed, a new one from now otherwise.
func (s sighting) next(attempt int, beats int64, now time.Time) sighting {
	if s.since.IsZero() || s.attempt != attempt || s.beats != beats {
		return sighting{attempt: attempt, beats: beats, since: now}
	}
	return s
}

// silent reports whether the job has not beaten for longer than after.
func (s sighting) silent(now time.Time, after time.Duration) bool {
	return now.Sub(s.since) > after
}

// watcher takes over the running jobs of replicas that stopped beating. Every
// replica runs one; taking a job over is one transaction that first checks the
// job is still as seen, so two watchers take a job over once.
type watcher struct {
	client *river.Client[*sql.Tx]
	exec   riverdriver.Executor
	self   string
	live   Liveness
	now    func() time.Time
	logger *slog.Logger
	seen   map[int64]sighting
}

// run looks every BeatEvery until ctx ends.
func (w *watcher) run(ctx context.Context) {
	ticker := time.NewTicker(w.live.BeatEvery)
	defer ticker.Stop()
	for {
		if err := w.look(ctx); err != nil && ctx.Err() == nil {
			w.logger.WarnContext(ctx, "job queue: watching other replicas' jobs failed", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
	}
}

// look sees every running job of another replica, and takes over those silent
// for longer than TakeOverAfter.
func (w *watcher) look(ctx context.Context) error {
	running, err := w.client.JobList(ctx, river.NewJobListParams().States(rivertype.JobStateRunning).First(10000))
	if err != nil {
		return fmt.Errorf("list running jobs: %w", err)
	}
	now := w.now()
	seen := make(map[int64]sighting, len(running.Jobs))
	for _, j := range running.Jobs {
		if replicaOf(j) == w.self {
			continue // this process runs it, so it is alive
		}
		s := w.seen[j.ID].next(j.Attempt, beatsOf(j), now)
		seen[j.ID] = s
		if s.silent(now, w.live.TakeOverAfter) {
			if err := w.takeOver(ctx, j.ID, s, now); err != nil {
				return err
			}
		}
	}
	w.seen = seen
	return nil
}

// takeOver puts job id back in the queue, as River's rescuer does with a stuck
// job, if it is still running as s saw it. The retry waits unwindMargin: should
// its replica be alive after all, its next beat finds the job taken and its work
// returns before another replica starts the job again.
func (w *watcher) takeOver(ctx context.Context, id int64, s sighting, now time.Time) error {
	tx, err := w.exec.Begin(ctx)
	if err != nil {
		return fmt.Errorf("take job %d over: %w", id, err)
	}
	defer func() { _ = tx.Rollback(ctx) }()
	j, err := tx.JobGetByID(ctx, &riverdriver.JobGetByIDParams{ID: id})
	if err != nil {
		return fmt.Errorf("take job %d over: %w", id, err)
	}
	if j.State != rivertype.JobStateRunning || j.Attempt != s.attempt || beatsOf(j) != s.beats {
		return nil // it beat, ended or was taken over since
	}
	silence := now.Sub(s.since).Round(time.Second)
	why, err := json.Marshal(rivertype.AttemptError{
		At: now, Attempt: j.Attempt,
		Error: fmt.Sprintf("replica %s stopped beating for %s; taken over by replica %s", replicaOf(j), silence, w.self),
	})
	if err != nil {
		return fmt.Errorf("take job %d over: %w", id, err)
	}
	// As River's rescuer: a job out of attempts is discarded.
	state, finalized := rivertype.JobStateRetryable, (*time.Time)(nil)
	if j.Attempt >= j.MaxAttempts {
		state, finalized = rivertype.JobStateDiscarded, &now
	}
	if _, err := tx.JobRescueMany(ctx, &riverdriver.JobRescueManyParams{
		ID: []int64{id}, Error: [][]byte{why}, FinalizedAt: []*time.Time{finalized},
		ScheduledAt: []time.Time{now.Add(unwindMargin)}, State: []string{string(state)}, StuckHorizon: now,
	}); err != nil {
		return fmt.Errorf("take job %d over: %w", id, err)
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("take job %d over: %w", id, err)
	}
	w.logger.InfoContext(ctx, "job queue: took over a job whose replica stopped beating",
		"job", id, "kind", j.Kind, "attempt", j.Attempt, "replica", replicaOf(j), "silent", silence, "state", state)
	return nil
}

// replicaOf is the replica of a job's latest attempt.
func replicaOf(j *rivertype.JobRow) string {
	if n := len(j.AttemptedBy); n > 0 {
		return j.AttemptedBy[n-1]
	}
	return ""
}
