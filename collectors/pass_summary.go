package collectors

import (
	"sync/atomic"
	"time"
)

// TallyPass starts a forge collector's pass summary: sum gets source now,
// and the returned func, deferred, fills in the records, requests and 304s
// counted since (requests and notModified are the client's running
// counters) and the pass's duration by clock.
func TallyPass(sum *Summary, source string, clock func() time.Time, records, requests, notModified *atomic.Int64) (finish func()) {
	started := clock()
	req0, nm0 := requests.Load(), notModified.Load()
	sum.Source = source
	return func() {
		sum.Records = records.Load()
		sum.Requests = requests.Load() - req0
		sum.NotModified = notModified.Load() - nm0
		sum.Duration = clock().Sub(started)
	}
}
