package collectors

import (
	"context"
	"errors"
	"fmt"
	"github.com/paved-dev/paved/model"
	"slices"
	"strings"
	"sync"
	"time"
)

// RunAll runs one collection pass for each source in cs (keyed by source name),
// or only for the source named by only when it is not empty. Sources run
// concurrently, so a hung forge delays only its own source; the store
// serialises their writes. A source-wide failure does not stop the other
// sources: every failure is returned joined, each naming its source, beside
// one Summary per source run, both in name order.
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

	summaries := make([]*Summary, len(names))
	errs := make([]error, len(names))
	var wg sync.WaitGroup
	for i, name := range names {
		wg.Go(func() {
			summaries[i], errs[i] = runSource(ctx, store, name, cs[name], opts)
		})
	}
	wg.Wait()
	var out []Summary
	for _, s := range summaries {
		if s != nil {
			out = append(out, *s)
		}
	}
	return out, errors.Join(errs...)
}

// runSource runs one source's pass; its summary is nil when the pass did not
// start because ctx had ended.
func runSource(ctx context.Context, store model.Store, name string, c Collector, opts RunOptions) (*Summary, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("source %q: not collected: %w", name, err)
	}
	start := opts.Now()
	sum, err := c.Collect(ctx, store, opts)
	if sum.Source == "" {
		sum.Source = name
	}
	if sum.Duration == 0 {
		sum.Duration = opts.Now().Sub(start)
	}
	if err != nil {
		err = nameSource(name, err)
		sum.Failure = err.Error()
	}
	return &sum, err
}

// nameSource makes sure an error says which source it is about, without
// repeating the name when the collector already said it.
func nameSource(name string, err error) error {
	if strings.HasPrefix(err.Error(), fmt.Sprintf("source %q", name)) {
		return err
	}
	return fmt.Errorf("source %q: %w", name, err)
}
