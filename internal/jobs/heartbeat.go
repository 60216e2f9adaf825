package jobs

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

// Liveness is how replicas notice that one of them died with jobs running,
// long before River's rescuer would (it waits out a job's whole budget): a
// running job beats every BeatEvery, a count its replica writes in the job's
// row (River's job output), and a replica that sees another's running job
// silent for longer than TakeOverAfter takes it over (takeover.go).
type Liveness struct {
	BeatEvery, TakeOverAfter time.Duration
}

// defaultLiveness: a beat every 2 s, and ten missed before a job is taken over,
// so that a replica alive but slowed (a loaded machine, a busy database) keeps
// its jobs.
var defaultLiveness = Liveness{BeatEvery: 2 * time.Second, TakeOverAfter: 20 * time.Second}

// orDefault is l, defaultLiveness where a field is unset.
func (l Liveness) orDefault() Liveness {
	if l.BeatEvery <= 0 {
		l.BeatEvery = defaultLiveness.BeatEvery
	}
	if l.TakeOverAfter <= 0 {
		l.TakeOverAfter = defaultLiveness.TakeOverAfter
	}
	return l
}

// beat is the output a running job's beats record.
type beat struct {
	Beats int64 `json:"beats"`
}

// errTakenOver is why a job's work is cancelled when another replica took the
// job over: this replica's beats did not land for too long.
var errTakenOver = errors.New("another replica took this job over: its beats stopped reaching the database")

// beating runs work for job while beating every l.BeatEvery. When a beat finds
// the job no longer at this attempt (taken over), work's context is cancelled.
func (l Liveness) beating(ctx context.Context, job *rivertype.JobRow, work func(context.Context) error) error {
	client, err := river.ClientFromContextSafely[*sql.Tx](ctx)
	if err != nil {
		return fmt.Errorf("job %d: %w", job.ID, err)
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	// Beats end with the work, a beat waiting for a busy database included.
	beatCtx, stopBeats := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		ticker := time.NewTicker(l.BeatEvery)
		defer ticker.Stop()
		for n := int64(1); ; n++ {
			// A beat that fails (a busy database) is not retried: the next one
			// counts on.
			row, err := client.JobUpdate(beatCtx, job.ID, &river.JobUpdateParams{Output: beat{Beats: n}})
			if err == nil && (row.State != rivertype.JobStateRunning || row.Attempt != job.Attempt) {
				cancel(errTakenOver)
				return
			}
			select {
			case <-beatCtx.Done():
				return
			case <-ticker.C:
			}
		}
	}()
	err = work(ctx)
	stopBeats()
	<-done
	if errors.Is(context.Cause(ctx), errTakenOver) {
		return fmt.Errorf("job %d attempt %d: %w", job.ID, job.Attempt, errTakenOver)
	}
	return err
}

// beatsOf is the count of beats a job's row holds, 0 before the first.
func beatsOf(j *rivertype.JobRow) int64 {
	var m struct {
		Output beat `json:"output"`
	}
	_ = json.Unmarshal(j.Metadata, &m) // a row without beats reads as 0
	return m.Output.Beats
}
