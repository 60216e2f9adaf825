package ui

import (
	"cmp"
	"slices"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/paved-dev/paved/scoring"
	"github.com/paved-dev/paved/ui/labels"
)

type overviewPage struct {
	layout
	HasData      bool
	Org          teamSummary
	Change       change
	Dims         []dimTile
	Distribution []distRow
	TeamCount    int
	Charts       []chartView
	Movers       []mover
	Overdue      overdueHeadline
	Risk         []riskRow
	RiskRepos    []riskRepo
	// RiskLimited: only the repos of the viewer's own teams are named.
	RiskLimited bool
}

// change compares a scope's newest scorecard with the one at as_of − 7 days
// (db.BaselineOf), computed from the same facts: a "7-day change", shown as "since
// <date>".
type change struct {
	Known   bool
	Since   time.Time
	Score   *int
	Level   *int
	Overdue *int // overdue critical and high findings
}

func changeOf(t teamSummary) change {
	if !t.HasPrev {
		return change{}
	}
	ch := change{Known: true, Since: t.Prev.AsOf, Score: diff(t.Latest.Score, t.Prev.Score), Level: diff(t.Latest.Level, t.Prev.Level)}
	ch.Overdue = diff(overdueCount(t.Latest), overdueCount(t.Prev))
	return ch
}

// diff is a − b, nil when either is unknown.
func diff(a, b *int) *int {
	if a == nil || b == nil {
		return nil
	}
	return new(*a - *b)
}

// overdueCount is the point's overdue critical and high findings.
func overdueCount(p point) *int {
	v := p.metric(scoring.DimRemediation, scoring.MetricOverdueCriticalHigh)
	if v == nil {
		return nil
	}
	return new(int(*v))
}

// dimTile is one dimension of the organisation with its headline metric.
type dimTile struct {
	Key, Label    string
	Level         *int
	Status        string
	Metric, Value string
}

// distRow counts the teams at each level of one dimension.
type distRow struct {
	Label        string
	Counts       [5]int
	Insufficient int
}

type mover struct {
	Team                 teamRef
	ScoreBefore, ScoreAt *int
	LevelBefore, LevelAt *int
	ScoreDelta           int
	LevelDelta           int
}

type riskRow struct {
	Team    teamRef
	Overdue int
}

const (
	maxMovers    = 6
	maxRiskRepos = 10
)

func (s *server) overviewPage(c *fiber.Ctx) error {
	st, err := s.cache.state(c.UserContext())
	if err != nil {
		return err
	}
	scope := s.detailsFor(c)
	return s.cachedPage(c, st, "overview"+scope.key(), "overview", func() (any, error) {
		page, err := s.buildOverview(st, scope)
		if err != nil {
			return nil, err
		}
		page.layout = s.layoutFor("Overview", "overview")
		return page, nil
	})
}

func (s *server) buildOverview(st *state, scope detailScope) (*overviewPage, error) {
	org, err := st.summary(teamRef{Slug: scopeOrg, Name: scopeName(scopeOrg, "")})
	if err != nil {
		return nil, err
	}
	sums, err := st.summaries(s)
	if err != nil {
		return nil, err
	}
	p := &overviewPage{HasData: org.Scored, Org: org, Change: changeOf(org)}
	if !org.Scored {
		return p, nil
	}
	for _, d := range scoring.Dimensions {
		tile := dimTile{Key: d, Label: labels.Dimension(d), Level: org.Dim(d), Status: org.Latest.Dims[d].Status}
		if keys := scoring.MetricKeys(d); len(keys) > 0 {
			tile.Metric = labels.MetricLabel(keys[0])
			tile.Value = labels.FormatValue(keys[0], org.Latest.metric(d, keys[0]))
		}
		p.Dims = append(p.Dims, tile)
	}
	p.Distribution, p.TeamCount = distribution(sums)
	p.Charts = overviewCharts(org)
	p.Movers = movers(sums)
	p.Risk = risk(sums)
	if p.Overdue, err = s.overdueHeadlineOf(st, org, p.Change); err != nil {
		return nil, err
	}
	visible, err := scope.repos(st)
	if err != nil {
		return nil, err
	}
	var keys []string // nil: every repo
	if visible != nil {
		p.RiskLimited = true
		keys = make([]string, 0, len(visible))
		for k := range visible {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		if len(keys) == 0 {
			return p, nil
		}
	}
	repos, err := s.db.OverdueByRepo(st.ctx, s.cfg, keys, org.AsOf(), maxRiskRepos)
	if err != nil {
		return nil, err
	}
	p.RiskRepos, err = withOwners(st, sums, repos)
	return p, err
}

// distribution counts the configured teams (not the unassigned repos) at each
// level, overall and per dimension.
func distribution(sums []teamSummary) ([]distRow, int) {
	rows := []distRow{{Label: "Overall"}}
	for _, d := range scoring.Dimensions {
		rows = append(rows, distRow{Label: labels.Dimension(d)})
	}
	count := func(r *distRow, l *int) {
		if l == nil || *l < 0 || *l > 4 {
			r.Insufficient++
			return
		}
		r.Counts[*l]++
	}
	n := 0
	for _, t := range sums {
		if t.Slug == scoring.UnassignedSlug || !t.Scored {
			continue
		}
		n++
		count(&rows[0], t.Level())
		for i, d := range scoring.Dimensions {
			count(&rows[i+1], t.Dim(d))
		}
	}
	return rows, n
}

func overviewCharts(org teamSummary) []chartView {
	weeks := weekly(org.Weekly, defaultWeeks)
	n := strconv.Itoa(len(weeks))
	return []chartView{
		scoreChart("chart-org-score", "the organisation", weeks),
		metricsChart("chart-org-ratios", "Coverage and SLA attainment",
			"Line chart of the organisation's CI coverage, full scan coverage, critical and high SLA attainment and reviewed share over the last "+n+" weeks",
			weeks, keyRatios),
		metricsChart("chart-org-overdue", "Overdue critical and high findings",
			"Line chart of the organisation's open critical and high findings past their SLA over the last "+n+" weeks",
			weeks, []struct{ dim, metric string }{{scoring.DimRemediation, scoring.MetricOverdueCriticalHigh}}),
		metricsChart("chart-org-delivery", "Production deployments",
			"Line chart of the organisation's successful production deployments and deployment days per week over the last "+n+" weeks",
			weeks, []struct{ dim, metric string }{{scoring.DimDelivery, scoring.MetricDeploysPerWeek}, {scoring.DimDelivery, scoring.MetricDeployDaysPerWeek}}),
	}
}

// movers are the teams whose score or level changed most in the 7 days to their
// scorecard's as_of.
func movers(sums []teamSummary) []mover {
	var out []mover
	for _, t := range sums {
		ch := changeOf(t)
		if !ch.Known {
			continue
		}
		m := mover{Team: t.teamRef, ScoreBefore: t.Prev.Score, ScoreAt: t.Score(), LevelBefore: t.Prev.Level, LevelAt: t.Level()}
		if ch.Score != nil {
			m.ScoreDelta = *ch.Score
		}
		if ch.Level != nil {
			m.LevelDelta = *ch.Level
		}
		if m.ScoreDelta == 0 && m.LevelDelta == 0 && (m.ScoreAt == nil) == (m.ScoreBefore == nil) {
			continue
		}
		out = append(out, m)
	}
	slices.SortStableFunc(out, func(a, b mover) int {
		return cmp.Or(
			cmp.Compare(abs(b.LevelDelta), abs(a.LevelDelta)),
			cmp.Compare(abs(b.ScoreDelta), abs(a.ScoreDelta)),
		)
	})
	return out[:min(len(out), maxMovers)]
}

// risk lists the teams with open critical or high findings past their SLA, the
// most first, as their newest scorecards count them.
func risk(sums []teamSummary) []riskRow {
	var out []riskRow
	for _, t := range sums {
		v := t.Latest.metric(scoring.DimRemediation, scoring.MetricOverdueCriticalHigh)
		if v != nil && *v >= 1 {
			out = append(out, riskRow{Team: t.teamRef, Overdue: int(*v)})
		}
	}
	slices.SortStableFunc(out, func(a, b riskRow) int { return cmp.Compare(b.Overdue, a.Overdue) })
	return out
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// keyRatios are the organisation's headline ratios, one per dimension that has one.
var keyRatios = func() []struct{ dim, metric string } {
	var out []struct{ dim, metric string }
	for _, d := range scoring.Dimensions {
		if k, ok := labels.KeyMetric(d); ok {
			out = append(out, struct{ dim, metric string }{d, k})
		}
	}
	return out
}()
