package githubsrc

import (
	"cmp"
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/google/go-github/v60/github"
	"github.com/paved-dev/paved/collectors"
	"github.com/paved-dev/paved/model"
)

// outcome is how a walk ended.
type outcome int

const (
	outChanged     outcome = iota // pages were fetched and stored
	outNotModified                // the first page answered 304: nothing changed
	outDisabled                   // the feature is off for this repo
)

// spec describes one paged, newest-first resource list of T.
type spec[T any] struct {
	resource string
	// fetch gets one page; page is "" for the first one.
	fetch func(ctx context.Context, page string) ([]T, *github.Response, error)
	// next is the page after resp, "" at the end; nextPage when nil.
	next func(resp *github.Response) string
	// order is the time the list is sorted by, newest first.
	order func(T) time.Time
	// mark is the time the watermark tracks; order itself when nil.
	mark func(T) time.Time
	// stopBefore is the oldest order-time still needed given a known
	// watermark; the walk ends at the first older item. (A first walk stops
	// at the list's first window instead.)
	stopBefore func(watermark time.Time) time.Time
	// enough, when set, says an item makes the scoring window enough for a
	// first walk whose first window is wider (deployments, History.Horizon):
	// once one is met the walk stops at the window (History.Horizon("")).
	enough func(T) bool
	// whole marks a list of current state (alerts), read in full on a first
	// pass: it has no window and no history.
	whole bool
	// cheapPage says storing a page's items costs no request per item (as
	// fetching a run's jobs does): a first walk stores its last page whole
	// rather than leave its older items for history to fetch again.
	cheapPage bool
	// convert turns a page into records; it may fetch more (jobs, reviews, statuses).
	convert func(ctx context.Context, items []T, st *state) (model.Batch, error)
	// finish updates memos and adds records (observations) when the walk ends.
	finish func(st *state, b *model.Batch, out outcome)
	// enabledHint says another source (security_and_analysis) reports the
	// feature on, so a remembered "disabled" answer is checked again at once.
	enabledHint bool
	// report, when hasReport, is kept in the cursor state: a pass whose repo
	// list came from the store reads it back (repoRun.reported).
	report    string
	hasReport bool
}

// disabledRecheck is how long a "feature disabled" answer is trusted. Such
// answers carry no ETag, so asking every pass would cost a full request per
// repo; a feature switched on is seen within a day instead.
const disabledRecheck = 24 * time.Hour

func nextPage(resp *github.Response) string {
	if resp == nil || resp.NextPage == 0 {
		return ""
	}
	return strconv.Itoa(resp.NextPage)
}

func pageNumber(page string) int {
	n, _ := strconv.Atoi(page)
	return max(n, 1)
}

// listOptions ask for page (as walk names it) of a numbered list.
func listOptions(page string) github.ListOptions {
	return github.ListOptions{Page: pageNumber(page), PerPage: perPage}
}

// walk pages through one resource of one repo and stores each page with its
// cursor in one batch. The watermark and ETag advance only with the last page;
// earlier pages store the old watermark with the position reached, so a crash
// resumes there and re-fetched items are upserted, never lost or duplicated.
//
// A first (or full) walk stops at the list's first window (History.Horizon)
// and records, with its last page, where its history resumes: the history
// cursor, which deepening rounds (deepen.go) take further back. In a
// deepening round (r.round > 0) walk reads history instead.
func walk[T any](ctx context.Context, r *repoRun, sp spec[T]) (outcome, error) {
	if sp.next == nil {
		sp.next = nextPage
	}
	if sp.mark == nil {
		sp.mark = sp.order
	}
	if r.round > 0 {
		if sp.whole {
			return outNotModified, nil
		}
		return outChanged, deepen(ctx, r, sp)
	}
	cur, err := r.Store.Cursor(ctx, r.c.cfg.Name, r.repo.FullName, sp.resource)
	if err != nil {
		return 0, fmt.Errorf("read cursor: %w", err)
	}
	st := decodeState(cur.Position)
	if sp.hasReport {
		st.Report = sp.report
	}
	full := r.Opts.Full
	if st.Off != 0 && !full && !sp.enabledHint && r.Now.Sub(collectors.UnixTime(st.Off)) < disabledRecheck {
		r.finishEarly(cur, st, sp.finish, outDisabled)
		return outDisabled, nil
	}
	watermark := cur.Watermark
	if full {
		watermark = time.Time{}
	}
	var page, etag, send string
	var high time.Time
	if !full && st.Next != "" {
		page, etag, high = st.Next, st.ETag, st.HighTime()
	} else {
		st.Clear()
		if !full {
			send = cur.ETag
		}
	}
	first, stop, err := stopOf(ctx, r, sp, watermark)
	if err != nil {
		return 0, err
	}
	for {
		reqCtx := ctx
		if page == "" {
			reqCtx = withETag(ctx, send)
		}
		items, resp, err := fetchPage(reqCtx, r, sp, page)
		if notModified(resp, err) {
			st.Off = 0
			r.finishEarly(cur, st, sp.finish, outNotModified)
			return outNotModified, nil
		}
		if err != nil {
			if disabledAnswer(sp.resource, err) {
				cur.ETag = ""
				st.Clear()
				st.Off = r.Now.Unix()
				r.finishEarly(cur, st, sp.finish, outDisabled)
				return outDisabled, nil
			}
			return 0, err
		}
		if page == "" {
			etag = resp.Header.Get("ETag")
		}
		next := sp.next(resp)
		if first && sp.enough != nil && anyEnough(items, sp, stop) {
			stop = collectors.LaterOf(stop, r.history().Horizon(""))
		}
		kept, done := keepNewer(items, sp.order, stop)
		resume := cmp.Or(page, "1") // where history goes on after a first walk
		if first && done && sp.cheapPage {
			// The page that reaches past the first window is stored whole:
			// it is fetched anyway, and history goes on from the next one.
			kept, resume = items, next
		}
		for _, it := range kept {
			if m := sp.mark(it); m.After(high) {
				high = m
			}
		}
		if first && done && high.IsZero() && len(kept) < len(items) {
			// Nothing is in the window: the list's newest item, which history
			// stores, is where the next pass's walk goes down to.
			high = sp.mark(items[len(kept)])
		}
		b, err := sp.convert(ctx, kept, &st)
		if err != nil {
			return 0, err
		}
		last := done || next == ""
		cur.Items += int64(b.Len())
		if last {
			st.Off = 0
			cur.Watermark = collectors.Advance(cur.Watermark, high, r.Now)
			cur.ETag = etag
			cur.LastSuccess, cur.LastError = r.Now, ""
			st.Clear()
			if sp.finish != nil {
				sp.finish(&st, &b, outChanged)
			}
		} else {
			st.Pause(next, high, etag)
		}
		cur.Position = st.encode()
		b.Cursors = append(b.Cursors, cur)
		if last && first {
			var floor time.Time // zero: the list was read to its start
			switch {
			case !done || resume == "":
			case sp.cheapPage:
				floor = sp.order(kept[len(kept)-1])
			default:
				floor = stop
			}
			b.Cursors = append(b.Cursors, r.historyStart(sp.resource, floor, resume))
		}
		if err := r.Apply(ctx, b); err != nil {
			return 0, err
		}
		if last {
			return outChanged, nil
		}
		page = next
	}
}

// stopOf is where a walk of sp ends, given the watermark it goes by
// (zero on a full pass): at the list's first window when it has none yet
// (first), at the history's floor when nothing newer than that is stored
// yet, else at the watermark (sp.stopBefore); never before the history's
// target. A list of current state (whole) goes by its watermark alone.
func stopOf[T any](ctx context.Context, r *repoRun, sp spec[T], watermark time.Time) (first bool, stop time.Time, err error) {
	if sp.whole {
		return false, sp.stopBefore(watermark), nil
	}
	hist := r.history()
	if !watermark.IsZero() {
		return false, collectors.LaterOf(sp.stopBefore(watermark), hist.Target()), nil
	}
	hc := model.Cursor{}
	if !r.Opts.Full {
		if hc, err = r.Store.Cursor(ctx, r.c.cfg.Name, r.repo.FullName, model.HistoryResource(sp.resource)); err != nil {
			return false, time.Time{}, fmt.Errorf("read history: %w", err)
		}
	}
	if hc.LastSuccess.IsZero() {
		return true, hist.Horizon(sp.resource), nil
	}
	return false, collectors.LaterOf(hc.Watermark, hist.Target()), nil
}

// fetchPage gets one page of sp's list through c.call.
func fetchPage[T any](ctx context.Context, r *repoRun, sp spec[T], page string) ([]T, *github.Response, error) {
	var items []T
	resp, err := r.c.call(ctx, sp.resource, func(context.Context) (*github.Response, error) {
		var resp *github.Response
		var err error
		items, resp, err = sp.fetch(ctx, page)
		return resp, err
	})
	return items, resp, err
}

// finishEarly records a walk that fetched nothing new: the cursor's success
// time, and whatever the finish hook adds, join the repo's closing batch.
func (r *repoRun) finishEarly(cur model.Cursor, st state, finish func(*state, *model.Batch, outcome), out outcome) {
	var b model.Batch
	if finish != nil {
		finish(&st, &b, out)
	}
	cur.LastSuccess, cur.LastError = r.Now, ""
	cur.Items += int64(b.Len())
	cur.Position = st.encode()
	r.Closing.Observations = append(r.Closing.Observations, b.Observations...)
	r.Closing.Cursors = append(r.Closing.Cursors, cur)
}

// keepNewer keeps the leading items not older than stop; done reports that an
// older one was met, so later pages are not needed.
// anyEnough reports whether an item of the page not older than stop is one of
// sp.enough.
func anyEnough[T any](items []T, sp spec[T], stop time.Time) bool {
	for _, it := range items {
		if sp.order(it).Before(stop) {
			return false
		}
		if sp.enough(it) {
			return true
		}
	}
	return false
}

func keepNewer[T any](items []T, order func(T) time.Time, stop time.Time) ([]T, bool) {
	if stop.IsZero() {
		return items, false
	}
	for i, it := range items {
		if order(it).Before(stop) {
			return items[:i], true
		}
	}
	return items, false
}
