package gitlabsrc

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	gitlab "gitlab.com/gitlab-org/api/client-go/v2"

	"github.com/paved-dev/paved/collectors"
	"github.com/paved-dev/paved/model"
)

// Job sampling, as the GitHub collector does it.
//
// The model needs, per pipeline, the scan categories of its jobs; fetching
// jobs for every pipeline would cost one request per pipeline. Pipelines of a
// project run the jobs .gitlab-ci.yml gives them, which depend on what
// triggered them (rules: on merge request events, on the default branch) and
// change when the file changes. So:
//
//   - A pipeline whose name matches the catalogue takes its categories from
//     the name; its jobs are not fetched.
//   - Otherwise pipelines are grouped by (class — merge request, default
//     branch or other —, 30-day bucket of created_at). One pipeline per group
//     is sampled: the first finished pipeline of the group on the page where
//     the group is first met (the first pipeline if none has finished). Its
//     jobs are fetched, retried ones included, and stored with their report
//     artifacts and categories, and the pipeline is marked JobsFetched with
//     its attempt count. Every other pipeline of the group inherits the
//     sample's categories with JobsFetched false.
//
// The approximation: a scanner added to or removed from .gitlab-ci.yml shows
// up with up to 30 days' delay or lead, and a job that runs only on some
// pipelines of a class (rules: changes) is seen only if the sample ran it.
// Each pipeline is stored with its group, and the store keeps each group's
// sample: later passes, and a pass resumed after a crash, inherit from the same
// sample instead of fetching (collectors.JobSampler).
type sampleKey struct {
	class  byte // 'm' merge request, 'd' default branch, 'o' other
	bucket int64
}

type sampler = collectors.JobSampler[sampleKey, *gitlab.PipelineInfo]

func newSampler(r *projectRun, stored []model.RunSample) *sampler {
	cat := r.c.Catalogue
	return collectors.NewJobSampler(collectors.SampleHooks[sampleKey, *gitlab.PipelineInfo]{
		Key:      func(p *gitlab.PipelineInfo) sampleKey { return keyOf(p, r.p.DefaultBranch) },
		ID:       func(p *gitlab.PipelineInfo) int64 { return p.ID },
		Complete: finished,
		Named:    func(p *gitlab.PipelineInfo) []string { return cat.Detect(p.Name, nil, nil) },
		Fetch: func(ctx context.Context, id int64) ([]model.Job, collectors.JobSample, error) {
			fetched, err := r.fetchJobs(ctx, id)
			return fetched.jobs, collectors.JobSample{Cats: fetched.cats, Attempt: fetched.attempt}, err
		},
		// Only the sample is marked; its attempt count (at least one) joins
		// what the project's jobs list said.
		Assign: func(out *model.PipelineRun, smp collectors.JobSample, sampled bool) {
			if sampled {
				out.JobsFetched = true
				out.Attempt = max(smp.Attempt, out.Attempt, 1)
			}
		},
		Group:      encodeGroup,
		ParseGroup: decodeGroup,
		Noun:       "pipeline",
		Full:       r.Opts.Full,
	}, stored)
}

func keyOf(p *gitlab.PipelineInfo, defaultBranch string) sampleKey {
	k := sampleKey{class: 'o', bucket: collectors.SampleBucket(timeOf(p.CreatedAt))}
	switch {
	case p.Source == "merge_request_event" || mergeRequestOf(p.Ref) > 0:
		k.class = 'm'
	case p.Ref == defaultBranch:
		k.class = 'd'
	}
	return k
}

func finished(p *gitlab.PipelineInfo) bool {
	st, _ := ciStatus(p.Status)
	return st == statusCompleted
}

// encodeGroup writes "class.bucket", e.g. "d.619".
func encodeGroup(k sampleKey) string { return fmt.Sprintf("%c.%d", k.class, k.bucket) }

func decodeGroup(e string) (sampleKey, bool) {
	class, b, ok := strings.Cut(e, ".")
	if !ok || len(class) != 1 {
		return sampleKey{}, false
	}
	bucket, err := strconv.ParseInt(b, 10, 64)
	if err != nil {
		return sampleKey{}, false
	}
	return sampleKey{class: class[0], bucket: bucket}, true
}
