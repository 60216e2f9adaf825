package testkit

import (
	"runtime/metrics"
	"sync"
	"time"
)

// heapSample is the runtime metric PeakHeap samples: bytes of heap objects, live
// or not yet swept, an upper bound of the live heap that costs no stop-the-world.
const heapSample = "/memory/classes/heap/objects:bytes"

// PeakHeap runs fn and returns the largest heap it saw while fn ran, sampled every
// few milliseconds. Memory outside Go's heap (SQLite's page cache) is not counted.
func PeakHeap(fn func()) uint64 {
	s := []metrics.Sample{{Name: heapSample}}
	read := func() uint64 {
		metrics.Read(s)
		return s[0].Value.Uint64()
	}
	done := make(chan struct{})
	var peak uint64
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			peak = max(peak, read())
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	})
	fn()
	close(done)
	wg.Wait()
	return max(peak, read())
}
