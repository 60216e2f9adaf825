package testkit

import (
	"sync/atomic"
	"time"
)

// TickingClock moves Step forward at every reading, from Start: a pass's
// requests then span as much clock time as a test wants (several token
// lifetimes, say) without the test waiting for it, and the same on a loaded
// machine as on an idle one. Safe for concurrent use.
type TickingClock struct {
	Start time.Time
	Step  time.Duration
	n     atomic.Int64
}

// Now is the next reading.
func (c *TickingClock) Now() time.Time { return c.Start.Add(time.Duration(c.n.Add(1)) * c.Step) }

// Peek is the current reading, without moving the clock: for the side of a
// test (a simulator) whose readings should not count as time passing.
func (c *TickingClock) Peek() time.Time { return c.Start.Add(time.Duration(c.n.Load()) * c.Step) }
