package collectors

import (
	"math"
	"sync"
	"time"
)

// QuotaBudget bounds the requests a pass spends deepening history to a share
// of the forge's hourly quota, as the forge's rate-limit headers report it: a
// pass stops deepening once it has spent Share × limit, or when the quota
// left has come down to (1 − Share) × limit, leaving the rest to other
// clients of the same token and to the next pass. A forge that reports no
// limit (GHES with rate limiting off) puts no bound. The first window of
// every repo is read whatever the budget says: it is what the first
// scorecard needs.
//
// Spending is read from the headers rather than counted: the lowest
// remaining seen in a window, less the remaining seen at the budget's start
// in that window, so answers arriving out of order count once, and a
// forge that charges nothing (a simulator without quota) spends nothing.
// It is safe for concurrent use.
type QuotaBudget struct {
	mu    sync.Mutex
	share float64
	seen  bool
	limit int
	low   int   // lowest remaining seen in the current window
	reset int64 // the current window's reset (unix)
	spent int   // requests this pass, as the headers report them
}

// NewQuotaBudget returns a budget of share (0 < share ≤ 1; anything else is 1).
func NewQuotaBudget(share float64) *QuotaBudget {
	if share <= 0 || share > 1 {
		share = 1
	}
	return &QuotaBudget{share: share}
}

// StartPass begins a pass: nothing spent yet; the last window seen stays
// known, so a pass that starts with little quota left does not deepen.
func (b *QuotaBudget) StartPass() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.spent = 0
}

// Observe takes one answer's rate-limit report: limit and remaining
// requests in the window that resets at reset.
func (b *QuotaBudget) Observe(limit, remaining int, reset time.Time) {
	if limit <= 0 {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	r := reset.Unix()
	switch {
	case !b.seen || r > b.reset:
		b.seen, b.reset, b.low = true, r, remaining
	case r < b.reset:
		return // an answer from a window already gone
	case remaining < b.low:
		b.spent += b.low - remaining
		b.low = remaining
	}
	b.limit = limit
}

// Exhausted reports whether the pass should stop deepening.
func (b *QuotaBudget) Exhausted() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.seen {
		return false
	}
	allowed := int(math.Round(b.share * float64(b.limit)))
	return b.spent >= allowed || b.low <= b.limit-allowed
}
