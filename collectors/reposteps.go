package collectors

import (
	"context"
	"errors"
	"fmt"
	"github.com/paved-dev/paved/model"
	"log/slog"
	"time"
)

// Step is one resource of a repo's share of a pass.
type Step struct {
	Resource string
	Run      func(context.Context) error
}

// RepoSteps runs one repo's resources in turn. One resource's failure is
// recorded on its cursor and does not stop the others: they are independent
// lists. Only a source-wide failure or the end of ctx stops them.
type RepoSteps struct {
	Source string // the collector's name, as cursors key it
	Repo   string // the repo's full name
	Noun   string // "repo" or "project", for error texts
	Store  model.Store
	Now    time.Time
	// SourceWide is the sentinel of failures no other repo can escape.
	SourceWide error
	// Classify turns a resource's error into the one recorded (forge
	// context, source-wide marking).
	Classify func(resource string, err error) error
	// Log takes a warning per failure recorded on a cursor, as
	// "<forge> <noun> sync failed" with the repo under the key Noun.
	Log   *slog.Logger
	Forge string // "github" or "gitlab", for the log message
	// Closing is what the resources leave for the end (cursors of lists with
	// nothing new); Apply stores it once if it holds cursors, unless the
	// pass is stopping.
	Closing *model.Batch
	Apply   func(context.Context, model.Batch) error
}

// recordGrace bounds the store write that records a repo's timeout: the
// repo's own context has ended by then.
const recordGrace = 5 * time.Second

// Run runs steps and returns their failures. When ctx ends on a deadline (the
// repo's or the pass's), the step under way is reported and recorded as
// timed out and the rest are not run.
func (s RepoSteps) Run(ctx context.Context, steps []Step) []RepoFailure {
	var failures []RepoFailure
	for i, st := range steps {
		if ctx.Err() != nil {
			if i == 0 {
				return s.stopped(ctx, failures, "") // the repo was not reached
			}
			return s.stopped(ctx, failures, st.Resource)
		}
		err := st.Run(ctx)
		if err == nil {
			continue
		}
		if deadlineOf(ctx) != nil {
			return s.stopped(ctx, failures, st.Resource)
		}
		err = s.Classify(st.Resource, err)
		failures = append(failures, RepoFailure{st.Resource, err})
		if errors.Is(err, s.SourceWide) {
			return failures
		}
		if ctx.Err() == nil {
			failures = append(failures, s.record(ctx, st.Resource, err)...)
		}
	}
	if s.Closing != nil && len(s.Closing.Cursors) > 0 && ctx.Err() == nil {
		if err := s.Apply(ctx, *s.Closing); err != nil {
			failures = append(failures, RepoFailure{"cursors", fmt.Errorf("%s %s: %w", s.Noun, s.Repo, err)})
		}
	}
	return failures
}

// stopped ends the run of a repo whose ctx has ended when it was at resource
// (before the first, ""): on a deadline, the timeout is the repo's
// failure, recorded on resource's cursor; on a cancellation, nothing is
// added, as the pass is stopping for everyone.
func (s RepoSteps) stopped(ctx context.Context, failures []RepoFailure, resource string) []RepoFailure {
	d := deadlineOf(ctx)
	if d == nil {
		return failures
	}
	err := &TimeoutError{Noun: s.Noun, Repo: s.Repo, Resource: resource, deadline: d}
	failures = append(failures, RepoFailure{resource, err})
	if resource == "" {
		return failures // no resource was read: no cursor to record it on
	}
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), recordGrace)
	defer cancel()
	return append(failures, s.record(rctx, resource, err)...)
}

// record logs a resource's failure and stores it on the resource's cursor;
// it returns the failure to store it, if any.
func (s RepoSteps) record(ctx context.Context, resource string, err error) []RepoFailure {
	s.Log.Warn(s.Forge+" "+s.Noun+" sync failed", "source", s.Source, s.Noun, s.Repo,
		"resource", resource, "err", err.Error())
	if rerr := s.Store.RecordError(ctx, s.Source, s.Repo, resource, err.Error(), s.Now); rerr != nil {
		return []RepoFailure{{resource, fmt.Errorf("%s %s: %s: %w", s.Noun, s.Repo, resource, rerr)}}
	}
	return nil
}
