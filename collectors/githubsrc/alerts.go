package githubsrc

import (
	"context"
	"time"

	"github.com/google/go-github/v60/github"
	"github.com/paved-dev/paved/model"
)

// alertList describes one scanner's alerts of type T: a list sorted by the
// time an alert was last updated, newest first, walked down to the watermark
// into findings, whose answers observe the scanner feature.
type alertList[T any] struct {
	resource string
	feature  string
	fetch    func(ctx context.Context, page string) ([]T, *github.Response, error)
	// next is the page after resp; nextPage when nil.
	next func(resp *github.Response) string
	// updated is the time the list is sorted by and the watermark tracks.
	updated func(T) time.Time
	convert func(T) model.Finding
	// hasReport says the repos list's security_and_analysis reports on the
	// scanner; listed is its word in this pass's list (repoRun.reported).
	hasReport bool
	listed    string
}

// walkAlerts walks one scanner's alerts, most recently updated first, down
// to the watermark.
func walkAlerts[T any](ctx context.Context, r *repoRun, a alertList[T]) error {
	reported := ""
	if a.hasReport {
		var err error
		if reported, err = r.reported(ctx, a.resource, a.listed); err != nil {
			return err
		}
	}
	next := a.next
	if next == nil {
		next = nextPage
	}
	_, err := walk(ctx, r, spec[T]{
		resource:   a.resource,
		fetch:      a.fetch,
		next:       next,
		order:      a.updated,
		mark:       a.updated,
		stopBefore: func(watermark, _ time.Time) time.Time { return watermark },
		convert: func(_ context.Context, alerts []T, _ *state) (model.Batch, error) {
			var b model.Batch
			for _, al := range alerts {
				b.Findings = append(b.Findings, a.convert(al))
			}
			return b, nil
		},
		finish:      r.observe(a.feature, reported),
		enabledHint: reported == "enabled",
		report:      reported,
		hasReport:   a.hasReport,
	})
	return err
}

// listJSON is the fetch of a newest-first list read with getJSON from
// repos/{owner}/{repo}/{rest}, sorted by sortBy when it is not "".
func listJSON[T any](r *repoRun, rest, sortBy string) func(ctx context.Context, page string) ([]T, *github.Response, error) {
	return func(ctx context.Context, page string) ([]T, *github.Response, error) {
		var items []T
		resp, err := r.getJSON(ctx, rest, listQuery(page, sortBy), &items)
		return items, resp, err
	}
}
