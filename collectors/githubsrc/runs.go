package githubsrc

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/google/go-github/v60/github"
	"github.com/paved-dev/paved/internal/sanitize"
	"github.com/paved-dev/paved/model"
)

// runsOverlap re-reads runs created this long before the watermark, so runs
// that were still in progress last pass are stored again finished.
const runsOverlap = 2 * 24 * time.Hour

// maxSteps bounds the step names kept per job.
const maxSteps = 100

// collectRuns walks the repo's workflow runs newest first. It lists without a
// created filter: GitHub caps filtered run searches at 1,000 results, and an
// unfiltered first page is a stable URL whose ETag answers "anything new?".
// The walk stops at the first run created before the watermark minus the
// overlap (first pass: the latest window, then history; walk.go), which is
// what created>= would select.
func (r *repoRun) collectRuns(ctx context.Context) error {
	var smp *sampler
	defs := r.c.defs.definitionsFor(r)
	_, err := walk(ctx, r, spec[*github.WorkflowRun]{
		resource: model.ResourceRuns,
		fetch: func(ctx context.Context, page string) ([]*github.WorkflowRun, *github.Response, error) {
			opt := &github.ListWorkflowRunsOptions{ListOptions: listOptions(page)}
			var wr runsWithPaths
			resp, err := r.getJSON(ctx, "actions/runs", opt, &wr)
			return wr.list(defs.paths), resp, err
		},
		order: func(run *github.WorkflowRun) time.Time { return run.GetCreatedAt().Time },
		stopBefore: func(watermark time.Time) time.Time {
			return watermark.Add(-runsOverlap)
		},
		convert: func(ctx context.Context, runs []*github.WorkflowRun, _ *state) (model.Batch, error) {
			if smp == nil {
				stored, err := r.Store.RunSamples(ctx, r.c.cfg.Name, r.repo.ID)
				if err != nil {
					return model.Batch{}, fmt.Errorf("read job samples: %w", err)
				}
				smp = newSampler(r, stored, defs)
			}
			b := model.Batch{Runs: make([]model.PipelineRun, len(runs))}
			for i, run := range runs {
				b.Runs[i] = r.convertRun(run)
			}
			jobs, err := smp.Page(ctx, runs, b.Runs)
			if err != nil {
				return model.Batch{}, err
			}
			b.Jobs = jobs
			return b, nil
		},
	})
	return err
}

func (r *repoRun) convertRun(run *github.WorkflowRun) model.PipelineRun {
	pr := model.PipelineRun{
		Source:      r.c.cfg.Name,
		RepoForgeID: r.repo.ID,
		ForgeID:     run.GetID(),
		Name:        sanitize.Line(run.GetName(), sanitize.MaxName),
		HeadBranch:  sanitize.Line(run.GetHeadBranch(), sanitize.MaxName),
		HeadSHA:     sanitize.Line(run.GetHeadSHA(), sanitize.MaxName),
		Event:       sanitize.Line(run.GetEvent(), sanitize.MaxName),
		Status:      sanitize.Line(run.GetStatus(), sanitize.MaxName),
		Conclusion:  sanitize.Line(run.GetConclusion(), sanitize.MaxName),
		Attempt:     max(run.GetRunAttempt(), 1),
		CreatedAt:   run.GetCreatedAt().Time,
		StartedAt:   run.GetRunStartedAt().Time,
		UpdatedAt:   run.GetUpdatedAt().Time,
	}
	if pr.StartedAt.IsZero() {
		pr.StartedAt = pr.CreatedAt
	}
	// Runs have no completed_at: a completed run's last update is its end.
	if pr.Status == "completed" {
		pr.CompletedAt = pr.UpdatedAt
	}
	for _, p := range run.PullRequests {
		if n := p.GetNumber(); n > 0 && !slices.Contains(pr.PullRequestNumbers, n) {
			pr.PullRequestNumbers = append(pr.PullRequestNumbers, n)
		}
	}
	return pr
}

// fetchJobs lists a run's jobs (latest attempt) and the union of their scan
// categories.
func (r *repoRun) fetchJobs(ctx context.Context, runID int64) ([]model.Job, []string, error) {
	var out []model.Job
	var cats []string
	opt := &github.ListWorkflowJobsOptions{Filter: "latest", ListOptions: github.ListOptions{PerPage: perPage}}
	_, _, err := listPages(ctx, r.c, model.ResourceJobs, "", &opt.Page,
		func(ctx context.Context) ([]*github.WorkflowJob, *github.Response, error) {
			var jobs github.Jobs
			resp, err := r.getJSON(ctx, fmt.Sprintf("actions/runs/%d/jobs", runID), opt, &jobs)
			return jobs.Jobs, resp, err
		},
		func(jobs []*github.WorkflowJob) {
			for _, j := range jobs {
				job := r.convertJob(runID, j)
				cats = model.MergeCategories(cats, job.ScanCategories)
				out = append(out, job)
			}
		})
	if err != nil {
		return nil, nil, err
	}
	return out, cats, nil
}

func (r *repoRun) convertJob(runID int64, j *github.WorkflowJob) model.Job {
	job := model.Job{
		Source:      r.c.cfg.Name,
		RepoForgeID: r.repo.ID,
		RunForgeID:  runID,
		ForgeID:     j.GetID(),
		Name:        sanitize.Line(j.GetName(), sanitize.MaxName),
		Status:      sanitize.Line(j.GetStatus(), sanitize.MaxName),
		Conclusion:  sanitize.Line(j.GetConclusion(), sanitize.MaxName),
		StartedAt:   j.GetStartedAt().Time,
		CompletedAt: j.GetCompletedAt().Time,
	}
	for i, s := range j.Steps {
		if i == maxSteps {
			break
		}
		job.Steps = append(job.Steps, sanitize.Line(s.GetName(), sanitize.MaxName))
	}
	job.ScanCategories = r.c.Catalogue.Detect(job.Name, job.Steps, nil)
	return job
}
