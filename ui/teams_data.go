package ui

import (
	"time"

	"github.com/paved-dev/paved/scoring"
)

// teamRef names a team for display and links.
type teamRef struct {
	Slug string
	Name string
}

// teamSummary is a team's newest figures with its weekly history, read from
// scorecard summaries only (never the large per-repo part).
type teamSummary struct {
	teamRef
	Scored  bool // false for a configured team not scored yet
	Latest  point
	Prev    point // the scorecard at db.BaselineOf(Latest.AsOf): what changes compare with
	HasPrev bool
	Weekly  []point // the trend: weekly snapshots then Latest, oldest first, at most maxWeeks
	// TrendsFrom, while history is still being read, is where Weekly starts
	// at the earliest (state.trendsFrom); nil once history is complete.
	TrendsFrom *time.Time
}

func (t teamSummary) AsOf() time.Time   { return t.Latest.AsOf }
func (t teamSummary) Level() *int       { return t.Latest.Level }
func (t teamSummary) Score() *int       { return t.Latest.Score }
func (t teamSummary) Dim(d string) *int { return t.Latest.dimLevel(d) }

// maxWeeks is the longest history any page shows; the API's trends reach 260 weeks.
const maxWeeks = 104

// teams lists the teams a visitor can pick: every configured team, plus
// "unassigned" when it has scorecards. Without configured teams (a store filled
// by another tool), every scored scope but the organisation is a team.
func (st *state) teams(s *server) ([]teamRef, error) {
	return memo(st, "teams", func() ([]teamRef, error) {
		names, err := s.db.TeamNames(st.ctx)
		if err != nil {
			return nil, err
		}
		out := make([]teamRef, 0, len(names)+1)
		seen := map[string]bool{}
		for _, n := range names {
			out = append(out, teamRef{Slug: n.Slug, Name: scopeName(n.Slug, n.Name)})
			seen[n.Slug] = true
		}
		for scope := range st.versions {
			if seen[scope] || scope == scopeOrg {
				continue
			}
			if scope == scoring.UnassignedSlug || len(names) == 0 {
				out = append(out, teamRef{Slug: scope, Name: scopeName(scope, "")})
			}
		}
		sortTeamRefs(out)
		return out, nil
	})
}

// team finds a team by slug.
func (st *state) team(s *server, slug string) (teamRef, bool, error) {
	teams, err := st.teams(s)
	if err != nil {
		return teamRef{}, false, err
	}
	for _, t := range teams {
		if t.Slug == slug {
			return t, true, nil
		}
	}
	return teamRef{}, false, nil
}

// summaries returns every team's summary, in team order.
func (st *state) summaries(s *server) ([]teamSummary, error) {
	return memo(st, "summaries", func() ([]teamSummary, error) {
		teams, err := st.teams(s)
		if err != nil {
			return nil, err
		}
		out := make([]teamSummary, 0, len(teams))
		for _, t := range teams {
			sum, err := st.summary(t)
			if err != nil {
				return nil, err
			}
			out = append(out, sum)
		}
		return out, nil
	})
}

// summary reads one scope's summary; the organisation is a scope too.
func (st *state) summary(t teamRef) (teamSummary, error) {
	points, err := st.trend(t.Slug)
	if err != nil {
		return teamSummary{}, err
	}
	sum := teamSummary{teamRef: t, TrendsFrom: timeOrNil(st.trendsFrom)}
	if len(points) == 0 {
		return sum, nil
	}
	sum.Scored = true
	sum.Latest = points[len(points)-1]
	sum.Prev, sum.HasPrev = baseline(points)
	sum.Weekly = weekly(points, maxWeeks)
	return sum, nil
}
