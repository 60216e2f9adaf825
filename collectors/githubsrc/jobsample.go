package githubsrc

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/google/go-github/v60/github"
	"github.com/paved-dev/paved/collectors"
	"github.com/paved-dev/paved/model"
)

// Job sampling.
//
// The model needs, per run, the scan categories of its jobs; fetching jobs for
// every run would cost one request per run, twenty times the budget of 0.05
// requests per stored record on a large org's first sync. Runs of one workflow
// run the same jobs, except where a job depends on the triggering event or the
// workflow file changed. So:
//
//   - A run whose workflow name matches the catalogue (e.g. "CodeQL") takes its
//     categories from the name; its jobs are not fetched.
//   - Otherwise runs are grouped by (workflow id, event class — pull_request*
//     or other —, 30-day bucket of created_at). One run per group is sampled:
//     the newest completed run of the group on the page where the group is first
//     met (the newest run if none is completed yet). Its jobs are fetched and
//     stored with their steps and categories and the run is marked
//     JobsFetched. Every other run of the group inherits the sample's
//     categories with JobsFetched false.
//
// The approximation: a scanner added to or removed from a workflow shows up
// with up to 30 days' delay or lead, and a job that runs only on some runs of
// one event class (e.g. a path filter) is seen only if the sample ran it.
// Groups of the current and previous bucket are remembered in the runs cursor,
// so later passes inherit from the same sample instead of fetching again; an
// older group's sample is its newest run, which later passes pick again.
const bucketSpan = collectors.SampleBucketSpan

type sampleKey struct {
	workflow int64
	pr       bool
	bucket   int64
}

// sample is a group's sampled run as the cursor memo stores it.
type sample struct {
	run      int64
	cats     []string
	complete bool
}

type sampler = collectors.JobSampler[sampleKey, *github.WorkflowRun]

func newSampler(r *repoRun, encoded []string) *sampler {
	return collectors.NewJobSampler(collectors.SampleHooks[sampleKey, *github.WorkflowRun]{
		Key:      keyOf,
		Bucket:   func(k sampleKey) int64 { return k.bucket },
		ID:       (*github.WorkflowRun).GetID,
		Complete: func(run *github.WorkflowRun) bool { return run.GetStatus() == "completed" },
		Named:    func(run *github.WorkflowRun) []string { return r.c.Catalogue.Detect(run.GetName(), nil, nil) },
		Fetch: func(ctx context.Context, id int64) ([]model.Job, collectors.JobSample, error) {
			jobs, cats, err := r.fetchJobs(ctx, id)
			return jobs, collectors.JobSample{Cats: cats}, err
		},
		// Every run is told whether it is the sample, remembered ones included.
		Assign: func(out *model.PipelineRun, _ collectors.JobSample, sampled bool) { out.JobsFetched = sampled },
		Encode: func(k sampleKey, v collectors.JobSample) string {
			return encodeSample(k, sample{run: v.Run, cats: v.Cats, complete: v.Complete})
		},
		Noun: "run",
		Full: r.Opts.Full,
	}, encoded, func(e string) (sampleKey, collectors.JobSample, bool) {
		k, v, ok := decodeSample(e)
		return k, collectors.JobSample{Run: v.run, Cats: v.cats, Complete: v.complete}, ok
	})
}

func keyOf(run *github.WorkflowRun) sampleKey {
	return sampleKey{
		workflow: run.GetWorkflowID(),
		pr:       strings.HasPrefix(run.GetEvent(), "pull_request"),
		bucket:   collectors.SampleBucket(run.GetCreatedAt().Time),
	}
}

// encodeSample writes "workflow.class.bucket.run.complete.cats", e.g.
// "159038.o.619.30433642.c.sast+sca".
func encodeSample(k sampleKey, v sample) string {
	class, done := "o", "i"
	if k.pr {
		class = "p"
	}
	if v.complete {
		done = "c"
	}
	return fmt.Sprintf("%d.%s.%d.%d.%s.%s", k.workflow, class, k.bucket, v.run, done, strings.Join(v.cats, "+"))
}

func decodeSample(e string) (sampleKey, sample, bool) {
	f := strings.Split(e, ".")
	if len(f) != 6 {
		return sampleKey{}, sample{}, false
	}
	wf, err1 := strconv.ParseInt(f[0], 10, 64)
	bucket, err2 := strconv.ParseInt(f[2], 10, 64)
	run, err3 := strconv.ParseInt(f[3], 10, 64)
	if err1 != nil || err2 != nil || err3 != nil {
		return sampleKey{}, sample{}, false
	}
	var cats []string
	if f[5] != "" {
		cats = strings.Split(f[5], "+")
	}
	return sampleKey{workflow: wf, pr: f[1] == "p", bucket: bucket},
		sample{run: run, cats: cats, complete: f[4] == "c"}, true
}
