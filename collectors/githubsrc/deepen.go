package githubsrc

import (
	"cmp"
	"context"
	"fmt"
	"time"

	"github.com/paved-dev/paved/collectors"
	"github.com/paved-dev/paved/model"
)

// historyLists are the lists read by window and history; alerts are current
// state, read in full.
var historyLists = []string{model.ResourceRuns, model.ResourceAnalyses, model.ResourcePulls, model.ResourceDeployments}

// historyState is a history cursor's Position while history is left to read.
type historyState struct {
	Next string `json:"n"` // the page of the newest-first list to go on from
}

func (h historyState) encode() string {
	return collectors.EncodePosition(h, func(*historyState) {})
}

// history is how far back this pass reads.
func (r *repoRun) history() collectors.History {
	return collectors.History{Now: r.Now, Weeks: r.c.cfg.HistoryWeeks}
}

// historyStart is the history cursor a first walk leaves with its last
// page: everything ordered from floor on is stored, and history goes on
// from page next; a zero floor means the list was read to its start.
func (r *repoRun) historyStart(resource string, floor time.Time, next string) model.Cursor {
	hc := model.Cursor{Source: r.c.cfg.Name, Repo: r.repo.FullName, Resource: model.HistoryResource(resource),
		Watermark: floor, LastSuccess: r.Now}
	if !floor.IsZero() && floor.After(r.history().Target()) {
		hc.Position = historyState{Next: next}.encode()
	}
	return hc
}

// historyLeft reports whether the history cursor hc has history to read
// for target: it was left unfinished, or it ended above a target that has
// since moved back (history_weeks raised).
func historyLeft(hc model.Cursor, target time.Time) bool {
	if hc.LastSuccess.IsZero() {
		return false // no first window yet
	}
	return hc.Position != "" || (!hc.Watermark.IsZero() && hc.Watermark.After(target))
}

// pendingHistory reports whether any of repo's lists has history to read.
func (c *Collector) pendingHistory(ctx context.Context, store model.Store, repo repoRef, now time.Time) (bool, error) {
	target := collectors.History{Now: now, Weeks: c.cfg.HistoryWeeks}.Target()
	for _, list := range historyLists {
		hc, err := store.Cursor(ctx, c.cfg.Name, repo.FullName, model.HistoryResource(list))
		if err != nil {
			return false, fmt.Errorf("repo %s: read history: %w", repo.FullName, err)
		}
		if historyLeft(hc, target) {
			return true, nil
		}
	}
	return false, nil
}

// deepen reads sp's history, newest first from where the history cursor
// left it, down to this round's floor, a page per batch with the cursor. The
// cursor's floor is the order time of the oldest item stored: every item
// ordered after it is stored. A page is asked for by number, so items added
// at the head of the list since (which push older ones onto later pages) are
// met again: those ordered after the floor are skipped, as they are stored.
// The walk stops before a page when the pass has spent its share of the
// quota (QuotaBudget).
func deepen[T any](ctx context.Context, r *repoRun, sp spec[T]) error {
	hc, err := r.Store.Cursor(ctx, r.c.cfg.Name, r.repo.FullName, model.HistoryResource(sp.resource))
	if err != nil {
		return fmt.Errorf("read history: %w", err)
	}
	hist := r.history()
	target, goal := hist.Target(), hist.RoundFloor(r.round)
	if !historyLeft(hc, target) {
		return nil
	}
	if !hc.Watermark.After(target) {
		// The target moved past the floor with the clock: history is complete.
		hc.Position, hc.LastSuccess, hc.LastError = "", r.Now, ""
		r.Closing.Cursors = append(r.Closing.Cursors, hc)
		return nil
	}
	page := cmp.Or(collectors.DecodePosition[historyState](hc.Position).Next, "1")
	for hc.Watermark.After(goal) {
		if r.c.budget.Exhausted() {
			return nil
		}
		items, resp, err := fetchPage(ctx, r, sp, page)
		if err != nil {
			if disabledAnswer(sp.resource, err) {
				// The feature was switched off: there is no more to read.
				hc.Position, hc.LastSuccess, hc.LastError = "", r.Now, ""
				r.Closing.Cursors = append(r.Closing.Cursors, hc)
				return nil
			}
			return err
		}
		kept, done := olderItems(items, sp.order, hc.Watermark, target)
		b, err := sp.convert(ctx, kept, &state{})
		if err != nil {
			return err
		}
		next := sp.next(resp)
		switch {
		case done:
			hc.Watermark, hc.Position = target, ""
		case next == "":
			hc.Watermark, hc.Position = time.Time{}, ""
		default:
			if len(kept) > 0 {
				hc.Watermark = sp.order(kept[len(kept)-1])
			}
			hc.Position = historyState{Next: next}.encode()
		}
		hc.Items += int64(b.Len())
		hc.LastSuccess, hc.LastError = r.Now, ""
		b.Cursors = append(b.Cursors, hc)
		if err := r.Apply(ctx, b); err != nil {
			return err
		}
		if hc.Position == "" {
			return nil
		}
		page = next
	}
	return nil
}

// olderItems keeps the items of a newest-first page ordered at or before
// floor and not before target; done reports that an item before target was
// met, so history is read.
func olderItems[T any](items []T, order func(T) time.Time, floor, target time.Time) (kept []T, done bool) {
	start := len(items)
	for i, it := range items {
		if !order(it).After(floor) {
			start = i
			break
		}
	}
	kept, done = keepNewer(items[start:], order, target)
	return kept, done
}
