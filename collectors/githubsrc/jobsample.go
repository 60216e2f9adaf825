package githubsrc

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/go-github/v60/github"
	"github.com/paved-dev/paved/collectors"
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
const bucketSpan = 30 * 24 * time.Hour

type sampleKey struct {
	workflow int64
	pr       bool
	bucket   int64
}

type sample struct {
	run      int64
	cats     []string
	complete bool
}

type sampler struct {
	r    *repoRun
	memo map[sampleKey]sample
	// fresh holds sampled runs whose jobs this pass has fetched.
	fresh map[int64]bool
}

func newSampler(r *repoRun, encoded []string) *sampler {
	s := &sampler{r: r, memo: map[sampleKey]sample{}, fresh: map[int64]bool{}}
	for _, e := range encoded {
		if k, v, ok := decodeSample(e); ok {
			s.memo[k] = v
		}
	}
	return s
}

func keyOf(run *github.WorkflowRun) sampleKey {
	return sampleKey{
		workflow: run.GetWorkflowID(),
		pr:       strings.HasPrefix(run.GetEvent(), "pull_request"),
		bucket:   run.GetCreatedAt().Unix() / int64(bucketSpan/time.Second),
	}
}

// page assigns categories to a page of runs (newest first), fetching the jobs
// of the samples it needs, and returns those jobs.
func (s *sampler) page(ctx context.Context, runs []*github.WorkflowRun, out []collectors.PipelineRun) ([]collectors.Job, error) {
	// First decide every group's sample on this page, then assign, so runs listed
	// before their sample still get the sample's categories.
	var jobs []collectors.Job
	for _, run := range runs {
		if len(s.r.c.Catalogue.Detect(run.GetName(), nil, nil)) > 0 {
			continue
		}
		k := keyOf(run)
		smp, known := s.memo[k]
		var pick *github.WorkflowRun
		switch {
		case !known:
			pick = newestCompleted(runs, k)
		case smp.run == run.GetID() && !s.fresh[smp.run] &&
			(s.r.opts.Full || (!smp.complete && run.GetStatus() == "completed")):
			pick = run // refresh a sample that was running, or everything on a full pass
		default:
			continue
		}
		fetched, cats, err := s.r.fetchJobs(ctx, pick.GetID())
		if err != nil {
			return nil, fmt.Errorf("jobs of run %d: %w", pick.GetID(), err)
		}
		jobs = append(jobs, fetched...)
		s.fresh[pick.GetID()] = true
		s.memo[k] = sample{run: pick.GetID(), cats: cats, complete: pick.GetStatus() == "completed"}
	}
	for i, run := range runs {
		if cats := s.r.c.Catalogue.Detect(run.GetName(), nil, nil); len(cats) > 0 {
			out[i].ScanCategories = cats
			continue
		}
		smp := s.memo[keyOf(run)]
		out[i].ScanCategories = smp.cats
		out[i].JobsFetched = smp.run == run.GetID()
	}
	return jobs, nil
}

func newestCompleted(runs []*github.WorkflowRun, k sampleKey) *github.WorkflowRun {
	var first *github.WorkflowRun
	for _, run := range runs {
		if keyOf(run) != k {
			continue
		}
		if run.GetStatus() == "completed" {
			return run
		}
		if first == nil {
			first = run
		}
	}
	return first
}

// remembered encodes the groups later passes may meet again: those of the
// current and previous bucket.
func (s *sampler) remembered(now time.Time) []string {
	oldest := now.Add(-bucketSpan).Unix() / int64(bucketSpan/time.Second)
	var out []string
	for k, v := range s.memo {
		if k.bucket >= oldest {
			out = append(out, encodeSample(k, v))
		}
	}
	slices.Sort(out)
	return out
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
