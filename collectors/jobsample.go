package collectors

import (
	"context"
	"fmt"
	"github.com/paved-dev/paved/model"
	"slices"
	"time"
)

// Job sampling, shared by the forge collectors: runs are grouped (by the
// forge's key, always including a SampleBucketSpan bucket of the creation
// time), one run per group has its jobs fetched, and the others inherit the
// sample's scan categories. Each collector documents its grouping and the
// approximation it makes.

// SampleBucketSpan is the width of a sampling group's time bucket.
const SampleBucketSpan = 30 * 24 * time.Hour

// SampleBucket is the bucket of a run created at t.
func SampleBucket(t time.Time) int64 { return t.Unix() / int64(SampleBucketSpan/time.Second) }

// JobSample is a group's sampled run and what its jobs showed.
type JobSample struct {
	Run      int64
	Cats     []string
	Complete bool
	Attempt  int // GitLab only: the sampled pipeline's job attempts
}

// SampleHooks are a forge's parts of job sampling over runs of type R
// grouped by keys of type K.
type SampleHooks[K comparable, R any] struct {
	Key      func(R) K
	Bucket   func(K) int64
	ID       func(R) int64
	Complete func(R) bool
	// Named returns the categories a run's name gives; runs so named are
	// not sampled.
	Named func(R) []string
	// Fetch fetches a run's jobs and returns them with the sample they make.
	Fetch func(ctx context.Context, id int64) ([]model.Job, JobSample, error)
	// Assign stores a group's sample on a run; sampled says the run is the
	// sample itself.
	Assign func(out *model.PipelineRun, smp JobSample, sampled bool)
	Encode func(K, JobSample) string
	Noun   string // "run" or "pipeline", for error texts
	// Full re-samples every group met, as a full pass asks.
	Full bool
}

// JobSampler assigns scan categories to pages of runs, newest first.
type JobSampler[K comparable, R any] struct {
	h    SampleHooks[K, R]
	memo map[K]JobSample
	// fresh holds sampled runs whose jobs this pass has fetched.
	fresh map[int64]bool
}

// NewJobSampler starts from the groups remembered in a cursor; entries
// decode cannot read are dropped (their groups are sampled again).
func NewJobSampler[K comparable, R any](h SampleHooks[K, R], encoded []string, decode func(string) (K, JobSample, bool)) *JobSampler[K, R] {
	s := &JobSampler[K, R]{h: h, memo: map[K]JobSample{}, fresh: map[int64]bool{}}
	for _, e := range encoded {
		if k, v, ok := decode(e); ok {
			s.memo[k] = v
		}
	}
	return s
}

// Page assigns categories to a page of runs into out (one per run), fetching
// the jobs of the samples it needs, and returns those jobs.
func (s *JobSampler[K, R]) Page(ctx context.Context, runs []R, out []model.PipelineRun) ([]model.Job, error) {
	// Decide every group's sample on this page first, then assign, so runs
	// listed before their sample still get the sample's categories.
	var jobs []model.Job
	// Named runs the catalogue over each run's name; once per run is enough.
	named := make([][]string, len(runs))
	for i, run := range runs {
		named[i] = s.h.Named(run)
	}
	for i, run := range runs {
		if len(named[i]) > 0 {
			continue
		}
		k := s.h.Key(run)
		smp, known := s.memo[k]
		var pick R
		switch {
		case !known:
			pick = s.firstComplete(runs, k)
		case smp.Run == s.h.ID(run) && !s.fresh[smp.Run] && (s.h.Full || (!smp.Complete && s.h.Complete(run))):
			pick = run // refresh a sample that was running, or everything on a full pass
		default:
			continue
		}
		id := s.h.ID(pick)
		fetched, got, err := s.h.Fetch(ctx, id)
		if err != nil {
			return nil, fmt.Errorf("jobs of %s %d: %w", s.h.Noun, id, err)
		}
		jobs = append(jobs, fetched...)
		s.fresh[id] = true
		got.Run, got.Complete = id, s.h.Complete(pick)
		s.memo[k] = got
	}
	for i, run := range runs {
		if cats := named[i]; len(cats) > 0 {
			out[i].ScanCategories = cats
			continue
		}
		smp := s.memo[s.h.Key(run)]
		out[i].ScanCategories = smp.Cats
		s.h.Assign(&out[i], smp, smp.Run == s.h.ID(run))
	}
	return jobs, nil
}

// firstComplete is the group's first completed run on the page, or its first
// run when none has completed.
func (s *JobSampler[K, R]) firstComplete(runs []R, k K) R {
	var first R
	found := false
	for _, run := range runs {
		if s.h.Key(run) != k {
			continue
		}
		if s.h.Complete(run) {
			return run
		}
		if !found {
			first, found = run, true
		}
	}
	return first
}

// Remembered encodes the groups later passes may meet again: those of the
// current and previous bucket, sorted.
func (s *JobSampler[K, R]) Remembered(now time.Time) []string {
	oldest := SampleBucket(now.Add(-SampleBucketSpan))
	var out []string
	for k, v := range s.memo {
		if s.h.Bucket(k) >= oldest {
			out = append(out, s.h.Encode(k, v))
		}
	}
	slices.Sort(out)
	return out
}
