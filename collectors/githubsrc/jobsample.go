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
//   - A run whose workflow definition tells its jobs takes its categories
//     from it (workflow_defs.go); its jobs are not fetched either.
//   - Otherwise runs are grouped by (workflow id, event class — pull_request*
//     or other —, 30-day bucket of created_at, the workflow definitions'
//     commit in force when known). One run per group is sampled:
//     the newest completed run of the group on the page where the group is first
//     met (the newest run if none is completed yet). Its jobs are fetched and
//     stored with their steps and categories and the run is marked
//     JobsFetched. Every other run of the group inherits the sample's
//     categories with JobsFetched false.
//
// The approximation: a scanner added to or removed from a workflow shows up
// with up to 30 days' delay or lead where the definitions' history is not
// known, and a job that runs only on some runs of one event class (e.g. a
// path filter) is seen only if the sample ran it.
// Each run is stored with its group, and the store keeps each group's sample:
// later passes, and a pass resumed after a crash, inherit from the same sample
// instead of fetching again (collectors.JobSampler).
type sampleKey struct {
	workflow int64
	pr       bool
	bucket   int64
	defAt    int64 // committedDate (unix) of the definitions in force; 0 unknown
}

type sampler = collectors.JobSampler[sampleKey, *github.WorkflowRun]

func newSampler(r *repoRun, stored []model.RunSample, defs *definitions) *sampler {
	return collectors.NewJobSampler(collectors.SampleHooks[sampleKey, *github.WorkflowRun]{
		Key: func(run *github.WorkflowRun) sampleKey {
			k := keyOf(run)
			k.defAt = defs.undecidedAt(run.GetID())
			return k
		},
		ID:       (*github.WorkflowRun).GetID,
		Complete: func(run *github.WorkflowRun) bool { return run.GetStatus() == "completed" },
		Named:    func(run *github.WorkflowRun) []string { return r.c.Catalogue.Detect(run.GetName(), nil, nil) },
		Known:    defs.categories,
		Fetch: func(ctx context.Context, id int64) ([]model.Job, collectors.JobSample, error) {
			jobs, cats, err := r.fetchJobs(ctx, id)
			return jobs, collectors.JobSample{Cats: cats}, err
		},
		// Every run is told whether it is the sample, remembered ones included.
		Assign:     func(out *model.PipelineRun, _ collectors.JobSample, sampled bool) { out.JobsFetched = sampled },
		Group:      encodeGroup,
		ParseGroup: decodeGroup,
		Noun:       "run",
		Full:       r.Opts.Full,
	}, stored)
}

func keyOf(run *github.WorkflowRun) sampleKey {
	return sampleKey{
		workflow: run.GetWorkflowID(),
		pr:       strings.HasPrefix(run.GetEvent(), "pull_request"),
		bucket:   collectors.SampleBucket(run.GetCreatedAt().Time),
	}
}

// encodeGroup writes "workflow.class.bucket", e.g. "159038.o.619", and
// ".defAt" after it when the definitions in force are known.
func encodeGroup(k sampleKey) string {
	class := "o"
	if k.pr {
		class = "p"
	}
	if k.defAt != 0 {
		return fmt.Sprintf("%d.%s.%d.%d", k.workflow, class, k.bucket, k.defAt)
	}
	return fmt.Sprintf("%d.%s.%d", k.workflow, class, k.bucket)
}

func decodeGroup(e string) (sampleKey, bool) {
	f := strings.Split(e, ".")
	if (len(f) != 3 && len(f) != 4) || (f[1] != "o" && f[1] != "p") {
		return sampleKey{}, false
	}
	wf, err1 := strconv.ParseInt(f[0], 10, 64)
	bucket, err2 := strconv.ParseInt(f[2], 10, 64)
	var defAt int64
	var err3 error
	if len(f) == 4 {
		defAt, err3 = strconv.ParseInt(f[3], 10, 64)
	}
	if err1 != nil || err2 != nil || err3 != nil || (len(f) == 4 && defAt == 0) {
		return sampleKey{}, false
	}
	return sampleKey{workflow: wf, pr: f[1] == "p", bucket: bucket, defAt: defAt}, true
}
