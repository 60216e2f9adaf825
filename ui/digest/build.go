package digest

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/paved-dev/paved/db"
	"github.com/paved-dev/paved/internal/sanitize"
	"github.com/paved-dev/paved/scoring"
	"github.com/paved-dev/paved/ui/labels"
)

// Source is what Build reads; *db.DB satisfies it.
type Source interface {
	Teams(ctx context.Context) ([]db.Team, error)
	ScorecardSummaries(ctx context.Context, scope string, from, to time.Time) ([]db.ScorecardSummary, error)
	HistoryFloor(ctx context.Context) (time.Time, error)
	OverdueByScope(ctx context.Context, cfg scoring.Config, at time.Time, worst int) ([]db.ScopeOverdue, error)
}

var _ Source = (*db.DB)(nil)

const (
	trendWeeks   = 12 // points in the trend charts, the last one the digest's as_of
	worstPerTeam = 3  // overdue findings listed per team
	topChanges   = 3  // improvements and regressions listed
)

// Options say which digest Build assembles.
type Options struct {
	// Week is the week the digest is for: its title and its delivery key.
	Week ISOWeek
	// Config is the model config rescoring uses (the same the dashboard gets): its
	// SLA days decide which findings are overdue. The zero Config is the defaults.
	Config scoring.Config
	// DashboardURL is the dashboard's public address, for links; it may be empty.
	DashboardURL string
}

// Build assembles the digest of opts.Week from the stored scorecards, at one as_of
// that it states: the newest scorecard within the week (the current one, the same
// every page shows, while the week runs; the week's Monday snapshot for a past week),
// else the newest before it. Every change is against the scorecard at as_of − 7 days
// (db.BaselineOf), every trend ends at as_of, and overdue findings are those overdue
// at as_of under opts.Config. While history is still being read, scorecards before
// trends start (scoring.TrendsFrom) are neither shown nor compared with, as on the
// pages, and the digest says where trends start.
func Build(ctx context.Context, src Source, opts Options) (*Digest, error) {
	week := opts.Week
	start := week.Start()
	if start.IsZero() {
		return nil, fmt.Errorf("digest: invalid week %v", week)
	}
	end := start.AddDate(0, 0, 7)
	base := strings.TrimRight(opts.DashboardURL, "/")
	d := &Digest{Week: week, DashboardURL: base}

	teams, err := src.Teams(ctx)
	if err != nil {
		return nil, fmt.Errorf("digest: %w", err)
	}
	floor, err := src.HistoryFloor(ctx)
	if err != nil {
		return nil, fmt.Errorf("digest: %w", err)
	}
	trendsFrom := scoring.TrendsFrom(floor)
	orgHistory, err := readHistory(ctx, src, db.OrgScope, end)
	if err != nil {
		return nil, err
	}
	histories := make([]history, len(teams))
	asOf := orgHistory.newest()
	for i, t := range teams {
		if histories[i], err = readHistory(ctx, src, t.Slug, end); err != nil {
			return nil, err
		}
		if len(orgHistory.snaps) == 0 {
			// No organisation scorecard (a store filled by hand): the teams' newest.
			if n := histories[i].newest(); n.After(asOf) {
				asOf = n
			}
		}
	}
	org, trend := summarise(orgHistory.snaps, db.OrgScope, "Organisation", asOf, trendsFrom)
	d.Org, d.Trend = org.Scope, trend
	d.Org.URL = pageURL(base, "/")
	d.AsOf, d.PrevAsOf = org.at, org.prevAt
	trimmed := org.trimmed

	for i, t := range teams {
		name := sanitize.Display(t.Name, sanitize.MaxLine)
		if name == "" {
			name = teamFallbackName(t.Slug)
		}
		part, trend := summarise(histories[i].snaps, t.Slug, name, asOf, trendsFrom)
		part.URL = pageURL(base, "/teams/"+url.PathEscape(t.Slug))
		part.Trend = trend
		trimmed = trimmed || part.trimmed
		if d.AsOf.IsZero() {
			d.AsOf, d.PrevAsOf = part.at, part.prevAt
		}
		d.Teams = append(d.Teams, part.TeamPart)
	}
	if trimmed {
		d.TrendsFrom = trendsFrom
	}
	if err := addOverdue(ctx, src, d, opts.Config, start); err != nil {
		return nil, err
	}
	slices.SortStableFunc(d.Teams, func(a, b TeamPart) int {
		if ua, ub := a.Slug == scoring.UnassignedSlug, b.Slug == scoring.UnassignedSlug; ua != ub {
			if ua {
				return 1
			}
			return -1
		}
		return cmp.Or(strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)), strings.Compare(a.Slug, b.Slug))
	})
	for i := range d.Teams {
		d.Moves = append(d.Moves, d.Teams[i].Moves...)
		for _, c := range d.Teams[i].Changes {
			if c.Change > 0 {
				d.Improvements = append(d.Improvements, c)
			} else {
				d.Regressions = append(d.Regressions, c)
			}
		}
	}
	sortMoves(d.Moves)
	d.Improvements = topOf(d.Improvements, topChanges)
	d.Regressions = topOf(d.Regressions, topChanges)
	return d, nil
}

// snapshot is one decoded scorecard summary.
type snapshot struct {
	asOf  time.Time
	level *int
	score *int
	dims  map[string]scoring.Dimension
	// point: a weekly snapshot or the scope's current scorecard, not a change
	// baseline stored between snapshots.
	point bool
}

// history is a scope's scorecards before a week's end, oldest first.
type history struct{ snaps []snapshot }

// newest is the instant of the newest point, zero without any.
func (h history) newest() time.Time {
	for i := len(h.snaps) - 1; i >= 0; i-- {
		if h.snaps[i].point {
			return h.snaps[i].asOf
		}
	}
	return time.Time{}
}

// historyWeeks bounds how far back a digest reads: the trend and its baseline.
const historyWeeks = trendWeeks + 2

// readHistory reads a scope's scorecards from historyWeeks before end onwards and
// keeps those before end. The newest stored one tells the current scorecard from a
// change baseline: every other off-Monday instant is a baseline.
func readHistory(ctx context.Context, src Source, slug string, end time.Time) (history, error) {
	from := end.AddDate(0, 0, -7*historyWeeks)
	rows, err := src.ScorecardSummaries(ctx, slug, from, time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		return history{}, fmt.Errorf("digest: %w", err)
	}
	var current time.Time
	if n := len(rows); n > 0 {
		current = rows[n-1].AsOf
	}
	var h history
	for _, r := range rows {
		if !r.AsOf.Before(end) {
			break
		}
		var dims map[string]scoring.Dimension
		if err := json.Unmarshal(r.Dimensions, &dims); err != nil {
			return history{}, fmt.Errorf("digest: scorecard of %s at %s: %w", slug, r.AsOf.Format(time.RFC3339), err)
		}
		h.snaps = append(h.snaps, snapshot{asOf: r.AsOf, level: r.Level, score: r.Score, dims: dims,
			point: db.IsSnapshot(r.AsOf) || r.AsOf.Equal(current)})
	}
	return h, nil
}

// summary is a scope's part with the instants it reports and compares with.
type summary struct {
	TeamPart
	at, prevAt time.Time
	// trimmed: a scorecard it would show or compare with is before trends
	// start, and left out.
	trimmed bool
}

// summarise sums up a scope at asOf (its newest point at or before it) against its
// scorecard at exactly 7 days before, leaving out scorecards before trendsFrom.
// The team-only parts (moves, changes, next step) are filled in for every scope;
// Build keeps them for teams.
func summarise(snaps []snapshot, slug, name string, asOf, trendsFrom time.Time) (summary, []TrendPoint) {
	part := summary{TeamPart: TeamPart{Scope: Scope{Slug: slug, Name: name}}}
	var cur, prev *snapshot
	for i := range snaps {
		if snaps[i].point && !snaps[i].asOf.After(asOf) {
			cur = &snaps[i]
		}
	}
	if cur == nil {
		return part, nil
	}
	if cur.asOf.Before(trendsFrom) {
		part.trimmed = true
		return part, nil
	}
	baseline := db.BaselineOf(cur.asOf)
	for i := range snaps {
		if snaps[i].asOf.Equal(baseline) {
			prev = &snaps[i]
		}
	}
	if prev != nil && prev.asOf.Before(trendsFrom) {
		prev, part.trimmed = nil, true
	}
	part.at = cur.asOf
	part.HasData = true
	part.Level, part.Score = cur.level, cur.score
	if prev != nil {
		part.prevAt = prev.asOf
		part.PrevLevel, part.PrevScore = prev.level, prev.score
	}
	for _, dim := range scoring.Dimensions {
		dl := DimensionLevel{Key: dim, Label: labels.Dimension(dim), Level: cur.dims[dim].Level}
		if prev != nil {
			dl.PrevLevel = prev.dims[dim].Level
		}
		part.Dimensions = append(part.Dimensions, dl)
	}
	part.Moves = levelMoves(part.TeamPart)
	if prev != nil {
		part.Changes = metricChanges(slug, name, prev.dims, cur.dims)
	}
	part.Next = nextStep(cur.dims)

	trend, trimmed := trendOf(snaps, cur.asOf, trendsFrom)
	part.trimmed = part.trimmed || trimmed
	return part, trend
}

// trendOf is the trend ending at the point at, at most trendWeeks points, less
// those before trendsFrom; trimmed says some were.
func trendOf(snaps []snapshot, at, trendsFrom time.Time) (trend []TrendPoint, trimmed bool) {
	var points []snapshot
	for _, s := range snaps {
		if s.point && !s.asOf.After(at) {
			points = append(points, s)
		}
	}
	if len(points) > trendWeeks {
		points = points[len(points)-trendWeeks:]
	}
	for _, s := range points {
		if s.asOf.Before(trendsFrom) {
			trimmed = true
			continue
		}
		p := TrendPoint{AsOf: s.asOf, Level: s.level, Score: s.score, Dimensions: map[string]*int{}}
		for _, dim := range scoring.Dimensions {
			p.Dimensions[dim] = s.dims[dim].Level
		}
		trend = append(trend, p)
	}
	return trend, trimmed
}

func pageURL(base, path string) string {
	if base == "" {
		return ""
	}
	return base + path
}

func teamFallbackName(slug string) string {
	if slug == scoring.UnassignedSlug {
		return "Unassigned repos"
	}
	return sanitize.Display(slug, sanitize.MaxLine)
}
