package githubsrc

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/google/go-github/v60/github"
	"github.com/paved-dev/paved/internal/sanitize"
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
	_, err := walk(ctx, r, spec[T]{
		resource:   a.resource,
		fetch:      a.fetch,
		next:       a.next,
		order:      a.updated,
		whole:      true,
		stopBefore: func(watermark time.Time) time.Time { return watermark },
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
// the repo's {rest}, sorted by sortBy when it is not "".
func listJSON[T any](r *repoRun, rest, sortBy string) func(ctx context.Context, page string) ([]T, *github.Response, error) {
	return func(ctx context.Context, page string) ([]T, *github.Response, error) {
		var items []T
		resp, err := r.getJSON(ctx, rest, listQuery(page, sortBy), &items)
		return items, resp, err
	}
}

// alertFinding is what a scanner's alert says of itself, before sanitizing.
type alertFinding struct {
	kind, category, severity string
	number                   int
	state, reason            string
	tool, rule, ruleText     string
	location, htmlURL        string
	created, updated         time.Time
	// outcome maps the sanitized state and reason.
	outcome func(state, reason string) string
	// fixed and closed are the candidate resolution times, the first set
	// one wins, of a fixed alert and of one closed otherwise.
	fixed, closed []time.Time
}

// finding turns an alert into the repo's finding, resolved and due as its
// outcome and severity say.
func (r *repoRun) finding(a alertFinding) model.Finding {
	f := model.Finding{
		Source:      r.c.cfg.Name,
		RepoForgeID: r.repo.ID,
		Kind:        a.kind,
		ForgeID:     strconv.Itoa(a.number),
		Category:    a.category,
		Severity:    a.severity,
		State:       sanitize.Line(a.state, sanitize.MaxName),
		Reason:      sanitize.Line(a.reason, sanitize.MaxName),
		Tool:        sanitize.Line(a.tool, sanitize.MaxName),
		Rule:        sanitize.Line(a.rule, sanitize.MaxName),
		RuleText:    sanitize.Line(a.ruleText, sanitize.MaxText),
		Location:    sanitize.Line(a.location, sanitize.MaxLine),
		CreatedAt:   a.created,
		UpdatedAt:   a.updated,
		HTMLURL:     r.c.link(sanitize.Line(a.htmlURL, sanitize.MaxLine)),
	}
	f.Outcome = a.outcome(f.State, f.Reason)
	switch f.Outcome {
	case model.OutcomeOpen:
	case model.OutcomeFixed:
		f.ResolvedAt = firstSet(a.fixed...)
	default:
		f.ResolvedAt = firstSet(a.closed...)
	}
	r.dueAt(&f)
	return f
}

// pathLine is "path:line", or the path alone when the line is unknown, or ""
// without a path.
func pathLine(path string, line int) string {
	switch {
	case path == "":
		return ""
	case line > 0:
		return fmt.Sprintf("%s:%d", path, line)
	}
	return path
}
