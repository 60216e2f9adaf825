package ui

import (
	"time"

	"github.com/paved-dev/paved/model"
	"github.com/paved-dev/paved/scoring"
)

// historyJSON says how far back a source's or a repo's lists (runs, pull
// requests, deployments, analyses) are stored. A first collection stores
// every repo's latest window first, then deepens history week by week
// within the source's quota_share, over several passes if need be:
//
//	{"complete", "reaches_back_to", "scored_from", "repos_pending"}
//
// reaches_back_to is the instant from which every list is stored, the
// latest of their floors (null: every list from its start); scored_from is
// the oldest instant whose 90-day window that covers, so scorecards and
// trend points before it are computed from partial facts. complete says no
// history is left to read; repos_pending (sources only) counts the repos
// with history left. A source collected before progressive sync, or not
// yet collected, has no history (null): its lists were read in full.
type historyJSON struct {
	Complete      bool       `json:"complete"`
	ReachesBackTo *time.Time `json:"reaches_back_to"`
	ScoredFrom    *time.Time `json:"scored_from"`
	ReposPending  int        `json:"repos_pending,omitempty"`
}

// historyTally gathers history cursors into a historyJSON.
type historyTally struct {
	floor   time.Time
	pending bool
	repos   int // repos pending, for a source
}

// add takes one history cursor (model.HistoryResource).
func (h *historyTally) add(c model.Cursor) {
	if c.Watermark.After(h.floor) {
		h.floor = c.Watermark
	}
	if c.Position != "" {
		h.pending = true
	}
}

// join takes a repo's tally into its source's.
func (h *historyTally) join(repo historyTally) {
	if repo.floor.After(h.floor) {
		h.floor = repo.floor
	}
	if repo.pending {
		h.pending = true
		h.repos++
	}
}

func (h historyTally) json() *historyJSON {
	out := &historyJSON{Complete: !h.pending, ReachesBackTo: timeOrNil(h.floor), ReposPending: h.repos}
	out.ScoredFrom = timeOrNil(scoring.TrendsFrom(h.floor))
	return out
}
