package collectors

import (
	"context"
	"errors"
	"fmt"
	"github.com/paved-dev/paved/model"
	"slices"
	"strings"
	"time"
)

// RunAll runs one collection pass for each source in cs (keyed by source name),
// or only for the source named by only when it is not empty. Sources run one
// after another in name order so they do not compete for the store's single
// writer. A source-wide failure does not stop the other sources: every failure
// is returned joined, each naming its source, beside one Summary per source run.
func RunAll(ctx context.Context, store model.Store, cs map[string]Collector, only string, opts RunOptions) ([]Summary, error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	names := make([]string, 0, len(cs))
	for name := range cs {
		if only == "" || name == only {
			names = append(names, name)
		}
	}
	if only != "" && len(names) == 0 {
		return nil, fmt.Errorf("source %q is not configured", only)
	}
	slices.Sort(names)

	var summaries []Summary
	var errs []error
	for _, name := range names {
		if err := ctx.Err(); err != nil {
			errs = append(errs, fmt.Errorf("source %q: not collected: %w", name, err))
			continue
		}
		start := opts.Now()
		sum, err := cs[name].Collect(ctx, store, opts)
		if sum.Source == "" {
			sum.Source = name
		}
		if sum.Duration == 0 {
			sum.Duration = opts.Now().Sub(start)
		}
		if err != nil {
			err = nameSource(name, err)
			sum.Failure = err.Error()
			errs = append(errs, err)
		}
		summaries = append(summaries, sum)
	}
	return summaries, errors.Join(errs...)
}

// nameSource makes sure an error says which source it is about, without
// repeating the name when the collector already said it.
func nameSource(name string, err error) error {
	if strings.HasPrefix(err.Error(), fmt.Sprintf("source %q", name)) {
		return err
	}
	return fmt.Errorf("source %q: %w", name, err)
}
