package collectors

import (
	"context"
	"crypto/rsa"
	"net/http"
	"regexp"
	"time"

	"github.com/paved-dev/paved/model"
)

// SourceConfig is what a collector needs to know about one configured source.
type SourceConfig struct {
	Name    string // unique source name, e.g. "gh"
	Kind    string // github | gitlab
	BaseURL string // API base URL (GHES, gitlab.example.com, or a simulator)
	// AllowInsecureHTTP permits an http:// BaseURL to a host that is not
	// loopback (the token then travels in clear text).
	AllowInsecureHTTP bool
	Token             string // read from the environment or a file; never logged or stored
	// App, instead of Token, makes a GitHub source collect as a GitHub App's
	// installation.
	App     *GitHubApp
	Org     string // GitHub org, or GitLab group full path
	SLADays model.SLADays
	// HTTPClient, when set, is the base transport (tests count requests through it).
	HTTPClient *http.Client
	// Concurrency bounds the repos collected at once (default 4).
	Concurrency int
	// RepoTimeout bounds one repo's share of a pass (default 10m), PassTimeout
	// the whole pass (default 2h); see ForgePass.
	RepoTimeout, PassTimeout time.Duration
	// QuotaShare (0 < x ≤ 1; 0 means 1) is the share of the hourly quota a
	// pass may spend deepening history (QuotaBudget); HistoryWeeks (default
	// 52) is how many weekly snapshots history covers (History).
	QuotaShare   float64
	HistoryWeeks int
	// Production matches production environment names (the model's production
	// pattern). A first pass reads deployments older than the window only for a
	// repo with no production deployment in it yet (History.Horizon); nil: a
	// year of deployments for every repo.
	Production *regexp.Regexp
}

// GitHubApp is a GitHub App's identity: the collector signs JWTs with Key
// and mints installation tokens from them. Key is never logged or stored.
type GitHubApp struct {
	ID             int64
	InstallationID int64 // 0: looked up from the org
	Key            *rsa.PrivateKey
}

// RunOptions steer one collection pass.
type RunOptions struct {
	Full     bool             // ignore watermarks and ETags
	Now      func() time.Time // injected clock
	Progress func(Progress)   // optional progress callback; may be called concurrently
	// OnWindow, when set, is called during a pass once every repo's latest
	// window is stored and before history deepens, when there is history
	// left to read: a first scorecard can be computed then. It runs on the
	// source's pass, which waits for it; sources call it concurrently.
	OnWindow func(source string)
}

// Progress reports one repo done.
type Progress struct {
	Source  string
	Repo    string
	Done    int
	Total   int
	Records int64
	Err     error
}

// RepoError is one repo's failure in a pass.
type RepoError struct {
	Repo     string
	Resource string
	Err      string
}

// Summary is the outcome of one collection pass over a source.
type Summary struct {
	Source      string
	Repos       int
	ReposFailed int
	Records     int64 // records handed to the store
	Requests    int64 // HTTP requests made
	NotModified int64 // requests answered 304
	Errors      []RepoError
	Duration    time.Duration
	// WindowRequests are the requests made until every repo's latest window
	// was stored, when the pass went on to deepen history (else 0).
	WindowRequests int64
	// HistoryPending counts the repos whose history is not yet read as far
	// back as configured when the pass ended; the next pass goes on.
	HistoryPending int
	// Failure is why the pass stopped short for the whole source (a rejected
	// token, an unreachable forge, a store that cannot write), "" when it ran
	// to its end. The counts above are what it did before.
	Failure string
}

// OK reports whether the pass ran to its end and every repo synced.
func (s Summary) OK() bool { return s.Failure == "" && s.ReposFailed == 0 && len(s.Errors) == 0 }

// Collector collects one source into a store. A source-wide failure (bad token,
// unknown org) is returned as an error; a single repo's failure is recorded in the
// store's sync state and in the summary, and the other repos carry on.
type Collector interface {
	Collect(ctx context.Context, store model.Store, opts RunOptions) (Summary, error)
}
