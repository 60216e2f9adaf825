package ui

import (
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/paved-dev/paved/scoring"
)

const defaultWeeks = 52

// maxTrendWeeks bounds ?weeks= of the trend APIs.
const maxTrendWeeks = 260

type trendJSON struct {
	// AsOf is the current scorecard's instant: the last week's as_of.
	AsOf  *time.Time `json:"as_of"`
	Weeks []weekJSON `json:"weeks"`
}

type weekJSON struct {
	AsOf       time.Time           `json:"as_of"`
	Level      *int                `json:"level"`
	Score      *int                `json:"score"`
	Dimensions map[string]*int     `json:"dimensions"`
	Metrics    map[string]*float64 `json:"metrics"`
}

// apiTrend serves GET /api/v1/teams/{slug}/trend?weeks=N: the weekly snapshots,
// oldest first, then the current scorecard as the last point; N points at most.
func (s *server) apiTrend(c *fiber.Ctx) error {
	weeks, err := parseWeeks(c.Query("weeks"))
	if err != nil {
		return err
	}
	st, t, err := s.requireTeam(c)
	if err != nil {
		return err
	}
	return s.sendTrend(c, st, t.Slug, weeks)
}

// apiOrgTrend serves GET /api/v1/org/trend?weeks=N, the organisation's trend, like
// a team's.
func (s *server) apiOrgTrend(c *fiber.Ctx) error {
	weeks, err := parseWeeks(c.Query("weeks"))
	if err != nil {
		return err
	}
	st, err := s.cache.state(c.UserContext())
	if err != nil {
		return err
	}
	if !st.has(scopeOrg) {
		return notFound("no scorecard yet: the organisation is scored after the first collection (paved collect, or paved score)")
	}
	return s.sendTrend(c, st, scopeOrg, weeks)
}

func (s *server) sendTrend(c *fiber.Ctx, st *state, scope string, weeks int) error {
	points, err := st.trend(scope)
	if err != nil {
		return err
	}
	out := trendJSON{Weeks: make([]weekJSON, 0, weeks)}
	for _, p := range weekly(points, weeks) {
		out.Weeks = append(out.Weeks, weekOf(p))
	}
	if n := len(out.Weeks); n > 0 {
		out.AsOf = &out.Weeks[n-1].AsOf
	}
	return c.JSON(out)
}

func parseWeeks(q string) (int, error) {
	if q == "" {
		return defaultWeeks, nil
	}
	n, err := strconv.Atoi(q)
	if err != nil || n < 1 || n > maxTrendWeeks {
		return 0, badRequest("weeks must be a whole number from 1 to %d, not %q", maxTrendWeeks, truncate(32, q))
	}
	return n, nil
}

func weekOf(p point) weekJSON {
	w := weekJSON{AsOf: p.AsOf, Level: p.Level, Score: p.Score,
		Dimensions: make(map[string]*int, len(scoring.Dimensions)), Metrics: map[string]*float64{}}
	for _, d := range scoring.Dimensions {
		w.Dimensions[d] = p.dimLevel(d)
		for _, k := range scoring.MetricKeys(d) {
			w.Metrics[k] = p.metric(d, k)
		}
	}
	return w
}
