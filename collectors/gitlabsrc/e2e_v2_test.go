package gitlabsrc

import (
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/paved-dev/paved/collectors"
	"github.com/paved-dev/paved/fixtures/gitlabsim"
	"github.com/paved-dev/paved/fixtures/simorg"
)

// The v2 facts the GitLab collector stores equal the simulator's: every
// pipeline's attempt (a retried job makes it 2, sampled or not), every
// finished default-branch pipeline's duration and start, every merge
// request's ready times.
func TestAFirstPassStoresTheV2FactsOfEveryPipelineAndMergeRequest(t *testing.T) {
	t.Parallel()
	e := newEnv(t, gitlabsim.Options{})
	if _, err := e.collect(t, e.collector(t, "acme-gl", testToken), collectors.RunOptions{}); err != nil {
		t.Fatal(err)
	}
	rows, err := e.db.Reader().Query(`SELECT p.full_name, r.forge_id, r.attempt, r.started_at, r.duration_ms, r.jobs_fetched
FROM runs r JOIN repos p ON p.id = r.repo_id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var retried, retriedUnsampled, durations int
	for rows.Next() {
		var repo string
		var id int64
		var attempt int
		var started float64
		var duration *int64
		var sampled bool
		if err := rows.Scan(&repo, &id, &attempt, &started, &duration, &sampled); err != nil {
			t.Fatal(err)
		}
		r, _ := e.org.Repo(repo)
		run, ok := e.org.Data(r).Run(id)
		if !ok {
			t.Fatalf("%s: pipeline %d unknown", repo, id)
		}
		if attempt != int(run.Attempt) {
			t.Errorf("%s pipeline %d: attempt %d, simulator %d", repo, id, attempt, run.Attempt)
		}
		if run.Attempt > 1 {
			retried++
			if !sampled {
				retriedUnsampled++
			}
		}
		if run.HeadBranch != r.DefaultBranch || run.Event == simorg.EventMergeRequest || run.CompletedAt.IsZero() {
			continue
		}
		want := run.CompletedAt.Sub(run.StartedAt).Truncate(time.Second)
		if duration == nil || time.Duration(*duration)*time.Millisecond != want ||
			math.Abs(started-float64(run.StartedAt.Unix())) > 0.0005 {
			t.Errorf("%s pipeline %d: duration %v ms started %v, simulator %v from %v", repo, id, duration, started, want, run.StartedAt)
			continue
		}
		durations++
	}
	if retriedUnsampled == 0 || durations == 0 {
		t.Errorf("%d retried pipelines (%d not sampled), %d durations: the v2 cases are missing", retried, retriedUnsampled, durations)
	}
	var ready int64
	for _, r := range e.org.Repos(simorg.ForgeGitLab) {
		for _, p := range e.org.Data(r).Pulls {
			var got string
			if err := e.db.Reader().QueryRow(`SELECT x.ready_times FROM pull_requests x JOIN repos p ON p.id = x.repo_id
WHERE p.full_name = ? AND x.number = ?`, r.FullName, p.Number).Scan(&got); err != nil {
				t.Fatal(err)
			}
			if got != millis(p.ReadyTimes) {
				t.Errorf("%s !%d: ready times %q, simulator %q", r.FullName, p.Number, got, millis(p.ReadyTimes))
			}
			ready += int64(len(p.ReadyTimes))
		}
	}
	if ready == 0 {
		t.Error("no merge request was made ready")
	}
	t.Logf("%d retried pipelines (%d not sampled), %d durations, %d ready notes", retried, retriedUnsampled, durations, ready)
}

func millis(ts []time.Time) string {
	parts := make([]string, len(ts))
	for i, t := range ts {
		parts[i] = strconv.FormatInt(t.UnixMilli(), 10)
	}
	return strings.Join(parts, ",")
}
