// Package model is Paved's shared vocabulary: the forge-neutral records every
// collector produces, the enums (categories, severities, outcomes, features), the
// SLA days, the security tool catalogue and the store interfaces collectors write
// through. Every layer imports it; it imports nothing of the project.
//
// Records are plain structs. Every record is keyed by its source name and the forge's
// own IDs, so storing the same record twice updates it instead of duplicating it.
package model

import "time"

// Forge kinds.
const (
	ForgeGitHub = "github"
	ForgeGitLab = "gitlab"
)

// Scan and finding categories.
const (
	CategorySAST   = "sast"
	CategorySCA    = "sca"
	CategorySecret = "secret"
	CategoryDAST   = "dast"
)

// Normalised severities.
const (
	SeverityCritical = "critical"
	SeverityHigh     = "high"
	SeverityMedium   = "medium"
	SeverityLow      = "low"
)

// Finding outcomes. An open finding has OutcomeOpen.
const (
	OutcomeOpen         = "open"
	OutcomeFixed        = "fixed"
	OutcomeRiskAccepted = "risk_accepted"
	OutcomeExcluded     = "excluded"
)

// Repo is a GitHub repository or a GitLab project.
type Repo struct {
	Source        string // config source name, e.g. "gh"
	ForgeID       int64  // GitHub repo id / GitLab project id
	FullName      string // owner/name, or group/subgroup/project
	DefaultBranch string
	Archived      bool
	Fork          bool
	HTMLURL       string
	CreatedAt     time.Time
	UpdatedAt     time.Time
	// SecretScanning and DependabotUpdates are what GitHub's repos list says of
	// those scanners (security_and_analysis): "enabled", "disabled", or "".
	SecretScanning    string
	DependabotUpdates string
}

// ForgeTeam is a GitHub team or a GitLab group, with the repos it owns.
type ForgeTeam struct {
	Source       string
	ForgeID      int64
	Slug         string // GitHub team slug, or GitLab group full path
	Name         string
	RepoForgeIDs []int64
}

// PipelineRun is a GitHub Actions workflow run or a GitLab pipeline.
type PipelineRun struct {
	Source      string
	RepoForgeID int64
	ForgeID     int64  // run id / pipeline id
	Name        string // workflow name (GitLab: pipeline name or source)
	HeadBranch  string
	HeadSHA     string
	Event       string // push, pull_request, merge_request_event, schedule, ...
	Status      string // queued, in_progress, completed (GitLab statuses mapped)
	Conclusion  string // success, failure, cancelled, skipped, ... ("" while running)
	Attempt     int    // 1 for the first attempt
	CreatedAt   time.Time
	StartedAt   time.Time
	UpdatedAt   time.Time
	CompletedAt time.Time // zero while not completed
	// Duration is the forge's own execution time when it gives one (GitLab pipeline
	// `duration`, seconds); zero otherwise.
	Duration time.Duration
	// PullRequestNumbers are the PRs/MRs the forge links to this run
	// (GitHub pull_requests[], GitLab merge_request_event pipelines).
	PullRequestNumbers []int
	// ScanCategories is the set of scan categories detected in this run's jobs
	// (sorted, no duplicates). JobsFetched tells whether jobs were looked at.
	ScanCategories []string
	JobsFetched    bool
	// SampleGroup is the job-sampling group the run belongs to (the collector's
	// key), "" when its name gives its categories. The store gives every run of a
	// group the categories of the group's sample's stored jobs.
	SampleGroup string
}

// Job is one job of a pipeline run, with the scan categories it was detected as.
type Job struct {
	Source         string
	RepoForgeID    int64
	RunForgeID     int64
	ForgeID        int64
	Name           string
	Steps          []string // step names (GitHub); empty on GitLab
	ReportTypes    []string // GitLab artifacts report types (sast, dependency_scanning, ...)
	Status         string
	Conclusion     string
	StartedAt      time.Time
	CompletedAt    time.Time
	ScanCategories []string // sorted, no duplicates; empty when not a scan job
}

// Finding is a normalised security finding: code scanning, Dependabot or
// secret-scanning alert on GitHub, a vulnerability on GitLab.
type Finding struct {
	Source      string
	RepoForgeID int64
	Kind        string // code_scanning, dependabot, secret_scanning, gitlab_vulnerability
	ForgeID     string // alert number or vulnerability id, unique per repo and kind
	Category    string // sast, sca, secret, dast
	Severity    string // critical, high, medium, low
	State       string // the forge's raw state
	Reason      string // the forge's raw dismissal / resolution reason, if any
	Outcome     string // open, fixed, risk_accepted, excluded
	Tool        string // e.g. CodeQL, Dependabot, secret type for secret scanning
	Rule        string // rule id, advisory id, or secret type
	RuleText    string // rule description / advisory summary (untrusted, bounded)
	Location    string // path (and line) or package; never a secret value
	CreatedAt   time.Time
	UpdatedAt   time.Time
	ResolvedAt  time.Time // fix or dismissal time; zero while open, or when the forge gives none
	DueAt       time.Time // CreatedAt + SLA(severity)
	HTMLURL     string
	// SeenAt is when the collection read the finding (its own clock). A closed
	// finding without ResolvedAt is resolved from the first SeenAt it was seen
	// closed; later passes keep that first time.
	SeenAt time.Time
}

// PullRequest is a GitHub pull request or a GitLab merge request.
type PullRequest struct {
	Source      string
	RepoForgeID int64
	ForgeID     int64
	Number      int // PR number / MR iid
	Title       string
	Author      string
	AuthorIsBot bool
	State       string // open, closed, merged
	Draft       bool
	BaseBranch  string
	HeadSHA     string
	CreatedAt   time.Time
	UpdatedAt   time.Time
	ReadyAt     time.Time // ready-for-review time when known, else zero
	// ReadyTimes are every time the PR/MR left draft state, oldest first (GitHub
	// ready_for_review timeline events; GitLab "marked this merge request as ready").
	// nil means the draft history was not read (a store keeps what it had); an
	// empty, non-nil slice means it was read and the PR never left draft.
	ReadyTimes []time.Time
	MergedAt   time.Time // zero unless merged
	ClosedAt   time.Time
}

// Review kinds.
const (
	ReviewKindReview   = "review"   // a submitted review
	ReviewKindComment  = "comment"  // a review comment / MR discussion note
	ReviewKindApproval = "approval" // GitLab "approved this merge request" note
)

// Review is a review, a review comment or an approval on a PR/MR.
type Review struct {
	Source      string
	RepoForgeID int64
	PRNumber    int
	ForgeID     int64
	Kind        string // review, comment, approval
	Author      string
	AuthorIsBot bool
	State       string // APPROVED, COMMENTED, CHANGES_REQUESTED, DISMISSED (GitHub); approved (GitLab)
	SubmittedAt time.Time
}

// Deployment is a deployment with its latest status folded in.
type Deployment struct {
	Source          string
	RepoForgeID     int64
	ForgeID         int64
	Environment     string
	EnvironmentTier string // GitLab environment tier, e.g. production
	Ref             string
	SHA             string
	CreatedAt       time.Time
	Status          string // latest status: success, failure, error, pending, in_progress, ...
	StatusAt        time.Time
}

// DeploymentStatus is one status of a deployment.
type DeploymentStatus struct {
	Source            string
	RepoForgeID       int64
	DeploymentForgeID int64
	ForgeID           int64
	State             string
	CreatedAt         time.Time
}

// Scanner features that a forge reports as enabled or disabled.
const (
	FeatureCodeScanning     = "code_scanning"
	FeatureDependabotAlerts = "dependabot_alerts"
	FeatureSecretScanning   = "secret_scanning"
)

// ScannerObservation records whether a scanner feature was seen enabled on a repo.
// An "enabled" observation holds from when it was first seen until it is seen disabled.
type ScannerObservation struct {
	Source      string
	RepoForgeID int64
	Feature     string
	Enabled     bool
	ObservedAt  time.Time
}

// Analysis is a GitHub code-scanning analysis upload; it shows a scan of its
// category ran even when no pipeline job was recognised.
type Analysis struct {
	Source      string
	RepoForgeID int64
	ForgeID     int64
	Tool        string
	Category    string // sast for code scanning
	Ref         string
	CreatedAt   time.Time
}
