package main

import (
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/paved-dev/paved/ui"
)

// quotaTracker remembers the rate-limit budget each source's forge last reported,
// for the /sync page. GitHub sends X-RateLimit-*, GitLab RateLimit-*.
type quotaTracker struct {
	mu    sync.Mutex
	left  map[string]ui.QuotaInfo
	bases map[string]http.RoundTripper
}

func newQuotaTracker() *quotaTracker {
	return &quotaTracker{left: map[string]ui.QuotaInfo{}, bases: map[string]http.RoundTripper{}}
}

// client wraps base (nil: the default transport) so that source's answers are read.
func (q *quotaTracker) client(source string, base *http.Client) *http.Client {
	rt := http.DefaultTransport
	if base != nil && base.Transport != nil {
		rt = base.Transport
	}
	return &http.Client{Transport: quotaTransport{source: source, next: rt, q: q}}
}

// Snapshot is what ui.Options.Quota reads.
func (q *quotaTracker) Snapshot() map[string]ui.QuotaInfo {
	q.mu.Lock()
	defer q.mu.Unlock()
	out := make(map[string]ui.QuotaInfo, len(q.left))
	for k, v := range q.left {
		out[k] = v
	}
	return out
}

type quotaTransport struct {
	source string
	next   http.RoundTripper
	q      *quotaTracker
}

func (t quotaTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(r)
	if err == nil {
		t.q.observe(t.source, resp.Header)
	}
	return resp, err
}

func (q *quotaTracker) observe(source string, h http.Header) {
	for _, prefix := range []string{"X-Ratelimit-", "Ratelimit-"} {
		remaining, err1 := strconv.Atoi(h.Get(prefix + "Remaining"))
		limit, err2 := strconv.Atoi(h.Get(prefix + "Limit"))
		if err1 != nil || err2 != nil {
			continue
		}
		info := ui.QuotaInfo{Remaining: remaining, Limit: limit}
		if reset, err := strconv.ParseInt(h.Get(prefix+"Reset"), 10, 64); err == nil && reset > 0 {
			info.Reset = time.Unix(reset, 0).UTC()
		}
		q.mu.Lock()
		q.left[source] = info
		q.mu.Unlock()
		return
	}
}
