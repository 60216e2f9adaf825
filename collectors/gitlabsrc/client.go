package gitlabsrc

import (
	"context"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	gitlab "gitlab.com/gitlab-org/api/client-go/v2"

	"github.com/paved-dev/paved/collectors"
)

const (
	defaultRequestTimeout = 60 * time.Second
	defaultRetryWait      = 500 * time.Millisecond
	maxRetryWait          = 10 * time.Second
	// maxServerRetries bounds client-go's own retries of 5xx answers and
	// network failures; rate limits are waited out in call (call.go).
	maxServerRetries = 3
)

// meter sits closest to the network: it counts every HTTP request (retries
// included) and every 304, and notes when GitLab says the quota is spent
// (RateLimit-Remaining: 0) so the limiter holds requests until the reset
// instead of sending them to be refused.
type meter struct {
	base        http.RoundTripper
	requests    atomic.Int64
	notModified atomic.Int64

	mu           sync.Mutex
	blockedUntil time.Time
}

func (m *meter) RoundTrip(req *http.Request) (*http.Response, error) {
	m.requests.Add(1)
	resp, err := m.base.RoundTrip(req)
	if err != nil {
		return resp, err
	}
	if resp.StatusCode == http.StatusNotModified {
		m.notModified.Add(1)
	}
	if resp.Header.Get("RateLimit-Remaining") == "0" {
		if reset, perr := strconv.ParseInt(resp.Header.Get("RateLimit-Reset"), 10, 64); perr == nil {
			m.mu.Lock()
			if t := time.Unix(reset, 0); t.After(m.blockedUntil) {
				m.blockedUntil = t
			}
			m.mu.Unlock()
		}
	}
	return resp, err
}

func (m *meter) blocked() time.Time {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.blockedUntil
}

// limiter is client-go's RateLimiter: it waits, honouring ctx, until the
// quota GitLab last reported spent is reset. Waits longer than MaxWait are
// not taken here: the request goes out and its 429 fails it in call.
type limiter struct{ c *Collector }

func (l limiter) Wait(ctx context.Context) error {
	c := l.c
	until := c.meter.blocked()
	wait := until.Sub(c.Clock())
	if wait <= 0 || wait > c.MaxWait {
		return ctx.Err()
	}
	// The reset has second resolution: the window rolls at the second's end.
	wait += 100 * time.Millisecond
	c.logger().Warn("gitlab rate limit reached: waiting for the reset", "source", c.cfg.Name,
		"wait", wait.Round(time.Millisecond))
	return collectors.Sleep(ctx, wait)
}

// newClient builds client-go: PRIVATE-TOKEN auth over the meter over the host
// guard over the configured (or default) transport, with our limiter and a
// bounded retry policy for server errors.
//
// Redirects: client-go puts the token in a Private-Token header, which
// net/http copies to whatever host a redirect names (it drops only
// Authorization and cookies). The client follows a redirect only to the base
// URL's own scheme, host and port (collectors.SameHostRedirects); any other
// fails the request, unretried, with an error naming the source and the host,
// before anything is sent there. The host guard under it refuses any request
// elsewhere, whichever way it was built.
func newClient(c *Collector, cfg collectors.SourceConfig) (*gitlab.Client, *meter, error) {
	rt := http.DefaultTransport
	timeout := defaultRequestTimeout
	if cfg.HTTPClient != nil {
		if cfg.HTTPClient.Transport != nil {
			rt = cfg.HTTPClient.Transport
		}
		if cfg.HTTPClient.Timeout > 0 {
			timeout = cfg.HTTPClient.Timeout
		}
	}
	m := &meter{base: collectors.GuardHost(cfg.Name, c.base, rt)}
	c.meter = m
	gl, err := gitlab.NewClient(cfg.Token,
		gitlab.WithBaseURL(cfg.BaseURL),
		gitlab.WithHTTPClient(&http.Client{
			Transport:     m,
			Timeout:       timeout,
			CheckRedirect: collectors.SameHostRedirects(cfg.Name, c.base),
		}),
		gitlab.WithCustomLimiter(limiter{c: c}),
		gitlab.WithCustomRetryMax(maxServerRetries),
		gitlab.WithCustomRetry(retryPolicy),
		gitlab.WithCustomBackoff(func(_, _ time.Duration, attempt int, _ *http.Response) time.Duration {
			return min(c.RetryWait<<attempt, maxRetryWait)
		}),
		gitlab.WithUserAgent("paved"),
	)
	return gl, m, err
}

// retryPolicy retries network failures and 5xx answers (the requests are
// reads: GETs, and GraphQL queries sent as POST); a 429 is not retried here
// but returned, so call can wait out the reset with logging and a cap. A
// request refused for going to another host is not retried: it would be
// refused again.
func retryPolicy(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	if _, foreign := collectors.AsForeignHost(err); foreign {
		return false, nil
	}
	if err != nil {
		return true, nil
	}
	switch code := resp.StatusCode; {
	case code == http.StatusTooManyRequests, code == http.StatusNotImplemented:
		return false, nil
	case code == 0 || code >= 500:
		return true, nil
	}
	return false, nil
}
