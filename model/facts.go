package model

import "time"

// Facts are the stored facts of every repo in the compact form scoring evaluates,
// as a store loads them.
type Facts struct {
	Repos []RepoFacts
}

// All returns a pointer to every repo: the organisation's scope.
func (f *Facts) All() []*RepoFacts {
	out := make([]*RepoFacts, len(f.Repos))
	for i := range f.Repos {
		out[i] = &f.Repos[i]
	}
	return out
}

// Scope returns pointers to the repos at the given indexes (as team resolution returns
// them). Indexes out of range are ignored.
func (f *Facts) Scope(indexes []int) []*RepoFacts {
	out := make([]*RepoFacts, 0, len(indexes))
	for _, i := range indexes {
		if i >= 0 && i < len(f.Repos) {
			out = append(out, &f.Repos[i])
		}
	}
	return out
}

// Refs returns the identity of every repo, in order, for team resolution.
func (f *Facts) Refs() []RepoRef {
	out := make([]RepoRef, len(f.Repos))
	for i, r := range f.Repos {
		out[i] = RepoRef{Source: r.Source, Kind: r.Kind, FullName: r.FullName, ForgeID: r.ForgeID}
	}
	return out
}

// RepoFacts are one repo's facts in compact form. Each slice should be sorted by
// the time key named beside it; evaluation tolerates unsorted input (it builds its
// own sorted indexes once per call) but sorted input saves that work.
type RepoFacts struct {
	Source        string `json:"source"`    // config source name, e.g. "gh"
	Kind          string `json:"kind"`      // ForgeGitHub or ForgeGitLab
	FullName      string `json:"full_name"` // owner/name or group/subgroup/project
	ForgeID       int64  `json:"forge_id"`
	Archived      bool   `json:"archived"`
	Fork          bool   `json:"fork"`
	DefaultBranch string `json:"default_branch"`

	Runs         []RunFact         `json:"runs"`         // by CreatedAt
	PRs          []PRFact          `json:"prs"`          // by CreatedAt
	Findings     []FindingFact     `json:"findings"`     // by CreatedAt
	Analyses     []AnalysisFact    `json:"analyses"`     // by CreatedAt
	Observations []ObservationFact `json:"observations"` // by ObservedAt
	Deployments  []DeploymentFact  `json:"deployments"`  // by CreatedAt
}

// RunFact is a pipeline run (GitHub workflow run, GitLab pipeline).
type RunFact struct {
	Name      string    `json:"name,omitempty"` // workflow or pipeline name (v2: a scan by name)
	CreatedAt time.Time `json:"created_at"`
	StartedAt time.Time `json:"started_at,omitempty"` // GitHub: run_started_at of the latest attempt
	// Duration is the forge's own execution time (GitLab pipeline `duration`); zero
	// when the forge gives none, and then StartedAt → CompletedAt is the duration.
	Duration    time.Duration `json:"duration,omitempty"`
	CompletedAt time.Time     `json:"completed_at"` // zero while not completed
	Status      string        `json:"status"`       // queued, in_progress, completed
	Conclusion  string        `json:"conclusion"`   // success, failure, cancelled, skipped, ...
	Attempt     int           `json:"attempt"`      // 1 for the first attempt (0 is read as 1)
	HeadBranch  string        `json:"head_branch"`
	HeadSHA     string        `json:"head_sha"`
	Event       string        `json:"event"` // push, pull_request, merge_request_event, ...
	// PRNumbers are the PRs/MRs the forge links to this run.
	PRNumbers []int `json:"pr_numbers,omitempty"`
	// Scans are the scan categories detected in the run's jobs.
	Scans Categories `json:"scans,omitempty"`
}

// PRFact is a pull request or merge request with its reviews.
type PRFact struct {
	Number      int       `json:"number"`
	Author      string    `json:"author"`
	AuthorIsBot bool      `json:"author_is_bot"`
	CreatedAt   time.Time `json:"created_at"`
	ReadyAt     time.Time `json:"ready_at"` // zero when the draft history is unknown
	// ReadyTimes are every time the PR/MR left draft state (GitHub ready_for_review
	// events, GitLab "marked this merge request as ready" notes), oldest first.
	ReadyTimes []time.Time  `json:"ready_times,omitempty"`
	MergedAt   time.Time    `json:"merged_at"` // zero unless merged
	BaseBranch string       `json:"base_branch"`
	HeadSHA    string       `json:"head_sha"`
	Reviews    []ReviewFact `json:"reviews,omitempty"` // any order
}

// ReviewFact is a submitted review, a review comment, or a GitLab approval note.
type ReviewFact struct {
	Author      string    `json:"author"`
	AuthorIsBot bool      `json:"author_is_bot"`
	Kind        string    `json:"kind"`  // ReviewKindReview, ReviewKindComment, ReviewKindApproval
	State       string    `json:"state"` // APPROVED, COMMENTED, ... (GitHub); approved (GitLab)
	SubmittedAt time.Time `json:"submitted_at"`
}

// FindingFact is a normalised security finding. Its due date is recomputed from the
// configured SLA days, so a change of SLA applies to stored findings too.
type FindingFact struct {
	ID         string    `json:"id"`       // shown in flags, e.g. "code_scanning/42"
	Category   string    `json:"category"` // sast, sca, secret, dast
	Severity   string    `json:"severity"` // critical, high, medium, low
	Outcome    string    `json:"outcome"`  // open, fixed, risk_accepted, excluded
	CreatedAt  time.Time `json:"created_at"`
	ResolvedAt time.Time `json:"resolved_at"` // fix or dismissal time; zero while open
}

// AnalysisFact is a code-scanning analysis upload.
type AnalysisFact struct {
	Category  string    `json:"category"`
	CreatedAt time.Time `json:"created_at"`
}

// ObservationFact records a scanner feature seen enabled or disabled.
type ObservationFact struct {
	Feature    string    `json:"feature"` // FeatureCodeScanning, ...
	Enabled    bool      `json:"enabled"`
	ObservedAt time.Time `json:"observed_at"`
}

// DeploymentFact is a deployment with its latest status folded in.
type DeploymentFact struct {
	Environment     string    `json:"environment"`
	EnvironmentTier string    `json:"environment_tier,omitempty"` // GitLab tier
	CreatedAt       time.Time `json:"created_at"`
	Status          string    `json:"status"` // latest status
	StatusAt        time.Time `json:"status_at"`
	// Statuses are every status the forge reported, oldest first (v2: the outcome is
	// the latest among success, failure and error; inactive changes nothing).
	Statuses []DeploymentStatusFact `json:"statuses,omitempty"`
}

// DeploymentStatusFact is one status of a deployment.
type DeploymentStatusFact struct {
	State     string    `json:"state"` // success, failure, error, inactive, pending, in_progress, queued
	CreatedAt time.Time `json:"created_at"`
}

// RepoRef identifies a repo for team resolution.
type RepoRef struct {
	Source   string
	Kind     string // ForgeGitHub or ForgeGitLab; "" matches both
	FullName string
	ForgeID  int64
}
