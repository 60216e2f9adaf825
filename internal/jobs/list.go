package jobs

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

// Job is one job of the queue as `paved jobs` shows it.
type Job struct {
	ID      int64
	Kind    string
	Source  string // collect jobs only
	Replica string // the replica of the latest attempt; "" before the first
	State   string // River's: available, scheduled, running, retryable, completed, discarded, cancelled, pending
	Attempt int
	Start   time.Time // the latest attempt's start; zero before the first
	End     time.Time // when the latest attempt ended (failed, or the job finished); zero while it runs
	// Err is the latest attempt's error unless the job then completed (untrusted
	// text: forge errors end up here).
	Err string
}

// List is every running job, then the most recent others, newest first, limit in
// all at most (running jobs always show).
func (q *Queue) List(ctx context.Context, limit int) ([]Job, error) {
	client, err := river.NewClient(q.driver, &river.Config{})
	if err != nil {
		return nil, fmt.Errorf("job queue: %w", err)
	}
	newest := func() *river.JobListParams {
		return river.NewJobListParams().OrderBy(river.JobListOrderByID, river.SortOrderDesc)
	}
	running, err := client.JobList(ctx, newest().States(rivertype.JobStateRunning).First(max(limit, 1)))
	if err != nil {
		return nil, fmt.Errorf("job queue: %w", err)
	}
	out := make([]Job, 0, limit)
	seen := map[int64]bool{}
	for _, j := range running.Jobs {
		out, seen[j.ID] = append(out, jobOf(j)), true
	}
	if rest := limit - len(out); rest > 0 {
		recent, err := client.JobList(ctx, newest().First(limit))
		if err != nil {
			return nil, fmt.Errorf("job queue: %w", err)
		}
		for _, j := range recent.Jobs {
			if !seen[j.ID] && rest > 0 {
				out, rest = append(out, jobOf(j)), rest-1
			}
		}
	}
	return out, nil
}

func jobOf(j *rivertype.JobRow) Job {
	out := Job{ID: j.ID, Kind: j.Kind, State: string(j.State), Attempt: j.Attempt, Replica: replicaOf(j)}
	var args CollectArgs
	if j.Kind == (CollectArgs{}).Kind() && json.Unmarshal(j.EncodedArgs, &args) == nil {
		out.Source = args.Source
	}
	if j.AttemptedAt != nil {
		out.Start = *j.AttemptedAt
	}
	if j.FinalizedAt != nil {
		out.End = *j.FinalizedAt
	}
	if n := len(j.Errors); n > 0 && j.State != rivertype.JobStateCompleted {
		last := j.Errors[n-1]
		out.Err = last.Error
		if out.End.IsZero() && last.Attempt == j.Attempt && j.State != rivertype.JobStateRunning {
			out.End = last.At
		}
	}
	return out
}
