package gitlabsrc

import (
	"context"
	"fmt"
	"time"

	gitlab "gitlab.com/gitlab-org/api/client-go/v2"

	"github.com/paved-dev/paved/model"
)

// job holds the fields of a GitLab job (GET /projects/:id/jobs and
// /projects/:id/pipelines/:pipeline_id/jobs) that Paved reads. The REST job
// carries much more (user, commit, runner, the whole pipeline); decoding only
// these fields made a first sync's job lists a third cheaper to read. Times
// keep GitLab's milliseconds.
type job struct {
	ID         int64         `json:"id"`
	Name       string        `json:"name"`
	Status     string        `json:"status"`
	CreatedAt  *time.Time    `json:"created_at"`
	StartedAt  *time.Time    `json:"started_at"`
	FinishedAt *time.Time    `json:"finished_at"`
	Artifacts  []jobArtifact `json:"artifacts"`
	Pipeline   struct {
		ID int64 `json:"id"`
	} `json:"pipeline"`
}

// jobArtifact is one entry of a job's artifacts; file_type names a report
// (sast, dependency_scanning, …) or an ordinary upload (archive, trace).
type jobArtifact struct {
	FileType string `json:"file_type"`
}

// eachJobPage pages through a jobs list at path, retried jobs included,
// handing each page to use until it reports done.
func (r *projectRun) eachJobPage(ctx context.Context, path string, use func([]*job) bool) error {
	opt := &gitlab.ListJobsOptions{IncludeRetried: gitlab.Ptr(true), ListOptions: gitlab.ListOptions{PerPage: r.c.pageSize, Page: 1}}
	return eachPage(ctx, r.c, model.ResourceJobs, &opt.Page,
		func(o ...gitlab.RequestOptionFunc) ([]*job, *gitlab.Response, error) {
			var page []*job
			resp, err := r.get(path, opt, &page, o)
			return page, resp, err
		}, use)
}

// pipelineJobsPath is built from ids only.

func pipelineJobsPath(projectID, pipelineID int64) string {
	return fmt.Sprintf("projects/%d/pipelines/%d/jobs", projectID, pipelineID)
}
