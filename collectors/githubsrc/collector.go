// Package githubsrc collects a GitHub organisation (github.com or GHES) into a
// model.Store with go-github: repos and teams, workflow runs and a sample
// of their jobs, code-scanning, Dependabot and secret-scanning alerts,
// code-scanning analyses, pull requests with their reviews, and deployments
// with their statuses.
//
// Every per-repo list is walked newest first and incrementally: a resource's
// cursor keeps its watermark, the ETag of its first page and, while a walk is
// unfinished, where it stopped. A pass sends If-None-Match on the first page, so
// an unchanged resource costs one request answered 304. Reviews and deployment
// statuses, which REST serves one parent at a time, are read over GraphQL a
// page of parents at a time, with REST as the fallback (graphql.go).
package githubsrc

import (
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"github.com/google/go-github/v60/github"
	"github.com/paved-dev/paved/collectors"
	"github.com/paved-dev/paved/model"
)

const defaultBaseURL = "https://api.github.com/"

// Collector collects one GitHub source. Its exported fields may be changed
// after New and before the first Collect.
type Collector struct {
	// Logger receives rate-limit waits and per-repo failures; never a token.
	Logger *slog.Logger
	// Catalogue recognises scan jobs; the maturity model's table by default.
	Catalogue model.Catalogue
	// MaxWait caps one rate-limit wait; longer resets fail the request.
	MaxWait time.Duration
	// Clock is the wall clock that rate-limit resets are compared with. The data
	// clock (how far back to look, observation times) is RunOptions.Now.
	Clock func() time.Time

	cfg    collectors.SourceConfig
	gh     *github.Client
	meter  *meter
	gqlURL string
	// web is the forge's web origin: stored links point only there.
	web *url.URL
	// gqlOff: GraphQL answered that it cannot serve this pass (graphql.go).
	gqlOff atomic.Bool
	// defs shares workflow definitions read in batches between a pass's
	// repos (workflow_batch.go).
	defs defsPrefetch
	// app mints the installation tokens when the source is a GitHub App; nil
	// with a token.
	app *appAuth
	// budget is the pass's share of the quota for deepening history, fed by
	// the rate-limit headers the meter reads.
	budget *collectors.QuotaBudget
}

var _ collectors.Collector = (*Collector)(nil)

// New checks cfg and builds a collector for it. The token is kept only inside
// the HTTP client's Authorization header; a GitHub App's key only in the
// transport that signs its JWTs (appauth.go).
func New(cfg collectors.SourceConfig) (*Collector, error) {
	if err := collectors.CheckForgeSource(cfg, model.ForgeGitHub, "GitHub"); err != nil {
		return nil, err
	}
	if strings.TrimSpace(cfg.Org) == "" {
		return nil, fmt.Errorf("source %q: org is empty", cfg.Name)
	}
	if cfg.BaseURL == "" {
		cfg.BaseURL = defaultBaseURL
	}
	base, err := parseBase(cfg.BaseURL, cfg.AllowInsecureHTTP)
	if err != nil {
		return nil, fmt.Errorf("source %q: base_url %w", cfg.Name, err)
	}
	collectors.ForgeSourceDefaults(&cfg)
	c := &Collector{
		Catalogue: model.DefaultCatalogue(),
		MaxWait:   defaultMaxWait,
		Clock:     time.Now,
		cfg:       cfg,
	}
	c.gh, c.meter, c.app = newClient(cfg, base, c.logger, func() time.Time { return c.Clock() })
	c.budget = collectors.NewQuotaBudget(cfg.QuotaShare)
	c.meter.quota = c.budget
	c.gqlURL = graphQLEndpoint(c.gh.BaseURL)
	c.web = collectors.WebOrigin(base)
	return c, nil
}

func (c *Collector) logger() *slog.Logger {
	if c.Logger != nil {
		return c.Logger
	}
	return slog.Default()
}

// parseBase accepts an absolute http(s) URL (see collectors.ParseForgeURL);
// API paths are resolved under it, so it always ends in a slash (e.g.
// https://ghe.example.com/api/v3/).
func parseBase(raw string, allowInsecureHTTP bool) (*url.URL, error) {
	u, err := collectors.ParseForgeURL(raw, allowInsecureHTTP)
	if err != nil {
		return nil, err
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	return u, nil
}

func mustParseBase(raw string) *url.URL {
	u, err := parseBase(raw, true)
	if err != nil {
		panic(err) // New validated it
	}
	return u
}

// link keeps a forge link only when it points at the source's web host.
func (c *Collector) link(raw string) string { return collectors.ForgeLink(raw, c.web) }
