package gitlabsrc

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	gitlab "gitlab.com/gitlab-org/api/client-go/v2"

	"github.com/paved-dev/paved/internal/sanitize"
	"github.com/paved-dev/paved/model"
)

// collectPipelines walks the project's pipelines updated since the watermark,
// most recently updated first: a pipeline that was running last pass is
// listed again once it finishes, because finishing updates it. Jobs are
// fetched for a sample of pipelines (jobsample.go).
//
// Each page's finished default-branch pipelines get their execution times and
// attempts (pipeline_facts.go).
func (r *projectRun) collectPipelines(ctx context.Context) error {
	var smp *sampler
	var known map[string]bool
	return walkREST(ctx, r, restSpec[*gitlab.PipelineInfo]{
		resource: model.ResourceRuns,
		fetch: func(since time.Time, page int64, o ...gitlab.RequestOptionFunc) ([]*gitlab.PipelineInfo, *gitlab.Response, error) {
			opt := &gitlab.ListProjectPipelinesOptions{
				UpdatedAfter: &since, OrderBy: gitlab.Ptr("updated_at"), Sort: gitlab.Ptr("desc"),
				ListOptions: gitlab.ListOptions{PerPage: r.c.pageSize, Page: page},
			}
			return r.c.gl.Pipelines.ListProjectPipelines(r.p.ID, opt, o...)
		},
		updated: func(p *gitlab.PipelineInfo) time.Time { return timeOf(p.UpdatedAt) },
		convert: func(ctx context.Context, ps []*gitlab.PipelineInfo, st *state) (model.Batch, error) {
			if smp == nil {
				stored, err := r.Store.RunSamples(ctx, r.c.cfg.Name, r.p.ID)
				if err != nil {
					return model.Batch{}, fmt.Errorf("read job samples: %w", err)
				}
				smp = newSampler(r, stored)
			}
			if known == nil {
				known = map[string]bool{}
				for _, k := range st.Tail {
					known[k] = true
				}
			}
			ps = slices.DeleteFunc(slices.Clone(ps), func(p *gitlab.PipelineInfo) bool { return known[tailKey(p)] })
			st.Fresh = overlapTail(st.Fresh, ps)
			r.listed = map[int64][]*job{}
			times, err := r.pageTimes(ctx, ps)
			if err != nil {
				return model.Batch{}, err
			}
			b := model.Batch{Runs: make([]model.PipelineRun, len(ps))}
			for i, p := range ps {
				b.Runs[i] = r.convertPipeline(p)
				t, ok := times[p.ID]
				if ok {
					withTimes(&b.Runs[i], t)
				}
				if err := r.attempt(ctx, p, t.attempt, &b.Runs[i]); err != nil {
					return model.Batch{}, err
				}
			}
			jobs, err := smp.Page(ctx, ps, b.Runs)
			if err != nil {
				return model.Batch{}, err
			}
			b.Jobs = jobs
			return b, nil
		},
		finish: func(st *state) {
			if len(st.Fresh) > 0 {
				st.Tail = st.Fresh
			}
			st.Fresh = nil
		},
	})
}

// mergeRequestRef is the ref of merge request pipelines: the merge request's
// head, its merged result, or its merge train.
var mergeRequestRef = regexp.MustCompile(`^refs/merge-requests/(\d+)/(head|merge|train)$`)

// mergeRequestOf returns the iid of the merge request a pipeline ran for, or
// 0; the ref identifies it whatever the pipeline's source.
func mergeRequestOf(ref string) int {
	m := mergeRequestRef.FindStringSubmatch(ref)
	if m == nil {
		return 0
	}
	n, err := strconv.Atoi(m[1])
	if err != nil || n <= 0 {
		return 0
	}
	return n
}

func (r *projectRun) convertPipeline(p *gitlab.PipelineInfo) model.PipelineRun {
	status, conclusion := ciStatus(p.Status)
	name := p.Name
	if name == "" {
		name = p.Source
	}
	run := model.PipelineRun{
		Source:      r.c.cfg.Name,
		RepoForgeID: r.p.ID,
		ForgeID:     p.ID,
		Name:        sanitize.Line(name, sanitize.MaxName),
		HeadBranch:  sanitize.Line(p.Ref, sanitize.MaxName),
		HeadSHA:     sanitize.Line(p.SHA, sanitize.MaxName),
		Event:       sanitize.Line(p.Source, sanitize.MaxName),
		Status:      status,
		Conclusion:  conclusion,
		Attempt:     1,
		CreatedAt:   timeOf(p.CreatedAt),
		UpdatedAt:   timeOf(p.UpdatedAt),
	}
	// The list has no start or finish times: a pipeline starts when created
	// (as far as the list tells) and a finished one's last update is its end.
	run.StartedAt = run.CreatedAt
	if status == statusCompleted {
		run.CompletedAt = run.UpdatedAt
	}
	if n := mergeRequestOf(p.Ref); n > 0 {
		run.PullRequestNumbers = []int{n}
	}
	return run
}

// attempt sets a pipeline's attempt: the one GraphQL told, else, for a
// finished default-branch pipeline, from its own jobs list. Others stay at 1
// when GraphQL did not answer: the metrics read attempts of finished
// default-branch runs only, and a running pipeline is listed again when it
// finishes.
func (r *projectRun) attempt(ctx context.Context, p *gitlab.PipelineInfo, told int, run *model.PipelineRun) error {
	if told > 0 {
		run.Attempt = told
		return nil
	}
	if p.Ref != r.p.DefaultBranch || !finished(p) {
		return nil
	}
	fetched, err := r.fetchJobs(ctx, p.ID)
	if err != nil {
		return fmt.Errorf("jobs of pipeline %d: %w", p.ID, err)
	}
	run.Attempt = max(fetched.attempt, 1)
	return nil
}

func tailKey(p *gitlab.PipelineInfo) string {
	return strconv.FormatInt(p.ID, 10) + ":" + strconv.FormatInt(timeOf(p.UpdatedAt).UnixMilli(), 10)
}

// overlapTail lists the pipelines the next walk will list again unchanged:
// those updated within the overlap before the newest, at most maxTail, from
// the tail so far (tailKey's, newest first) and the next page's pipelines.
func overlapTail(tail []string, ps []*gitlab.PipelineInfo) []string {
	keys := slices.Clone(tail)
	for _, p := range ps {
		keys = append(keys, tailKey(p))
	}
	var high int64
	for _, k := range keys {
		high = max(high, tailMillis(k))
	}
	out := keys[:0]
	for _, k := range keys {
		if tailMillis(k) >= high-(2*overlap).Milliseconds() && len(out) < maxTail {
			out = append(out, k)
		}
	}
	return out
}

// maxTail bounds a cursor's Tail.
const maxTail = 20

// tailMillis is the updated_at (unix ms) of a tailKey.
func tailMillis(key string) int64 {
	_, ms, _ := strings.Cut(key, ":")
	n, _ := strconv.ParseInt(ms, 10, 64)
	return n
}
