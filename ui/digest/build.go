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
	OverdueByScope(ctx context.Context, at time.Time, worst int) ([]db.ScopeOverdue, error)
}

var _ Source = (*db.DB)(nil)

const (
	trendWeeks   = 12 // weekly points in the trend charts
	worstPerTeam = 3  // overdue findings listed per team
	topChanges   = 3  // improvements and regressions listed
)

// Build assembles the digest of week from the stored weekly snapshots: the one at
// the week's start (or the latest before it) against the one a week earlier.
// dashboardURL is the dashboard's public address, for links; it may be empty.
func Build(ctx context.Context, src Source, week ISOWeek, dashboardURL string) (*Digest, error) {
	start := week.Start()
	if start.IsZero() {
		return nil, fmt.Errorf("digest: invalid week %v", week)
	}
	base := strings.TrimRight(dashboardURL, "/")
	d := &Digest{Week: week, DashboardURL: base}

	teams, err := src.Teams(ctx)
	if err != nil {
		return nil, fmt.Errorf("digest: %w", err)
	}
	org, trend, err := readScope(ctx, src, db.OrgScope, "Organisation", start)
	if err != nil {
		return nil, err
	}
	d.Org, d.Trend = org.Scope, trend
	d.Org.URL = pageURL(base, "/")
	d.AsOf, d.PrevAsOf = snapshotTimes(trend, start)

	for _, t := range teams {
		name := sanitize.Display(t.Name, sanitize.MaxLine)
		if name == "" {
			name = teamFallbackName(t.Slug)
		}
		part, trend, err := readScope(ctx, src, t.Slug, name, start)
		if err != nil {
			return nil, err
		}
		part.URL = pageURL(base, "/teams/"+url.PathEscape(t.Slug))
		part.Trend = trend
		d.Teams = append(d.Teams, part)
	}
	if err := addOverdue(ctx, src, d, start); err != nil {
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

// snapshot is one decoded weekly scorecard summary.
type snapshot struct {
	asOf  time.Time
	level *int
	score *int
	dims  map[string]scoring.Dimension
}

// readScope reads a scope's snapshots up to start and sums up the latest against
// the one a week before it. The team-only parts (moves, changes, next step) are
// filled in for every scope; Build keeps them for teams.
func readScope(ctx context.Context, src Source, slug, name string, start time.Time) (TeamPart, []TrendPoint, error) {
	from := start.AddDate(0, 0, -7*(trendWeeks-1))
	rows, err := src.ScorecardSummaries(ctx, slug, from, start)
	if err != nil {
		return TeamPart{}, nil, fmt.Errorf("digest: %w", err)
	}
	snaps := make([]snapshot, 0, len(rows))
	for _, r := range rows {
		var dims map[string]scoring.Dimension
		if err := json.Unmarshal(r.Dimensions, &dims); err != nil {
			return TeamPart{}, nil, fmt.Errorf("digest: scorecard of %s at %s: %w", slug, r.AsOf.Format(time.RFC3339), err)
		}
		snaps = append(snaps, snapshot{asOf: r.AsOf, level: r.Level, score: r.Score, dims: dims})
	}

	part := TeamPart{Scope: Scope{Slug: slug, Name: name}}
	cur, prev := pick(snaps, start)
	if cur != nil {
		part.HasData = true
		part.Level, part.Score = cur.level, cur.score
		if prev != nil {
			part.PrevLevel, part.PrevScore = prev.level, prev.score
		}
		for _, dim := range scoring.Dimensions {
			dl := DimensionLevel{Key: dim, Label: labels.Dimension(dim), Level: cur.dims[dim].Level}
			if prev != nil {
				dl.PrevLevel = prev.dims[dim].Level
			}
			part.Dimensions = append(part.Dimensions, dl)
		}
		part.Moves = levelMoves(part)
		if prev != nil {
			part.Changes = metricChanges(slug, name, prev.dims, cur.dims)
		}
		part.Next = nextStep(cur.dims)
	}

	trend := make([]TrendPoint, 0, len(snaps))
	for _, s := range snaps {
		p := TrendPoint{AsOf: s.asOf, Level: s.level, Score: s.score, Dimensions: map[string]*int{}}
		for _, dim := range scoring.Dimensions {
			p.Dimensions[dim] = s.dims[dim].Level
		}
		trend = append(trend, p)
	}
	return part, trend, nil
}

// pick returns the latest snapshot at or before start and the latest at or before
// a week earlier, nil when missing; a week with no new snapshot has nothing to
// compare, so prev is nil when it is the same snapshot as cur.
func pick(snaps []snapshot, start time.Time) (cur, prev *snapshot) {
	weekBefore := start.AddDate(0, 0, -7)
	for i := range snaps {
		s := &snaps[i]
		if !s.asOf.After(start) {
			cur = s
		}
		if !s.asOf.After(weekBefore) {
			prev = s
		}
	}
	if cur != nil && prev != nil && cur.asOf.Equal(prev.asOf) {
		prev = nil
	}
	return cur, prev
}

func snapshotTimes(trend []TrendPoint, start time.Time) (cur, prev time.Time) {
	weekBefore := start.AddDate(0, 0, -7)
	for _, p := range trend {
		if !p.AsOf.After(start) {
			cur = p.AsOf
		}
		if !p.AsOf.After(weekBefore) {
			prev = p.AsOf
		}
	}
	if prev.Equal(cur) {
		prev = time.Time{}
	}
	return cur, prev
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
