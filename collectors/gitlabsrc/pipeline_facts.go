package gitlabsrc

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	gitlab "gitlab.com/gitlab-org/api/client-go/v2"

	"github.com/paved-dev/paved/model"
)

// Pipeline facts the list endpoint lacks (maturity model v2).
//
// Duration: GitLab's pipelines list has no duration, start or finish. The
// single pipeline (GET /projects/:id/pipelines/:id) has them at one request a
// pipeline; GraphQL's Project.pipelines has them for a hundred pipelines a
// request, filtered by ref and update time. So for each page of the pipelines
// walk, the finished default-branch pipelines (those pipeline_minutes reads)
// are asked for in one GraphQL query over the page's update-time span; a lone
// one, or one GraphQL did not answer, is read with the single-pipeline GET.
//
// Attempts: GitLab retries jobs, not pipelines. A pipeline's jobs list with
// include_retried shows the tries, one request per pipeline; the project's
// jobs list (GET /projects/:id/jobs, newest first) shows every job of every
// pipeline, retried ones included, a hundred a request. Before the pipelines
// walk, it is read down to the walk's start less retryWindow; every pipeline
// created since then has all its tries in it. A default-branch pipeline
// created earlier (updated since: retried late, or long running) has its own
// jobs list read.

// retryWindow is how far before the pipelines walk's start the project's jobs
// are read: a pipeline the walk lists was mostly created since.
const retryWindow = 24 * time.Hour

// tries is what the project's jobs list tells: the tries of each pipeline's
// most tried job, for pipelines created at or after from, and their jobs as
// listed, so a sampled pipeline among them needs no jobs request of its own.
type tries struct {
	from time.Time
	n    map[int64]int
	jobs map[int64][]*gitlab.Job
}

// readTries pages through the project's jobs, newest first, down to the first
// job created before from.
func (r *projectRun) readTries(ctx context.Context, from time.Time) (tries, error) {
	byName := map[int64]map[string]int{}
	jobs := map[int64][]*gitlab.Job{}
	opt := &gitlab.ListJobsOptions{IncludeRetried: gitlab.Ptr(true), ListOptions: gitlab.ListOptions{PerPage: r.c.pageSize, Page: 1}}
	err := eachPage(ctx, r.c, model.ResourceJobs, &opt.Page,
		func(o ...gitlab.RequestOptionFunc) ([]*gitlab.Job, *gitlab.Response, error) {
			return r.c.gl.Jobs.ListProjectJobs(r.p.ID, opt, o...)
		},
		func(page []*gitlab.Job) bool { return countTries(byName, jobs, page, from) })
	if err != nil {
		return tries{}, fmt.Errorf("project jobs: %w", err)
	}
	t := triesOf(byName, from)
	t.jobs = jobs
	return t, nil
}

// countTries counts a page of jobs (newest first) per pipeline and name, and
// reports whether a job created before from was met: the list is done.
func countTries(byName map[int64]map[string]int, byPipeline map[int64][]*gitlab.Job, jobs []*gitlab.Job, from time.Time) bool {
	for _, j := range jobs {
		if timeOf(j.CreatedAt).Before(from) {
			return true
		}
		byPipeline[j.Pipeline.ID] = append(byPipeline[j.Pipeline.ID], j)
		m := byName[j.Pipeline.ID]
		if m == nil {
			m = map[string]int{}
			byName[j.Pipeline.ID] = m
		}
		m[j.Name]++
	}
	return false
}

// triesOf keeps, per pipeline, the tries of its most tried job.
func triesOf(byName map[int64]map[string]int, from time.Time) tries {
	t := tries{from: from, n: make(map[int64]int, len(byName))}
	for id, m := range byName {
		for _, n := range m {
			t.n[id] = max(t.n[id], n)
		}
	}
	return t
}

// listedJobs are a pipeline's jobs as the project's jobs list gave them, all its
// tries included; ok is false when the list does not reach back to its creation.
func (t *tries) listedJobs(p *gitlab.PipelineInfo) ([]*gitlab.Job, bool) {
	if t == nil || t.n == nil || timeOf(p.CreatedAt).Before(t.from) {
		return nil, false
	}
	return t.jobs[p.ID], true
}

// attempt is a pipeline's attempt from the project's jobs list; ok is false
// when the list does not reach back to its creation.
func (t tries) attempt(p *gitlab.PipelineInfo) (int, bool) {
	if t.n == nil || timeOf(p.CreatedAt).Before(t.from) {
		return 0, false
	}
	return max(t.n[p.ID], 1), true
}

// pipelineTimes is what GraphQL or the single pipeline says of a pipeline's run.
type pipelineTimes struct {
	duration          time.Duration
	started, finished time.Time
}

// pipelinesQuery reads the default branch's pipelines updated in a span.
const pipelinesQuery = `query pavedPipelines($fullPath: ID!, $ref: String, $after: Time, $before: Time, $first: Int, $cursor: String) {
  project(fullPath: $fullPath) {
    pipelines(ref: $ref, updatedAfter: $after, updatedBefore: $before, first: $first, after: $cursor) {
      nodes { id duration queuedDuration startedAt finishedAt }
      pageInfo { hasNextPage endCursor }
    }
  }
}`

type gqlPipeline struct {
	ID             string     `json:"id"`
	Duration       *float64   `json:"duration"`
	QueuedDuration *float64   `json:"queuedDuration"`
	StartedAt      *time.Time `json:"startedAt"`
	FinishedAt     *time.Time `json:"finishedAt"`
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

// pageTimes reads the durations of a page's finished default-branch pipelines.
func (r *projectRun) pageTimes(ctx context.Context, ps []*gitlab.PipelineInfo) (map[int64]pipelineTimes, error) {
	var want []*gitlab.PipelineInfo
	var lo, hi time.Time
	for _, p := range ps {
		if p.Ref != r.p.DefaultBranch || !finished(p) {
			continue
		}
		want = append(want, p)
		u := timeOf(p.UpdatedAt)
		if lo.IsZero() || u.Before(lo) {
			lo = u
		}
		if u.After(hi) {
			hi = u
		}
	}
	out := map[int64]pipelineTimes{}
	if len(want) > 1 && !r.c.gqlPipelinesOff.Load() {
		r.graphQLTimes(ctx, lo.Add(-time.Second), hi.Add(time.Second), out)
	}
	for _, p := range want {
		if _, ok := out[p.ID]; ok {
			continue
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

// graphQLTimes adds what GraphQL says of the default branch's pipelines
// updated in (after, before). A GraphQL failure leaves them to REST; a schema
// or permission refusal turns GraphQL off for the rest of the pass.
func (r *projectRun) graphQLTimes(ctx context.Context, after, before time.Time, out map[int64]pipelineTimes) {
	cursor := ""
	for range 20 { // a page of the walk spans at most a few GraphQL pages
		vars := map[string]any{"fullPath": r.p.FullName, "ref": r.p.DefaultBranch, "first": 100,
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
			out[id] = pipelineTimes{duration: seconds(n.Duration), started: timeOf(n.StartedAt), finished: timeOf(n.FinishedAt)}
		}
	}
}
