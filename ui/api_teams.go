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
	Level      *int            `json:"level"`
	Score      *int            `json:"score"`
	Dimensions map[string]*int `json:"dimensions"`
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
			Dimensions: make(map[string]*int, len(scoring.Dimensions))}
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
