package model

import (
	"context"
	"time"
)

// Resource kinds tracked in sync state, one cursor per source × repo × resource.
const (
	ResourceRepos        = "repos"
	ResourceTeams        = "teams"
	ResourceRuns         = "runs"
	ResourceJobs         = "jobs"
	ResourceCodeScanning = "code_scanning"
	ResourceAnalyses     = "analyses"
	ResourceDependabot   = "dependabot"
	ResourceSecrets      = "secret_scanning"
	ResourcePulls        = "pulls"
	ResourceReviews      = "reviews"
	ResourceDeployments  = "deployments"
	ResourceFindings     = "findings" // GitLab vulnerabilities
)

// Cursor is the sync state of one source × repo × resource. Repo is the repo's
// full name, or "" for source-wide resources (repos, teams).
type Cursor struct {
	Source      string
	Repo        string
	Resource    string
	Watermark   time.Time // newest updated_at fully stored
	Position    string    // opaque page cursor for resumable paging
	ETag        string    // validator for conditional requests
	LastSuccess time.Time
	LastError   string // one sentence; never a token
	LastErrorAt time.Time
	Items       int64 // items stored through this cursor, cumulative
}

// Batch is one page of records. A Store applies a Batch and its cursors in one
// transaction: either all of it is stored or none of it.
type Batch struct {
	Source             string
	Repos              []Repo
	Teams              []ForgeTeam
	Runs               []PipelineRun
	Jobs               []Job
	Findings           []Finding
	Analyses           []Analysis
	PullRequests       []PullRequest
	Reviews            []Review
	Deployments        []Deployment
	DeploymentStatuses []DeploymentStatus
	Observations       []ScannerObservation
	Cursors            []Cursor
}

// Len is the number of records in the batch (cursors not counted).
func (b *Batch) Len() int {
	return len(b.Repos) + len(b.Teams) + len(b.Runs) + len(b.Jobs) + len(b.Findings) +
		len(b.Analyses) + len(b.PullRequests) + len(b.Reviews) + len(b.Deployments) +
		len(b.DeploymentStatuses) + len(b.Observations)
}

// Store is where collectors put what they fetch. db.DB implements it.
type Store interface {
	// Apply upserts every record of the batch, keyed by forge IDs, and saves its
	// cursors, in one transaction.
	Apply(ctx context.Context, b Batch) error
	// Cursor returns the stored cursor, or a zero Cursor with the keys set.
	Cursor(ctx context.Context, source, repo, resource string) (Cursor, error)
	// RunSamples returns the stored job samples of a repo: per sampling group,
	// its sampled run and the categories of that run's stored jobs.
	RunSamples(ctx context.Context, source string, repoForgeID int64) ([]RunSample, error)
	// RecordError stores a sync failure on a cursor without touching its watermark.
	RecordError(ctx context.Context, source, repo, resource, msg string, at time.Time) error
}

// RunSample is a job-sampling group's sampled run as stored: the run whose jobs
// were fetched, and the scan categories of those jobs.
type RunSample struct {
	Group      string
	RunForgeID int64
	Categories []string
	Complete   bool
	Attempt    int
}
