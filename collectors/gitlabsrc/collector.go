// Package gitlabsrc collects a GitLab group (gitlab.com or self-managed) and
// its subgroups into a model.Store with client-go: projects and groups,
// pipelines and a sample of their jobs, merge requests with their notes
// (approvals and discussion), deployments with their environment tiers, and
// vulnerabilities through GraphQL.
//
// Every per-project list is walked incrementally: REST lists are asked for
// what changed since the resource's watermark (updated_after, ordered by
// updated_at), and the first page carries the ETag of the last walk, so an
// unchanged resource costs one request answered 304. A walk stores each page
// with its cursor in one batch; the watermark advances only with the last
// page, and an interrupted walk resumes from the page it reached.
package gitlabsrc

import (
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	gitlab "gitlab.com/gitlab-org/api/client-go/v2"

	"github.com/paved-dev/paved/collectors"
	"github.com/paved-dev/paved/model"
)

const defaultBaseURL = "https://gitlab.com/api/v4/"

// Collector collects one GitLab source. Its exported fields may be changed
// after New and before the first Collect.
type Collector struct {
	// Logger receives rate-limit waits and per-project failures; never a token.
	Logger *slog.Logger
	// Catalogue recognises scan jobs; the maturity model's table by default.
	Catalogue model.Catalogue
	// MaxWait caps one rate-limit wait; longer waits fail the request.
	MaxWait time.Duration
	// RetryWait is the first pause before retrying a 5xx answer or a network
	// failure; it doubles per retry.
	RetryWait time.Duration
	// Clock is the wall clock rate-limit resets are compared with. The data
	// clock (how far back to look) is RunOptions.Now.
	Clock func() time.Time

	cfg      collectors.SourceConfig
	group    string // the group's full path, without surrounding slashes
	pageSize int64  // items per page (GitLab's maximum, 100; tests page smaller)
	gl       *gitlab.Client
	meter    *meter
	// gqlPipelinesOff: GitLab refused the pipelines GraphQL query this pass;
	// pipeline durations come from the single-pipeline endpoint.
	gqlPipelinesOff atomic.Bool
	// gqlNotesOff: GitLab refused the merge request notes GraphQL query this
	// pass; notes come from the REST list.
	gqlNotesOff atomic.Bool
	// base is the configured base URL, web the forge's web origin: requests
	// go only to base's host, stored links point only at web.
	base, web *url.URL
}

var _ collectors.Collector = (*Collector)(nil)

// New checks cfg and builds a collector for it. cfg.Org is the full path of
// the GitLab group to collect, e.g. "acme" or "acme/platform". The token is
// kept only inside the client's PRIVATE-TOKEN header.
func New(cfg collectors.SourceConfig) (*Collector, error) {
	if err := collectors.CheckForgeSource(cfg, model.ForgeGitLab, "GitLab"); err != nil {
		return nil, err
	}
	group := strings.Trim(strings.TrimSpace(cfg.Org), "/")
	if group == "" {
		return nil, fmt.Errorf("source %q: org (the GitLab group path) is empty", cfg.Name)
	}
	if cfg.BaseURL == "" {
		cfg.BaseURL = defaultBaseURL
	}
	base, err := collectors.ParseForgeURL(cfg.BaseURL, cfg.AllowInsecureHTTP)
	if err != nil {
		return nil, fmt.Errorf("source %q: base_url %w", cfg.Name, err)
	}
	collectors.ForgeSourceDefaults(&cfg)
	c := &Collector{
		Catalogue: model.DefaultCatalogue(),
		MaxWait:   defaultMaxWait,
		RetryWait: defaultRetryWait,
		Clock:     time.Now,
		cfg:       cfg,
		group:     group,
		pageSize:  defaultPageSize,
		base:      base,
		web:       collectors.WebOrigin(base),
	}
	gl, m, err := newClient(c, cfg)
	if err != nil {
		return nil, fmt.Errorf("source %q: %w", cfg.Name, c.redactErr(err))
	}
	c.gl, c.meter = gl, m
	return c, nil
}

func (c *Collector) logger() *slog.Logger {
	if c.Logger != nil {
		return c.Logger
	}
	return slog.Default()
}

// baseURL is the REST root the client talks to, for messages.
func (c *Collector) baseURL() string { return c.gl.BaseURL().String() }

// link keeps a forge link only when it points at the source's web host.
// client-go adds "api/v4/" to a base URL that lacks it, so both
// "https://gitlab.example.com" and "https://gitlab.example.com/api/v4/" work,
// and the web host is the API's.
func (c *Collector) link(raw string) string { return collectors.ForgeLink(raw, c.web) }
