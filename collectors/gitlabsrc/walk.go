package gitlabsrc

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"time"

	gitlab "gitlab.com/gitlab-org/api/client-go/v2"

	"github.com/paved-dev/paved/collectors"
	"github.com/paved-dev/paved/model"
)

// lookback is how far back a first pass reaches: the oldest of the 52 weekly
// snapshots needs its 90-day window (52×7 + 90 = 454 days), with a margin.
const lookback = 500 * 24 * time.Hour

// overlap re-reads the watermark's own second: GitLab timestamps have
// sub-second precision but filters compare them differently per endpoint
// ("after" vs "on or after"), and an item updated in the same second as the
// newest one stored may have been missed. Re-read items are upserted.
const overlap = time.Second

// restSpec describes one per-project REST list asked for what changed since
// a time (updated_after, ordered by updated_at).
type restSpec[T any] struct {
	resource string
	// fetch gets one page (1-based) of items updated after since.
	fetch func(since time.Time, page int64, opts ...gitlab.RequestOptionFunc) ([]T, *gitlab.Response, error)
	// updated is the item's updated_at, which the watermark tracks.
	updated func(T) time.Time
	// convert turns a page into records; it may fetch more (jobs, notes).
	convert func(ctx context.Context, items []T, st *state) (model.Batch, error)
	// finish updates memos when the walk ends, with or without changes.
	finish func(st *state)
}

// since is where a walk starts: the lookback on a first or full pass, else
// the watermark less the overlap.
func (r *projectRun) since(cur model.Cursor) time.Time {
	if r.Opts.Full || cur.Watermark.IsZero() {
		return r.Now.Add(-lookback)
	}
	return cur.Watermark.Add(-overlap)
}

// walkREST pages through one resource of one project and stores each page
// with its cursor in one batch. The watermark and ETag advance only with the
// last page; earlier pages store the old watermark with the page reached, so
// an interrupted walk resumes there with the same query, and re-fetched items
// are upserted, never lost or duplicated.
func walkREST[T any](ctx context.Context, r *projectRun, sp restSpec[T]) error {
	cur, err := r.Store.Cursor(ctx, r.c.cfg.Name, r.p.FullName, sp.resource)
	if err != nil {
		return fmt.Errorf("read cursor: %w", err)
	}
	st := decodeState(cur.Position)
	page, since, high, etag, send := int64(1), r.since(cur), time.Time{}, "", ""
	if n, perr := strconv.ParseInt(st.Next, 10, 64); perr == nil && n > 1 && !r.Opts.Full {
		page, since, high, etag = n, collectors.UnixTime(st.Since), st.HighTime(), st.ETag
	} else {
		st.Clear()
		st.Since = 0
		if !r.Opts.Full {
			send = cur.ETag
		}
	}
	r.walkSince = since
	for {
		var extra []gitlab.RequestOptionFunc
		if page == 1 && send != "" {
			extra = append(extra, gitlab.WithHeader("If-None-Match", send))
		}
		var items []T
		resp, err := r.c.call(ctx, sp.resource, func(o ...gitlab.RequestOptionFunc) (*gitlab.Response, error) {
			var resp *gitlab.Response
			var err error
			items, resp, err = sp.fetch(since, page, o...)
			return resp, err
		}, extra...)
		if resp != nil && resp.Response != nil && resp.StatusCode == http.StatusNotModified {
			r.finishEarly(cur, st, sp.finish)
			return nil
		}
		if err != nil {
			return err
		}
		if page == 1 {
			etag = resp.Header.Get("ETag")
		}
		for _, it := range items {
			high = collectors.LaterOf(high, sp.updated(it))
		}
		b, err := sp.convert(ctx, items, &st)
		if err != nil {
			return err
		}
		last := resp.NextPage == 0
		cur.Items += int64(b.Len())
		if last {
			cur.Watermark = collectors.Advance(cur.Watermark, high, r.Now)
			cur.ETag = etag
			cur.LastSuccess, cur.LastError = r.Now, ""
			st.Clear()
			st.Since = 0
			if sp.finish != nil {
				sp.finish(&st)
			}
		} else {
			st.Pause(strconv.FormatInt(resp.NextPage, 10), high, etag)
			st.Since = since.Unix()
		}
		cur.Position = st.encode()
		b.Cursors = append(b.Cursors, cur)
		if err := r.Apply(ctx, b); err != nil {
			return err
		}
		if last {
			return nil
		}
		page = resp.NextPage
	}
}

// finishEarly records a walk that found nothing new: the cursor's success
// time joins the project's closing batch.
func (r *projectRun) finishEarly(cur model.Cursor, st state, finish func(*state)) {
	if finish != nil {
		finish(&st)
	}
	cur.LastSuccess, cur.LastError = r.Now, ""
	cur.Position = st.encode()
	r.Closing.Cursors = append(r.Closing.Cursors, cur)
}
