package ui

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/paved-dev/paved/scoring"
)

type teamsJSON struct {
	AsOf  *time.Time     `json:"as_of"`
	Teams []teamLineJSON `json:"teams"`
}

type teamLineJSON struct {
	Slug       string          `json:"slug"`
	Name       string          `json:"name"`
	AsOf       *time.Time      `json:"as_of"` // the team's current scorecard; null before its first
	Level      *int            `json:"level"`
	Score      *int            `json:"score"`
	Dimensions map[string]*int `json:"dimensions"`
	Change     *changeJSON     `json:"change"` // null without a scorecard at as_of − 7 days
}

// changeJSON is the 7-day change: the current scorecard against the one at
// as_of − 7 days, computed from the same facts. A field is null when either side
// lacks it.
type changeJSON struct {
	Since      time.Time           `json:"since"`
	Score      *int                `json:"score"`
	Level      *int                `json:"level"`
	Dimensions map[string]*int     `json:"dimensions"`
	Metrics    map[string]*float64 `json:"metrics"` // value at as_of − value at since
	Overdue    *int                `json:"overdue_critical_high"`
}

func changeJSONOf(t teamSummary) *changeJSON {
	ch := changeOf(t)
	if !ch.Known {
		return nil
	}
	out := &changeJSON{Since: ch.Since, Score: ch.Score, Level: ch.Level, Overdue: ch.Overdue,
		Dimensions: make(map[string]*int, len(scoring.Dimensions)), Metrics: map[string]*float64{}}
	for _, d := range scoring.Dimensions {
		out.Dimensions[d] = diff(t.Latest.dimLevel(d), t.Prev.dimLevel(d))
		for _, k := range scoring.MetricKeys(d) {
			if a, b := t.Latest.metric(d, k), t.Prev.metric(d, k); a != nil && b != nil {
				out.Metrics[k] = new(*a - *b)
			} else {
				out.Metrics[k] = nil
			}
		}
	}
	return out
}

// apiTeams serves GET /api/v1/teams: every team's newest level, score and
// dimension levels. as_of is the organisation's newest scorecard instant.
func (s *server) apiTeams(c *fiber.Ctx) error {
	st, err := s.cache.state(c.UserContext())
	if err != nil {
		return err
	}
	sums, err := st.summaries(s)
	if err != nil {
		return err
	}
	out := teamsJSON{Teams: make([]teamLineJSON, 0, len(sums))}
	if at := st.newest(); !at.IsZero() {
		out.AsOf = &at
	}
	for _, t := range sums {
		line := teamLineJSON{Slug: t.Slug, Name: t.Name, Level: t.Level(), Score: t.Score(),
			Dimensions: make(map[string]*int, len(scoring.Dimensions)), Change: changeJSONOf(t)}
		if t.Scored {
			line.AsOf = new(t.AsOf())
		}
		for _, d := range scoring.Dimensions {
			line.Dimensions[d] = t.Dim(d)
		}
		out.Teams = append(out.Teams, line)
	}
	return c.JSON(out)
}

// newest is the organisation's newest scorecard instant, or else the newest of
// any scope; zero when nothing is scored.
func (st *state) newest() time.Time {
	if v, ok := st.versions[scopeOrg]; ok {
		return v.latest
	}
	var at time.Time
	for _, v := range st.versions {
		if v.latest.After(at) {
			at = v.latest
		}
	}
	return at
}
