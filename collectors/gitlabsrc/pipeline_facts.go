package gitlabsrc

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	gitlab "gitlab.com/gitlab-org/api/client-go/v2"

	"github.com/paved-dev/paved/collectors"
	"github.com/paved-dev/paved/model"
)

// Pipeline facts the list endpoint lacks (maturity model v2).
//
// GitLab's pipelines list has no duration, start or finish, and no word of
// retries (GitLab retries jobs, not pipelines). GraphQL's Project.pipelines has
// both for a hundred pipelines a request, filtered by ref and update time:
// duration, queuedDuration, startedAt, finishedAt, and Pipeline.jobs(retried:
// true), the tries a retry replaced. So for each page of the pipelines walk,
// the finished default-branch pipelines (those the automation metrics read)
// are asked for in one GraphQL query over the page's update-time span. One
// GraphQL did not answer is read through REST: the single pipeline
// (GET /projects/:id/pipelines/:id) for its times and its jobs list with
// include_retried for its attempt.

// pipelineTimes is what GraphQL or the single pipeline says of a pipeline's
// run; attempt is 0 when not told (the single pipeline does not tell it).
type pipelineTimes struct {
	duration          time.Duration
	started, finished time.Time
	attempt           int
}

// pipelinesQuery reads the pipelines updated in a span, with the job tries
// retries replaced.
const pipelinesQuery = `query pavedPipelines($fullPath: ID!, $after: Time, $before: Time, $first: Int, $cursor: String) {
  project(fullPath: $fullPath) {
    pipelines(updatedAfter: $after, updatedBefore: $before, first: $first, after: $cursor) {
      nodes {
        id duration queuedDuration startedAt finishedAt
        retriedJobs: jobs(retried: true, first: 100) { nodes { name } pageInfo { hasNextPage } }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
}`

type gqlPipeline struct {
	ID             string                  `json:"id"`
	Duration       *float64                `json:"duration"`
	QueuedDuration *float64                `json:"queuedDuration"`
	StartedAt      *time.Time              `json:"startedAt"`
	FinishedAt     *time.Time              `json:"finishedAt"`
	RetriedJobs    *connection[gqlJobName] `json:"retriedJobs"`
}

// gqlJobName is a job as retriedJobs lists it.
type gqlJobName struct {
	Name string `json:"name"`
}

// attempt is the pipeline's attempt from the tries retries replaced: a job
// tried n times left n-1 of them, so the attempt is one more than the most
// replaced tries of one name. It is 0 (unknown) when GraphQL did not list
// them all.
func (n gqlPipeline) attempt() int {
	if n.RetriedJobs == nil || n.RetriedJobs.PageInfo.HasNextPage {
		return 0
	}
	replaced := map[string]int{}
	most := 0
	for _, j := range n.RetriedJobs.Nodes {
		replaced[j.Name]++
		most = max(most, replaced[j.Name])
	}
	return most + 1
}

// pipelinesProject is the project as pipelinesQuery reads it.
type pipelinesProject struct {
	Pipelines *connection[gqlPipeline] `json:"pipelines"`
}

// pipelinesAnswer is pipelinesQuery's answer.
type pipelinesAnswer = projectAnswer[pipelinesProject]

// singlePipeline holds the fields of GET /projects/:id/pipelines/:id Paved
// reads; durations are numbers of seconds (GitLab sends integers; a fraction
// is tolerated).
type singlePipeline struct {
	ID             int64      `json:"id"`
	StartedAt      *time.Time `json:"started_at"`
	FinishedAt     *time.Time `json:"finished_at"`
	Duration       *float64   `json:"duration"`
	QueuedDuration *float64   `json:"queued_duration"`
}

func seconds(f *float64) time.Duration {
	if f == nil || *f <= 0 {
		return 0
	}
	return time.Duration(*f * float64(time.Second)).Round(time.Millisecond)
}

// pageTimes reads the execution times and attempts of a page's pipelines:
// all of them through GraphQL, over the page's update-time span; a finished
// default-branch pipeline GraphQL did not tell of through REST.
func (r *projectRun) pageTimes(ctx context.Context, ps []*gitlab.PipelineInfo) (map[int64]pipelineTimes, error) {
	var want []*gitlab.PipelineInfo
	var lo, hi time.Time
	for _, p := range ps {
		u := timeOf(p.UpdatedAt)
		if lo.IsZero() || u.Before(lo) {
			lo = u
		}
		hi = collectors.LaterOf(hi, u)
		if p.Ref == r.p.DefaultBranch && finished(p) {
			want = append(want, p)
		}
	}
	out := map[int64]pipelineTimes{}
	if len(ps) > 0 && !r.c.gqlPipelinesOff.Load() {
		r.graphQLTimes(ctx, lo.Add(-time.Second), hi.Add(time.Second), out)
	}
	for _, p := range want {
		if t, ok := out[p.ID]; ok && t.attempt > 0 {
			continue
		}
		if _, ok := out[p.ID]; ok {
			continue // told its times, not its attempt: its jobs list tells that
		}
		var sp singlePipeline
		_, err := r.c.call(ctx, model.ResourceRuns, func(o ...gitlab.RequestOptionFunc) (*gitlab.Response, error) {
			sp = singlePipeline{}
			return r.get(fmt.Sprintf("projects/%d/pipelines/%d", r.p.ID, p.ID), nil, &sp, o)
		})
		if err != nil {
			return nil, fmt.Errorf("pipeline %d: %w", p.ID, err)
		}
		out[p.ID] = sp.times()
	}
	return out, nil
}

func (sp singlePipeline) times() pipelineTimes {
	return pipelineTimes{duration: seconds(sp.Duration), started: timeOf(sp.StartedAt), finished: timeOf(sp.FinishedAt)}
}

// graphQLTimes adds what GraphQL says of the pipelines updated in (after,
// before). A GraphQL failure leaves them to REST; a schema
// or permission refusal turns GraphQL off for the rest of the pass.
func (r *projectRun) graphQLTimes(ctx context.Context, after, before time.Time, out map[int64]pipelineTimes) {
	cursor := ""
	for range 20 { // a page of the walk spans at most a few GraphQL pages
		vars := map[string]any{"fullPath": r.p.FullName, "first": 100,
			"after": after.UTC().Format(time.RFC3339Nano), "before": before.UTC().Format(time.RFC3339Nano)}
		if cursor != "" {
			vars["cursor"] = cursor
		}
		ans, err := queryProject[pipelinesProject](ctx, r, model.ResourceRuns, pipelinesQuery, vars)
		if err != nil || len(ans.Errors) > 0 || ans.Data.Project == nil || ans.Data.Project.Pipelines == nil {
			if err == nil && len(ans.Errors) > 0 {
				r.c.gqlPipelinesOff.Store(true)
			}
			return
		}
		conn := ans.Data.Project.Pipelines
		addTimes(out, conn.Nodes)
		if !conn.PageInfo.HasNextPage || conn.PageInfo.EndCursor == "" {
			return
		}
		cursor = conn.PageInfo.EndCursor
	}
}

// pipelineGID reads "gid://gitlab/Ci::Pipeline/123".
func pipelineGID(gid string) (int64, bool) {
	i := strings.LastIndexByte(gid, '/')
	if !strings.HasPrefix(gid, "gid://gitlab/Ci::Pipeline/") || i < 0 {
		return 0, false
	}
	n, err := strconv.ParseInt(gid[i+1:], 10, 64)
	return n, err == nil && n > 0
}

// withTimes folds a pipeline's execution times into its run.
func withTimes(run *model.PipelineRun, t pipelineTimes) {
	run.Duration = t.duration
	if !t.started.IsZero() {
		run.StartedAt = t.started
	}
	if !t.finished.IsZero() && run.Status == statusCompleted {
		run.CompletedAt = t.finished
	}
}

// addTimes records what GraphQL said of each pipeline.
func addTimes(out map[int64]pipelineTimes, nodes []gqlPipeline) {
	for _, n := range nodes {
		if id, ok := pipelineGID(n.ID); ok {
			out[id] = pipelineTimes{duration: seconds(n.Duration), started: timeOf(n.StartedAt), finished: timeOf(n.FinishedAt),
				attempt: n.attempt()}
		}
	}
}
