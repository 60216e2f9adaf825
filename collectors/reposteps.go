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

// Run runs steps and returns their failures.
func (s RepoSteps) Run(ctx context.Context, steps []Step) []RepoFailure {
	var failures []RepoFailure
	for _, st := range steps {
		if ctx.Err() != nil {
			return failures
		}
		err := st.Run(ctx)
		if err == nil {
			continue
		}
		err = s.Classify(st.Resource, err)
		failures = append(failures, RepoFailure{st.Resource, err})
		if errors.Is(err, s.SourceWide) {
			return failures
		}
		if ctx.Err() == nil {
			s.Log.Warn(s.Forge+" "+s.Noun+" sync failed", "source", s.Source, s.Noun, s.Repo,
				"resource", st.Resource, "err", err.Error())
			if rerr := s.Store.RecordError(ctx, s.Source, s.Repo, st.Resource, err.Error(), s.Now); rerr != nil {
				failures = append(failures, RepoFailure{st.Resource, fmt.Errorf("%s %s: %s: %w", s.Noun, s.Repo, st.Resource, rerr)})
			}
		}
	}
	if s.Closing != nil && len(s.Closing.Cursors) > 0 && ctx.Err() == nil {
		if err := s.Apply(ctx, *s.Closing); err != nil {
			failures = append(failures, RepoFailure{"cursors", fmt.Errorf("%s %s: %w", s.Noun, s.Repo, err)})
		}
	}
	return failures
}
