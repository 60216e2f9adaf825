package gitlabsrc

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	gitlab "gitlab.com/gitlab-org/api/client-go/v2"

	"github.com/paved-dev/paved/collectors"
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
// Groups of the current and previous bucket are remembered in the runs
// cursor, so later passes inherit from the same sample instead of fetching.
const bucketSpan = 30 * 24 * time.Hour

type sampleKey struct {
	class  byte // 'm' merge request, 'd' default branch, 'o' other
	bucket int64
}

type sample struct {
	run      int64
	cats     []string
	complete bool
	attempt  int
}

type sampler struct {
	r    *projectRun
	memo map[sampleKey]sample
	// fresh holds sampled pipelines whose jobs this pass has fetched.
	fresh map[int64]bool
}

func newSampler(r *projectRun, encoded []string) *sampler {
	s := &sampler{r: r, memo: map[sampleKey]sample{}, fresh: map[int64]bool{}}
	for _, e := range encoded {
		if k, v, ok := decodeSample(e); ok {
			s.memo[k] = v
		}
	}
	return s
}

func (s *sampler) keyOf(p *gitlab.PipelineInfo) sampleKey {
	k := sampleKey{class: 'o', bucket: timeOf(p.CreatedAt).Unix() / int64(bucketSpan/time.Second)}
	switch {
	case p.Source == "merge_request_event" || mergeRequestOf(p.Ref) > 0:
		k.class = 'm'
	case p.Ref == s.r.p.DefaultBranch:
		k.class = 'd'
	}
	return k
}

func finished(p *gitlab.PipelineInfo) bool {
	st, _ := ciStatus(p.Status)
	return st == statusCompleted
}

// page assigns categories to a page of pipelines, fetching the jobs of the
// samples it needs, and returns those jobs.
func (s *sampler) page(ctx context.Context, ps []*gitlab.PipelineInfo, out []collectors.PipelineRun) ([]collectors.Job, error) {
	cat := s.r.c.Catalogue
	// Decide every group's sample on this page first, then assign, so that
	// pipelines listed before their sample still get its categories.
	var jobs []collectors.Job
	for _, p := range ps {
		if len(cat.Detect(p.Name, nil, nil)) > 0 {
			continue
		}
		k := s.keyOf(p)
		smp, known := s.memo[k]
		var pick *gitlab.PipelineInfo
		switch {
		case !known:
			pick = s.firstFinished(ps, k)
		case smp.run == p.ID && !s.fresh[smp.run] && (s.r.opts.Full || (!smp.complete && finished(p))):
			pick = p // refresh a sample that was running, or everything on a full pass
		default:
			continue
		}
		fetched, err := s.r.fetchJobs(ctx, pick.ID)
		if err != nil {
			return nil, fmt.Errorf("jobs of pipeline %d: %w", pick.ID, err)
		}
		jobs = append(jobs, fetched.jobs...)
		s.fresh[pick.ID] = true
		s.memo[k] = sample{run: pick.ID, cats: fetched.cats, complete: finished(pick), attempt: fetched.attempt}
	}
	for i, p := range ps {
		if cats := cat.Detect(p.Name, nil, nil); len(cats) > 0 {
			out[i].ScanCategories = cats
			continue
		}
		smp := s.memo[s.keyOf(p)]
		out[i].ScanCategories = smp.cats
		if smp.run == p.ID {
			out[i].JobsFetched = true
			out[i].Attempt = max(smp.attempt, 1)
		}
	}
	return jobs, nil
}

func (s *sampler) firstFinished(ps []*gitlab.PipelineInfo, k sampleKey) *gitlab.PipelineInfo {
	var first *gitlab.PipelineInfo
	for _, p := range ps {
		if s.keyOf(p) != k {
			continue
		}
		if finished(p) {
			return p
		}
		if first == nil {
			first = p
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

// encodeSample writes "class.bucket.pipeline.complete.attempt.cats", e.g.
// "d.619.30433642.c.1.sast+sca".
func encodeSample(k sampleKey, v sample) string {
	done := "i"
	if v.complete {
		done = "c"
	}
	return fmt.Sprintf("%c.%d.%d.%s.%d.%s", k.class, k.bucket, v.run, done, v.attempt, strings.Join(v.cats, "+"))
}

func decodeSample(e string) (sampleKey, sample, bool) {
	f := strings.Split(e, ".")
	if len(f) != 6 || len(f[0]) != 1 {
		return sampleKey{}, sample{}, false
	}
	bucket, err1 := strconv.ParseInt(f[1], 10, 64)
	run, err2 := strconv.ParseInt(f[2], 10, 64)
	attempt, err3 := strconv.Atoi(f[4])
	if err1 != nil || err2 != nil || err3 != nil {
		return sampleKey{}, sample{}, false
	}
	var cats []string
	if f[5] != "" {
		cats = strings.Split(f[5], "+")
	}
	return sampleKey{class: f[0][0], bucket: bucket}, sample{run: run, cats: cats, complete: f[3] == "c", attempt: attempt}, true
}
