package digest

import "time"

// Digest is one week's summary of the organisation's maturity: where it stands,
// what moved in the 7 days before its as_of, what is overdue and what each team could do
// next. Every string from a forge has been cleaned (control characters stripped,
// length bounded) by Build; each format escapes it for its own syntax.
type Digest struct {
	Week ISOWeek
	// AsOf is the scorecard reported: the newest within the week (the current one
	// while the week runs), else the newest before it; every figure is at AsOf.
	// PrevAsOf is the scorecard every change compares with, at AsOf − 7 days;
	// zero when there is none.
	AsOf     time.Time
	PrevAsOf time.Time
	// TrendsFrom, while history is still being read, is where trends start
	// (scoring.TrendsFrom) when that is later than a scorecard the digest
	// would otherwise show or compare with: those are left out, as the
	// pages leave them out. Zero otherwise.
	TrendsFrom   time.Time
	DashboardURL string // without a trailing slash; "" leaves links out
	// Audience is "" for the organisation's digest and a team's slug for the
	// part ForTeam cuts out for that team's own recipients.
	Audience string
	// DetailsLimited: finding details were left out (CountsOnly), because they go
	// only to each team's members.
	DetailsLimited bool

	Org          Scope
	Teams        []TeamPart     // by name, "unassigned" last
	Moves        []LevelMove    // level changes of every team, rises first
	Improvements []MetricChange // at most three, largest first
	Regressions  []MetricChange // at most three, largest first
	Trend        []TrendPoint   // the organisation's (a team's, in its part), oldest first
}

// Scope is the organisation or one team at the reported snapshot.
type Scope struct {
	Slug       string
	Name       string
	URL        string // its dashboard page; "" without a dashboard URL
	Level      *int   // nil when not rated
	PrevLevel  *int
	Score      *int // 0–100; nil when not rated
	PrevScore  *int
	Dimensions []DimensionLevel // in the model's order
	Overdue    Overdue
	HasData    bool // a snapshot exists at or before the week's start
}

// DimensionLevel is one dimension's level at the as_of and 7 days before.
type DimensionLevel struct {
	Key       string
	Label     string
	Level     *int
	PrevLevel *int
}

// TeamPart is what the digest says about one team.
type TeamPart struct {
	Scope
	Moves   []LevelMove
	Changes []MetricChange // every change worth reporting, largest first
	Next    *NextStep      // nil when no dimension has one
	Trend   []TrendPoint
}

// LevelMove is a team's overall level, or one dimension's, going up or down.
type LevelMove struct {
	Team      string
	TeamName  string
	Dimension string // "" for the overall level
	Label     string // "Overall" or the dimension's label
	From, To  int
}

// Up tells a rise from a fall.
func (m LevelMove) Up() bool { return m.To > m.From }

// MetricChange is one metric of one team between the two snapshots.
type MetricChange struct {
	Team      string
	TeamName  string
	Dimension string
	Metric    string
	Label     string
	From, To  float64
	// Change is the normalised change, positive when the metric got better
	// (see normalisedChange).
	Change float64
}

// Overdue counts the critical and high findings open past their due date at the
// snapshot, with the worst few.
type Overdue struct {
	Critical int
	High     int
	Worst    []OverdueFinding
}

// Total is critical plus high.
func (o Overdue) Total() int { return o.Critical + o.High }

// OverdueFinding is one overdue finding, as the digest shows it.
type OverdueFinding struct {
	Repo        string // owner/name
	Source      string
	Severity    string
	Category    string
	Tool        string
	Rule        string
	RuleText    string
	Location    string
	URL         string // the forge's page, http(s) only; "" otherwise
	DueAt       time.Time
	DaysOverdue int
}

// NextStep is the first unmet criterion of a team's weakest dimension.
type NextStep struct {
	Dimension string
	Metric    string
	Level     int // the level it unlocks
	Op        string
	Threshold float64
	Value     *float64
	// Repos are the repos holding it back most, with what they miss.
	Repos []RepoHint
}

// RepoHint is a repo that holds a next step back.
type RepoHint struct {
	Repo   string
	Detail string
}

// TrendPoint is one weekly snapshot of a scope.
type TrendPoint struct {
	AsOf       time.Time
	Level      *int
	Score      *int
	Dimensions map[string]*int // level per dimension
}
