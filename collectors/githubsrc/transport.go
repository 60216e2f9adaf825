package githubsrc

import (
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"sync/atomic"
	"time"

	"github.com/gofri/go-github-ratelimit/v2/github_ratelimit/github_secondary_ratelimit"
	"github.com/google/go-github/v60/github"

	"github.com/paved-dev/paved/collectors"
)

// Secondary-limit sleeps are bounded so a misbehaving server cannot park a
// collection forever; past the bounds the 429/403 surfaces and our own retry
// (retry.go) takes over with its own cap.
const (
	maxSecondarySleep      = 5 * time.Minute
	maxSecondarySleepTotal = 30 * time.Minute
	defaultRequestTimeout  = 60 * time.Second
)

// meter sits closest to the network: it counts every HTTP request (retries
// included) and every 304, and adds If-None-Match when the request's context
// carries a validator. go-github has no per-call header option, so the
// validator travels in the context.
type meter struct {
	base        http.RoundTripper
	requests    atomic.Int64
	notModified atomic.Int64
	// quota, when set, is told every answer's primary rate limit (budget.go).
	quota *collectors.QuotaBudget
}

type etagKey struct{}

// withETag makes the request sent with ctx conditional on etag.
func withETag(ctx context.Context, etag string) context.Context {
	if etag == "" {
		return ctx
	}
	return context.WithValue(ctx, etagKey{}, etag)
}

func (m *meter) RoundTrip(req *http.Request) (*http.Response, error) {
	if etag, ok := req.Context().Value(etagKey{}).(string); ok && etag != "" {
		req = req.Clone(req.Context())
		req.Header.Set("If-None-Match", etag)
	}
	m.requests.Add(1)
	resp, err := m.base.RoundTrip(req)
	if err == nil && resp.StatusCode == http.StatusNotModified {
		m.notModified.Add(1)
	}
	if err == nil && m.quota != nil {
		observeQuota(m.quota, resp.Header)
	}
	return resp, err
}

// newClient builds the go-github client: token auth (or the app's
// installation tokens, appauth.go) over the secondary-limit waiter over the
// meter over the host guard over the configured (or default) transport.
//
// Redirects: go-github's token transport, like appAuth, sets Authorization
// again on every request it sends, redirected ones included, so net/http's
// rule of dropping Authorization on a redirect to another domain does not
// protect the token. The client follows a redirect only to baseURL's own
// scheme, host and port (collectors.SameHostRedirects); any other fails the
// request with an error naming the source and the host, before anything is
// sent there. The host guard under it refuses any request elsewhere, whichever
// way it was built. The app's own requests (installation lookup, token
// minting) go through the same guard, meter and redirect rule.
func newClient(cfg collectors.SourceConfig, baseURL *url.URL, log func() *slog.Logger, now func() time.Time) (*github.Client, *meter, *appAuth) {
	rt := http.DefaultTransport
	timeout := defaultRequestTimeout
	if base := cfg.HTTPClient; base != nil {
		if base.Transport != nil {
			rt = base.Transport
		}
		if base.Timeout > 0 {
			timeout = base.Timeout
		}
	}
	m := &meter{base: collectors.GuardHost(cfg.Name, baseURL, rt)}
	secondary := github_secondary_ratelimit.New(m,
		github_secondary_ratelimit.WithLimitDetectedCallback(func(cc *github_secondary_ratelimit.CallbackContext) {
			wait := time.Duration(0)
			if cc.ResetTime != nil {
				wait = time.Until(*cc.ResetTime).Round(time.Millisecond)
			}
			log().Warn("github secondary rate limit: waiting", "wait", wait, "path", requestPath(cc.Request))
		}),
		github_secondary_ratelimit.WithSingleSleepLimit(maxSecondarySleep, nil),
		github_secondary_ratelimit.WithTotalSleepLimit(maxSecondarySleepTotal, nil),
	)
	redirects := collectors.SameHostRedirects(cfg.Name, baseURL)
	var auth *appAuth
	var top http.RoundTripper = secondary
	if cfg.App != nil {
		auth = &appAuth{
			app: *cfg.App, source: cfg.Name, org: cfg.Org, base: baseURL, next: secondary, now: now,
			installation: cfg.App.InstallationID,
			hc:           &http.Client{Transport: m, Timeout: timeout, CheckRedirect: redirects},
		}
		top = auth
	}
	gh := github.NewClient(&http.Client{Transport: top, Timeout: timeout, CheckRedirect: redirects})
	if cfg.App == nil {
		gh = gh.WithAuthToken(cfg.Token)
	}
	gh.BaseURL = baseURL
	gh.UserAgent = "paved"
	return gh, m, auth
}

// requestPath names a request in logs without its headers (which carry the token).
func requestPath(req *http.Request) string {
	if req == nil || req.URL == nil {
		return ""
	}
	return req.URL.Path
}
