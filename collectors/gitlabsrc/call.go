package gitlabsrc

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strconv"
	"time"

	gitlab "gitlab.com/gitlab-org/api/client-go/v2"

	"github.com/paved-dev/paved/collectors"
)

const (
	// defaultMaxWait caps one rate-limit wait: GitLab's throttles are per minute,
	// but self-managed instances may be configured with longer periods.
	defaultMaxWait = 15 * time.Minute
	// maxLimitRetries bounds how often one request waits out a limit.
	maxLimitRetries = 8
	maxJitter       = 250 * time.Millisecond
	// defaultLimitWait is the wait when a 429 says neither Retry-After nor
	// RateLimit-Reset: GitLab's throttle period.
	defaultLimitWait = time.Minute
)

// requestFunc runs one client-go call with the options it is given.
type requestFunc func(opts ...gitlab.RequestOptionFunc) (*gitlab.Response, error)

// call runs one API request under ctx, waiting out rate limits (429) and
// retrying the same request: Retry-After when GitLab sends it, else the
// RateLimit-Reset instant. Waits honour ctx and are capped by MaxWait.
func (c *Collector) call(ctx context.Context, what string, fn requestFunc, extra ...gitlab.RequestOptionFunc) (*gitlab.Response, error) {
	opts := append([]gitlab.RequestOptionFunc{gitlab.WithContext(ctx)}, extra...)
	for attempt := 0; ; attempt++ {
		resp, err := fn(opts...)
		wait, limited := c.limitWait(resp, err)
		if !limited {
			return resp, err
		}
		if attempt >= maxLimitRetries {
			return resp, fmt.Errorf("GitLab rate limit still exceeded after %d waits: %w", attempt, err)
		}
		if wait > c.MaxWait {
			return resp, fmt.Errorf("GitLab rate limit resets in %s, longer than the %s this collector waits: %w",
				wait.Round(time.Second), c.MaxWait, err)
		}
		wait += rand.N(maxJitter)
		c.logger().Warn("gitlab rate limit reached: waiting", "source", c.cfg.Name, "request", what,
			"wait", wait.Round(time.Millisecond))
		if err := collectors.Sleep(ctx, wait); err != nil {
			return resp, err
		}
	}
}

// limitWait says whether an answer is a rate limit and how long to wait.
func (c *Collector) limitWait(resp *gitlab.Response, err error) (time.Duration, bool) {
	if err == nil || resp == nil || resp.Response == nil || resp.StatusCode != http.StatusTooManyRequests {
		return 0, false
	}
	h := resp.Header
	if s, perr := strconv.Atoi(h.Get("Retry-After")); perr == nil && s >= 0 {
		return time.Duration(s) * time.Second, true
	}
	if reset, perr := strconv.ParseInt(h.Get("RateLimit-Reset"), 10, 64); perr == nil {
		return max(time.Unix(reset, 0).Sub(c.Clock()), 0) + 100*time.Millisecond, true
	}
	return defaultLimitWait, true
}

// sleep waits for d or until ctx ends.
