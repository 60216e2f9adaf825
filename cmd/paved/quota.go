package main

import (
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/paved-dev/paved/collectors"
	"github.com/paved-dev/paved/ui"
)

// quotaTracker remembers, per source, whom its collector acts as and the
// rate-limit budget its forge last reported, for the /sync page. GitHub sends
// X-RateLimit-*, GitLab RateLimit-*; a GitHub (Enterprise Server) that sends
// neither has rate limiting off.
type quotaTracker struct {
	mu       sync.Mutex
	left     map[string]ui.QuotaInfo
	identity map[string]func() string
	github   map[string]bool
}

func newQuotaTracker() *quotaTracker {
	return &quotaTracker{left: map[string]ui.QuotaInfo{}, identity: map[string]func() string{}, github: map[string]bool{}}
}

// register notes a source's kind and how to tell whom it collects as.
func (q *quotaTracker) register(source string, github bool, identity func() string) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.github[source] = github
	q.identity[source] = identity
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
	out := make(map[string]ui.QuotaInfo, len(q.left)+len(q.identity))
	for k, v := range q.left {
		out[k] = v
	}
	for k, id := range q.identity {
		info := out[k]
		info.Identity = id()
		out[k] = info
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
		t.q.observe(t.source, resp)
	}
	return resp, err
}

func (q *quotaTracker) observe(source string, resp *http.Response) {
	h := resp.Header
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
		q.set(source, info)
		return
	}
	// Only an answer GitHub gave in earnest says rate limiting is off: an
	// error from a proxy in front of it may lack the headers too.
	q.mu.Lock()
	github := q.github[source]
	q.mu.Unlock()
	if github && (resp.StatusCode < 300 || resp.StatusCode == http.StatusNotModified) {
		q.set(source, ui.QuotaInfo{Unlimited: true})
	}
}

func (q *quotaTracker) set(source string, info ui.QuotaInfo) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.left[source] = info
}

// identityOf says whom a source's collector acts as, for /sync: the app and
// its installation (known once looked up), or where the token comes from.
func identityOf(s SourceSpec, c collectors.Collector) func() string {
	if app, ok := c.(interface{ Identity() string }); ok && s.App.set() {
		return app.Identity
	}
	where := "token from $" + s.TokenEnv
	if s.TokenEnv == "" {
		where = "token from file " + s.TokenFile
	}
	return func() string { return where }
}
