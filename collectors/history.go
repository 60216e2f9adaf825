package collectors

import (
	"time"

	"github.com/paved-dev/paved/model"
)

// Week is one step of history deepening.
const Week = 7 * 24 * time.Hour

// windowSpan is how far back a first collection reads before the first
// scorecard: the 90-day window of the latest scorecard and of its baseline
// 7 days earlier, with a day's margin.
const windowSpan = 98 * 24 * time.Hour

// deploySpan is windowSpan for deployments: a repo is a deploying repo when it
// deployed to production in the 365 days before the instant, so the first
// scorecard needs a year of them (and its baseline a week more).
const deploySpan = 373 * 24 * time.Hour

// DefaultHistoryWeeks is how many weekly snapshots history covers when the
// source does not say (history_weeks).
const DefaultHistoryWeeks = 52

// History is how far back a source's lists are read: the first window, then
// a week more per deepening round down to the target.
type History struct {
	Now   time.Time // the pass's data clock
	Weeks int       // history_weeks: weekly snapshots to cover
}

// Target is the oldest instant history needs: Weeks weekly snapshots, the
// oldest with its 13-week window ("the window adds 13"), and a week more:
// snapshots fall on Mondays, so the oldest is up to 6 days older than Weeks
// weeks before now (and a day's margin).
func (h History) Target() time.Time {
	return h.Now.Add(-time.Duration(h.Weeks+13+1) * Week)
}

// Horizon is where a list's first window ends: its items ordered before it
// are left to deepening. It is never older than the target.
func (h History) Horizon(resource string) time.Time {
	span := windowSpan
	if resource == model.ResourceDeployments {
		span = deploySpan
	}
	return LaterOf(h.Now.Add(-span), h.Target())
}

// Rounds is how many weekly deepening rounds take the first window down to
// the target.
func (h History) Rounds() int {
	gap := h.Horizon("").Sub(h.Target())
	return int((gap + Week - 1) / Week)
}

// RoundFloor is the oldest instant deepening round (from 1) reaches: a week
// per round below the first window, never older than the target.
func (h History) RoundFloor(round int) time.Time {
	return LaterOf(h.Horizon("").Add(-time.Duration(round)*Week), h.Target())
}
