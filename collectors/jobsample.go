package collectors

import (
	"context"
	"fmt"
	"github.com/paved-dev/paved/model"
	"time"
)

// Job sampling, shared by the forge collectors: runs are grouped (by the
// forge's key, always including a SampleBucketSpan bucket of the creation
// time), one run per group has its jobs fetched, and the others inherit the
// sample's scan categories. Each collector documents its grouping and the
// approximation it makes.
//
// The groups' samples are read from the store when a walk starts, and each page's
// runs carry their group, so the store derives their categories from the
// sample's stored jobs: what a pass decides depends only on what is stored, and a
// pass killed between two pages and run again decides the same.

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
	ID       func(R) int64
	Complete func(R) bool
	// Named returns the categories a run's name gives; runs so named are
	// not sampled.
	Named func(R) []string
	// Known, when set, returns the categories known of a run without its
	// jobs (ok false: unknown); runs so known are not sampled.
	Known func(ctx context.Context, run R) (cats []string, ok bool, err error)
	// Fetch fetches a run's jobs and returns them with the sample they make.
	Fetch func(ctx context.Context, id int64) ([]model.Job, JobSample, error)
	// Assign stores a group's sample on a run; sampled says the run is the
	// sample itself.
	Assign func(out *model.PipelineRun, smp JobSample, sampled bool)
	// Group names a group as the store keeps it on its runs; ParseGroup reads it back.
	Group      func(K) string
	ParseGroup func(string) (K, bool)
	Noun       string // "run" or "pipeline", for error texts
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

// NewJobSampler starts from the samples the store holds; a group it cannot
// read is sampled again.
func NewJobSampler[K comparable, R any](h SampleHooks[K, R], stored []model.RunSample) *JobSampler[K, R] {
	s := &JobSampler[K, R]{h: h, memo: map[K]JobSample{}, fresh: map[int64]bool{}}
	for _, st := range stored {
		if k, ok := h.ParseGroup(st.Group); ok {
			s.memo[k] = JobSample{Run: st.RunForgeID, Cats: st.Categories, Complete: st.Complete, Attempt: st.Attempt}
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
	decided, err := s.decide(ctx, runs)
	if err != nil {
		return nil, err
	}
	for i, run := range runs {
		if decided[i] != nil {
			continue
		}
		k := s.h.Key(run)
		smp, known := s.memo[k]
		var pick R
		switch {
		case !known:
			pick = s.firstComplete(runs, decided, k)
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
		if cats := decided[i]; cats != nil {
			out[i].ScanCategories = *cats
			continue
		}
		k := s.h.Key(run)
		smp := s.memo[k]
		out[i].ScanCategories = smp.Cats
		out[i].SampleGroup = s.h.Group(k)
		s.h.Assign(&out[i], smp, smp.Run == s.h.ID(run))
	}
	return jobs, nil
}

// decide finds the runs whose categories need no jobs: by name, then as
// Known says; the others are nil.
func (s *JobSampler[K, R]) decide(ctx context.Context, runs []R) ([]*[]string, error) {
	out := make([]*[]string, len(runs))
	for i, run := range runs {
		if cats := s.h.Named(run); len(cats) > 0 {
			out[i] = &cats
			continue
		}
		if s.h.Known == nil {
			continue
		}
		cats, ok, err := s.h.Known(ctx, run)
		if err != nil {
			return nil, fmt.Errorf("categories of %s %d: %w", s.h.Noun, s.h.ID(run), err)
		}
		if ok {
			out[i] = &cats
		}
	}
	return out, nil
}

// firstComplete is the group's first completed undecided run on the page, or
// its first one when none has completed.
func (s *JobSampler[K, R]) firstComplete(runs []R, decided []*[]string, k K) R {
	var first R
	found := false
	for i, run := range runs {
		if decided[i] != nil || s.h.Key(run) != k {
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
