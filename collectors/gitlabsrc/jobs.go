package gitlabsrc

import (
	"context"
	"slices"

	"github.com/paved-dev/paved/internal/sanitize"
	"github.com/paved-dev/paved/model"
)

// notReports are artifact file types that every job may upload and that say
// nothing about what the job checked.
var notReports = map[string]bool{"archive": true, "metadata": true, "trace": true}

type fetchedJobs struct {
	jobs    []model.Job
	cats    []string
	attempt int
}

// fetchJobs lists a pipeline's jobs with retried ones, keeps the latest try
// of each job, and derives the pipeline's attempt (GitLab retries jobs, not
// pipelines: a job listed n times was tried n times).
func (r *projectRun) fetchJobs(ctx context.Context, pipelineID int64) (fetchedJobs, error) {
	if all, ok := r.listed[pipelineID]; ok {
		return r.jobsOf(pipelineID, all), nil
	}
	var all []*job
	err := r.eachJobPage(ctx, pipelineJobsPath(r.p.ID, pipelineID), func(page []*job) bool {
		all = append(all, page...)
		return false
	})
	if err != nil {
		return fetchedJobs{}, err
	}
	if r.listed == nil {
		r.listed = map[int64][]*job{}
	}
	r.listed[pipelineID] = all
	return r.jobsOf(pipelineID, all), nil
}

// jobsOf keeps the latest try of each of a pipeline's jobs and converts them.
func (r *projectRun) jobsOf(pipelineID int64, all []*job) fetchedJobs {
	latest, attempt := latestTries(all)
	out := fetchedJobs{attempt: attempt}
	for _, j := range latest {
		job := r.convertJob(pipelineID, j)
		out.cats = model.MergeCategories(out.cats, job.ScanCategories)
		out.jobs = append(out.jobs, job)
	}
	return out
}

// latestTries keeps, per job name, the latest try (newest created_at, then
// highest id), in the order listed, and counts the most tries of one job.
func latestTries(jobs []*job) ([]*job, int) {
	best := map[string]*job{}
	tries := map[string]int{}
	for _, j := range jobs {
		tries[j.Name]++
		b, ok := best[j.Name]
		if !ok || timeOf(j.CreatedAt).After(timeOf(b.CreatedAt)) ||
			(timeOf(j.CreatedAt).Equal(timeOf(b.CreatedAt)) && j.ID > b.ID) {
			best[j.Name] = j
		}
	}
	attempt := 1
	var out []*job
	for _, j := range jobs {
		if best[j.Name] == j {
			out = append(out, j)
			attempt = max(attempt, tries[j.Name])
		}
	}
	return out, attempt
}

func (r *projectRun) convertJob(pipelineID int64, j *job) model.Job {
	status, conclusion := ciStatus(j.Status)
	job := model.Job{
		Source:      r.c.cfg.Name,
		RepoForgeID: r.p.ID,
		RunForgeID:  pipelineID,
		ForgeID:     j.ID,
		Name:        sanitize.Line(j.Name, sanitize.MaxName),
		ReportTypes: reportTypes(j.Artifacts),
		Status:      status,
		Conclusion:  conclusion,
		StartedAt:   timeOf(j.StartedAt),
		CompletedAt: timeOf(j.FinishedAt),
	}
	job.ScanCategories = r.c.Catalogue.Detect(job.Name, nil, job.ReportTypes)
	return job
}

// reportTypes are the job's artifacts:reports types, sorted and unique.
func reportTypes(as []jobArtifact) []string {
	var out []string
	for _, a := range as {
		t := sanitize.Line(a.FileType, sanitize.MaxName)
		if t == "" || notReports[t] || slices.Contains(out, t) {
			continue
		}
		out = append(out, t)
	}
	slices.Sort(out)
	return out
}
