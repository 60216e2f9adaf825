package testkit

import "sync"

// Collected gathers what several goroutines report (requests a handler saw,
// a browser's console errors) for a test to take in one piece.
type Collected[T any] struct {
	mu    sync.Mutex
	items []T
}

// Add records v.
func (c *Collected[T]) Add(v T) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.items = append(c.items, v)
}

// Take returns what was added since the last Take, in order, and forgets it.
func (c *Collected[T]) Take() []T {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := c.items
	c.items = nil
	return out
}
