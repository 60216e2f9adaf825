package scoring

import "time"

// Dimension statuses.
const (
	StatusOK           = "ok"
	StatusInsufficient = "insufficient_data"
)

// Criterion results.
const (
	ResultMet     = "met"
	ResultUnmet   = "unmet"
	ResultSkipped = "skipped"
)

// Scorecard is one scope's evaluation at one instant: the JSON of
// GET /api/v1/teams/{slug} and /api/v1/org.
type Scorecard struct {
	Team       TeamRef              `json:"team"`
	AsOf       time.Time            `json:"as_of"`
	Level      *int                 `json:"level"` // null when automation, shift_left and remediation are all insufficient
	Score      *int                 `json:"score"` // 0–100; null when every dimension is insufficient
	Dimensions map[string]Dimension `json:"dimensions"`
	Repos      []RepoSummary        `json:"repos"`
	Flags      []Flag               `json:"flags"`
}

// TeamRef names the scope. Evaluate leaves it empty for the caller to fill.
type TeamRef struct {
	Slug string `json:"slug"`
	Name string `json:"name"`
}

// Dimension is one dimension's result.
type Dimension struct {
	Level    *int              `json:"level"` // null when insufficient_data
	Status   string            `json:"status"`
	Metrics  map[string]Metric `json:"metrics"`
	Criteria []Criterion       `json:"criteria"`
	Next     []NextStep        `json:"next"`
}

// Metric is a figure with its sample size. Value is null when there are no samples
// (overdue_critical_high, a count, always has a value).
type Metric struct {
	Value   *float64 `json:"value"`
	Samples int      `json:"samples"`
}

// Criterion is one threshold of one level, as evaluated.
type Criterion struct {
	Level     int      `json:"level"`
	Metric    string   `json:"metric"`
	Op        string   `json:"op"`
	Threshold float64  `json:"threshold"`
	Value     *float64 `json:"value"`
	Samples   int      `json:"samples"`
	Min       int      `json:"min"`
	Result    string   `json:"result"`
	// Reason explains a skipped criterion: "not enough data (3 of 10)".
	Reason string `json:"reason,omitempty"`
}

// NextStep is an unmet criterion of the level above the current one.
type NextStep struct {
	Level     int      `json:"level"`
	Metric    string   `json:"metric"`
	Op        string   `json:"op"`
	Threshold float64  `json:"threshold"`
	Value     *float64 `json:"value"`
	// Gap is how far the value is from the threshold, in the metric's unit:
	// threshold − value for ">=" and ">", value − threshold for "<=", |value − threshold| for "=".
	Gap   *float64           `json:"gap"`
	Repos []RepoContribution `json:"repos"`
}

// RepoContribution is a repo that holds a next step back, most first.
type RepoContribution struct {
	Repo     string `json:"repo"` // "source:full_name"
	Source   string `json:"source"`
	FullName string `json:"full_name"`
	Count    int    `json:"count"` // what the detail counts (misses, overdue findings, ...)
	Detail   string `json:"detail"`
}

// Flag is a data-quality note, e.g. a finding resolved before it was created.
type Flag struct {
	Kind   string `json:"kind"` // clock_skew
	Repo   string `json:"repo"`
	Detail string `json:"detail"`
}

// FlagClockSkew marks a finding whose resolved_at is before its created_at.
const FlagClockSkew = "clock_skew"

// RepoSummary is one repo's own share of the scope's figures in the window: the
// numerators and denominators it adds to the pooled metrics.
type RepoSummary struct {
	Repo        string          `json:"repo"` // "source:full_name"
	Source      string          `json:"source"`
	FullName    string          `json:"full_name"`
	Archived    bool            `json:"archived"`
	Fork        bool            `json:"fork"`
	Active      bool            `json:"active"`
	Automation  RepoAutomation  `json:"automation"`
	ShiftLeft   RepoShiftLeft   `json:"shift_left"`
	Remediation RepoRemediation `json:"remediation"`
	Review      RepoReview      `json:"review"`
	Delivery    RepoDelivery    `json:"delivery"`
}

// RepoAutomation counts a repo's pipeline facts in the window.
type RepoAutomation struct {
	DefaultBranchRuns     int `json:"default_branch_runs"`     // created in the window
	CompletedRuns         int `json:"completed_runs"`          // of those, completed (not cancelled/skipped)
	FirstAttemptSuccesses int `json:"first_attempt_successes"` // of those, success on attempt 1
	MergedPRs             int `json:"merged_prs"`
	MergedPRsWithCI       int `json:"merged_prs_with_ci"`
}

// RepoShiftLeft counts a repo's scanning facts in the window.
type RepoShiftLeft struct {
	Categories        []string `json:"categories"` // of sast, sca, secret seen in the window
	MergedPRsWithScan int      `json:"merged_prs_with_scan"`
	EscapedFindings   int      `json:"escaped_findings"`
}

// RepoRemediation counts a repo's findings in the window (excluded ones never).
type RepoRemediation struct {
	// DueCriticalHigh counts the SLA attainment's findings: due in the window, or
	// overdue and still open at its start (model v2; those are misses). DueMedium
	// likewise.
	DueCriticalHigh     int `json:"due_critical_high"`
	MetCriticalHigh     int `json:"met_critical_high"`
	DueMedium           int `json:"due_medium"`
	MetMedium           int `json:"met_medium"`
	FixedCritical       int `json:"fixed_critical"`
	OpenCriticalHigh    int `json:"open_critical_high"` // at as_of
	OverdueCriticalHigh int `json:"overdue_critical_high"`
	Closed              int `json:"closed"` // fixed or risk-accepted in the window
	RiskAccepted        int `json:"risk_accepted"`
}

// RepoReview counts a repo's human PRs merged in the window.
type RepoReview struct {
	HumanMergedPRs int `json:"human_merged_prs"`
	Approved       int `json:"approved"`
	PickedUp       int `json:"picked_up"` // had a first human review by as_of
}

// RepoDelivery counts a repo's production deployments in the window.
type RepoDelivery struct {
	// DeploysToProduction: a deploying repo, with a production deployment in the
	// 365 days before as_of (model v2); only deploying repos are in delivery.
	DeploysToProduction bool `json:"deploys_to_production"`
	Successful          int  `json:"successful"`
	Failed              int  `json:"failed"`
	DeployDays          int  `json:"deploy_days"`
	LeadTimes           int  `json:"lead_times"` // merged PRs with a later successful deployment
	Recoveries          int  `json:"recoveries"` // failed deployments followed by a success
}
