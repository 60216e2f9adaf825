package githubsrc

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strconv"
	"time"

	"github.com/google/go-github/v60/github"
	"github.com/paved-dev/paved/collectors"
)

const (
	// defaultMaxWait caps one primary-limit wait: GitHub's window is an hour.
	defaultMaxWait = time.Hour
	// maxLimitRetries bounds how often one request waits out a limit: with
	// several repos in flight a request can lose the race for a fresh window a
	// few times; the waits together are bounded by twice MaxWait too.
	maxLimitRetries = 64
	maxJitter       = 500 * time.Millisecond
)

// call runs one API request, waiting out rate limits and retrying the same
// request. Secondary limits are mostly absorbed by the go-github-ratelimit
// transport; primary limits (remaining 0 until reset) are handled here, where
// go-github reports them as *github.RateLimitError — including those it raises
// itself, without a request, when it already knows the quota is spent.
func (c *Collector) call(ctx context.Context, what string, fn func(ctx context.Context) (*github.Response, error)) (*github.Response, error) {
	var waited time.Duration
	for attempt := 0; ; attempt++ {
		resp, err := fn(ctx)
		wait, limited := c.limitWait(resp, err)
		if !limited {
			return resp, err
		}
		if wait > c.MaxWait {
			return resp, fmt.Errorf("GitHub rate limit resets in %s, longer than the %s this collector waits: %w",
				wait.Round(time.Second), c.MaxWait, err)
		}
		if attempt >= maxLimitRetries || waited+wait > 2*c.MaxWait {
			return resp, fmt.Errorf("GitHub rate limit still exceeded after %d waits (%s): %w", attempt, waited.Round(time.Second), err)
		}
		wait += rand.N(maxJitter)
		waited += wait
		c.logger().Warn("github rate limit reached: waiting", "source", c.cfg.Name, "request", what,
			"wait", wait.Round(time.Millisecond))
		if err := collectors.Sleep(ctx, wait); err != nil {
			return resp, err
		}
	}
}

// limitWait says whether err is a rate limit and how long to wait for it.
func (c *Collector) limitWait(resp *github.Response, err error) (time.Duration, bool) {
	if err == nil {
		return 0, false
	}
	now := c.Clock()
	var rl *github.RateLimitError
	if errors.As(err, &rl) {
		return untilReset(rl.Rate.Reset.Time, now), true
	}
	var abuse *github.AbuseRateLimitError
	if errors.As(err, &abuse) {
		if abuse.RetryAfter != nil && *abuse.RetryAfter > 0 {
			return *abuse.RetryAfter, true
		}
		return time.Minute, true // GitHub's advice when no Retry-After is given
	}
	var er *github.ErrorResponse
	if !errors.As(err, &er) || er.Response == nil {
		return 0, false
	}
	code := er.Response.StatusCode
	if code != http.StatusTooManyRequests && code != http.StatusForbidden {
		return 0, false
	}
	h := er.Response.Header
	if h.Get("X-RateLimit-Remaining") == "0" {
		if reset, perr := strconv.ParseInt(h.Get("X-RateLimit-Reset"), 10, 64); perr == nil {
			return untilReset(time.Unix(reset, 0), now), true
		}
		return time.Minute, true
	}
	if s, perr := strconv.Atoi(h.Get("Retry-After")); perr == nil && s >= 0 {
		return time.Duration(s) * time.Second, true
	}
	if code == http.StatusTooManyRequests {
		return time.Minute, true
	}
	return 0, false
}

func untilReset(reset, now time.Time) time.Duration {
	if reset.IsZero() {
		return time.Minute
	}
	// Reset is whole seconds; a reset "now" still needs the second to roll over.
	return max(reset.Sub(now), 0) + 100*time.Millisecond
}

// sleep waits for d or until ctx ends.
